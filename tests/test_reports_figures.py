"""The yearly report's figures, against a Kon Tum year played through the API (SQLite and PostgreSQL).

Every expected figure is counted by hand from the acts below and the Kon Tum rules
(docs/rules/kontum.md), never read back from the code:

- A (công chức) recruited at Bệnh viện (KT.SYT.BV), decision 10/02/2026: ``enter_dossier`` due
  31/03 (30 working days, see test_service), submitted 20/03 (on time); ``approve_dossier`` in the
  window 27-31/03, approved 27/03 (on time); edited 15/05 (revision 2); exit (retirement)
  effective 30/06, recorded 01/07: ``update_status`` due 15/07 (15 calendar days), done 01/07.
- B (viên chức) recruited at Phòng TCCB (KT.SYT.P1), decision 10/02: ``enter_dossier`` due 31/03,
  submitted 01/04 (late); ``approve_dossier`` due 30/04, approved 04/05 (late); internal move to
  KT.SYT.P2 effective 01/06: ``move_dossier`` due 11/06 (10 calendar days), moved 20/06 (late).
- C (commune official) recruited at xã Diên Bình (KT.DT.X1), decision 02/03: ``enter_dossier``
  due 13/04 (30 working days: 21 in March, 9 in April), never done: overdue at 31/12.
"""

from __future__ import annotations

from datetime import date as D

import pytest
import sqlalchemy as sa
from conftest_db import content, kontum_world, person, raw_engine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbccvc_core.db import schema as db
from cbccvc_core.reports import compute
from cbccvc_core.reports.figures import Timeliness, TransferCount
from cbccvc_core.service import NotFoundError

YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)


@pytest.fixture(scope="module")
def world(module_url_factory):
    kt = kontum_world(module_url_factory())

    def recruit(account, unit, category, decision_on, on):
        p = person(category)
        did = kt[account].recruit(p, unit=unit, content=content(p), decision_on=decision_on, on=on)
        return did, p

    a, pa = recruit("bv.unit", "KT.SYT.BV", "cong_chuc", D(2026, 2, 10), D(2026, 2, 11))
    b, _pb = recruit("syt.unit", "KT.SYT.P1", "vien_chuc", D(2026, 2, 10), D(2026, 2, 11))
    c, _pc = recruit("x1.unit", "KT.DT.X1", "commune_official", D(2026, 3, 2), D(2026, 3, 2))
    kt["bv.unit"].submit(a, on=D(2026, 3, 20))
    kt["syt.head"].approve(a, on=D(2026, 3, 27))
    kt["syt.unit"].submit(b, on=D(2026, 4, 1))
    kt["syt.head"].approve(b, on=D(2026, 5, 4))
    kt["bv.unit"].edit(a, content(pa), on=D(2026, 5, 15), base_revision=1)
    kt["bv.unit"].record_exit(a, reason="retirement", effective_on=D(2026, 6, 30), on=D(2026, 7, 1))
    t = kt["syt.unit"].start_transfer(
        b,
        kind="internal_move",
        to_unit="KT.SYT.P2",
        effective_on=D(2026, 6, 1),
        decision_ref="QĐ 1",
        on=D(2026, 6, 1),
    )
    kt["syt.unit"].move(t, on=D(2026, 6, 20))
    return kt, {"a": a, "b": b, "c": c}


def test_whole_province(world):
    kt, _ids = world
    f = compute(kt.ws, start=YEAR_START, end=YEAR_END)
    assert [a.id for a in f.agencies] == ["KT", "KT.DT", "KT.SNV", "KT.SYT"]
    # new dossiers: A and B in Sở Y tế's subtree, C in the district's
    assert f.new_dossiers == {"KT.SYT": {"cong_chuc": 1, "vien_chuc": 1}, "KT.DT": {"commune_official": 1}}
    assert f.new_dossiers_total == 3
    assert (f.revisions_made, f.revisions_approved, f.revisions_returned) == (1, 2, 0)
    assert f.events == {
        "recruitment_decision": 3,
        "dossier_updated": 2,  # the two submissions
        "exit_effective": 1,
        "internal_move_effective": 1,
    }
    # Sở Y tế: on time = A enter, A approve, A update_status; late = B enter, B approve, B move
    assert f.timeliness_by_agency == {
        "KT.SYT": Timeliness(on_time=3, late=3, overdue=0, pending=0),
        "KT.DT": Timeliness(on_time=0, late=0, overdue=1, pending=0),
    }
    assert f.timeliness_total == Timeliness(3, 3, 1, 0)
    assert f.timeliness_total.on_time_rate == 0.5
    assert f.timeliness_by_month == {
        3: Timeliness(on_time=2, late=1),  # A enter, A approve; B enter
        4: Timeliness(late=1, overdue=1),  # B approve; C enter (due 13/04)
        6: Timeliness(late=1),  # B move (due 11/06)
        7: Timeliness(on_time=1),  # A update_status (due 15/07)
    }
    assert f.transfers == (TransferCount("internal_move", incoming=0, outgoing=0, within=1),)
    assert f.exits == {"retirement": 1}
    assert f.headcount == {"active": 2, "exited": 1}
    assert f.undated_obligations == 0


def test_as_of_mid_year_sees_work_as_it_stood(world):
    kt, _ids = world
    f = compute(kt.ws, start=YEAR_START, end=D(2026, 4, 30))
    # By 30/04: A's two done on time; B enter late, B approve (due 30/04) not yet done and not
    # past its date; C overdue (13/04).
    assert f.timeliness_total == Timeliness(on_time=2, late=1, overdue=1, pending=1)
    assert f.revisions_approved == 1  # B's approval came on 04/05
    assert f.transfers == () and f.exits == {}


def test_subtree_of_a_department(world):
    kt, _ids = world
    f = compute(kt.ws, start=YEAR_START, end=YEAR_END, unit="KT.SYT")
    assert [a.id for a in f.agencies] == ["KT.SYT", "KT.SYT.BV", "KT.SYT.P1", "KT.SYT.P2", "KT.SYT.TT"]
    assert f.new_dossiers == {"KT.SYT.BV": {"cong_chuc": 1}, "KT.SYT.P1": {"vien_chuc": 1}}
    # A's obligations are the hospital's; B's stay with P1 (owed there, done before the move
    # completed or by P1 itself)
    assert f.timeliness_by_agency == {
        "KT.SYT.BV": Timeliness(on_time=3),
        "KT.SYT.P1": Timeliness(late=3),
    }
    assert f.transfers == (TransferCount("internal_move", 0, 0, 1),)
    assert f.headcount == {"active": 1, "exited": 1}  # B (now in P2) and A


def test_subtree_sees_moves_in_and_out(world):
    kt, _ids = world
    out = compute(kt.ws, start=YEAR_START, end=YEAR_END, unit="KT.SYT.P1")
    into = compute(kt.ws, start=YEAR_START, end=YEAR_END, unit="KT.SYT.P2")
    assert out.transfers == (TransferCount("internal_move", 0, 1, 0),)
    assert into.transfers == (TransferCount("internal_move", 1, 0, 0),)
    assert into.new_dossiers == {} and into.headcount == {"active": 1}


def test_district_subtree(world):
    kt, _ids = world
    f = compute(kt.ws, start=YEAR_START, end=YEAR_END, unit="KT.DT")
    assert f.new_dossiers == {"KT.DT.X1": {"commune_official": 1}}
    assert f.timeliness_total == Timeliness(overdue=1)
    assert f.revisions_approved == 0 and f.exits == {}


def test_another_year_is_empty(world):
    kt, _ids = world
    f = compute(kt.ws, start=D(2027, 1, 1), end=D(2027, 12, 31))
    assert f.new_dossiers == {} and f.timeliness_by_agency == {} and f.events == {}
    assert f.headcount == {"active": 2, "exited": 1}  # the dossiers held now


def test_unknown_unit_is_a_typed_error(world):
    kt, _ids = world
    with pytest.raises(NotFoundError):
        compute(kt.ws, start=YEAR_START, end=YEAR_END, unit="KT.NOPE")


def test_returns_count_after_the_correction_supersedes_them(workspace_url):
    kt = kontum_world(workspace_url)
    p = person("cong_chuc")
    did = kt["bv.unit"].recruit(
        p, unit="KT.SYT.BV", content=content(p), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    kt["syt.head"].return_for_correction(did, on=D(2026, 3, 27), reason="Sai ngày sinh")
    kt["bv.unit"].edit(did, content(p), on=D(2026, 3, 28), base_revision=1)  # supersedes revision 1
    kt["bv.unit"].submit(did, on=D(2026, 3, 28))
    kt["syt.head"].approve(did, on=D(2026, 3, 30))
    f = compute(kt.ws, start=YEAR_START, end=YEAR_END)
    assert (f.revisions_made, f.revisions_returned, f.revisions_approved) == (1, 1, 1)
    assert f.events["dossier_updated"] == 2
    before = compute(kt.ws, start=YEAR_START, end=D(2026, 3, 26))
    assert (before.revisions_returned, before.revisions_approved) == (0, 0)


# -- property: the SQL aggregates equal a plain count over the same obligations -----------------------

UNITS = {  # kontum_world's units and their paths
    "KT": "/KT/",
    "KT.SNV": "/KT/KT.SNV/",
    "KT.SYT": "/KT/KT.SYT/",
    "KT.SYT.P1": "/KT/KT.SYT/KT.SYT.P1/",
    "KT.SYT.BV": "/KT/KT.SYT/KT.SYT.BV/",
    "KT.DT": "/KT/KT.DT/",
    "KT.DT.X1": "/KT/KT.DT/KT.DT.X1/",
}

# Dates around the period, with its edges (first day, 30/06, last day, the days either side) often.
EDGES = [D(2025, 12, 31), YEAR_START, D(2026, 6, 29), D(2026, 6, 30), D(2026, 7, 1), YEAR_END, D(2027, 1, 1)]
day_2026 = st.one_of(st.sampled_from(EDGES), st.dates(D(2025, 12, 1), D(2027, 1, 31)))
obligation_rows = st.lists(
    st.tuples(
        st.sampled_from(sorted(UNITS)),
        st.one_of(st.none(), day_2026),  # due (None: the text gives no date)
        st.one_of(st.none(), day_2026),  # done_on
    ),
    max_size=25,
)


def _expected(rows, root, end):
    """Count by hand: obligations due in [2026-01-01, end] under ``root``, per agency (the units
    directly under root, else root) and per month."""
    root_path = UNITS[root]
    children = [
        u for u, p in UNITS.items() if p.startswith(root_path) and p.count("/") == root_path.count("/") + 1
    ]
    by_agency, by_month = {}, {}
    for unit, due, done in rows:
        path = UNITS[unit]
        if not path.startswith(root_path) or due is None or not (YEAR_START <= due <= end):
            continue
        agency = next((c for c in children if path.startswith(UNITS[c])), root)
        if done is not None and done <= end:
            state = "on_time" if done <= due else "late"
        else:
            state = "overdue" if due < end else "pending"
        for table, key in ((by_agency, agency), (by_month, due.month)):
            counts = table.setdefault(key, {"on_time": 0, "late": 0, "overdue": 0, "pending": 0})
            counts[state] += 1
    return (
        {k: Timeliness(**v) for k, v in by_agency.items()},
        {k: Timeliness(**v) for k, v in by_month.items()},
    )


@pytest.fixture(scope="module")
def bare(module_url_factory):
    """A Kon Tum world with one recruitment (its event anchors the obligation rows written below)."""
    kt = kontum_world(module_url_factory())
    p = person("cong_chuc")
    kt["bv.unit"].recruit(
        p, unit="KT.SYT.BV", content=content(p), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    return kt


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=obligation_rows,
    root=st.sampled_from(["KT", "KT.SYT", "KT.DT.X1"]),
    end=st.sampled_from([YEAR_END, D(2026, 6, 30)]),
)
def test_timeliness_equals_a_count_by_hand(bare, rows, root, end):
    engine = raw_engine(bare.url)
    o = db.Obligation
    with engine.begin() as conn:
        event_id = conn.execute(sa.select(sa.func.min(db.Event.id))).scalar_one()
        conn.execute(sa.delete(o))
        for unit, due, done in rows:
            conn.execute(
                sa.insert(o).values(
                    event_id=event_id, dossier_id=None, unit_id=unit, unit_path=UNITS[unit], obligation="enter_dossier",
                    actor="employing_unit", period="working_days(30)", started_on=D(2025, 12, 1), due=due,
                    window_start=None, basis="kontum Điều 10.1", done_on=done,
                    late=None if done is None or due is None else done > due,
                )
            )  # fmt: skip
    f = compute(bare.ws, start=YEAR_START, end=end, unit=None if root == "KT" else root)
    by_agency, by_month = _expected(rows, root, end)
    assert f.timeliness_by_agency == by_agency
    assert f.timeliness_by_month == by_month
    assert f.undated_obligations == 0  # every row started on 2025-12-01, before the period
