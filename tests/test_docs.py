"""docs/rules/*.md are the CLI's Markdown output, kept in step with the plugins."""

from __future__ import annotations

from pathlib import Path

import pytest

from cbccvc_core.docs import ruleset_markdown
from cbccvc_core.registry import default_registry

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


@pytest.mark.parametrize("code", ["quangnam", "dongnai", "tuyenquang", "kontum", "daklak"])
def test_rule_documents_are_current(code):
    expected = ruleset_markdown(default_registry().get(code))
    assert (DOCS / f"{code}.md").read_text("utf-8") == expected, (
        f"docs/rules/{code}.md is stale: ./dev cbccvc rules {code} --markdown > docs/rules/{code}.md"
    )
