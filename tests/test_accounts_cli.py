"""`cbccvc account …` end to end: Sở Nội vụ's first password, issuing, logging in and changing,
the monthly list of Tuyên Quang, a lock-out and its unlock; refusals are one line, exit 2."""

from __future__ import annotations

import io
import json

import pytest

from cbccvc_core.cli import main
from cbccvc_core.i18n import _
from cbccvc_core.service import Workspace

ADMIN_PW = "so-noi-vu-tuyen-quang-2026"
UNIT_PW = "phan-mem-cbccvc-thang-01"


@pytest.fixture(autouse=True)
def _light_hashing(monkeypatch):
    monkeypatch.setenv("CBCCVC_ARGON2_MEMORY_KIB", "64")
    monkeypatch.setenv("CBCCVC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("CBCCVC_LOCKOUT_THRESHOLD", "3")


def run(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out, err)
    assert "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(_("Error", "vi") + ":"), err
    return lines[0]


def test_account_commands_end_to_end(capsys, monkeypatch, workspace_url):
    db = workspace_url
    assert run(capsys, monkeypatch, "init", "--db", db, "--province", "tuyenquang", "--root-id", "TQ")[0] == 0
    ws = Workspace.open(db)
    admin = ws.as_account("admin")
    from datetime import date

    admin.add_unit("TQ.SNV", parent="TQ", kind="department", name="Sở Nội vụ", on=date(2026, 1, 2))
    admin.issue_account("snv.unit", kind="agency", unit="TQ.SNV", on=date(2026, 1, 2))

    # the first admin has no password yet: Sở Nội vụ issues itself one and changes it
    code, out, err = run(
        capsys, monkeypatch, "account", "issue-password", "admin", "--db", db, "--as", "admin"
    )
    assert (code, err) == (0, ""), err
    temp = out.strip().splitlines()[-1]
    code, out, err = run(
        capsys,
        monkeypatch,
        "account",
        "change-password",
        "admin",
        "--db",
        db,
        "--password-stdin",
        stdin=f"{temp}\n{ADMIN_PW}\n",
    )
    assert (code, err) == (0, ""), err
    assert "Đã đăng nhập" in out and "Đã thay đổi mật khẩu" in out

    # from now on acting as admin asks for its password: a wrong one is refused
    code, out, err = run(
        capsys, monkeypatch, "account", "issue-password", "snv.unit", "--db", db, "--as", "admin",
        "--on", "2026-01-05", "--password-stdin", stdin="wrong-admin-password\n",
    )  # fmt: skip
    assert "Sai tên đăng nhập hoặc mật khẩu" in one_line_error(code, out, err)
    code, out, err = run(
        capsys, monkeypatch, "account", "issue-password", "snv.unit", "--db", db, "--as", "admin",
        "--on", "2026-01-05", "--password-stdin", stdin=f"{ADMIN_PW}\n",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    temp = out.strip().splitlines()[-1]

    # the holder must change the issued password (Điều 14.1 "thay đổi mật khẩu được cấp")
    code, out, err = run(
        capsys, monkeypatch, "--lang", "en", "account", "login", "snv.unit", "--db", db,
        "--at", "2026-01-05T09:00+07:00", "--password-stdin", stdin=f"{temp}\n",
    )  # fmt: skip
    assert "issued by Sở Nội vụ" in err and code == 2
    code, out, err = run(
        capsys, monkeypatch, "account", "login", "snv.unit", "--db", db, "--change",
        "--at", "2026-01-05T09:00+07:00", "--password-stdin", stdin=f"{temp}\n{UNIT_PW}\n",
    )  # fmt: skip
    assert (code, err) == (0, ""), err

    # the monthly list: due on 05/02, listed from 29/01, past due from 06/02
    def listed(day: str) -> list[dict[str, str]]:
        code, out, err = run(capsys, monkeypatch, "account", "expiring", "--db", db, "--as-of", day, "--json")
        assert (code, err) == (0, ""), err
        return json.loads(out)

    assert listed("2026-01-28") == []
    assert [(r["username"], r["due"], r["status"]) for r in listed("2026-01-29")] == [
        ("snv.unit", "2026-02-05", "due_soon")
    ]
    assert [r["status"] for r in listed("2026-02-06")] == ["expired"]
    code, out, err = run(
        capsys, monkeypatch, "--lang", "vi", "account", "expiring", "--db", db, "--as-of", "2026-02-06"
    )
    assert "snv.unit" in out and "đã quá hạn" in out and "Điều 14.1" in out

    # a login in the warning period says so
    code, out, err = run(
        capsys, monkeypatch, "account", "login", "snv.unit", "--db", db,
        "--at", "2026-02-01T09:00+07:00", "--password-stdin", stdin=f"{UNIT_PW}\n",
    )  # fmt: skip
    assert code == 0 and "Mật khẩu phải được thay đổi chậm nhất" in out

    # three wrong passwords lock it; Sở Nội vụ unlocks it
    for _i in range(3):
        code, out, err = run(
            capsys, monkeypatch, "account", "login", "snv.unit", "--db", db,
            "--at", "2026-02-02T09:00+07:00", "--password-stdin", stdin="not-it-at-all\n",
        )  # fmt: skip
        line = one_line_error(code, out, err)
    assert "bị khóa" in line
    code, out, err = run(capsys, monkeypatch, "account", "status", "snv.unit", "--db", db, "--json")
    status = json.loads(out)
    assert (status["state"], status["failed_count"], status["password"]) == ("locked", 3, True)
    assert UNIT_PW not in out
    code, out, err = run(
        capsys, monkeypatch, "account", "unlock", "snv.unit", "--db", db, "--as", "admin",
        "--reason", "xác minh", "--on", "2026-02-02", "--password-stdin", stdin=f"{ADMIN_PW}\n",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    code, out, err = run(
        capsys, monkeypatch, "account", "login", "snv.unit", "--db", db,
        "--at", "2026-02-02T10:00+07:00", "--password-stdin", stdin=f"{UNIT_PW}\n",
    )  # fmt: skip
    assert code == 0, err

    # bad input: an instant without its offset
    code, out, err = run(
        capsys, monkeypatch, "account", "login", "snv.unit", "--db", db,
        "--at", "2026-02-02T10:00", "--password-stdin", stdin=f"{UNIT_PW}\n",
    )  # fmt: skip
    assert "múi giờ" in one_line_error(code, out, err)
