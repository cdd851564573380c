"""Each restructuring act on its own: what moves, what stays, what the history keeps."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from conftest_db import content, daklak_world, kontum_world, person, raw_engine, rows

from cbccvc_core.db import schema as db
from cbccvc_core.db.schema_restructuring import Restructuring, UnitLineage, UnitName
from cbccvc_core.restructure import NewUnit, unit_history, unit_name_on

ON = date(2026, 7, 1)
QD = "Quyết định số 45/QĐ-UBND"


def recruit(kt, unit, n=1):
    ids = []
    for _ in range(n):
        p = person()
        ids.append(
            kt["admin"].recruit(
                p, unit=unit, content=content(p), decision_on=date(2026, 2, 2), on=date(2026, 2, 3)
            )
        )
    return ids


def unit(engine, uid):
    return rows(engine, db.Unit, db.Unit.id == uid)[0]


def account(engine, username):
    return rows(engine, db.Account, db.Account.username == username)[0]


@pytest.mark.parametrize("backend", ["sqlite"])  # behaviour; the SQL of moves runs on both below
def test_rename_keeps_the_old_name_for_the_days_it_was_used(workspace_url):
    kt = kontum_world(workspace_url)
    admin = kt["admin"]
    admin.rename_unit("KT.SYT.BV", name="Bệnh viện Đa khoa tỉnh Kon Tum", decision_ref=QD, on=ON)
    admin.rename_unit("KT.SYT.BV", name="Bệnh viện tỉnh", decision_ref="QĐ 2", on=date(2026, 9, 1))
    with kt.ws.session() as s:
        assert unit_name_on(s, "KT.SYT.BV", date(2026, 1, 2)) == "Bệnh viện Đa khoa tỉnh"
        assert unit_name_on(s, "KT.SYT.BV", date(2026, 6, 30)) == "Bệnh viện Đa khoa tỉnh"
        assert unit_name_on(s, "KT.SYT.BV", ON) == "Bệnh viện Đa khoa tỉnh Kon Tum"
        assert unit_name_on(s, "KT.SYT.BV", date(2026, 8, 31)) == "Bệnh viện Đa khoa tỉnh Kon Tum"
        assert unit_name_on(s, "KT.SYT.BV", date(2030, 1, 1)) == "Bệnh viện tỉnh"
        assert unit_name_on(s, "KT.SYT.BV", date(2020, 1, 1)) == "Bệnh viện Đa khoa tỉnh"  # before: the first
        assert unit_name_on(s, "KT.SYT", ON) == "Sở Y tế"  # never renamed
        names = [(n["name"], n["valid_from"], n["valid_to"]) for n in unit_history(s, "KT.SYT.BV")["names"]]
    assert names == [
        ("Bệnh viện Đa khoa tỉnh", date(2026, 1, 2), ON),
        ("Bệnh viện Đa khoa tỉnh Kon Tum", ON, date(2026, 9, 1)),
        ("Bệnh viện tỉnh", date(2026, 9, 1), None),
    ]
    engine = raw_engine(workspace_url)
    assert unit(engine, "KT.SYT.BV").name == "Bệnh viện tỉnh" and unit(engine, "KT.SYT.BV").active
    assert account(engine, "bv.unit").state == "active"  # same unit, same account


def test_merge_absorbs_staff_subunits_and_open_work(workspace_url):
    kt = kontum_world(workspace_url)
    admin = kt["admin"]
    engine = raw_engine(workspace_url)
    (x1,) = recruit(kt, "KT.DT.X1")
    admin.submit(x1, on=date(2026, 2, 5))  # done obligations of X1
    admin.add_unit("KT.DT.X1.T", parent="KT.DT.X1", kind="public_service_unit", name="Trạm y tế", on=ON)
    (t,) = recruit(kt, "KT.DT.X1.T")
    done = {o.id: o.unit_id for o in rows(engine, db.Obligation, db.Obligation.done_on.is_not(None))}
    open_x1 = {
        o.id
        for o in rows(
            engine, db.Obligation, db.Obligation.unit_id == "KT.DT.X1", db.Obligation.done_on.is_(None)
        )
    }
    assert done and open_x1

    out = admin.merge_units("KT.DT.X1", into="KT.DT.X2", decision_ref=QD, on=ON)

    x1u, x2u, tu = unit(engine, "KT.DT.X1"), unit(engine, "KT.DT.X2"), unit(engine, "KT.DT.X1.T")
    assert not x1u.active and x1u.path == "/KT/KT.DT/KT.DT.X1/"  # kept, where it was
    assert x2u.active and x2u.name == "UBND xã Tân Cảnh"  # keeps its identity
    assert (tu.parent_id, tu.path) == ("KT.DT.X2", "/KT/KT.DT/KT.DT.X2/KT.DT.X1.T/")
    d1, dt = (rows(engine, db.Dossier, db.Dossier.id == i)[0] for i in (x1, t))
    assert (d1.unit_id, d1.unit_path) == ("KT.DT.X2", "/KT/KT.DT/KT.DT.X2/")
    assert (dt.unit_id, dt.unit_path) == ("KT.DT.X1.T", tu.path)
    for o in rows(engine, db.Obligation, db.Obligation.id.in_(open_x1)):
        assert (o.unit_id, o.unit_path) == ("KT.DT.X2", x2u.path)
    for o in rows(engine, db.Obligation, db.Obligation.id.in_(list(done))):
        assert o.unit_id == done[o.id]
    assert account(engine, "x1.unit").state == "revoked" and account(engine, "x1.head").state == "revoked"
    assert set(out.revoked_accounts) == {"x1.unit", "x1.head"} and out.new_accounts == ()
    assert out.counts["dossiers_moved"] == 1 and out.counts["units_moved"] == 1
    with kt.ws.session() as s:
        edges = s.execute(
            sa.select(UnitLineage.predecessor_id, UnitLineage.successor_id, UnitLineage.kind)
        ).all()
        assert [tuple(e) for e in edges] == [("KT.DT.X1", "KT.DT.X2", "merge")]
        rec = s.get(Restructuring, out.restructuring_id)
        assert (rec.kind, rec.decision_ref, rec.effective_on) == ("merge", QD, ON)
    # the revoked accounts cannot act any more
    with pytest.raises(Exception, match="revoked"):
        kt.ws.as_account("x1.unit")
    assert kt.ws.verify_audit().ok


@pytest.mark.parametrize("backend", ["sqlite"])  # behaviour; the SQL of moves runs on both below
def test_consolidation_establishes_a_new_unit_with_its_account(workspace_url):
    kt = kontum_world(workspace_url)
    engine = raw_engine(workspace_url)
    a = recruit(kt, "KT.DT.X1", 2)
    b = recruit(kt, "KT.DT.X2")
    out = kt["admin"].consolidate_units(
        ["KT.DT.X1", "KT.DT.X2"], new_unit=NewUnit("KT.DT.X9", "UBND xã Đắk Tô"), decision_ref=QD, on=ON
    )
    new = unit(engine, "KT.DT.X9")
    assert (new.parent_id, new.kind, new.created_on, new.active) == ("KT.DT", "commune", ON, True)
    assert {d.unit_id for d in rows(engine, db.Dossier, db.Dossier.id.in_(a + b))} == {"KT.DT.X9"}
    assert out.new_units == ("KT.DT.X9",) and out.new_accounts == ("kt.dt.x9.unit",)
    acc = account(engine, "kt.dt.x9.unit")
    assert (acc.kind, acc.unit_id, acc.state) == ("agency", "KT.DT.X9", "active")
    # the new unit's account acts over its staff at once
    kt.ws.as_account("kt.dt.x9.unit").submit(a[0], on=ON)
    with kt.ws.session() as s:
        assert unit_name_on(s, "KT.DT.X9", ON) == "UBND xã Đắk Tô"
        lineage = unit_history(s, "KT.DT.X9")["lineage"]
    assert {(e["predecessor"], e["predecessor_name"]) for e in lineage} == {
        ("KT.DT.X1", "UBND xã Diên Bình"),
        ("KT.DT.X2", "UBND xã Tân Cảnh"),
    }


def test_split_places_every_dossier_where_the_decision_says(workspace_url):
    kt = kontum_world(workspace_url)
    engine = raw_engine(workspace_url)
    d1, d2, d3 = recruit(kt, "KT.SYT", 3)
    open_unit_level = {
        o.id
        for o in rows(
            engine, db.Obligation, db.Obligation.unit_id == "KT.SYT", db.Obligation.done_on.is_(None)
        )
    }
    out = kt["admin"].split_unit(
        "KT.SYT",
        parts=[NewUnit("KT.SYT1", "Sở Y tế (1)"), NewUnit("KT.SDS", "Sở Dân số")],
        staff={d1: "KT.SYT1", d2: "KT.SDS", d3: "KT.SNV"},
        children={
            "KT.SYT.P1": "KT.SYT1",
            "KT.SYT.P2": "KT.SDS",
            "KT.SYT.BV": "KT.SYT1",
            "KT.SYT.TT": "KT.SDS",
        },
        decision_ref=QD,
        on=ON,
    )
    units = {u.id: u for u in rows(engine, db.Unit)}
    assert not units["KT.SYT"].active
    assert (
        units["KT.SYT.BV"].path == "/KT/KT.SYT1/KT.SYT.BV/"
        and units["KT.SYT.TT"].path == "/KT/KT.SDS/KT.SYT.TT/"
    )
    placed = {d.id: d.unit_id for d in rows(engine, db.Dossier)}
    assert (placed[d1], placed[d2], placed[d3]) == ("KT.SYT1", "KT.SDS", "KT.SNV")
    for o in rows(engine, db.Obligation, db.Obligation.id.in_(list(open_unit_level))):
        assert o.unit_id == placed.get(o.dossier_id, "KT.SYT1")
    assert set(out.new_accounts) == {"kt.syt1.unit", "kt.sds.unit"}
    assert {account(engine, n).state for n in ("syt.unit", "syt.head", "syt.deputy")} == {"revoked"}
    assert account(engine, "bv.unit").state == "active"  # a sub-unit's account stays: the unit goes on


@pytest.mark.parametrize("backend", ["sqlite"])  # behaviour; the SQL of moves runs on both below
def test_dissolve_sends_children_and_staff_to_the_successor(workspace_url):
    kt = kontum_world(workspace_url)
    engine = raw_engine(workspace_url)
    d_dt, d_x = recruit(kt, "KT.DT")[0], recruit(kt, "KT.DT.X1")[0]
    kt["admin"].dissolve_unit("KT.DT", successor="KT", staff={d_dt: "KT.SNV"}, decision_ref=QD, on=ON)
    units = {u.id: u for u in rows(engine, db.Unit)}
    assert [units[i].path for i in ("KT.DT.X1", "KT.DT.X2")] == ["/KT/KT.DT.X1/", "/KT/KT.DT.X2/"]
    placed = {d.id: (d.unit_id, d.unit_path) for d in rows(engine, db.Dossier)}
    assert placed[d_dt] == ("KT.SNV", "/KT/KT.SNV/") and placed[d_x] == ("KT.DT.X1", "/KT/KT.DT.X1/")
    assert {account(engine, n).state for n in ("dt.unit", "dt.chair", "dt.vice")} == {"revoked"}
    assert account(engine, "x1.unit").state == "active"


def test_a_move_rewrites_exactly_the_subtree_even_with_like_wildcards_in_ids(workspace_url):
    """``_`` and ``%`` are LIKE wildcards: the prefix match must not take a sibling for a child."""
    kt = kontum_world(workspace_url)
    admin = kt["admin"]
    engine = raw_engine(workspace_url)
    for uid in ("KT.A_B", "KT.AXB", "KT.A%B", "KT.A%BC"):
        admin.add_unit(uid, parent="KT", kind="department", name=uid, on=ON)
    admin.add_unit("KT.A_B.1", parent="KT.A_B", kind="sub_department", name="1", on=ON)
    ids = {uid: recruit(kt, uid)[0] for uid in ("KT.A_B", "KT.A_B.1", "KT.AXB", "KT.A%B", "KT.A%BC")}
    admin.reparent_unit("KT.A_B", parent="KT.SNV", decision_ref=QD, on=ON)
    admin.reparent_unit("KT.A%B", parent="KT.SYT", decision_ref=QD, on=ON)
    paths = {u.id: u.path for u in rows(engine, db.Unit)}
    assert paths["KT.A_B"] == "/KT/KT.SNV/KT.A_B/" and paths["KT.A_B.1"] == "/KT/KT.SNV/KT.A_B/KT.A_B.1/"
    assert paths["KT.AXB"] == "/KT/KT.AXB/" and paths["KT.A%BC"] == "/KT/KT.A%BC/"
    assert paths["KT.A%B"] == "/KT/KT.SYT/KT.A%B/"
    for d in rows(engine, db.Dossier, db.Dossier.id.in_(list(ids.values()))):
        assert d.unit_path == paths[d.unit_id]
    for o in rows(engine, db.Obligation):
        assert o.unit_path == paths[o.unit_id]
    # the subtree queries follow
    assert {o.dossier_id for o in kt.ws.obligations(ON, unit="KT.SNV")} >= {ids["KT.A_B"], ids["KT.A_B.1"]}
    assert ids["KT.AXB"] not in {o.dossier_id for o in kt.ws.obligations(ON, unit="KT.SNV")}


@pytest.mark.parametrize("backend", ["sqlite"])  # behaviour; the SQL of moves runs on both below
def test_a_move_bumps_the_version_of_the_dossiers_it_readdresses(workspace_url):
    """Optimistic locking: someone holding a dossier read before the move gets a conflict."""
    kt = kontum_world(workspace_url)
    (d,) = recruit(kt, "KT.DT.X1")
    engine = raw_engine(workspace_url)
    v0 = rows(engine, db.Dossier, db.Dossier.id == d)[0].version
    kt["admin"].reparent_unit("KT.DT.X1", parent="KT", decision_ref=QD, on=ON)
    assert rows(engine, db.Dossier, db.Dossier.id == d)[0].version == v0 + 1


@pytest.mark.parametrize("backend", ["sqlite"])  # behaviour; the SQL of moves runs on both below
def test_establish_records_the_decision_and_issues_the_account(workspace_url):
    kt = kontum_world(workspace_url)
    engine = raw_engine(workspace_url)
    out = kt["admin"].establish_unit(
        "KT.STTTT", parent="KT", kind="department", name="Sở Khoa học và Công nghệ", decision_ref=QD, on=ON
    )
    assert out.new_accounts == ("kt.stttt.unit",)
    assert unit(engine, "KT.STTTT").created_on == ON
    names = rows(engine, UnitName, UnitName.unit_id == "KT.STTTT")
    assert [(n.name, n.valid_from, n.valid_to) for n in names] == [("Sở Khoa học và Công nghệ", ON, None)]


@pytest.mark.parametrize("backend", ["sqlite"])
def test_daklak_revokes_and_issues_accounts_on_its_article_5_5(workspace_url):
    """Đắk Lắk Điều 5.5: "thu hồi tài khoản đã cấp cho cơ quan, đơn vị đã chuyển đổi, sáp nhập, hợp
    nhất và thực hiện cấp tài khoản cho cơ quan, đơn vị mới thành lập"."""
    dl = daklak_world(workspace_url)
    admin = dl["admin"]
    admin.add_unit("DL.SGD.THCS", parent="DL.SGD", kind="public_service_unit", name="Trường THCS", on=ON)
    admin.issue_account("thcs.unit", kind="agency", unit="DL.SGD.THCS", on=ON)
    out = admin.consolidate_units(
        ["DL.SGD.THPT", "DL.SGD.THCS"],
        new_unit=NewUnit("DL.SGD.TH", "Trường Trung học Buôn Ma Thuột"),
        decision_ref="Quyết định số 7/QĐ-UBND",
        on=date(2026, 8, 1),
    )
    assert out.revoked_accounts == ("thcs.unit",) and out.new_accounts == ("dl.sgd.th.unit",)
    engine = raw_engine(workspace_url)
    with engine.connect() as conn:
        entries = conn.execute(
            sa.select(db.AuditEntry.action, db.AuditEntry.detail).where(
                db.AuditEntry.action.in_(("revoke_account", "issue_account")), db.AuditEntry.seq > 0
            )
        ).all()
    cited = {(a, d.get("basis")) for a, d in entries if d.get("restructuring") == out.restructuring_id}
    assert cited == {("revoke_account", "daklak Điều 5.5"), ("issue_account", "daklak Điều 5.5")}
    # Đắk Lắk gives each agency one account (Điều 4.8): the new school has exactly one
    assert [a.username for a in rows(engine, db.Account, db.Account.unit_id == "DL.SGD.TH")] == [
        "dl.sgd.th.unit"
    ]
