"""Obligation lists: keyset pages, counts and streams agree with an oracle written from the rows.

A module-wide world (Kon Tum's units) gets a few hundred obligations written straight into the
table with random start, due (some none) and done dates, so every status and the page edges
(several rows on one due date, rows without one) occur. For random ``as_of``, status, subtree and
page size, the test computes in Python which rows belong and in which order (due date, none
last, then id) and checks :meth:`Workspace.obligations` with and without ``after``,
:meth:`count_obligations` and :meth:`iter_obligations` against it, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from conftest_db import kontum_world, raw_engine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbccvc_core.db import schema as db

START = date(2026, 1, 1)
UNITS = ("KT.SNV", "KT.SYT", "KT.SYT.BV", "KT.DT", "KT.DT.X1", "KT.DT.X2")
STATUSES = ("open", "overdue", "due_soon", "done", "all")


@pytest.fixture(scope="module")
def world(module_url_factory):
    url = module_url_factory()
    kt = kontum_world(url)
    engine = raw_engine(url)
    with engine.begin() as conn:
        paths = dict(conn.execute(sa.select(db.Unit.id, db.Unit.path)).all())
        admin_id = conn.execute(sa.select(db.Account.id).where(db.Account.username == "admin")).scalar_one()
        event_id = conn.execute(
            sa.insert(db.Event).values(
                kind="dossier_updated", occurred_on=START, unit_id="KT", account_id=admin_id
            )
        ).inserted_primary_key[0]
        rnd = random.Random(20261125)
        rows = []
        for _ in range(400):
            unit = rnd.choice(UNITS)
            started = START + timedelta(days=rnd.randrange(0, 120))
            # few distinct due dates, so many rows share one (ties broken by id across pages)
            due = None if rnd.random() < 0.2 else started + timedelta(days=rnd.choice((0, 3, 5, 10, 30)))
            done = None if rnd.random() < 0.4 else started + timedelta(days=rnd.randrange(0, 45))
            rows.append(
                dict(
                    event_id=event_id,
                    dossier_id=None,
                    unit_id=unit,
                    unit_path=paths[unit],
                    obligation="update_dossier",
                    actor="agency",
                    period="working_days",
                    started_on=started,
                    due=due,
                    window_start=None,
                    basis="Điều 9",
                    done_on=done,
                    done_by=admin_id if done else None,
                    late=(done > due) if done and due else None,
                )
            )
        conn.execute(sa.insert(db.Obligation), rows)
        stored = conn.execute(
            sa.select(
                db.Obligation.id,
                db.Obligation.unit_path,
                db.Obligation.started_on,
                db.Obligation.due,
                db.Obligation.done_on,
            )
        ).all()
    return kt.ws, paths, stored


def oracle(stored, paths, as_of: date, status: str, unit: str | None) -> list[int]:
    def belongs(r) -> bool:
        is_open = r.started_on <= as_of and (r.done_on is None or r.done_on > as_of)
        return {
            "open": is_open,
            "overdue": is_open and r.due is not None and r.due < as_of,
            "due_soon": is_open and r.due is not None and as_of <= r.due <= as_of + timedelta(days=7),
            "done": r.done_on is not None and r.done_on <= as_of,
            "all": r.started_on <= as_of,
        }[status]

    chosen = [r for r in stored if belongs(r) and (unit is None or r.unit_path.startswith(paths[unit]))]
    chosen.sort(key=lambda r: (r.due is None, r.due or date.min, r.id))
    return [r.id for r in chosen]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    as_of=st.dates(START, START + timedelta(days=180)),
    status=st.sampled_from(STATUSES),
    unit=st.sampled_from((None, "KT", "KT.SYT", "KT.DT", "KT.DT.X1")),
    page=st.integers(1, 60),
)
def test_pages_counts_and_streams_match_the_oracle(world, as_of, status, unit, page):
    ws, paths, stored = world
    expected = oracle(stored, paths, as_of, status, unit)

    assert [v.id for v in ws.obligations(as_of, status=status, unit=unit)] == expected
    assert ws.count_obligations(as_of, status=status, unit=unit) == len(expected)
    # bounded, so that a paging bug that repeats rows fails instead of looping for ever
    streamed = itertools.islice(
        ws.iter_obligations(as_of, status=status, unit=unit, page=page), len(expected) + 1
    )
    assert [v.id for v in streamed] == expected

    # page by hand: every page continues exactly where the last one stopped
    seen, after = [], None
    for _ in range(len(expected) // page + 2):
        rows = ws.obligations(as_of, status=status, unit=unit, limit=page, after=after)
        assert len(rows) <= page
        seen += [v.id for v in rows]
        if len(rows) < page:
            break
        after = rows[-1]
    assert seen == expected and len(rows) < page
