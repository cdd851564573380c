"""``cbccvc demo``: the main job. A province's year on the dossier workflow, then its compliance.

Registered on the main ``cbccvc`` app (see :mod:`cbccvc_core.cli`); the work is done by
:func:`cbccvc_core.demo.run_demo`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from babel.numbers import format_decimal, format_percent
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from .cli import app, err, out
from .i18n import N_, _, _n, current_language, format_day

# Phases of the demo, as the progress bar names them.
_PHASES = {
    "setup": N_("Building the units and accounts"),
    "staff": N_("Loading the staff"),
    "year": N_("Playing the year"),
    "summary": N_("Summarising"),
}


def _num(value: int) -> str:
    return format_decimal(value, locale=current_language())


def _rate(value: float | None) -> str:
    return "—" if value is None else format_percent(value, "#,##0.0%", locale=current_language())


def _seconds(value: float) -> str:
    return format_decimal(round(value, 1), "#,##0.0", locale=current_language())


def _played(acts: dict[str, int]) -> str:
    """What was played, in one line: "80 recruitments, 240 personal changes, …"."""

    def count(*names: str) -> int:
        return sum(acts.get(name, 0) for name in names)

    edits = count("paper_record", "supplement", "basic_info", "update", "correction")
    approvals, delegated = count("approve", "approve_delegated"), count("approve_delegated")
    moves = {
        kind: count(f"transfer_start_{kind}")
        for kind in (
            "internal_move",
            "within_province",
            "inbound",
            "inbound_unsyncable",
            "commune_to_commune",
        )
    }
    steps = sum(
        n for act, n in acts.items() if act.startswith("transfer_") and not act.startswith("transfer_start_")
    )
    kinds = [
        text.format(n=_num(moves[kind]))
        for kind, text in (
            ("internal_move", _("{n} internal")),
            ("within_province", _("{n} within the province")),
            ("inbound", _("{n} from outside the province")),
            ("inbound_unsyncable", _("{n} from the Party or mass organisations")),
            ("commune_to_commune", _("{n} commune to commune")),
        )
        if moves[kind]
    ]
    parts = [
        (count("recruit"), _n("{n} recruitment", "{n} recruitments", count("recruit"))),
        (
            count("personal_change"),
            _n("{n} personal change", "{n} personal changes", count("personal_change")),
        ),
        (count("state_decision"), _n("{n} state decision", "{n} state decisions", count("state_decision"))),
        (edits, _n("{n} other edit", "{n} other edits", edits)),
        (count("record_event"), _n("{n} event recorded", "{n} events recorded", count("record_event"))),
        (count("submit"), _n("{n} submission", "{n} submissions", count("submit"))),
        (
            approvals,
            _n("{n} approval", "{n} approvals", approvals)
            + (" (" + _("{d} under a delegation").format(d=_num(delegated)) + ")" if delegated else ""),
        ),
        (count("return"), _n("{n} returned for correction", "{n} returned for correction", count("return"))),
        (
            count("issue_personal_account"),
            _n(
                "{n} personal account issued", "{n} personal accounts issued", count("issue_personal_account")
            ),
        ),
        (
            count("complete_obligation"),
            _n(
                "{n} obligation closed by hand",
                "{n} obligations closed by hand",
                count("complete_obligation"),
            ),
        ),
        (
            sum(moves.values()),
            _n("{n} transfer", "{n} transfers", sum(moves.values()))
            + " ("
            + ", ".join(kinds)
            + "; "
            + _n("{steps} step", "{steps} steps", steps).format(steps=_num(steps))
            + ")",
        ),
        (count("exit_retirement"), _n("{n} retirement", "{n} retirements", count("exit_retirement"))),
        (count("exit_resignation"), _n("{n} resignation", "{n} resignations", count("exit_resignation"))),
        (count("exit_death"), _n("{n} death", "{n} deaths", count("exit_death"))),
        (count("archive"), _n("{n} dossier archived", "{n} dossiers archived", count("archive"))),
        (count("revoke_account"), _n("{n} account revoked", "{n} accounts revoked", count("revoke_account"))),
    ]
    return ", ".join(text.replace("{n}", _num(n), 1) if "{n}" in text else text for n, text in parts if n)


def print_result(result: Any) -> None:
    """The summary of a :class:`~cbccvc_core.demo.DemoResult`, in the current language."""
    end = date(result.year, 12, 31)
    out.rule(
        _("{province}: a year of the CBCCVC database ({year})").format(
            province=result.province_name, year=result.year
        )
    )
    out.print(
        _(
            "Built {units} units, {accounts} accounts and {delegations} delegations; {staff} staff, "
            "loaded at the end of {before} {how}."
        ).format(
            units=_num(result.units),
            accounts=_num(result.accounts),
            delegations=_num(result.delegations),
            staff=_num(result.staff),
            before=result.year - 1,
            how=_("through the importer")
            if result.initial_load == "importer"
            else _("by recruitment decisions"),
        )
    )
    table = Table(
        title=_("Obligations started in {year}, as of {date}").format(
            year=result.year, date=format_day(end, fmt="long")
        )
    )
    table.add_column(_("Unit (with everything under it)"))
    for col in (_("Done on time"), _("Done late"), _("Still open"), _("Overdue"), _("On-time rate")):
        table.add_column(col, justify="right")
    for g in result.groups:
        name = _("{unit} (its own obligations)").format(unit=g.name) if g.kind == "province" else g.name
        table.add_row(
            name,
            _num(g.done_on_time),
            _num(g.done_late),
            _num(g.open),
            _num(g.overdue),
            _rate(g.on_time_rate),
        )
    t = result.total
    table.add_section()
    table.add_row(
        _("Total"),
        _num(t.done_on_time),
        _num(t.done_late),
        _num(t.open),
        _num(t.overdue),
        _rate(t.on_time_rate),
    )
    out.print(table)
    c = result.carried
    if c.total:
        out.print(
            _(
                "Obligations started before {year} (the initial load): {done} done in the year, "
                "{open} still open, {overdue} of them overdue."
            ).format(year=result.year, done=_num(c.done), open=_num(c.open), overdue=_num(c.overdue))
        )
    audit = result.audit
    if audit.ok:
        out.print(_("Audit log intact: {n} entries chain correctly.").format(n=_num(audit.entries)))
    else:
        out.print(
            _("Audit log BROKEN at entry {seq}: {reason} ({n} entries before it are intact).").format(
                seq=audit.first_broken, reason=audit.reason, n=audit.entries
            )
        )
    if result.signatures is not None:
        ok, total = result.signatures
        out.print(
            _("Signed approvals (test certificates made on the fly): {ok} of {total} verify.").format(
                ok=_num(ok), total=_num(total)
            )
        )
    out.print(_("Played in {year}: {acts}.").format(year=result.year, acts=_played(result.acts)))
    people = result.people
    out.print(
        _(
            "At the end of the year: {active} staff in post, {transferring} being transferred, "
            "{exited} exited, {archived} archived."
        ).format(
            active=_num(people.get("active", 0)),
            transferring=_num(people.get("transferring", 0)),
            exited=_num(people.get("exited", 0)),
            archived=_num(people.get("archived", 0)),
        )
    )
    refused = sum(result.refused.values())
    if refused:
        details = ", ".join(f"{k} ×{v}" for k, v in result.refused.items())
        out.print(_("The services refused {n} acts: {details}.").format(n=_num(refused), details=details))
    p = result.phases
    out.print(
        _(
            "Took {total} s (setup {setup} s, initial staff {staff} s, the year {year} s, summary {summary} s)."
        ).format(
            total=_seconds(result.seconds),
            setup=_seconds(p.get("setup", 0.0)),
            staff=_seconds(p.get("staff", 0.0)),
            year=_seconds(p.get("year", 0.0)),
            summary=_seconds(p.get("summary", 0.0)),
        )
    )
    url = result.url.removeprefix("sqlite:///")
    out.print(
        _("Database: {url}. Look closer with: cbccvc obligations --db {url} --as-of {date} --overdue").format(
            url=url, date=end.isoformat()
        )
    )


@app.command("demo")
def demo_cmd(
    province: Annotated[str, typer.Option("--province", help="Province code, e.g. kontum.")] = "kontum",
    db: Annotated[
        str | None,
        typer.Option("--db", help="A new SQLite file or a postgresql://… URL (default: a temporary file)."),
    ] = None,
    staff: Annotated[int, typer.Option("--staff", help="How many staff to load.")] = 2000,
    year: Annotated[int | None, typer.Option("--year", help="The year to play (default: last year).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed plays the same year.")] = 1,
) -> None:
    """Build a province on a new database, play a year through the services, summarise compliance."""
    from .demo import run_demo

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(_(_PHASES.get(phase, phase)), total=total or None)
            bar.update(tasks[phase], completed=done, total=total or None)

        result = run_demo(db, province=province, staff=staff, year=year, seed=seed, progress=progress)
    print_result(result)
    unsigned = result.signatures is not None and result.signatures[0] != result.signatures[1]
    if not result.audit.ok or unsigned:
        raise typer.Exit(1)
