"""The figures of a periodic report, computed in SQL (aggregates only; rows never leave the database).

Every query is limited to a unit subtree (the reporting unit and all units under it, by the
materialised path) and to a period ``[start, end]`` of business dates:

- **new dossiers** (lập mới): dossiers whose first revision was made in the period, counted in
  the unit of the dossier's first event (where it was recruited), else its present unit;
- **status updates** (cập nhật tình trạng, thông tin): new revisions (number > 1) made,
  revisions approved and returned for correction (decided in the period, in the dossier's
  present unit; a returned revision stays counted after the correction supersedes it), and
  events recorded in the period by kind (in the unit the event was recorded for);
- **timeliness**: obligations *due* in the period, as they stood at ``end``: done on time
  (``done_on <= due``), done late, still open and past their date (``due < end``), open and not
  yet due. Per agency (the units directly under the reporting unit, their subtrees folded in)
  and per month of the due date. Obligations with no date (the text gives none) are counted apart;
- **transfers** effective in the period (not cancelled), by kind: into the subtree, out of it,
  within it;
- **exits** effective in the period, by reason;
- **headcount**: dossiers the subtree holds now, by employment state.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from ..db import schema as db

if TYPE_CHECKING:
    from ..service import Workspace

RECRUITMENT_EVENTS = ("recruitment_decision", "reported_for_duty")


@attrs.frozen
class Agency:
    """A unit directly under the reporting unit (or the reporting unit itself)."""

    id: str
    name: str
    path: str


@attrs.frozen
class Timeliness:
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    """Not done by the end of the period, and its due date before it."""
    pending: int = 0
    """Not done by the end of the period, not yet due."""

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue + self.pending

    @property
    def on_time_rate(self) -> float | None:
        return None if self.done == 0 else self.on_time / self.done

    def __add__(self, other: Timeliness) -> Timeliness:
        return Timeliness(
            self.on_time + other.on_time,
            self.late + other.late,
            self.overdue + other.overdue,
            self.pending + other.pending,
        )


@attrs.frozen
class TransferCount:
    kind: str
    incoming: int
    outgoing: int
    within: int


@attrs.frozen
class Figures:
    """Everything a report computes, for one subtree and one period."""

    start: date
    end: date
    root: Agency
    agencies: tuple[Agency, ...]
    new_dossiers: dict[str, dict[str, int]]
    """Agency id → person category → dossiers made."""
    revisions_made: int
    revisions_approved: int
    revisions_returned: int
    events: dict[str, int]
    """Event kind → events recorded in the period."""
    timeliness_by_agency: dict[str, Timeliness]
    timeliness_by_month: dict[int, Timeliness]
    undated_obligations: int
    """Obligations started in the period whose rule gives no date (not in the timeliness)."""
    transfers: tuple[TransferCount, ...]
    exits: dict[str, int]
    headcount: dict[str, int]

    @property
    def new_dossiers_total(self) -> int:
        return sum(sum(c.values()) for c in self.new_dossiers.values())

    @property
    def timeliness_total(self) -> Timeliness:
        total = Timeliness()
        for t in self.timeliness_by_agency.values():
            total = total + t
        return total


class _Scope:
    """The subtree: its root, its agencies, and a path test usable in any query."""

    def __init__(self, ws: Workspace, s: Session, unit_id: str | None) -> None:
        if unit_id is None:
            root_row = s.execute(select(db.Unit).where(db.Unit.parent_id.is_(None))).scalars().first()
        else:
            root_row = s.get(db.Unit, unit_id)
        if root_row is None:
            from ..i18n import N_
            from ..service import NotFoundError

            raise NotFoundError(entity=N_("unit"), id=unit_id or "?")
        self.ws = ws
        self.root = Agency(root_row.id, root_row.name, root_row.path)
        children = s.execute(
            select(db.Unit.id, db.Unit.name, db.Unit.path)
            .where(db.Unit.parent_id == root_row.id)
            .order_by(db.Unit.path)
        ).all()
        self.agencies = (self.root, *(Agency(r[0], r[1], r[2]) for r in children))

    def has(self, column: Any) -> Any:
        """``column`` (a unit path) lies in the subtree."""
        return self.ws._in_subtree(column, self.root.path)

    def agency_of(self, path: str) -> str:
        """The agency a unit path belongs to (the longest agency path that prefixes it)."""
        best = self.root
        for a in self.agencies[1:]:
            if path.startswith(a.path):
                best = a
                break
        return best.id


def compute(ws: Workspace, *, start: date, end: date, unit: str | None = None) -> Figures:
    """The figures of ``unit``'s subtree (the whole province when None) from ``start`` to ``end``."""
    with ws.session() as s:
        scope = _Scope(ws, s, unit)
        return Figures(
            start=start,
            end=end,
            root=scope.root,
            agencies=scope.agencies,
            new_dossiers=_new_dossiers(s, scope, start, end),
            revisions_made=_count_revisions(
                s, scope, db.Revision.created_on, start, end, db.Revision.number > 1
            ),
            revisions_approved=_count_revisions(
                s, scope, db.Revision.decided_on, start, end, db.Revision.state == "approved"
            ),
            # A returned revision is superseded by the correction, its decision date kept.
            revisions_returned=_count_revisions(
                s,
                scope,
                db.Revision.decided_on,
                start,
                end,
                db.Revision.state.in_(("returned", "superseded")),
            ),
            events=_events(s, scope, start, end),
            timeliness_by_agency=_timeliness_by_agency(s, scope, start, end),
            timeliness_by_month=_timeliness_by_month(s, scope, start, end),
            undated_obligations=_undated(s, scope, start, end),
            transfers=_transfers(s, scope, start, end),
            exits=_exits(s, scope, start, end),
            headcount=_headcount(s, scope),
        )


def _new_dossiers(s: Session, scope: _Scope, start: date, end: date) -> dict[str, dict[str, int]]:
    r, d, p, e, u = db.Revision, db.Dossier, db.Person, db.Event, db.Unit
    first_event = select(func.min(e.id)).where(e.dossier_id == r.dossier_id).correlate(r).scalar_subquery()
    path = func.coalesce(u.path, d.unit_path)
    q = (
        select(path, p.category, func.count())
        .select_from(r)
        .join(d, d.id == r.dossier_id)
        .join(p, p.id == d.person_id)
        .outerjoin(e, e.id == first_event)
        .outerjoin(u, u.id == e.unit_id)
        .where(r.number == 1, r.created_on >= start, r.created_on <= end, scope.has(path))
        .group_by(path, p.category)
    )
    out: dict[str, dict[str, int]] = {}
    for unit_path, category, n in s.execute(q):
        per = out.setdefault(scope.agency_of(unit_path), {})
        per[category] = per.get(category, 0) + int(n)
    return out


def _count_revisions(s: Session, scope: _Scope, column: Any, start: date, end: date, *where: Any) -> int:
    r, d = db.Revision, db.Dossier
    q = (
        select(func.count())
        .select_from(r)
        .join(d, d.id == r.dossier_id)
        .where(column >= start, column <= end, scope.has(d.unit_path), *where)
    )
    return int(s.execute(q).scalar_one())


def _events(s: Session, scope: _Scope, start: date, end: date) -> dict[str, int]:
    e, u = db.Event, db.Unit
    q = (
        select(e.kind, func.count())
        .join(u, u.id == e.unit_id)
        .where(e.occurred_on >= start, e.occurred_on <= end, scope.has(u.path))
        .group_by(e.kind)
        .order_by(e.kind)
    )
    return {kind: int(n) for kind, n in s.execute(q)}


def _state_columns(end: date) -> tuple[Any, ...]:
    o = db.Obligation
    done = and_(o.done_on.is_not(None), o.done_on <= end)
    is_open = or_(o.done_on.is_(None), o.done_on > end)
    return (
        func.sum(case((and_(done, o.done_on <= o.due), 1), else_=0)),
        func.sum(case((and_(done, o.done_on > o.due), 1), else_=0)),
        func.sum(case((and_(is_open, o.due < end), 1), else_=0)),
        func.sum(case((and_(is_open, o.due >= end), 1), else_=0)),
    )


def _timeliness(row: Any) -> Timeliness:
    return Timeliness(*(int(v or 0) for v in row))


def _timeliness_by_agency(s: Session, scope: _Scope, start: date, end: date) -> dict[str, Timeliness]:
    o = db.Obligation
    q = (
        select(o.unit_path, *_state_columns(end))
        .where(o.due >= start, o.due <= end, scope.has(o.unit_path))
        .group_by(o.unit_path)
    )
    out: dict[str, Timeliness] = {}
    for row in s.execute(q):
        key = scope.agency_of(row[0])
        out[key] = out.get(key, Timeliness()) + _timeliness(row[1:])
    return out


def _timeliness_by_month(s: Session, scope: _Scope, start: date, end: date) -> dict[int, Timeliness]:
    o = db.Obligation
    month = func.extract("month", o.due)
    q = (
        select(month, *_state_columns(end))
        .where(o.due >= start, o.due <= end, scope.has(o.unit_path))
        .group_by(month)
    )
    out: dict[int, Timeliness] = {}
    for row in s.execute(q):
        out[int(row[0])] = out.get(int(row[0]), Timeliness()) + _timeliness(row[1:])
    return out


def _undated(s: Session, scope: _Scope, start: date, end: date) -> int:
    o = db.Obligation
    q = select(func.count()).where(
        o.due.is_(None), o.started_on >= start, o.started_on <= end, scope.has(o.unit_path)
    )
    return int(s.execute(q).scalar_one())


def _transfers(s: Session, scope: _Scope, start: date, end: date) -> tuple[TransferCount, ...]:
    t = db.Transfer
    uf, ut = aliased(db.Unit), aliased(db.Unit)
    from_in = case((scope.has(uf.path), 1), else_=0)
    to_in = case((scope.has(ut.path), 1), else_=0)
    q = (
        select(t.kind, from_in, to_in, func.count())
        .select_from(t)
        .outerjoin(uf, uf.id == t.from_unit_id)
        .join(ut, ut.id == t.to_unit_id)
        .where(
            t.effective_on >= start,
            t.effective_on <= end,
            t.state != "cancelled",
            or_(scope.has(ut.path), and_(uf.path.is_not(None), scope.has(uf.path))),
        )
        .group_by(t.kind, from_in, to_in)
    )
    counts: dict[str, list[int]] = {}
    for kind, f_in, t_in, n in s.execute(q):
        c = counts.setdefault(kind, [0, 0, 0])
        c[0 if not f_in else (2 if t_in else 1)] += int(n)
    return tuple(TransferCount(k, *counts[k]) for k in sorted(counts))


def _exits(s: Session, scope: _Scope, start: date, end: date) -> dict[str, int]:
    e, u, d = db.Event, db.Unit, db.Dossier
    reason = func.coalesce(d.exit_reason, literal("unknown"))
    q = (
        select(reason, func.count())
        .select_from(e)
        .join(u, u.id == e.unit_id)
        .join(d, d.id == e.dossier_id)
        .where(
            e.kind == "exit_effective",
            e.occurred_on >= start,
            e.occurred_on <= end,
            scope.has(u.path),
        )
        .group_by(reason)
    )
    return {str(k): int(n) for k, n in s.execute(q)}


def _headcount(s: Session, scope: _Scope) -> dict[str, int]:
    d = db.Dossier
    q = select(d.employment, func.count()).where(scope.has(d.unit_path)).group_by(d.employment)
    return {str(k): int(n) for k, n in s.execute(q)}
