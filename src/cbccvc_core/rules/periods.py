"""Period kinds of RULES.md §1: how a clause's time limit turns an anchor date into a due date.

=======================  ==============================================  =========================
kind                     wording in the texts                            due date for anchor A
=======================  ==============================================  =========================
``working_days(n)``      "trong n ngày làm việc, kể từ ngày …"            n-th working day after A
``calendar_days(n)``     "n ngày, kể từ ngày …"                          A + n, rolled forward to a
                                                                         working day (BLDS 148.5)
``immediately``          "ngay", "ngay sau khi … có hiệu lực"            A, or the next working day
``month_end_window(n)``  "trong vòng 05 ngày cuối từng tháng"            last day of A's month;
                                                                         window = its last n days
``before(MM-DD)``        "trước ngày D tháng M"                          the day before (no moving)
``on(MM-DD)``            "định kỳ ngày D tháng M", "chậm nhất là ngày …"  that day (no moving)
``unspecified``          "định kỳ", "kịp thời", or no time at all         no date (``null``)
=======================  ==============================================  =========================

Each period is a frozen attrs class; ``str(period)`` is its spelling in RULES.md and
:func:`parse_period` reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar, NamedTuple, TypeAlias

import attrs
from attrs.validators import and_, ge, le

from ..errors import InvalidRuleError
from .calendar import WorkingCalendar


class Due(NamedTuple):
    """A computed due date: ``day`` is None for ``unspecified``; ``window_start`` is set for
    ``month_end_window``; ``provisional`` when it depends on days off not yet announced.

    A named tuple, not an attrs class: it is made once per computed date, and building a frozen
    attrs instance costs several times more than the lookup that finds the date."""

    day: date | None
    window_start: date | None = None
    provisional: bool = False


def _strict_int(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int:  # bool is an int subclass: working_days(True) is not a period
        raise TypeError(f"{attribute.name} must be an int, got {value!r}")


def _positive(max_value: int) -> Callable[[Any, attrs.Attribute[int], int], None]:
    validate: Callable[[Any, attrs.Attribute[int], int], None] = and_(_strict_int, ge(1), le(max_value))
    return validate


class _Period:
    """Shared behaviour: ``due_date`` is the fast path (just the date); ``due`` adds the
    window and whether the date is provisional."""

    def due_date(self, anchor: date, cal: WorkingCalendar) -> date | None:
        raise NotImplementedError

    moves_with_days_off: ClassVar[bool] = False
    """True when the due date depends on which days are off (then it can be provisional)."""

    def due(self, anchor: date, cal: WorkingCalendar) -> Due:
        day = self.due_date(anchor, cal)
        return Due(
            day, None, self.moves_with_days_off and day is not None and day.year > cal.announced_through
        )


@attrs.frozen
class WorkingDays(_Period):
    n: int = attrs.field(validator=_positive(366))
    kind: ClassVar[str] = "working_days"
    moves_with_days_off: ClassVar[bool] = True

    def __str__(self) -> str:
        return f"working_days({self.n})"

    def due_date(self, anchor: date, cal: WorkingCalendar) -> date:
        # The hot path of every deadline: WorkingCalendar.add_working_days inlined (two list
        # lookups); anything unusual takes the checked call, which raises the right error.
        try:
            i = anchor.toordinal() - cal._start
            if i >= 0:
                return cal._days[cal._rank[i] + self.n]
        except (IndexError, AttributeError, TypeError):
            pass
        return cal.add_working_days(anchor, self.n)


@attrs.frozen
class CalendarDays(_Period):
    n: int = attrs.field(validator=_positive(3660))
    kind: ClassVar[str] = "calendar_days"
    moves_with_days_off: ClassVar[bool] = True

    def __str__(self) -> str:
        return f"calendar_days({self.n})"

    def due_date(self, anchor: date, cal: WorkingCalendar) -> date:
        # Inlined like WorkingDays.due_date: the first working day on or after anchor + n.
        try:
            i = anchor.toordinal() - cal._start
            if 0 <= i < cal._ndays:
                return cal._days[cal._prefix[i + self.n]]
        except (IndexError, AttributeError, TypeError):
            pass
        return cal.add_calendar_days(anchor, self.n)


@attrs.frozen
class Immediately(_Period):
    kind: ClassVar[str] = "immediately"
    moves_with_days_off: ClassVar[bool] = True

    def __str__(self) -> str:
        return "immediately"

    def due_date(self, anchor: date, cal: WorkingCalendar) -> date:
        try:
            i = anchor.toordinal() - cal._start
            if i >= 0:
                return cal._days[cal._prefix[i]]
        except (IndexError, AttributeError, TypeError):
            pass
        return cal.next_working_day(anchor)


@attrs.frozen
class MonthEndWindow(_Period):
    n: int = attrs.field(validator=_positive(28))
    kind: ClassVar[str] = "month_end_window"

    def __str__(self) -> str:
        return f"month_end_window({self.n})"

    def due_date(self, anchor: date, cal: WorkingCalendar) -> date:
        cal.is_working_day(anchor)  # coverage check: same bad-input error as the other kinds
        return cal.month_end_window(anchor, self.n)[1]

    def due(self, anchor: date, cal: WorkingCalendar) -> Due:
        cal.is_working_day(anchor)
        start, last = cal.month_end_window(anchor, self.n)
        return Due(last, start)


def _check_month_day(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    month, day = getattr(instance, "month", value), value
    if attribute.name == "day":
        try:
            date(2001, month, day)  # a common year: 02-29 is refused, it has no yearly date
        except (TypeError, ValueError):
            raise InvalidRuleError(detail=f"{month:02d}-{day:02d} is not a day of every year") from None


@attrs.frozen
class _FixedDay(_Period):
    month: int = attrs.field(validator=and_(_strict_int, ge(1), le(12)))
    day: int = attrs.field(validator=[_strict_int, _check_month_day])
    spelling: ClassVar[str] = ""

    def __str__(self) -> str:
        return f"{self.spelling}({self.month:02d}-{self.day:02d})"

    def in_year(self, year: int) -> date:
        """The due date when the date named by the text falls in ``year``."""
        raise NotImplementedError

    def due_date(self, anchor: date, cal: WorkingCalendar) -> date:
        """The first due date on or after ``anchor`` (not moved off a day off)."""
        cal.is_working_day(anchor)
        day = self.in_year(anchor.year)
        return day if day >= anchor else self.in_year(anchor.year + 1)


@attrs.frozen
class Before(_FixedDay):
    kind: ClassVar[str] = "before"
    spelling: ClassVar[str] = "before"

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day) - timedelta(days=1)


@attrs.frozen
class On(_FixedDay):
    kind: ClassVar[str] = "on"
    spelling: ClassVar[str] = "on"

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)


@attrs.frozen
class Unspecified(_Period):
    """The text gives no time ("định kỳ", "kịp thời", "theo quy định"): no due date."""

    kind: ClassVar[str] = "unspecified"

    def __str__(self) -> str:
        return "unspecified"

    def due_date(self, anchor: date, cal: WorkingCalendar) -> None:
        cal.is_working_day(anchor)
        return None


Period: TypeAlias = WorkingDays | CalendarDays | Immediately | MonthEndWindow | Before | On | Unspecified
FixedDay: TypeAlias = Before | On | Unspecified
"""Periods that name a day of the year (reports) or none."""

PERIOD_KINDS: tuple[str, ...] = (
    "working_days",
    "calendar_days",
    "immediately",
    "month_end_window",
    "before",
    "on",
    "unspecified",
)
DATED_KINDS = frozenset(PERIOD_KINDS) - {"unspecified"}

_SPELLING = re.compile(
    r"^(?:(?P<counted>working_days|calendar_days|month_end_window)\((?P<n>[0-9]{1,4})\)"
    r"|(?P<fixed>before|on)\((?P<m>[0-9]{2})-(?P<d>[0-9]{2})\)"
    r"|(?P<bare>immediately|unspecified))$"
)


def parse_period(text: str) -> Period:
    """Read a period in its RULES.md spelling, e.g. ``working_days(5)`` or ``before(01-15)``."""
    match = _SPELLING.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise InvalidRuleError(detail=f"{text!r} is not a period; expected one of {', '.join(PERIOD_KINDS)}")
    try:
        if match["counted"] == "working_days":
            return WorkingDays(int(match["n"]))
        if match["counted"] == "calendar_days":
            return CalendarDays(int(match["n"]))
        if match["counted"] == "month_end_window":
            return MonthEndWindow(int(match["n"]))
        if match["fixed"]:
            fixed = Before if match["fixed"] == "before" else On
            return fixed(int(match["m"]), int(match["d"]))
    except (TypeError, ValueError) as exc:
        raise InvalidRuleError(detail=f"{text!r}: {exc}") from None
    return Immediately() if match["bare"] == "immediately" else Unspecified()
