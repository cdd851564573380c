"""The backup schedule and retention, from the provinces' texts (no database).

Kon Tum Điều 12.1: "được sao lưu định kỳ hàng tháng, tối thiểu ba tháng"; Đắk Lắk Điều 11.4:
"sao lưu định kỳ hằng ngày" (Sở Nội vụ, and under the data centre's regime) and 11.5: each agency
"vào ngày 01 hàng tháng"; Quảng Nam 8.1 "sao lưu định kỳ theo quy định" (no interval).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cbccvc_core.backup import BackupError, BackupRecord, add_months, due_backups, prunable
from cbccvc_core.registry import default_registry

D = date
KT = default_registry().get("kontum")
DL = default_registry().get("daklak")
QN = default_registry().get("quangnam")
_n = itertools.count()


def rec(province: str, kind: str, day: date, *, covers=None, unit=None) -> BackupRecord:
    n = next(_n)
    return BackupRecord(
        file=f"b{n}",
        province=province,
        kind=kind,
        covers=covers or (kind,),
        unit=unit,
        backend="sqlite" if kind != "agency" else "extract",
        taken_on=day,
        taken_at=f"{day.isoformat()}T01:00:00.{n:06d}+00:00",
        sha256="0" * 64,
        size=1,
        schema_revision="0006",
        audit_seq=1,
        audit_hash="0" * 64,
        basis="",
    )


def test_kontum_monthly_backup_is_due_once_a_month():
    due = due_backups(KT, D(2026, 3, 5), [])
    assert [(d.kind, d.since, d.due, d.late, d.by, d.basis) for d in due] == [
        ("database", D(2026, 3, 1), D(2026, 3, 31), False, "home_affairs", "kontum Điều 12.1")
    ]
    taken = [rec("kontum", "database", D(2026, 3, 5))]
    assert due_backups(KT, D(2026, 3, 31), taken) == []
    assert [d.since for d in due_backups(KT, D(2026, 4, 1), taken)] == [D(2026, 4, 1)]
    # A backup of another province in the same folder does not count.
    assert len(due_backups(KT, D(2026, 3, 20), [rec("daklak", "database", D(2026, 3, 5))])) == 1


def test_daklak_daily_and_every_agency_on_the_first():
    agencies = ["DL.KP", "DL.SGD"]
    due = due_backups(DL, D(2026, 5, 1), [], agencies=agencies)
    assert sorted((d.kind, d.unit, d.due, d.late) for d in due) == [
        ("agency", "DL.KP", D(2026, 5, 1), False),
        ("agency", "DL.SGD", D(2026, 5, 1), False),
        ("data_center", None, D(2026, 5, 1), False),
        ("database", None, D(2026, 5, 1), False),
    ]
    assert {d.basis for d in due} == {"daklak Điều 11.4", "daklak Điều 11.5"}
    # One full backup on 1/5 served both daily rules; the agencies backed up on 1/5.
    done = [
        rec("daklak", "database", D(2026, 5, 1), covers=("data_center", "database")),
        rec("daklak", "agency", D(2026, 5, 1), unit="DL.KP"),
        rec("daklak", "agency", D(2026, 5, 1), unit="DL.SGD"),
    ]
    assert due_backups(DL, D(2026, 5, 1), done, agencies=agencies) == []
    # Next day: the daily backups again, the agencies not before 1/6.
    assert sorted(d.kind for d in due_backups(DL, D(2026, 5, 2), done, agencies=agencies)) == [
        "data_center",
        "database",
    ]
    # An agency that missed the 1st is late from the 2nd until it backs up.
    late = [d for d in due_backups(DL, D(2026, 5, 9), done[:2], agencies=agencies) if d.kind == "agency"]
    assert [(d.unit, d.due, d.late) for d in late] == [("DL.SGD", D(2026, 5, 1), True)]
    # On 31/5 an agency that backed up on 1/5 owes nothing; on 1/6 it does.
    assert not [d for d in due_backups(DL, D(2026, 5, 31), done, agencies=agencies) if d.kind == "agency"]
    june = [d for d in due_backups(DL, D(2026, 6, 1), done, agencies=agencies) if d.kind == "agency"]
    assert [(d.unit, d.since) for d in june] == [("DL.KP", D(2026, 6, 1)), ("DL.SGD", D(2026, 6, 1))]


def test_a_periodic_rule_follows_the_configured_default_and_says_so():
    monthly = due_backups(QN, D(2026, 7, 10), [])
    assert [(d.kind, d.since, d.configured, d.basis) for d in monthly] == [
        ("database", D(2026, 7, 1), True, "quangnam Điều 8.1")
    ]
    daily = due_backups(QN, D(2026, 7, 10), [], default_frequency="daily")
    assert [(d.since, d.configured) for d in daily] == [(D(2026, 7, 10), True)]
    assert due_backups(QN, D(2026, 7, 10), [], default_frequency=None) == []
    with pytest.raises(BackupError):
        due_backups(QN, D(2026, 7, 10), [], default_frequency="yearly")


def test_retention_keeps_three_months_then_prunes():
    records = [rec("kontum", "database", D(2026, m, 3)) for m in range(1, 7)]
    # On 4 July: Jan, Feb, Mar are older than three months; Apr, May, Jun are the last three.
    gone = prunable(KT, records, D(2026, 7, 4))
    assert [r.taken_on for r in gone] == [D(2026, 1, 3), D(2026, 2, 3), D(2026, 3, 3)]
    # "tối thiểu ba tháng": a backup exactly three months old is still kept, gone the day after.
    seven = [*records, rec("kontum", "database", D(2026, 7, 3))]
    assert D(2026, 4, 3) not in [r.taken_on for r in prunable(KT, seven, D(2026, 7, 3))]
    assert D(2026, 4, 3) in [r.taken_on for r in prunable(KT, seven, D(2026, 7, 4))]
    # Đắk Lắk's text sets no retention: nothing is pruned unless configured.
    daily = [rec("daklak", "database", D(2026, 1, 1) + timedelta(days=i)) for i in range(200)]
    assert prunable(DL, daily, D(2026, 12, 31)) == []
    assert len(prunable(DL, daily, D(2026, 12, 31), default_keep_months=1)) == 200 - 1


def test_backups_stopped_long_ago_are_not_all_pruned():
    records = [rec("kontum", "database", D(2025, m, 10)) for m in range(1, 13)]
    kept = set(records) - set(prunable(KT, records, D(2027, 1, 1)))
    assert sorted(r.taken_on for r in kept) == [D(2025, 10, 10), D(2025, 11, 10), D(2025, 12, 10)]


run_days = st.lists(
    st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31)), min_size=1, max_size=60, unique=True
).map(sorted)


@settings(max_examples=150, deadline=None)
@given(run_days)
def test_kontum_schedule_and_pruning_over_any_run_days(days):
    """Run the scheduler, take what is due, prune, on arbitrary days: each month with a run has
    exactly one backup; pruning never removes a backup younger than three months nor leaves
    fewer than the latest backups of the last three months that had one."""
    folder: list[BackupRecord] = []
    taken: list[BackupRecord] = []
    for day in days:
        for due in due_backups(KT, day, folder):
            r = rec("kontum", due.kind, day)
            folder.append(r)
            taken.append(r)
        gone = prunable(KT, folder, day)
        folder = [r for r in folder if r not in gone]
        for r in taken:
            if day <= add_months(r.taken_on, 3):
                assert r in folder, (day, r.taken_on)
        months = sorted({(r.taken_on.year, r.taken_on.month) for r in taken}, reverse=True)[:3]
        for month in months:
            latest = max(
                (r for r in taken if (r.taken_on.year, r.taken_on.month) == month), key=lambda r: r.taken_on
            )
            assert latest in folder
        assert len(folder) >= min(3, len(taken))
    months_run = {(d.year, d.month) for d in days}
    assert sorted((r.taken_on.year, r.taken_on.month) for r in taken) == sorted(months_run)
    for r in taken:  # taken on the first run of its month
        assert r.taken_on == min(d for d in days if (d.year, d.month) == (r.taken_on.year, r.taken_on.month))


@settings(max_examples=100, deadline=None)
@given(run_days)
def test_daklak_schedule_over_any_run_days(days):
    """Every run day gets one full backup (serving both daily rules); every agency backs up on
    the first run on or after the 1st of each month, late unless that run is the 1st."""
    agencies = ["DL.KP", "DL.SGD"]
    folder: list[BackupRecord] = []
    late_agency: list[tuple[str, date, bool]] = []
    for day in days:
        due = due_backups(DL, day, folder, agencies=agencies)
        full = sorted({d.kind for d in due if d.kind != "agency"})
        assert full == ["data_center", "database"]
        folder.append(rec("daklak", full[0], day, covers=tuple(full)))
        for d in due:
            if d.kind == "agency":
                assert d.due == day.replace(day=1)
                late_agency.append((d.unit, day, d.late))
                folder.append(rec("daklak", "agency", day, unit=d.unit))
    assert sorted(r.taken_on for r in folder if r.kind != "agency") == days
    for unit in agencies:
        got = [(day, late) for u, day, late in late_agency if u == unit]
        firsts = {}
        for d in days:
            firsts.setdefault((d.year, d.month), d)
        assert got == [(d, d.day != 1) for d in sorted(firsts.values())]
