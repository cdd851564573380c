"""Unit restructuring acts and unit name history (issue 5).

Tables of this area, on the same declarative ``Base`` as :mod:`cbccvc_core.db.schema`;
created by their own migration in ``migrations/versions``.

- ``restructurings``: one row per restructuring act (đổi tên, sáp nhập, hợp nhất, chia tách,
  giải thể, chuyển đơn vị), with its written decision, effective date and what it moved;
- ``unit_names``: the names a unit has had, each valid from a day to the day before the next
  (``valid_to`` is exclusive; NULL for the current name);
- ``unit_lineage``: predecessor → successor edges (which unit took over from which), with the kind
  of act, its decision and date. Units are never deleted: a unit that disappears keeps its row,
  inactive, and these edges say where its staff and work went.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base

RESTRUCTURING_KINDS = ("establish", "rename", "merge", "consolidate", "split", "dissolve", "reparent")


class Restructuring(Base):
    """One restructuring act on its written decision (quyết định)."""

    __tablename__ = "restructurings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    decision_ref: Mapped[str] = mapped_column(String(200))
    effective_on: Mapped[date] = mapped_column(Date)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    """Units involved and how many dossiers, obligations, transfers and accounts moved."""


class UnitName(Base):
    """A name of a unit, valid from ``valid_from`` until the day before ``valid_to``."""

    __tablename__ = "unit_names"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    restructuring_id: Mapped[int | None] = mapped_column(ForeignKey("restructurings.id"))
    __table_args__ = (Index("ix_unit_names_unit_id_valid_from", "unit_id", "valid_from"),)


class UnitLineage(Base):
    """Predecessor → successor: where a unit's staff and work went (or came from)."""

    __tablename__ = "unit_lineage"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    restructuring_id: Mapped[int] = mapped_column(ForeignKey("restructurings.id"))
    predecessor_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    successor_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    decision_ref: Mapped[str] = mapped_column(String(200))
    effective_on: Mapped[date] = mapped_column(Date)
