from __future__ import annotations

import pytest

from cbccvc_core.i18n import set_language


@pytest.fixture(autouse=True)
def _english_by_default_for_assertions():
    """Each test starts in the default language (Vietnamese) unless it sets another."""
    set_language("vi")
    yield
    set_language("vi")
