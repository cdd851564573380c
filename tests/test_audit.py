"""The audit log: an entry for every change, a hash chain `cbccvc audit verify` checks, tampering
found with the seq of the first broken entry, and a database that refuses UPDATE and DELETE."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from datetime import date

import pytest
import sqlalchemy as sa
from cli_support import run
from conftest_db import audit_count, content, kontum_world, person, raw_engine
from sqlalchemy.orm import Session

from cbccvc_core import audit
from cbccvc_core.db import schema as db

D = date
HASH = re.compile(r"^sha256:[0-9a-f]{64}$")


def entries(engine: sa.Engine, after_seq: int = 0) -> list[sa.Row]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.select(db.AuditEntry.__table__)
                .where(db.AuditEntry.seq > after_seq)
                .order_by(db.AuditEntry.seq)
            )
        )


def state_hash(engine: sa.Engine, model, key) -> str:
    """The content hash of a row as audit.py documents it, computed here independently: canonical
    JSON (keys sorted, no spaces, UTF-8, dates ISO 8601) of every column but ``version``."""
    table = model.__table__
    with engine.connect() as conn:
        row = (
            conn.execute(sa.select(table).where(next(iter(table.primary_key.columns)) == key)).one()._asdict()
        )
    row.pop("version", None)
    body = json.dumps(
        {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


@pytest.fixture
def kt(workspace_url):
    return kontum_world(workspace_url)


def test_every_act_adds_entries_with_before_and_after_hashes(kt):
    engine = raw_engine(kt.url)
    pr = person()
    bv, head = kt["bv.unit"], kt["syt.head"]
    state: dict[str, int] = {}

    def recruit():
        state["did"] = bv.recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )

    def start():
        state["tid"] = kt["syt.unit"].start_transfer(
            state["did"],
            kind="within_province",
            to_unit="KT.DT.X1",
            via_unit="KT.DT",
            effective_on=D(2026, 4, 1),
            decision_ref="QĐ 5",
            on=D(2026, 4, 1),
        )

    acts = [
        ("recruit", recruit, {("recruit", "dossier")}),
        (
            "edit",
            lambda: bv.edit(
                state["did"], content(pr, phone="0905000001"), on=D(2026, 2, 12), base_revision=1
            ),
            {("edit", "dossier"), ("edit", "revision")},
        ),
        (
            "attach",
            lambda: bv.attach(
                state["did"], name="a.pdf", media_type="application/pdf", data=b"%PDF-1", on=D(2026, 2, 12)
            ),
            {("attach", "document")},
        ),
        (
            "submit",
            lambda: bv.submit(state["did"], on=D(2026, 3, 20)),
            {("submit", "dossier"), ("submit", "revision")},
        ),
        (
            "return",
            lambda: head.return_for_correction(state["did"], on=D(2026, 3, 24), reason="Thiếu"),
            {("return", "dossier"), ("return", "revision")},
        ),
        ("resubmit", lambda: bv.submit(state["did"], on=D(2026, 3, 25)), {("submit", "dossier")}),
        (
            "approve",
            lambda: head.approve(state["did"], on=D(2026, 3, 27)),
            {("approve", "dossier"), ("approve", "revision")},
        ),
        (
            "delegate",
            lambda: head.delegate("syt.deputy", unit="KT.SYT", document_ref="QĐ 2", valid_from=D(2026, 3, 1)),
            {("delegate", "delegation")},
        ),
        (
            "grant",
            lambda: kt["admin"].grant(
                "bv.unit",
                right="access",
                unit="KT.DT",
                document_ref="CV 3",
                valid_from=D(2026, 3, 1),
                valid_to=D(2026, 12, 31),
            ),
            {("grant", "grant")},
        ),
        (
            "lock",
            lambda: kt["admin"].set_account_state("x1.head", "lock", on=D(2026, 3, 2), reason="Nghỉ phép"),
            {("lock_account", "account")},
        ),
        (
            "event",
            lambda: bv.record_event(state["did"], "personal_info_changed", occurred_on=D(2026, 3, 30)),
            {("record_event", "event")},
        ),
        ("start transfer", start, {("start_transfer", "transfer"), ("start_transfer", "dossier")}),
        (
            "send",
            lambda: kt["syt.unit"].send(state["tid"], on=D(2026, 4, 2)),
            {("send_transfer", "transfer")},
        ),
        (
            "receive",
            lambda: kt["dt.unit"].receive(state["tid"], on=D(2026, 4, 3)),
            {("receive_transfer", "transfer")},
        ),
        (
            "forward",
            lambda: kt["dt.unit"].forward(state["tid"], on=D(2026, 4, 6)),
            {("forward_transfer", "transfer"), ("forward_transfer", "dossier")},
        ),
        (
            "exit",
            lambda: kt["x1.unit"].record_exit(
                state["did"], reason="death", effective_on=D(2026, 6, 1), on=D(2026, 6, 2)
            ),
            {("exit", "dossier")},
        ),
        ("archive", lambda: kt["x1.unit"].archive(state["did"], on=D(2026, 6, 3)), {("archive", "dossier")}),
    ]
    for name, act, expected in acts:
        last = audit_count(engine)
        act()
        new = entries(engine, last)
        assert new, f"{name}: no audit entry"
        got = {(e.action, e.entity) for e in new}
        assert expected <= got, f"{name}: {got}"
        for e in new:
            assert e.after_hash is None or HASH.match(e.after_hash), e
            assert e.before_hash is None or HASH.match(e.before_hash), e
            assert e.after_hash is not None, e  # nothing is deleted
            assert e.username, e
        # Something really changed: a new row (no before-hash) or a row whose hash moved.
        assert any(e.before_hash != e.after_hash for e in new), name
        if name not in ("recruit", "attach", "delegate", "grant", "event", "start transfer"):
            assert any(e.before_hash is not None and e.before_hash != e.after_hash for e in new), name
    # The last dossier entry's after-hash is the hash of the row as it now stands.
    did = state["did"]
    dossier_entries = [e for e in entries(engine) if e.entity == "dossier" and e.entity_id == str(did)]
    assert dossier_entries[-1].after_hash == state_hash(engine, db.Dossier, did)
    (t,) = [e for e in entries(engine) if e.entity == "transfer"][-1:]
    assert t.after_hash == state_hash(engine, db.Transfer, state["tid"])
    assert kt.ws.verify_audit().ok


def test_the_states_of_each_row_chain_from_entry_to_entry(kt):
    """For every row, each entry's before-hash is the previous entry's after-hash: no change of a
    row escapes the log between two entries."""
    engine = raw_engine(kt.url)
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    kt["syt.head"].approve(did, on=D(2026, 3, 27))
    kt["bv.unit"].edit(did, content(pr, phone="0905"), on=D(2026, 4, 1), base_revision=1)
    kt["bv.unit"].submit(did, on=D(2026, 4, 2))
    kt["syt.head"].return_for_correction(did, on=D(2026, 4, 3), reason="Sai")
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="KT.DT.X1",
        via_unit="KT.DT",
        effective_on=D(2026, 4, 6),
        decision_ref="QĐ 5",
        on=D(2026, 4, 6),
    )
    kt["syt.unit"].send(tid, on=D(2026, 4, 6))
    kt["dt.unit"].receive(tid, on=D(2026, 4, 7))
    kt["dt.unit"].forward(tid, on=D(2026, 4, 8))
    kt["admin"].set_account_state("x1.head", "lock", on=D(2026, 4, 9), reason="x")
    kt["admin"].set_account_state("x1.head", "unlock", on=D(2026, 4, 10), reason="y")
    last: dict[tuple[str, str], str] = {}
    for e in entries(engine):
        key = (e.entity, e.entity_id)
        if key in last and e.before_hash is not None:
            assert e.before_hash == last[key], (e.seq, e.action, key)
        last[key] = e.after_hash
    assert last[("dossier", str(did))] == state_hash(engine, db.Dossier, did)
    assert last[("transfer", str(tid))] == state_hash(engine, db.Transfer, tid)


def test_obligations_moved_by_a_transfer_are_audited(kt):
    engine = raw_engine(kt.url)
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    (enter,) = [o for o in kt.ws.obligations(D(2026, 2, 11)) if o.obligation == "enter_dossier"]
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="KT.DT.X1",
        via_unit="KT.DT",
        effective_on=D(2026, 3, 2),
        decision_ref="QĐ 5",
        on=D(2026, 3, 2),
    )
    kt["syt.unit"].send(tid, on=D(2026, 3, 2))
    kt["dt.unit"].receive(tid, on=D(2026, 3, 3))
    kt["dt.unit"].forward(tid, on=D(2026, 3, 4))
    logged = [e for e in entries(engine) if e.entity == "obligation" and e.entity_id == str(enter.id)]
    assert logged and logged[-1].after_hash == state_hash(engine, db.Obligation, enter.id)


# -- verify, and tampering behind the library's back ------------------------------------------------------


@pytest.fixture
def logged(kt):
    """A workspace with a few dozen audit entries (the world's, then a dossier's lifecycle)."""
    for n in range(1):
        pr = person()
        did = kt["bv.unit"].recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )
        kt["bv.unit"].submit(did, on=D(2026, 3, 20 + n))
        kt["syt.head"].approve(did, on=D(2026, 3, 27))
    engine = raw_engine(kt.url)
    return kt, engine, audit_count(engine)


def _drop_trigger(engine: sa.Engine, verb: str) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(f"DROP TRIGGER audit_log_no_{verb}")
        else:
            conn.exec_driver_sql("DROP TRIGGER audit_log_append_only ON audit_log")


def test_verify_an_intact_log(capsys, logged):
    kt, _engine, n = logged
    result = kt.ws.verify_audit()
    assert (result.ok, result.entries, result.first_broken) == (True, n, None)
    code, out, err = run(capsys, "audit", "verify", "--db", kt.url)
    assert (code, err) == (0, "")
    assert str(n) in out
    code, out, _err = run(capsys, "audit", "verify", "--db", kt.url, "--json")
    assert code == 0
    assert json.loads(out) == {"ok": True, "entries": n, "first_broken": None, "reason": None}


@pytest.mark.parametrize("seq", [1, 7, "last"])
def test_a_changed_entry_is_found(capsys, logged, seq):
    kt, engine, n = logged
    seq = n if seq == "last" else seq
    _drop_trigger(engine, "update")
    with engine.begin() as conn:
        conn.execute(
            sa.update(db.AuditEntry.__table__).where(db.AuditEntry.seq == seq).values(detail={"forged": True})
        )
    result = kt.ws.verify_audit()
    assert (result.ok, result.first_broken, result.entries) == (False, seq, seq - 1)
    _code, out, err = run(capsys, "audit", "verify", "--db", kt.url)
    assert f" {seq}:" in err and "Traceback" not in err and out == ""
    _code, out, _err = run(capsys, "audit", "verify", "--db", kt.url, "--json")
    assert json.loads(out) == {
        "ok": False,
        "entries": seq - 1,
        "first_broken": seq,
        "reason": "the entry was changed after it was written",
    }


def test_a_changed_entry_whose_own_hash_was_recomputed_breaks_the_next_link(logged):
    kt, engine, _n = logged
    _drop_trigger(engine, "update")
    with Session(engine) as s, s.begin():
        e = s.get(db.AuditEntry, 5)
        e.username = "mallory"
        e.hash = audit.link_hash(e.prev_hash, e)
    result = kt.ws.verify_audit()
    assert (result.ok, result.first_broken) == (False, 6)


@pytest.mark.parametrize("seq", [7, "last"])
def test_a_deleted_entry_is_found(capsys, logged, seq):
    kt, engine, n = logged
    seq = n if seq == "last" else seq
    _drop_trigger(engine, "delete")
    with engine.begin() as conn:
        conn.execute(sa.delete(db.AuditEntry.__table__).where(db.AuditEntry.seq == seq))
    result = kt.ws.verify_audit()
    assert (result.ok, result.first_broken) == (False, seq)
    _code, _out, err = run(capsys, "audit", "verify", "--db", kt.url)
    assert f" {seq}:" in err


def _tamper(engine: sa.Engine) -> None:
    _drop_trigger(engine, "update")
    with engine.begin() as conn:
        conn.execute(sa.update(db.AuditEntry.__table__).where(db.AuditEntry.seq == 3).values(detail={"x": 1}))


@pytest.mark.parametrize("as_json", [False, True])
def test_audit_verify_exits_1_on_a_broken_log(capsys, logged, as_json):
    kt, engine, _n = logged
    _tamper(engine)
    code, _out, _err = run(capsys, "audit", "verify", "--db", kt.url, *(["--json"] if as_json else []))
    assert code == 1


def test_audit_verify_reason_is_vietnamese(capsys, logged):
    kt, engine, _n = logged
    _tamper(engine)
    _code, _out, err = run(capsys, "audit", "verify", "--db", kt.url)
    assert "the entry was changed" not in err


def test_the_database_refuses_update_and_delete_of_the_log(logged):
    _kt, engine, n = logged
    table = db.AuditEntry.__table__
    with pytest.raises(sa.exc.DBAPIError) as info:
        with engine.begin() as conn:
            conn.execute(sa.update(table).where(table.c.seq == 2).values(username="mallory"))
    assert "append-only" in str(info.value)
    with pytest.raises(sa.exc.DBAPIError) as info:
        with engine.begin() as conn:
            conn.execute(sa.delete(table).where(table.c.seq == n))
    assert "append-only" in str(info.value)
    with pytest.raises(sa.exc.DBAPIError):
        with engine.begin() as conn:
            conn.execute(sa.delete(table))
    assert audit_count(engine) == n
    with engine.connect() as conn:
        assert conn.execute(sa.select(table.c.username).where(table.c.seq == 2)).scalar_one() != "mallory"


def test_every_entry_has_when_who_and_a_chain_link(logged):
    _kt, engine, n = logged
    rows = entries(engine)
    assert [e.seq for e in rows] == list(range(1, n + 1))
    assert rows[0].prev_hash == "0" * 64
    for prev, e in itertools.pairwise(rows):
        assert e.prev_hash == prev.hash
        assert e.at >= prev.at  # UTC ISO 8601 with microseconds: string order is time order
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$", e.at) for e in rows)
    with engine.connect() as conn:
        head = conn.execute(sa.select(db.AuditHead.__table__)).one()
    assert (head.seq, head.hash) == (n, rows[-1].hash)
