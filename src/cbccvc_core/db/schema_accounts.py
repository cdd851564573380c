"""Account credentials and password-policy state (issue 5).

Tables of this area, on the same declarative ``Base`` as :mod:`cbccvc_core.db.schema`;
created by their own migration in ``migrations/versions``.
"""

from __future__ import annotations

from .schema import Base  # noqa: F401
