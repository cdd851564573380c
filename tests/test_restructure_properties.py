"""Invariants of restructuring over random sequences of acts (Hypothesis), on SQLite and PostgreSQL.

Whatever sequence of renames, merges, consolidations, splits, dissolutions and moves a province
records (legal or not), nothing is lost: the same dossiers, each in exactly one active unit at that
unit's address; every obligation still there, the open ones owed by active units, the done ones by
the unit that did them; open transfers between active units; no live agency account in an ended
unit, an agency account in every unit a restructuring established; every path its parent's path
plus its id; the audit chain intact. A refused act changes nothing at all.
"""

from __future__ import annotations

from datetime import date, timedelta

import hypothesis.strategies as st
from conftest_db import content, kontum_world, person, raw_engine, rows, snapshot
from hypothesis import HealthCheck, event, given, settings

from cbccvc_core.db import schema as db
from cbccvc_core.db.schema_restructuring import Restructuring
from cbccvc_core.errors import CbccvcError
from cbccvc_core.restructure import NewUnit

START = date(2026, 3, 2)


def populate(url):
    kt = kontum_world(url)
    admin = kt["admin"]
    staff = []
    for unit in ("KT.SNV", "KT.SYT", "KT.SYT.P1", "KT.SYT.BV", "KT.SYT.BV", "KT.DT", "KT.DT.X1", "KT.DT.X2"):
        p = person()
        staff.append(
            admin.recruit(p, unit=unit, content=content(p), decision_on=date(2026, 2, 2), on=date(2026, 2, 3))
        )
    admin.submit(staff[0], on=date(2026, 2, 5))  # some finished work
    admin.submit(staff[6], on=date(2026, 2, 5))
    admin.start_transfer(
        staff[6],
        kind="commune_to_commune",
        to_unit="KT.DT.X2",
        effective_on=date(2026, 2, 10),
        decision_ref="QĐ 3/QĐ-UBND",
        on=date(2026, 2, 10),
    )
    admin.start_transfer(
        staff[3],
        kind="within_province",
        to_unit="KT.DT",
        effective_on=date(2026, 2, 11),
        decision_ref="QĐ 4/QĐ-SNV",
        on=date(2026, 2, 11),
    )
    return kt


def check_invariants(engine, dossier_ids, done_units, obligation_ids, established):
    units = {u.id: u for u in rows(engine, db.Unit)}
    for u in units.values():
        assert u.path == ("/" if u.parent_id is None else units[u.parent_id].path) + u.id + "/", u.id
        if u.parent_id is not None and u.active:
            assert units[u.parent_id].active, (u.id, u.parent_id)
    dossiers = rows(engine, db.Dossier)
    assert sorted(d.id for d in dossiers) == dossier_ids
    for d in dossiers:
        assert units[d.unit_id].active and d.unit_path == units[d.unit_id].path, d.id
    obligations = rows(engine, db.Obligation)
    assert sorted(o.id for o in obligations) == obligation_ids
    for o in obligations:
        assert o.unit_path == units[o.unit_id].path, o.id
        if o.done_on is None:
            assert units[o.unit_id].active, o.id
        elif o.id in done_units:
            assert o.unit_id == done_units[o.id], o.id
    for t in rows(engine, db.Transfer):
        if t.state not in ("completed", "cancelled"):
            for uid in (t.from_unit_id, t.via_unit_id, t.to_unit_id):
                assert uid is None or units[uid].active, (t.id, uid)
    accounts = rows(engine, db.Account)
    for a in accounts:
        if a.state != "revoked":
            assert units[a.unit_id].active, a.username
    for uid in established:
        if units[uid].active:
            assert any(a.unit_id == uid and a.kind == "agency" and a.state == "active" for a in accounts), uid


ACTS = ("rename", "merge", "consolidate", "split", "dissolve", "reparent")


def run_sequence(url, data, steps):
    kt = populate(url)
    admin = kt["admin"]
    engine = raw_engine(url)
    dossier_ids = sorted(d.id for d in rows(engine, db.Dossier))
    obligations = rows(engine, db.Obligation)
    obligation_ids = sorted(o.id for o in obligations)
    done_units = {o.id: o.unit_id for o in obligations if o.done_on is not None}
    established: set[str] = set()
    serial = 0
    for step in range(steps):
        on = START + timedelta(days=step)
        active = sorted(u.id for u in rows(engine, db.Unit, db.Unit.active.is_(True)))
        movable = [u for u in active if u != "KT"]
        pick = lambda pool, label: data.draw(st.sampled_from(pool), label=label)  # noqa: E731
        act = data.draw(st.sampled_from(ACTS), label=f"act {step}")
        if not movable:
            break
        unit = pick(movable, "unit")
        serial += 1
        new_a, new_b = f"N{serial}A", f"N{serial}B"
        ref = f"QĐ {serial}/QĐ-UBND"
        before = snapshot(engine)
        try:
            if act == "rename":
                admin.rename_unit(unit, name=f"Tên mới {serial}", decision_ref=ref, on=on)
            elif act == "merge":
                admin.merge_units(unit, into=pick(active, "into"), decision_ref=ref, on=on)
            elif act == "consolidate":
                other = pick(movable, "other")
                admin.consolidate_units(
                    [unit, other],
                    new_unit=NewUnit(new_a, f"Đơn vị {new_a}", parent="KT"),
                    decision_ref=ref,
                    on=on,
                )
            elif act == "dissolve":
                admin.dissolve_unit(unit, successor=pick(active, "successor"), decision_ref=ref, on=on)
            elif act == "reparent":
                admin.reparent_unit(unit, parent=pick(active, "parent"), decision_ref=ref, on=on)
            else:
                mine = [d.id for d in rows(engine, db.Dossier, db.Dossier.unit_id == unit)]
                kids = [
                    u.id for u in rows(engine, db.Unit, db.Unit.parent_id == unit, db.Unit.active.is_(True))
                ]
                drop = data.draw(st.booleans(), label="leave one dossier out") and bool(mine)
                staff = {
                    d: data.draw(st.sampled_from([new_a, new_b]), label="part") for d in mine[int(drop) :]
                }
                admin.split_unit(
                    unit,
                    parts=[NewUnit(new_a, "Phần A"), NewUnit(new_b, "Phần B")],
                    staff=staff,
                    children={k: new_b for k in kids},
                    decision_ref=ref,
                    on=on,
                )
        except CbccvcError:
            assert snapshot(engine) == before, act
            continue
        for u in (new_a, new_b):
            if rows(engine, db.Unit, db.Unit.id == u):
                established.add(u)
        check_invariants(engine, dossier_ids, done_units, obligation_ids, established)
    assert kt.ws.verify_audit().ok
    recorded = len(rows(engine, Restructuring))
    event(f"acts recorded: {recorded}")  # --hypothesis-show-statistics: most sequences record several
    return recorded


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_restructurings_lose_nothing_sqlite(url_factory, data):
    if url_factory.backend != "sqlite":
        return
    run_sequence(url_factory(), data, steps=5)


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_restructurings_lose_nothing_postgresql(url_factory, data):
    if url_factory.backend != "postgresql":
        return
    run_sequence(url_factory(), data, steps=3)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    gaps=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=4),
    probes=st.lists(st.integers(min_value=-30, max_value=2000), min_size=1, max_size=8),
)
def test_the_name_on_a_day_is_the_last_one_given_by_then(url_factory, gaps, probes):
    """Whatever renames happen, the name on a day is the one the last decision effective on or
    before that day gave (the original name before the first)."""
    if url_factory.backend != "sqlite":
        return
    from cbccvc_core.restructure import unit_name_on

    kt = kontum_world(url_factory())
    created = date(2026, 1, 2)
    given_names = [(created, "Sở Y tế")]
    day = created
    for i, gap in enumerate(gaps):
        day = day + timedelta(days=gap)
        kt["admin"].rename_unit("KT.SYT", name=f"Sở Y tế {i}", decision_ref=f"QĐ {i}", on=day)
        given_names.append((day, f"Sở Y tế {i}"))
    with kt.ws.session() as s:
        for offset in probes:
            probe = created + timedelta(days=offset)
            expected = [n for d, n in given_names if d <= probe] or ["Sở Y tế"]
            assert unit_name_on(s, "KT.SYT", probe) == expected[-1], probe
