"""The ``cbccvc`` command line (Typer on click, rich tables).

Text for people is Vietnamese by default (``--lang en`` or ``CBCCVC_LANG=en`` for English),
dates in Babel's CLDR formats; ``--json`` output is exactly RULES.md §9 with ISO dates. Bad
input (unknown province, event, obligation, an impossible date, a year the calendar does not
cover, a broken plugin) prints one clear line and exits with status 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import vocabulary
from .errors import CbccvcError, UnknownEventError, UnknownObligationError
from .i18n import N_, _, _n, current_language, format_day, set_language
from .lint import Severity, lint
from .registry import Registry, default_registry
from .rules import engine
from .rules.periods import (
    Before,
    CalendarDays,
    Immediately,
    MonthEndWindow,
    On,
    Period,
    WorkingDays,
)
from .rules.serialize import parse_iso_date, unstructure_ruleset
from .rules.types import RuleSet

app = typer.Typer(
    name="cbccvc",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Rules of Vietnamese provinces for the CBCCVC database.",
)
# Wide enough for the rule tables when the output is a pipe or a file (rich assumes 80).
_WIDTH = None if sys.stdout.isatty() else 132
# markup=False: quotes of the decisions may hold brackets that rich would read as markup.
out = Console(highlight=False, soft_wrap=True, width=_WIDTH, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="JSON output (RULES.md §9).")]


@app.callback()
def _main(
    lang: Annotated[str | None, typer.Option("--lang", help="vi (default) or en.")] = None,
) -> None:
    if lang is not None:
        set_language(lang if lang in ("vi", "en") else "vi")


def _registry() -> Registry:
    return default_registry()


def _ruleset(province: str) -> RuleSet:
    return _registry().get(province)


def _day(value: str) -> date:
    return parse_iso_date(value)


def _fmt(day: date | None) -> str:
    return format_day(day, fmt="full") if day else _("no date in the text")


def describe(period: Period) -> str:
    """A period for people: "30 ngày làm việc", "trước ngày 15/01", …"""
    if isinstance(period, WorkingDays):
        return _n("{n} working day", "{n} working days", period.n).format(n=period.n)
    if isinstance(period, CalendarDays):
        return _n("{n} day", "{n} days", period.n).format(n=period.n)
    if isinstance(period, MonthEndWindow):
        return _n("last day of the month", "last {n} days of the month", period.n).format(n=period.n)
    if isinstance(period, Before):
        return _("before {day:02d}/{month:02d}").format(day=period.day, month=period.month)
    if isinstance(period, On):
        return _("on {day:02d}/{month:02d}").format(day=period.day, month=period.month)
    if isinstance(period, Immediately):
        return _("immediately")
    return _("not specified")


def _label(kind: str, name: str) -> str:
    return vocabulary.label(kind, name, current_language())


def _actors(field: str) -> str:
    return " / ".join(_label("actor", a) for a in field.split("|"))


def _print_json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False), ensure_ascii=False)


def _title(rs: RuleSet) -> str:
    ins = rs.instrument
    return f"{rs.profile.name} — {ins.full_reference} ({_(ins.status.value)})"


@app.command()
def profiles(as_json: JsonOpt = False) -> None:
    """List the installed provinces and their instruments."""
    reg = _registry()
    if as_json:
        _print_json(
            [
                {
                    "code": rs.code,
                    "name": rs.profile.name,
                    "instrument": rs.instrument.reference,
                    "status": rs.instrument.status.value,
                    "in_force_from": rs.instrument.in_force_from.isoformat()
                    if rs.instrument.in_force_from
                    else None,
                    "rules": len(rs.deadlines),
                }
                for rs in reg
            ]
        )
        return
    table = Table(title=_("Installed provinces"))
    for col in (_("Code"), _("Province"), _("Instrument"), _("Status"), _("Deadline rules")):
        table.add_column(col)
    for rs in reg:
        table.add_row(
            rs.code,
            rs.profile.name,
            rs.instrument.reference,
            _(rs.instrument.status.value),
            str(len(rs.deadlines)),
        )
    out.print(table)


@app.command()
def rules(
    province: str,
    as_json: JsonOpt = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="A Markdown rule table with sources.")] = False,
) -> None:
    """Show a province's rules with their sources."""
    rs = _ruleset(province)
    if as_json:
        _print_json(unstructure_ruleset(rs))
    elif markdown:
        from .docs import ruleset_markdown

        sys.stdout.write(ruleset_markdown(rs))
    else:
        table = Table(title=_title(rs), show_lines=True)
        for col in (_("Event"), _("Obligation"), _("Period"), _("Actor"), _("Source")):
            table.add_column(col)
        for r in rs.deadlines:
            table.add_row(
                _label("event", r.event),
                _label("obligation", r.obligation),
                describe(r.period),
                _actors(r.actor_field),
                f"{r.source.short}\n“{r.source.quote}”",
            )
        out.print(table)


@app.command()
def deadlines(
    province: str,
    event: str,
    day: Annotated[str, typer.Argument(metavar="DATE")],
    category: Annotated[str | None, typer.Option(help="Person category, e.g. commune_official.")] = None,
    obligation: Annotated[str | None, typer.Option(help="Only this obligation.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """The obligations an EVENT on DATE starts in PROVINCE, with due dates."""
    rs = _ruleset(province)
    anchor = _day(day)
    cal = _registry().calendar(province)
    results = engine.deadlines(rs, event, anchor, cal, category)
    if obligation is not None:
        _check_obligation(obligation)
        results = [r for r in results if r.obligation == obligation]
    if as_json:
        _print_json([r.to_json() for r in results])
        return
    out.print(
        _("{province}: {event} on {date}").format(
            province=rs.profile.name, event=_label("event", event), date=format_day(anchor)
        )
    )
    if not results:
        out.print(_("The province's text sets no obligation for this event."))
        return
    table = Table()
    for col in (_("Obligation"), _("Due"), _("Period"), _("Actor"), _("Source")):
        table.add_column(col)
    for r in results:
        due = _fmt(r.due)
        if r.window_start:
            due = _("from {start} to {end}").format(
                start=format_day(r.window_start), end=format_day(r.due or anchor)
            )
        if r.provisional:
            due += " *"
        table.add_row(
            _label("obligation", r.obligation), due, describe(r.rule.period), _actors(r.actor), r.basis
        )
    out.print(table)
    if any(r.provisional for r in results):
        out.print(
            "* "
            + _("Provisional: the days off of {year} are not yet officially announced.").format(
                year=cal.announced_through + 1
            )
        )
    if not rs.instrument.is_in_force_on(anchor):
        out.print(
            _("Note: on this date the instrument is not in force ({status}).").format(
                status=_(rs.instrument.status.value)
            )
        )


@app.command()
def reports(province: str, year: int, as_json: JsonOpt = False) -> None:
    """The reports due for YEAR's activity."""
    rs = _ruleset(province)
    results = engine.reports(rs, year)
    if as_json:
        _print_json([r.to_json() for r in results])
        return
    table = Table(title=_("{province}: reports for {year}").format(province=rs.profile.name, year=year))
    for col in (_("Report"), _("From"), _("To"), _("Due"), _("Frequency"), _("Contents"), _("Source")):
        table.add_column(col)
    # By due date (those the text gives no date last); contents = the fields of `cbccvc report`.
    for r in sorted(results, key=lambda r: (r.due is None, r.due or date.min)):
        contents = ", ".join(i.key for i in r.rule.contents) or "—"
        table.add_row(
            r.report,
            _label("actor", r.sender),
            _label("actor", r.recipient),
            _fmt(r.due),
            _(r.rule.frequency.value),
            contents,
            r.basis,
        )
    out.print(table)
    out.print(
        _(
            "Build one with: cbccvc report --db URL --year {year} [--unit ID] [--report NAME] --out FILE.pdf"
        ).format(year=year)
    )


@app.command()
def backups(
    province: str,
    start: Annotated[str | None, typer.Argument(metavar="FROM")] = None,
    end: Annotated[str | None, typer.Argument(metavar="TO")] = None,
    policy: Annotated[bool, typer.Option("--policy", help="Show the backup policy itself.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Backups the policy schedules from FROM to TO, or the policy (--policy)."""
    rs = _ruleset(province)
    if policy or start is None:
        from .rules.serialize import converter

        data = converter.unstructure(rs.backup) if rs.backup else None
        if as_json:
            _print_json(data)
            return
        if rs.backup is None:
            out.print(_("The province's text sets no backup rule."))
            return
        table = Table(title=_("{province}: backup policy").format(province=rs.profile.name), show_lines=True)
        for col in (_("Kind"), _("By"), _("Frequency"), _("Keep"), _("Source")):
            table.add_column(col)
        for b in rs.backup.backups:
            freq = _(b.frequency.value) + (f" ({b.day_of_month:02d})" if b.day_of_month else "")
            keep = _("{n} months").format(n=b.keep_months) if b.keep_months else "—"
            table.add_row(
                _(b.kind.value), _label("actor", b.by), freq, keep, f"{b.source.short}\n“{b.source.quote}”"
            )
        for extra in (rs.backup.restore, rs.backup.exited_dossiers):
            if extra:
                table.add_row("", "", "", "", f"{extra.source.short}\n“{extra.source.quote}”")
        out.print(table)
        return
    if end is None:
        raise typer.BadParameter(_("give both FROM and TO, or --policy"))
    cal = _registry().calendar(province)
    results = engine.backups(rs, _day(start), _day(end), cal)
    if as_json:
        _print_json([b.to_json() for b in results])
        return
    table = Table(title=_("{province}: backups").format(province=rs.profile.name))
    for col in (_("Date"), _("Kind"), _("By"), _("Source")):
        table.add_column(col)
    for due in results:
        table.add_row(format_day(due.date), _(due.kind), _label("actor", due.by), due.basis)
    out.print(table)
    if rs.backup and any(b.frequency.value == "periodic" for b in rs.backup.backups):
        out.print(_("Some backups are periodic with no interval in the text; they are not scheduled."))


@app.command("calendar")
def calendar_cmd(
    year: int,
    province: Annotated[str | None, typer.Option(help="Add this province's own adjustments.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Holidays, days off and make-up working days of YEAR."""
    cal = _registry().calendar(province)
    days = list(cal.days_off_and_make_up(year))
    if as_json:
        _print_json(
            [
                {"date": d.day.isoformat(), "kind": d.kind.value, "name": d.name, "source": d.source}
                for d in days
            ]
        )
        return
    table = Table(title=_("Working-day calendar {year}").format(year=year))
    for col in (_("Date"), _("Kind"), _("Name")):
        table.add_column(col)
    for d in days:
        table.add_row(format_day(d.day), _(d.kind.value), d.name)
    out.print(table)
    total = (
        cal.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))
        if year > cal.first_year
        else None
    )
    if total is not None:
        out.print(_("{n} working days in {year}.").format(n=total, year=year))
    if cal.is_provisional(date(year, 1, 1)):
        out.print(
            _("Provisional: the days off of {year} are not yet officially announced.").format(year=year)
        )


@app.command()
def compare(
    event: str,
    day: Annotated[str | None, typer.Option("--date", help="Anchor date (default: today).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """One EVENT in every province, side by side."""
    if event not in vocabulary.EVENTS:
        raise UnknownEventError(event=event, known=", ".join(vocabulary.EVENTS))
    anchor = _day(day) if day else date.today()
    reg = _registry()
    rows = {rs.code: engine.deadlines(rs, event, anchor, reg.calendar(rs.code)) for rs in reg}
    if as_json:
        _print_json({code: [r.to_json() for r in res] for code, res in rows.items()})
        return
    table = Table(
        title=_("{event} on {date}").format(event=_label("event", event), date=format_day(anchor)),
        show_lines=True,
    )
    table.add_column(_("Province"))
    table.add_column(_("Obligations"))
    for rs in reg:
        cell = (
            "\n".join(
                f"{_label('obligation', r.obligation)}: {describe(r.rule.period)} → {_fmt(r.due)} "
                f"[{_actors(r.actor)}; {r.basis}]"
                for r in rows[rs.code]
            )
            or "—"
        )
        table.add_row(rs.profile.name, cell)
    out.print(table)


@app.command("lint")
def lint_cmd(province: str, as_json: JsonOpt = False) -> None:
    """What a drafter of the province's next decision should look at."""
    rs = _ruleset(province)
    findings = lint(rs, _registry(), _registry().calendar(province))
    if as_json:
        _print_json([f.to_json() for f in findings])
        return
    out.print(_title(rs))
    for f in findings:
        mark = ("!", "yellow") if f.severity is Severity.WARNING else ("i", "cyan")
        text = f"[{f.check}] {f.message()}" + (f"  ({f.basis})" if f.basis else "")
        out.print(Text.assemble(mark, " ", text))
    warnings = sum(f.severity is Severity.WARNING for f in findings)
    out.print(_("{w} warnings, {i} notes.").format(w=warnings, i=len(findings) - warnings))


@app.command("new-profile")
def new_profile_cmd(
    code: str,
    path: Annotated[Path, typer.Option("--path", help="Directory to write the plugin package into.")],
    name: Annotated[str | None, typer.Option(help="Province name, e.g. 'Gia Lai'.")] = None,
) -> None:
    """Write a new province plugin that installs, loads and passes the conformance suite."""
    from .scaffold import new_profile

    written = new_profile(code, path, name)
    out.print(
        _("Wrote {n} files into {path}. Next: pip install -e {path}; cbccvc lint {code}").format(
            n=len(written), path=path, code=code
        )
    )


@app.command()
def tour(
    province: Annotated[str, typer.Option(help="Province code.")] = "kontum",
    day: Annotated[str | None, typer.Option("--date", help="Anchor date (default: today).")] = None,
) -> None:
    """A province's rules, then every event's deadlines from one date, reports and backups."""
    rs = _ruleset(province)
    anchor = _day(day) if day else date.today()
    profiles(as_json=False)
    out.rule(_("The rules of {province}").format(province=rs.profile.name))
    rules(province, as_json=False, markdown=False)
    out.rule(_("Deadlines if each event happened on {date}").format(date=format_day(anchor)))
    for event in dict.fromkeys(r.event for r in rs.deadlines):
        deadlines(province, event, anchor.isoformat(), category=None, obligation=None, as_json=False)
    out.rule(_("Reports and backups"))
    reports(province, anchor.year, as_json=False)
    backups(province, None, None, policy=True, as_json=False)


def _check_obligation(name: str) -> str:
    if name not in vocabulary.OBLIGATIONS:
        raise UnknownObligationError(obligation=name, known=", ".join(vocabulary.OBLIGATIONS))
    return name


def _register_database_commands() -> None:
    # init, obligations, show, history, audit verify; import; demo; signatures and exports;
    # accounts; units; backups; reports
    from . import (  # noqa: F401
        cli_access,
        cli_accounts,
        cli_backup,
        cli_db,
        cli_demo,
        cli_export,
        cli_import,
        cli_reports,
        cli_signing,
        cli_units,
    )


_register_database_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; typed errors become one line on stderr and exit status 2."""
    try:
        # Without standalone mode click returns (not raises) the code of a typer.Exit.
        code = app(args=argv, standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except CbccvcError as exc:
        err.print(Text.assemble((_("Error") + ":", "bold red"), " ", exc.message()))
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(2)
    except typer.TyperException as exc:  # usage errors (click's, vendored in typer)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err.print(_("Error") + ": " + message, markup=False)
        sys.exit(2)


# Values shown through _() at run time, marked here for the catalogue.
_DYNAMIC = (
    N_("draft"),
    N_("issued"),
    N_("in_force"),
    N_("replaced"),
    N_("database"),
    N_("data_center"),
    N_("agency"),
    N_("daily"),
    N_("monthly"),
    N_("periodic"),
    N_("yearly"),
    N_("half_yearly"),
    N_("quarterly"),
    N_("working"),
    N_("weekend"),
    N_("holiday"),
    N_("day_off"),
    N_("make_up"),
)
