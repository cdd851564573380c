"""Kon Tum: Quy chế cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum.

The declarations live in :mod:`cbccvc_kontum.rules`; this module only hands them to
cbccvc_core through its hooks (see ``cbccvc_core.hookspecs``).
"""

from __future__ import annotations

from cbccvc_core import hookimpl

from . import rules


@hookimpl
def cbccvc_profile():  # type: ignore[no-untyped-def]
    return rules.PROFILE


@hookimpl
def cbccvc_deadline_rules():  # type: ignore[no-untyped-def]
    return rules.DEADLINES


@hookimpl
def cbccvc_approval_policy():  # type: ignore[no-untyped-def]
    return rules.APPROVAL


@hookimpl
def cbccvc_account_policy():  # type: ignore[no-untyped-def]
    return rules.ACCOUNTS


@hookimpl
def cbccvc_report_rules():  # type: ignore[no-untyped-def]
    return rules.REPORTS


@hookimpl
def cbccvc_backup_policy():  # type: ignore[no-untyped-def]
    return rules.BACKUP
