"""`cbccvc unit …` end to end, `show` and `history` naming units as they were; bad input is one
line on stderr (Vietnamese by default, English with --lang en), exit status 2, nothing written."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cli_support import assert_one_line_error, run
from conftest_db import content, kontum_world, person, raw_engine, snapshot

from cbccvc_core.i18n import set_language

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])  # the acts run on both in the other files


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture
def world(workspace_url):
    kt = kontum_world(workspace_url)
    ids = []
    for unit in ("KT.DT", "KT.DT.X1", "KT.DT.X2"):
        p = person()
        ids.append(
            kt["admin"].recruit(
                p, unit=unit, content=content(p), decision_on=date(2026, 2, 2), on=date(2026, 2, 3)
            )
        )
    return kt, workspace_url, ids


def test_the_reform_through_the_command_line(capsys, world):
    _kt, db, (d_dt, d_x1, _d_x2) = world
    base = ("--db", db, "--as", "admin", "--on", "2026-07-01")
    code, out, err = run(
        capsys,
        "unit",
        "consolidate",
        *base,
        "--unit",
        "KT.DT.X1",
        "--unit",
        "KT.DT.X2",
        "--new-id",
        "KT.X12",
        "--name",
        "UBND xã Đắk Tô",
        "--parent",
        "KT",
        "--decision",
        "NQ 1674/NQ-UBTVQH15",
    )
    assert (code, err) == (0, ""), err
    assert "kt.x12.unit" in out and "NQ 1674/NQ-UBTVQH15" in out
    data = json.loads(
        run(
            capsys,
            "unit",
            "dissolve",
            *base,
            "--unit",
            "KT.DT",
            "--successor",
            "KT",
            "--staff",
            f"{d_dt}=KT.SNV",
            "--decision",
            "NQ 203/2025/QH15",
            "--json",
        )[1]
    )
    assert data["kind"] == "dissolve" and data["counts"]["dossiers_moved"] == 1
    assert set(data["revoked_accounts"]) == {"dt.unit", "dt.chair", "dt.vice"}
    code, out, err = run(
        capsys,
        "unit",
        "rename",
        *base[:4],
        "--on",
        "2026-08-01",
        "--unit",
        "KT.X12",
        "--name",
        "UBND xã Đắk Tô mới",
        "--decision",
        "QĐ 5",
    )
    assert (code, err) == (0, ""), err
    # names as of a day
    assert run(capsys, "unit", "name", "--db", db, "--unit", "KT.X12", "--on", "2026-07-15")[1].strip() == (
        "UBND xã Đắk Tô"
    )
    hist = json.loads(run(capsys, "unit", "history", "--db", db, "--unit", "KT.DT", "--json")[1])
    assert hist["active"] is False
    assert {(e["successor"], e["kind"]) for e in hist["lineage"]} == {
        ("KT", "dissolve"),
        ("KT.SNV", "dissolve"),
    }
    code, out, err = run(capsys, "--lang", "en", "unit", "history", "--db", db, "--unit", "KT.X12")
    assert code == 0 and "UBND xã Đắk Tô mới" in out and "UBND xã Diên Bình" in out and "consolidate" in out
    set_language("vi")
    # show names the unit as it was on the day asked; history shows the move with the names of then
    code, out, err = run(capsys, "show", "--db", db, "--dossier", str(d_x1), "--as-of", "2026-07-20")
    assert code == 0 and "KT.X12 (UBND xã Đắk Tô)" in out
    code, out, err = run(capsys, "show", "--db", db, "--dossier", str(d_x1), "--as-of", "2026-08-20")
    assert code == 0 and "KT.X12 (UBND xã Đắk Tô mới)" in out
    code, out, err = run(capsys, "history", "--db", db, "--dossier", str(d_dt))
    assert code == 0 and "chuyển từ KT.DT (UBND huyện Đắk Tô) sang KT.SNV (Sở Nội vụ)" in out


def test_bad_input_is_one_line_and_writes_nothing(capsys, world):
    _kt, db, (d_dt, _d_x1, _d_x2) = world
    engine = raw_engine(db)
    before = snapshot(engine)
    base = ("--db", db, "--as", "admin", "--on", "2026-07-01")
    line = assert_one_line_error(
        *run(capsys, "unit", "merge", *base, "--unit", "KT.DT", "--into", "KT.DT.X1", "--decision", "QĐ 1")
    )
    assert "KT.DT.X1" in line and "nằm trong" in line
    line = assert_one_line_error(
        *run(capsys, "unit", "rename", *base, "--unit", "KT.SYT", "--name", "X", "--decision", " ")
    )
    assert "quyết định" in line
    line = assert_one_line_error(
        *run(
            capsys,
            "--lang",
            "en",
            "unit",
            "split",
            *base,
            "--unit",
            "KT.DT",
            "--part",
            "KT.A=A",
            "--part",
            "KT.B=B",
            "--child",
            "KT.DT.X1=KT.A",
            "--child",
            "KT.DT.X2=KT.B",
            "--decision",
            "QĐ 2",
        ),
        lang="en",
    )
    assert str(d_dt) in line and "not assigned" in line
    set_language("vi")
    line = assert_one_line_error(
        *run(
            capsys,
            "unit",
            "dissolve",
            *base,
            "--unit",
            "KT.DT",
            "--successor",
            "KT",
            "--staff",
            "x=KT",
            "--decision",
            "Q",
        )
    )
    assert "--staff" in line
    line = assert_one_line_error(
        *run(
            capsys,
            "unit",
            "dissolve",
            *base[:2],
            "--as",
            "syt.unit",
            *base[4:],
            "--unit",
            "KT.DT.X1",
            "--successor",
            "KT",
            "--decision",
            "Q",
        )
    )
    assert "syt.unit" in line
    line = assert_one_line_error(
        *run(capsys, "unit", "rename", *base, "--unit", "KT.NOPE", "--name", "X", "--decision", "Q")
    )
    assert "KT.NOPE" in line
    assert snapshot(engine) == before
