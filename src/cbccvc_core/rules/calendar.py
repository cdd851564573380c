"""The working-day calendar of the Vietnamese civil service (ngày làm việc).

A working day is Monday to Friday, except public holidays and official days off (Bộ luật
Lao động 2019 Điều 112), with the Government's yearly notices that move days off and name
make-up working days (ngày làm bù, which can be a Saturday).

Source of truth: the ``holidays`` package (python-holidays, maintained upstream), whose
Vietnam calendar has the lunar dates (Tết Nguyên Đán, Giỗ Tổ Hùng Vương), the observed days,
the Government's swaps with their make-up Saturdays, and Ngày Văn hóa Việt Nam (24/11) from
2026. On top of it, :class:`CalendarAdjustment` records add extra days off or make-up days as
data, each with its source (see ``rules/data/vn_calendar.yaml``).

Speed: the calendar is built once into an index over the covered years (a working-day flag
per day, a prefix count, and the ordinal of every working day), so a due date is two list
lookups, not a walk day by day.
"""

from __future__ import annotations

import calendar as _stdcal
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import holidays
import yaml

from ..errors import CalendarCoverageError, DueBeyondCoverageError, InvalidDateError, InvalidRuleError

FIRST_YEAR = 2010
LAST_YEAR = 2035


class AdjustmentKind(StrEnum):
    DAY_OFF = "day_off"
    """An official day off on a day that would be a working day (ngày nghỉ)."""
    WORKING_DAY = "working_day"
    """A make-up working day on a day that would be a day off (ngày làm bù)."""


@attrs.frozen
class CalendarAdjustment:
    """One extra official day off or make-up working day, with its source."""

    day: date = attrs.field(validator=attrs.validators.instance_of(date))
    kind: AdjustmentKind = attrs.field(converter=AdjustmentKind)
    name: str = attrs.field(validator=attrs.validators.min_len(1))
    source: str = attrs.field(validator=attrs.validators.min_len(1))
    """The document that announced it, e.g. "Thông báo 6150/TB-BLĐTBXH ngày 14/11/2024"."""


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    DAY_OFF = "day_off"
    MAKE_UP = "make_up"


@attrs.frozen
class CalendarDay:
    """What the calendar says of one day, for listings (``cbccvc calendar YEAR``)."""

    day: date
    kind: DayKind
    name: str
    source: str


@attrs.frozen
class CalendarData:
    """The data the core ships: how far official notices are known, and extra adjustments."""

    announced_through: int
    """Last year whose Government notices (moved days off, make-up days) are in the data."""
    announced_source: str
    adjustments: tuple[CalendarAdjustment, ...] = ()


@attrs.frozen
class ExtraCalendarData:
    """A user's file of further official days off and make-up days (``$CBCCVC_CALENDAR_DATA``),
    e.g. a notice published after this release; same format as the bundled file."""

    adjustments: tuple[CalendarAdjustment, ...] = ()
    announced_through: int | None = None
    announced_source: str | None = None


def _structure(text: str, cls: type[Any], origin: str) -> Any:
    from .serialize import converter

    try:
        return converter.structure(yaml.safe_load(text) or {}, cls)
    except Exception as exc:  # any malformed file is one clear error, not a traceback
        from cattrs.errors import BaseValidationError

        detail = (
            "; ".join(str(e) for e in exc.exceptions) if isinstance(exc, BaseValidationError) else str(exc)
        )
        raise InvalidRuleError(detail=f"calendar data {origin}: {detail}") from None


@cache
def bundled_data() -> CalendarData:
    """Read ``rules/data/vn_calendar.yaml``."""
    text = files(__package__).joinpath("data/vn_calendar.yaml").read_text("utf-8")
    data: CalendarData = _structure(text, CalendarData, "vn_calendar.yaml")
    return data


def load_calendar_file(path: str | Path) -> ExtraCalendarData:
    """Read a file of extra days off and make-up days (YAML, see ``rules/data/vn_calendar.yaml``)."""
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise InvalidRuleError(detail=f"calendar data {path}: {exc.strerror}") from None
    data: ExtraCalendarData = _structure(text, ExtraCalendarData, str(path))
    return data


class WorkingCalendar:
    """Working days of the Vietnamese civil service over ``first_year`` to ``last_year``.

    ``adjustments`` are applied after the holiday source (a later adjustment for the same day
    wins). ``announced_through`` is the last year whose official notices are known: a due date
    that reaches into a later year may still move and is reported as provisional.
    """

    def __init__(
        self,
        first_year: int = FIRST_YEAR,
        last_year: int = LAST_YEAR,
        adjustments: Iterable[CalendarAdjustment] = (),
        announced_through: int | None = None,
    ) -> None:
        if not (1995 <= first_year <= last_year <= 2100):
            raise InvalidRuleError(detail=f"bad calendar range {first_year}-{last_year}")
        data = bundled_data()
        self.first_year = first_year
        self.last_year = last_year
        self.announced_through = data.announced_through if announced_through is None else announced_through
        self.adjustments = (*data.adjustments, *adjustments)
        self._first = date(first_year, 1, 1)
        self._last = date(last_year, 12, 31)
        self._start = self._first.toordinal()
        ndays = self._last.toordinal() - self._start + 1

        source = holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
        self._names: dict[date, tuple[DayKind, str, str]] = {}
        for day, name in source.items():
            self._names[day] = (DayKind.HOLIDAY, name, "holidays (python-holidays) VN")
        for day in source.weekend_workdays:
            self._names[day] = (DayKind.MAKE_UP, "Ngày làm bù", "holidays (python-holidays) VN")
        for adj in self.adjustments:
            if self._first <= adj.day <= self._last:
                kind = DayKind.DAY_OFF if adj.kind is AdjustmentKind.DAY_OFF else DayKind.MAKE_UP
                self._names[adj.day] = (kind, adj.name, adj.source)

        work = bytearray(ndays)
        for i in range(ndays):
            work[i] = (i + self._start) % 7 not in (6, 0)  # ordinal % 7: 6 = Saturday, 0 = Sunday
        for day, (kind, _name, _src) in self._names.items():
            if self._first <= day <= self._last:
                work[day.toordinal() - self._start] = kind is DayKind.MAKE_UP
        self._work = bytes(work)
        # The index. _prefix[i]: working days strictly before day i (i = days since first_day);
        # _rank[i] = _prefix[i + 1] - 1: position in _days of the last working day on or before
        # day i; _days: every working day, as ready-made date objects.
        prefix = [0] * (ndays + 1)
        days: list[date] = []
        count = 0
        for i in range(ndays):
            prefix[i] = count
            if work[i]:
                days.append(date.fromordinal(i + self._start))
                count += 1
        prefix[ndays] = count
        self._prefix = prefix
        self._rank = [c - 1 for c in prefix[1:]]
        self._days = days
        self._nwork = count
        self._ndays = ndays

    # -- coverage -----------------------------------------------------------------------------
    @property
    def first_day(self) -> date:
        return self._first

    @property
    def last_day(self) -> date:
        return self._last

    def _index(self, day: date) -> int:
        try:
            i = day.toordinal() - self._start
        except (AttributeError, TypeError):
            raise InvalidDateError(value=day) from None
        if not 0 <= i < self._ndays:
            raise CalendarCoverageError(first=self._first, last=self._last, day=day)
        return i

    def _from_rank(self, rank: int) -> date:
        if rank >= self._nwork:
            raise DueBeyondCoverageError(last=self._last)
        return self._days[rank]

    def is_provisional(self, day: date) -> bool:
        """True when ``day`` is in a year whose days off are not yet officially announced."""
        return day.year > self.announced_through

    # -- the operations -----------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        return bool(self._work[self._index(day)])

    def add_working_days(self, anchor: date, n: int) -> date:
        """The n-th working day after ``anchor`` (the anchor itself never counts, BLDS Điều 147)."""
        if n < 1:
            raise InvalidRuleError(detail=f"working days must be at least 1, not {n}")
        return self._from_rank(self._rank[self._index(anchor)] + n)

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        return self._from_rank(self._prefix[self._index(day)])

    def add_calendar_days(self, anchor: date, n: int) -> date:
        """``anchor + n`` days, rolled to the next working day if that is a day off (BLDS Điều 148.5)."""
        if n < 0:
            raise InvalidRuleError(detail=f"calendar days must not be negative, not {n}")
        self._index(anchor)
        return self.next_working_day(anchor + timedelta(days=n))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        return self._prefix[self._index(end) + 1] - self._prefix[self._index(start) + 1]

    @staticmethod
    def month_end_window(day: date, n: int) -> tuple[date, date]:
        """The last ``n`` calendar days of ``day``'s month: (first day of the window, last day)."""
        last = date(day.year, day.month, _stdcal.monthrange(day.year, day.month)[1])
        if not 1 <= n <= 28:
            raise InvalidRuleError(detail=f"a month-end window is 1 to 28 days, not {n}")
        return last - timedelta(days=n - 1), last

    # -- listings -----------------------------------------------------------------------------
    def days_off_and_make_up(self, year: int) -> Iterator[CalendarDay]:
        """Holidays, extra days off and make-up working days of ``year``, in date order."""
        self._index(date(year, 1, 1))
        for day in sorted(d for d in self._names if d.year == year):
            kind, name, src = self._names[day]
            if kind is DayKind.HOLIDAY and day.weekday() >= 5:
                kind = DayKind.WEEKEND  # a holiday on a weekend: the observed day follows
            yield CalendarDay(day, kind, name, src)


@cache
def default_calendar() -> WorkingCalendar:
    """The calendar with the bundled data, built once per process."""
    return WorkingCalendar()
