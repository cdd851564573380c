"""From rules to dates: which obligations an event starts, which reports and backups fall due.

The output classes are what the CLI prints; their JSON (through cattrs) is exactly the shape
of RULES.md §9.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import attrs

from ..errors import InvalidDateError, UnknownEventError
from ..vocabulary import EVENTS, check
from .calendar import WorkingCalendar
from .periods import Unspecified
from .types import BackupRule, DeadlineRule, Frequency, ReportRule, RuleSet


@attrs.frozen
class ObligationDue:
    """One obligation an event starts (``cbccvc deadlines … --json``)."""

    obligation: str
    due: date | None
    window_start: date | None
    period: str
    actor: str
    basis: str
    rule: DeadlineRule = attrs.field(eq=False, repr=False)
    provisional: bool = False
    """The due date depends on days off not yet officially announced."""

    def to_json(self) -> dict[str, object]:
        return {
            "obligation": self.obligation,
            "due": self.due.isoformat() if self.due else None,
            "window_start": self.window_start.isoformat() if self.window_start else None,
            "period": self.period,
            "actor": self.actor,
            "basis": self.basis,
        }


def deadlines(
    ruleset: RuleSet,
    event: str,
    day: date,
    cal: WorkingCalendar,
    category: str | None = None,
) -> list[ObligationDue]:
    """The obligations ``event`` on ``day`` starts in this province, in the rules' order.

    ``category`` (a person category) drops rules that apply to other categories only.
    """
    if event not in EVENTS:
        raise UnknownEventError(event=event, known=", ".join(EVENTS))
    if category is not None:
        check("category", category)
    out = []
    for rule in ruleset.deadlines:
        if rule.event != event or (category and rule.categories and category not in rule.categories):
            continue
        due = rule.period.due(day, cal)
        out.append(
            ObligationDue(
                obligation=rule.obligation,
                due=due.day,
                window_start=due.window_start,
                period=str(rule.period),
                actor=rule.actor_field,
                basis=rule.basis,
                rule=rule,
                provisional=due.provisional,
            )
        )
    return out


@attrs.frozen
class ReportDue:
    """One report due for a year's activity (``cbccvc reports … --json``)."""

    report: str
    sender: str
    recipient: str
    due: date | None
    basis: str
    rule: ReportRule = attrs.field(eq=False, repr=False)

    def to_json(self) -> dict[str, object]:
        return {
            "report": self.report,
            "from": self.sender,
            "to": self.recipient,
            "due": self.due.isoformat() if self.due else None,
            "basis": self.basis,
        }


def reports(ruleset: RuleSet, year: int) -> list[ReportDue]:
    """The reports on ``year``'s activity and their due dates (``None`` where the text gives none)."""
    if not 1900 < year < 2200:
        raise InvalidDateError(value=str(year))
    out = []
    for rule in ruleset.reports:
        due = None if isinstance(rule.due, Unspecified) else rule.due.in_year(year + rule.year_offset)
        out.append(ReportDue(rule.report, rule.sender, rule.recipient, due, rule.source.basis, rule))
    return out


@attrs.frozen
class BackupDue:
    """One backup the policy schedules (``cbccvc backups … --json``).

    ``date`` is the day of the backup; for a monthly backup whose day the text does not name,
    it is the last day of the month, the latest the month's backup can be taken.
    """

    date: date
    kind: str
    by: str
    basis: str
    rule: BackupRule = attrs.field(eq=False, repr=False)

    def to_json(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "kind": self.kind, "by": self.by, "basis": self.basis}


def _months(start: date, end: date) -> Iterator[tuple[int, int]]:
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def backups(ruleset: RuleSet, start: date, end: date, cal: WorkingCalendar) -> list[BackupDue]:
    """Backups scheduled from ``start`` to ``end`` inclusive, by date then policy order.

    Periodic backups with no interval in the text are not scheduled (see the policy)."""
    if end < start:
        raise InvalidDateError(value=f"{start.isoformat()}..{end.isoformat()}")
    cal.is_working_day(start)
    cal.is_working_day(end)
    out: list[BackupDue] = []
    rules = ruleset.backup.backups if ruleset.backup else ()
    for rule in rules:
        days: list[date] = []
        if rule.frequency is Frequency.DAILY:
            days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        elif rule.frequency is Frequency.MONTHLY:
            for y, m in _months(start, end):
                day = (
                    date(y, m, rule.day_of_month)
                    if rule.day_of_month
                    else cal.month_end_window(date(y, m, 1), 1)[1]
                )
                if start <= day <= end:
                    days.append(day)
        out += [BackupDue(d, rule.kind.value, rule.by, rule.source.basis, rule) for d in days]
    out.sort(key=lambda b: (b.date, rules.index(b.rule)))
    return out
