"""The conformance suite every province plugin runs, ours and theirs (a pytest plugin).

In a plugin's tests::

    from cbccvc_core.testing import ConformanceSuite

    class TestConformance(ConformanceSuite):
        province = "kontum"

pytest then checks that the plugin loads through its entry point, that every rule is cited
with a real quote, that every name is in the vocabulary, that the scenario files exist and
cover every dated rule, and runs each scenario as its own test. This module is registered
as a pytest plugin (entry point ``pytest11``) so that scenarios are parametrised.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, ClassVar

import pytest

from .registry import Registry, default_registry
from .rules.periods import DATED_KINDS, Unspecified
from .rules.scenarios import DeadlineScenario, ReportScenario, Scenario, failures, load_dir
from .rules.types import RuleSet
from .vocabulary import ACTORS, EVENTS, OBLIGATIONS


def scenario_dir(ruleset: RuleSet, registry: Registry | None = None) -> Path:
    """``scenarios/`` beside the plugin module of this province."""
    reg = registry or default_registry()
    module = importlib.import_module(reg.plugin(ruleset.code).__name__)
    assert module.__file__ is not None
    return Path(module.__file__).parent / "scenarios"


def _scenarios(province: str) -> list[tuple[str, Scenario]]:
    ruleset = default_registry().get(province)
    return list(load_dir(scenario_dir(ruleset)))


class ConformanceSuite:
    """Subclass with ``province = "<code>"``; see the module docstring."""

    province: ClassVar[str]

    @pytest.fixture
    def ruleset(self) -> RuleSet:
        return default_registry().get(self.province)

    def test_loads_through_entry_point(self, ruleset: RuleSet) -> None:
        assert ruleset.code == self.province
        assert ruleset.deadlines, "a province without deadline rules encodes nothing"

    def test_every_rule_cited_with_a_quote(self, ruleset: RuleSet) -> None:
        cited = ruleset.citations()
        assert cited
        text = ruleset.instrument
        for where, citation in cited:
            assert citation.instrument == text, where
            assert len(citation.quote.split()) >= 3, f"{where}: quote too short: {citation.quote!r}"
        for rule in ruleset.deadlines:
            assert rule.source.quote, rule

    def test_every_name_in_the_vocabulary(self, ruleset: RuleSet) -> None:
        for rule in ruleset.deadlines:
            assert rule.event in EVENTS and rule.obligation in OBLIGATIONS
            assert all(a in ACTORS for a in (rule.actor, *rule.alternative_actors))

    def test_scenarios_present(self, ruleset: RuleSet) -> None:
        assert _scenarios(self.province), f"no scenarios/*.yaml for {self.province}"

    def test_every_dated_rule_has_a_scenario(self, ruleset: RuleSet) -> None:
        scenarios = [s for _id, s in _scenarios(self.province)]
        covered = {
            (s.event, e.obligation, e.actor)
            for s in scenarios
            if isinstance(s, DeadlineScenario)
            for e in s.expect
            if e.due is not None
        }
        missing = [
            f"{r.event} → {r.obligation} ({r.actor_field}, {r.period})"
            for r in ruleset.deadlines
            if r.period.kind in DATED_KINDS and (r.event, r.obligation, r.actor_field) not in covered
        ]
        reported = {e.report for s in scenarios if isinstance(s, ReportScenario) for e in s.expect if e.due}
        missing += [
            f"report {r.report} ({r.due})"
            for r in ruleset.reports
            if not isinstance(r.due, Unspecified) and r.report not in reported
        ]
        assert not missing, "dated rules without a scenario:\n" + "\n".join(missing)

    def test_scenario(self, ruleset: RuleSet, scenario: Scenario) -> None:
        problems = failures(ruleset, scenario, default_registry().calendar(self.province))
        assert not problems, "\n".join(problems)


def pytest_generate_tests(metafunc: Any) -> None:
    """Parametrise ``ConformanceSuite.test_scenario`` with the province's scenarios."""
    cls = metafunc.cls
    if cls is None or not issubclass(cls, ConformanceSuite) or "scenario" not in metafunc.fixturenames:
        return
    items = _scenarios(cls.province)
    metafunc.parametrize("scenario", [s for _i, s in items], ids=[i for i, _s in items])
