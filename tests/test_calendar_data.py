"""Extra official days off and make-up days, loaded as data with their source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cbccvc_core.errors import InvalidRuleError
from cbccvc_core.rules.calendar import WorkingCalendar, bundled_data, load_calendar_file

NOTICE = """
announced_through: 2027
adjustments:
  - day: 2026-03-10
    kind: day_off
    name: Ngày nghỉ thử nghiệm
    source: Thông báo số 1/TB-TEST ngày 01/03/2026
  - day: 2026-03-14
    kind: working_day
    name: Ngày làm bù thử nghiệm
    source: Thông báo số 1/TB-TEST ngày 01/03/2026
"""


def test_bundled_data_is_valid_and_sourced():
    data = bundled_data()
    assert data.announced_through >= 2026 and data.announced_source
    assert all(a.source for a in data.adjustments)


def test_file_changes_working_days(tmp_path):
    path = tmp_path / "notice.yaml"
    path.write_text(NOTICE, encoding="utf-8")
    extra = load_calendar_file(path)
    cal = WorkingCalendar(adjustments=extra.adjustments, announced_through=extra.announced_through)
    assert not cal.is_working_day(date(2026, 3, 10))  # a Tuesday made a day off
    assert cal.is_working_day(date(2026, 3, 14))  # a Saturday made a working day
    # 3 working days after Mon 09/03: Wed 11 (1), Thu 12 (2), Fri 13 (3); without the file, Thu 12.
    assert cal.add_working_days(date(2026, 3, 9), 3) == date(2026, 3, 13)
    assert WorkingCalendar().add_working_days(date(2026, 3, 9), 3) == date(2026, 3, 12)
    # 4: Sat 14 counts.
    assert cal.add_working_days(date(2026, 3, 9), 4) == date(2026, 3, 14)
    assert not cal.is_provisional(date(2027, 6, 1))
    listed = {d.day: d for d in cal.days_off_and_make_up(2026)}
    assert listed[date(2026, 3, 14)].source == "Thông báo số 1/TB-TEST ngày 01/03/2026"


@pytest.mark.parametrize(
    "bad",
    [
        "adjustments: [{day: 2026-03-10, kind: holiday_maybe, name: x, source: y}]",
        "adjustments: [{day: 2026-02-30, kind: day_off, name: x, source: y}]",
        "adjustments: [{day: 2026-03-10, kind: day_off, name: x}]",
        "adjustments: [{day: 2026-03-10, kind: day_off, name: x, source: ''}]",
        "colour: blue",
    ],
)
def test_bad_files_are_one_clear_error(tmp_path, bad):
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InvalidRuleError):
        load_calendar_file(path)


def test_cli_uses_the_file_named_by_the_environment(tmp_path):
    path = tmp_path / "notice.yaml"
    path.write_text(NOTICE, encoding="utf-8")
    exe = Path(sys.executable).with_name("cbccvc")
    env = {**os.environ, "CBCCVC_CALENDAR_DATA": str(path)}
    # Kon Tum 10.2: 15 working days after a valid paper record; Sat 14/03 is now a working day.
    # After Fri 13/03: 14(Sat),16,17,18,19,20,23,24,25,26,27,30,31,01/04,02/04 -> Thu 02/04
    # (without the file: 16/03 ... 03/04).
    args = [str(exe), "deadlines", "kontum", "valid_paper_record", "2026-03-13", "--json"]
    proc = subprocess.run(args, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["due"] == "2026-04-02"
    plain = subprocess.run(args, capture_output=True, text=True)
    assert json.loads(plain.stdout)[0]["due"] == "2026-04-03"
    broken = tmp_path / "broken.yaml"
    broken.write_text("adjustments: [{day: nope}]", encoding="utf-8")
    proc = subprocess.run(
        [str(exe), "calendar", "2026"],
        capture_output=True,
        text=True,
        env={**env, "CBCCVC_CALENDAR_DATA": str(broken)},
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "broken.yaml" in proc.stderr
