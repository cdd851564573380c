"""The 2025 reform as a restructuring scenario, on SQLite and PostgreSQL.

The National Assembly's 2025 resolution ended district-level government from 1 July 2025 and the
communes were merged. A small province is built through the API (two districts with their own
section and communes, provincial departments, staff everywhere, open transfers and obligations,
agency and personal accounts); then, effective 1 July 2025: communes are consolidated (hợp nhất)
into new communes directly under the province, each district's section and the district itself
are dissolved (giải thể), the remaining communes re-homed under the province and the district
staff placed in provincial departments or the new communes. Nothing may be lost.
"""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from conftest_db import content, person, raw_engine, rows

from cbccvc_core.db import schema as db
from cbccvc_core.db.schema_restructuring import UnitLineage
from cbccvc_core.restructure import NewUnit, unit_name_on
from cbccvc_core.service import Workspace

BUILT = date(2025, 1, 2)
REFORM = date(2025, 7, 1)
NQ_QH = "Nghị quyết số 203/2025/QH15"
NQ_UBTV = "Nghị quyết số 1674/NQ-UBTVQH15"

UNITS = [
    ("KT.SNV", "KT", "department", "Sở Nội vụ"),
    ("KT.SYT", "KT", "department", "Sở Y tế"),
    ("KT.DT", "KT", "district", "UBND huyện Đắk Tô"),
    ("KT.DT.PNV", "KT.DT", "sub_department", "Phòng Nội vụ huyện Đắk Tô"),
    ("KT.DT.X1", "KT.DT", "commune", "UBND xã Diên Bình"),
    ("KT.DT.X2", "KT.DT", "commune", "UBND xã Tân Cảnh"),
    ("KT.DT.X3", "KT.DT", "commune", "UBND xã Pô Kô"),
    ("KT.NH", "KT", "district", "UBND huyện Ngọc Hồi"),
    ("KT.NH.Y1", "KT.NH", "commune", "UBND xã Đắk Dục"),
    ("KT.NH.Y2", "KT.NH", "commune", "UBND xã Đắk Nông"),
]


def build(url: str):
    ws = Workspace.create(url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="admin", on=BUILT)
    admin = ws.as_account("admin")
    for uid, parent, kind, name in UNITS:
        admin.add_unit(uid, parent=parent, kind=kind, name=name, on=BUILT)
    for username, unit in [
        ("dt.unit", "KT.DT"),
        ("pnv.unit", "KT.DT.PNV"),
        ("x1.unit", "KT.DT.X1"),
        ("x2.unit", "KT.DT.X2"),
        ("nh.unit", "KT.NH"),
        ("y1.unit", "KT.NH.Y1"),
        ("syt.unit", "KT.SYT"),
    ]:
        admin.issue_account(username, kind="agency", unit=unit, on=BUILT)
    staff: dict[str, list[int]] = {}
    people = {}
    for uid in (
        *("KT.SYT", "KT.DT", "KT.DT", "KT.DT.PNV", "KT.DT.X1", "KT.DT.X1", "KT.DT.X2", "KT.DT.X3"),
        *("KT.NH", "KT.NH.Y1", "KT.NH.Y2"),
    ):
        p = person()
        did = admin.recruit(
            p, unit=uid, content=content(p), decision_on=date(2025, 2, 3), on=date(2025, 2, 4)
        )
        staff.setdefault(uid, []).append(did)
        people[did] = p
    # finished work, kept where it was done
    for did in (staff["KT.DT"][0], staff["KT.DT.X1"][0], staff["KT.NH.Y2"][0]):
        admin.submit(did, on=date(2025, 2, 10))
    # a personal account for one district official
    admin.issue_account(
        "H34" + people[staff["KT.DT"][0]].personal_id,  # Kon Tum Điều 3.3
        kind="personal",
        unit="KT.DT",
        person_dossier=staff["KT.DT"][0],
        on=date(2025, 2, 5),
    )
    # open transfers: commune to commune (started), district to a department (sent), one finished
    c2c = admin.start_transfer(
        staff["KT.DT.X1"][1],
        kind="commune_to_commune",
        to_unit="KT.NH.Y1",
        effective_on=date(2025, 6, 2),
        decision_ref="QĐ 15/QĐ-UBND",
        on=date(2025, 6, 2),
    )
    wp = admin.start_transfer(
        staff["KT.DT"][1],
        kind="within_province",
        to_unit="KT.SYT",
        effective_on=date(2025, 6, 3),
        decision_ref="QĐ 16/QĐ-SNV",
        on=date(2025, 6, 3),
    )
    admin.send(wp, on=date(2025, 6, 4))
    done = admin.start_transfer(
        staff["KT.NH.Y2"][0],
        kind="commune_to_commune",
        to_unit="KT.NH.Y1",
        effective_on=date(2025, 5, 5),
        decision_ref="QĐ 9/QĐ-UBND",
        on=date(2025, 5, 5),
    )
    admin.send(done, on=date(2025, 5, 6))
    admin.receive(done, on=date(2025, 5, 7))
    return ws, admin, staff, {"c2c": c2c, "within": wp, "done": done}


def reform(admin, staff):
    """The acts of 1 July 2025, in the order a province would record them."""
    admin.consolidate_units(
        ["KT.DT.X1", "KT.DT.X2"],
        new_unit=NewUnit("KT.X12", "UBND xã Đắk Tô", parent="KT"),
        decision_ref=NQ_UBTV,
        on=REFORM,
    )
    admin.consolidate_units(
        ["KT.NH.Y1", "KT.NH.Y2"],
        new_unit=NewUnit("KT.Y12", "UBND xã Ngọc Hồi", parent="KT"),
        decision_ref=NQ_UBTV,
        on=REFORM,
    )
    admin.dissolve_unit("KT.DT.PNV", successor="KT.SNV", decision_ref=NQ_QH, on=REFORM)
    admin.dissolve_unit(
        "KT.DT",
        successor="KT",
        staff={staff["KT.DT"][0]: "KT.X12", staff["KT.DT"][1]: "KT.SNV"},
        decision_ref=NQ_QH,
        on=REFORM,
    )
    admin.dissolve_unit(
        "KT.NH", successor="KT", staff={staff["KT.NH"][0]: "KT.Y12"}, decision_ref=NQ_QH, on=REFORM
    )
    admin.rename_unit("KT.DT.X3", name="UBND xã Pô Kô (mới)", decision_ref=NQ_UBTV, on=REFORM)


def test_the_2025_reform_loses_nothing(workspace_url):
    ws, admin, staff, transfers = build(workspace_url)
    engine = raw_engine(workspace_url)
    dossiers_before = {d.id: d.unit_id for d in rows(engine, db.Dossier)}
    done_before = {
        o.id: (o.unit_id, o.unit_path)
        for o in rows(engine, db.Obligation, db.Obligation.done_on.is_not(None))
    }
    open_before = {o.id for o in rows(engine, db.Obligation, db.Obligation.done_on.is_(None))}
    assert open_before and done_before

    reform(admin, staff)

    units = {u.id: u for u in rows(engine, db.Unit)}
    # no district level left; the communes and new communes sit directly under the province
    assert [u.id for u in units.values() if u.active and u.kind == "district"] == []
    assert {u.id for u in units.values() if u.active and u.kind == "commune"} == {
        "KT.X12",
        "KT.Y12",
        "KT.DT.X3",
    }
    for uid in ("KT.X12", "KT.Y12", "KT.DT.X3"):
        assert units[uid].parent_id == "KT"
        assert units[uid].path == f"/KT/{uid}/"
    # units are never deleted
    assert {uid for uid, *_ in UNITS} <= set(units)
    assert {u.id for u in units.values() if not u.active} == {
        "KT.DT",
        "KT.DT.PNV",
        "KT.DT.X1",
        "KT.DT.X2",
        "KT.NH",
        "KT.NH.Y1",
        "KT.NH.Y2",
    }
    # every path is its parent's path plus its id
    for u in units.values():
        expected = "/KT/" if u.parent_id is None else units[u.parent_id].path + u.id + "/"
        assert u.path == expected, u.id

    # the same dossiers, each in exactly one active unit, at that unit's path
    dossiers = rows(engine, db.Dossier)
    assert sorted(d.id for d in dossiers) == sorted(dossiers_before)
    for d in dossiers:
        assert units[d.unit_id].active, d.id
        assert d.unit_path == units[d.unit_id].path
    by_id = {d.id: d.unit_id for d in dossiers}
    assert by_id[staff["KT.DT"][0]] == "KT.X12"
    assert by_id[staff["KT.DT"][1]] == "KT.SNV"
    assert by_id[staff["KT.DT.PNV"][0]] == "KT.SNV"
    assert {by_id[i] for i in staff["KT.DT.X1"] + staff["KT.DT.X2"]} == {"KT.X12"}
    assert by_id[staff["KT.NH"][0]] == "KT.Y12"
    assert by_id[staff["KT.DT.X3"][0]] == "KT.DT.X3"
    assert by_id[staff["KT.SYT"][0]] == "KT.SYT"

    # open obligations: all still there, none at an inactive unit; done ones kept where they were
    obligations = {o.id: o for o in rows(engine, db.Obligation)}
    assert open_before <= set(obligations)
    for oid in open_before:
        o = obligations[oid]
        assert o.done_on is None
        assert units[o.unit_id].active, (oid, o.unit_id)
        assert o.unit_path == units[o.unit_id].path
    for oid, (unit_id, _path) in done_before.items():
        assert obligations[oid].unit_id == unit_id
        assert obligations[oid].unit_path == units[unit_id].path  # the same unit, at its address now

    # open transfers point at active units; the finished one keeps its history
    trs = {t.id: t for t in rows(engine, db.Transfer)}
    for t in trs.values():
        if t.state not in ("completed", "cancelled"):
            for uid in (t.from_unit_id, t.via_unit_id, t.to_unit_id):
                assert uid is None or units[uid].active, (t.id, uid)
    assert trs[transfers["c2c"]].from_unit_id == "KT.X12"
    assert trs[transfers["c2c"]].to_unit_id == "KT.Y12"
    assert trs[transfers["within"]].from_unit_id == "KT.SNV"
    assert (trs[transfers["done"]].from_unit_id, trs[transfers["done"]].to_unit_id) == (
        "KT.NH.Y2",
        "KT.NH.Y1",
    )

    # accounts: those of vanished units revoked; the personal one follows its holder; new units have one
    accounts = {a.username: a for a in rows(engine, db.Account)}
    for name in ("dt.unit", "pnv.unit", "x1.unit", "x2.unit", "nh.unit", "y1.unit"):
        assert accounts[name].state == "revoked", name
    assert accounts["syt.unit"].state == "active"
    [personal] = [a for a in accounts.values() if a.kind == "personal"]
    assert (personal.state, personal.unit_id) == ("active", "KT.X12")
    for uid in ("KT.X12", "KT.Y12"):
        assert [a.kind for a in accounts.values() if a.unit_id == uid and a.state == "active"].count(
            "agency"
        ) == 1
    for a in accounts.values():
        if a.state == "active":
            assert units[a.unit_id].active, a.username

    # old names in the history
    with ws.session() as s:
        assert unit_name_on(s, "KT.DT.X3", date(2025, 6, 30)) == "UBND xã Pô Kô"
        assert unit_name_on(s, "KT.DT.X3", REFORM) == "UBND xã Pô Kô (mới)"
        assert unit_name_on(s, "KT.DT", date(2025, 8, 1)) == "UBND huyện Đắk Tô"
        lineage = {
            (e.predecessor_id, e.successor_id, e.kind) for e in s.execute(sa.select(UnitLineage)).scalars()
        }
    assert ("KT.DT.X1", "KT.X12", "consolidate") in lineage
    assert ("KT.DT", "KT", "dissolve") in lineage
    assert ("KT.DT", "KT.SNV", "dissolve") in lineage
    assert ("KT.DT.PNV", "KT.SNV", "dissolve") in lineage

    # subtree queries see the re-homed work under the province; the old district sees none open
    assert ws.obligations(date(2025, 7, 2), unit="KT.DT") == []
    assert {o.unit_id for o in ws.obligations(date(2025, 7, 2), unit="KT")} <= {
        u for u in units if units[u].active
    }

    # the chain holds, and the acts work on afterwards: a dissolved unit takes nobody in
    assert ws.verify_audit().ok
    new_commune = ws.as_account("kt.x12.unit")
    p = person()
    new_commune.recruit(
        p, unit="KT.X12", content=content(p), decision_on=date(2025, 7, 2), on=date(2025, 7, 3)
    )
    admin.send(transfers["c2c"], on=date(2025, 7, 3))
    admin.receive(transfers["c2c"], on=date(2025, 7, 4))
    moved = rows(engine, db.Dossier, db.Dossier.id == staff["KT.DT.X1"][1])[0]
    assert (moved.unit_id, moved.unit_path) == ("KT.Y12", "/KT/KT.Y12/")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_reform_is_audited_act_by_act(workspace_url):
    ws, admin, staff, _transfers = build(workspace_url)
    engine = raw_engine(workspace_url)
    reform(admin, staff)
    with engine.connect() as conn:
        acts = (
            conn.execute(
                sa.select(db.AuditEntry.detail)
                .where(db.AuditEntry.action == "restructure")
                .order_by(db.AuditEntry.seq)
            )
            .scalars()
            .all()
        )
    assert [a["kind"] for a in acts] == [
        "consolidate",
        "consolidate",
        "dissolve",
        "dissolve",
        "dissolve",
        "rename",
    ]
    assert {a["decision_ref"] for a in acts} == {NQ_QH, NQ_UBTV}
    dt = acts[3]
    assert dt["counts"]["dossiers_moved"] == 2
    assert dt["counts"]["units_moved"] == 1  # KT.DT.X3; the ended PNV, X1, X2 stay under it
    assert dt["revoked_accounts"] == ["dt.unit"]
    assert acts[0]["new_units"] == ["KT.X12"] and acts[0]["new_accounts"] == ["kt.x12.unit"]
    # every dossier whose unit changed has its own entry, in its history (so has its transfer)
    hist = ws.history(staff["KT.DT"][1])
    assert any(h["action"] == "rehome" and h["entity"] == "transfer" for h in hist)
    rehome = [h for h in hist if h["action"] == "rehome" and h["entity"] == "dossier"]
    assert [(h["detail"]["from_unit"], h["detail"]["unit"]) for h in rehome] == [("KT.DT", "KT.SNV")]
