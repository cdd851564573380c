"""Đồng Nai: Quy chế kèm Quyết định số .../2024/QĐ-UBND (dự thảo).

The declarations live in :mod:`cbccvc_dongnai.rules`, article by article; ``plugin`` hands them
to cbccvc_core (see ``cbccvc_core.plugin``).
"""

from __future__ import annotations

from cbccvc_core.plugin import DeclarativePlugin

from . import rules

plugin = DeclarativePlugin(rules)
