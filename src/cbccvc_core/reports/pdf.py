"""The report as a PDF laid out like an administrative document (Nghị định 30/2020/NĐ-CP style).

Header: the managing body and the reporting agency on the left with the document number, the
national motto (Quốc hiệu, Tiêu ngữ) on the right with place and date; then "BÁO CÁO", its
subject, the basis, "Kính gửi", numbered sections (I, II, …) with the figures as tables and
charts of work done on time and late per unit and per month, the free text (or dotted lines to
fill), and the signature block. Text in DejaVu Sans (:func:`cbccvc_core.fonts.font_path`), embedded;
charts drawn by matplotlib (Agg) into PNG in memory.
"""

from __future__ import annotations

import io
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..fonts import font_path
from ..i18n import _
from .contents import FigureTable, Report, Section

_FONT = "DejaVu"
_WIDTH_IN = 6.7
_ON_TIME, _LATE, _OVERDUE, _PENDING = "#2e7d32", "#f9a825", "#c62828", "#90a4ae"


def _oblique() -> str:
    path = font_path().with_name("DejaVuSans-Oblique.ttf")
    return str(path if path.is_file() else font_path())


class _Doc(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(25, 18, 18)
        self.set_auto_page_break(True, margin=18)
        self.add_font(_FONT, "", str(font_path()))
        self.add_font(_FONT, "B", str(font_path(bold=True)))
        self.add_font(_FONT, "I", _oblique())
        self.set_title(report.title)
        self.set_author(report.agency)
        self.set_creator("cbccvc_core")
        self.set_lang(report.lang)

    def footer(self) -> None:
        if self.page_no() > 1:
            self.set_y(-12)
            self.set_font(_FONT, "", 8)
            self.cell(0, 5, str(self.page_no()), align="C")


def render(report: Report) -> bytes:
    """The report as PDF bytes."""
    pdf = _Doc(report)
    pdf.add_page()
    _header(pdf, report)
    for section in report.sections:
        _section(pdf, report, section)
    _signature(pdf, report)
    return bytes(pdf.output())


def _header(pdf: _Doc, r: Report) -> None:
    left_w, right_w = 68.0, pdf.epw - 68.0
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_font(_FONT, "", 9.5)
    if r.parent_agency:
        pdf.multi_cell(left_w, 4.5, r.parent_agency.upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "B", 9.5)
    pdf.multi_cell(left_w, 4.5, r.agency.upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    y = pdf.get_y()
    pdf.line(x0 + left_w / 2 - 12, y + 0.5, x0 + left_w / 2 + 12, y + 0.5)
    pdf.set_y(y + 2.5)
    pdf.set_font(_FONT, "", 9.5)
    number = r.meta.get("number") or _("No.: ……/BC-……")
    pdf.cell(left_w, 5, number, align="C")
    left_bottom = pdf.get_y() + 5
    pdf.set_xy(x0 + left_w, y0)
    pdf.set_font(_FONT, "B", 9.5)
    pdf.cell(right_w, 4.5, _("SOCIALIST REPUBLIC OF VIETNAM"), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "B", 10)
    motto = _("Independence - Freedom - Happiness")
    pdf.cell(right_w, 5, motto, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    y = pdf.get_y()
    half = pdf.get_string_width(motto) / 2
    mid = x0 + left_w + right_w / 2
    pdf.line(mid - half, y + 0.3, mid + half, y + 0.3)
    pdf.set_xy(x0 + left_w, y + 3)
    pdf.set_font(_FONT, "I", 9.5)
    place = r.meta.get("place") or r.province_name
    when = r.meta.get("date") or _("{place}, day …… month …… year ……").format(place=place)
    if r.meta.get("date"):
        when = f"{place}, {when}"
    pdf.cell(right_w, 5, when, align="C")
    pdf.set_y(max(left_bottom, pdf.get_y() + 5) + 8)
    pdf.set_font(_FONT, "B", 14)
    pdf.cell(0, 7, _("REPORT"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "B", 11)
    pdf.multi_cell(0, 5.5, r.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 1
    pdf.line(pdf.w / 2 - 20, y, pdf.w / 2 + 20, y)
    pdf.ln(5)
    if r.rule is not None:
        pdf.set_font(_FONT, "", 11)
        pdf.cell(
            0,
            6,
            _("To: {recipient}").format(recipient=r.recipient),
            align="C",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(3)
    pdf.set_font(_FONT, "I", 10)
    pdf.multi_cell(0, 5, r.basis + ".", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    period = _("Period: from {start} to {end}.").format(
        start=r.start.strftime("%d/%m/%Y"), end=r.end.strftime("%d/%m/%Y")
    )
    pdf.set_font(_FONT, "", 10)
    pdf.multi_cell(0, 5, period, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if r.due is not None:
        pdf.multi_cell(
            0,
            5,
            _("Due: {date}.").format(date=r.due.strftime("%d/%m/%Y")),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    pdf.ln(3)


def _section(pdf: _Doc, r: Report, s: Section) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.set_font(_FONT, "B", 11)
    pdf.multi_cell(0, 5.5, f"{s.number}. {s.heading}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if s.basis:
        pdf.set_font(_FONT, "I", 8.5)
        pdf.multi_cell(0, 4.5, f"({s.basis})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    for n, table in enumerate(s.tables, 1):
        _table(pdf, f"{n}. {table.title}", table)
    for chart in s.charts:
        _chart(pdf, r, chart)
    pdf.set_font(_FONT, "", 10.5)
    if s.text:
        if s.tables:
            pdf.set_font(_FONT, "B", 10)
            pdf.cell(0, 5.5, _("Assessment"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(_FONT, "", 10.5)
        pdf.multi_cell(0, 5.5, s.text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.set_font(_FONT, "I", 9)
        pdf.cell(0, 5, _("(To be filled by the reporting unit)"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(_FONT, "", 10)
        for _line in range(3):
            pdf.cell(0, 6.5, "." * 140, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",") if value == value else "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _table(pdf: _Doc, title: str, t: FigureTable) -> None:
    if pdf.will_page_break(22):
        pdf.add_page()
    pdf.set_font(_FONT, "B", 9.5)
    pdf.multi_cell(0, 5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    rows = [tuple(_fmt(c) for c in row) for row in t.rows]
    if not rows:
        pdf.set_font(_FONT, "I", 9)
        pdf.cell(0, 5, _("(none in the period)"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        return
    ncols = len(t.columns)
    first = 0.4 if ncols > 2 else 0.7
    widths = (first, *([(1 - first) / (ncols - 1)] * (ncols - 1)))
    pdf.set_font(_FONT, "", 8.5)
    align = ("LEFT", *(["RIGHT"] * (ncols - 1)))
    with pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=4.6,
        first_row_as_headings=True,
        headings_style=_heading_style(),
        width=pdf.epw,
    ) as table:
        table.row(t.columns)
        for row in rows:
            table.row(row)
        if t.total is not None:
            pdf.set_font(_FONT, "B", 8.5)
            table.row(tuple(_fmt(c) for c in t.total))
    pdf.set_font(_FONT, "", 8.5)
    pdf.ln(3)


def _heading_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=_FONT, emphasis="BOLD", fill_color=(235, 235, 235))


def _chart(pdf: _Doc, r: Report, which: str) -> None:
    png, ratio = _chart_png(r, which)
    if png is None:
        return
    height_mm = pdf.epw * ratio
    if pdf.will_page_break(height_mm + 4):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin, w=pdf.epw, h=height_mm)
    pdf.ln(3)


def _chart_png(r: Report, which: str) -> tuple[bytes | None, float]:
    """A chart of the timeliness figures as PNG bytes, and its height / width ratio."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    f = r.figures
    series = (_("On time"), _("Late"), _("Overdue, not done"), _("Not yet due"))
    colours = (_ON_TIME, _LATE, _OVERDUE, _PENDING)
    if which == "by_agency":
        names = {a.id: a.name for a in f.agencies}
        data = [
            (names[a.id], f.timeliness_by_agency[a.id]) for a in f.agencies if a.id in f.timeliness_by_agency
        ]
        if not data:
            return None, 0
        height_in = min(9.0, 1.2 + 0.28 * len(data))
        fig = Figure(figsize=(_WIDTH_IN, height_in), dpi=150)
        ax = fig.add_subplot()
        labels = [_short(n) for n, _t in data][::-1]
        values = [[t.on_time, t.late, t.overdue, t.pending] for _n, t in data][::-1]
        left = [0] * len(values)
        for k, (name, colour) in enumerate(zip(series, colours, strict=True)):
            vals = [v[k] for v in values]
            ax.barh(labels, vals, left=left, color=colour, label=name, height=0.7)
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_title(_("Obligations due in {year}, by unit").format(year=r.year), fontsize=9)
        ax.tick_params(axis="y", labelsize=6.5)
    else:
        data2 = [(m, f.timeliness_by_month.get(m)) for m in range(1, 13)]
        if not any(t for _m, t in data2):
            return None, 0
        height_in = 2.8
        fig = Figure(figsize=(_WIDTH_IN, height_in), dpi=150)
        ax = fig.add_subplot()
        xs = [str(m) for m, _t in data2]
        bottom = [0] * 12
        for k, (name, colour) in enumerate(zip(series, colours, strict=True)):
            vals = [([t.on_time, t.late, t.overdue, t.pending][k] if t else 0) for _m, t in data2]
            ax.bar(xs, vals, bottom=bottom, color=colour, label=name, width=0.7)
            bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
        ax.set_title(_("Obligations due in {year}, by month").format(year=r.year), fontsize=9)
    ax.tick_params(axis="x", labelsize=7)
    from matplotlib.ticker import MaxNLocator

    (ax.xaxis if which == "by_agency" else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue(), height_in / _WIDTH_IN


def _short(name: str, limit: int = 38) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _signature(pdf: _Doc, r: Report) -> None:
    if pdf.will_page_break(45):
        pdf.add_page()
    pdf.ln(4)
    y = pdf.get_y()
    half = pdf.epw / 2
    pdf.set_font(_FONT, "B", 9)
    pdf.cell(half, 5, _("Recipients:"), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "", 8.5)
    recipients = r.meta.get("recipients") or "- " + _("As above;") + "\n- " + _("Filed: VT.")
    pdf.multi_cell(half, 4.3, recipients, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_xy(pdf.l_margin + half, y)
    pdf.set_font(_FONT, "B", 10)
    title = r.meta.get("signer_title") or _("HEAD OF THE AGENCY")
    pdf.multi_cell(half, 5, title.upper(), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "I", 9)
    pdf.cell(half, 5, _("(Signature, full name and seal)"), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.ln(18)
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font(_FONT, "B", 10)
    pdf.cell(half, 5, r.meta.get("signer", ""), align="C")
