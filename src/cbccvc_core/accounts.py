"""Accounts: passwords, the province's account policy, lock-out, reissue (issue 5).

:class:`AccountActs` is a base class of :class:`cbccvc_core.service.Actor`: its acts run through the
same ``Actor._work`` transaction and audit as every other act.

What comes from the texts (each with its citation in the province's plugin, ``AccountPolicy``):

- the account model: one account per agency (Tuyên Quang 6.2, Đắk Lắk 4.8) or a personal
  account for every person (Đồng Nai 12.2, Quảng Nam 4.3, Kon Tum 7.2), checked when an account is
  issued (:func:`check_issue`);
- Kon Tum's identifier (3.3): a personal account is named ``H34`` followed by its holder's
  personal identification number;
- the monthly password change of Tuyên Quang's agency accounts (14.1: "định kỳ hằng tháng thay đổi
  mật khẩu"): :func:`password_due`; the login warns in the last :attr:`AccountSettings.warn_days`
  days and refuses (the password must be changed first) from the day after the due day;
- a lost password is reissued by Sở Nội vụ on the unit head's request (TQ 14.5, ĐL 15.7, ĐN 12.3,
  KT 15.5 and 17.1): :meth:`AccountActs.issue_password`, by an admin account only (Sở Nội vụ holds
  the admin account: TQ 6.1, ĐL 5.2), with the request's reference, audited;
- a change of the person holding an agency account (:meth:`AccountActs.change_account_holder`):
  Đắk Lắk 5.4 revokes the account and issues a new one to the newly assigned person; elsewhere the
  head's decision reassigns the same account and Sở Nội vụ issues it a new password.

What no text says, with a configurable default (:class:`AccountSettings`, environment variables
``CBCCVC_…``): the lock-out threshold (5 consecutive failures) and how long it lasts (30 minutes;
0 = until Sở Nội vụ unlocks), the warning period (7 days), the minimum password length (12), that
a password Sở Nội vụ issued must be changed at the first login (Tuyên Quang 14.1 says so: "thay
đổi mật khẩu được cấp"; the others are silent), and the Argon2id parameters (OWASP: m=19 MiB,
t=2, p=1).

Logging in is a separate step an application performs before ``Workspace.as_account``:
:func:`authenticate` (or ``Workspace.login``) checks the password and returns the actor. A failed
login records the failure (counter, audit entry); every other refusal writes nothing. Passwords
never reach the database, the audit log or an error message: only their Argon2id hashes are kept.
"""

from __future__ import annotations

import calendar
import os
import secrets
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from attrs.validators import ge, instance_of
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from . import audit
from .db import schema as db
from .db.engine import transaction
from .db.schema_accounts import AccountCredential, AccountHolder
from .errors import CbccvcError
from .i18n import N_
from .model.states import ACCOUNT
from .rules.types import AccountModel, AccountPolicy, HolderChange, IdentifierScheme, RuleSet

if TYPE_CHECKING:
    from .service import Actor, Workspace, _Work

#: Vietnam's time (no daylight saving): business days of logins and password changes.
VIETNAM = timezone(timedelta(hours=7), "ICT")

LOCK_REASON_FAILURES = "failed_logins"


# -- typed errors ---------------------------------------------------------------------------------


class LoginFailedError(CbccvcError):
    """Unknown user, no password set, or a wrong password: the same message for all three."""

    template = N_("Wrong user name or password.")


class AccountLockedError(CbccvcError):
    template = N_("Account {username!r} is locked: {why}")


class AccountNotActiveError(CbccvcError):
    template = N_("Account {username!r} cannot log in: it is {state}.")


class PasswordExpiredError(CbccvcError):
    template = N_(
        "The password of account {username!r} had to be changed by {due} ({basis}); "
        "log in with a new password to change it."
    )


class PasswordChangeRequiredError(CbccvcError):
    template = N_(
        "Account {username!r} has a password issued by Sở Nội vụ; log in with a new password to change it."
    )


class WeakPasswordError(CbccvcError):
    template = N_("The new password is not acceptable: {why}")


class AccountSettingsError(CbccvcError):
    template = N_("Account setting {name} = {value!r}: {why}")


# -- settings (figures no text gives) ------------------------------------------------------------


@attrs.frozen
class AccountSettings:
    """Figures the texts do not give: configurable, documented in ``docs/accounts.md``."""

    max_failures: int = attrs.field(default=5, validator=[instance_of(int), ge(1)])
    """Consecutive failed logins that lock the account (not from any text)."""
    lockout_minutes: int = attrs.field(default=30, validator=[instance_of(int), ge(0)])
    """How long a lock-out lasts; 0: until Sở Nội vụ unlocks it (not from any text)."""
    warn_days: int = attrs.field(default=7, validator=[instance_of(int), ge(0)])
    """Days before a password change falls due that a login warns (not from any text)."""
    min_length: int = attrs.field(default=12, validator=[instance_of(int), ge(8)])
    """Minimum length of a password a holder chooses (OWASP ASVS 2.1.1; not from any text)."""
    hash_time_cost: int = attrs.field(default=2, validator=[instance_of(int), ge(1)])
    hash_memory_kib: int = attrs.field(default=19 * 1024, validator=[instance_of(int), ge(8)])
    hash_parallelism: int = attrs.field(default=1, validator=[instance_of(int), ge(1)])

    ENV: ClassVar[dict[str, str]] = {
        "max_failures": "CBCCVC_LOCKOUT_THRESHOLD",
        "lockout_minutes": "CBCCVC_LOCKOUT_MINUTES",
        "warn_days": "CBCCVC_PASSWORD_WARN_DAYS",
        "min_length": "CBCCVC_PASSWORD_MIN_LENGTH",
        "hash_time_cost": "CBCCVC_ARGON2_TIME_COST",
        "hash_memory_kib": "CBCCVC_ARGON2_MEMORY_KIB",
        "hash_parallelism": "CBCCVC_ARGON2_PARALLELISM",
    }

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> AccountSettings:
        """The defaults, overridden by the ``CBCCVC_…`` variables that are set."""
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, var in cls.ENV.items():
            raw = env.get(var)
            if raw is None or raw == "":
                continue
            try:
                values[name] = int(raw)
            except ValueError:
                raise AccountSettingsError(name=var, value=raw, why=N_("not a whole number")) from None
        try:
            return cls(**values)
        except ValueError as exc:
            raise AccountSettingsError(
                name=", ".join(cls.ENV[k] for k in values), value=values, why=N_("out of range")
            ) from exc

    def hasher(self) -> PasswordHasher:
        return _hasher(self.hash_time_cost, self.hash_memory_kib, self.hash_parallelism)


@cache
def _hasher(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


@cache
def _dummy_hash(time_cost: int, memory_kib: int, parallelism: int) -> str:
    """A hash to verify against when there is no account, so that an unknown user name costs the
    same time as a wrong password."""
    return _hasher(time_cost, memory_kib, parallelism).hash(secrets.token_urlsafe(16))


# -- policy ---------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _rule_for(rs: RuleSet, kind: str) -> Any:
    policy = rs.accounts
    if policy is None:
        return None
    for rule in policy.passwords:
        if rule.every_months is not None and (rule.applies_to is None or rule.applies_to.value == kind):
            return rule
    return None


def password_due(rs: RuleSet, kind: str, changed_on: date) -> date | None:
    """The day by which a password set on ``changed_on`` must be changed, when the province's
    text gives an interval for accounts of ``kind`` (Tuyên Quang 14.1: agency accounts, monthly);
    else None. On the due day the password still works; from the next day it must be changed."""
    rule = _rule_for(rs, kind)
    return None if rule is None else add_months(changed_on, rule.every_months)


def password_basis(rs: RuleSet, kind: str) -> str:
    rule = _rule_for(rs, kind)
    return "" if rule is None else str(rule.source.short)


def local_day(at: datetime) -> date:
    """The business day (Vietnam time) of an instant."""
    return at.astimezone(VIETNAM).date()


def _aware(at: Any, what: str) -> datetime:
    from .service import InvalidActionError

    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidActionError(
            action=what, why=N_("{value!r} is not a date and time with its time zone"), value=at
        )
    return at.astimezone(UTC)


def _check_day(on: Any, what: str) -> date:
    from .service import InvalidActionError

    if not isinstance(on, date) or isinstance(on, datetime):
        raise InvalidActionError(action=what, why=N_("{value!r} is not a date"), value=on)
    return on


def _utc(value: datetime | None) -> datetime | None:
    """Stored instants are UTC; SQLite gives them back without their time zone."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _cred_state(cred: AccountCredential) -> dict[str, Any]:
    """What the audit records of a credential: never the hash."""
    state = audit.row_state(cred)
    state.pop("password_hash", None)
    return state


def _basis(source: Any) -> str:
    return str(source.short) if source is not None else ""


def check_new_password(password: Any, username: str, settings: AccountSettings) -> str:
    """A password a holder chooses: text, at least ``min_length`` characters, at most 256,
    not containing the user name."""
    if not isinstance(password, str):
        raise WeakPasswordError(why=N_("it must be text"))
    if len(password) < settings.min_length:
        raise WeakPasswordError(why=N_("it must have at least {n} characters"), n=settings.min_length)
    if len(password) > 256:
        raise WeakPasswordError(why=N_("it must have at most {n} characters"), n=256)
    if username.casefold() in password.casefold():
        raise WeakPasswordError(why=N_("it must not contain the user name"))
    return password


def _issue_credential(
    w: _Work, account_id: int, password: str, day: date, settings: AccountSettings, request_ref: str | None
) -> AccountCredential:
    """An account's first password (to be changed at the first login), stored and audited."""
    cred = AccountCredential(
        account_id=account_id,
        password_hash=settings.hasher().hash(password),
        changed_on=day,
        must_change=True,
        failed_count=0,
        last_failed_at=None,
        last_login_at=None,
        locked_until=None,
        lock_reason=None,
    )
    w.s.add(cred)
    w.s.flush()
    w.audit("issue_password", "account", account_id, None, _cred_state(cred), on=day, request_ref=request_ref)
    return cred


def temporary_password() -> str:
    """A password Sở Nội vụ hands over, to be changed at the first login (22 random characters)."""
    return secrets.token_urlsafe(16)


# -- checks when an account is issued (called by Actor.issue_account) -----------------------------


def check_issue(
    w: _Work, *, username: str, kind: str, unit_id: str, role: str | None, person_id: int | None
) -> None:
    """The province's account model and identifier, before ``issue_account`` writes anything."""
    from .service import InvalidActionError

    policy: AccountPolicy | None = w.ws.ruleset.accounts
    if policy is None:
        return
    what = N_("issue an account")
    live = ("requested", "active", "locked")
    if policy.model is AccountModel.PER_AGENCY and kind == "agency" and role is None:
        other = w.s.execute(
            select(db.Account.username).where(
                db.Account.unit_id == unit_id,
                db.Account.kind == "agency",
                db.Account.role.is_(None),
                db.Account.state.in_(live),
            )
        ).scalar()
        if other is not None:
            raise InvalidActionError(
                action=what,
                why=N_(
                    "the text gives each agency one account ({basis}) and {unit} has {other!r}; "
                    "revoke it or record a change of its holder"
                ),
                basis=_basis(policy.model_source),
                unit=unit_id,
                other=other,
            )
    if policy.model is AccountModel.PER_PERSON and kind == "personal" and person_id is not None:
        other = w.s.execute(
            select(db.Account.username).where(
                db.Account.person_id == person_id, db.Account.kind == "personal", db.Account.state.in_(live)
            )
        ).scalar()
        if other is not None:
            raise InvalidActionError(
                action=what,
                why=N_("the text gives each person one account ({basis}) and this person has {other!r}"),
                basis=_basis(policy.model_source),
                other=other,
            )
    if policy.identifier is IdentifierScheme.H34_PERSONAL_ID and kind == "personal" and person_id is not None:
        from .model.people import kontum_identifier

        person = w.s.get(db.Person, person_id)
        assert person is not None
        expected = kontum_identifier(person.personal_id)
        if username != expected:
            raise InvalidActionError(
                action=what,
                why=N_(
                    "a personal account is named H34 followed by its holder's personal "
                    "identification number ({basis}): {expected!r}, not {username!r}"
                ),
                basis=_basis(policy.identifier_source),
                expected=expected,
                username=username,
            )


def after_state_change(w: _Work, acc: db.Account, action: str, on: date) -> None:
    """Called by ``Actor.set_account_state`` once the state machine moved ``acc``: an unlock clears
    the failure counter and lock-out; a revocation ends the current holder's period."""
    if action == "unlock":
        cred = w.s.get(AccountCredential, acc.id)
        if cred is not None and (cred.failed_count or cred.locked_until or cred.lock_reason):
            before = _cred_state(cred)
            cred.failed_count, cred.locked_until, cred.lock_reason = 0, None, None
            w.s.flush()
            w.audit("reset_login_failures", "account", acc.id, before, _cred_state(cred), on=on)
    elif action == "revoke":
        _end_holder(w, acc, on)


def _current_holder(s: Session, account_id: int) -> AccountHolder | None:
    return s.execute(
        select(AccountHolder)
        .where(AccountHolder.account_id == account_id, AccountHolder.ended_on.is_(None))
        .order_by(AccountHolder.id.desc())
    ).scalar()


def _end_holder(w: _Work, acc: db.Account, on: date) -> None:
    holder = _current_holder(w.s, acc.id)
    if holder is not None:
        before = audit.row_state(holder)
        holder.ended_on = max(on, holder.assigned_on)
        w.s.flush()
        w.audit("end_account_holder", "account_holder", holder.id, before, audit.row_state(holder), on=on)


# -- results ----------------------------------------------------------------------------------------


@attrs.frozen
class LoginResult:
    """A successful login: the actor, and what the holder must be told about the password."""

    actor: Actor
    password_due: date | None
    """The day by which the password must next be changed (None: the text sets no interval)."""
    warn: bool
    """The due day is within the warning period."""
    changed_password: bool
    basis: str = ""

    @property
    def username(self) -> str:
        return self.actor.username


@attrs.frozen
class ExpiringRow:
    username: str
    unit_id: str
    kind: str
    changed_on: date
    due: date
    status: str
    """``due_soon`` (within the warning period) or ``expired`` (past the due day)."""
    basis: str

    def to_json(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        out["changed_on"], out["due"] = self.changed_on.isoformat(), self.due.isoformat()
        return out


@attrs.frozen
class HolderChangeResult:
    """The account the new holder uses and its temporary password (hand it over, then forget it)."""

    username: str
    password: str = attrs.field(repr=False)
    revoked: str | None
    """The account revoked (Đắk Lắk 5.4), if any."""


# -- logging in (Workspace level) --------------------------------------------------------------------


def authenticate(
    ws: Workspace, username: str, password: str, *, at: datetime, new_password: str | None = None
) -> LoginResult:
    """Check ``password`` for ``username`` at the instant ``at`` (time-zone aware).

    Success: the failure counter is reset, the login recorded and audited, and the result
    carries the actor. When the password must be changed (issued by Sở Nội vụ, or past its due
    day) the login is refused with a typed error unless ``new_password`` is given: then the
    password is changed and the login goes on. ``new_password`` given on an ordinary login
    changes the password too.

    Refusals: :class:`LoginFailedError` (unknown user, no password, wrong password: a wrong
    password counts a failure, audited, and the threshold locks the account),
    :class:`AccountLockedError`, :class:`AccountNotActiveError`, :class:`PasswordExpiredError`,
    :class:`PasswordChangeRequiredError`, :class:`WeakPasswordError`; all but the counted
    failure write nothing.
    """
    from .db.engine import first_line, safe_url
    from .service import ConflictError, WorkspaceError

    instant = _aware(at, N_("log in"))
    for _attempt in range(3):
        try:
            return _authenticate(ws, username, password, instant, new_password)
        except StaleDataError:  # another login of the same account at the same moment
            continue
        except OperationalError as exc:  # the database went away, a lock timed out…
            raise WorkspaceError(url=safe_url(ws.url), detail=first_line(exc)) from None
    raise ConflictError(entity=N_("account"), id=username)


def _authenticate(
    ws: Workspace, username: str, password: str, at: datetime, new_password: str | None
) -> LoginResult:
    from .service import Actor

    settings: AccountSettings = ws.account_settings
    hasher = settings.hasher()
    day = local_day(at)
    outcome: CbccvcError | None = None
    result: LoginResult | None = None
    with transaction(ws._sessions) as s:
        # Logins of one account queue on its rows (PostgreSQL; SQLite's writers queue anyway), so
        # that concurrent failures are all counted.
        acc = s.execute(
            select(db.Account).where(db.Account.username == username).with_for_update()
        ).scalar_one_or_none()
        cred = s.get(AccountCredential, acc.id, with_for_update=True) if acc is not None else None
        if acc is None or cred is None or not isinstance(password, str):
            try:
                hasher.verify(
                    _dummy_hash(settings.hash_time_cost, settings.hash_memory_kib, settings.hash_parallelism),
                    password if isinstance(password, str) else "",
                )
            except VerificationError:
                pass
            raise LoginFailedError()

        def log(
            action: str, before: dict[str, Any] | None, after: dict[str, Any] | None, **detail: Any
        ) -> None:
            s.flush()
            audit.append(
                s,
                account_id=acc.id,
                username=acc.username,
                action=action,
                entity="account",
                entity_id=acc.id,
                before=before,
                after=after,
                detail={"at": at, **detail},
            )

        if acc.state == "locked":
            until = _utc(cred.locked_until)
            if cred.lock_reason == LOCK_REASON_FAILURES and until is not None and at >= until:
                before_acc, before_cred = audit.row_state(acc), _cred_state(cred)
                acc.state = ACCOUNT.next(acc.state, "unlock")
                cred.failed_count, cred.locked_until, cred.lock_reason = 0, None, None
                log("unlock_account", before_acc, audit.row_state(acc), reason="lock-out ended")
                log("reset_login_failures", before_cred, _cred_state(cred))
            elif until is not None:
                raise AccountLockedError(
                    username=acc.username,
                    why=N_("too many failed logins; try again after {until}"),
                    until=until.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M (UTC+7)"),
                )
            else:
                raise AccountLockedError(username=acc.username, why=N_("ask Sở Nội vụ to unlock it"))
        if acc.state != "active":
            raise AccountNotActiveError(username=acc.username, state=acc.state)

        ok: bool
        try:
            ok = bool(hasher.verify(cred.password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if not ok:
            before = _cred_state(cred)
            cred.failed_count += 1
            cred.last_failed_at = at
            log("login_failed", before, _cred_state(cred), failed_count=cred.failed_count)
            if cred.failed_count >= settings.max_failures:
                before_acc = audit.row_state(acc)
                acc.state = ACCOUNT.next(acc.state, "lock")
                cred.lock_reason = LOCK_REASON_FAILURES
                cred.locked_until = (
                    at + timedelta(minutes=settings.lockout_minutes) if settings.lockout_minutes else None
                )
                log(
                    "lock_account",
                    before_acc,
                    audit.row_state(acc),
                    reason=LOCK_REASON_FAILURES,
                    failed_count=cred.failed_count,
                    until=cred.locked_until,
                )
                if cred.locked_until is not None:
                    outcome = AccountLockedError(
                        username=acc.username,
                        why=N_("too many failed logins; try again after {until}"),
                        until=cred.locked_until.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M (UTC+7)"),
                    )
                else:
                    outcome = AccountLockedError(username=acc.username, why=N_("ask Sở Nội vụ to unlock it"))
            else:
                outcome = LoginFailedError()
        else:
            due = password_due(ws.ruleset, acc.kind, cred.changed_on)
            basis = password_basis(ws.ruleset, acc.kind)
            changed = False
            if new_password is None:
                if cred.must_change:
                    outcome = PasswordChangeRequiredError(username=acc.username)
                elif due is not None and day > due:
                    outcome = PasswordExpiredError(username=acc.username, due=due.isoformat(), basis=basis)
            else:
                check_new_password(new_password, acc.username, settings)
                if new_password == password:
                    raise WeakPasswordError(why=N_("it must differ from the current password"))
                before = _cred_state(cred)
                cred.password_hash = hasher.hash(new_password)
                cred.changed_on, cred.must_change = day, False
                log("change_password", before, _cred_state(cred))
                changed = True
                due = password_due(ws.ruleset, acc.kind, day)
            if outcome is None:
                before = _cred_state(cred)
                if not changed and hasher.check_needs_rehash(cred.password_hash):
                    cred.password_hash = hasher.hash(password)  # parameters raised since
                cred.failed_count, cred.last_login_at = 0, at
                log("login", before, _cred_state(cred))
                warn = due is not None and day >= due - timedelta(days=settings.warn_days)
                result = LoginResult(Actor(ws, acc.id, acc.username), due, warn, changed, basis)
    if outcome is not None:
        raise outcome
    assert result is not None
    return result


def change_password(
    ws: Workspace, username: str, password: str, new_password: str, *, at: datetime
) -> LoginResult:
    """The holder changes their password (the current one proves who they are)."""
    return authenticate(ws, username, password, at=at, new_password=new_password)


def password_status(ws: Workspace, username: str, *, as_of: date) -> dict[str, Any]:
    """What an account's password state is on ``as_of`` (no secret in it)."""
    from .service import NotFoundError

    with ws.session() as s:
        acc = s.execute(select(db.Account).where(db.Account.username == username)).scalar_one_or_none()
        if acc is None:
            raise NotFoundError(entity=N_("account"), id=username)
        cred = s.get(AccountCredential, acc.id)
        if cred is None:
            return {"username": username, "state": acc.state, "password": False}
        due = password_due(ws.ruleset, acc.kind, cred.changed_on)
        holder = _current_holder(s, acc.id)
        return {
            "username": username,
            "state": acc.state,
            "password": True,
            "changed_on": cred.changed_on,
            "due": due,
            "expired": due is not None and as_of > due,
            "must_change": cred.must_change,
            "failed_count": cred.failed_count,
            "locked_until": _utc(cred.locked_until),
            "holder": holder.holder_name if holder is not None else None,
        }


def expiring(
    ws: Workspace, as_of: date, *, within_days: int | None = None, unit: str | None = None
) -> list[ExpiringRow]:
    """Accounts whose password change is due within ``within_days`` (default: the warning
    period) of ``as_of``, or already past due; only where the text sets an interval."""
    settings: AccountSettings = ws.account_settings
    within = settings.warn_days if within_days is None else within_days
    rs = ws.ruleset
    kinds = [k for k in ("admin", "agency", "personal") if _rule_for(rs, k) is not None]
    if not kinds:
        return []
    a, c = db.Account, AccountCredential
    out: list[ExpiringRow] = []
    with ws.session() as s:
        q = (
            select(a.username, a.unit_id, a.kind, c.changed_on, db.Unit.path)
            .join(c, c.account_id == a.id)
            .join(db.Unit, db.Unit.id == a.unit_id)
            .where(a.kind.in_(kinds), a.state != "revoked")
            .order_by(a.username)
        )
        path = ws._subtree(s, unit)
        for username, unit_id, kind, changed_on, upath in s.execute(q):
            if path is not None and not upath.startswith(path):
                continue
            due = password_due(rs, kind, changed_on)
            assert due is not None
            if as_of > due:
                status = "expired"
            elif as_of >= due - timedelta(days=within):
                status = "due_soon"
            else:
                continue
            out.append(
                ExpiringRow(username, unit_id, kind, changed_on, due, status, password_basis(rs, kind))
            )
    return sorted(out, key=lambda r: (r.due, r.username))


# -- acts of Sở Nội vụ ---------------------------------------------------------------------------------


def _home_affairs_only(w: _Work, what: str) -> None:
    """Only Sở Nội vụ, acting through its admin account, issues and reissues passwords."""
    from .service import PermissionDeniedError

    if w.account.kind != "admin":
        policy = w.ws.ruleset.accounts
        source = policy.lost_password.source if policy is not None and policy.lost_password else None
        raise PermissionDeniedError(
            username=w.actor.username,
            action=what,
            why=N_("only Sở Nội vụ, through its admin account, issues passwords{basis}"),
            basis=f" ({source.short})" if source is not None else "",
        )


class AccountActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""

    if TYPE_CHECKING:
        ws: Workspace
        username: str

        def _work(self, action: str) -> AbstractContextManager[_Work]: ...

    def issue_password(self, username: str, *, on: date, request_ref: str | None = None) -> str:
        """Sở Nội vụ issues a password for ``username`` and returns it, once: hand it to the
        holder, who must change it at the first login. The first password needs no request; a
        reissue (lost or forgotten password) needs the reference of the request that came
        through the unit's head (TQ 14.5, ĐL 15.7, ĐN 12.3, KT 15.5). A reissue also ends an
        automatic lock-out; a lock Sở Nội vụ put on stays."""
        from .service import InvalidActionError

        what = N_("issue a password")
        _check_day(on, what)
        with self._work(what) as w:
            _home_affairs_only(w, what)
            acc = w.account_named(username)
            if acc.state == "revoked":
                raise InvalidActionError(action=what, why=N_("the account is {state}"), state=acc.state)
            password = temporary_password()
            cred = w.s.get(AccountCredential, acc.id)
            if cred is None:
                _issue_credential(w, acc.id, password, on, w.ws.account_settings, request_ref)
                return password
            if request_ref is None or not request_ref.strip():
                raise InvalidActionError(
                    action=N_("reissue a password"),
                    why=N_("the reference of the unit head's request is required"),
                )
            before = _cred_state(cred)
            cred.password_hash = w.ws.account_settings.hasher().hash(password)
            cred.changed_on, cred.must_change = on, True
            was_locked_out = cred.lock_reason == LOCK_REASON_FAILURES
            cred.failed_count, cred.locked_until, cred.lock_reason = 0, None, None
            w.s.flush()
            w.audit(
                "reissue_password",
                "account",
                acc.id,
                before,
                _cred_state(cred),
                on=on,
                request_ref=request_ref,
            )
            if acc.state == "locked" and was_locked_out:
                before_acc = audit.row_state(acc)
                acc.state = ACCOUNT.next(acc.state, "unlock")
                w.s.flush()
                w.audit(
                    "unlock_account",
                    "account",
                    acc.id,
                    before_acc,
                    audit.row_state(acc),
                    reason="password reissued",
                    on=on,
                )
            return password

    def change_account_holder(
        self,
        username: str,
        *,
        holder: str,
        on: date,
        document_ref: str,
        person_dossier: int | None = None,
        new_username: str | None = None,
    ) -> HolderChangeResult:
        """Record who holds an agency account from ``on`` (the head's decision ``document_ref``)
        and issue the password the new holder will use. Where the text says the account of a
        person who no longer has the task is revoked and a new one issued (Đắk Lắk 5.4), give
        ``new_username``: the old account is revoked and a new one issued for the same unit and
        role. Elsewhere the same account is reassigned and gets a new password."""
        from .service import InvalidActionError

        what = N_("change the holder of an account")
        _check_day(on, what)
        with self._work(what) as w:
            _home_affairs_only(w, what)
            if not document_ref or not document_ref.strip():
                raise InvalidActionError(action=what, why=N_("a written document reference is required"))
            if not isinstance(holder, str) or not holder.strip() or len(holder) > 100:
                raise InvalidActionError(action=what, why=N_("the holder's full name is required"))
            acc = w.account_named(username)
            if acc.kind == "admin" or acc.state == "revoked" or acc.person_id is not None:
                raise InvalidActionError(
                    action=what,
                    why=N_("{username!r} is not an agency account in use"),
                    username=username,
                )
            person_id = None
            if person_dossier is not None:
                person_id = w.dossier(person_dossier).person_id
            policy = w.ws.ruleset.accounts
            rule = policy.holder_change if policy is not None else None
            current = _current_holder(w.s, acc.id)
            revoke = rule is HolderChange.REVOKE_AND_REISSUE and current is not None
            if revoke and not new_username:
                raise InvalidActionError(
                    action=what,
                    why=N_(
                        "the text revokes the account and issues a new one ({basis}): give the new user name"
                    ),
                    basis=_basis(policy.holder_change_source if policy else None),
                )
            if not revoke and new_username:
                raise InvalidActionError(
                    action=what, why=N_("the account is reassigned, not replaced: no new user name here")
                )
            if current is not None and on < current.assigned_on:
                raise InvalidActionError(
                    action=what,
                    why=N_("the current holder was assigned on {day}"),
                    day=current.assigned_on.isoformat(),
                )
            settings = w.ws.account_settings
            password = temporary_password()
            target = acc
            if revoke:
                assert new_username is not None
                if w.s.execute(select(db.Account.id).where(db.Account.username == new_username)).first():
                    from .service import DuplicateError

                    raise DuplicateError(entity=N_("account"), id=new_username)
                before = audit.row_state(acc)
                acc.state = ACCOUNT.next(acc.state, "revoke")
                w.s.flush()
                w.audit(
                    "revoke_account",
                    "account",
                    acc.id,
                    before,
                    audit.row_state(acc),
                    reason="holder changed",
                    on=on,
                    document_ref=document_ref,
                )
                _end_holder(w, acc, on)
                target = db.Account(
                    username=new_username,
                    kind=acc.kind,
                    unit_id=acc.unit_id,
                    person_id=None,
                    role=acc.role,
                    state=ACCOUNT.next(ACCOUNT.initial, "activate"),
                )
                w.s.add(target)
                w.s.flush()
                w.audit(
                    "issue_account",
                    "account",
                    target.id,
                    None,
                    audit.row_state(target),
                    on=on,
                    replaces=acc.username,
                )
                cred = _issue_credential(w, target.id, password, on, settings, document_ref)
            else:
                _end_holder(w, acc, on)
                cred_or_none = w.s.get(AccountCredential, acc.id)
                if cred_or_none is None:
                    cred = _issue_credential(w, acc.id, password, on, settings, document_ref)
                else:
                    cred = cred_or_none
                    before = _cred_state(cred)
                    cred.password_hash = settings.hasher().hash(password)
                    cred.changed_on, cred.must_change = on, True
                    w.s.flush()
                    w.audit(
                        "reissue_password",
                        "account",
                        acc.id,
                        before,
                        _cred_state(cred),
                        on=on,
                        request_ref=document_ref,
                    )
            h = AccountHolder(
                account_id=target.id,
                holder_name=holder.strip(),
                person_id=person_id,
                assigned_on=on,
                ended_on=None,
                document_ref=document_ref,
            )
            w.s.add(h)
            w.s.flush()
            w.audit("assign_account_holder", "account_holder", h.id, None, audit.row_state(h), on=on)
            return HolderChangeResult(target.username, password, acc.username if revoke else None)


def holders(ws: Workspace, username: str) -> list[dict[str, Any]]:
    """Everyone who held an account, oldest first."""
    from .service import NotFoundError

    with ws.session() as s:
        acc = s.execute(select(db.Account).where(db.Account.username == username)).scalar_one_or_none()
        if acc is None:
            raise NotFoundError(entity=N_("account"), id=username)
        rows = s.execute(
            select(AccountHolder).where(AccountHolder.account_id == acc.id).order_by(AccountHolder.id)
        ).scalars()
        return [{k: v for k, v in audit.row_state(h).items() if k not in ("id", "account_id")} for h in rows]
