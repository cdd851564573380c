"""Tuyên Quang: Quy chế kèm Quyết định số 16/2020/QĐ-UBND ngày 18/9/2020.

The declarations live in :mod:`cbccvc_tuyenquang.rules`, article by article; ``plugin`` hands them
to cbccvc_core (see ``cbccvc_core.plugin``).
"""

from __future__ import annotations

from cbccvc_core.plugin import DeclarativePlugin

from . import rules

plugin = DeclarativePlugin(rules)
