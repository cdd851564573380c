"""Property tests of the working-day calendar and the period kinds (RULES.md §1).

Every property is checked against a REFERENCE written here: a plain walk day by day over
the holiday data itself (python-holidays' Vietnam calendar: its days off and its make-up
working days, plus the bundled adjustments), which shares nothing with the index that
:class:`WorkingCalendar` builds (flags, prefix counts, ranks).

Anchors are drawn from 2015-01-01 to 2030-12-31 and counts up to 60, so every answer stays
well inside the default calendar's coverage (2010-2035).
"""

from __future__ import annotations

import calendar as stdcal
from datetime import date, timedelta
from functools import cache

import holidays
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cbccvc_core.errors import CalendarCoverageError, InvalidRuleError
from cbccvc_core.rules.calendar import AdjustmentKind, bundled_data, default_calendar
from cbccvc_core.rules.periods import (
    Before,
    CalendarDays,
    Immediately,
    MonthEndWindow,
    On,
    Unspecified,
    WorkingDays,
    parse_period,
)

ONE_DAY = timedelta(days=1)
COVERAGE_FIRST = date(2010, 1, 1)  # the default calendar's coverage, stated independently
COVERAGE_LAST = date(2035, 12, 31)
ANCHOR_FIRST = date(2015, 1, 1)
ANCHOR_LAST = date(2030, 12, 31)

# A few hundred examples per property keeps the whole file at a few seconds.
FAST = settings(max_examples=250, deadline=None)
FEW = settings(max_examples=100, deadline=None)

anchors = st.dates(ANCHOR_FIRST, ANCHOR_LAST)
counts = st.integers(1, 60)
outside = st.one_of(
    st.dates(date(1900, 1, 1), COVERAGE_FIRST - ONE_DAY),
    st.dates(COVERAGE_LAST + ONE_DAY, date(2200, 12, 31)),
)


# -- the reference: one day at a time, straight from the holiday data ----------------------------
@cache
def reference_data() -> tuple[frozenset[date], frozenset[date]]:
    """(days off, make-up working days) over the coverage, from python-holidays + adjustments."""
    source = holidays.country_holidays("VN", years=range(COVERAGE_FIRST.year, COVERAGE_LAST.year + 1))
    days_off = set(source.keys())  # holidays, observed days, moved days off (weekend ones too)
    make_up = set(source.weekend_workdays)  # ngày làm bù, e.g. Saturday 2026-08-22
    for adj in bundled_data().adjustments:  # data on top of the source; a later entry wins
        if adj.kind is AdjustmentKind.DAY_OFF:
            days_off.add(adj.day)
            make_up.discard(adj.day)
        else:
            make_up.add(adj.day)
            days_off.discard(adj.day)
    return frozenset(days_off), frozenset(make_up)


def ref_is_working(day: date) -> bool:
    days_off, make_up = reference_data()
    if day in make_up:
        return True
    return day.weekday() < 5 and day not in days_off


def ref_add_working_days(anchor: date, n: int) -> date:
    day = anchor
    while n:
        day += ONE_DAY
        if ref_is_working(day):
            n -= 1
    return day


def ref_next_working_day(day: date) -> date:
    while not ref_is_working(day):
        day += ONE_DAY
    return day


def ref_add_calendar_days(anchor: date, n: int) -> date:
    return ref_next_working_day(anchor + timedelta(days=n))


def ref_count(after: date, through: date) -> int:
    """Working days d with after < d <= through."""
    count, day = 0, after
    while day < through:
        day += ONE_DAY
        count += ref_is_working(day)
    return count


def ref_working_days_between(start: date, end: date) -> int:
    return ref_count(start, end) if end >= start else -ref_count(end, start)


def days(first: date, last: date) -> list[date]:
    """first..last, both included."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


# -- the reference itself, on days checked by hand -----------------------------------------------
def test_reference_knows_the_2026_calendar() -> None:
    assert not ref_is_working(date(2026, 2, 17))  # Tết
    assert ref_is_working(date(2026, 8, 22))  # make-up Saturday
    assert not ref_is_working(date(2026, 8, 31))  # moved day off
    assert not ref_is_working(date(2026, 11, 24))  # Ngày Văn hóa Việt Nam
    assert ref_is_working(date(2026, 11, 25))
    assert not ref_is_working(date(2026, 11, 28))  # a plain Saturday


# -- working_days(n) -------------------------------------------------------------------------------
@FAST
@given(anchor=anchors, n=counts)
@example(anchor=date(2026, 2, 13), n=5)  # across Tết 2026
@example(anchor=date(2026, 8, 21), n=1)  # the make-up Saturday 2026-08-22
def test_working_days_due_is_the_nth_working_day(cal, anchor: date, n: int) -> None:
    due = WorkingDays(n).due(anchor, cal)
    assert due.day is not None
    assert ref_is_working(due.day)
    assert ref_count(anchor, due.day) == n
    assert due.window_start is None
    assert due.provisional == (due.day.year > cal.announced_through)


# -- monotonic in the anchor and in n ----------------------------------------------------------------
@FAST
@given(a=anchors, b=anchors, n=counts, m=counts)
def test_working_days_is_monotonic(cal, a: date, b: date, n: int, m: int) -> None:
    a, b = min(a, b), max(a, b)
    n, m = min(n, m), max(n, m)
    assert WorkingDays(n).due(a, cal).day <= WorkingDays(n).due(b, cal).day
    assert WorkingDays(n).due(a, cal).day <= WorkingDays(m).due(a, cal).day
    if n < m:  # one more working day is always a later day
        assert WorkingDays(n).due(a, cal).day < WorkingDays(m).due(a, cal).day


@FAST
@given(a=anchors, b=anchors, n=counts, m=counts)
def test_calendar_days_is_monotonic(cal, a: date, b: date, n: int, m: int) -> None:
    a, b = min(a, b), max(a, b)
    n, m = min(n, m), max(n, m)
    assert CalendarDays(n).due(a, cal).day <= CalendarDays(n).due(b, cal).day
    assert CalendarDays(n).due(a, cal).day <= CalendarDays(m).due(a, cal).day


@FAST
@given(a=anchors, b=anchors)
def test_immediately_is_monotonic(cal, a: date, b: date) -> None:
    a, b = min(a, b), max(a, b)
    assert Immediately().due(a, cal).day <= Immediately().due(b, cal).day


# -- calendar_days(n) only moves across days off -------------------------------------------------
@FAST
@given(anchor=anchors, n=counts)
@example(anchor=date(2026, 2, 7), n=10)  # lands on Tết
@example(anchor=date(2026, 8, 12), n=10)  # lands on the make-up Saturday
def test_calendar_days_moves_only_across_days_off(cal, anchor: date, n: int) -> None:
    due = CalendarDays(n).due(anchor, cal)
    target = anchor + timedelta(days=n)
    assert due.day is not None
    assert ref_is_working(due.day)
    if ref_is_working(target):
        assert due.day == target
    else:
        assert due.day > target
        assert not any(ref_is_working(d) for d in days(target, due.day - ONE_DAY))
    assert due.provisional == (due.day.year > cal.announced_through)


# -- immediately -----------------------------------------------------------------------------------
@FAST
@given(anchor=anchors)
@example(anchor=date(2026, 2, 14))  # a Saturday before Tết: nine days off in a row
def test_immediately_is_the_anchor_or_the_next_working_day(cal, anchor: date) -> None:
    due = Immediately().due(anchor, cal)
    assert due.day is not None
    assert due.day >= anchor
    assert ref_is_working(due.day)
    assert not any(ref_is_working(d) for d in days(anchor, due.day - ONE_DAY))
    if ref_is_working(anchor):
        assert due.day == anchor


# -- month_end_window(n) -----------------------------------------------------------------------------
@FAST
@given(anchor=anchors, n=st.integers(1, 28))
@example(anchor=date(2028, 2, 1), n=28)  # leap February
@example(anchor=date(2026, 2, 28), n=1)
def test_month_end_window(cal, anchor: date, n: int) -> None:
    due = MonthEndWindow(n).due(anchor, cal)
    assert due.day is not None and due.window_start is not None
    for day in (due.window_start, due.day):
        assert (day.year, day.month) == (anchor.year, anchor.month)
    assert due.day.day == stdcal.monthrange(anchor.year, anchor.month)[1]
    assert (due.day + ONE_DAY).day == 1  # the very last day of the month
    assert (due.day - due.window_start).days == n - 1


# -- before(MM-DD) and on(MM-DD) -------------------------------------------------------------------
@st.composite
def month_days(draw: st.DrawFn) -> tuple[int, int]:
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, stdcal.monthrange(2001, month)[1]))  # a date of every year
    return month, day


@FAST
@given(anchor=anchors, md=month_days())
@example(anchor=date(2027, 6, 1), md=(3, 1))  # the day before 1 March 2028 is 29 February
@example(anchor=date(2026, 12, 31), md=(1, 1))  # before(01-01) is 31 December
def test_before_is_the_next_day_before_the_date(cal, anchor: date, md: tuple[int, int]) -> None:
    month, day = md
    due = Before(month, day).due(anchor, cal).day
    assert due is not None
    assert due >= anchor
    named = due + ONE_DAY
    assert (named.month, named.day) == (month, day)
    earlier = date(named.year - 1, month, day) - ONE_DAY  # the occurrence a year before
    assert earlier < anchor  # so this is the first one on or after the anchor


@FAST
@given(anchor=anchors, md=month_days())
@example(anchor=date(2026, 1, 1), md=(1, 1))  # a holiday: still that day, no moving
def test_on_is_the_next_such_date(cal, anchor: date, md: tuple[int, int]) -> None:
    month, day = md
    due = On(month, day).due(anchor, cal).day
    assert due is not None
    assert due >= anchor
    assert (due.month, due.day) == (month, day)
    assert date(due.year - 1, month, day) < anchor


@FEW
@given(anchor=anchors)
def test_unspecified_has_no_date(cal, anchor: date) -> None:
    assert Unspecified().due(anchor, cal).day is None


# -- the fast calendar agrees with the reference everywhere ---------------------------------------
def test_is_working_day_agrees_on_every_day_of_the_coverage(cal) -> None:
    assert (cal.first_day, cal.last_day) == (COVERAGE_FIRST, COVERAGE_LAST)
    wrong = [d for d in days(COVERAGE_FIRST, COVERAGE_LAST) if cal.is_working_day(d) != ref_is_working(d)]
    assert wrong == []


@FAST
@given(anchor=anchors, n=counts)
def test_add_working_days_agrees(cal, anchor: date, n: int) -> None:
    assert cal.add_working_days(anchor, n) == ref_add_working_days(anchor, n)


@FAST
@given(anchor=anchors, n=st.integers(0, 60))
def test_add_calendar_days_agrees(cal, anchor: date, n: int) -> None:
    assert cal.add_calendar_days(anchor, n) == ref_add_calendar_days(anchor, n)


@FAST
@given(day=anchors)
def test_next_working_day_agrees(cal, day: date) -> None:
    assert cal.next_working_day(day) == ref_next_working_day(day)


@FAST
@given(start=anchors, offset=st.integers(-90, 90))
def test_working_days_between_agrees(cal, start: date, offset: int) -> None:
    end = start + timedelta(days=offset)
    assert cal.working_days_between(start, end) == ref_working_days_between(start, end)


@FAST
@given(anchor=anchors, n=counts)
def test_working_days_between_inverts_add_working_days(cal, anchor: date, n: int) -> None:
    assert cal.working_days_between(anchor, cal.add_working_days(anchor, n)) == n


# -- spelling: parse_period(str(p)) == p, bad spellings are refused ------------------------------
periods = st.one_of(
    st.builds(WorkingDays, st.integers(1, 366)),
    st.builds(CalendarDays, st.integers(1, 3660)),
    st.just(Immediately()),
    st.builds(MonthEndWindow, st.integers(1, 28)),
    month_days().map(lambda md: Before(*md)),
    month_days().map(lambda md: On(*md)),
    st.just(Unspecified()),
)


@FAST
@given(period=periods)
def test_parse_period_round_trip(period) -> None:
    back = parse_period(str(period))
    assert back == period
    assert type(back) is type(period)
    assert str(back) == str(period)


@pytest.mark.parametrize(
    "kind",
    ["working_days", "calendar_days", "immediately", "month_end_window", "before", "on", "unspecified"],
)
def test_every_kind_round_trips(kind: str) -> None:
    sample = {
        "working_days": WorkingDays(5),
        "calendar_days": CalendarDays(10),
        "immediately": Immediately(),
        "month_end_window": MonthEndWindow(5),
        "before": Before(1, 15),
        "on": On(12, 31),
        "unspecified": Unspecified(),
    }[kind]
    assert sample.kind == kind
    assert parse_period(str(sample)) == sample


BAD_SPELLINGS = [
    "",
    " ",
    "working_days",
    "working_days()",
    "working_days(-1)",
    "working_days(5",
    "working_days 5",
    "Working_days(5)",
    "WORKING_DAYS(5)",
    "working-days(5)",
    "working_days(5.0)",
    "working_days(five)",
    "working_days(12345)",
    "working_days( 5)",
    "working_days(5) ngày",
    "calendar_day(5)",
    "business_days(5)",
    "immediately()",
    "immediate",
    "ngay",
    "unspecified(1)",
    "month_end_window()",
    "before(1-15)",
    "before(01/15)",
    "before(2026-01-15)",
    "on(01-1)",
    "on 01-15",
    "on(01-15",
    "before",
    "before(02-29)",
    "on(02-30)",
    "on(04-31)",
    "on(01-32)",
    "on(01-00)",
    "on(00-00)",
    # well spelt, but out of range
    "working_days(0)",
    "working_days(367)",
    "calendar_days(0)",
    "calendar_days(3661)",
    "month_end_window(0)",
    "month_end_window(29)",
    "on(13-01)",
    "on(00-10)",
    "before(13-01)",
    None,
    5,
    b"working_days(5)",
]


@pytest.mark.parametrize("text", BAD_SPELLINGS)
def test_bad_spellings_raise_invalid_rule_error(text) -> None:
    with pytest.raises(InvalidRuleError):
        parse_period(text)


def test_non_ascii_digits_are_a_bad_spelling() -> None:
    # '٥' (ARABIC-INDIC DIGIT FIVE) matched a \d in the spelling regex once.
    with pytest.raises(InvalidRuleError):
        parse_period("working_days(\u0665)")


def _mutate(text: str, data: st.DataObject) -> str:
    """Delete, insert or replace one character (digits included: numbers may leave their range)."""
    i = data.draw(st.integers(0, len(text)))
    how = data.draw(st.sampled_from(["delete", "insert", "replace"]))
    other = data.draw(
        st.one_of(st.sampled_from("0123456789()-_ "), st.characters(exclude_categories=("Cs",)))
    )
    if how == "delete" and i < len(text):
        return text[:i] + text[i + 1 :]
    if how == "replace" and i < len(text):
        return text[:i] + other + text[i + 1 :]
    return text[:i] + other + text[i:]


@FAST
@given(period=periods, data=st.data())
def test_a_misspelt_period_is_refused_or_still_a_period(period, data) -> None:
    text = _mutate(str(period), data)
    try:
        parsed = parse_period(text)
    except InvalidRuleError:
        return  # refused with the library's own error, never a bare ValueError or TypeError
    assert parse_period(str(parsed)) == parsed


# -- outside the coverage ------------------------------------------------------------------------------
@FAST
@given(day=outside, n=st.integers(1, 366))
def test_out_of_coverage_dates_raise(cal, day: date, n: int) -> None:
    inside = date(2026, 6, 15)
    calls = [
        lambda: cal.is_working_day(day),
        lambda: cal.next_working_day(day),
        lambda: cal.add_working_days(day, n),
        lambda: cal.working_days_between(day, inside),
        lambda: cal.working_days_between(inside, day),
        lambda: WorkingDays(n).due(day, cal),
        lambda: Immediately().due(day, cal),
        lambda: MonthEndWindow(min(n, 28)).due(day, cal),
        lambda: Before(1, 15).due(day, cal),
        lambda: On(12, 31).due(day, cal),
        lambda: Unspecified().due(day, cal),
    ]
    calls.append(lambda: cal.add_calendar_days(day, n))
    calls.append(lambda: CalendarDays(n).due(day, cal))
    for call in calls:
        with pytest.raises(CalendarCoverageError):
            call()


def test_calendar_days_from_an_anchor_before_the_coverage_raises(cal) -> None:
    # An anchor before the coverage whose target is inside it once got a due date.
    with pytest.raises(CalendarCoverageError):
        CalendarDays(10).due(date(2009, 12, 25), cal)


@FAST
@given(anchor=st.dates(date(2035, 10, 1), COVERAGE_LAST), n=st.integers(1, 366))
def test_running_off_the_end_of_the_coverage_raises(cal, anchor: date, n: int) -> None:
    expected = ref_add_working_days(anchor, n)
    if expected <= COVERAGE_LAST:
        assert cal.add_working_days(anchor, n) == expected
    else:
        with pytest.raises(CalendarCoverageError):
            cal.add_working_days(anchor, n)


@pytest.mark.parametrize("year", [2009, 2036])
def test_listing_a_year_outside_the_coverage_raises(cal, year: int) -> None:
    with pytest.raises(CalendarCoverageError):
        list(cal.days_off_and_make_up(year))
