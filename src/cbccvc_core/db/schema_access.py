"""Encryption keys known to the database, and the blind index kept beside each personal ID (issue 5).

Tables of this area, on the same declarative ``Base`` as :mod:`cbccvc_core.db.schema`;
created by their own migration in ``migrations/versions``. Grants are ``schema.Grant``; reads of
other people's data go to the hash-chained audit log (action ``read``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..crypto import TamperedValueError, ring_for
from .schema import Base, Person


class EncryptionKey(Base):
    """A data key the database has used: its id and a check value, never the key itself. A key
    file that lacks a key still ``in_use``, or holds another key under its id, is refused."""

    __tablename__ = "encryption_keys"
    key_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(10))
    """``data`` (AES-GCM) or ``index`` (the blind index's HMAC key)."""
    check_value: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10))
    """``current`` (encrypts), ``retired`` (may still decrypt old values), ``dropped`` (no value
    uses it any more; the key file may forget it)."""
    added_at: Mapped[datetime]


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _index_personal_id(_mapper: Any, connection: Any, target: Person) -> None:
    """Keep the blind index in step with the number (ORM writes; the importer writes both)."""
    ring = ring_for(connection.dialect)
    if ring is not None and target.personal_id is not None:
        target.personal_id_index = ring.blind_index(target.personal_id)


@event.listens_for(Person, "load")
def _check_personal_id(target: Person, context: Any) -> None:
    """A personal ID read back must be the one its row's index was made from: a ciphertext
    copied from another row decrypts (same column), but does not match this row's index."""
    bind = context.session.get_bind() if context.session is not None else None
    ring = ring_for(bind.dialect) if bind is not None else None
    if ring is None or not {"personal_id", "personal_id_index"} <= target.__dict__.keys():
        return
    if ring.blind_index(target.personal_id) != target.personal_id_index:
        raise TamperedValueError(what="people.personal_id")
