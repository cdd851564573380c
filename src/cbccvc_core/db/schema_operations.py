"""The national-sync outbox (issue 5).

Tables of this area, on the same declarative ``Base`` as :mod:`cbccvc_core.db.schema`;
created by their own migration in ``migrations/versions``.

Every approved revision gets one row here in the same transaction as its approval (see
:mod:`cbccvc_core.sync`): the approval and the duty to send it to the national database
(Cơ sở dữ liệu quốc gia về CBCCVC) commit together or not at all. The row is marked delivered
only when the receiver acknowledged it; until then it is retried with backoff. Timestamps are
UTC ISO 8601 strings to the microsecond, like ``audit_log.at``, so they sort as text.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base


class OutboxMessage(Base):
    """One approved revision waiting for (or done with) delivery to the national database."""

    __tablename__ = "sync_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    """``<province>/<revision id>/<content hash>``: the receiver keeps one copy per key."""
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    content_hash: Mapped[str] = mapped_column(String(80))
    approved_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    """``pending``, ``delivered`` or ``rejected`` (the receiver refused it for good)."""
    attempts: Mapped[int] = mapped_column(Integer)
    enqueued_at: Mapped[str] = mapped_column(String(40))
    next_attempt_at: Mapped[str] = mapped_column(String(40))
    lease_until: Mapped[str | None] = mapped_column(String(40))
    """A sender that claimed the row; another sender skips it until then."""
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[str | None] = mapped_column(String(40))
    receipt: Mapped[str | None] = mapped_column(Text)
    """What the receiver answered on delivery (its reference, trimmed)."""
    __table_args__ = (Index("ix_sync_outbox_state_next", "state", "next_attempt_at"),)
