"""Accounts: passwords, the province's account policy, lock-out, reissue (issue 5).

:class:`AccountActs` is a base class of :class:`cbccvc_core.service.Actor`: its acts run through the
same ``Actor._work`` transaction and audit as every other act.
"""

from __future__ import annotations


class AccountActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""
