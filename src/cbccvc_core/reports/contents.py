"""What a province's periodic report contains, computed: the items its text lists, in order, each
with the figures the core computes for it and the free text the reporting unit writes.

:func:`build` picks the report (``ReportRule``) of the province, computes the figures for the
unit's subtree and the period (:mod:`.figures`), and lays the items out as numbered sections of
tables and text, in the language in force. :mod:`.pdf` and :mod:`.xlsx` only render what it gives.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import yaml

from .. import vocabulary
from ..errors import CbccvcError
from ..i18n import N_, _, current_language
from ..rules import engine
from ..rules.types import Frequency, ReportFigure, ReportItem, ReportRule
from .figures import Figures, Timeliness, compute

if TYPE_CHECKING:
    from ..service import Workspace


# -- errors -------------------------------------------------------------------------------------------


class UnknownReportError(CbccvcError):
    template = N_("The text of {province} sets no report {report!r}. Its reports: {known}.")


class NoReportContentsError(CbccvcError):
    template = N_(
        "The text of {province} requires no report with listed contents{which}; "
        "give --generic for the figures alone."
    )


class ReportAnswersError(CbccvcError):
    template = N_("The answers file {path} cannot be used: {detail}")


class ReportPeriodError(CbccvcError):
    template = N_("The report's end date {end} is not in the year {year}.")


# -- the report, laid out -----------------------------------------------------------------------------

Cell = str | int | float | None


@attrs.frozen
class FigureTable:
    """A table of figures: a title, column headings, rows (the first cell a label)."""

    key: str
    """Short name (the spreadsheet's sheet)."""
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None


@attrs.frozen
class Section:
    number: str
    """Roman numeral of the section (I, II, …)."""
    key: str
    heading: str
    basis: str
    """The article, e.g. "điểm a khoản 2 Điều 19 Quy chế"."""
    tables: tuple[FigureTable, ...]
    charts: tuple[str, ...]
    """Charts to draw under the tables: ``by_agency``, ``by_month``."""
    text: str | None
    """The free text from the answers file; None where it is still to be filled."""


@attrs.frozen
class Report:
    province: str
    province_name: str
    rule: ReportRule | None
    """None for a generic report (figures the text does not ask for)."""
    year: int
    start: date
    end: date
    due: date | None
    agency: str
    parent_agency: str
    recipient: str
    title: str
    basis: str
    sections: tuple[Section, ...]
    figures: Figures
    meta: dict[str, str]
    """number, place, date, signer, signer_title, recipients (from the answers file)."""
    lang: str

    @property
    def generic(self) -> bool:
        return self.rule is None


# -- choosing the report ------------------------------------------------------------------------------

_PROVINCE_SENDERS = frozenset({"home_affairs", "provincial_committee", "ict_department", "data_center"})
_PERIODIC = (Frequency.YEARLY, Frequency.HALF_YEARLY, Frequency.PERIODIC, Frequency.QUARTERLY)


def choose(
    rules: tuple[ReportRule, ...], *, unit_kind: str | None, year: int, ruleset: Any
) -> ReportRule | None:
    """The report a unit of ``unit_kind`` (None: the whole province) sends for ``year``: among the
    yearly reports with listed contents, those whose sender fits the unit, the latest due first."""
    candidates = [r for r in rules if r.contents]
    if not candidates:
        return None
    dues = {d.report: d.due for d in engine.reports(ruleset, year)}

    def fit(r: ReportRule) -> int:
        score = 2 if r.frequency is Frequency.YEARLY else (1 if r.frequency in _PERIODIC else 0)
        if unit_kind is None or unit_kind == "province":
            score += 4 if r.sender in _PROVINCE_SENDERS else 0
        elif unit_kind == "district":
            score += (
                6 if r.sender == "district_committee" else (4 if r.sender not in _PROVINCE_SENDERS else 0)
            )
        else:
            score += 4 if r.sender in ("employing_unit", "managing_agency") else 0
        return score

    def order(r: ReportRule) -> tuple[int, int]:
        due = dues.get(r.report)
        return (-fit(r), -(due.toordinal() if due else 0))

    return sorted(candidates, key=order)[0]


# -- answers --------------------------------------------------------------------------------------------

META_KEYS = (
    "agency",
    "parent_agency",
    "to",
    "number",
    "place",
    "date",
    "signer",
    "signer_title",
    "recipients",
)


def read_answers(path: Path, items: tuple[ReportItem, ...]) -> dict[str, str]:
    """The answers file: YAML mapping item keys (and the META_KEYS) to text."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise ReportAnswersError(path=str(path), detail=exc.strerror or str(exc)) from None
    except yaml.YAMLError as exc:
        raise ReportAnswersError(path=str(path), detail=str(exc).splitlines()[0]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReportAnswersError(path=str(path), detail=N_("it must be a mapping of field: text"))
    known = [i.key for i in items] + list(META_KEYS)
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in known:
            raise ReportAnswersError(
                path=str(path),
                detail=N_("unknown field {field!r}; the fields are {known}"),
                field=str(key),
                known=", ".join(known),
            )
        if not isinstance(value, str | int | float):
            raise ReportAnswersError(
                path=str(path), detail=N_("the field {field!r} must be text"), field=str(key)
            )
        out[str(key)] = str(value).strip()
    return out


# -- building ---------------------------------------------------------------------------------------------

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

_GENERIC_ITEMS_FIGURES = tuple(ReportFigure)

_TRANSFER_KINDS = {
    "internal_move": N_("internal move"),
    "within_province": N_("transfer within the province"),
    "inbound": N_("transfer from outside the province"),
    "inbound_unsyncable": N_("transfer from outside (new dossier)"),
    "commune_to_commune": N_("commune to commune"),
}
_EXIT_REASONS = {
    "retirement": N_("retirement"),
    "resignation": N_("resignation"),
    "dismissal": N_("dismissal"),
    "death": N_("death"),
    "left_province": N_("left the province"),
    "unknown": N_("reason not recorded"),
}
_EMPLOYMENT = {
    "active": N_("in service"),
    "transferring": N_("being transferred"),
    "exited": N_("left service"),
    "archived": N_("archived"),
}


def build(
    ws: Workspace,
    *,
    year: int,
    unit: str | None = None,
    report: str | None = None,
    end: date | None = None,
    answers: dict[str, str] | None = None,
    generic: bool = False,
) -> Report:
    """The report of ``unit``'s subtree (the whole province when None) for ``year``.

    ``report`` names the province's report (``cbccvc reports`` lists them); by default the one
    the unit sends (:func:`choose`). A report whose text lists no contents is refused with
    :class:`NoReportContentsError` unless ``generic`` (then every figure, no cited item)."""
    rs = ws.ruleset
    lang = current_language()
    if not 1900 < year < 2200:
        from ..errors import InvalidDateError

        raise InvalidDateError(value=str(year))
    start, stop = date(year, 1, 1), end or date(year, 12, 31)
    if stop.year != year:
        raise ReportPeriodError(end=stop.isoformat(), year=year)
    with ws.session() as s:
        from ..db import schema as db

        unit_row = s.get(db.Unit, unit) if unit else None
        if unit is not None and unit_row is None:
            from ..service import NotFoundError

            raise NotFoundError(entity=N_("unit"), id=unit)
        unit_kind = unit_row.kind if unit_row else None
        parent_row = s.get(db.Unit, unit_row.parent_id) if unit_row and unit_row.parent_id else None
    rule: ReportRule | None
    if report is not None:
        named = [r for r in rs.reports if r.report == report]
        if not named:
            raise UnknownReportError(
                province=rs.profile.name, report=report, known=", ".join(r.report for r in rs.reports) or "—"
            )
        rule = named[0]
    else:
        rule = choose(rs.reports, unit_kind=unit_kind, year=year, ruleset=rs)
    if rule is not None and not rule.contents:
        if not generic:
            raise NoReportContentsError(
                province=rs.profile.name, which=f" ({rule.report}, {rule.source.short})"
            )
        rule = None
    if rule is None and not generic:
        raise NoReportContentsError(province=rs.profile.name, which="")
    figures = compute(ws, start=start, end=stop, unit=unit)
    answers = answers or {}
    items: list[tuple[str, str, str, tuple[ReportFigure, ...]]]
    if rule is not None:
        items = [
            (
                i.key,
                i.heading[:1].upper() + i.heading[1:] if lang == "vi" else i.summary,
                i.source.long(lang),
                i.figures,
            )
            for i in rule.contents
        ]
    else:
        items = [("figures", _("Figures from the database"), "", _GENERIC_ITEMS_FIGURES)]
    sections = tuple(
        Section(
            number=_ROMAN[n] if n < len(_ROMAN) else str(n + 1),
            key=key,
            heading=heading,
            basis=basis,
            tables=tuple(t for f in figs for t in _tables(f, figures)),
            charts=tuple(c for f in figs if f is ReportFigure.TIMELINESS for c in ("by_agency", "by_month")),
            text=answers.get(key) or None,
        )
        for n, (key, heading, basis, figs) in enumerate(items)
    )
    root_name = figures.root.name
    due = None
    if rule is not None:
        due = next((d.due for d in engine.reports(rs, year) if d.rule is rule), None)
    recipient = _recipient(rule.recipient, rs.profile.name, lang) if rule else "—"
    basis = (
        _("Pursuant to {article} issued with {decision}").format(
            article=rule.source.long(lang), decision=rs.instrument.reference
        )
        if rule
        else _("No report with these figures is required by the text of {province}.").format(
            province=rs.profile.name
        )
    )
    meta = {k: v for k, v in answers.items() if k in META_KEYS}
    return Report(
        province=rs.code,
        province_name=rs.profile.name,
        rule=rule,
        year=year,
        start=start,
        end=stop,
        due=due,
        agency=meta.get("agency") or root_name,
        parent_agency=meta.get("parent_agency")
        or (parent_row.name if parent_row else ("" if unit_row is None else root_name)),
        recipient=meta.get("to") or recipient,
        title=_("The updating, management and use of the CBCCVC database in {year}").format(year=year),
        basis=basis,
        sections=sections,
        figures=figures,
        meta=meta,
        lang=lang,
    )


def _recipient(actor: str, province: str, lang: str) -> str:
    """ "UBND tỉnh Kon Tum", "Sở Nội vụ tỉnh Kon Tum", "Bộ Nội vụ"."""
    label = vocabulary.label("actor", actor, lang)
    if lang != "vi":
        return label
    if label.endswith("tỉnh"):
        return f"{label} {province}"
    if actor in ("home_affairs", "ict_department"):
        return f"{label} tỉnh {province}"
    return label


def _rate(t: Timeliness) -> float | None:
    r = t.on_time_rate
    return None if r is None else round(r * 100, 1)


def _tables(figure: ReportFigure, f: Figures) -> list[FigureTable]:
    names = {a.id: a.name for a in f.agencies}
    if figure is ReportFigure.TIMELINESS:
        cols = (_("On time"), _("Late"), _("Overdue, not done"), _("Not yet due"), _("On-time rate (%)"))
        by_agency = [
            (names[a.id], t.on_time, t.late, t.overdue, t.pending, _rate(t))
            for a in f.agencies
            if (t := f.timeliness_by_agency.get(a.id)) is not None
        ]
        total = f.timeliness_total
        months = [
            (_("Month {m}").format(m=m), t.on_time, t.late, t.overdue, t.pending, _rate(t))
            for m in range(1, 13)
            if (t := f.timeliness_by_month.get(m)) is not None
        ]
        tot = (_("Total"), total.on_time, total.late, total.overdue, total.pending, _rate(total))
        return [
            FigureTable(
                "timeliness_units",
                _("Obligations due in the period, by unit (as of {date})").format(
                    date=f.end.strftime("%d/%m/%Y")
                ),
                (_("Unit"), *cols),
                tuple(by_agency),
                tot,
            ),
            FigureTable(
                "timeliness_months",
                _("Obligations due in the period, by month of the due date"),
                (_("Month"), *cols),
                tuple(months),
                tot,
            ),
        ]
    if figure is ReportFigure.NEW_DOSSIERS:
        rows = []
        for a in f.agencies:
            per = f.new_dossiers.get(a.id)
            if per:
                workers = per.get("contract_worker", 0)
                staff = sum(per.values()) - workers
                rows.append((names[a.id], staff, workers, staff + workers))
        all_workers = sum(p.get("contract_worker", 0) for p in f.new_dossiers.values())
        total_n = f.new_dossiers_total
        return [
            FigureTable(
                "new_dossiers",
                _("New dossiers made in the period"),
                (_("Unit"), _("CBCCVC"), _("Contract workers"), _("Total")),
                tuple(rows),
                (_("Total"), total_n - all_workers, all_workers, total_n),
            )
        ]
    if figure is ReportFigure.STATUS_UPDATES:
        lang = current_language()
        rows2: list[tuple[Cell, ...]] = [
            (_("New revisions of dossiers (information updated)"), f.revisions_made),
            (_("Revisions approved"), f.revisions_approved),
            (_("Revisions returned for correction"), f.revisions_returned),
        ]
        for kind, n in sorted(f.events.items()):
            label = vocabulary.label("event", kind, lang) if kind in vocabulary.EVENTS else kind
            rows2.append((_("Event: {event}").format(event=label), n))
        return [
            FigureTable(
                "status_updates",
                _("Updates of dossiers' status and information"),
                (_("Item"), _("Number")),
                tuple(rows2),
            )
        ]
    if figure is ReportFigure.TRANSFERS:
        rows3 = [
            (_(_TRANSFER_KINDS.get(t.kind, t.kind)), t.incoming, t.outgoing, t.within) for t in f.transfers
        ]
        return [
            FigureTable(
                "transfers",
                _("Transfers effective in the period"),
                (_("Kind"), _("Into the unit"), _("Out of the unit"), _("Within the unit")),
                tuple(rows3),
                (
                    _("Total"),
                    sum(t.incoming for t in f.transfers),
                    sum(t.outgoing for t in f.transfers),
                    sum(t.within for t in f.transfers),
                ),
            )
        ]
    if figure is ReportFigure.EXITS:
        rows4 = [(_(_EXIT_REASONS.get(k, k)), n) for k, n in sorted(f.exits.items())]
        return [
            FigureTable(
                "exits",
                _("Exits effective in the period"),
                (_("Reason"), _("Number")),
                tuple(rows4),
                (_("Total"), sum(f.exits.values())),
            )
        ]
    if figure is ReportFigure.HEADCOUNT:
        order = [k for k in _EMPLOYMENT if k in f.headcount] + sorted(set(f.headcount) - set(_EMPLOYMENT))
        rows5 = [(_(_EMPLOYMENT.get(k, k)), f.headcount[k]) for k in order]
        return [
            FigureTable(
                "headcount",
                _("Dossiers held at the time of the report"),
                (_("State"), _("Number")),
                tuple(rows5),
                (_("Total"), sum(f.headcount.values())),
            )
        ]
    raise AssertionError(figure)  # pragma: no cover - every ReportFigure is handled above
