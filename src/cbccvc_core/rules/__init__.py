"""Rule types, periods, citations and the working-day calendar."""

from .calendar import (
    AdjustmentKind, CalendarAdjustment, CalendarDay, DayKind, WorkingCalendar, default_calendar,
)
from .citation import Citation, Instrument, InstrumentStatus
from .periods import (
    PERIOD_KINDS, Before, CalendarDays, Due, Immediately, MonthEndWindow, On, Period, Unspecified,
    WorkingDays, parse_period,
)
from .types import (
    AccountIssuance, AccountKind, AccountPolicy, ApprovalAct, ApprovalPolicy, Approver, BackupKind,
    BackupPolicy, BackupRule, DeadlineRule, Delegation, Frequency, IdentifierScheme, MissingSourceError,
    PasswordRule, ProvinceProfile, ProvisionText, ReportRule, RightDefinition, RuleSet,
)

__all__ = [
    "PERIOD_KINDS", "AccountIssuance", "AccountKind", "AccountPolicy", "AdjustmentKind", "ApprovalAct",
    "ApprovalPolicy", "Approver", "BackupKind", "BackupPolicy", "BackupRule", "Before", "CalendarAdjustment",
    "CalendarDay", "CalendarDays", "Citation", "DayKind", "DeadlineRule", "Delegation", "Due", "Frequency",
    "IdentifierScheme", "Immediately", "Instrument", "InstrumentStatus", "MissingSourceError",
    "MonthEndWindow", "On", "PasswordRule", "Period", "ProvinceProfile", "ProvisionText", "ReportRule",
    "RightDefinition", "RuleSet", "Unspecified", "WorkingCalendar", "WorkingDays", "default_calendar",
    "parse_period",
]
