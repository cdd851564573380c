"""A province plugin made from a module of declarations.

Most provinces only declare: ``PROFILE``, ``DEADLINES`` and, where the text has them,
``APPROVAL``, ``ACCOUNTS``, ``REPORTS``, ``BACKUP``, ``CALENDAR_ADJUSTMENTS``. Instead of six
hook functions that return them, a plugin's ``__init__.py`` can say::

    from cbccvc_core.plugin import DeclarativePlugin
    from . import rules

    plugin = DeclarativePlugin(rules)

and point its entry point at it (``kontum = "cbccvc_kontum:plugin"``). A province whose rules
need code implements the hooks of :mod:`cbccvc_core.hookspecs` itself, as any pluggy plugin.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from . import hookimpl

#: Module attribute → hook that returns it.
DECLARATIONS = {
    "PROFILE": "cbccvc_profile",
    "DEADLINES": "cbccvc_deadline_rules",
    "APPROVAL": "cbccvc_approval_policy",
    "ACCOUNTS": "cbccvc_account_policy",
    "REPORTS": "cbccvc_report_rules",
    "BACKUP": "cbccvc_backup_policy",
    "CALENDAR_ADJUSTMENTS": "cbccvc_calendar_adjustments",
}


class DeclarativePlugin:
    """The hooks of a module of declarations; a missing declaration answers ``None``."""

    def __init__(self, rules: ModuleType) -> None:
        self.rules = rules
        #: The package the declarations live in: its ``scenarios/`` are beside it.
        self.__name__ = rules.__name__.rpartition(".")[0] or rules.__name__

    def _get(self, name: str) -> Any:
        return getattr(self.rules, name, None)

    @hookimpl
    def cbccvc_profile(self) -> Any:
        return self._get("PROFILE")

    @hookimpl
    def cbccvc_deadline_rules(self) -> Any:
        return self._get("DEADLINES")

    @hookimpl
    def cbccvc_approval_policy(self) -> Any:
        return self._get("APPROVAL")

    @hookimpl
    def cbccvc_account_policy(self) -> Any:
        return self._get("ACCOUNTS")

    @hookimpl
    def cbccvc_report_rules(self) -> Any:
        return self._get("REPORTS")

    @hookimpl
    def cbccvc_backup_policy(self) -> Any:
        return self._get("BACKUP")

    @hookimpl
    def cbccvc_calendar_adjustments(self) -> Any:
        return self._get("CALENDAR_ADJUSTMENTS")

    def __repr__(self) -> str:
        return f"DeclarativePlugin({self.rules.__name__})"
