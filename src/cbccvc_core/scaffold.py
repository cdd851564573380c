"""``cbccvc new-profile CODE --path DIR``: a new province plugin that works out of the box.

The package it writes installs with pip, registers itself under the entry-point group
``cbccvc.provinces``, loads, and passes the conformance suite (``cbccvc_core.testing``) with
one example rule and its scenario. The drafter then replaces the example with the decision's
articles; ``cbccvc lint CODE`` flags the example quote until it is replaced.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InvalidRuleError
from .lint import PLACEHOLDER_MARK

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")

_PYPROJECT = """[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "cbccvc-{code}"
version = "0.1.0"
description = "cbccvc_core plugin: {name}"
requires-python = ">=3.11"
dependencies = ["cbccvc-core"]

[project.entry-points."cbccvc.provinces"]
{code} = "cbccvc_{code}:plugin"

[tool.setuptools]
packages = ["cbccvc_{code}"]

[tool.setuptools.package-data]
cbccvc_{code} = ["scenarios/*.yaml"]
"""

_INIT = '''"""{name}: the province's rules for the CBCCVC database, as a cbccvc_core plugin.

The declarations live in :mod:`cbccvc_{code}.rules`; ``plugin`` hands them to cbccvc_core. Add
APPROVAL, ACCOUNTS, REPORTS, BACKUP or CALENDAR_ADJUSTMENTS to rules.py as the text provides
them (see cbccvc_core.plugin); a rule that needs code can implement the hooks of
cbccvc_core.hookspecs directly.
"""

from __future__ import annotations

from cbccvc_core.plugin import DeclarativePlugin

from . import rules

plugin = DeclarativePlugin(rules)
'''

_RULES = '''"""{name}'s rules, article by article (Điều, khoản, điểm), each with a quote of the text.

Replace the example below with the decision's articles. Every rule needs
``source=QC.cite(article, clause, point, quote="...")`` with the text's own words.
"""

from __future__ import annotations

from cbccvc_core.rules import DeadlineRule, Instrument, InstrumentStatus, ProvinceProfile, WorkingDays

QC = Instrument(
    province="{code}",
    kind="Quy chế kèm Quyết định",
    number=None,  # e.g. "12/2026/QĐ-UBND" once the decision is numbered
    issuer="UBND tỉnh {name}",
    title="Quy chế quản lý Cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh {name}",
    status=InstrumentStatus.DRAFT,
)

PROFILE = ProvinceProfile(code="{code}", name="{name}", instrument=QC)

DEADLINES = (
    # Điều 1 khoản 1 (example: replace with the decision's own article and words).
    DeadlineRule(
        event="personal_info_changed",
        obligation="update_dossier",
        period=WorkingDays(5),
        actor="person",
        source=QC.cite(1, 1, quote="{mark}: trong thời gian 05 ngày làm việc, kể từ ngày có thay đổi"),
    ),
)
'''

_SCENARIOS = """deadlines:
  # Điều 1.1 (example): 5 working days after Tue 2026-03-10:
  # Wed 11 (1), Thu 12 (2), Fri 13 (3), Mon 16 (4), Tue 17 (5).
  - name: personal information changed
    event: personal_info_changed
    date: 2026-03-10
    expect:
      - {{obligation: update_dossier, actor: person, due: 2026-03-17, period: working_days(5)}}
"""

_TEST = """from cbccvc_core.testing import ConformanceSuite


class TestConformance(ConformanceSuite):
    province = "{code}"
"""

_README = """# cbccvc-{code}

The rules of {name} for the CBCCVC database, as a plugin of cbccvc_core.

    pip install -e .            # registers the province under the entry point cbccvc.provinces
    cbccvc rules {code}         # the rules as cbccvc_core reads them
    cbccvc lint {code}          # what a drafter should look at
    pytest tests                # the conformance suite: citations, vocabulary, scenarios

Write each article as a declaration in `cbccvc_{code}/rules.py` and at least one scenario per
dated rule in `cbccvc_{code}/scenarios/`, with the due date worked out by hand.
"""


def new_profile(code: str, path: Path, name: str | None = None) -> list[Path]:
    """Write the plugin package for province ``code`` into ``path`` (which must not exist or be empty)."""
    if not _CODE.match(code):
        raise InvalidRuleError(detail=f"province code must be lower-case ASCII like 'kontum', got {code!r}")
    if path.exists() and any(path.iterdir()):
        raise InvalidRuleError(detail=f"{path} is not empty")
    fields = {"code": code, "name": name or code.title(), "mark": PLACEHOLDER_MARK}
    files = {
        "pyproject.toml": _PYPROJECT,
        "README.md": _README,
        f"cbccvc_{code}/__init__.py": _INIT,
        f"cbccvc_{code}/rules.py": _RULES,
        f"cbccvc_{code}/scenarios/deadlines.yaml": _SCENARIOS,
        "tests/test_conformance.py": _TEST,
    }
    written = []
    for rel, template in files.items():
        target = path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.format(**fields), encoding="utf-8")
        written.append(target)
    return written
