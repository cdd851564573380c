"""Rule sets go to JSON and come back equal (cattrs both ways)."""

from __future__ import annotations

import json

import pytest

from cbccvc_core.errors import InvalidDateError
from cbccvc_core.registry import default_registry
from cbccvc_core.rules.serialize import parse_iso_date, structure_ruleset, unstructure_ruleset


@pytest.mark.parametrize("code", ["quangnam", "dongnai", "tuyenquang", "kontum", "daklak"])
def test_round_trip(code):
    rs = default_registry().get(code)
    text = json.dumps(unstructure_ruleset(rs), ensure_ascii=False)
    assert structure_ruleset(json.loads(text)) == rs


def test_periods_are_written_in_their_rules_md_spelling():
    rs = default_registry().get("kontum")
    data = unstructure_ruleset(rs)
    assert {d["period"] for d in data["deadlines"]} >= {"working_days(30)", "calendar_days(10)"}
    assert "instrument" not in data["deadlines"][0]["source"]


@pytest.mark.parametrize(
    "bad", ["2026-02-29", "2026-1-5", "05/01/2026", "", "tomorrow", 20260105, "2026-W01-1", "20260101  "]
)
def test_bad_dates(bad):
    with pytest.raises(InvalidDateError):
        parse_iso_date(bad)
