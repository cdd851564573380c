"""`cbccvc backup run|list|verify|restore|schedule` and `cbccvc sync run|status` end to end, and
their bad input: exit status 2, one line on stderr in Vietnamese (English with --lang en)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from cli_support import run
from conftest_db import content, kontum_world, person, snapshot

from cbccvc_core.i18n import _

D = date


def one_line_error(code: int, err: str, lang: str = "vi") -> str:
    assert code == 2, err
    assert "Traceback" not in err
    [line] = err.strip().splitlines()
    assert line.startswith(_("Error", lang) + ":")
    return line


@pytest.fixture
def world(tmp_path):
    kt = kontum_world(str(tmp_path / "kt.db"))
    for _i in range(2):
        pr = person()
        did = kt["bv.unit"].recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )
        kt["bv.unit"].submit(did, on=D(2026, 3, 20))
        kt["syt.head"].approve(did, on=D(2026, 3, 27))
    kt.ws.engine.dispose()
    return kt


def test_backup_commands_end_to_end(world, tmp_path, capsys):
    db, folder = world.url, str(tmp_path / "bk")
    code, out, err = run(
        capsys, "backup", "schedule", "--db", db, "--to", folder, "--on", "2026-03-31", "--json"
    )
    assert code == 0, err
    assert [(d["kind"], d["since"], d["due"], d["basis"]) for d in json.loads(out)] == [
        ("database", "2026-03-01", "2026-03-31", "kontum Điều 12.1")
    ]
    code, out, err = run(capsys, "backup", "run", "--db", db, "--to", folder, "--on", "2026-03-31", "--json")
    assert code == 0, err
    [taken] = json.loads(out)["taken"]
    path = Path(folder) / taken["file"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == taken["sha256"]
    # The month's backup is there: nothing more is due (in Vietnamese by default).
    code, out, err = run(capsys, "backup", "run", "--db", db, "--to", folder, "--on", "2026-03-31")
    assert (code, out.strip()) == (0, "Không có bản sao lưu nào đến hạn.")
    code, out, err = run(capsys, "backup", "list", "--to", folder, "--json")
    assert [r["file"] for r in json.loads(out)] == [taken["file"]]
    code, out, err = run(capsys, "backup", "verify", "--to", folder)
    assert code == 0 and "TỐT" in out

    # Restore: refused without the authorising document, in either language.
    before = snapshot(world.ws.engine)
    code, out, err = run(capsys, "backup", "restore", "--db", db, "--from", str(path))
    assert "văn bản của cấp có thẩm quyền" in one_line_error(code, err)
    code, out, err = run(capsys, "--lang", "en", "backup", "restore", "--db", db, "--from", str(path))
    assert "needs the reference of the written document" in one_line_error(code, err, "en")
    assert snapshot(world.ws.engine) == before

    code, out, err = run(
        capsys,
        "backup",
        "restore",
        "--db",
        db,
        "--from",
        str(path),
        "--authorization",
        "QĐ 5/QĐ-SNV",
        "--json",
    )
    assert code == 0, err
    result = json.loads(out)
    assert (
        result["sha256"] == taken["sha256"]
        and result["restore_audit_seq"] == result["previous_audit_seq"] + 1
    )
    code, out, err = run(capsys, "audit", "verify", "--db", db, "--json")
    assert code == 0 and json.loads(out)["ok"]

    # An altered backup: verify exits 1 naming it, restore refuses it.
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    code, out, err = run(capsys, "--lang", "vi", "backup", "verify", "--to", folder)
    assert code == 1 and "HỎNG" in err and taken["file"] in err
    code, out, err = run(
        capsys, "backup", "restore", "--db", db, "--from", str(path), "--authorization", "QĐ 5"
    )
    line = one_line_error(code, err)
    assert "bị hỏng hoặc đã bị sửa đổi" in line and taken["sha256"] in line


def test_sync_commands(world, tmp_path, capsys):
    db = world.url
    code, out, err = run(capsys, "sync", "status", "--db", db, "--json")
    assert json.loads(out)["counts"] == {"pending": 2, "delivered": 0, "rejected": 0}
    target = tmp_path / "national"
    code, out, err = run(capsys, "sync", "run", "--db", db, "--to", str(target))
    assert code == 0, err
    assert out.strip() == "2 đã gửi, 0 sẽ gửi lại sau, 0 bị từ chối; còn 0 chờ gửi."
    assert len(list(target.iterdir())) == 2
    code, out, err = run(capsys, "sync", "status", "--db", db, "--json")
    assert json.loads(out)["counts"] == {"pending": 0, "delivered": 2, "rejected": 0}
    code, out, err = run(capsys, "sync", "run", "--db", db, "--to", "ftp://example.org/")
    assert "http://" in one_line_error(code, err)
