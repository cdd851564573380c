"""Account credentials and password-policy state (issue 5).

Tables of this area, on the same declarative ``Base`` as :mod:`cbccvc_core.db.schema`;
created by their own migration in ``migrations/versions``.

The account's lifecycle state (requested → active → locked → revoked) stays in
``accounts.state`` (:data:`cbccvc_core.model.states.ACCOUNT`); these tables hold what a login
needs besides it: the Argon2id hash, when the password was set, the failed-attempt counter and
the end of an automatic lock-out, and who holds an agency account over time.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base


class AccountCredential(Base):
    """Mật khẩu of one account: never the password itself, only its Argon2id hash (PHC string,
    which carries its own salt and parameters)."""

    __tablename__ = "account_credentials"
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    changed_on: Mapped[date] = mapped_column(Date)
    """Business day (Vietnam time) the password was set: the monthly change counts from it."""
    must_change: Mapped[bool] = mapped_column(Boolean)
    """Set when Sở Nội vụ issued or reissued it: the holder must change it at the next login."""
    failed_count: Mapped[int] = mapped_column(Integer)
    """Consecutive failed logins since the last success or unlock."""
    last_failed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    """End of an automatic lock-out after repeated failures (None: no automatic lock-out, or
    one that only Sở Nội vụ lifts)."""
    lock_reason: Mapped[str | None] = mapped_column(String(40))
    """``failed_logins`` when this table's counter locked the account."""
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy reads it as given)


class AccountHolder(Base):
    """Who holds an agency account, and from when to when (người được phân công sử dụng)."""

    __tablename__ = "account_holders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    holder_name: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    assigned_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    document_ref: Mapped[str] = mapped_column(String(200))
    """The head's assignment decision (quyết định phân công) or the unit's report."""
