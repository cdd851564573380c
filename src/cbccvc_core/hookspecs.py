"""Hook specifications: what a province plugin supplies.

A plugin is a module registered under the entry-point group ``cbccvc.provinces``; the
entry point's name is the province code. It implements these hooks with
``@cbccvc_core.hookimpl``. Each hook is called on that one plugin only, so an implementation
needs no arguments and simply returns its province's declarations. ``cbccvc_profile`` and
``cbccvc_deadline_rules`` are required; a hook a province's text says nothing about may be
left out (``cbccvc lint`` then reports the gap).
"""

from __future__ import annotations

from collections.abc import Sequence

import pluggy

from .rules.calendar import CalendarAdjustment
from .rules.types import (
    AccountPolicy,
    ApprovalPolicy,
    BackupPolicy,
    DeadlineRule,
    ProvinceProfile,
    ReportRule,
)

hookspec = pluggy.HookspecMarker("cbccvc")


@hookspec(firstresult=True)
def cbccvc_profile() -> ProvinceProfile:  # type: ignore[empty-body]
    """The province: its code, name and the instrument (decision) its rules come from."""


@hookspec(firstresult=True)
def cbccvc_deadline_rules() -> Sequence[DeadlineRule]:  # type: ignore[empty-body]
    """Event → obligation rules with their periods, actors and citations (RULES.md §3)."""


@hookspec(firstresult=True)
def cbccvc_approval_policy() -> ApprovalPolicy | None:
    """How dossiers are approved (phê duyệt), by whom, and delegation (ủy quyền) (RULES.md §4)."""


@hookspec(firstresult=True)
def cbccvc_account_policy() -> AccountPolicy | None:
    """Accounts (tài khoản), identifiers, passwords, revocation, rights, access (RULES.md §5)."""


@hookspec(firstresult=True)
def cbccvc_report_rules() -> Sequence[ReportRule] | None:
    """Reports and their due dates (RULES.md §7)."""


@hookspec(firstresult=True)
def cbccvc_backup_policy() -> BackupPolicy | None:
    """Backups (sao lưu), retention, restore, exited dossiers (RULES.md §6)."""


@hookspec(firstresult=True)
def cbccvc_calendar_adjustments() -> Sequence[CalendarAdjustment] | None:
    """Extra days off or make-up working days the province's own notices add, with sources."""
