"""The gettext catalogue is complete and compiled; errors speak Vietnamese and English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cbccvc_core.errors import CbccvcError
from cbccvc_core.i18n import _, format_day

ROOT = Path(__file__).resolve().parent.parent


def test_catalogue_is_complete_and_compiled():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_every_error_has_a_vietnamese_message():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for cls in subclasses(CbccvcError):
        assert _(cls.template, "vi") != cls.template, cls.__name__


def test_babel_dates():
    from datetime import date

    assert format_day(date(2026, 2, 17), "vi") == "Thứ Ba, 17 tháng 2, 2026"
    assert format_day(date(2026, 2, 17), "en") == "Tuesday, February 17, 2026"
