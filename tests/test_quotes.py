"""Every quote in every plugin is the text's own words, found in the decision it cites.

The decisions are in ``../shared/seeds/`` beside the project (CI has them); elsewhere this test
skips with that reason. Comparison ignores line breaks, runs of spaces and the converter's
``*`` emphasis marks, nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cbccvc_core.registry import default_registry

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
FILES = {
    "quangnam": "000_46bcff317bfdd7dc.txt",
    "dongnai": "001_775109b0f72c37d6.txt",
    "tuyenquang": "002_d2aa318ebaffbdd6.txt",
    "kontum": "003_5fce5249b49b3100.txt",
    "daklak": "004_23ee9bd62a4445b0.txt",
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


@pytest.mark.parametrize("code", sorted(FILES))
def test_every_quote_is_in_the_text(code):
    path = SEEDS / FILES[code]
    if not path.exists():
        pytest.skip(f"the decisions are not beside the project ({SEEDS}); CI has them")
    text = _norm(path.read_text("utf-8"))
    missing = [
        f"{where} ({c.short}): {c.quote!r}"
        for where, c in default_registry().get(code).citations()
        if _norm(c.quote) not in text
    ]
    assert not missing, "quotes not found in the text:\n" + "\n".join(missing)


@pytest.mark.parametrize("code", sorted(FILES))
def test_every_quote_sits_in_the_article_it_cites(code):
    path = SEEDS / FILES[code]
    if not path.exists():
        pytest.skip(f"the decisions are not beside the project ({SEEDS}); CI has them")
    raw = path.read_text("utf-8")
    # The regulation's articles start at its own "Điều 1." (after the decision's articles, if any).
    starts = [m.start() for m in re.finditer(r"(?m)^\**Điều 1\.", raw)]
    regulation = raw[starts[-1] :]
    decision = raw[: starts[-1]] if len(starts) > 1 else ""
    wrong = []
    for where, c in default_registry().get(code).citations():
        body = decision if c.in_decision else regulation
        match = re.search(rf"(?m)^\**Điều {c.article}\.(.*?)(?=^\**Điều \d+\.|\Z)", body, re.S)
        if match is None or _norm(c.quote) not in _norm(match.group(0)):
            wrong.append(f"{where}: {c.short} does not contain {c.quote[:60]!r}")
    assert not wrong, "\n".join(wrong)
