"""Đắk Lắk: Quy chế kèm Quyết định số 30/2019/QĐ-UBND ngày 24/12/2019.

The declarations live in :mod:`cbccvc_daklak.rules`, article by article; ``plugin`` hands them
to cbccvc_core (see ``cbccvc_core.plugin``).
"""

from __future__ import annotations

from cbccvc_core.plugin import DeclarativePlugin

from . import rules

plugin = DeclarativePlugin(rules)
