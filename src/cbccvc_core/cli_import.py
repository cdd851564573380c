"""``cbccvc import``: units and staff from CSV into a workspace (see docs/import.md).

Registered on the main ``cbccvc`` app (see :mod:`cbccvc_core.cli`). Every rejected row is listed
(row, column, reason); exit status 0 when the import wrote its rows, 2 when it wrote nothing
because of bad rows (all-or-nothing, the default) or when no row was good (``--skip-bad-rows``),
and 2 with one line for a file that cannot be imported at all (header, encoding, account).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from .cli import _day, _print_json, app, err, out
from .cli_db import DbOpt
from .i18n import _, _n

if TYPE_CHECKING:
    from .importer import ImportReport, Kind, Mode


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar on stderr, only when stderr is a terminal (never in a pipe or a log)."""
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(_("Importing"), total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command("import")
def import_cmd(
    db: DbOpt,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="CSV file (UTF-8, with or without BOM).")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="units or staff (default: told by the header)."),
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="Write the good rows and report the bad ones."),
    ] = False,
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="Account that imports (default: the workspace's admin)."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the import, YYYY-MM-DD (default: today)."),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help="Rows per batch (default 5000).")
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on a terminal.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Import units or staff from a CSV file: every bad row is reported; nothing is written if any
    row is bad, unless --skip-bad-rows."""
    from .importer import BATCH_SIZE, import_file
    from .service import Workspace

    if kind is not None and kind not in ("units", "staff"):
        raise typer.BadParameter(_("write units or staff"), param_hint="--kind")
    day: date | None = _day(as_of) if as_of else None
    ws = Workspace.open(db)
    mode: Mode = "skip_bad_rows" if skip_bad_rows else "all_or_nothing"
    with _progress_bar(progress and not as_json) as bar:
        report = import_file(
            ws,
            file,
            kind=cast("Kind | None", kind),
            as_account=as_user,
            mode=mode,
            progress=bar,
            as_of=day,
            batch_size=batch_size or BATCH_SIZE,
        )
    failed = bool(report.rejected) and (not skip_bad_rows or report.written == 0)
    if as_json:
        _print_json(report.to_json())
    else:
        _print_report(report, str(file))
    if failed:
        # sys.exit, not typer.Exit: cli.main runs the app with standalone_mode=False, which
        # returns a typer.Exit's code instead of exiting with it.
        sys.exit(2)


def _print_report(report: ImportReport, name: str) -> None:
    for r in report.rejected:
        where = (
            _("Row {row}, column {column}").format(row=r.row, column=r.column)
            if r.column
            else _("Row {row}").format(row=r.row)
        )
        out.print(f"{where}: {r.message()}")
    bad = len(report.rejected_rows)
    from .importer import KIND_LABELS

    what = KIND_LABELS[report.kind]
    if not report.rejected:
        out.print(
            _n(
                "{file}: imported {n} row ({what}).",
                "{file}: imported {n} rows ({what}).",
                report.written,
            ).format(file=name, n=report.written, what=_(what))
        )
    elif report.mode == "all_or_nothing":
        err.print(
            _n(
                "{file}: {bad} of {rows} rows is bad; nothing was written. Correct it, or import the "
                "{good} good rows with --skip-bad-rows.",
                "{file}: {bad} of {rows} rows are bad; nothing was written. Correct them, or import "
                "the {good} good rows with --skip-bad-rows.",
                bad,
            ).format(file=name, bad=bad, rows=report.rows, good=report.accepted),
            markup=False,
        )
    elif report.written:
        out.print(
            _n(
                "{file}: imported {n} rows ({what}); {bad} bad row was skipped.",
                "{file}: imported {n} rows ({what}); {bad} bad rows were skipped.",
                bad,
            ).format(file=name, n=report.written, what=_(what), bad=bad)
        )
    else:
        err.print(
            _("{file}: no row is good; nothing was written.").format(file=name),
            markup=False,
        )
