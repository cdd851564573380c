"""Finding, loading and checking province plugins (pluggy, entry points ``cbccvc.provinces``).

Errors are typed and name the plugin: one that fails to import, one whose hooks have a wrong
name or signature, a province code supplied twice, a hook that returns the wrong type, a rule
naming something outside the vocabulary, or a rule without a source.
"""

from __future__ import annotations

import importlib.metadata as md
import os
from collections.abc import Iterable, Sequence
from functools import cache
from types import ModuleType
from typing import Any

import pluggy

from . import hookspecs
from .errors import CbccvcError, DuplicateProvinceError, PluginError, UncitedRuleError, UnknownProvinceError
from .rules.calendar import CalendarAdjustment, WorkingCalendar, load_calendar_file
from .rules.citation import Citation
from .rules.types import (
    AccountPolicy,
    ApprovalPolicy,
    BackupPolicy,
    DeadlineRule,
    MissingSourceError,
    ProvinceProfile,
    ReportRule,
    RuleSet,
)

ENTRY_POINT_GROUP = "cbccvc.provinces"
_REQUIRED = ("cbccvc_profile", "cbccvc_deadline_rules")


def _manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("cbccvc")
    pm.add_hookspecs(hookspecs)
    return pm


class Registry:
    """The installed provinces. ``Registry.from_entry_points()`` is what the CLI uses; tests
    and embedding apps may build one from modules directly with :meth:`from_modules`."""

    def __init__(self) -> None:
        self._pm = _manager()
        self._origin: dict[str, str] = {}
        self._rulesets: dict[str, RuleSet] = {}

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def from_entry_points(cls, only: Iterable[str] | None = None) -> Registry:
        """Load every installed province, or only the codes in ``only``."""
        reg = cls()
        wanted = set(only) if only is not None else None
        for ep in sorted(md.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if wanted is not None and ep.name not in wanted:
                continue
            dist = ep.dist.name if ep.dist else "?"
            origin = f"{ep.value} ({dist})"
            if ep.name in reg._origin:
                raise DuplicateProvinceError(province=ep.name, first=reg._origin[ep.name], second=origin)
            try:
                module = ep.load()
            except MissingSourceError as exc:
                raise UncitedRuleError(plugin=ep.name, rule=str(exc)) from exc
            except CbccvcError:
                raise
            except Exception as exc:  # a plugin that fails to import is broken, whatever it raised
                raise PluginError(
                    plugin=ep.name, detail=f"cannot import {ep.value}: {type(exc).__name__}: {exc}"
                ) from exc
            reg.add(ep.name, module, origin)
        return reg

    @classmethod
    def from_modules(cls, modules: Iterable[tuple[str, ModuleType | object]]) -> Registry:
        reg = cls()
        for code, module in modules:
            reg.add(code, module, getattr(module, "__name__", repr(module)))
        return reg

    def add(self, code: str, plugin: ModuleType | object, origin: str) -> RuleSet:
        """Register one province plugin under ``code``, check it, and build its rule set."""
        if code in self._origin:
            raise DuplicateProvinceError(province=code, first=self._origin[code], second=origin)
        try:
            self._pm.register(plugin, name=code)
            self._pm.check_pending()
        except pluggy.PluginValidationError as exc:
            if self._pm.is_registered(plugin):
                self._pm.unregister(plugin)
            raise PluginError(plugin=code, detail=str(exc)) from exc
        try:
            ruleset = self._build(code, plugin)
        except BaseException:
            self._pm.unregister(plugin)
            raise
        self._origin[code] = origin
        self._rulesets[code] = ruleset
        return ruleset

    def _call(self, code: str, plugin: object, hook: str) -> Any:
        others = [p for p in self._pm.get_plugins() if p is not plugin]
        caller = self._pm.subset_hook_caller(hook, remove_plugins=others)
        if not caller.get_hookimpls():
            if hook in _REQUIRED:
                raise PluginError(plugin=code, detail=f"it does not implement the required hook {hook}()")
            return None
        try:
            return caller()
        except MissingSourceError as exc:
            raise UncitedRuleError(plugin=code, rule=str(exc)) from exc
        except CbccvcError:
            raise
        except Exception as exc:
            raise PluginError(plugin=code, detail=f"{hook}() raised {type(exc).__name__}: {exc}") from exc

    def _build(self, code: str, plugin: object) -> RuleSet:
        def typed(hook: str, expected: type | tuple[type, ...], many: bool = False) -> Any:
            value = self._call(code, plugin, hook)
            if value is None and hook not in _REQUIRED:
                return () if many else None
            items = value if many else (value,)
            if many and not isinstance(value, Sequence | tuple):
                raise PluginError(
                    plugin=code, detail=f"{hook}() must return a sequence, got {type(value).__name__}"
                )
            for item in items:
                if not isinstance(item, expected):
                    want = (
                        expected.__name__
                        if isinstance(expected, type)
                        else "/".join(t.__name__ for t in expected)
                    )
                    raise PluginError(plugin=code, detail=f"{hook}() returned {item!r:.80}, expected {want}")
            return tuple(value) if many else value

        profile: ProvinceProfile = typed("cbccvc_profile", ProvinceProfile)
        if profile.code != code:
            raise PluginError(
                plugin=code,
                detail=f"its profile says province {profile.code!r}; the entry point says {code!r}",
            )
        ruleset = RuleSet(
            profile=profile,
            deadlines=typed("cbccvc_deadline_rules", DeadlineRule, many=True),
            approval=typed("cbccvc_approval_policy", ApprovalPolicy),
            accounts=typed("cbccvc_account_policy", AccountPolicy),
            reports=typed("cbccvc_report_rules", ReportRule, many=True),
            backup=typed("cbccvc_backup_policy", BackupPolicy),
            calendar_adjustments=typed("cbccvc_calendar_adjustments", CalendarAdjustment, many=True),
        )
        check_sources(ruleset)
        return ruleset

    # -- queries -------------------------------------------------------------------------------
    @property
    def codes(self) -> list[str]:
        return sorted(self._rulesets)

    def get(self, code: str) -> RuleSet:
        try:
            return self._rulesets[code]
        except KeyError:
            raise UnknownProvinceError(province=code, known=", ".join(self.codes) or "—") from None

    def plugin(self, code: str) -> Any:
        """The plugin object (module) that supplies province ``code``."""
        self.get(code)
        return self._pm.get_plugin(code)

    def __iter__(self) -> Any:
        return iter(self._rulesets[c] for c in self.codes)

    def calendar(self, code: str | None = None) -> WorkingCalendar:
        """The working calendar with the province's own adjustments (if any) added, and those of
        the file named by ``$CBCCVC_CALENDAR_DATA`` (notices published after this release).
        Built once per set of adjustments."""
        own = self.get(code).calendar_adjustments if code is not None else ()
        return _calendar(own, os.environ.get("CBCCVC_CALENDAR_DATA") or None)


@cache
def _calendar(adjustments: tuple[CalendarAdjustment, ...], extra_file: str | None) -> WorkingCalendar:
    if extra_file is None:
        return WorkingCalendar(adjustments=adjustments)
    extra = load_calendar_file(extra_file)
    return WorkingCalendar(
        adjustments=(*adjustments, *extra.adjustments), announced_through=extra.announced_through
    )


def check_sources(ruleset: RuleSet) -> None:
    """Every rule has a source, and every source is the province's own instrument.

    Construction already refuses a rule without a :class:`Citation`; this catches objects
    built around the validators, and citations of some other province's instrument."""
    code = ruleset.code
    for rule in (*ruleset.deadlines, *ruleset.reports):
        if not isinstance(getattr(rule, "source", None), Citation):
            raise UncitedRuleError(plugin=code, rule=repr(rule)[:120])
    for path, citation in ruleset.citations():
        if citation.instrument != ruleset.instrument:
            raise PluginError(
                plugin=code,
                detail=f"{path} cites {citation.instrument.reference}, not the province's own instrument",
            )


@cache
def default_registry() -> Registry:
    """The provinces installed in this environment, loaded once per process.

    ``$CBCCVC_PROVINCES`` (comma-separated codes) restricts loading to those provinces."""
    only = os.environ.get("CBCCVC_PROVINCES")
    return Registry.from_entry_points([c.strip() for c in only.split(",") if c.strip()] if only else None)
