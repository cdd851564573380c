"""`cbccvc init`, `obligations`, `show`, `history`, `audit verify` end to end, and their bad input:
exit status 2, one line on stderr in Vietnamese (the default), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, run, run_json
from conftest_db import content, person

from cbccvc_core.db.engine import open_engine, upgrade
from cbccvc_core.i18n import _
from cbccvc_core.service import Workspace

D = date


@pytest.fixture
def ws_db(capsys, workspace_url):
    """`cbccvc init` on a fresh database, then a small Kon Tum world through the API:
    dossier 1 recruited into KT.SYT on Tue 10/02/2026 (Điều 10.1: due Tue 31/03, 30 working days:
    11-13/02, Tết 16-20/02 off, 23/02-27/03 is 25 working days, 30 and 31/03) and submitted on
    20/03; dossier 2 recruited into commune KT.DT.X1 on Mon 02/03 (due Mon 13/04: 3-6/03 (4),
    9/03-10/04 (25), 13/04 (30))."""
    code, out, err = run(
        capsys,
        "init",
        "--db",
        workspace_url,
        "--province",
        "kontum",
        "--root-id",
        "KT",
        "--root-name",
        "UBND tỉnh Kon Tum",
        "--admin",
        "snv",
    )
    assert (code, err) == (0, ""), err
    assert "Kon Tum" in out
    ws = Workspace.open(workspace_url)
    admin = ws.as_account("snv")
    day = D(2026, 1, 2)
    admin.add_unit("KT.SYT", parent="KT", kind="department", name="Sở Y tế", on=day)
    admin.add_unit("KT.DT", parent="KT", kind="district", name="UBND huyện Đắk Tô", on=day)
    admin.add_unit("KT.DT.X1", parent="KT.DT", kind="commune", name="UBND xã Diên Bình", on=day)
    admin.issue_account("syt", kind="agency", unit="KT.SYT", on=day)
    admin.issue_account("x1", kind="agency", unit="KT.DT.X1", on=day)
    p1, p2 = person(name="Nguyễn Văn An"), person(name="Lê Thị Hoa", gender="female")
    syt, x1 = ws.as_account("syt"), ws.as_account("x1")
    d1 = syt.recruit(p1, unit="KT.SYT", content=content(p1), decision_on=D(2026, 2, 10), on=D(2026, 2, 10))
    d2 = x1.recruit(p2, unit="KT.DT.X1", content=content(p2), decision_on=D(2026, 3, 2), on=D(2026, 3, 2))
    syt.submit(d1, on=D(2026, 3, 20))
    assert (d1, d2) == (1, 2)
    return workspace_url


def test_init_makes_a_workspace_in_vietnamese(capsys, workspace_url):
    code, out, err = run(capsys, "init", "--db", workspace_url, "--province", "daklak")
    assert (code, err) == (0, "")
    assert out.strip() == _("Workspace ready: {url} ({province}).", "vi").format(
        url=Workspace.open(workspace_url).url, province="Đắk Lắk"
    )
    assert out.strip() != _("Workspace ready: {url} ({province}).", "en").format(
        url=Workspace.open(workspace_url).url, province="Đắk Lắk"
    )
    ws = Workspace.open(workspace_url)
    assert ws.ruleset.code == "daklak"
    assert ws.as_account("admin").username == "admin"
    with ws.session() as s:
        from cbccvc_core.db import schema as db

        root = s.get(db.Unit, "ROOT")
        assert (root.kind, root.name, root.path) == ("province", "UBND tỉnh Đắk Lắk", "/ROOT/")
    # again: nothing to do, same answer
    assert run(capsys, "init", "--db", workspace_url, "--province", "daklak")[0] == 0
    assert ws.verify_audit().entries == 1


def test_init_over_another_province_is_refused(capsys, workspace_url):
    assert run(capsys, "init", "--db", workspace_url, "--province", "daklak")[0] == 0
    assert_one_line_error(*run(capsys, "init", "--db", workspace_url, "--province", "kontum"))
    assert Workspace.open(workspace_url).ruleset.code == "daklak"


def test_init_an_unknown_province(capsys, workspace_url):
    line = assert_one_line_error(*run(capsys, "init", "--db", workspace_url, "--province", "gialai"))
    assert "gialai" in line


def test_obligations_json(capsys, ws_db):
    rows = run_json(capsys, "obligations", "--db", ws_db, "--as-of", "2026-03-02")
    assert [(r["dossier_id"], r["obligation"], r["unit_id"], r["due"], r["window_start"]) for r in rows] == [
        (1, "enter_dossier", "KT.SYT", "2026-03-31", None),
        (2, "enter_dossier", "KT.DT.X1", "2026-04-13", None),
    ]
    r = rows[1]
    assert set(r) == {
        "id",
        "dossier_id",
        "unit_id",
        "obligation",
        "actor",
        "period",
        "started_on",
        "due",
        "window_start",
        "basis",
        "done_on",
        "late",
    }
    assert (r["actor"], r["period"], r["started_on"], r["basis"], r["done_on"], r["late"]) == (
        "employing_unit",
        "working_days(30)",
        "2026-03-02",
        "kontum Điều 10.1",
        None,
        None,
    )
    # 20/03: dossier 1 entered on time, its approval open in the window 27-31/03.
    rows = run_json(capsys, "obligations", "--db", ws_db, "--as-of", "2026-03-20")
    assert [(r["dossier_id"], r["obligation"], r["due"], r["window_start"]) for r in rows] == [
        (1, "approve_dossier", "2026-03-31", "2026-03-27"),
        (2, "enter_dossier", "2026-04-13", None),
    ]
    done = run_json(capsys, "obligations", "--db", ws_db, "--as-of", "2026-03-20", "--status", "done")
    assert [(r["dossier_id"], r["obligation"], r["done_on"], r["late"]) for r in done] == [
        (1, "enter_dossier", "2026-03-20", False)
    ]


def test_obligations_per_unit_and_overdue(capsys, ws_db):
    args = ("obligations", "--db", ws_db, "--as-of", "2026-04-14")
    assert [r["dossier_id"] for r in run_json(capsys, *args, "--unit", "KT.DT")] == [2]
    assert [r["dossier_id"] for r in run_json(capsys, *args, "--unit", "KT.SYT")] == [1]
    overdue = run_json(capsys, *args, "--overdue")
    assert [(r["dossier_id"], r["obligation"]) for r in overdue] == [
        (1, "approve_dossier"),
        (2, "enter_dossier"),
    ]
    assert run_json(capsys, "obligations", "--db", ws_db, "--as-of", "2026-04-13", "--overdue") == [
        {**overdue[0]}
    ]
    assert run_json(capsys, *args, "--overdue", "--unit", "KT.DT.X1") == [overdue[1]]
    assert run_json(capsys, "obligations", "--db", ws_db, "--as-of", "2026-02-09") == []


def test_obligations_table(capsys, ws_db):
    code, out, err = run(capsys, "obligations", "--db", ws_db, "--as-of", "2026-04-14", "--unit", "KT")
    assert (code, err) == (0, "")
    assert _("{n} obligations.", "vi").format(n=2) in out
    assert "kontum Điều 10.1" in out and "KT.DT.X1" in out
    code, out, err = run(capsys, "--lang", "en", "obligations", "--db", ws_db, "--as-of", "2026-04-14")
    assert code == 0 and "2 obligations." in out


def test_obligations_limit_all_and_the_count(capsys, ws_db):
    args = ("obligations", "--db", ws_db, "--as-of", "2026-04-14", "--overdue")
    both = run_json(capsys, *args)
    assert run_json(capsys, *args, "--limit", "1") == both[:1]
    assert run_json(capsys, *args, "--all") == both and len(both) == 2
    code, out, err = run(capsys, "--lang", "en", *args, "--limit", "1")
    assert (code, err) == (0, "")
    assert "The first 1 of 2 obligations (--all for every one)." in out
    code, out, _err = run(capsys, "--lang", "en", *args, "--limit", "2")
    assert code == 0 and "2 obligations." in out and "The first" not in out
    assert_one_line_error(*run(capsys, "--lang", "vi", *args, "--limit", "0"))


def test_show(capsys, ws_db):
    data = run_json(capsys, "show", "--db", ws_db, "--dossier", "1")
    assert set(data) == {"dossier", "person", "revision", "content"}
    assert (data["dossier"]["unit_id"], data["dossier"]["review"], data["dossier"]["employment"]) == (
        "KT.SYT",
        "submitted",
        "active",
    )
    assert data["person"]["full_name"] == "Nguyễn Văn An"
    assert data["revision"]["number"] == 1 and data["revision"]["content_hash"]
    assert data["content"]["identity"]["full_name"] == "Nguyễn Văn An"
    code, out, err = run(capsys, "show", "--db", ws_db, "--dossier", "2")
    assert (code, err) == (0, "")
    assert "Lê Thị Hoa" in out and "KT.DT.X1" in out


def test_history(capsys, ws_db):
    rows = run_json(capsys, "history", "--db", ws_db, "--dossier", "1")
    acts = [(r["action"], r["entity"]) for r in rows if r["entity"] in ("dossier", "revision")]
    assert acts == [("recruit", "dossier"), ("submit", "revision"), ("submit", "dossier")]
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)
    assert all(r["username"] == "syt" for r in rows)
    code, out, err = run(capsys, "history", "--db", ws_db, "--dossier", "1")
    assert (code, err) == (0, "") and "recruit" in out


def test_audit_verify(capsys, ws_db):
    n = Workspace.open(ws_db).verify_audit().entries
    code, out, err = run(capsys, "audit", "verify", "--db", ws_db)
    assert (code, err) == (0, "")
    assert out.strip() == _("Audit log intact: {n} entries chain correctly.", "vi").format(n=n)


# -- bad input ----------------------------------------------------------------------------------------------


def test_unknown_dossier(capsys, ws_db):
    line = assert_one_line_error(*run(capsys, "show", "--db", ws_db, "--dossier", "99"))
    assert "99" in line
    assert_one_line_error(*run(capsys, "history", "--db", ws_db, "--dossier", "99"))


def test_unknown_unit_and_bad_dates(capsys, ws_db):
    assert "KT.NOPE" in assert_one_line_error(
        *run(capsys, "obligations", "--db", ws_db, "--as-of", "2026-04-14", "--unit", "KT.NOPE")
    )
    assert "2026-02-30" in assert_one_line_error(
        *run(capsys, "obligations", "--db", ws_db, "--as-of", "2026-02-30")
    )
    assert_one_line_error(
        *run(capsys, "obligations", "--db", ws_db, "--as-of", "2026-04-14", "--status", "late")
    )


def test_english_on_request(capsys, ws_db):
    line = assert_one_line_error(
        *run(capsys, "--lang", "en", "show", "--db", ws_db, "--dossier", "99"), lang="en"
    )
    assert line.startswith("Error:")


def test_a_path_in_a_missing_directory(capsys, tmp_path):
    for cmd in (["obligations", "--as-of", "2026-01-01"], ["show", "--dossier", "1"], ["audit", "verify"]):
        assert_one_line_error(*run(capsys, *cmd, "--db", str(tmp_path / "no" / "such" / "x.db")))


def test_a_missing_database_file_asks_for_init(capsys, tmp_path):
    path = tmp_path / "missing.db"
    line = assert_one_line_error(*run(capsys, "obligations", "--db", str(path), "--as-of", "2026-01-01"))
    assert "cbccvc init" in line


def test_a_read_command_does_not_create_a_database_file(capsys, tmp_path):
    path = tmp_path / "missing.db"
    run(capsys, "obligations", "--db", str(path), "--as-of", "2026-01-01")
    assert not path.exists()


def test_an_uninitialised_database(capsys, workspace_url):
    engine = open_engine(workspace_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE other (x INTEGER)")
    line = assert_one_line_error(*run(capsys, "obligations", "--db", workspace_url, "--as-of", "2026-01-01"))
    assert "cbccvc init" in line
    upgrade(engine)  # migrated, but no province recorded
    assert_one_line_error(*run(capsys, "show", "--db", workspace_url, "--dossier", "1"))


@pytest.mark.parametrize("url", ["foo://bar/baz", "postgresql+nodriver://x@127.0.0.1/y"])
def test_an_unknown_kind_of_url(capsys, url):
    assert_one_line_error(*run(capsys, "obligations", "--db", url, "--as-of", "2026-01-01"))


def test_an_unreachable_postgresql_server(capsys):
    assert_one_line_error(
        *run(capsys, "obligations", "--db", "postgresql://nobody@127.0.0.1:1/x", "--as-of", "2026-01-01")
    )


def test_the_installed_script_in_a_fresh_process(tmp_path):
    """The real console script on an un-initialised database: status 2, one line, no traceback."""
    env = {**os.environ, "CBCCVC_LANG": ""}
    exe = str(Path(sys.executable).with_name("cbccvc"))
    db = str(tmp_path / "w.db")
    proc = subprocess.run(
        [exe, "show", "--db", db, "--dossier", "1"], capture_output=True, text=True, env=env, check=False
    )
    assert "cbccvc init" in assert_one_line_error(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_init_where_the_tables_cannot_be_created(capsys, url_factory):
    url = url_factory()
    nowhere = url.rsplit("%3D", 1)[0] + "%3Dno_such_schema"  # search_path names a missing schema
    assert_one_line_error(*run(capsys, "init", "--db", nowhere, "--province", "kontum"))


def test_an_error_does_not_print_the_password(capsys):
    code, out, err = run(
        capsys, "obligations", "--db", "postgresql://cbccvc:s3cr3t-pw@127.0.0.1:1/x", "--as-of", "2026-01-01"
    )
    assert code == 2
    assert "s3cr3t-pw" not in err + out
