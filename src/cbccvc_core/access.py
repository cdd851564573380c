"""Access control: rights over unit subtrees, grants with a document and an expiry, audited reads, encrypted sensitive fields (issue 5).

:class:`AccessActs` is a base class of :class:`cbccvc_core.service.Actor`: its acts run through the
same ``Actor._work`` transaction and audit as every other act.
"""

from __future__ import annotations


class AccessActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""
