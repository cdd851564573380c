"""Quảng Nam: Quy định kèm Quyết định số #sovb/2024/QĐ-UBND ngày #nbh/9/2024 (number and day blank).

The declarations live in :mod:`cbccvc_quangnam.rules`, article by article; ``plugin`` hands them
to cbccvc_core (see ``cbccvc_core.plugin``).
"""

from __future__ import annotations

from cbccvc_core.plugin import DeclarativePlugin

from . import rules

plugin = DeclarativePlugin(rules)
