"""The audit log: every change, append-only and hash-chained.

Each entry records who (account), when (UTC, to the microsecond), what (action, entity, id, a
detail object) and the content hash of the entity before and after. Its ``hash`` is
``sha256(prev_hash || canonical JSON of the entry)``, so editing, deleting or inserting any
entry behind the library's back breaks the chain from that point; :func:`verify` walks the chain
(streaming, in order) and names the first broken link. The database also refuses UPDATE and
DELETE on the table (triggers made by the migration).

Canonical JSON: keys sorted, no insignificant whitespace, UTF-8, dates ISO 8601, no floats
(RFC 8785 for the types used here).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import attrs
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from .db.schema import AuditEntry, AuditHead
from .i18n import N_

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    raise TypeError(f"not canonical: {type(value).__name__}")


def canonical(obj: Any) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    ).encode()


def row_state(row: Any) -> dict[str, Any]:
    """The stored state of an ORM row (every column but the optimistic-lock version)."""
    mapper = inspect(type(row))
    return {c.key: getattr(row, c.key) for c in mapper.column_attrs if c.key != "version"}


def state_hash(state: Mapping[str, Any] | None) -> str | None:
    return None if state is None else "sha256:" + hashlib.sha256(canonical(dict(state))).hexdigest()


def _entry_body(e: AuditEntry) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "at": e.at,
        "account_id": e.account_id,
        "username": e.username,
        "action": e.action,
        "entity": e.entity,
        "entity_id": e.entity_id,
        "before_hash": e.before_hash,
        "after_hash": e.after_hash,
        "detail": e.detail,
    }


def link_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(_entry_body(entry))).hexdigest()


def append(
    session: Session,
    *,
    account_id: int | None,
    username: str,
    action: str,
    entity: str,
    entity_id: object,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add one link. Locks the chain's head row so that concurrent writers never fork it."""
    session.flush()
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    entry = AuditEntry(
        seq=head.seq + 1,
        at=datetime.now(UTC).isoformat(timespec="microseconds"),
        account_id=account_id,
        username=username,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before_hash=state_hash(before),
        after_hash=state_hash(after),
        detail=json.loads(canonical(dict(detail or {}))),
        prev_hash=head.hash,
        hash="",
    )
    entry.hash = link_hash(head.hash, entry)
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry


@attrs.frozen
class VerifyResult:
    ok: bool
    entries: int
    first_broken: int | None = None
    """The ``seq`` of the first entry that does not chain."""
    reason: str | None = None
    """A catalogue message (translate it with ``cbccvc_core.i18n._``)."""


def verify(session: Session) -> VerifyResult:
    """Walk the whole chain in order; stop at the first broken link."""
    prev, expected_seq, count = GENESIS, 1, 0
    for entry in session.execute(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000)
    ).scalars():
        if entry.seq != expected_seq:
            return VerifyResult(False, count, expected_seq, N_("the entry is missing"))
        if entry.prev_hash != prev:
            return VerifyResult(False, count, entry.seq, N_("prev_hash does not match the entry before it"))
        if link_hash(prev, entry) != entry.hash:
            return VerifyResult(False, count, entry.seq, N_("the entry was changed after it was written"))
        prev, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    head = session.get(AuditHead, 1)
    if head is None or head.seq != count or head.hash != prev:
        return VerifyResult(False, count, count + 1, N_("entries after the last one were removed"))
    return VerifyResult(True, count)
