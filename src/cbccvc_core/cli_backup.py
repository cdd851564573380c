"""CLI commands: ``cbccvc backup run|list|verify|restore|schedule`` and ``cbccvc sync run|status``.

Registered on the main ``cbccvc`` app (see :mod:`cbccvc_core.cli`). Typed errors (a restore
without authorisation, an altered backup, an unreachable national database) print one line in
the user's language and exit with status 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from .cli import JsonOpt, _day, _label, _print_json, app, err, out
from .i18n import N_, _, format_day

if TYPE_CHECKING:
    from . import backup

DbOpt = Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")]
ToOpt = Annotated[str, typer.Option("--to", help="Folder of the backups.")]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="Business day of the backup (YYYY-MM-DD); default today.")
]
DefaultFreqOpt = Annotated[
    str,
    typer.Option(
        "--default-frequency",
        help="Where the text says only 'periodic': daily, monthly, or none (not scheduled).",
    ),
]
KeepOpt = Annotated[
    int | None,
    typer.Option("--keep-months", help="Retention where the text sets none (default: keep everything)."),
]

#: The outbox's states, for people.
STATES = {"pending": N_("pending"), "delivered": N_("delivered"), "rejected": N_("rejected")}

backup_app = typer.Typer(help="Backups: take, list, verify, restore.", no_args_is_help=True)
app.add_typer(backup_app, name="backup")
sync_app = typer.Typer(help="Sending approved revisions to the national database.", no_args_is_help=True)
app.add_typer(sync_app, name="sync")


def _ws(url: str) -> Any:
    from .service import Workspace

    return Workspace.open(url)


def _today(on: str | None) -> date:
    return _day(on) if on else date.today()


def _frequency(value: str) -> str | None:
    return None if value in ("none", "") else value


def _record_row(r: backup.BackupRecord) -> list[str]:
    return [
        r.file,
        _(r.kind) + (f" {r.unit}" if r.unit else ""),
        format_day(r.taken_on, fmt="short"),
        r.taken_at[:19].replace("T", " "),
        f"{r.size:,}",
        r.sha256[:16] + "…",
    ]


@backup_app.command("run")
def backup_run(
    db: DbOpt,
    to: ToOpt,
    on: OnOpt = None,
    default_frequency: DefaultFreqOpt = "monthly",
    keep_months: KeepOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Take a full backup even if none is due.")] = False,
    no_prune: Annotated[bool, typer.Option("--no-prune", help="Do not remove old backups.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Take the backups the province's policy makes due, then prune by its retention rule."""
    from . import backup

    ws = _ws(db)
    result = backup.run_due(
        ws,
        to,
        today=_today(on),
        default_frequency=_frequency(default_frequency),
        default_keep_months=keep_months,
        force=force,
        do_prune=not no_prune,
    )
    if as_json:
        _print_json(
            {
                "due": [d.to_json() for d in result.due],
                "taken": [r.to_json() for r in result.taken],
                "pruned": [r.file for r in result.pruned],
            }
        )
        return
    if not result.taken:
        out.print(_("No backup is due."))
    for r in result.taken:
        out.print(_("Backup taken: {file} (SHA-256 {sha256}).").format(file=r.file, sha256=r.sha256))
    for r in result.pruned:
        out.print(_("Removed by the retention rule: {file}.").format(file=r.file))


@backup_app.command("schedule")
def backup_schedule(
    db: DbOpt,
    to: ToOpt,
    on: OnOpt = None,
    default_frequency: DefaultFreqOpt = "monthly",
    as_json: JsonOpt = False,
) -> None:
    """The backups due on a day that the folder does not hold yet."""
    from . import backup

    ws = _ws(db)
    due = backup.due_backups(
        ws.ruleset,
        _today(on),
        backup.list_backups(to),
        agencies=backup.agency_units(ws),
        default_frequency=_frequency(default_frequency),
    )
    if as_json:
        _print_json([d.to_json() for d in due])
        return
    table = Table(title=_("Backups due"))
    for col in (_("Kind"), _("Unit"), _("Due"), _("By"), _("Source")):
        table.add_column(col)
    for d in due:
        note = (" (" + _("late") + ")" if d.late else "") + (
            " — " + _("configured frequency: the text gives none") if d.configured else ""
        )
        table.add_row(
            _(d.kind), d.unit or "", format_day(d.due, fmt="short") + note, _label("actor", d.by), d.basis
        )
    out.print(table)
    if not due:
        out.print(_("No backup is due."))


@backup_app.command("list")
def backup_list(to: ToOpt, as_json: JsonOpt = False) -> None:
    """The backups in a folder, oldest first (from their manifests)."""
    from . import backup

    records = backup.list_backups(to)
    if as_json:
        _print_json([r.to_json() for r in records])
        return
    table = Table(title=_("Backups in {folder}").format(folder=to))
    for col in (_("File"), _("Kind"), _("Day"), _("Taken at (UTC)"), _("Bytes"), "SHA-256"):
        table.add_column(col)
    for r in records:
        table.add_row(*_record_row(r))
    out.print(table)


@backup_app.command("verify")
def backup_verify(to: ToOpt, as_json: JsonOpt = False) -> None:
    """Check every backup's checksum against its manifest. Exit 1 if any is bad."""
    from . import backup

    rows = backup.verify_folder(to)
    bad = [r for r in rows if not r.ok]
    if as_json:
        _print_json([r.to_json() for r in rows])
    else:
        for r in rows:
            if r.ok:
                out.print(_("OK: {file}").format(file=r.file))
            else:
                problem = r.error.message() if r.error else ""
                err.print(_("BAD: {file}: {problem}").format(file=r.file, problem=problem))
        out.print(_("{good} good, {bad} bad.").format(good=len(rows) - len(bad), bad=len(bad)))
    if bad:
        raise typer.Exit(1)


@backup_app.command("restore")
def backup_restore(
    db: DbOpt,
    from_: Annotated[str, typer.Option("--from", help="The backup file.")],
    authorization: Annotated[
        str,
        typer.Option(
            "--authorization",
            help="Reference of the written document of the competent authority that allows the restore.",
        ),
    ] = "",
    by: Annotated[str, typer.Option("--by", help="Who restores (recorded in the audit log).")] = "restore",
    as_json: JsonOpt = False,
) -> None:
    """Replace the database with a backup (stop the application first); audited."""
    from . import backup

    result = backup.restore(db, Path(from_), authorization=authorization, by=by)
    if as_json:
        _print_json(
            {
                "backup": result.record.file,
                "sha256": result.record.sha256,
                "migrated_from": result.migrated_from,
                "previous_audit_seq": result.previous_audit_seq,
                "restore_audit_seq": result.audit_seq,
            }
        )
        return
    out.print(
        _("Restored {file} (taken {taken}); audit entry {seq} records the authorisation.").format(
            file=result.record.file, taken=result.record.taken_at[:19].replace("T", " "), seq=result.audit_seq
        )
    )
    if result.migrated_from:
        out.print(_("The schema was upgraded from revision {rev}.").format(rev=result.migrated_from))


@sync_app.command("run")
def sync_run(
    db: DbOpt,
    to: Annotated[str, typer.Option("--to", help="A folder, or the national database's http(s):// URL.")],
    limit: Annotated[int, typer.Option("--limit", help="At most this many revisions.")] = 500,
    as_json: JsonOpt = False,
) -> None:
    """Send the approved revisions waiting in the outbox (each once; failures are retried later)."""
    from . import sync

    ws = _ws(db)
    report = sync.deliver_pending(ws, sync.transport_for(to), limit=limit)
    if as_json:
        _print_json(
            {
                "delivered": report.delivered,
                "retry_later": report.retry_later,
                "rejected": report.rejected,
                "pending": report.pending,
                "errors": [e.message("en") for e in report.errors],
            }
        )
    else:
        out.print(
            _(
                "{delivered} delivered, {retry} to retry later, {rejected} rejected; {pending} still pending."
            ).format(
                delivered=report.delivered,
                retry=report.retry_later,
                rejected=report.rejected,
                pending=report.pending,
            )
        )
    down = [e for e in report.errors if isinstance(e, sync.SyncTargetDownError)]
    if down:
        raise down[0]
    if report.errors:
        raise report.errors[0]


@sync_app.command("status")
def sync_status(
    db: DbOpt,
    state: Annotated[
        str | None, typer.Option("--state", help="Only rows in this state: pending, delivered, rejected.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """The outbox: how many revisions are pending, delivered, rejected; the rows not delivered."""
    from . import sync

    ws = _ws(db)
    counts = sync.counts(ws)
    rows = (
        sync.outbox(ws, state=state)
        if state
        else sync.outbox(ws, state="pending") + sync.outbox(ws, state="rejected")
    )
    if as_json:
        _print_json({"counts": counts, "rows": [r.to_json() for r in rows]})
        return
    out.print(
        _("{pending} pending, {delivered} delivered, {rejected} rejected.").format(
            pending=counts["pending"], delivered=counts["delivered"], rejected=counts["rejected"]
        )
    )
    if rows:
        table = Table()
        for col in (
            _("Dossier"),
            _("Revision"),
            _("State"),
            _("Attempts"),
            _("Next attempt"),
            _("Last error"),
        ):
            table.add_column(col)
        for r in rows:
            table.add_row(
                str(r.dossier_id),
                str(r.revision_id),
                _(STATES.get(r.state, r.state)),
                str(r.attempts),
                r.next_attempt_at[:19].replace("T", " "),
                r.last_error or "",
            )
        out.print(table)
