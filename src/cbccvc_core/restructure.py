"""Unit restructuring: create, rename, merge, consolidate, split, dissolve (issue 5).

:class:`RestructureActs` is a base class of :class:`cbccvc_core.service.Actor`: its acts run through the
same ``Actor._work`` transaction and audit as every other act.
"""

from __future__ import annotations


class RestructureActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""
