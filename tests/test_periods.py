"""Due dates worked out by hand on the 2026 calendar (RULES.md §1).

The 2026 days off used below (Government notices as carried by python-holidays 0.109):

    Thu 01-01          Tết Dương lịch
    Mon 02-16..Fri 02-20  Tết Nguyên Đán (Giao thừa to Mùng bốn)
    Sun 04-26          Giỗ Tổ Hùng Vương, observed Mon 04-27
    Thu 04-30, Fri 05-01  Ngày Chiến thắng, Quốc tế Lao động
    Sat 08-22          a make-up WORKING day (ngày làm bù) ...
    Mon 08-31          ... for this moved day off
    Tue 09-01, Wed 09-02  Quốc khánh
    Tue 11-24          Ngày Văn hóa Việt Nam (new from 2026)
    (2027) Fri 01-01   Tết Dương lịch

In the comments, "(k)" marks the k-th working day counted after the anchor; the anchor itself
never counts (BLDS 2015 Điều 147).
"""

from __future__ import annotations

from datetime import date

import pytest

from cbccvc_core.errors import CalendarCoverageError, InvalidRuleError
from cbccvc_core.rules import (
    AdjustmentKind,
    Before,
    CalendarAdjustment,
    CalendarDays,
    DayKind,
    Due,
    Immediately,
    MonthEndWindow,
    On,
    Unspecified,
    WorkingCalendar,
    WorkingDays,
    default_calendar,
    parse_period,
)

D = date


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return default_calendar()


# -- working_days(n) -------------------------------------------------------------------------------
def test_working_days_across_tet_2026(cal) -> None:
    # anchor Fri 02-13 (not counted); Sat 14, Sun 15 weekend; Mon 16..Fri 20 Tết; Sat 21, Sun 22;
    # Mon 23 (1), Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5)
    assert WorkingDays(5).due(D(2026, 2, 13), cal) == Due(D(2026, 2, 27))
    # the first working day after Fri 02-13 is Mon 02-23, ten days later
    assert WorkingDays(1).due(D(2026, 2, 13), cal) == Due(D(2026, 2, 23))
    # anchored inside Tết, Tue 02-17: Mon 23 (1), Tue 24 (2)
    assert WorkingDays(2).due(D(2026, 2, 17), cal) == Due(D(2026, 2, 24))


def test_working_days_from_a_working_day_without_days_off(cal) -> None:
    # anchor Mon 2026-03-02: Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5)
    assert WorkingDays(5).due(D(2026, 3, 2), cal).day == D(2026, 3, 9)
    # anchor Sat 2026-03-07: Mon 9 (1), Tue 10 (2)
    assert WorkingDays(2).due(D(2026, 3, 7), cal).day == D(2026, 3, 10)


def test_make_up_saturday_counts_and_the_swapped_monday_does_not(cal) -> None:
    assert cal.is_working_day(D(2026, 8, 22))  # Saturday, ngày làm bù
    assert not cal.is_working_day(D(2026, 8, 29))  # an ordinary Saturday
    for off in (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)):
        assert not cal.is_working_day(off)
    assert cal.is_working_day(D(2026, 9, 3))
    # anchor Fri 08-21: Sat 22 (1)
    assert WorkingDays(1).due(D(2026, 8, 21), cal).day == D(2026, 8, 22)
    # anchor Fri 08-21: Sat 22 (1), Sun 23 off, Mon 24 (2), Tue 25 (3), Wed 26 (4), Thu 27 (5)
    # (without the make-up Saturday it would be Fri 08-28)
    assert WorkingDays(5).due(D(2026, 8, 21), cal).day == D(2026, 8, 27)
    # anchor Fri 08-28: Sat 29, Sun 30; Mon 31, Tue 09-01, Wed 09-02 off; Thu 3 (1), Fri 4 (2),
    # Sat 5, Sun 6; Mon 7 (3)
    assert WorkingDays(3).due(D(2026, 8, 28), cal).day == D(2026, 9, 7)


def test_working_days_between_by_hand(cal) -> None:
    # after Fri 08-21 up to Fri 09-04: Sat 22 (1); Mon 24..Fri 28 (2..6); Mon 31, Tue 1, Wed 2 off;
    # Thu 3 (7), Fri 4 (8)
    assert cal.working_days_between(D(2026, 8, 21), D(2026, 9, 4)) == 8
    assert cal.working_days_between(D(2026, 9, 4), D(2026, 8, 21)) == -8
    # after Fri 02-13 up to Fri 02-20: everything is weekend or Tết
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 20)) == 0
    assert cal.working_days_between(D(2026, 3, 4), D(2026, 3, 4)) == 0


def test_gio_to_on_a_sunday_is_observed_on_monday(cal) -> None:
    assert not cal.is_working_day(D(2026, 4, 26))  # Sunday, Giỗ Tổ Hùng Vương
    assert not cal.is_working_day(D(2026, 4, 27))  # Monday, nghỉ bù
    assert cal.is_working_day(D(2026, 4, 28))
    # anchor Fri 04-24: Sat 25, Sun 26, Mon 27 off; Tue 28 (1)
    assert WorkingDays(1).due(D(2026, 4, 24), cal).day == D(2026, 4, 28)
    # anchor Fri 04-24: Tue 28 (1), Wed 29 (2); Thu 30, Fri 05-01 off; Sat 2, Sun 3; Mon 4 (3)
    assert WorkingDays(3).due(D(2026, 4, 24), cal).day == D(2026, 5, 4)
    listing = {d.day: d.kind for d in cal.days_off_and_make_up(2026)}
    assert listing[D(2026, 4, 26)] is DayKind.WEEKEND  # a holiday on a weekend
    assert listing[D(2026, 4, 27)] is DayKind.HOLIDAY
    assert listing[D(2026, 8, 22)] is DayKind.MAKE_UP


def test_ngay_van_hoa_viet_nam_is_off_from_2026(cal) -> None:
    assert not cal.is_working_day(D(2026, 11, 24))  # Tuesday
    assert cal.is_working_day(D(2025, 11, 24))  # Monday, before the new holiday existed
    # anchor Mon 2026-11-23: Tue 24 off; Wed 25 (1)
    assert WorkingDays(1).due(D(2026, 11, 23), cal).day == D(2026, 11, 25)
    # anchor Mon 2026-11-23: Wed 25 (1), Thu 26 (2), Fri 27 (3)
    assert WorkingDays(3).due(D(2026, 11, 23), cal).day == D(2026, 11, 27)


# -- calendar_days(n) ------------------------------------------------------------------------------
def test_calendar_days_landing_on_a_day_off_rolls_forward(cal) -> None:
    # Sat 02-07 + 10 = Tue 02-17 (Tết); Wed 18, Thu 19, Fri 20 Tết; Sat 21, Sun 22 -> Mon 02-23
    assert CalendarDays(10).due(D(2026, 2, 7), cal) == Due(D(2026, 2, 23))
    # Fri 08-21 + 10 = Mon 08-31 (moved day off); Tue 09-01, Wed 09-02 Quốc khánh -> Thu 09-03
    assert CalendarDays(10).due(D(2026, 8, 21), cal).day == D(2026, 9, 3)
    # Wed 2026-04-15 + 10 = Sat 04-25; Sun 26, Mon 27 (Giỗ Tổ observed) off -> Tue 04-28
    assert CalendarDays(10).due(D(2026, 4, 15), cal).day == D(2026, 4, 28)


def test_calendar_days_landing_on_a_working_day_stays(cal) -> None:
    # Mon 03-02 + 10 = Thu 03-12, a working day
    assert CalendarDays(10).due(D(2026, 3, 2), cal).day == D(2026, 3, 12)
    # Wed 08-12 + 10 = Sat 08-22, the make-up Saturday: a working day, no moving
    assert CalendarDays(10).due(D(2026, 8, 12), cal).day == D(2026, 8, 22)
    # days across Tết are counted too: Fri 02-13 + 15 = Sat 02-28 -> Mon 03-02
    assert CalendarDays(15).due(D(2026, 2, 13), cal).day == D(2026, 3, 2)


# -- immediately -------------------------------------------------------------------------------------
def test_immediately(cal) -> None:
    assert Immediately().due(D(2026, 3, 4), cal).day == D(2026, 3, 4)  # a Wednesday: that day
    # Sat 02-14: Sun 15, Mon 16..Fri 20 Tết, Sat 21, Sun 22 -> Mon 02-23
    assert Immediately().due(D(2026, 2, 14), cal).day == D(2026, 2, 23)
    assert Immediately().due(D(2026, 8, 22), cal).day == D(2026, 8, 22)  # make-up Saturday
    # Tue 11-24 Ngày Văn hóa Việt Nam -> Wed 11-25
    assert Immediately().due(D(2026, 11, 24), cal).day == D(2026, 11, 25)


# -- month_end_window(n) ---------------------------------------------------------------------------
def test_month_end_window(cal) -> None:
    # February 2026 has 28 days: the last 5 are 24, 25, 26, 27, 28
    assert MonthEndWindow(5).due(D(2026, 2, 10), cal) == Due(D(2026, 2, 28), window_start=D(2026, 2, 24))
    # February 2028 is a leap month: 25, 26, 27, 28, 29
    assert MonthEndWindow(5).due(D(2028, 2, 3), cal) == Due(D(2028, 2, 29), window_start=D(2028, 2, 25))
    # January: 27..31, also from the last day itself; the window does not move off days off
    assert MonthEndWindow(5).due(D(2026, 1, 31), cal) == Due(D(2026, 1, 31), window_start=D(2026, 1, 27))
    # n = 1: just the last day (Wed 2026-09-30)
    assert MonthEndWindow(1).due(D(2026, 9, 1), cal) == Due(D(2026, 9, 30), window_start=D(2026, 9, 30))


# -- before(MM-DD), on(MM-DD), unspecified ------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "anchor", "due"),
    [
        (Before(1, 15), D(2026, 1, 10), D(2026, 1, 14)),
        (Before(1, 15), D(2026, 1, 14), D(2026, 1, 14)),  # the anchor itself is still in time
        (Before(1, 15), D(2026, 1, 15), D(2027, 1, 14)),  # too late for this year: next year
        (Before(1, 15), D(2026, 6, 1), D(2027, 1, 14)),
        (Before(5, 25), D(2026, 3, 1), D(2026, 5, 24)),  # a Sunday: no moving
        (Before(9, 3), D(2026, 8, 1), D(2026, 9, 2)),  # Quốc khánh: no moving
        (Before(3, 1), D(2027, 6, 1), D(2028, 2, 29)),  # leap year
        (Before(1, 1), D(2026, 12, 31), D(2026, 12, 31)),
        (On(12, 31), D(2026, 5, 5), D(2026, 12, 31)),
        (On(12, 31), D(2026, 12, 31), D(2026, 12, 31)),
        (On(1, 31), D(2026, 12, 31), D(2027, 1, 31)),  # a Sunday: no moving
        (On(1, 1), D(2026, 1, 1), D(2026, 1, 1)),  # a holiday: no moving
    ],
)
def test_fixed_days(cal, period, anchor: date, due: date) -> None:
    assert period.due(anchor, cal) == Due(due)


def test_unspecified_has_no_date(cal) -> None:
    assert Unspecified().due(D(2026, 3, 4), cal) == Due(None)


# -- provisional: 2027 notices are not known yet ---------------------------------------------------
def test_is_provisional_after_the_announced_year(cal) -> None:
    assert cal.announced_through == 2026
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.is_provisional(D(2027, 1, 1))
    assert cal.is_provisional(D(2030, 6, 1))
    # anchor Wed 2026-12-23: Thu 24 (1), Fri 25 (2), Mon 28 (3), Tue 29 (4), Wed 30 (5)
    assert WorkingDays(5).due(D(2026, 12, 23), cal) == Due(D(2026, 12, 30), provisional=False)
    # ... Thu 31 (6); Fri 2027-01-01 Tết Dương lịch; Mon 4 (7), Tue 5 (8), Wed 6 (9), Thu 7 (10)
    assert WorkingDays(10).due(D(2026, 12, 23), cal) == Due(D(2027, 1, 7), provisional=True)
    # Fri 2026-12-25 + 10 = Mon 2027-01-04, a working day
    assert CalendarDays(10).due(D(2026, 12, 25), cal) == Due(D(2027, 1, 4), provisional=True)
    assert Immediately().due(D(2027, 1, 1), cal) == Due(D(2027, 1, 4), provisional=True)
    later = WorkingCalendar(2025, 2028, announced_through=2027)
    assert WorkingDays(10).due(D(2026, 12, 23), later) == Due(D(2027, 1, 7), provisional=False)


# -- adjustments as data ---------------------------------------------------------------------------
EXTRA_DAY_OFF = CalendarAdjustment(
    day=D(2026, 3, 9),  # a Monday
    kind="day_off",
    name="Ngày nghỉ thử nghiệm",
    source="Thông báo giả định số 1/TB-TEST ngày 01/03/2026",
)
EXTRA_MAKE_UP = CalendarAdjustment(
    day=D(2026, 3, 14),  # a Saturday
    kind="working_day",
    name="Ngày làm bù thử nghiệm",
    source="Thông báo giả định số 2/TB-TEST ngày 01/03/2026",
)


def test_an_extra_day_off_changes_the_results(cal) -> None:
    adjusted = WorkingCalendar(2025, 2027, adjustments=[EXTRA_DAY_OFF])
    assert EXTRA_DAY_OFF.kind is AdjustmentKind.DAY_OFF
    assert cal.is_working_day(D(2026, 3, 9))
    assert not adjusted.is_working_day(D(2026, 3, 9))
    # anchor Fri 03-06: default Mon 09 (1); adjusted Mon 09 off, Tue 10 (1)
    assert WorkingDays(1).due(D(2026, 3, 6), cal).day == D(2026, 3, 9)
    assert WorkingDays(1).due(D(2026, 3, 6), adjusted).day == D(2026, 3, 10)
    # anchor Fri 03-06, 5 days: default Mon 9..Fri 13; adjusted Tue 10 (1)..Fri 13 (4), Mon 16 (5)
    assert WorkingDays(5).due(D(2026, 3, 6), adjusted).day == D(2026, 3, 16)
    # Fri 02-27 + 10 = Mon 03-09, now a day off -> Tue 03-10
    assert CalendarDays(10).due(D(2026, 2, 27), adjusted).day == D(2026, 3, 10)
    assert Immediately().due(D(2026, 3, 9), adjusted).day == D(2026, 3, 10)
    listed = [d for d in adjusted.days_off_and_make_up(2026) if d.day == D(2026, 3, 9)]
    assert [(d.kind, d.name, d.source) for d in listed] == [
        (DayKind.DAY_OFF, EXTRA_DAY_OFF.name, EXTRA_DAY_OFF.source)
    ]


def test_an_extra_make_up_day_changes_the_results(cal) -> None:
    adjusted = WorkingCalendar(2025, 2027, adjustments=[EXTRA_MAKE_UP])
    assert EXTRA_MAKE_UP.kind is AdjustmentKind.WORKING_DAY
    assert not cal.is_working_day(D(2026, 3, 14))
    assert adjusted.is_working_day(D(2026, 3, 14))
    # anchor Fri 03-13: default Mon 16 (1); adjusted Sat 14 (1)
    assert WorkingDays(1).due(D(2026, 3, 13), cal).day == D(2026, 3, 16)
    assert WorkingDays(1).due(D(2026, 3, 13), adjusted).day == D(2026, 3, 14)
    # anchor Fri 03-13, 5 days: adjusted Sat 14 (1), Mon 16 (2)..Thu 19 (5); default Fri 20
    assert WorkingDays(5).due(D(2026, 3, 13), cal).day == D(2026, 3, 20)
    assert WorkingDays(5).due(D(2026, 3, 13), adjusted).day == D(2026, 3, 19)
    # Wed 03-04 + 10 = Sat 03-14, now a working day: no moving (default: Mon 03-16)
    assert CalendarDays(10).due(D(2026, 3, 4), cal).day == D(2026, 3, 16)
    assert CalendarDays(10).due(D(2026, 3, 4), adjusted).day == D(2026, 3, 14)
    assert cal.working_days_between(D(2026, 3, 13), D(2026, 3, 16)) == 1
    assert adjusted.working_days_between(D(2026, 3, 13), D(2026, 3, 16)) == 2
    kinds = {d.day: d.kind for d in adjusted.days_off_and_make_up(2026)}
    assert kinds[D(2026, 3, 14)] is DayKind.MAKE_UP


def test_an_adjustment_can_turn_a_holiday_into_a_working_day_and_the_later_one_wins() -> None:
    reopen = CalendarAdjustment(D(2026, 11, 24), "working_day", "Làm việc thử", "Thông báo giả định 3")
    adjusted = WorkingCalendar(2026, 2026, adjustments=[reopen])
    assert adjusted.is_working_day(D(2026, 11, 24))
    # anchor Mon 11-23: Tue 24 (1), now a working day
    assert WorkingDays(1).due(D(2026, 11, 23), adjusted).day == D(2026, 11, 24)
    close = CalendarAdjustment(D(2026, 11, 24), "day_off", "Nghỉ thử", "Thông báo giả định 4")
    assert not WorkingCalendar(2026, 2026, adjustments=[reopen, close]).is_working_day(D(2026, 11, 24))
    assert WorkingCalendar(2026, 2026, adjustments=[close, reopen]).is_working_day(D(2026, 11, 24))


def test_adjustments_do_not_leak_into_the_default_calendar(cal) -> None:
    WorkingCalendar(2025, 2027, adjustments=[EXTRA_DAY_OFF, EXTRA_MAKE_UP])
    assert cal.is_working_day(D(2026, 3, 9))
    assert not cal.is_working_day(D(2026, 3, 14))
    assert default_calendar().is_working_day(D(2026, 3, 9))


def test_adjustment_kind_is_validated() -> None:
    with pytest.raises(ValueError):
        CalendarAdjustment(D(2026, 3, 9), "holiday", "x", "y")


# -- small calendars, coverage and bad input -------------------------------------------------------
def test_a_one_year_calendar_stops_at_its_last_day() -> None:
    small = WorkingCalendar(2026, 2026)
    assert (small.first_day, small.last_day) == (D(2026, 1, 1), D(2026, 12, 31))
    # anchor Wed 12-23: Thu 24 (1), Fri 25 (2), Mon 28 (3), Tue 29 (4), Wed 30 (5), Thu 31 (6)
    assert small.add_working_days(D(2026, 12, 23), 6) == D(2026, 12, 31)
    with pytest.raises(CalendarCoverageError):
        small.add_working_days(D(2026, 12, 23), 7)
    with pytest.raises(CalendarCoverageError):
        small.is_working_day(D(2027, 1, 4))
    with pytest.raises(CalendarCoverageError):
        small.add_calendar_days(D(2026, 12, 31), 1)


def test_bad_counts_raise_invalid_rule_error(cal) -> None:
    with pytest.raises(InvalidRuleError):
        cal.add_working_days(D(2026, 3, 4), 0)
    with pytest.raises(InvalidRuleError):
        cal.add_calendar_days(D(2026, 3, 4), -1)
    with pytest.raises(InvalidRuleError):
        cal.month_end_window(D(2026, 3, 4), 29)
    with pytest.raises(InvalidRuleError):
        WorkingCalendar(2030, 2020)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("working_days(5)", WorkingDays(5)),
        ("calendar_days(10)", CalendarDays(10)),
        ("immediately", Immediately()),
        ("month_end_window(5)", MonthEndWindow(5)),
        ("before(01-15)", Before(1, 15)),
        ("on(12-31)", On(12, 31)),
        ("unspecified", Unspecified()),
        ("  working_days(05) ", WorkingDays(5)),  # surrounding blanks and a leading zero are read
    ],
)
def test_parse_the_rules_md_spellings(text: str, period) -> None:
    assert parse_period(text) == period


def test_inputs_that_are_not_dates_or_counts_are_refused():
    from cbccvc_core.errors import DueBeyondCoverageError, InvalidDateError

    cal = default_calendar()
    with pytest.raises(InvalidDateError):
        cal.is_working_day("2026-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidDateError):
        WorkingDays(5).due("2026-01-01", cal)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        WorkingDays(True)  # a bool is not a count of days
    # Running off the end names the end of the calendar, not the anchor (which is inside it).
    with pytest.raises(DueBeyondCoverageError) as info:
        cal.add_working_days(date(2035, 12, 28), 5)
    assert "2035-12-31" in info.value.message("en")
