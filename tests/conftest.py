from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cbccvc_core.i18n import set_language

# The database fixtures live in tests/conftest_db.py (a plain module, so test modules can import
# its helpers too). The suite runs with --import-mode=importlib, which puts nothing on sys.path:
# put this directory there once, then re-export the fixtures so pytest finds them.
_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from conftest_db import (  # noqa: E402, F401
    backend,
    module_url_factory,
    pg_database,
    url_factory,
    workspace_url,
)


@pytest.fixture(autouse=True)
def _english_by_default_for_assertions():
    """Each test starts in the default language (Vietnamese) unless it sets another."""
    set_language("vi")
    yield
    set_language("vi")
