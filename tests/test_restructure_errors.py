"""Bad restructuring input: each a typed error with a Vietnamese and an English message, and the
database exactly as it was (``snapshot``), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from conftest_db import content, kontum_world, person, raw_engine, snapshot

from cbccvc_core.errors import CbccvcError
from cbccvc_core.restructure import (
    CircularRestructuringError,
    MissingDecisionError,
    NewUnit,
    RestructuringError,
    RootUnitError,
    UnassignedStaffError,
    UnassignedUnitsError,
    UnitInactiveError,
)
from cbccvc_core.service import DuplicateError, InvalidActionError, NotFoundError, PermissionDeniedError

ON = date(2026, 7, 1)
QD = "Quyết định số 99/QĐ-UBND"


def _world(url):
    kt = kontum_world(url)
    admin = kt["admin"]
    dossiers = []
    for unit in ("KT.SYT.P1", "KT.SYT.P1", "KT.SYT"):
        p = person()
        dossiers.append(
            admin.recruit(p, unit=unit, content=content(p), decision_on=date(2026, 2, 2), on=date(2026, 2, 3))
        )
    # a deep chain of long ids (its deepest path: 355 characters) and a deep place to move it to
    parent = "KT"
    for i in range(9):
        uid = f"KT.CHAIN{i}".ljust(38, "x")
        admin.add_unit(uid, parent=parent, kind="sub_department", name=uid, on=date(2026, 2, 1))
        parent = uid
    admin.add_unit(
        "KT.Z".ljust(38, "z"), parent="KT.SNV", kind="sub_department", name="Z", on=date(2026, 2, 1)
    )
    admin.add_unit(
        "KT.ZZ".ljust(38, "z"),
        parent="KT.Z".ljust(38, "z"),
        kind="sub_department",
        name="ZZ",
        on=date(2026, 2, 1),
    )
    # an ended unit to act on by mistake
    admin.dissolve_unit("KT.SYT.TT", successor="KT.SYT", decision_ref="QĐ 1/QĐ-UBND", on=date(2026, 3, 1))
    return kt, dossiers


def _cases(kt, dossiers):
    admin, agency = kt["admin"], kt["syt.unit"]
    p1a, p1b, _syt = dossiers
    two = [NewUnit("KT.SYT.P1A", "Phòng A"), NewUnit("KT.SYT.P1B", "Phòng B")]
    return [
        # missing units
        (NotFoundError, lambda: admin.rename_unit("KT.NOPE", name="X", decision_ref=QD, on=ON)),
        (NotFoundError, lambda: admin.merge_units("KT.NOPE", into="KT.SYT", decision_ref=QD, on=ON)),
        (NotFoundError, lambda: admin.merge_units("KT.SYT.P2", into="KT.NOPE", decision_ref=QD, on=ON)),
        (
            NotFoundError,
            lambda: admin.dissolve_unit("KT.SYT.P2", successor="KT.NOPE", decision_ref=QD, on=ON),
        ),
        (NotFoundError, lambda: admin.reparent_unit("KT.NOPE", parent="KT", decision_ref=QD, on=ON)),
        # already ended (dissolved into KT.SYT above)
        (UnitInactiveError, lambda: admin.rename_unit("KT.SYT.TT", name="X", decision_ref=QD, on=ON)),
        (UnitInactiveError, lambda: admin.dissolve_unit("KT.SYT.TT", successor="KT", decision_ref=QD, on=ON)),
        (UnitInactiveError, lambda: admin.merge_units("KT.SYT.P2", into="KT.SYT.TT", decision_ref=QD, on=ON)),
        (
            UnitInactiveError,
            lambda: admin.reparent_unit("KT.SYT.P2", parent="KT.SYT.TT", decision_ref=QD, on=ON),
        ),
        (
            UnitInactiveError,
            lambda: admin.consolidate_units(
                ["KT.SYT.TT", "KT.SYT.BV"], new_unit=NewUnit("KT.SYT.N", "N"), decision_ref=QD, on=ON
            ),
        ),
        (
            UnitInactiveError,
            lambda: admin.dissolve_unit(
                "KT.SYT.P1", successor="KT.SYT", staff={p1a: "KT.SYT.TT"}, decision_ref=QD, on=ON
            ),
        ),
        (
            InvalidActionError,
            lambda: admin.add_unit("KT.SYT.TT.K", parent="KT.SYT.TT", kind="sub_department", name="K", on=ON),
        ),
        (InvalidActionError, lambda: admin.issue_account("tt2.unit", kind="agency", unit="KT.SYT.TT", on=ON)),
        # into its own descendant (or itself)
        (
            CircularRestructuringError,
            lambda: admin.merge_units("KT.SYT", into="KT.SYT.BV", decision_ref=QD, on=ON),
        ),
        (
            CircularRestructuringError,
            lambda: admin.merge_units("KT.SYT", into="KT.SYT", decision_ref=QD, on=ON),
        ),
        (
            CircularRestructuringError,
            lambda: admin.reparent_unit("KT.DT", parent="KT.DT.X1", decision_ref=QD, on=ON),
        ),
        (
            CircularRestructuringError,
            lambda: admin.dissolve_unit("KT.DT", successor="KT.DT.X2", decision_ref=QD, on=ON),
        ),
        (
            CircularRestructuringError,
            lambda: admin.consolidate_units(
                ["KT.SYT", "KT.SYT.BV"], new_unit=NewUnit("KT.N", "N", parent="KT"), decision_ref=QD, on=ON
            ),
        ),
        (
            CircularRestructuringError,
            lambda: admin.dissolve_unit(
                "KT.SYT", successor="KT", children={"KT.SYT.P2": "KT.SYT.P2"}, decision_ref=QD, on=ON
            ),
        ),
        # a split that leaves staff or subordinate units unassigned
        (
            UnassignedStaffError,
            lambda: admin.split_unit(
                "KT.SYT.P1", parts=two, staff={p1a: "KT.SYT.P1A"}, decision_ref=QD, on=ON
            ),
        ),
        (
            UnassignedUnitsError,
            lambda: admin.split_unit(
                "KT.DT",
                parts=[NewUnit("KT.DTA", "A"), NewUnit("KT.DTB", "B")],
                staff={},
                children={"KT.DT.X1": "KT.DTA"},
                decision_ref=QD,
                on=ON,
            ),
        ),
        (
            RestructuringError,  # a dossier that is not the unit's
            lambda: admin.split_unit(
                "KT.SYT.P1",
                parts=two,
                staff={p1a: "KT.SYT.P1A", p1b: "KT.SYT.P1B", dossiers[2]: "KT.SYT.P1B"},
                decision_ref=QD,
                on=ON,
            ),
        ),
        # missing decision reference
        (MissingDecisionError, lambda: admin.rename_unit("KT.SYT.P2", name="X", decision_ref="", on=ON)),
        (
            MissingDecisionError,
            lambda: admin.merge_units("KT.SYT.P2", into="KT.SYT", decision_ref="  ", on=ON),
        ),
        (
            MissingDecisionError,
            lambda: admin.split_unit(
                "KT.SYT.P1",
                parts=two,
                staff={p1a: "KT.SYT.P1A", p1b: "KT.SYT.P1B"},
                decision_ref="",
                on=ON,
            ),
        ),
        # no right: an agency account has update and access, not admin
        (PermissionDeniedError, lambda: agency.rename_unit("KT.SYT.P2", name="X", decision_ref=QD, on=ON)),
        (
            PermissionDeniedError,
            lambda: agency.merge_units("KT.SYT.P2", into="KT.SYT.P1", decision_ref=QD, on=ON),
        ),
        (
            PermissionDeniedError,
            lambda: kt["x1.unit"].dissolve_unit("KT.DT.X1", successor="KT.DT.X2", decision_ref=QD, on=ON),
        ),
        # addresses longer than the schema allows (440 > 400 characters)
        (
            RestructuringError,
            lambda: admin.reparent_unit(
                "KT.CHAIN0".ljust(38, "x"), parent="KT.ZZ".ljust(38, "z"), decision_ref=QD, on=ON
            ),
        ),
        # the root, duplicates, dates, names
        (RootUnitError, lambda: admin.dissolve_unit("KT", successor="KT.SNV", decision_ref=QD, on=ON)),
        (RootUnitError, lambda: admin.merge_units("KT", into="KT.SNV", decision_ref=QD, on=ON)),
        (
            DuplicateError,
            lambda: admin.consolidate_units(
                ["KT.DT.X1", "KT.DT.X2"], new_unit=NewUnit("KT.SNV", "N"), decision_ref=QD, on=ON
            ),
        ),
        (
            RestructuringError,
            lambda: admin.rename_unit("KT.SYT.P2", name="X", decision_ref=QD, on=date(2025, 1, 1)),
        ),
        (
            RestructuringError,
            lambda: admin.rename_unit("KT.SYT.P2", name="X", decision_ref=QD, on="2026-07-01"),
        ),
        (
            RestructuringError,
            lambda: admin.rename_unit("KT.SYT.P2", name="Phòng Nghiệp vụ Y", decision_ref=QD, on=ON),
        ),
        (RestructuringError, lambda: admin.rename_unit("KT.SYT.P2", name=" ", decision_ref=QD, on=ON)),
        (
            RestructuringError,
            lambda: admin.consolidate_units(
                ["KT.DT.X1"], new_unit=NewUnit("KT.N", "N"), decision_ref=QD, on=ON
            ),
        ),
        (
            RestructuringError,  # different parents and no parent named
            lambda: admin.consolidate_units(
                ["KT.DT.X1", "KT.SYT.BV"],
                new_unit=NewUnit("KT.N", "N", kind="commune"),
                decision_ref=QD,
                on=ON,
            ),
        ),
        (
            RestructuringError,
            lambda: admin.merge_units(["KT.DT.X1", "KT.DT.X1"], into="KT.DT.X2", decision_ref=QD, on=ON),
        ),
        (RestructuringError, lambda: admin.reparent_unit("KT.DT.X1", parent="KT.DT", decision_ref=QD, on=ON)),
        (
            RestructuringError,
            lambda: admin.consolidate_units(
                ["KT.DT.X1", "KT.DT.X2"],
                new_unit=NewUnit("KT.N", "N", kind="province"),
                decision_ref=QD,
                on=ON,
            ),
        ),
    ]


def test_every_bad_restructuring_is_refused_and_changes_nothing(workspace_url):
    kt, dossiers = _world(workspace_url)
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    for i, (error, act) in enumerate(_cases(kt, dossiers)):
        with pytest.raises(CbccvcError) as caught:
            act()
        assert type(caught.value) is error, (i, caught.value)
        vi, en = caught.value.message("vi"), caught.value.message("en")
        assert vi and en and vi != en, (i, en)
        assert "{" not in vi and "{" not in en, (i, vi)
        assert snapshot(engine) == before, i
    assert kt.ws.verify_audit().ok


@pytest.mark.parametrize("backend", ["sqlite"])
def test_messages_name_what_is_wrong(workspace_url):
    kt, dossiers = _world(workspace_url)
    admin = kt["admin"]
    two = [NewUnit("KT.SYT.P1A", "Phòng A"), NewUnit("KT.SYT.P1B", "Phòng B")]
    with pytest.raises(UnassignedStaffError) as caught:
        admin.split_unit("KT.SYT.P1", parts=two, staff={dossiers[0]: "KT.SYT.P1A"}, decision_ref=QD, on=ON)
    assert str(dossiers[1]) in caught.value.message("en") and "KT.SYT.P1" in caught.value.message("vi")
    assert "Nothing was written" in caught.value.message("en")
    with pytest.raises(MissingDecisionError) as missing:
        admin.dissolve_unit("KT.SYT.P2", successor="KT.SYT", decision_ref="", on=ON)
    assert "quyết định" in missing.value.message("vi")
    with pytest.raises(UnitInactiveError) as ended:
        admin.rename_unit("KT.SYT.TT", name="X", decision_ref=QD, on=ON)
    assert "KT.SYT.TT" in ended.value.message("vi") and "no longer exists" in ended.value.message("en")
