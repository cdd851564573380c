"""CLI commands: accounts (registered on the main ``cbccvc`` app, see :mod:`cbccvc_core.cli`).

``cbccvc account …``: issue and reissue passwords (Sở Nội vụ), log in, change a password,
unlock, record a change of an agency account's holder, list passwords due for their change.

Passwords are read from the terminal without echo, or one a line from standard input with
``--password-stdin`` (for scripts); they are never taken from the command line, where other
users of the machine could read them. An act of Sở Nội vụ names its account with ``--as``; once
that account has a password it is asked for it first.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from .cli import JsonOpt, _day, _print_json, app, out
from .i18n import N_, _, format_day

account_app = typer.Typer(help="Accounts: passwords, lock-out, holders.", no_args_is_help=True)
app.add_typer(account_app, name="account")

DbOpt = Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")]
AsOpt = Annotated[str, typer.Option("--as", help="The admin account of Sở Nội vụ that acts.")]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="Business day of the act (YYYY-MM-DD); today if omitted.")
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help="Instant of the login, ISO 8601 with its offset (default: now)."),
]
StdinOpt = Annotated[
    bool, typer.Option("--password-stdin", help="Read passwords one a line from standard input.")
]

_STATUS = {"due_soon": N_("due soon"), "expired": N_("expired")}
_STATUS_LABELS = {
    "username": N_("User name"),
    "state": N_("State"),
    "password": N_("Has a password"),
    "changed_on": N_("Password set on"),
    "due": N_("Change due by"),
    "expired": N_("Past due"),
    "must_change": N_("Must be changed at the next login"),
    "failed_count": N_("Failed logins in a row"),
    "locked_until": N_("Locked until"),
    "holder": N_("Holder"),
}


def _ws(url: str) -> Any:
    from .service import Workspace

    return Workspace.open(url)


def _now(at: str | None) -> datetime:
    from .service import InvalidActionError

    if at is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(at)
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise InvalidActionError(
            action=N_("log in"), why=N_("{value!r} is not a date and time with its time zone"), value=at
        )
    return value


def _today(on: str | None) -> date:
    from .accounts import local_day

    return _day(on) if on is not None else local_day(datetime.now(UTC))


class _Secrets:
    """Passwords from standard input (one a line) or the terminal, without echo."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def ask(self, prompt: str) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            return line[:-1] if line.endswith("\n") else line
        return str(typer.prompt(prompt, hide_input=True))

    def new(self) -> str:
        first = self.ask(_("New password"))
        if not self.from_stdin and first != self.ask(_("Repeat the new password")):
            from .accounts import WeakPasswordError

            raise WeakPasswordError(why=N_("the two entries differ"))
        return first


def _actor(ws: Any, username: str, secrets: _Secrets, at: datetime) -> Any:
    """The acting account: logged in with its password once it has one (a fresh workspace's
    first admin has none until Sở Nội vụ issues it one)."""
    from .accounts import password_status

    if password_status(ws, username, as_of=at.date())["password"]:
        return ws.login(username, secrets.ask(_("Password of {user}").format(user=username)), at=at)
    return ws.as_account(username)


def _warn(result: Any) -> None:
    if result.changed_password:
        out.print(_("Password changed."))
    if result.warn and result.password_due is not None:
        out.print(
            _("The password must be changed by {due} ({basis}).").format(
                due=format_day(result.password_due), basis=result.basis
            )
        )


@account_app.command("issue-password")
def issue_password_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Argument(help="The account that gets the password.")],
    acting: AsOpt,
    request_ref: Annotated[
        str | None,
        typer.Option("--request-ref", help="Reference of the unit head's request (required to reissue)."),
    ] = None,
    on: OnOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Sở Nội vụ issues (or reissues) a password; it is printed once, to be changed at first login."""
    ws = _ws(db)
    actor = _actor(ws, acting, _Secrets(password_stdin), datetime.now(UTC))
    password = actor.issue_password(username, on=_today(on), request_ref=request_ref)
    out.print(
        _("Password of {user} (hand it over; it must be changed at the first login):").format(user=username)
    )
    out.print(password)


@account_app.command("login")
def login_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Argument(help="User name.")],
    change: Annotated[bool, typer.Option("--change", help="Set a new password as well.")] = False,
    at: AtOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Check a password (a failed attempt is counted; repeated failures lock the account)."""
    secrets = _Secrets(password_stdin)
    ws = _ws(db)
    password = secrets.ask(_("Password of {user}").format(user=username))
    new = secrets.new() if change else None
    result = ws.authenticate(username, password, at=_now(at), new_password=new)
    out.print(_("Logged in as {user}.").format(user=result.username))
    _warn(result)


@account_app.command("change-password")
def change_password_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Argument(help="User name.")],
    at: AtOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Change one's password: the current one, then the new one."""
    login_cmd(db, username, change=True, at=at, password_stdin=password_stdin)


@account_app.command("unlock")
def unlock_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Argument(help="The locked account.")],
    acting: AsOpt,
    reason: Annotated[str, typer.Option("--reason", help="Why (recorded in the audit log).")],
    on: OnOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Unlock an account (after a lock-out or a lock by Sở Nội vụ); clears the failure count."""
    ws = _ws(db)
    actor = _actor(ws, acting, _Secrets(password_stdin), datetime.now(UTC))
    actor.set_account_state(username, "unlock", on=_today(on), reason=reason)
    out.print(_("Account {user} unlocked.").format(user=username))


@account_app.command("change-holder")
def change_holder_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Argument(help="The agency account.")],
    acting: AsOpt,
    holder: Annotated[str, typer.Option("--holder", help="Full name of the person who now holds it.")],
    document_ref: Annotated[str, typer.Option("--document-ref", help="The head's assignment decision.")],
    new_username: Annotated[
        str | None, typer.Option("--new-username", help="Where the text replaces the account (Đắk Lắk 5.4).")
    ] = None,
    on: OnOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Record a new holder of an agency account and issue the password they will use."""
    ws = _ws(db)
    actor = _actor(ws, acting, _Secrets(password_stdin), datetime.now(UTC))
    result = actor.change_account_holder(
        username, holder=holder, on=_today(on), document_ref=document_ref, new_username=new_username
    )
    if result.revoked:
        out.print(_("Account {old} revoked; {new} issued.").format(old=result.revoked, new=result.username))
    out.print(
        _("Password of {user} (hand it over; it must be changed at the first login):").format(
            user=result.username
        )
    )
    out.print(result.password)


@account_app.command("status")
def status_cmd(
    db: DbOpt,
    username: Annotated[str, typer.Argument(help="User name.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD); today if omitted.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """An account's state and password dates (never the password)."""
    from .accounts import password_status

    data = password_status(_ws(db), username, as_of=_today(as_of))
    if as_json:
        _print_json({k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in data.items()})
        return
    for key, value in data.items():
        shown = value.isoformat() if isinstance(value, date | datetime) else value
        if isinstance(value, bool):
            shown = _("yes") if value else _("no")
        elif value is None:
            shown = "—"
        out.print(f"{_(_STATUS_LABELS.get(key, key))}: {shown}")


@account_app.command("expiring")
def expiring_cmd(
    db: DbOpt,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD); today if omitted.")] = None,
    within: Annotated[
        int | None, typer.Option("--within", help="Days ahead (default: the warning period).", min=0)
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's subtree.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Accounts whose password change is due soon or past due (Tuyên Quang 14.1: monthly)."""
    from .accounts import expiring

    day = _today(as_of)
    rows = expiring(_ws(db), day, within_days=within, unit=unit)
    if as_json:
        _print_json([r.to_json() for r in rows])
        return
    table = Table(title=_("Passwords due for a change as of {date}").format(date=format_day(day)))
    for col in (_("Account"), _("Unit"), _("Changed"), _("Due"), _("Status"), _("Source")):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r.username,
            r.unit_id,
            format_day(r.changed_on, fmt="short"),
            format_day(r.due, fmt="short"),
            _(_STATUS[r.status]),
            r.basis,
        )
    out.print(table)
    out.print(_("{n} accounts.").format(n=len(rows)))
