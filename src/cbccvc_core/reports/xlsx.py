"""The report's figures as a spreadsheet (openpyxl): a cover sheet with the report's identity and
its items (heading, article, free text), then one sheet per table, numbers as numbers."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..i18n import _
from .contents import FigureTable, Report

_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="EBEBEB")


def render(report: Report) -> bytes:
    """The workbook as .xlsx bytes."""
    wb = Workbook()
    cover: Any = wb.active
    cover.title = _("Report")[:31]
    rows: list[tuple[Any, ...]] = [
        (_("Province"), report.province_name),
        (_("Agency"), report.agency),
        (_("Report"), report.rule.report if report.rule else _("generic figures")),
        (_("Basis"), report.basis),
        (_("Year"), report.year),
        (_("Period start"), report.start),
        (_("Period end"), report.end),
        (_("Due"), report.due),
        (_("Recipient"), report.recipient),
    ]
    for row in rows:
        cover.append(row)
        cover.cell(row=cover.max_row, column=1).font = _BOLD
    for r in range(6, 9):
        cover.cell(row=r, column=2).number_format = "DD/MM/YYYY"
    cover.append(())
    cover.append((_("Section"), _("Item"), _("Article"), _("Text")))
    for c in cover[cover.max_row]:
        c.font, c.fill = _BOLD, _HEAD_FILL
    for s in report.sections:
        cover.append((s.number, s.heading, s.basis, s.text or ""))
        for c in cover[cover.max_row]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 60
    cover.column_dimensions["C"].width = 30
    cover.column_dimensions["D"].width = 60
    seen: set[str] = set()
    for s in report.sections:
        for t in s.tables:
            if t.key in seen:
                continue
            seen.add(t.key)
            _sheet(wb, t)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet(wb: Workbook, t: FigureTable) -> None:
    ws: Any = wb.create_sheet(t.key[:31])
    ws.append((t.title,))
    ws.cell(row=1, column=1).font = _BOLD
    ws.append(t.columns)
    for c in ws[2]:
        c.font, c.fill = _BOLD, _HEAD_FILL
    for row in t.rows:
        ws.append(row)
    if t.total is not None:
        ws.append(t.total)
        for c in ws[ws.max_row]:
            c.font = _BOLD
    ws.column_dimensions["A"].width = 48
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 16
    ws.freeze_panes = "B3"
