"""Real concurrent connections: two people acting on one dossier at once (exactly one wins, the other
gets a typed error, nothing is lost, the audit chain holds), many people on different dossiers at
once (all succeed, the chain does not fork), and SQLite writers that wait their turn."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from conftest_db import content, kontum_world, person, raw_engine

import cbccvc_core.service as service
from cbccvc_core.db import schema as db
from cbccvc_core.errors import CbccvcError
from cbccvc_core.model.dossier import content_hash
from cbccvc_core.model.states import IllegalTransitionError
from cbccvc_core.service import ConflictError

D = date
TIMEOUT = 20


class _SyncedReview:
    """Stands in for the review machine: each thread's first move waits at the barrier, so every
    thread has read the dossier before any of them writes."""

    def __init__(self, machine: Any, barrier: threading.Barrier) -> None:
        self._machine, self._barrier, self._seen = machine, barrier, threading.local()

    def next(self, state: str, action: str) -> str:
        if not getattr(self._seen, "done", False):
            self._seen.done = True
            self._barrier.wait(TIMEOUT)
        return self._machine.next(state, action)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._machine, name)


def race(*acts: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run the acts in threads at once; ("ok", result) or ("error", exception) for each."""
    results: list[tuple[str, Any]] = [("none", None)] * len(acts)

    def runner(i: int, act: Callable[[], Any]) -> None:
        try:
            results[i] = ("ok", act())
        except BaseException as exc:
            results[i] = ("error", exc)

    threads = [threading.Thread(target=runner, args=(i, a)) for i, a in enumerate(acts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
        assert not t.is_alive(), "a thread hung"
    return results


def audit_actions(url: str) -> list[tuple[str, str, str]]:
    with raw_engine(url).connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.select(db.AuditEntry.action, db.AuditEntry.entity, db.AuditEntry.entity_id).order_by(
                    db.AuditEntry.seq
                )
            )
        ]


def check_chain(kt) -> None:
    result = kt.ws.verify_audit()
    assert result.ok, result
    with raw_engine(kt.url).connect() as conn:
        seqs = list(conn.execute(sa.select(db.AuditEntry.seq).order_by(db.AuditEntry.seq)).scalars())
        prevs = list(conn.execute(sa.select(db.AuditEntry.prev_hash)).scalars())
    assert seqs == list(range(1, len(seqs) + 1))
    assert len(set(prevs)) == len(prevs)  # no two entries hang on the same link: no fork


@pytest.fixture
def kt(workspace_url):
    return kontum_world(workspace_url)


PEOPLE: dict[tuple[str, int], Any] = {}


def _submitted(kt) -> int:
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    PEOPLE[(kt.url, did)] = pr
    return did


# -- PostgreSQL: both have read before either writes -------------------------------------------------------


@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_approvals_of_one_dossier_at_once(kt, monkeypatch):
    did = _submitted(kt)
    kt["syt.head"].delegate(
        "syt.deputy", unit="KT.SYT", document_ref="QĐ 15/QĐ-SYT", valid_from=D(2026, 3, 1)
    )
    head, deputy = kt["syt.head"], kt["syt.deputy"]
    monkeypatch.setattr(service, "REVIEW", _SyncedReview(service.REVIEW, threading.Barrier(2)))
    results = race(
        lambda: head.approve(did, on=D(2026, 3, 27)), lambda: deputy.approve(did, on=D(2026, 3, 27))
    )
    wins = [i for i, (kind, _r) in enumerate(results) if kind == "ok"]
    losses = [r for kind, r in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], ConflictError | IllegalTransitionError), repr(losses[0])
    winner = (head, deputy)[wins[0]]
    rev = kt.ws.dossier(did)["revision"]
    assert (rev["state"], rev["decided_by"]) == ("approved", winner.account_id)
    assert [a for a in audit_actions(kt.url) if a[:2] == ("approve", "dossier")] == [
        ("approve", "dossier", str(did))
    ]
    approvals = [
        o for o in kt.ws.obligations(D(2026, 12, 31), status="all") if o.obligation == "approve_dossier"
    ]
    assert [(o.done_on, o.late) for o in approvals] == [(D(2026, 3, 27), False)]
    check_chain(kt)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_approve_and_return_at_once(kt, monkeypatch):
    did = _submitted(kt)
    head = kt["syt.head"]
    monkeypatch.setattr(service, "REVIEW", _SyncedReview(service.REVIEW, threading.Barrier(2)))
    results = race(
        lambda: head.approve(did, on=D(2026, 3, 27)),
        lambda: head.return_for_correction(did, on=D(2026, 3, 27), reason="Thiếu văn bằng"),
    )
    kinds = sorted(kind for kind, _r in results)
    assert kinds == ["error", "ok"], results
    (loss,) = [r for kind, r in results if kind == "error"]
    assert isinstance(loss, ConflictError | IllegalTransitionError), repr(loss)
    review = kt.ws.dossier(did)["dossier"]["review"]
    assert review == ("approved" if results[0][0] == "ok" else "returned")
    check_chain(kt)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_edits_of_an_approved_dossier_from_the_same_revision(kt, monkeypatch):
    did = _submitted(kt)
    kt["syt.head"].approve(did, on=D(2026, 3, 27))
    pr = PEOPLE[(kt.url, did)]
    a, b = content(pr, phone="0905000001"), content(pr, phone="0905000002")
    unit = kt["bv.unit"]
    monkeypatch.setattr(service, "REVIEW", _SyncedReview(service.REVIEW, threading.Barrier(2)))
    results = race(
        lambda: unit.edit(did, a, on=D(2026, 4, 1), base_revision=1),
        lambda: kt["syt.unit"].edit(did, b, on=D(2026, 4, 1), base_revision=1),
    )
    wins = [i for i, (kind, _r) in enumerate(results) if kind == "ok"]
    assert len(wins) == 1, results
    (loss,) = [r for kind, r in results if kind == "error"]
    assert isinstance(loss, ConflictError), repr(loss)
    d = kt.ws.dossier(did)
    assert d["dossier"]["current_revision"] == 2
    assert d["revision"]["content_hash"] == content_hash((a, b)[wins[0]])
    check_chain(kt)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_two_edits_of_a_dossier_being_entered_from_the_same_revision(kt, monkeypatch, backend):
    """Every edit makes a new numbered revision, so the second editor's base is stale: no lost
    update even while a dossier is being entered (on SQLite the two run one after the other)."""
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    a, b = content(pr, phone="0905000001"), content(pr, phone="0905000002")
    if backend == "postgresql":
        monkeypatch.setattr(service, "REVIEW", _SyncedReview(service.REVIEW, threading.Barrier(2)))
    results = race(
        lambda: kt["bv.unit"].edit(did, a, on=D(2026, 3, 1), base_revision=1),
        lambda: kt["syt.unit"].edit(did, b, on=D(2026, 3, 1), base_revision=1),
    )
    assert sorted(kind for kind, _r in results) == ["error", "ok"], results
    (loss,) = [r for kind, r in results if kind == "error"]
    assert isinstance(loss, ConflictError), repr(loss)
    winner = next(i for i, (kind, _r) in enumerate(results) if kind == "ok")
    d = kt.ws.dossier(did)
    assert (d["dossier"]["current_revision"], d["revision"]["content_hash"]) == (
        2,
        content_hash((a, b)[winner]),
    )
    check_chain(kt)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_two_transfer_steps_at_once(kt, monkeypatch):
    """Two accounts of the sending side press "send" together: the transfer is sent once."""
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="KT.DT.X1",
        via_unit="KT.DT",
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 5",
        on=D(2026, 4, 1),
    )
    barrier = threading.Barrier(2)
    real = service.TRANSFERS

    class Synced(dict):
        def __getitem__(self, kind):
            barrier.wait(TIMEOUT)
            return real[kind]

    monkeypatch.setattr(service, "TRANSFERS", Synced(real))
    results = race(
        lambda: kt["syt.unit"].send(tid, on=D(2026, 4, 2)), lambda: kt["bv.unit"].send(tid, on=D(2026, 4, 2))
    )
    assert sorted(kind for kind, _r in results) == ["error", "ok"], results
    (loss,) = [r for kind, r in results if kind == "error"]
    assert isinstance(loss, ConflictError | IllegalTransitionError), repr(loss)
    assert [a for a in audit_actions(kt.url) if a[0] == "send_transfer"] == [
        ("send_transfer", "transfer", str(tid))
    ]
    check_chain(kt)


# -- many writers on different dossiers ----------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_many_writers_on_different_dossiers(kt):
    threads = 8
    people = {}
    for _ in range(threads):
        pr = person()
        people[
            kt["bv.unit"].recruit(
                pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
            )
        ] = pr
    ids = list(people)
    before = len(audit_actions(kt.url))
    start = threading.Barrier(threads)

    def work(did: int) -> Callable[[], str]:
        def act() -> str:
            start.wait(TIMEOUT)
            kt["bv.unit"].edit(
                did, content(people[did], phone=f"09{did:08d}"), on=D(2026, 3, 2), base_revision=1
            )
            kt["bv.unit"].submit(did, on=D(2026, 3, 20))
            return kt["syt.head"].approve(did, on=D(2026, 3, 27))

        return act

    results = race(*(work(did) for did in ids))
    assert results == [("ok", "own")] * threads, [r for r in results if r[0] != "ok"]
    for did in ids:
        d = kt.ws.dossier(did)
        assert d["dossier"]["review"] == "approved"
        assert d["content"]["identity"]["phone"] == f"09{did:08d}"
    actions = audit_actions(kt.url)[before:]
    for did in ids:
        mine = [a for a in actions if a[1] == "dossier" and a[2] == str(did)]
        assert [a[0] for a in mine] == ["edit", "submit", "approve"]
    check_chain(kt)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_writers_wait_their_turn(kt):
    """Two approvals of one dossier and a crowd of recruitments at once on a SQLite file: no
    'database is locked'; the approvals are serialised, so the second finds it approved."""
    did = _submitted(kt)
    kt["syt.head"].delegate(
        "syt.deputy", unit="KT.SYT", document_ref="QĐ 15/QĐ-SYT", valid_from=D(2026, 3, 1)
    )
    start = threading.Barrier(10)

    def approve(actor):
        def act():
            start.wait(TIMEOUT)
            return actor.approve(did, on=D(2026, 3, 27))

        return act

    def recruit():
        pr = person()
        start.wait(TIMEOUT)
        return kt["bv.unit"].recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
        )

    results = race(approve(kt["syt.head"]), approve(kt["syt.deputy"]), *(recruit for _ in range(8)))
    errors = [r for kind, r in results if kind == "error"]
    assert len(errors) == 1, errors
    assert isinstance(errors[0], IllegalTransitionError | ConflictError), repr(errors[0])
    assert not any("locked" in str(e) for e in errors)
    assert all(isinstance(e, CbccvcError) for e in errors)
    assert sorted(r for kind, r in results[2:]) == sorted(set(r for _k, r in results[2:]))  # 8 new dossiers
    check_chain(kt)
