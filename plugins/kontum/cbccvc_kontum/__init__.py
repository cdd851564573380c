"""Kon Tum: Quy chế cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum.

The declarations live in :mod:`cbccvc_kontum.rules`, article by article; ``plugin`` hands them
to cbccvc_core (see ``cbccvc_core.plugin``).
"""

from __future__ import annotations

from cbccvc_core.plugin import DeclarativePlugin

from . import rules

plugin = DeclarativePlugin(rules)
