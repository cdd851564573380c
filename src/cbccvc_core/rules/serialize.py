"""JSON in and out with cattrs: rule sets, calendar data, scenarios, and the CLI's output.

Periods are written in their RULES.md spelling (``working_days(5)``), dates in ISO format,
enums by value. A :class:`Citation` is written without its instrument (the rule set carries
it once, in ``profile.instrument``), so :func:`structure_ruleset` reattaches it on the way in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from ..errors import InvalidDateError
from .citation import Citation, Instrument
from .periods import (
    Before, CalendarDays, FixedDay, Immediately, MonthEndWindow, On, Period, Unspecified, WorkingDays,
    parse_period,
)
from .types import RuleSet


def parse_iso_date(value: Any) -> date:
    """A date from ``YYYY-MM-DD`` text (or a date), else :class:`InvalidDateError`."""
    if isinstance(value, date):
        return value
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidDateError(value=value) from None


def _make() -> cattrs.Converter:
    conv = cattrs.Converter(omit_if_default=False, forbid_extra_keys=True)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, lambda v, _t: parse_iso_date(v))
    for cls in (WorkingDays, CalendarDays, Immediately, MonthEndWindow, Before, On, Unspecified):
        conv.register_unstructure_hook(cls, str)
        conv.register_structure_hook(cls, lambda v, _t: parse_period(v))
    conv.register_structure_hook(Period, lambda v, _t: parse_period(v))  # type: ignore[arg-type]
    conv.register_structure_hook(FixedDay, lambda v, _t: parse_period(v))  # type: ignore[arg-type]
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
