"""Scenario files: worked examples of a province's rules, checked by the conformance suite.

In the spirit of OpenFisca's YAML tests, each plugin keeps ``scenarios/*.yaml`` beside its
rules. A file has up to three lists::

    deadlines:
      - name: recruitment just before Tết 2026
        event: recruitment_decision
        date: 2026-02-10
        category: commune_official        # optional
        expect:
          - {obligation: enter_dossier, actor: employing_unit, due: 2026-03-31}
    reports:
      - {name: ..., year: 2026, expect: [{report: unit_yearly_report, due: 2027-01-14}]}
    backups:
      - {name: ..., from: 2026-01-01, to: 2026-03-31, expect: [{date: 2026-01-31, kind: database, by: home_affairs}]}

``expect`` lists every obligation (report, backup) the engine must produce, no more, no
less; dates are worked out by hand from the text and the calendar (say how in a comment).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import yaml

from .calendar import WorkingCalendar
from .engine import backups, deadlines, reports
from .serialize import converter
from .types import RuleSet


@attrs.frozen
class ExpectedObligation:
    obligation: str
    actor: str
    due: date | None
    window_start: date | None = None
    period: str | None = None


@attrs.frozen
class DeadlineScenario:
    name: str
    event: str
    date: date
    expect: tuple[ExpectedObligation, ...]
    category: str | None = None


@attrs.frozen
class ExpectedReport:
    report: str
    due: date | None


@attrs.frozen
class ReportScenario:
    name: str
    year: int
    expect: tuple[ExpectedReport, ...]


@attrs.frozen
class ExpectedBackup:
    date: date
    kind: str
    by: str


@attrs.frozen
class BackupScenario:
    name: str
    start: date  # "from" in the file
    end: date  # "to" in the file
    expect: tuple[ExpectedBackup, ...] = ()


@attrs.frozen
class ScenarioFile:
    deadlines: tuple[DeadlineScenario, ...] = ()
    reports: tuple[ReportScenario, ...] = ()
    backups: tuple[BackupScenario, ...] = ()


Scenario = DeadlineScenario | ReportScenario | BackupScenario


def load_file(path: Path) -> ScenarioFile:
    raw: Any = yaml.safe_load(path.read_text("utf-8")) or {}
    for item in raw.get("backups", ()):
        item["start"], item["end"] = item.pop("from"), item.pop("to")
    return converter.structure(raw, ScenarioFile)


def load_dir(directory: Path) -> Iterator[tuple[str, Scenario]]:
    """Every scenario under ``directory``, with an id ``file.yaml::name``."""
    for path in sorted(directory.glob("*.yaml")):
        sf = load_file(path)
        scenarios: list[Scenario] = [*sf.deadlines, *sf.reports, *sf.backups]
        for sc in scenarios:
            yield f"{path.name}::{sc.name}", sc


def failures(ruleset: RuleSet, scenario: Scenario, cal: WorkingCalendar) -> list[str]:
    """What the engine got wrong for ``scenario`` (empty when it passes)."""
    got: list[Any]
    want: list[Any]
    if isinstance(scenario, DeadlineScenario):
        results = deadlines(ruleset, scenario.event, scenario.date, cal, scenario.category)
        got = sorted((r.obligation, r.actor, r.due, r.window_start) for r in results)
        want = sorted((e.obligation, e.actor, e.due, e.window_start) for e in scenario.expect)
        periods = {(r.obligation, r.actor): r.period for r in results}
        wrong_period = [
            f"{e.obligation}/{e.actor}: period {periods.get((e.obligation, e.actor))}, expected {e.period}"
            for e in scenario.expect
            if e.period and periods.get((e.obligation, e.actor)) != e.period
        ]
    elif isinstance(scenario, ReportScenario):
        got = sorted((r.report, r.due) for r in reports(ruleset, scenario.year))
        want = sorted((e.report, e.due) for e in scenario.expect)
        wrong_period = []
    else:
        got = sorted((b.date, b.kind, b.by) for b in backups(ruleset, scenario.start, scenario.end, cal))
        want = sorted((e.date, e.kind, e.by) for e in scenario.expect)
        wrong_period = []
    out = [f"missing: {w}" for w in want if w not in got] + [f"unexpected: {g}" for g in got if g not in want]
    return out + wrong_period
