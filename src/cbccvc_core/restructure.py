"""Unit restructuring: establish, rename, merge, consolidate, split, dissolve, move (issue 5).

:class:`RestructureActs` is a base class of :class:`cbccvc_core.service.Actor`: its acts run through the
same ``Actor._work`` transaction and audit as every other act. Each act takes the reference of the
written decision (``decision_ref``, e.g. "Quyết định số 12/QĐ-UBND") and its effective day ``on``.

- đổi tên (:meth:`~RestructureActs.rename_unit`): the unit keeps its identity, the old name stays in
  ``unit_names`` with the days it was in use (:func:`unit_name_on`);
- sáp nhập (:meth:`~RestructureActs.merge_units`): A is absorbed into B, B keeps its identity;
- hợp nhất (:meth:`~RestructureActs.consolidate_units`): A and B become a new unit C;
- chia tách (:meth:`~RestructureActs.split_unit`): A becomes several new units; every dossier of A is
  assigned to one of them by the mapping the caller gives (the decision's staff list);
- giải thể (:meth:`~RestructureActs.dissolve_unit`): A ends; its subordinate units and staff go to a
  named successor (or, one by one, where the decision puts them);
- chuyển (:meth:`~RestructureActs.reparent_unit`): A and its subtree move under another parent.

A unit that disappears is never deleted: it keeps its row, inactive (``Unit.active``), its name
and its finished work (done obligations, events, audit entries). What was still going on moves to
the successor: dossiers, open obligations, open transfers (from, via or to the unit). Its agency
and admin accounts are revoked through the account state machine; personal accounts follow their
holder's dossier; every new unit gets an agency account (Đắk Lắk Điều 5.5: "thu hồi tài khoản đã cấp
cho cơ quan, đơn vị đã chuyển đổi, sáp nhập, hợp nhất và thực hiện cấp tài khoản cho cơ quan, đơn vị
mới thành lập"). ``unit_lineage`` records predecessor → successor.

Units are addressed by a materialised path (``/KT/KT.DT/``) copied into ``dossiers.unit_path`` and
``obligations.unit_path``: moving a subtree rewrites every row under the old prefix with one
set-based ``UPDATE … SET path = :new || substr(path, n)`` per table, the same on SQLite and
PostgreSQL, inside the act's one transaction. Every act writes one ``restructuring`` audit entry
(what moved, counts, before/after hashes of the units involved) plus one per unit, dossier,
transfer and account it changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy import String, literal, or_, select, update
from sqlalchemy import func as sqlfunc
from sqlalchemy.orm import Session

from . import audit
from .db import schema as db
from .db.schema_restructuring import Restructuring, UnitLineage, UnitName
from .errors import CbccvcError
from .i18n import N_
from .model.states import ACCOUNT

if TYPE_CHECKING:
    from .service import _Work

# -- typed errors -------------------------------------------------------------------------------------


class UnitInactiveError(CbccvcError):
    template = N_("Cannot {action}: unit {unit} no longer exists (it was dissolved, merged or split).")


class RootUnitError(CbccvcError):
    template = N_("Cannot {action}: {unit} is the province's root unit.")


class CircularRestructuringError(CbccvcError):
    template = N_("Cannot {action}: {target} lies inside {unit} (or is {unit} itself).")


class UnassignedStaffError(CbccvcError):
    template = N_(
        "Cannot {action}: the decision must assign every dossier of {unit} to a unit; "
        "not assigned: {ids}. Nothing was written."
    )


class UnassignedUnitsError(CbccvcError):
    template = N_(
        "Cannot {action}: the decision must assign every subordinate unit of {unit} to a new "
        "parent; not assigned: {ids}. Nothing was written."
    )


class MissingDecisionError(CbccvcError):
    template = N_("Cannot {action}: the reference of the written decision (quyết định) is required.")


class RestructuringError(CbccvcError):
    template = N_("Cannot {action}: {why}")


# -- what a caller gives ------------------------------------------------------------------------------


@attrs.frozen
class NewUnit:
    """A unit a consolidation or a split establishes (thành lập)."""

    id: str
    name: str
    kind: str | None = None
    """Default: the kind of the unit(s) it replaces."""
    parent: str | None = None
    """Default: the parent of the unit(s) it replaces."""


@attrs.frozen
class Outcome:
    """What a restructuring act did (also stored in ``restructurings.detail``)."""

    restructuring_id: int
    kind: str
    counts: Mapping[str, int]
    new_units: tuple[str, ...] = ()
    new_accounts: tuple[str, ...] = ()
    revoked_accounts: tuple[str, ...] = ()


# -- reading the history ------------------------------------------------------------------------------


def unit_name_on(session: Session, unit_id: str, day: date) -> str:
    """The unit's name as it was on ``day``: the name valid then, the first one for a day before
    the unit's first recorded name, the current one when it was never renamed."""
    un = UnitName
    name = session.execute(
        select(un.name)
        .where(un.unit_id == unit_id, un.valid_from <= day)
        .order_by(un.valid_from.desc(), un.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if name is not None:
        return name
    first = session.execute(
        select(un.name).where(un.unit_id == unit_id).order_by(un.valid_from, un.id).limit(1)
    ).scalar_one_or_none()
    if first is not None:
        return first
    unit = session.get(db.Unit, unit_id)
    if unit is None:
        from .service import NotFoundError

        raise NotFoundError(entity=N_("unit"), id=unit_id)
    return unit.name


def unit_history(session: Session, unit_id: str) -> dict[str, Any]:
    """A unit's names over time and the restructurings it took part in (as predecessor or
    successor), oldest first, for ``cbccvc unit history``."""
    unit = session.get(db.Unit, unit_id)
    if unit is None:
        from .service import NotFoundError

        raise NotFoundError(entity=N_("unit"), id=unit_id)
    names = [
        {"name": n.name, "valid_from": n.valid_from, "valid_to": n.valid_to}
        for n in session.execute(
            select(UnitName).where(UnitName.unit_id == unit_id).order_by(UnitName.valid_from, UnitName.id)
        ).scalars()
    ] or [{"name": unit.name, "valid_from": unit.created_on, "valid_to": None}]
    ln = UnitLineage
    lineage = [
        {
            "predecessor": e.predecessor_id,
            "predecessor_name": unit_name_on(session, e.predecessor_id, e.effective_on),
            "successor": e.successor_id,
            "successor_name": unit_name_on(session, e.successor_id, e.effective_on),
            "kind": e.kind,
            "decision_ref": e.decision_ref,
            "effective_on": e.effective_on,
        }
        for e in session.execute(
            select(ln)
            .where(or_(ln.predecessor_id == unit_id, ln.successor_id == unit_id))
            .order_by(ln.effective_on, ln.id)
        ).scalars()
    ]
    return {
        "unit": unit.id,
        "name": unit.name,
        "kind": unit.kind,
        "path": unit.path,
        "parent": unit.parent_id,
        "active": unit.active,
        "created_on": unit.created_on,
        "names": names,
        "lineage": lineage,
    }


# -- the acts -----------------------------------------------------------------------------------------

_OPEN_TRANSFER_STATES = ("completed", "cancelled")
"""Transfers in these states are finished (history): they keep their units."""


class RestructureActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""

    if TYPE_CHECKING:

        def _work(self, action: str) -> AbstractContextManager[_Work]: ...

    def establish_unit(
        self, unit_id: str, *, parent: str, kind: str, name: str, decision_ref: str, on: date
    ) -> Outcome:
        """Thành lập: a new unit on a written decision, with its agency account."""
        what = N_("establish a unit")
        with self._work(what) as w:
            job = _Job(w, "establish", what, decision_ref, on)
            p = job.active(parent)
            job.check_new(NewUnit(unit_id, name, kind, parent), p, kind)
            job.require(p)
            job.begin([p])
            job.create(NewUnit(unit_id, name, kind, parent), p, kind)
            return job.finish()

    def rename_unit(self, unit_id: str, *, name: str, decision_ref: str, on: date) -> Outcome:
        """Đổi tên: the unit keeps its identity, accounts and staff; the old name stays in the
        history with the days it was used."""
        what = N_("rename a unit")
        with self._work(what) as w:
            job = _Job(w, "rename", what, decision_ref, on)
            u = job.active(unit_id)
            if not name.strip() or len(name) > 200:
                raise RestructuringError(action=what, why=N_("the new name is empty or too long"))
            if name == u.name:
                raise RestructuringError(action=what, why=N_("the unit already has that name"))
            last = w.s.execute(
                select(sqlfunc.max(UnitName.valid_from)).where(UnitName.unit_id == u.id)
            ).scalar_one_or_none()
            if last is not None and on <= last:
                raise RestructuringError(
                    action=what,
                    why=N_("the unit's current name is in use only from {day}"),
                    day=last.isoformat(),
                )
            job.require(u)
            job.begin([u])
            before = audit.row_state(u)
            current = w.s.execute(
                select(UnitName).where(UnitName.unit_id == u.id, UnitName.valid_to.is_(None))
            ).scalar_one_or_none()
            if current is None:
                w.s.add(UnitName(unit_id=u.id, name=u.name, valid_from=u.created_on, valid_to=on))
            else:
                current.valid_to = on
            w.s.add(UnitName(unit_id=u.id, name=name, valid_from=on, restructuring_id=job.rec.id))
            u.name = name
            w.s.flush()
            w.audit("rename_unit", "unit", u.id, before, audit.row_state(u), **job.ref())
            job.involved(u)
            return job.finish()

    def reparent_unit(self, unit_id: str, *, parent: str, decision_ref: str, on: date) -> Outcome:
        """Chuyển: the unit and its whole subtree move under ``parent`` (e.g. a commune put
        directly under the province when its district ends)."""
        what = N_("move a unit")
        with self._work(what) as w:
            job = _Job(w, "reparent", what, decision_ref, on)
            u = job.active(unit_id, movable=True)
            p = job.active(parent)
            job.outside(p, u)
            if u.parent_id == p.id:
                raise RestructuringError(action=what, why=N_("the unit is already there"))
            job.require(u, p)
            job.begin([u, p])
            job.move(u, p)
            return job.finish()

    def merge_units(
        self, absorbed: str | Sequence[str], *, into: str, decision_ref: str, on: date
    ) -> Outcome:
        """Sáp nhập: each unit of ``absorbed`` is absorbed into ``into``, which keeps its identity;
        their subordinate units, staff, open work and personal accounts go to it."""
        what = N_("merge units")
        ids = [absorbed] if isinstance(absorbed, str) else list(absorbed)
        with self._work(what) as w:
            job = _Job(w, "merge", what, decision_ref, on)
            if not ids:
                raise RestructuringError(action=what, why=N_("name at least one unit to merge"))
            job.distinct(ids)
            olds = [job.active(i, movable=True) for i in ids]
            target = job.active(into)
            for old in olds:
                job.outside(target, old)
            job.require(*olds, target)
            job.begin([*olds, target])
            for old in olds:
                job.retire(old, target)
            return job.finish()

    def consolidate_units(
        self, units: Sequence[str], *, new_unit: NewUnit, decision_ref: str, on: date
    ) -> Outcome:
        """Hợp nhất: the units end and one new unit takes over all of them."""
        what = N_("consolidate units")
        with self._work(what) as w:
            job = _Job(w, "consolidate", what, decision_ref, on)
            if len(units) < 2:
                raise RestructuringError(action=what, why=N_("a consolidation needs at least two units"))
            job.distinct(units)
            olds = [job.active(i, movable=True) for i in units]
            for a in olds:
                for b in olds:
                    if a is not b:
                        job.outside(b, a)
            parent = job.active(new_unit.parent) if new_unit.parent else job.common_parent(olds)
            for old in olds:
                job.outside(parent, old)
            kind = new_unit.kind or job.common_kind(olds)
            job.check_new(new_unit, parent, kind)
            job.require(*olds, parent)
            job.begin([*olds, parent])
            new = job.create(new_unit, parent, kind)
            for old in olds:
                job.retire(old, new)
            return job.finish()

    def split_unit(
        self,
        unit_id: str,
        *,
        parts: Sequence[NewUnit],
        staff: Mapping[int, str],
        decision_ref: str,
        on: date,
        children: Mapping[str, str] | None = None,
    ) -> Outcome:
        """Chia tách: the unit ends and ``parts`` are established. ``staff`` maps every dossier
        of the unit (dossier id → unit id: a new part, or an existing unit outside this one);
        ``children`` maps each active subordinate unit likewise. The first part takes over what
        no mapping names: the unit's own open obligations and transfers coming to it."""
        what = N_("split a unit")
        with self._work(what) as w:
            job = _Job(w, "split", what, decision_ref, on)
            old = job.active(unit_id, movable=True)
            if len(parts) < 2:
                raise RestructuringError(action=what, why=N_("a split needs at least two new units"))
            job.distinct([p.id for p in parts])
            parents: dict[str, db.Unit] = {}
            for part in parts:
                parent = job.active(part.parent) if part.parent else job.active(old.parent_id or "")
                job.outside(parent, old)
                job.check_new(part, parent, part.kind or old.kind)
                parents[part.id] = parent
            new_ids = {p.id for p in parts}
            job.check_assignment(old, staff, children or {}, new_ids, complete=True)
            job.require(old, *parents.values())
            job.begin([old, *parents.values()])
            made = {p.id: job.create(p, parents[p.id], p.kind or old.kind) for p in parts}
            job.retire(old, made[parts[0].id], staff=staff, children=children or {})
            return job.finish()

    def dissolve_unit(
        self,
        unit_id: str,
        *,
        successor: str,
        decision_ref: str,
        on: date,
        staff: Mapping[int, str] | None = None,
        children: Mapping[str, str] | None = None,
    ) -> Outcome:
        """Giải thể: the unit ends; its subordinate units, staff and open work go to
        ``successor``, except the dossiers (``staff``: dossier id → unit id) and subordinate units
        (``children``: unit id → new parent) the decision places elsewhere."""
        what = N_("dissolve a unit")
        with self._work(what) as w:
            job = _Job(w, "dissolve", what, decision_ref, on)
            old = job.active(unit_id, movable=True)
            target = job.active(successor)
            job.outside(target, old)
            job.check_assignment(old, staff or {}, children or {}, set(), complete=False)
            job.require(old, target)
            job.begin([old, target])
            job.retire(old, target, staff=staff or {}, children=children or {})
            return job.finish()


# -- the machinery ------------------------------------------------------------------------------------


class _Job:
    """One restructuring act: checks first (nothing written), then ``begin`` and the writes."""

    def __init__(self, w: _Work, kind: str, what: str, decision_ref: str, on: date) -> None:
        self.w, self.kind, self.what, self.on = w, kind, what, on
        if not isinstance(on, date) or isinstance(on, datetime):
            raise RestructuringError(action=what, why=N_("{value!r} is not a date"), value=on)
        if not isinstance(decision_ref, str) or not decision_ref.strip():
            raise MissingDecisionError(action=what)
        if len(decision_ref) > 200:
            raise RestructuringError(action=what, why=N_("the decision's reference is too long"))
        self.decision_ref = decision_ref.strip()
        self.counts: Counter[str] = Counter()
        self.units: dict[str, db.Unit] = {}
        self.before: dict[str, dict[str, Any] | None] = {}
        self.new_units: list[str] = []
        self.new_accounts: list[str] = []
        self.revoked: list[str] = []
        self.lineage: list[tuple[str, str]] = []
        self.rec: Restructuring

    # -- checks (before anything is written)
    def active(self, unit_id: str, *, movable: bool = False) -> db.Unit:
        u = self.w.unit(unit_id)
        if not u.active:
            raise UnitInactiveError(action=self.what, unit=unit_id)
        if movable and u.parent_id is None:
            raise RootUnitError(action=self.what, unit=unit_id)
        if self.on < u.created_on:
            raise RestructuringError(
                action=self.what,
                why=N_("unit {unit} was only established on {day}"),
                unit=unit_id,
                day=u.created_on.isoformat(),
            )
        return u

    def outside(self, target: db.Unit, unit: db.Unit) -> None:
        """``target`` (a successor or new parent) must not lie inside ``unit``'s subtree."""
        if target.path.startswith(unit.path):
            raise CircularRestructuringError(action=self.what, target=target.id, unit=unit.id)

    def distinct(self, ids: Iterable[str]) -> None:
        seen = Counter(ids)
        twice = sorted(i for i, n in seen.items() if n > 1)
        if twice:
            raise RestructuringError(
                action=self.what, why=N_("{ids} named more than once"), ids=", ".join(twice)
            )

    def common_parent(self, units: Sequence[db.Unit]) -> db.Unit:
        parents = {u.parent_id for u in units}
        if len(parents) != 1:
            raise RestructuringError(
                action=self.what, why=N_("the units have different parents: name the new unit's parent")
            )
        return self.active(units[0].parent_id or "")

    def common_kind(self, units: Sequence[db.Unit]) -> str:
        kinds = {u.kind for u in units}
        if len(kinds) != 1:
            raise RestructuringError(
                action=self.what, why=N_("the units are of different kinds: name the new unit's kind")
            )
        return units[0].kind

    def check_new(self, spec: NewUnit, parent: db.Unit, kind: str | None) -> None:
        from .service import UNIT_KINDS, DuplicateError

        if kind not in UNIT_KINDS or kind == "province":
            raise RestructuringError(
                action=self.what,
                why=N_("unit kind must be one of {kinds}"),
                kinds=", ".join(UNIT_KINDS[1:]),
            )
        if not spec.id or "/" in spec.id or len(spec.id) > 40:
            raise RestructuringError(action=self.what, why=N_("bad unit id {unit_id!r}"), unit_id=spec.id)
        if not spec.name.strip() or len(spec.name) > 200:
            raise RestructuringError(action=self.what, why=N_("the new name is empty or too long"))
        if self.w.s.get(db.Unit, spec.id) is not None:
            raise DuplicateError(entity=N_("unit"), id=spec.id)
        if not parent.active:
            raise UnitInactiveError(action=self.what, unit=parent.id)

    def check_assignment(
        self,
        old: db.Unit,
        staff: Mapping[int, str],
        children: Mapping[str, str],
        new_ids: set[str],
        *,
        complete: bool,
    ) -> None:
        """Every target is a new unit or an active unit outside ``old``; with ``complete``, every
        dossier and active subordinate unit of ``old`` is assigned."""
        # A target may lie inside ``old`` (e.g. a commune of the district being dissolved): its
        # subordinate units move out first, then the staff follow.
        for target in sorted({*staff.values(), *children.values()} - new_ids):
            t = self.active(target)
            if t.id == old.id:
                raise CircularRestructuringError(action=self.what, target=t.id, unit=old.id)
            self.units.setdefault(t.id, t)
        for child_id, target in sorted(children.items()):
            if target not in new_ids:
                child = self.w.unit(child_id)
                self.outside(self.w.unit(target), child)
        d = db.Dossier
        mine = set(self.w.s.execute(select(d.id).where(d.unit_id == old.id)).scalars())
        strangers = sorted(set(staff) - mine)
        if strangers:
            raise RestructuringError(
                action=self.what,
                why=N_("dossiers {ids} are not in unit {unit}"),
                ids=", ".join(map(str, strangers)),
                unit=old.id,
            )
        kids = set(
            self.w.s.execute(
                select(db.Unit.id).where(db.Unit.parent_id == old.id, db.Unit.active.is_(True))
            ).scalars()
        )
        foreign = sorted(set(children) - set(kids))
        if foreign:
            raise RestructuringError(
                action=self.what,
                why=N_("units {ids} are not directly under {unit}"),
                ids=", ".join(foreign),
                unit=old.id,
            )
        if complete:
            missing = sorted(mine - set(staff))
            if missing:
                shown = ", ".join(map(str, missing[:20])) + (" …" if len(missing) > 20 else "")
                raise UnassignedStaffError(action=self.what, unit=old.id, ids=shown)
            orphans = sorted(kids - set(children))
            if orphans:
                raise UnassignedUnitsError(action=self.what, unit=old.id, ids=", ".join(orphans))

    def require(self, *units: db.Unit) -> None:
        """The admin right over every unit the act touches (and over every target of a mapping)."""
        for u in [*units, *self.units.values()]:
            self.w.require("admin", u.path, self.on, self.what)

    # -- writes
    def begin(self, units: Iterable[db.Unit]) -> None:
        self.rec = Restructuring(
            kind=self.kind,
            decision_ref=self.decision_ref,
            effective_on=self.on,
            account_id=self.w.account.id,
            detail={},
        )
        self.w.s.add(self.rec)
        self.w.s.flush()
        for u in [*units, *self.units.values()]:
            self.involved(u)

    def involved(self, u: db.Unit) -> None:
        self.units[u.id] = u
        self.before.setdefault(u.id, audit.row_state(u))

    def ref(self) -> dict[str, Any]:
        return {"decision_ref": self.decision_ref, "on": self.on, "restructuring": self.rec.id}

    def create(self, spec: NewUnit, parent: db.Unit, kind: str | None) -> db.Unit:
        assert kind is not None
        from .service import _unit_path

        u = db.Unit(
            id=spec.id,
            parent_id=parent.id,
            kind=kind,
            name=spec.name,
            path=_unit_path(parent.path, spec.id),
            active=True,
            created_on=self.on,
        )
        self.w.s.add(u)
        self.w.s.flush()
        self.w.s.add(UnitName(unit_id=u.id, name=u.name, valid_from=self.on, restructuring_id=self.rec.id))
        self.w.audit("add_unit", "unit", u.id, None, audit.row_state(u), **self.ref())
        self.before[u.id] = None
        self.units[u.id] = u
        self.new_units.append(u.id)
        self.counts["units_established"] += 1
        self.issue_account(u)
        return u

    def issue_account(self, u: db.Unit) -> None:
        """Đắk Lắk 5.5: an account for the newly established unit, as the province issues
        agency accounts (one per agency where the text says so)."""
        taken = set(
            self.w.s.execute(
                select(db.Account.username).where(db.Account.username.like(u.id.lower()[:30] + "%"))
            ).scalars()
        )
        base = u.id.lower()[:32] + ".unit"  # room for a counter within 40 characters
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}{n}"
        from .accounts import check_issue  # the province's account model (one per agency…)

        check_issue(self.w, username=name, kind="agency", unit_id=u.id, role=None, person_id=None)
        acc = db.Account(
            username=name,
            kind="agency",
            unit_id=u.id,
            person_id=None,
            role=None,
            state=ACCOUNT.next(ACCOUNT.initial, "activate"),
        )
        self.w.s.add(acc)
        self.w.s.flush()
        self.w.audit(
            "issue_account", "account", acc.id, None, audit.row_state(acc), basis=self.basis(), **self.ref()
        )
        self.new_accounts.append(name)
        self.counts["accounts_issued"] += 1

    def basis(self, *, revocation: bool = False) -> str | None:
        """The province's provision on accounts of reorganised units, when its text has one
        (Đắk Lắk 5.5, declared among its revocation provisions: the one naming sáp nhập, hợp
        nhất). It covers new units' accounts whatever made them, and revocation only on a merger
        or consolidation: the text does not speak of dissolution or splitting."""
        policy = self.w.ws.ruleset.accounts
        if policy is None or (revocation and self.kind not in ("merge", "consolidate")):
            return None
        for p in policy.revocation:
            text = p.source.quote
            if "sáp nhập" in text or "hợp nhất" in text:
                return p.source.basis
        return None

    def move(self, u: db.Unit, parent: db.Unit) -> None:
        """Move ``u``'s subtree under ``parent``: one set-based UPDATE per table rewrites every
        path under the old prefix (units, dossiers, obligations, done ones too: the unit is the
        same, only its address changes)."""
        w = self.w
        self.involved(u)
        old, new = u.path, parent.path + u.id + "/"
        before = audit.row_state(u)
        w.s.flush()
        longest = w.s.execute(
            select(sqlfunc.max(sqlfunc.length(db.Unit.path))).where(w.ws._in_subtree(db.Unit.path, old))
        ).scalar_one()
        if (longest or 0) - len(old) + len(new) > db.Unit.path.type.length:
            raise RestructuringError(  # the act's transaction rolls back: nothing is written
                action=self.what,
                why=N_("the addresses of {unit}'s subtree would grow beyond {n} characters"),
                unit=u.id,
                n=db.Unit.path.type.length,
            )
        cut = len(old) + 1
        counts: dict[str, int] = {}
        for model, column, label in (
            (db.Unit, db.Unit.path, "units"),
            (db.Dossier, db.Dossier.unit_path, "dossiers"),
            (db.Obligation, db.Obligation.unit_path, "obligations"),
        ):
            values: dict[str, Any] = {column.key: literal(new, String) + sqlfunc.substr(column, cut)}
            if model is db.Dossier:  # a concurrent editor of these dossiers must reload
                values["version"] = db.Dossier.version + 1
            result = w.s.execute(
                update(model).where(w.ws._in_subtree(column, old)).values(values),
                execution_options={"synchronize_session": False},
            )
            counts[label] = int(getattr(result, "rowcount", 0) or 0)
        w.s.expire_all()
        u.parent_id = parent.id
        w.s.flush()
        w.audit(
            "move_unit",
            "unit",
            u.id,
            before,
            audit.row_state(u),
            old_path=old,
            new_path=new,
            rewritten=counts,
            **self.ref(),
        )
        for label, n in counts.items():
            self.counts[f"{label}_readdressed"] += n
        self.counts["units_moved"] += 1
        self.involved(parent)

    def retire(
        self,
        old: db.Unit,
        successor: db.Unit,
        *,
        staff: Mapping[int, str] | None = None,
        children: Mapping[str, str] | None = None,
    ) -> None:
        """``old`` ends: subordinate units, dossiers, open obligations, open transfers and
        personal accounts go where the decision puts them (else to ``successor``); its other
        accounts are revoked; it stays, inactive, with its name and finished work."""
        w, staff, children = self.w, staff or {}, children or {}
        before = self.before.get(old.id) or audit.row_state(old)
        # 1. active subordinate units, with their subtrees (ended ones stay where they were)
        for child_id in list(
            w.s.execute(
                select(db.Unit.id)
                .where(db.Unit.parent_id == old.id, db.Unit.active.is_(True))
                .order_by(db.Unit.id)
            ).scalars()
        ):
            child = w.unit(child_id)
            self.move(child, w.unit(children.get(child_id, successor.id)))
        # 2. dossiers of the unit itself
        moved: dict[int, str] = {}
        d = db.Dossier
        for dossier in w.s.execute(select(d).where(d.unit_id == old.id).order_by(d.id)).scalars().all():
            target = w.unit(staff.get(dossier.id, successor.id))
            dbefore = audit.row_state(dossier)
            dossier.unit_id, dossier.unit_path = target.id, target.path
            w.s.flush()
            w.audit(
                "rehome",
                "dossier",
                dossier.id,
                dbefore,
                audit.row_state(dossier),
                from_unit=old.id,
                unit=target.id,
                **self.ref(),
            )
            moved[dossier.id] = target.id
            self.involved(target)
        self.counts["dossiers_moved"] += len(moved)
        # 3. its open obligations: with the dossier they concern, else to the successor
        o = db.Obligation
        by_target: dict[str, list[int]] = {}
        for did, tid in moved.items():
            by_target.setdefault(tid, []).append(did)
        for tid, dids in sorted(by_target.items()):
            unit = w.unit(tid)
            for chunk in _chunks(dids, 500):
                result = w.s.execute(
                    update(o)
                    .where(o.unit_id == old.id, o.done_on.is_(None), o.dossier_id.in_(chunk))
                    .values(unit_id=unit.id, unit_path=unit.path),
                    execution_options={"synchronize_session": False},
                )
                self.counts["obligations_moved"] += int(getattr(result, "rowcount", 0) or 0)
        result = w.s.execute(
            update(o)
            .where(o.unit_id == old.id, o.done_on.is_(None))
            .values(unit_id=successor.id, unit_path=successor.path),
            execution_options={"synchronize_session": False},
        )
        self.counts["obligations_moved"] += int(getattr(result, "rowcount", 0) or 0)
        w.s.expire_all()
        # 4. open transfers from, via or to it
        t = db.Transfer
        for tr in (
            w.s.execute(
                select(t)
                .where(
                    t.state.not_in(_OPEN_TRANSFER_STATES),
                    or_(t.from_unit_id == old.id, t.via_unit_id == old.id, t.to_unit_id == old.id),
                )
                .order_by(t.id)
            )
            .scalars()
            .all()
        ):
            tbefore = audit.row_state(tr)
            if tr.from_unit_id == old.id:
                tr.from_unit_id = moved.get(tr.dossier_id, successor.id)
            if tr.via_unit_id == old.id:
                tr.via_unit_id = successor.id
            if tr.to_unit_id == old.id:
                tr.to_unit_id = successor.id
            w.s.flush()
            w.audit("rehome", "transfer", tr.id, tbefore, audit.row_state(tr), from_unit=old.id, **self.ref())
            self.counts["transfers_moved"] += 1
        # 5. accounts: the unit's own are revoked (Đắk Lắk 5.5); a personal account follows its
        # holder, unless the province's accounts are per agency (then it is the unit's operator's)
        from .accounts import after_state_change

        policy = w.ws.ruleset.accounts
        per_agency = policy is not None and getattr(policy, "model", None) == "per_agency"
        a = db.Account
        for acc in w.s.execute(select(a).where(a.unit_id == old.id).order_by(a.id)).scalars().all():
            abefore = audit.row_state(acc)
            if acc.kind == "personal" and acc.state != "revoked" and not per_agency:
                holder = w.s.execute(select(d).where(d.person_id == acc.person_id)).scalar_one_or_none()
                acc.unit_id = holder.unit_id if holder is not None else successor.id
                w.s.flush()
                w.audit(
                    "rehome", "account", acc.id, abefore, audit.row_state(acc), from_unit=old.id, **self.ref()
                )
                self.counts["accounts_moved"] += 1
            elif acc.state != "revoked":
                acc.state = ACCOUNT.next(acc.state, "revoke")
                w.s.flush()
                w.audit(
                    "revoke_account",
                    "account",
                    acc.id,
                    abefore,
                    audit.row_state(acc),
                    reason=N_("the unit no longer exists"),
                    basis=self.basis(revocation=True),
                    **self.ref(),
                )
                after_state_change(w, acc, "revoke", self.on)  # the holder's period ends
                self.revoked.append(acc.username)
                self.counts["accounts_revoked"] += 1
        # 6. the unit itself, kept inactive; lineage
        old = w.unit(old.id)
        old.active = False
        w.s.flush()
        w.audit(
            self.kind + "_unit",
            "unit",
            old.id,
            before,
            audit.row_state(old),
            successor=successor.id,
            **self.ref(),
        )
        self.counts["units_ended"] += 1
        targets = {successor.id, *staff.values(), *children.values()}
        for target_id in sorted(targets):
            w.s.add(
                UnitLineage(
                    restructuring_id=self.rec.id,
                    predecessor_id=old.id,
                    successor_id=target_id,
                    kind=self.kind,
                    decision_ref=self.decision_ref,
                    effective_on=self.on,
                )
            )
        self.lineage.extend((old.id, target_id) for target_id in sorted(targets))
        self.units[old.id] = old
        self.involved(successor)

    def finish(self) -> Outcome:
        w = self.w
        w.s.flush()
        w.s.expire_all()
        after = {uid: audit.row_state(w.unit(uid)) for uid in sorted(self.units)}
        before = {uid: self.before.get(uid) for uid in sorted(self.units)}
        detail = {
            "counts": dict(sorted(self.counts.items())),
            "units": sorted(self.units),
            "new_units": self.new_units,
            "new_accounts": self.new_accounts,
            "revoked_accounts": self.revoked,
            "lineage": [list(e) for e in self.lineage],
        }
        rec = w.s.get(Restructuring, self.rec.id)
        assert rec is not None
        rec.detail = detail
        w.s.flush()
        w.audit(
            "restructure",
            "restructuring",
            rec.id,
            {"units": before},
            {"units": after},
            kind=self.kind,
            **detail,
            **{k: v for k, v in self.ref().items() if k != "restructuring"},
        )
        return Outcome(
            restructuring_id=rec.id,
            kind=self.kind,
            counts=dict(self.counts),
            new_units=tuple(self.new_units),
            new_accounts=tuple(self.new_accounts),
            revoked_accounts=tuple(self.revoked),
        )


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
