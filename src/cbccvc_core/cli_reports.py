"""CLI commands: reports (registered on the main ``cbccvc`` app, see :mod:`cbccvc_core.cli`).

``cbccvc report --db URL --year Y [--unit ID] --out FILE.pdf [--out FILE.xlsx]`` builds the
periodic report the province's text requires (:mod:`cbccvc_core.reports`); ``cbccvc reports
PROVINCE YEAR`` (in :mod:`cbccvc_core.cli`) lists which reports are due when.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .cli import _day, app, out
from .errors import CbccvcError
from .i18n import N_, _, set_language


class ReportOutputError(CbccvcError):
    template = N_("Cannot write {path}: {detail}")


_FORMATS = (".pdf", ".xlsx")


@app.command("report")
def report_cmd(
    db: Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")],
    year: Annotated[int, typer.Option("--year", help="The year reported on.")],
    out_files: Annotated[
        list[Path],
        typer.Option("--out", help="FILE.pdf or FILE.xlsx; give it twice for both."),
    ],
    unit: Annotated[
        str | None, typer.Option("--unit", help="The reporting unit: its subtree only (default: all).")
    ] = None,
    report: Annotated[
        str | None, typer.Option("--report", help="Which of the province's reports (see cbccvc reports).")
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="YAML file with the free-text fields (see docs/reports.md)."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="End of the period (YYYY-MM-DD; default 31/12 of the year).")
    ] = None,
    generic: Annotated[
        bool,
        typer.Option("--generic", help="Where the text requires no such report: the figures alone."),
    ] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="vi (default) or en.")] = None,
) -> None:
    """Build the periodic report the province's text requires, as PDF and/or spreadsheet."""
    from .cli_db import _ws
    from .reports import build, read_answers
    from .reports.contents import META_KEYS

    if lang is not None:
        set_language(lang if lang in ("vi", "en") else "vi")
    for path in out_files:
        if path.suffix.lower() not in _FORMATS:
            raise ReportOutputError(path=str(path), detail=N_("the file name must end in .pdf or .xlsx"))
    end: date | None = _day(as_of) if as_of else None
    ws = _ws(db)
    texts: dict[str, str] = {}
    if answers is not None:
        items = tuple(i for r in ws.ruleset.reports for i in r.contents)
        texts = read_answers(answers, items)
    rep = build(ws, year=year, unit=unit, report=report, end=end, answers=texts, generic=generic)
    missing = [s.key for s in rep.sections if s.text is None and not s.tables]
    for path in out_files:
        if path.suffix.lower() == ".pdf":
            from .reports.pdf import render as render_pdf

            data = render_pdf(rep)
        else:
            from .reports.xlsx import render as render_xlsx

            data = render_xlsx(rep)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise ReportOutputError(path=str(path), detail=exc.strerror or str(exc)) from None
        out.print(_("Written: {path}").format(path=path))
    name = rep.rule.report if rep.rule else _("generic figures")
    out.print(
        _("{report} of {agency}, {start} to {end}.").format(
            report=name,
            agency=rep.agency,
            start=rep.start.strftime("%d/%m/%Y"),
            end=rep.end.strftime("%d/%m/%Y"),
        )
    )
    if missing:
        out.print(
            _("Fields still to fill (--answers): {fields}; other fields: {meta}.").format(
                fields=", ".join(missing), meta=", ".join(META_KEYS)
            )
        )
