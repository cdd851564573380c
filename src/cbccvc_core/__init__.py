"""cbccvc_core: the rules Vietnamese provinces set for their CBCCVC database.

Cơ sở dữ liệu cán bộ, công chức, viên chức (CBCCVC) và người lao động: each province's
decision is a plugin (see :mod:`cbccvc_core.hookspecs`); the core supplies the working-day
calendar, the rule types with their citations, and the engine that turns an event on a date
into obligations with due dates.
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

#: Marker for plugin hook implementations, as ``pytest`` and ``datasette`` do it.
hookimpl = pluggy.HookimplMarker("cbccvc")

__all__ = ["__version__", "hookimpl"]
