"""Periodic reports a province's text requires (``cbccvc report``): contents, figures, PDF, spreadsheet.

- :mod:`.contents`: which report, its items in the text's words, the figures laid out per item;
- :mod:`.figures`: the figures, SQL aggregates over a unit subtree and a period;
- :mod:`.pdf`: the report as an administrative document (fpdf2, DejaVu Sans, matplotlib charts);
- :mod:`.xlsx`: the figures as a spreadsheet (openpyxl).
"""

from __future__ import annotations

from .contents import (
    NoReportContentsError,
    Report,
    ReportAnswersError,
    ReportPeriodError,
    UnknownReportError,
    build,
    read_answers,
)
from .figures import Figures, Timeliness, compute

__all__ = [
    "Figures",
    "NoReportContentsError",
    "Report",
    "ReportAnswersError",
    "ReportPeriodError",
    "Timeliness",
    "UnknownReportError",
    "build",
    "compute",
    "read_answers",
]
