"""CLI commands: export (registered on the main ``cbccvc`` app, see :mod:`cbccvc_core.cli`)."""

from __future__ import annotations

from .cli import app  # noqa: F401
