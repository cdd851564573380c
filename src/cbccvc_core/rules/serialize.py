"""JSON in and out with cattrs: rule sets, calendar data, scenarios, and the CLI's output.

Periods are written in their RULES.md spelling (``working_days(5)``), dates in ISO format,
enums by value. A :class:`Citation` is written without its instrument (the rule set carries
it once, in ``profile.instrument``), so :func:`structure_ruleset` reattaches it on the way in.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from ..errors import InvalidDateError
from .citation import Citation, Instrument
from .periods import (
    Before,
    CalendarDays,
    Immediately,
    MonthEndWindow,
    On,
    Unspecified,
    WorkingDays,
    parse_period,
)
from .types import RuleSet


def parse_iso_date(value: Any) -> date:
    """A date from ``YYYY-MM-DD`` text (or a date), else :class:`InvalidDateError`."""
    if isinstance(value, date):
        return value
    try:
        # Only YYYY-MM-DD: Python 3.11's fromisoformat also takes week dates and other forms.
        if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidDateError(value=value) from None


def _make() -> cattrs.Converter:
    conv = cattrs.Converter(omit_if_default=False, forbid_extra_keys=True)
    conv.register_unstructure_hook(date, date.isoformat)
    # Sets (person categories) are written as sorted lists: JSON has no sets, and order is stable.
    conv.register_unstructure_hook_func(
        lambda t: t is frozenset or getattr(t, "__origin__", None) is frozenset, sorted
    )
    conv.register_structure_hook(date, lambda v, _t: parse_iso_date(v))
    for cls in (WorkingDays, CalendarDays, Immediately, MonthEndWindow, Before, On, Unspecified):
        conv.register_unstructure_hook(cls, str)
        conv.register_structure_hook(cls, lambda v, _t: parse_period(v))
    kinds = (WorkingDays, CalendarDays, Immediately, MonthEndWindow, Before, On, Unspecified)

    def is_period_union(t: Any) -> bool:
        args = typing.get_args(t)
        return (
            bool(args)
            and typing.get_origin(t) in (typing.Union, types.UnionType)
            and all(a in kinds or a is type(None) for a in args)
        )

    def period_or_none(value: Any, t: Any) -> Any:
        if value is None and type(None) in typing.get_args(t):
            return None
        return parse_period(value)

    conv.register_structure_hook_func(is_period_union, period_or_none)
    conv.register_unstructure_hook(
        Citation,
        make_dict_unstructure_fn(Citation, conv, instrument=override(omit=True)),
    )
    return conv


converter = _make()


def unstructure_ruleset(ruleset: RuleSet) -> dict[str, Any]:
    out: dict[str, Any] = converter.unstructure(ruleset)
    return out


def structure_ruleset(data: dict[str, Any]) -> RuleSet:
    """Read a rule set written by :func:`unstructure_ruleset` (citations get the instrument)."""
    instrument = converter.structure(data["profile"]["instrument"], Instrument)
    conv = converter.copy()

    def citation(value: dict[str, Any], _t: Any) -> Citation:
        return Citation(instrument=instrument, **value)

    conv.register_structure_hook(Citation, citation)
    return conv.structure(data, RuleSet)


__all__ = ["converter", "parse_iso_date", "structure_ruleset", "unstructure_ruleset"]
