"""Sending approved revisions to the national database (Cơ sở dữ liệu quốc gia về CBCCVC).

The provinces' texts ask Sở Nội vụ to connect and share the provincial database with the
national one (e.g. Quảng Nam 10.1, Kon Tum 14). This module is that connection's sending side,
built so that nothing approved is lost and nothing is received twice:

* **Outbox.** :meth:`Actor.approve <cbccvc_core.service.Actor.approve>` calls :func:`enqueue` in
  its own transaction: the approval and the row that says "send this" commit together or not at
  all. Revisions approved before the outbox existed are added by the migration.
* **Idempotency key.** ``<province>/<revision id>/<content hash>`` travels with every attempt
  (HTTP header ``Idempotency-Key``); the receiver keeps one copy per key, so sending again after
  a lost answer is harmless. The body for one key is always the same bytes (canonical JSON).
* **Delivered only on acknowledgement.** A row is marked ``delivered`` only when the transport
  returns (HTTP 2xx). A failure the receiver may recover from (unreachable, timeout, 5xx, 408,
  409, 425, 429) leaves the row ``pending`` with ``attempts`` + 1 and the next attempt after an
  exponential backoff; a refusal for good (other 4xx) marks it ``rejected`` with the reason.
* **Leases.** :func:`deliver_pending` first claims the rows it will send (``lease_until``) in a
  short transaction and sends outside any transaction, so two senders never send the same row
  at once and no database lock is held while waiting for the network.

Transports implement :class:`Transport`: :class:`FileTransport` (a folder the national system
or a courier picks up) and :class:`HttpTransport` (a POST per revision, standard library only).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import urllib.error
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from . import audit
from .db import schema as db
from .db.engine import transaction
from .db.schema_operations import OutboxMessage
from .errors import CbccvcError
from .i18n import N_

if TYPE_CHECKING:
    from .service import Workspace

SYNC_FORMAT = "cbccvc.national-sync/1"
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=6)
LEASE = timedelta(minutes=5)

# -- typed errors --------------------------------------------------------------------------------------


class SyncError(CbccvcError):
    template = N_("National sync: {detail}")


class SyncTargetDownError(SyncError):
    """The receiver could not be reached or asked to come back later: retried."""

    template = N_(
        "The national database at {target} cannot be reached or did not accept the revision now "
        "({detail}). Nothing was lost: it stays in the outbox and is sent again later."
    )


class SyncRejectedError(SyncError):
    """The receiver refused the revision for good: not retried."""

    template = N_("The national database at {target} refused {key}: {detail}. It is not sent again.")


class SyncTargetError(SyncError):
    template = N_("Bad sync target {target!r}: {why}")


# -- the outbox -------------------------------------------------------------------------------------------


def iso(moment: datetime) -> str:
    """A UTC timestamp as stored in the outbox (sorts as text)."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def idempotency_key(province: str, revision_id: int, content_hash: str) -> str:
    return f"{province}/{revision_id}/{content_hash}"


def enqueue(s: Session, rev: db.Revision, province: str, *, now: datetime | None = None) -> OutboxMessage:
    """Put an approved revision in the outbox, in the caller's transaction (once per key)."""
    key = idempotency_key(province, rev.id, rev.content_hash)
    existing = s.execute(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    stamp = iso(now or datetime.now(UTC))
    row = OutboxMessage(
        idempotency_key=key,
        revision_id=rev.id,
        dossier_id=rev.dossier_id,
        content_hash=rev.content_hash,
        approved_on=rev.decided_on,
        state="pending",
        attempts=0,
        enqueued_at=stamp,
        next_attempt_at=stamp,
    )
    s.add(row)
    s.flush()
    return row


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min… at most 6 hours."""
    if attempts <= 0:
        return timedelta(0)
    factor: int = 2 ** min(attempts - 1, 20)
    return min(BACKOFF_BASE * factor, BACKOFF_CAP)


@attrs.frozen
class Envelope:
    """What one delivery sends: the key and the canonical JSON body."""

    key: str
    body: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def _json_dates(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def envelope(s: Session, row: OutboxMessage, province: str) -> Envelope:
    """The message for an outbox row: the approved revision as it was approved."""
    rev = s.get(db.Revision, row.revision_id)
    if rev is None or rev.state != "approved" or rev.content_hash != row.content_hash:
        raise SyncRejectedError(
            target=N_("the outbox"),
            key=row.idempotency_key,
            detail=N_("the approved revision in the database no longer matches it"),
        )
    d = s.get(db.Dossier, rev.dossier_id)
    assert d is not None
    p = s.get(db.Person, d.person_id)
    assert p is not None
    body = {
        "format": SYNC_FORMAT,
        "key": row.idempotency_key,
        "province": province,
        "revision": {
            "id": rev.id,
            "dossier_id": rev.dossier_id,
            "number": rev.number,
            "approved_on": _json_dates(rev.decided_on),
            "authority": rev.authority,
            "content_hash": rev.content_hash,
        },
        "person": {
            "personal_id": p.personal_id,
            "full_name": p.full_name,
            "birth_date": p.birth_date.isoformat(),
            "gender": p.gender,
            "category": p.category,
        },
        "content": rev.content,
    }
    return Envelope(row.idempotency_key, audit.canonical(body))


# -- transports ---------------------------------------------------------------------------------------


class Transport(Protocol):
    """Delivers one envelope. Returns the receiver's acknowledgement (a short text) or raises
    :class:`SyncTargetDownError` (retry later) or :class:`SyncRejectedError` (never again)."""

    @property
    def target(self) -> str: ...

    def send(self, envelope: Envelope) -> str: ...


def _safe_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", key)


@attrs.frozen
class FileTransport:
    """Writes each envelope to ``<folder>/<key>.json`` (atomically: temporary file, fsync,
    rename). Writing the same key again finds the same bytes there and succeeds."""

    folder: Path = attrs.field(converter=Path)

    @property
    def target(self) -> str:
        return str(self.folder)

    def send(self, envelope: Envelope) -> str:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / (_safe_name(envelope.key) + ".json")
            if path.exists():
                if path.read_bytes() == envelope.body:
                    return f"{path.name} (already there)"
                raise SyncRejectedError(
                    target=self.target,
                    key=envelope.key,
                    detail=N_("a different message with the same key is already there"),
                )
            write_atomically(path, envelope.body)
        except OSError as exc:
            raise SyncTargetDownError(target=self.target, detail=f"{type(exc).__name__}: {exc}") from None
        return path.name


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either absent or complete: a temporary
    file in the same folder, fsync, rename over, fsync the folder."""
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


RETRYABLE_STATUS = frozenset({408, 409, 425, 429})


@attrs.frozen
class HttpTransport:
    """POSTs each envelope as JSON to ``url`` with the header ``Idempotency-Key``.

    2xx: delivered (the answer's first 500 characters are kept as the receipt). 408, 409, 425,
    429, 5xx, timeouts and connection failures: retried later. Any other status: rejected."""

    url: str = attrs.field()
    timeout: float = 10.0
    headers: tuple[tuple[str, str], ...] = ()

    @url.validator
    def _check(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not (value.startswith("http://") or value.startswith("https://")):
            raise SyncTargetError(target=value, why=N_("an HTTP target starts with http:// or https://"))

    @property
    def target(self) -> str:
        return self.url

    def send(self, envelope: Envelope) -> str:
        request = urllib.request.Request(
            self.url,
            data=envelope.body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": envelope.key,
                "Content-Digest": f"sha-256={envelope.sha256}",
                **dict(self.headers),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
                answer = response.read(4096).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            detail = f"HTTP {exc.code} {exc.reason}"
            if exc.code >= 500 or exc.code in RETRYABLE_STATUS:
                raise SyncTargetDownError(target=self.url, detail=detail) from None
            raise SyncRejectedError(target=self.url, key=envelope.key, detail=detail) from None
        except (urllib.error.URLError, OSError) as exc:  # refused, reset, timeout, DNS…
            reason = getattr(exc, "reason", exc)
            raise SyncTargetDownError(target=self.url, detail=f"{type(exc).__name__}: {reason}") from None
        if not 200 <= status < 300:
            raise SyncTargetDownError(target=self.url, detail=f"HTTP {status}")
        return answer[:500] or f"HTTP {status}"


def transport_for(target: str) -> Transport:
    """An HTTP transport for an ``http(s)://`` URL, else a file transport for a folder."""
    if "://" in target:
        return HttpTransport(target)
    if not target.strip():
        raise SyncTargetError(target=target, why=N_("give a folder or an http(s):// URL"))
    return FileTransport(target)


# -- delivering -------------------------------------------------------------------------------------------


@attrs.frozen
class DeliveryReport:
    delivered: int
    retry_later: int
    rejected: int
    pending: int
    """Still pending in the outbox after this run (including those not yet due)."""
    errors: tuple[CbccvcError, ...] = ()


def deliver_pending(
    ws: Workspace,
    transport: Transport,
    *,
    now: datetime | None = None,
    limit: int = 500,
    lease: timedelta = LEASE,
) -> DeliveryReport:
    """Send every outbox row that is due at ``now``, oldest first.

    Stops at the first failure that says the receiver is down (the rest is released untouched
    and tried at the next run); a rejection concerns one revision and does not stop the run."""
    now = now or datetime.now(UTC)
    stamp = iso(now)
    province = ws.ruleset.code
    o = OutboxMessage
    with transaction(ws._sessions) as s:
        q = (
            select(o)
            .where(
                o.state == "pending",
                o.next_attempt_at <= stamp,
                or_(o.lease_until.is_(None), o.lease_until <= stamp),
            )
            .order_by(o.id)
            .limit(limit)
        )
        if ws.engine.dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        claimed = list(s.execute(q).scalars())
        for row in claimed:
            row.lease_until = iso(now + lease)
        ids = [row.id for row in claimed]
    delivered = retry = rejected = 0
    errors: list[CbccvcError] = []
    for n, row_id in enumerate(ids):
        try:
            with transaction(ws._sessions) as s:
                item = s.get(o, row_id)
                assert item is not None
                env = envelope(s, item, province)
            receipt = transport.send(env)
        except SyncTargetDownError as exc:
            _settle(ws, row_id, now, error=exc)
            errors.append(exc)
            retry += 1
            _release(ws, ids[n + 1 :])
            break
        except SyncRejectedError as exc:
            _settle(ws, row_id, now, error=exc, reject=True)
            errors.append(exc)
            rejected += 1
        else:
            _settle(ws, row_id, now, receipt=receipt)
            delivered += 1
    with ws.session() as s:
        pending = s.execute(select(func.count()).select_from(o).where(o.state == "pending")).scalar_one()
    return DeliveryReport(delivered, retry, rejected, int(pending), tuple(errors))


def _settle(
    ws: Workspace,
    row_id: int,
    now: datetime,
    *,
    receipt: str | None = None,
    error: CbccvcError | None = None,
    reject: bool = False,
) -> None:
    with transaction(ws._sessions) as s:
        row = s.get(OutboxMessage, row_id)
        assert row is not None
        row.attempts += 1
        row.lease_until = None
        if error is None:
            row.state, row.delivered_at, row.receipt, row.last_error = "delivered", iso(now), receipt, None
        elif reject:
            row.state, row.last_error = "rejected", error.message("en")
        else:
            row.last_error = error.message("en")
            row.next_attempt_at = iso(now + backoff(row.attempts))


def _release(ws: Workspace, ids: list[int]) -> None:
    if not ids:
        return
    with transaction(ws._sessions) as s:
        for row in s.execute(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).scalars():
            row.lease_until = None


@attrs.frozen
class OutboxRow:
    key: str
    dossier_id: int
    revision_id: int
    state: str
    attempts: int
    next_attempt_at: str
    delivered_at: str | None
    last_error: str | None

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


def outbox(ws: Workspace, *, state: str | None = None, limit: int | None = None) -> list[OutboxRow]:
    """The outbox's rows (oldest first), all or in one ``state``."""
    o = OutboxMessage
    with ws.session() as s:
        q = select(o).order_by(o.id)
        if state is not None:
            q = q.where(o.state == state)
        if limit:
            q = q.limit(limit)
        return [
            OutboxRow(
                r.idempotency_key,
                r.dossier_id,
                r.revision_id,
                r.state,
                r.attempts,
                r.next_attempt_at,
                r.delivered_at,
                r.last_error,
            )
            for r in s.execute(q).scalars()
        ]


def counts(ws: Workspace) -> dict[str, int]:
    """Rows per state: ``pending``, ``delivered``, ``rejected``."""
    o = OutboxMessage
    with ws.session() as s:
        found = {state: n for state, n in s.execute(select(o.state, func.count()).group_by(o.state))}
    return {k: int(found.get(k, 0)) for k in ("pending", "delivered", "rejected")}
