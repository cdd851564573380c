"""The database schema, as SQLAlchemy 2.0 typed declarative mappings.

The schema is created and upgraded only through the Alembic migrations in ``migrations/``;
``tests/test_db_schema.py`` checks that the migrated database matches these mappings.

Unit subtrees are queried through a materialised path (``/KT/KT.SNV/``): a prefix ``LIKE`` on an
indexed column (``text_pattern_ops`` on PostgreSQL), the same on both databases. Rows that two
people may change at once carry a ``version`` column (optimistic locking): the second writer gets
a :class:`~cbccvc_core.service.ConflictError`, never a lost update.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..crypto import EncryptedContent, EncryptedString

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


class Meta(Base):
    """Workspace settings: the province, when the workspace was made."""

    __tablename__ = "workspace_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Unit(Base):
    """A unit of the tree: province, department, sub-department, district, commune, public
    service unit, association. Units are never deleted; a dissolved unit keeps its row."""

    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(400), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_on: Mapped[date] = mapped_column(Date)
    __table_args__ = (Index("ix_units_path_prefix", "path", postgresql_ops={"path": "text_pattern_ops"}),)


class Person(Base):
    """A person. ``personal_id`` is stored encrypted (:mod:`cbccvc_core.crypto`); lookups and
    uniqueness go through ``personal_id_index``, its keyed hash (blind index)."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    personal_id: Mapped[str] = mapped_column(EncryptedString("people.personal_id", index="personal_id_index"))
    personal_id_index: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(30))


class Dossier(Base):
    """Hồ sơ: one per person. Two state machines: ``review`` (entering → submitted → approved,
    or returned → resubmitted) and ``employment`` (active → transferring → exited → archived)."""

    __tablename__ = "dossiers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    unit_path: Mapped[str] = mapped_column(String(400))
    review: Mapped[str] = mapped_column(String(20))
    employment: Mapped[str] = mapped_column(String(20))
    exit_reason: Mapped[str | None] = mapped_column(String(30))
    recruited_on: Mapped[date] = mapped_column(Date)
    current_revision: Mapped[int] = mapped_column(Integer, default=0)
    approved_revision: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as given)
    __table_args__ = (
        Index("ix_dossiers_unit_path", "unit_path", postgresql_ops={"unit_path": "text_pattern_ops"}),
    )


class Revision(Base):
    """A numbered revision of a dossier's content (sơ yếu lý lịch sections), with its hash."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(EncryptedContent("revisions.content"))
    """Sensitive fields encrypted inside the JSON (:mod:`cbccvc_core.crypto`)."""
    content_hash: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(20))
    created_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    submitted_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    authority: Mapped[str | None] = mapped_column(String(200))
    """"own" or "delegated:<delegation id> <document reference>"."""
    note: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("dossier_id", "number"),)


class Document(Base):
    """A digitised document attached to a dossier, kept with its SHA-256."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    revision_number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Account(Base):
    """Tài khoản: admin, agency (cơ quan) or personal (cá nhân), in a unit, with a role."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    role: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as given)


class Grant(Base):
    """A right (admin, update, access) of an account over a unit subtree."""

    __tablename__ = "grants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    right: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    document_ref: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Delegation(Base):
    """Ủy quyền: ``delegator`` lets ``delegate`` approve for the units under ``unit_id``."""

    __tablename__ = "delegations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delegator_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    document_ref: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class Transfer(Base):
    """A move of a dossier: internal, within the province, inbound, unsyncable, commune to commune."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20))
    from_unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    via_unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"))
    to_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    effective_on: Mapped[date] = mapped_column(Date)
    decision_ref: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as given)


class Event(Base):
    """An event recorded through the services (vocabulary of RULES.md §2), on its business date."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[date] = mapped_column(Date)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))


class Obligation(Base):
    """An obligation an event started: who owes what, by when, on which article."""

    __tablename__ = "obligations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    unit_path: Mapped[str] = mapped_column(String(400))
    obligation: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    period: Mapped[str] = mapped_column(String(40))
    started_on: Mapped[date] = mapped_column(Date)
    due: Mapped[date | None] = mapped_column(Date)
    window_start: Mapped[date | None] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(200))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    late: Mapped[bool | None] = mapped_column(Boolean)
    __table_args__ = (
        # open work by due date (overdue / due soon), and per unit subtree
        Index("ix_obligations_due", "due", "done_on"),
        Index(
            "ix_obligations_unit_path", "unit_path", "due", postgresql_ops={"unit_path": "text_pattern_ops"}
        ),
    )


class AuditEntry(Base):
    """Append-only, hash-chained: ``hash = sha256(prev_hash || canonical entry)``."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    """UTC time of the write, ISO 8601 with microseconds (a string, hashed exactly as stored)."""
    account_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40))
    before_hash: Mapped[str | None] = mapped_column(String(80))
    after_hash: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """One row: the last link of the chain. Locked by every writer, so links never fork."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


# Tables of later areas live in their own modules, on the same Base (imported here so that
# ``Base.metadata`` is complete wherever the schema is used).
from . import (  # noqa: E402, F401
    schema_access,
    schema_accounts,
    schema_operations,
    schema_restructuring,
    schema_signing,
)
