"""The service API that provincial apps embed.

::

    from cbccvc_core.service import Workspace

    ws = Workspace.create("sqlite:///kontum.db", province="kontum", root=("KT", "UBND tỉnh Kon Tum"),
                          admin="snv.admin")
    admin = ws.as_account("snv.admin")
    admin.add_unit("KT.SNV", parent="KT", kind="department", name="Sở Nội vụ", on=day)
    ...

Every method of :class:`Actor` is one transaction: it checks the actor's rights, the state
machines (:mod:`cbccvc_core.model.states`) and the province's rules *before* writing, then
writes the change, the events and obligations it starts, the obligations it discharges, and one
audit entry per changed row, and commits; any error rolls everything back. Two people acting on
the same row at once: the second gets :class:`ConflictError` (optimistic locking on ``version``).

Dates: ``on`` is the business day the act is recorded (the day the work is done); an event's
own date (a decision's effective date) is passed separately and anchors its deadlines.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import attrs
from sqlalchemy import Engine, and_, case, func, or_, select, tuple_
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from . import audit, sync
from .access import AccessActs, attach_keys, dossier_view, person_state
from .accounts import AccountActs, AccountSettings, LoginResult
from .crypto import engine_ring
from .db import schema as db
from .db.engine import (
    check_at_head,
    first_line,
    normalise_url,
    open_engine,
    safe_url,
    sqlite_file,
    transaction,
    upgrade,
)
from .errors import CbccvcError
from .i18n import N_
from .model.dossier import ContractWorkerContent, DossierContent, content_hash, unstructure_content
from .model.people import PersonRecord
from .model.states import ACCOUNT, EMPLOYMENT, EXIT_REASONS, REVIEW, TRANSFERS
from .registry import Registry, default_registry
from .restructure import RestructureActs
from .rules.engine import deadlines
from .rules.types import RuleSet
from .signing.acts import SigningActs
from .signing.signer import Signer

# -- typed errors ---------------------------------------------------------------------------------


class ConflictError(CbccvcError):
    template = N_(
        "{entity} {id} was changed by someone else at the same time; nothing was written. "
        "Reload it and try again."
    )


class NotFoundError(CbccvcError):
    template = N_("{entity} {id!r} does not exist.")


class DuplicateError(CbccvcError):
    template = N_("{entity} {id!r} already exists.")


class PermissionDeniedError(CbccvcError):
    template = N_("Account {username!r} may not {action}: {why}")


class InvalidActionError(CbccvcError):
    template = N_("Cannot {action}: {why}")


class WorkspaceError(CbccvcError):
    template = N_("Workspace {url}: {detail}")


# -- vocabulary of the service ----------------------------------------------------------------------

UNIT_KINDS = (
    "province",  # UBND tỉnh
    "department",  # sở, ban, ngành
    "sub_department",  # chi cục, phòng thuộc sở
    "district",  # UBND cấp huyện
    "commune",  # UBND cấp xã
    "public_service_unit",  # đơn vị sự nghiệp công lập
    "association",  # hội
)
ACCOUNT_KINDS = ("admin", "agency", "personal")
RIGHTS = ("admin", "update", "access")

#: Which obligations each act discharges (for the dossier it acts on).
DISCHARGES: dict[str, frozenset[str]] = {
    "submit": frozenset(
        {
            "enter_dossier",
            "enter_personal_info",
            "enter_basic_info",
            "complete_personal_info",
            "update_dossier",
            "declare_personal_changes",
            "create_new_dossier",
        }
    ),
    "approve": frozenset({"approve_dossier", "verify_supplement"}),
    # Returning for correction is the approver's decision too: the resubmission starts a new one.
    "return": frozenset({"approve_dossier", "verify_supplement"}),
    "issue_account": frozenset({"create_account", "request_personal_account", "issue_personal_account"}),
    "move": frozenset({"move_dossier"}),
    "send": frozenset({"send_dossier"}),
    "forward": frozenset({"forward_dossier", "complete_transfer"}),
    "complete_transfer": frozenset({"complete_transfer", "forward_dossier"}),
    "exit": frozenset({"update_status"}),
    # Events recorded by themselves that report a step done (Đắk Lắk 9.1.b-c).
    "info_form_submitted": frozenset({"guide_info_form"}),
    "basic_info_entered": frozenset({"enter_basic_info"}),
}

_TRANSFER_STEPS = {
    "move": N_("move a dossier"),
    "send": N_("send a transfer"),
    "receive": N_("receive a transfer"),
    "forward": N_("forward a transfer"),
    "complete": N_("complete a transfer"),
    "cancel": N_("cancel a transfer"),
    "create_dossier": N_("create the dossier of a transfer"),
}

#: The event each kind of transfer starts.
TRANSFER_EVENTS = {
    "internal_move": "internal_move_effective",
    "within_province": "transfer_effective",
    "inbound": "dossier_handed_over",
    "inbound_unsyncable": "unsyncable_transfer_in",
    "commune_to_commune": "commune_transfer_effective",
}

#: Events a caller may record on a dossier by itself (the others come with an act).
FREE_EVENTS = frozenset(
    {
        "reported_for_duty",
        "account_issued",
        "info_form_submitted",
        "basic_info_entered",
        "personal_info_changed",
        "supplement_entered",
        "state_decision_effective",
        "valid_paper_record",
    }
)


def _unit_path(parent_path: str | None, unit_id: str) -> str:
    return f"{parent_path or '/'}{unit_id}/"


DATE_ARGUMENTS = frozenset(
    {
        "on",
        "as_of",
        "month",
        "decision_on",
        "event_on",
        "effective_on",
        "occurred_on",
        "valid_from",
        "valid_to",
    }
)

F = TypeVar("F", bound=Callable[..., Any])


def checked_dates(method: F) -> F:
    """Refuse, with a typed error, a date argument that is not a ``date`` (a string, a
    ``datetime``…) before anything is read or written."""
    signature = inspect.signature(method)
    names = [n for n in signature.parameters if n in DATE_ARGUMENTS]

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind_partial(*args, **kwargs)
        for name in names:
            value = bound.arguments.get(name)
            if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
                raise InvalidActionError(action=N_("act"), why=N_("{value!r} is not a date"), value=value)
        return method(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# -- results ----------------------------------------------------------------------------------------


@attrs.frozen
class ObligationView:
    id: int
    dossier_id: int | None
    unit_id: str
    obligation: str
    actor: str
    period: str
    started_on: date
    due: date | None
    window_start: date | None
    basis: str
    done_on: date | None
    late: bool | None

    def to_json(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        for key in ("started_on", "due", "window_start", "done_on"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


@attrs.frozen
class ComplianceRow:
    unit_id: str
    unit_name: str
    done_on_time: int
    done_late: int
    open: int
    overdue: int

    @property
    def on_time_rate(self) -> float | None:
        done = self.done_on_time + self.done_late
        return None if done == 0 else self.done_on_time / done


# -- the workspace ----------------------------------------------------------------------------------


class Workspace:
    """A province's database: open it on a URL, then act as an account."""

    def __init__(self, engine: Engine, url: str, ruleset: RuleSet, registry: Registry) -> None:
        self.engine = engine
        self.url = url
        self.ruleset = ruleset
        self.registry = registry
        self.calendar = registry.calendar(ruleset.code)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: Lock-out, warning, password length and hashing figures (:mod:`cbccvc_core.accounts`).
        self.account_settings: AccountSettings = AccountSettings.from_env()

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    @checked_dates
    def create(
        cls,
        url: str,
        province: str,
        *,
        root: tuple[str, str],
        admin: str,
        on: date | None = None,
        registry: Registry | None = None,
    ) -> Workspace:
        """Create (or upgrade) the schema, record the province, and make the root unit (UBND
        tỉnh) with the first admin account (Sở Nội vụ). Refuses a database of another province."""
        reg = registry or default_registry()
        ruleset = reg.get(province)
        engine = open_engine(url)
        try:
            upgrade(engine)
        except DBAPIError as exc:  # unreachable server, no privilege, no schema to create in…
            raise WorkspaceError(url=safe_url(url), detail=first_line(exc)) from None
        ws = cls(engine, normalise_url(url), ruleset, reg)
        attach_keys(ws, create=True)  # before anything personal is written
        day = on or date.today()
        with transaction(ws._sessions) as s:
            existing = s.get(db.Meta, "province")
            if existing is not None:
                if existing.value != province:
                    raise WorkspaceError(
                        url=safe_url(url), detail=N_("it belongs to province {other!r}"), other=existing.value
                    )
                return ws
            s.add(db.Meta(key="province", value=province))
            root_id, root_name = root
            s.add(
                db.Unit(
                    id=root_id,
                    parent_id=None,
                    kind="province",
                    name=root_name,
                    path=_unit_path(None, root_id),
                    active=True,
                    created_on=day,
                )
            )
            s.flush()
            acc = db.Account(
                username=admin,
                kind="admin",
                unit_id=root_id,
                person_id=None,
                role="home_affairs_director",
                state=ACCOUNT.next(ACCOUNT.initial, "activate"),
            )
            s.add(acc)
            s.flush()
            audit.append(
                s,
                account_id=acc.id,
                username=admin,
                action="create_workspace",
                entity=N_("workspace"),
                entity_id=province,
                before=None,
                after={"province": province, "root": root_id},
                detail={"on": day},
            )
        return ws

    @classmethod
    def open(cls, url: str, province: str | None = None, registry: Registry | None = None) -> Workspace:
        reg = registry or default_registry()
        path = sqlite_file(url)
        if path is not None and not os.path.exists(path):  # connecting would create an empty file
            raise WorkspaceError(url=safe_url(url), detail=N_("no database there (cbccvc init makes one)"))
        engine = open_engine(url)
        try:
            check_at_head(engine, url)
            with engine.connect() as conn:
                row = conn.execute(
                    select(db.Meta.value).where(db.Meta.key == "province")
                ).scalar_one_or_none()
        except DBAPIError as exc:
            raise WorkspaceError(url=safe_url(url), detail=first_line(exc)) from None
        if row is None:
            raise WorkspaceError(url=safe_url(url), detail=N_("not initialised (cbccvc init)"))
        if province is not None and province != row:
            raise WorkspaceError(url=safe_url(url), detail=N_("it belongs to province {other!r}"), other=row)
        ws = cls(engine, normalise_url(url), reg.get(row), reg)
        attach_keys(ws, create=False)  # the key file, checked against the keys the database used
        return ws

    def as_account(self, username: str) -> Actor:
        with transaction(self._sessions) as s:
            acc = s.execute(select(db.Account).where(db.Account.username == username)).scalar_one_or_none()
            if acc is None:
                raise NotFoundError(entity=N_("account"), id=username)
            if acc.state != "active":
                raise PermissionDeniedError(
                    username=username, action=N_("act"), why=N_("the account is {state}"), state=acc.state
                )
            return Actor(self, acc.id, username)

    def authenticate(
        self, username: str, password: str, *, at: datetime, new_password: str | None = None
    ) -> LoginResult:
        """Check a password (:func:`cbccvc_core.accounts.authenticate`)."""
        from .accounts import authenticate

        return authenticate(self, username, password, at=at, new_password=new_password)

    def login(self, username: str, password: str, *, at: datetime, new_password: str | None = None) -> Actor:
        """``as_account`` after checking the password (:func:`cbccvc_core.accounts.authenticate`)."""
        return self.authenticate(username, password, at=at, new_password=new_password).actor

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read-only look at the database (queries)."""
        with self._sessions() as s:
            yield s

    # -- queries (in SQL, never by loading everything) --------------------------------------------
    def _in_subtree(self, column: Any, path: str) -> Any:
        """``column`` lies under ``path`` (which ends with "/"). PostgreSQL serves a prefix LIKE
        from the text_pattern_ops index; SQLite never uses an index for LIKE with a bound
        pattern, but does for the equivalent range (the character after "/" is "0")."""
        if self.engine.dialect.name == "sqlite":
            return and_(column >= path, column < path[:-1] + "0")
        return column.startswith(path, autoescape=True)

    def _where_subtree(self, s: Session, q: Any, unit_id: str | None) -> tuple[Any, str | None]:
        """``q`` limited to obligations under ``unit_id`` (when given), and that unit's path."""
        path = self._subtree(s, unit_id)
        if path is not None:
            q = q.where(self._in_subtree(db.Obligation.unit_path, path))
        return q, path

    def _subtree(self, s: Session, unit_id: str | None) -> str | None:
        if unit_id is None:
            return None
        unit = s.get(db.Unit, unit_id)
        if unit is None:
            raise NotFoundError(entity=N_("unit"), id=unit_id)
        return unit.path

    def _obligations_where(
        self, s: Session, as_of: date, unit: str | None, status: str, soon_days: int, dossier: int | None
    ) -> tuple[Any, str | None]:
        """The WHERE of an obligation list (a select of the view's columns) and the subtree path."""
        o = db.Obligation
        is_open = and_(o.started_on <= as_of, or_(o.done_on.is_(None), o.done_on > as_of))
        cond = {
            "open": is_open,
            "overdue": and_(is_open, o.due < as_of),
            "due_soon": and_(is_open, o.due >= as_of, o.due <= as_of + timedelta(days=soon_days)),
            "done": o.done_on <= as_of,
            "all": o.started_on <= as_of,
        }.get(status)
        if cond is None:
            raise InvalidActionError(
                action=N_("list obligations"), why=N_("unknown status {status!r}"), status=status
            )
        q = select(*_VIEW_COLUMNS).where(cond)
        if dossier is not None:
            q = q.where(o.dossier_id == dossier)
        return self._where_subtree(s, q, unit)

    def obligations(
        self,
        as_of: date,
        *,
        unit: str | None = None,
        status: str = "open",
        soon_days: int = 7,
        limit: int | None = None,
        dossier: int | None = None,
        after: ObligationView | None = None,
    ) -> list[ObligationView]:
        """Obligations as they stood on ``as_of``: ``open``, ``overdue``, ``due_soon`` (within
        ``soon_days``), ``done`` or ``all``; for a unit's subtree when ``unit`` is given, for one
        dossier when ``dossier`` is. Ordered by due date (none last), then id.

        A province holds tens of thousands of open obligations: page through them with ``limit``
        and ``after`` (the last row of the previous page; keyset paging, so every page costs the
        same), count them with :meth:`count_obligations`, or stream them with
        :meth:`iter_obligations`."""
        o = db.Obligation
        if limit is not None and limit < 1:
            raise InvalidActionError(
                action=N_("list obligations"),
                why=N_("the limit must be at least 1 (got {limit})"),
                limit=limit,
            )
        with self.session() as s:
            q, path = self._obligations_where(s, as_of, unit, status, soon_days, dossier)
            # An overdue obligation always has a due date: for the whole province ORDER BY due, id
            # comes from the index. For a subtree, reading the subtree's rows and sorting them is
            # cheaper than walking the due index and discarding the rest of the province.
            due_known = status in ("overdue", "due_soon")
            if due_known and path is None:
                q = q.order_by(o.due, o.id)
            else:
                q = q.order_by(o.due.is_(None), o.due, o.id)
            if after is not None:
                if after.due is None:
                    q = q.where(o.due.is_(None), o.id > after.id)
                elif due_known:
                    q = q.where(tuple_(o.due, o.id) > tuple_(after.due, after.id))
                else:
                    q = q.where(or_(tuple_(o.due, o.id) > tuple_(after.due, after.id), o.due.is_(None)))
            if limit is not None:
                q = q.limit(limit)
            return [_row_view(row) for row in s.execute(q)]

    def count_obligations(
        self,
        as_of: date,
        *,
        unit: str | None = None,
        status: str = "open",
        soon_days: int = 7,
        dossier: int | None = None,
    ) -> int:
        """How many obligations :meth:`obligations` would list, counted by the database."""
        with self.session() as s:
            q, _path = self._obligations_where(s, as_of, unit, status, soon_days, dossier)
            return int(s.execute(select(func.count()).select_from(q.subquery())).scalar_one())

    def iter_obligations(
        self,
        as_of: date,
        *,
        unit: str | None = None,
        status: str = "open",
        soon_days: int = 7,
        dossier: int | None = None,
        page: int = 2000,
    ) -> Iterator[ObligationView]:
        """Every obligation :meth:`obligations` would list, fetched ``page`` rows at a time
        (keyset paging: memory stays flat however many there are)."""
        after: ObligationView | None = None
        while True:
            rows = self.obligations(
                as_of, unit=unit, status=status, soon_days=soon_days, dossier=dossier, limit=page, after=after
            )
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1]

    def approval_list(self, month: date, *, unit: str | None = None) -> list[ObligationView]:
        """This month's approvals: ``approve_dossier`` obligations due in ``month``, still open."""
        first = month.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        o = db.Obligation
        with self.session() as s:
            q = select(*_VIEW_COLUMNS).where(
                o.obligation.in_(("approve_dossier", "verify_supplement")),
                o.done_on.is_(None),
                o.due >= first,
                o.due < nxt,
            )
            q, _path = self._where_subtree(s, q, unit)
            return [_row_view(row) for row in s.execute(q.order_by(o.due, o.id))]

    def compliance(
        self, as_of: date, *, unit: str | None = None, started_from: date | None = None
    ) -> list[ComplianceRow]:
        """Per unit: obligations done on time, done late, still open, overdue, as of ``as_of``;
        only those started on or after ``started_from`` when it is given (e.g. one year's)."""
        o, u = db.Obligation, db.Unit
        done = and_(o.done_on.is_not(None), o.done_on <= as_of)
        is_open = and_(o.started_on <= as_of, or_(o.done_on.is_(None), o.done_on > as_of))
        late_done = and_(done, o.due.is_not(None), o.done_on > o.due)
        with self.session() as s:
            q = (
                select(
                    o.unit_id,
                    u.name,
                    func.sum(case((and_(done, ~late_done), 1), else_=0)),
                    func.sum(case((late_done, 1), else_=0)),
                    func.sum(case((is_open, 1), else_=0)),
                    func.sum(case((and_(is_open, o.due < as_of), 1), else_=0)),
                )
                .join(u, u.id == o.unit_id)
                .where(o.started_on <= as_of)
                .group_by(o.unit_id, u.name)
                .order_by(o.unit_id)
            )
            if started_from is not None:
                q = q.where(o.started_on >= started_from)
            q, _path = self._where_subtree(s, q, unit)
            return [
                ComplianceRow(r[0], r[1], int(r[2] or 0), int(r[3] or 0), int(r[4] or 0), int(r[5] or 0))
                for r in s.execute(q)
            ]

    def dossier(self, dossier_id: int) -> dict[str, Any]:
        """The dossier with its person and current revision, for ``cbccvc show``: a read by
        whoever holds the database and its keys, with no account, so not audited. An account's
        read goes through :meth:`Actor.read_dossier` (rights checked, audited)."""
        with self.session() as s:
            d = s.get(db.Dossier, dossier_id)
            if d is None:
                raise NotFoundError(entity=N_("dossier"), id=dossier_id)
            return dossier_view(s, d)

    def history(self, dossier_id: int) -> list[dict[str, Any]]:
        """Every audit entry about the dossier, its revisions, transfers, documents, events and
        obligations, oldest first."""
        with self.session() as s:
            if s.get(db.Dossier, dossier_id) is None:
                raise NotFoundError(entity=N_("dossier"), id=dossier_id)

            def _ids(s: Session, col: Any, owner: Any) -> list[str]:
                return [str(i) for i in s.execute(select(col).where(owner == dossier_id)).scalars()]

            rev_ids = _ids(s, db.Revision.id, db.Revision.dossier_id)
            tr_ids = _ids(s, db.Transfer.id, db.Transfer.dossier_id)
            a = db.AuditEntry
            q = (
                select(a)
                .where(
                    or_(
                        and_(a.entity == "dossier", a.entity_id == str(dossier_id)),
                        and_(a.entity == "revision", a.entity_id.in_(rev_ids)),
                        and_(a.entity == "transfer", a.entity_id.in_(tr_ids)),
                        and_(
                            a.entity == "document",
                            a.entity_id.in_(_ids(s, db.Document.id, db.Document.dossier_id)),
                        ),
                        and_(
                            a.entity == "obligation",
                            a.entity_id.in_(_ids(s, db.Obligation.id, db.Obligation.dossier_id)),
                        ),
                        and_(a.entity == "event", a.entity_id.in_(_ids(s, db.Event.id, db.Event.dossier_id))),
                    )
                )
                .order_by(a.seq)
            )
            return [
                {
                    "seq": e.seq,
                    "at": e.at,
                    "username": e.username,
                    "action": e.action,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "before_hash": e.before_hash,
                    "after_hash": e.after_hash,
                    "detail": e.detail,
                }
                for e in s.execute(q).scalars()
            ]

    def verify_audit(self) -> audit.VerifyResult:
        with self.session() as s:
            return audit.verify(s)


def _row_view(row: Any) -> ObligationView:
    return ObligationView(*row)


#: The columns of an ObligationView, selected as plain rows: building ORM objects for tens of
#: thousands of rows costs several times the query itself (benchmarks/bench_overdue.py).
_VIEW_COLUMNS = (
    db.Obligation.id,
    db.Obligation.dossier_id,
    db.Obligation.unit_id,
    db.Obligation.obligation,
    db.Obligation.actor,
    db.Obligation.period,
    db.Obligation.started_on,
    db.Obligation.due,
    db.Obligation.window_start,
    db.Obligation.basis,
    db.Obligation.done_on,
    db.Obligation.late,
)


# -- acting as an account -----------------------------------------------------------------------------


class _Work:
    """What one act has in hand: the session, the acting account, the province's rules."""

    def __init__(self, actor: Actor, s: Session, action: str) -> None:
        self.actor, self.s, self.action = actor, s, action
        acc = s.get(db.Account, actor.account_id)
        assert acc is not None
        if acc.state != "active":
            raise PermissionDeniedError(
                username=actor.username, action=action, why=N_("the account is {state}"), state=acc.state
            )
        self.account = acc
        self.ws = actor.ws

    # -- lookups
    def unit(self, unit_id: str) -> db.Unit:
        unit = self.s.get(db.Unit, unit_id)
        if unit is None:
            raise NotFoundError(entity=N_("unit"), id=unit_id)
        return unit

    def dossier(self, dossier_id: int) -> db.Dossier:
        d = self.s.get(db.Dossier, dossier_id)
        if d is None:
            raise NotFoundError(entity=N_("dossier"), id=dossier_id)
        return d

    def changeable(self, d: db.Dossier, what: str) -> db.Dossier:
        """An archived dossier is kept for good and read-only."""
        if d.employment == "archived":
            raise InvalidActionError(
                action=what, why=N_("the dossier is {employment}"), employment=d.employment
            )
        return d

    def account_named(self, username: str) -> db.Account:
        acc = self.s.execute(select(db.Account).where(db.Account.username == username)).scalar_one_or_none()
        if acc is None:
            raise NotFoundError(entity=N_("account"), id=username)
        return acc

    def revision(self, d: db.Dossier, number: int | None = None) -> db.Revision:
        return self.s.execute(
            select(db.Revision).where(
                db.Revision.dossier_id == d.id, db.Revision.number == (number or d.current_revision)
            )
        ).scalar_one()

    # -- rights
    def my_path(self) -> str:
        return self.unit(self.account.unit_id).path

    def has_right(self, right: str, unit_path: str, on: date) -> bool:
        """admin accounts: everything; agency accounts: update and access over their own unit's
        subtree; any account: what its grants (valid on ``on``) give over a subtree."""
        return self.right_basis(right, unit_path, on) is not None

    def right_basis(self, right: str, unit_path: str, on: date) -> str | None:
        """What gives the acting account ``right`` over ``unit_path`` on ``on`` (for the read
        audit): ``admin account``, ``agency <unit>``, ``grant <id> <document>``; None if nothing.
        A grant counts only with its written document reference, from ``valid_from`` to
        ``valid_to`` included."""
        if self.account.kind == "admin":
            return "admin account"
        if (
            self.account.kind == "agency"
            and right in ("update", "access")
            and unit_path.startswith(self.my_path())
        ):
            return f"agency {self.account.unit_id}"
        g, u = db.Grant, db.Unit
        implied = {
            "access": ("access", "update", "admin"),
            "update": ("update", "admin"),
            "admin": ("admin",),
        }[right]
        rows = self.s.execute(
            select(u.path, g.id, g.document_ref)
            .join(g, g.unit_id == u.id)
            .where(
                g.account_id == self.account.id,
                g.right.in_(implied),
                g.valid_from <= on,
                or_(g.valid_to.is_(None), g.valid_to >= on),
                g.document_ref.is_not(None),
                func.trim(g.document_ref) != "",
            )
            .order_by(g.id)
        ).all()
        for path, grant_id, document in rows:
            if unit_path.startswith(path):
                return f"grant {grant_id} {document}"
        return None

    def require(self, right: str, unit_path: str, on: date, what: str) -> None:
        if not self.has_right(right, unit_path, on):
            raise PermissionDeniedError(
                username=self.actor.username,
                action=what,
                why=N_("no {right} right over {unit_path}"),
                right=right,
                unit_path=unit_path,
            )

    def is_own_dossier(self, d: db.Dossier) -> bool:
        return self.account.person_id is not None and self.account.person_id == d.person_id

    # -- writing
    def audit(
        self,
        action: str,
        entity: str,
        entity_id: object,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        **detail: Any,
    ) -> None:
        audit.append(
            self.s,
            account_id=self.account.id,
            username=self.actor.username,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
            detail=detail,
        )

    def responsible_unit(self, actor: str, d: db.Dossier | None, transfer: db.Transfer | None) -> db.Unit:
        """The unit that owes an obligation, from its actor (RULES.md §2)."""
        first = actor.split("|")[0]
        base = self.unit(d.unit_id) if d is not None else self.unit(self.account.unit_id)
        if first in ("receiving_unit",) and transfer is not None:
            return self.unit(transfer.via_unit_id or transfer.to_unit_id)
        if first == "sending_unit" and transfer is not None and transfer.from_unit_id:
            return self.unit(transfer.from_unit_id)
        if first == "managing_agency":
            return self.unit(base.parent_id) if base.parent_id else base
        if first in ("home_affairs", "ict_department", "data_center", "provincial_committee"):
            return self.unit(base.path.strip("/").split("/")[0])
        if first == "district_committee":
            for uid in reversed(base.path.strip("/").split("/")):
                if self.unit(uid).kind == "district":
                    return self.unit(uid)
            return self.unit(base.parent_id) if base.parent_id else base
        return base

    def start_event(
        self,
        kind: str,
        occurred_on: date,
        d: db.Dossier | None,
        *,
        transfer: db.Transfer | None = None,
        category: str | None = None,
    ) -> list[db.Obligation]:
        """Record an event and create the obligations the province's rules attach to it."""
        unit_id = d.unit_id if d is not None else self.account.unit_id
        ev = db.Event(
            kind=kind,
            occurred_on=occurred_on,
            dossier_id=d.id if d else None,
            unit_id=unit_id,
            account_id=self.account.id,
        )
        self.s.add(ev)
        self.s.flush()
        if category is None and d is not None:
            person = self.s.get(db.Person, d.person_id)
            category = person.category if person else None
        made = []
        for due in deadlines(self.ws.ruleset, kind, occurred_on, self.ws.calendar, category):
            unit = self.responsible_unit(due.actor, d, transfer)
            ob = db.Obligation(
                event_id=ev.id,
                dossier_id=d.id if d else None,
                unit_id=unit.id,
                unit_path=unit.path,
                obligation=due.obligation,
                actor=due.actor,
                period=due.period,
                started_on=occurred_on,
                due=due.due,
                window_start=due.window_start,
                basis=due.basis,
            )
            self.s.add(ob)
            made.append(ob)
        self.s.flush()
        self.audit(
            "record_event",
            "event",
            ev.id,
            None,
            audit.row_state(ev),
            obligations=[{"obligation": o.obligation, "due": o.due, "unit": o.unit_id} for o in made],
        )
        return made

    def discharge(self, act: str, d: db.Dossier, on: date) -> int:
        """Close the open obligations of ``d`` that ``act`` fulfils; late if after the due date."""
        names = DISCHARGES.get(act, frozenset())
        o = db.Obligation
        rows = (
            self.s.execute(
                select(o).where(
                    o.dossier_id == d.id, o.done_on.is_(None), o.obligation.in_(names), o.started_on <= on
                )
            )
            .scalars()
            .all()
        )
        for ob in rows:
            self.close(ob, on, "discharge", by_act=act)
        return len(rows)

    def close(self, ob: db.Obligation, on: date, action: str, **detail: Any) -> None:
        """Mark an obligation done on ``on`` by the acting account (late if after its due date)."""
        before = audit.row_state(ob)
        ob.done_on, ob.done_by = on, self.account.id
        ob.late = ob.due is not None and on > ob.due
        self.audit(action, "obligation", ob.id, before, audit.row_state(ob), **detail)


@attrs.frozen
class Actor(AccountActs, AccessActs, RestructureActs, SigningActs):
    """An account acting on the workspace. Every method is one transaction."""

    ws: Workspace
    account_id: int
    username: str

    @contextmanager
    def _work(self, action: str) -> Iterator[_Work]:
        try:
            with transaction(self.ws._sessions) as s:
                yield _Work(self, s, action)
        except StaleDataError as exc:
            raise ConflictError(
                entity=N_("row"), id=str(exc).split("'")[1] if "'" in str(exc) else "?"
            ) from None
        except IntegrityError as exc:
            raise InvalidActionError(
                action=action, why=N_("the database refused it ({cause})"), cause=type(exc.orig).__name__
            ) from None
        except OperationalError as exc:
            if "could not serialize" in str(exc.orig) or "deadlock" in str(exc.orig):
                raise ConflictError(entity=N_("row"), id="?") from None
            raise WorkspaceError(url=safe_url(self.ws.url), detail=first_line(exc)) from None

    # -- units and accounts --------------------------------------------------------------------------
    @checked_dates
    def add_unit(self, unit_id: str, *, parent: str, kind: str, name: str, on: date) -> None:
        with self._work(N_("add a unit")) as w:
            if kind not in UNIT_KINDS or kind == "province":
                raise InvalidActionError(
                    action=N_("add a unit"),
                    why=N_("unit kind must be one of {kinds}"),
                    kinds=", ".join(UNIT_KINDS[1:]),
                )
            if not unit_id or "/" in unit_id or len(unit_id) > 40:
                raise InvalidActionError(
                    action=N_("add a unit"), why=N_("bad unit id {unit_id!r}"), unit_id=unit_id
                )
            p = w.unit(parent)
            if not p.active:  # dissolved, merged or split: kept, inactive (restructure.py)
                raise InvalidActionError(
                    action=N_("add a unit"), why=N_("unit {unit} is dissolved"), unit=parent
                )
            w.require("admin", p.path, on, N_("add a unit"))
            if w.s.get(db.Unit, unit_id) is not None:
                raise DuplicateError(entity=N_("unit"), id=unit_id)
            u = db.Unit(
                id=unit_id,
                parent_id=parent,
                kind=kind,
                name=name,
                path=_unit_path(p.path, unit_id),
                active=True,
                created_on=on,
            )
            w.s.add(u)
            w.s.flush()
            w.audit("add_unit", "unit", unit_id, None, audit.row_state(u))

    @checked_dates
    def issue_account(
        self,
        username: str,
        *,
        kind: str,
        unit: str,
        on: date,
        role: str | None = None,
        person_dossier: int | None = None,
    ) -> int:
        """Request and activate an account (Sở Nội vụ or an admin). A personal account names the
        dossier of its holder; issuing it discharges the account obligations of that dossier."""
        with self._work(N_("issue an account")) as w:
            if kind not in ACCOUNT_KINDS:
                raise InvalidActionError(
                    action=N_("issue an account"),
                    why=N_("kind must be one of {kinds}"),
                    kinds=", ".join(ACCOUNT_KINDS),
                )
            if role is not None:
                from .vocabulary import check

                check("role", role)
            u = w.unit(unit)
            if not u.active:
                raise InvalidActionError(
                    action=N_("issue an account"), why=N_("unit {unit} is dissolved"), unit=unit
                )
            w.require("admin", u.path, on, N_("issue an account"))
            if w.s.execute(select(db.Account.id).where(db.Account.username == username)).first():
                raise DuplicateError(entity=N_("account"), id=username)
            d = (
                w.changeable(w.dossier(person_dossier), N_("issue an account"))
                if person_dossier is not None
                else None
            )
            if kind == "personal" and d is None:
                raise InvalidActionError(
                    action=N_("issue an account"), why=N_("a personal account needs its holder's dossier")
                )
            from .accounts import check_issue  # the province's account model and identifier

            check_issue(
                w, username=username, kind=kind, unit_id=unit, role=role, person_id=d.person_id if d else None
            )
            state = ACCOUNT.next(ACCOUNT.initial, "activate")
            acc = db.Account(
                username=username,
                kind=kind,
                unit_id=unit,
                person_id=d.person_id if d else None,
                role=role,
                state=state,
            )
            w.s.add(acc)
            w.s.flush()
            w.audit("issue_account", "account", acc.id, None, audit.row_state(acc), on=on)
            if d is not None:
                w.discharge("issue_account", d, on)
                w.start_event("account_issued", on, d)  # the holder's own steps start now
            return acc.id

    @checked_dates
    def set_account_state(self, username: str, action: str, *, on: date, reason: str) -> None:
        """``lock``, ``unlock`` or ``revoke`` an account (never deleted)."""
        what = {
            "lock": N_("lock an account"),
            "unlock": N_("unlock an account"),
            "revoke": N_("revoke an account"),
        }.get(action, N_("change an account"))
        with self._work(what) as w:
            acc = w.account_named(username)
            w.require("admin", w.unit(acc.unit_id).path, on, what)
            before = audit.row_state(acc)
            acc.state = ACCOUNT.next(acc.state, action)
            w.audit(
                action + "_account", "account", acc.id, before, audit.row_state(acc), reason=reason, on=on
            )
            from .accounts import after_state_change  # failures reset on unlock, holder ended on revoke

            after_state_change(w, acc, action, on)

    @checked_dates
    def grant(
        self,
        username: str,
        *,
        right: str,
        unit: str,
        document_ref: str,
        valid_from: date,
        valid_to: date | None = None,
    ) -> int:
        """Give ``username`` a right (admin, update, access) over ``unit``'s subtree, on a written
        document (văn bản đồng ý, e.g. Tuyên Quang 3.3), from ``valid_from`` to ``valid_to``
        included: a grant without an expiry is refused. Needs the admin right over ``unit``."""
        with self._work(N_("grant a right")) as w:
            if right not in RIGHTS:
                raise InvalidActionError(
                    action=N_("grant a right"),
                    why=N_("right must be one of {rights}"),
                    rights=", ".join(RIGHTS),
                )
            if not document_ref.strip():
                raise InvalidActionError(
                    action=N_("grant a right"), why=N_("a written document reference is required")
                )
            if valid_to is None:
                raise InvalidActionError(
                    action=N_("grant a right"), why=N_("a grant needs an expiry date (valid_to)")
                )
            if valid_to < valid_from:
                raise InvalidActionError(
                    action=N_("grant a right"), why=N_("it would expire before it starts")
                )
            acc = w.account_named(username)
            u = w.unit(unit)
            w.require("admin", u.path, valid_from, N_("grant a right"))
            g = db.Grant(
                account_id=acc.id,
                right=right,
                unit_id=unit,
                document_ref=document_ref,
                valid_from=valid_from,
                valid_to=valid_to,
            )
            w.s.add(g)
            w.s.flush()
            w.audit("grant", "grant", g.id, None, audit.row_state(g))
            return g.id

    @checked_dates
    def delegate(
        self, to: str, *, unit: str, document_ref: str, valid_from: date, valid_to: date | None = None
    ) -> int:
        """Ủy quyền: let ``to`` approve for the units under ``unit``, on a written document."""
        with self._work(N_("delegate")) as w:
            policy = w.ws.ruleset.approval
            if policy is None or not policy.delegations:
                raise InvalidActionError(
                    action=N_("delegate"),
                    why=N_("the text of {province} provides no delegation"),
                    province=w.ws.ruleset.profile.name,
                )
            if not document_ref.strip():
                raise InvalidActionError(
                    action=N_("delegate"), why=N_("a written document reference is required")
                )
            if valid_to is not None and valid_to < valid_from:
                raise InvalidActionError(action=N_("delegate"), why=N_("it would expire before it starts"))
            u = w.unit(unit)
            if not _may_approve_own_right(w, u.path):
                raise PermissionDeniedError(
                    username=self.username,
                    action=N_("delegate"),
                    why=N_("only an approver may delegate approval of these units"),
                )
            delegate = w.account_named(to)
            allowed = {d.delegate for d in policy.delegations if d.delegator == w.account.role}
            if "authorised_person" not in allowed and delegate.role not in allowed:
                raise PermissionDeniedError(
                    username=self.username,
                    action=N_("delegate"),
                    why=N_("the text lets a {delegator} delegate only to: {allowed}"),
                    delegator=w.account.role or "—",
                    allowed=", ".join(sorted(allowed)) or "—",
                )
            dl = db.Delegation(
                delegator_id=w.account.id,
                delegate_id=delegate.id,
                unit_id=unit,
                document_ref=document_ref,
                valid_from=valid_from,
                valid_to=valid_to,
            )
            w.s.add(dl)
            w.s.flush()
            w.audit("delegate", "delegation", dl.id, None, audit.row_state(dl))
            return dl.id

    # -- dossiers ---------------------------------------------------------------------------------------
    @checked_dates
    def recruit(
        self,
        person: PersonRecord,
        *,
        unit: str,
        content: DossierContent | ContractWorkerContent,
        decision_on: date,
        on: date,
        event: str = "recruitment_decision",
    ) -> int:
        """Recruit (tuyển dụng) a person into ``unit``: person, dossier, revision 1 (being entered),
        and the event ``recruitment_decision`` (or ``reported_for_duty``) with its obligations."""
        with self._work(N_("recruit")) as w:
            if event not in ("recruitment_decision", "reported_for_duty"):
                raise InvalidActionError(
                    action=N_("recruit"),
                    why=N_("the event must be recruitment_decision or reported_for_duty"),
                )
            if on < decision_on:
                raise InvalidActionError(
                    action=N_("recruit"), why=N_("the dossier cannot be entered before the decision")
                )
            u = w.unit(unit)
            if not u.active:
                raise InvalidActionError(action=N_("recruit"), why=N_("unit {unit} is dissolved"), unit=unit)
            w.require("update", u.path, on, N_("recruit"))
            ident = content.identity
            mismatched = [
                name
                for name, mine in (
                    ("personal_id", person.personal_id),
                    ("full_name", person.full_name),
                    ("birth_date", person.birth_date),
                    ("gender", str(person.gender)),
                )
                if (str(getattr(ident, name)) if name == "gender" else getattr(ident, name)) != mine
            ]
            if mismatched:
                raise InvalidActionError(
                    action=N_("recruit"),
                    why=N_("the dossier's identity section differs from the person in: {fields}"),
                    fields=", ".join(mismatched),
                )
            index = engine_ring(self.ws.engine).blind_index(person.personal_id)
            if w.s.execute(select(db.Person.id).where(db.Person.personal_id_index == index)).first():
                raise DuplicateError(entity=N_("person"), id=person.personal_id)
            if (person.category == "contract_worker") != isinstance(content, ContractWorkerContent):
                raise InvalidActionError(
                    action=N_("recruit"),
                    why=N_(
                        "contract workers use Annex II of TT 05/2023, others the sơ yếu lý lịch of TT 06/2023"
                    ),
                )
            p = db.Person(
                personal_id=person.personal_id,
                personal_id_index=index,
                full_name=person.full_name,
                birth_date=person.birth_date,
                gender=str(person.gender),
                category=str(person.category),
            )
            w.s.add(p)
            w.s.flush()
            d = db.Dossier(
                person_id=p.id,
                unit_id=unit,
                unit_path=u.path,
                review=REVIEW.initial,
                employment=EMPLOYMENT.initial,
                exit_reason=None,
                recruited_on=decision_on,
                current_revision=1,
                approved_revision=None,
            )
            w.s.add(d)
            w.s.flush()
            rev = db.Revision(
                dossier_id=d.id,
                number=1,
                content=unstructure_content(content),
                content_hash=content_hash(content),
                state="entering",
                created_on=on,
                created_by=w.account.id,
            )
            w.s.add(rev)
            w.s.flush()
            w.audit(
                "recruit",
                "dossier",
                d.id,
                None,
                audit.row_state(d),
                person=person_state(p),  # never the personal ID in clear text
                revision=rev.number,
                content_hash=rev.content_hash,
            )
            w.start_event(event, decision_on, d)
            return d.id

    @checked_dates
    def edit(
        self,
        dossier_id: int,
        content: DossierContent | ContractWorkerContent,
        *,
        on: date,
        base_revision: int,
        event: str | None = None,
        event_on: date | None = None,
    ) -> int:
        """Change a dossier's content. ``base_revision`` is the revision the editor started from:
        if someone changed the dossier since, :class:`ConflictError` and nothing is written. Every
        edit makes a new numbered revision (one that was never approved is kept as superseded).
        ``event`` (personal_info_changed, state_decision_effective, valid_paper_record,
        supplement_entered) records why, on ``event_on``, and starts its obligations."""
        with self._work(N_("edit a dossier")) as w:
            d = w.dossier(dossier_id)
            if d.employment in ("exited", "archived"):
                raise InvalidActionError(
                    action=N_("edit a dossier"),
                    why=N_("the dossier is {employment}"),
                    employment=d.employment,
                )
            if base_revision != d.current_revision:
                raise ConflictError(entity=N_("dossier"), id=dossier_id)
            _may_edit(w, d, on, "edit a dossier")
            if event is not None and event not in FREE_EVENTS:
                raise InvalidActionError(
                    action=N_("edit a dossier"),
                    why=N_("{event!r} is not an event a change records"),
                    event=event,
                )
            if on < d.recruited_on or (event_on and event_on < d.recruited_on):
                raise InvalidActionError(
                    action=N_("edit a dossier"), why=N_("the date is before the recruitment")
                )
            person = w.s.get(db.Person, d.person_id)
            if person is None or content.identity.personal_id != person.personal_id:
                raise InvalidActionError(
                    action=N_("edit a dossier"),
                    why=N_("the dossier's identity section differs from the person in: {fields}"),
                    fields="personal_id",
                )
            before = audit.row_state(d)
            new_state = REVIEW.next(d.review, "edit")
            data, digest = unstructure_content(content), content_hash(content)
            # Every edit is a new numbered revision, so base_revision always names exactly what
            # the editor saw; a revision that was never approved is kept, marked superseded.
            if d.review != "approved":
                old = w.revision(d)
                rbefore = audit.row_state(old)
                old.state = "superseded"
                w.s.flush()
                w.audit("supersede", "revision", old.id, rbefore, audit.row_state(old))
            d.current_revision += 1
            rev = db.Revision(
                dossier_id=d.id,
                number=d.current_revision,
                content=data,
                content_hash=digest,
                state="entering",
                created_on=on,
                created_by=w.account.id,
            )
            w.s.add(rev)
            w.s.flush()
            w.audit("edit", "revision", rev.id, None, audit.row_state(rev))
            d.review = new_state
            w.s.flush()
            w.audit(
                "edit",
                "dossier",
                d.id,
                before,
                audit.row_state(d),
                revision=d.current_revision,
                content_hash=digest,
            )
            if event is not None:
                w.start_event(event, event_on or on, d)
            return d.current_revision

    @checked_dates
    def record_event(self, dossier_id: int, event: str, *, occurred_on: date) -> list[int]:
        """Record an event about a dossier that is not an act of its own (e.g. the information
        form was submitted) and start its obligations."""
        with self._work(N_("record an event")) as w:
            if event not in FREE_EVENTS:
                raise InvalidActionError(
                    action=N_("record an event"), why=N_("{event!r} comes with its own act"), event=event
                )
            d = w.changeable(w.dossier(dossier_id), N_("record an event"))
            w.require("update", d.unit_path, occurred_on, N_("record an event"))
            if occurred_on < d.recruited_on:
                raise InvalidActionError(
                    action=N_("record an event"), why=N_("the date is before the recruitment")
                )
            started = w.start_event(event, occurred_on, d)
            w.discharge(event, d, occurred_on)
            return [o.id for o in started]

    @checked_dates
    def submit(self, dossier_id: int, *, on: date) -> None:
        """Submit the current revision for approval; starts ``dossier_updated`` (approval window)."""
        with self._work(N_("submit a dossier")) as w:
            d = w.changeable(w.dossier(dossier_id), N_("submit a dossier"))
            _may_edit(w, d, on, "submit a dossier")
            if on < d.recruited_on:
                raise InvalidActionError(
                    action=N_("submit a dossier"), why=N_("the date is before the recruitment")
                )
            before = audit.row_state(d)
            d.review = REVIEW.next(d.review, "submit")
            rev = w.revision(d)
            rbefore = audit.row_state(rev)
            rev.state, rev.submitted_on = "submitted", on
            w.s.flush()
            w.audit("submit", "revision", rev.id, rbefore, audit.row_state(rev))
            w.audit("submit", "dossier", d.id, before, audit.row_state(d))
            w.discharge("submit", d, on)
            w.start_event("dossier_updated", on, d)

    @checked_dates
    def approve(self, dossier_id: int, *, on: date, signer: Signer | None = None) -> str:
        """Approve (phê duyệt / kiểm duyệt / xác thực) the submitted revision. The approver must
        be entitled by the province's approval policy, on their own authority or through a
        delegation valid on ``on``. Returns the authority used.

        With ``signer`` (:mod:`cbccvc_core.signing`: a PKCS#12 file or a PKCS#11 token) the
        approval is signed and the signature stored with the revision. Where the province's text
        approves by digital signature, a signer is required as soon as the workspace trusts a root
        (before that nothing could be checked: the approval is recorded unsigned and ``cbccvc
        verify --db`` reports it as a failure). A refused certificate writes nothing."""
        from .signing import approvals as signing

        with self._work(N_("approve a dossier")) as w:
            d = w.changeable(w.dossier(dossier_id), N_("approve a dossier"))
            authority = _approval_authority(w, d, on)
            prepared = signing.prepare(w, signer)  # before any write: certificate, identity
            before = audit.row_state(d)
            d.review = REVIEW.next(d.review, "approve")
            rev = w.revision(d)
            rbefore = audit.row_state(rev)
            rev.state, rev.decided_on, rev.decided_by, rev.authority = "approved", on, w.account.id, authority
            d.approved_revision = rev.number
            w.s.flush()
            w.audit("approve", "revision", rev.id, rbefore, audit.row_state(rev), authority=authority)
            w.audit("approve", "dossier", d.id, before, audit.row_state(d))
            w.discharge("approve", d, on)
            sync.enqueue(w.s, rev, w.ws.ruleset.code)  # to the national database, same transaction
            if prepared is not None:
                signing.record(w, d, rev, prepared)
            return authority

    @checked_dates
    def return_for_correction(self, dossier_id: int, *, on: date, reason: str) -> None:
        """Trả lại: the revision goes back to its author with the reason (Đồng Nai 7.2)."""
        with self._work(N_("return a dossier")) as w:
            if not reason.strip():
                raise InvalidActionError(action=N_("return a dossier"), why=N_("a reason is required"))
            d = w.changeable(w.dossier(dossier_id), N_("return a dossier"))
            authority = _approval_authority(w, d, on)
            before = audit.row_state(d)
            d.review = REVIEW.next(d.review, "return")
            rev = w.revision(d)
            rbefore = audit.row_state(rev)
            rev.state, rev.decided_on, rev.decided_by, rev.authority, rev.note = (
                "returned",
                on,
                w.account.id,
                authority,
                reason,
            )
            w.s.flush()
            w.audit("return", "revision", rev.id, rbefore, audit.row_state(rev), reason=reason)
            w.audit("return", "dossier", d.id, before, audit.row_state(d))
            w.discharge("return", d, on)

    @checked_dates
    def attach(self, dossier_id: int, *, name: str, media_type: str, data: bytes, on: date) -> str:
        """Attach a digitised document to the dossier's current revision; returns its SHA-256."""
        with self._work(N_("attach a document")) as w:
            d = w.changeable(w.dossier(dossier_id), N_("attach a document"))
            _may_edit(w, d, on, "attach a document")
            digest = hashlib.sha256(data).hexdigest()
            doc = db.Document(
                dossier_id=d.id,
                revision_number=d.current_revision,
                name=name,
                media_type=media_type,
                sha256=digest,
                size=len(data),
                data=data,
            )
            w.s.add(doc)
            w.s.flush()
            w.audit("attach", "document", doc.id, None, audit.row_state(doc), dossier=d.id)
            return digest

    # -- transfers ---------------------------------------------------------------------------------------
    @checked_dates
    def start_transfer(
        self,
        dossier_id: int,
        *,
        kind: str,
        to_unit: str,
        effective_on: date,
        decision_ref: str,
        on: date,
        via_unit: str | None = None,
    ) -> int:
        """Start a transfer of ``kind`` (internal_move, within_province, inbound,
        inbound_unsyncable, commune_to_commune) effective on ``effective_on``; its event starts
        the province's obligations (send, forward, move…)."""
        with self._work(N_("start a transfer")) as w:
            machine = TRANSFERS.get(kind)
            if machine is None:
                raise InvalidActionError(
                    action=N_("start a transfer"),
                    why=N_("kind must be one of {kinds}"),
                    kinds=", ".join(TRANSFERS),
                )
            if not decision_ref.strip():
                raise InvalidActionError(
                    action=N_("start a transfer"), why=N_("the decision's reference is required")
                )
            d = w.dossier(dossier_id)
            to = w.unit(to_unit)
            via = w.unit(via_unit) if via_unit else None
            if not to.active:
                raise InvalidActionError(
                    action=N_("start a transfer"), why=N_("unit {unit} is dissolved"), unit=to_unit
                )
            if to.id == d.unit_id:
                raise InvalidActionError(
                    action=N_("start a transfer"), why=N_("the dossier is already in that unit")
                )
            if effective_on < d.recruited_on:
                raise InvalidActionError(
                    action=N_("start a transfer"), why=N_("the date is before the recruitment")
                )
            w.require("update", d.unit_path, on, N_("start a transfer"))
            here = w.unit(d.unit_id)
            if kind == "internal_move" and _agency(w, to).id != _agency(w, here).id:
                raise InvalidActionError(
                    action=N_("start a transfer"), why=N_("an internal move stays inside the unit")
                )
            before = audit.row_state(d)
            d.employment = EMPLOYMENT.next(d.employment, "start_transfer")
            t = db.Transfer(
                dossier_id=d.id,
                kind=kind,
                state=machine.initial,
                from_unit_id=d.unit_id,
                via_unit_id=via.id if via else None,
                to_unit_id=to.id,
                effective_on=effective_on,
                decision_ref=decision_ref,
            )
            w.s.add(t)
            w.s.flush()
            w.audit("start_transfer", "transfer", t.id, None, audit.row_state(t))
            w.audit("start_transfer", "dossier", d.id, before, audit.row_state(d))
            w.start_event(TRANSFER_EVENTS[kind], effective_on, d, transfer=t)
            return t.id

    def _transfer_step(self, transfer_id: int, action: str, on: date) -> None:
        what = _TRANSFER_STEPS[action]
        with self._work(what) as w:
            t = w.s.get(db.Transfer, transfer_id)
            if t is None:
                raise NotFoundError(entity=N_("transfer"), id=transfer_id)
            d = w.dossier(t.dossier_id)
            if on < t.effective_on and action != "cancel":
                raise InvalidActionError(
                    action=what, why=N_("the date is before the transfer's effective date")
                )
            side = {"send": t.from_unit_id, "move": t.from_unit_id, "cancel": t.from_unit_id}.get(
                action, t.via_unit_id or t.to_unit_id
            )
            w.require("update", w.unit(side or t.to_unit_id).path, on, what)
            machine = TRANSFERS[t.kind]
            tbefore, dbefore = audit.row_state(t), audit.row_state(d)
            t.state = machine.next(t.state, action)
            if action == "receive" and t.kind == "within_province":
                w.s.flush()
                w.start_event("transfer_received", on, d, transfer=t)
            act = {
                "move": "move",
                "send": "send",
                "forward": "forward",
                "complete": "complete_transfer",
                "create_dossier": "complete_transfer",
            }.get(action)
            if t.state == "completed" and action == "receive":
                act = "complete_transfer"
            if act:  # the act's own obligations are closed by the unit that owed them
                w.discharge(act, d, on)
            if t.state == "completed":
                d.employment = EMPLOYMENT.next(d.employment, "complete_transfer")
                to = w.unit(t.to_unit_id)
                d.unit_id, d.unit_path = to.id, to.path
                # What the person and their employing unit still owe moves with them.
                o = db.Obligation
                for ob in w.s.execute(
                    select(o).where(
                        o.dossier_id == d.id,
                        o.done_on.is_(None),
                        o.actor.in_(("employing_unit", "person", "unit_head")),
                    )
                ).scalars():
                    obefore = audit.row_state(ob)
                    ob.unit_id, ob.unit_path = to.id, to.path
                    w.s.flush()
                    w.audit("rehome", "obligation", ob.id, obefore, audit.row_state(ob), transfer=t.id)
            elif t.state == "cancelled":
                d.employment = EMPLOYMENT.next(d.employment, "cancel_transfer")
            w.s.flush()
            w.audit(action + "_transfer", "transfer", t.id, tbefore, audit.row_state(t), on=on)
            if d.employment != dbefore["employment"] or d.unit_id != dbefore["unit_id"]:
                w.audit(action + "_transfer", "dossier", d.id, dbefore, audit.row_state(d))

    @checked_dates
    def move(self, transfer_id: int, *, on: date) -> None:
        self._transfer_step(transfer_id, "move", on)

    @checked_dates
    def send(self, transfer_id: int, *, on: date) -> None:
        self._transfer_step(transfer_id, "send", on)

    @checked_dates
    def receive(self, transfer_id: int, *, on: date) -> None:
        self._transfer_step(transfer_id, "receive", on)

    @checked_dates
    def forward(self, transfer_id: int, *, on: date) -> None:
        self._transfer_step(transfer_id, "forward", on)

    @checked_dates
    def complete_transfer(self, transfer_id: int, *, on: date) -> None:
        self._transfer_step(transfer_id, "complete", on)

    @checked_dates
    def cancel_transfer(self, transfer_id: int, *, on: date) -> None:
        self._transfer_step(transfer_id, "cancel", on)

    @checked_dates
    def create_dossier(self, transfer_id: int, *, on: date) -> None:
        """Complete an ``inbound_unsyncable`` transfer: the receiving unit has made the new
        dossier here (lập hồ sơ mới, e.g. Quảng Nam 9.4)."""
        self._transfer_step(transfer_id, "create_dossier", on)

    # -- exits -------------------------------------------------------------------------------------------
    @checked_dates
    def record_exit(self, dossier_id: int, *, reason: str, effective_on: date, on: date) -> None:
        """Nghỉ hưu, thôi việc, từ trần, chuyển ra ngoài: the dossier is closed, never deleted;
        ``exit_effective`` starts its obligations and this act discharges ``update_status``."""
        with self._work(N_("record an exit")) as w:
            if reason not in EXIT_REASONS:
                raise InvalidActionError(
                    action=N_("record an exit"),
                    why=N_("reason must be one of {reasons}"),
                    reasons=", ".join(EXIT_REASONS),
                )
            d = w.dossier(dossier_id)
            if effective_on < d.recruited_on or on < effective_on:
                raise InvalidActionError(
                    action=N_("record an exit"),
                    why=N_("the exit must follow the recruitment and precede its recording"),
                )
            w.require("update", d.unit_path, on, N_("record an exit"))
            before = audit.row_state(d)
            d.employment = EMPLOYMENT.next(d.employment, "exit")
            d.exit_reason = reason
            w.s.flush()
            w.audit("exit", "dossier", d.id, before, audit.row_state(d), effective_on=effective_on)
            w.start_event("exit_effective", effective_on, d)
            w.discharge("exit", d, on)

    @checked_dates
    def archive(self, dossier_id: int, *, on: date) -> None:
        """Move an exited dossier to the archive (lưu trữ): kept for good, read-only."""
        with self._work(N_("archive a dossier")) as w:
            d = w.dossier(dossier_id)
            w.require("update", d.unit_path, on, N_("archive a dossier"))
            before = audit.row_state(d)
            d.employment = EMPLOYMENT.next(d.employment, "archive")
            w.s.flush()
            w.audit("archive", "dossier", d.id, before, audit.row_state(d))

    @checked_dates
    def complete_obligation(self, obligation_id: int, *, on: date) -> bool:
        """Close an obligation no other act discharges (e.g. ``request_national_sync``); returns
        whether it was on time."""
        with self._work(N_("complete an obligation")) as w:
            ob = w.s.get(db.Obligation, obligation_id)
            if ob is None:
                raise NotFoundError(entity=N_("obligation"), id=obligation_id)
            if ob.done_on is not None:
                raise InvalidActionError(action=N_("complete an obligation"), why=N_("it is already done"))
            if on < ob.started_on:
                raise InvalidActionError(
                    action=N_("complete an obligation"), why=N_("the date is before it started")
                )
            w.require("update", ob.unit_path, on, N_("complete an obligation"))
            w.close(ob, on, "complete")
            return not ob.late


# -- approval guards, from the province's plugin ----------------------------------------------------------


def _agency(w: _Work, unit: db.Unit) -> db.Unit:
    """The agency a unit belongs to: itself, or for a sub-department (chi cục, phòng) its parent.
    An internal move (điều chuyển nội bộ) stays inside one agency."""
    if unit.kind == "sub_department" and unit.parent_id:
        return w.unit(unit.parent_id)
    return unit


def _ancestors(w: _Work, path: str) -> list[db.Unit]:
    return [w.unit(uid) for uid in path.strip("/").split("/")]


def _scope_matches(scope: str, units: Sequence[db.Unit]) -> bool:
    kinds = {u.kind for u in units}
    if scope == "all" or scope == "education":
        return True
    if scope in ("district_and_below", "district"):
        return "district" in kinds
    if scope == "provincial":
        return "district" not in kinds and units[-1].kind != "association"
    if scope == "provincial_association":
        return "district" not in kinds and units[-1].kind == "association"
    return False


def _approver_roles(w: _Work, dossier_path: str) -> set[str]:
    policy = w.ws.ruleset.approval
    if policy is None:
        return {"unit_head"}
    chain = _ancestors(w, dossier_path)
    return {a.role for a in policy.approvers if _scope_matches(a.scope, chain)} or {
        a.role for a in policy.approvers
    }


def _holds_role_over(w: _Work, account: db.Account, roles: set[str], dossier_path: str) -> bool:
    if account.state != "active":
        return False
    path = w.unit(account.unit_id).path
    if not dossier_path.startswith(path):
        return False
    if "account_holding_unit" in roles and account.kind == "agency":
        return True
    return account.role in roles


def _may_approve_own_right(w: _Work, unit_path: str) -> bool:
    return _holds_role_over(w, w.account, _approver_roles(w, unit_path), unit_path)


def _approval_authority(w: _Work, d: db.Dossier, on: date) -> str:
    """``own`` or ``delegated:<id> <document>``; raises when the account is not entitled."""
    policy = w.ws.ruleset.approval
    submitted_on = w.revision(d).submitted_on
    if submitted_on is not None and on < submitted_on:
        raise InvalidActionError(
            action=N_("approve a dossier"),
            why=N_("the date is before the submission ({submitted})"),
            submitted=submitted_on.isoformat(),
        )
    if on < d.recruited_on:
        raise InvalidActionError(action=N_("approve a dossier"), why=N_("the date is before the recruitment"))
    if policy is not None and policy.own_dossier_signer is not None:
        # Đồng Nai 7.1: the head's own dossier is signed by a deputy head.
        holder = w.s.execute(
            select(db.Account).where(
                db.Account.person_id == d.person_id, db.Account.role.in_(_approver_roles(w, d.unit_path))
            )
        ).first()
        if holder is not None:
            if w.account.role == policy.own_dossier_signer and d.unit_path.startswith(
                w.unit(w.account.unit_id).path
            ):
                return "own"
            raise PermissionDeniedError(
                username=w.actor.username,
                action=N_("approve a dossier"),
                why=N_("the head's own dossier is signed by the {signer} ({basis})"),
                signer=policy.own_dossier_signer,
                basis=policy.own_dossier.source.basis if policy.own_dossier else "",
            )
    if _may_approve_own_right(w, d.unit_path):
        return "own"
    dl = db.Delegation
    rows = w.s.execute(
        select(dl, db.Unit.path)
        .join(db.Unit, db.Unit.id == dl.unit_id)
        .where(
            dl.delegate_id == w.account.id, dl.valid_from <= on, or_(dl.valid_to.is_(None), dl.valid_to >= on)
        )
    ).all()
    for delegation, path in rows:
        delegator = w.s.get(db.Account, delegation.delegator_id)
        if (
            d.unit_path.startswith(path)
            and delegator is not None
            and _holds_role_over(w, delegator, _approver_roles(w, d.unit_path), d.unit_path)
        ):
            return f"delegated:{delegation.id} {delegation.document_ref}"
    raise PermissionDeniedError(
        username=w.actor.username,
        action=N_("approve a dossier"),
        why=N_("neither an approver of this unit nor holding a valid delegation"),
    )


def _may_edit(w: _Work, d: db.Dossier, on: date, what: str) -> None:
    """Everyone may edit their own dossier; others need the update right over its unit."""
    if w.is_own_dossier(d):
        return
    w.require("update", d.unit_path, on, what)
