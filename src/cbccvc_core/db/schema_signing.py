"""Approval signatures and trust roots (issue 4).

Tables of this area, on the same declarative ``Base`` as :mod:`cbccvc_core.db.schema`;
created by their own migration in ``migrations/versions``.

- ``approval_signatures``: the detached CMS signature of each signed approval, next to the
  revision it approves (see :mod:`cbccvc_core.signing.approvals` for what the bytes are).
- ``trust_roots``: the CA certificates approvals must chain to (in production the
  government CA the province uses), added and retired by audited admin acts.
- ``revocation_lists``: CRLs (DER) the validation uses, added by audited admin acts, kept so a
  later verification sees what the signing saw.
- ``certificate_bindings``: an account bound to a certificate by its SHA-256 fingerprint, for
  accounts without a person (agency accounts) or certificates without a personal ID.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base


class ApprovalSignature(Base):
    """The signature of one approved revision (ký số phê duyệt)."""

    __tablename__ = "approval_signatures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    revision_number: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(40))
    """Layout of the signed bytes, e.g. ``cbccvc-approval/1``."""
    signed_at: Mapped[str] = mapped_column(String(20))
    """UTC time of signing, ``YYYY-MM-DDTHH:MM:SSZ``, exactly as signed."""
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    signer_subject: Mapped[str] = mapped_column(String(400))
    cms: Mapped[bytes] = mapped_column(LargeBinary)
    """DER of the detached CMS ``SignedData`` (signer's certificate and chain embedded)."""


class TrustRoot(Base):
    """A CA certificate approvals must chain to; retired (never deleted) by an audited act."""

    __tablename__ = "trust_roots"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(400))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    added_on: Mapped[date] = mapped_column(Date)
    added_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    retired_on: Mapped[date | None] = mapped_column(Date)


class RevocationList(Base):
    """A CRL (DER) supplied to validation; the newest of each issuer is the one that counts."""

    __tablename__ = "revocation_lists"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    issuer: Mapped[str] = mapped_column(String(400))
    this_update: Mapped[str] = mapped_column(String(20))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    added_on: Mapped[date] = mapped_column(Date)
    added_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))


class CertificateBinding(Base):
    """The account may sign with the certificate of this fingerprint (a configured mapping)."""

    __tablename__ = "certificate_bindings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(400))
    document_ref: Mapped[str] = mapped_column(String(200))
    bound_on: Mapped[date] = mapped_column(Date)
    bound_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    __table_args__ = (UniqueConstraint("account_id", "certificate_sha256"),)
