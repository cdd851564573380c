"""Audited admin acts of signing: trust roots, CRLs, certificate bindings, the month's batch.

Mixed into :class:`cbccvc_core.service.Actor` (``admin.add_trust_root(...)``); each act is one
transaction with its audit entry, like every other act.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
from asn1crypto import pem, x509
from sqlalchemy import select

from .. import audit
from ..db import schema as db
from ..db import schema_signing as sdb
from ..errors import CbccvcError
from ..i18n import N_
from .signer import Signer, SigningError, certificate_fingerprint
from .trust import ONLINE_SETTING, crl_info, subject_text

if TYPE_CHECKING:
    from ..service import Workspace, _Work

__all__ = ["BatchResult", "SigningActs", "TrustDataError", "awaiting", "parse_certificate", "sign_month"]


class TrustDataError(CbccvcError):
    template = N_("Cannot {action}: {why}")


def parse_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes; ValueError when it is not one."""
    if pem.detect(data):
        _kind, _headers, data = pem.unarmor(data)
    try:
        cert = x509.Certificate.load(data)
        _ = cert.subject.human_friendly  # parse now, fail now
    except Exception as exc:
        raise ValueError(str(exc)) from None
    return cert


def _certificate_of(what: str, data: bytes) -> x509.Certificate:
    """:func:`parse_certificate` for an act: a typed error naming the act when it is not one."""
    try:
        return parse_certificate(data)
    except ValueError as exc:
        raise TrustDataError(action=what, why=N_("not a certificate ({detail})"), detail=str(exc)) from None


class SigningActs:
    """Acts of this area, mixed into :class:`cbccvc_core.service.Actor`."""

    if TYPE_CHECKING:

        def _work(self, action: str) -> AbstractContextManager[_Work]: ...

    def add_trust_root(self, certificate: bytes, *, on: date) -> str:
        """Trust this CA (PEM or DER) for approval signatures; returns its SHA-256. Admins of the
        root unit only (Sở Nội vụ). In production: the government CA the province uses."""
        what = N_("add a trust root")
        with self._work(what) as w:
            w.require("admin", w.unit(_root_id(w)).path, on, what)
            cert = _certificate_of(what, certificate)
            if not cert.ca:
                raise TrustDataError(action=what, why=N_("the certificate is not a CA certificate"))
            fp = certificate_fingerprint(cert)
            existing = w.s.execute(
                select(sdb.TrustRoot).where(sdb.TrustRoot.sha256 == fp)
            ).scalar_one_or_none()
            if existing is not None and existing.retired_on is None:
                return fp
            if existing is not None:
                before = audit.row_state(existing)
                existing.retired_on = None
                w.s.flush()
                w.audit(
                    "add_trust_root",
                    "trust_root",
                    existing.id,
                    _shown(before),
                    _shown(audit.row_state(existing)),
                )
                return fp
            row = sdb.TrustRoot(
                sha256=fp, subject=subject_text(cert), der=cert.dump(), added_on=on, added_by=w.account.id
            )
            w.s.add(row)
            w.s.flush()
            w.audit("add_trust_root", "trust_root", row.id, None, _shown(audit.row_state(row)))
            return fp

    def retire_trust_root(self, sha256: str, *, on: date, reason: str) -> None:
        """Stop trusting a root for new approvals (kept, and still shown in the history)."""
        what = N_("retire a trust root")
        with self._work(what) as w:
            w.require("admin", w.unit(_root_id(w)).path, on, what)
            row = w.s.execute(
                select(sdb.TrustRoot).where(sdb.TrustRoot.sha256 == sha256)
            ).scalar_one_or_none()
            if row is None or row.retired_on is not None:
                raise TrustDataError(action=what, why=N_("no trusted root with fingerprint {fp}"), fp=sha256)
            before = audit.row_state(row)
            row.retired_on = on
            w.s.flush()
            w.audit(
                "retire_trust_root",
                "trust_root",
                row.id,
                _shown(before),
                _shown(audit.row_state(row)),
                reason=reason,
            )

    def add_crl(self, crl: bytes, *, on: date) -> str:
        """Supply a certificate revocation list (DER or PEM) to validation; returns its SHA-256."""
        what = N_("add a revocation list")
        with self._work(what) as w:
            w.require("admin", w.unit(_root_id(w)).path, on, what)
            if pem.detect(crl):
                _kind, _headers, crl = pem.unarmor(crl)
            try:
                issuer, this_update = crl_info(crl)
            except ValueError as exc:
                raise TrustDataError(action=what, why=N_("not a CRL ({detail})"), detail=str(exc)) from None
            fp = hashlib.sha256(crl).hexdigest()
            if w.s.execute(select(sdb.RevocationList.id).where(sdb.RevocationList.sha256 == fp)).first():
                return fp
            row = sdb.RevocationList(
                sha256=fp, issuer=issuer, this_update=this_update, der=crl, added_on=on, added_by=w.account.id
            )
            w.s.add(row)
            w.s.flush()
            w.audit("add_crl", "revocation_list", row.id, None, _shown(audit.row_state(row)))
            return fp

    def set_online_revocation(self, enabled: bool, *, on: date) -> None:
        """Let validation fetch OCSP answers and CRLs from the URLs in the certificates."""
        what = N_("configure revocation checking")
        with self._work(what) as w:
            w.require("admin", w.unit(_root_id(w)).path, on, what)
            row = w.s.get(db.Meta, ONLINE_SETTING)
            before = None if row is None else {"value": row.value}
            if row is None:
                row = db.Meta(key=ONLINE_SETTING, value="on" if enabled else "off")
                w.s.add(row)
            else:
                row.value = "on" if enabled else "off"
            w.s.flush()
            w.audit("set_online_revocation", "setting", ONLINE_SETTING, before, {"value": row.value}, on=on)

    def bind_certificate(self, username: str, certificate: bytes, *, document_ref: str, on: date) -> str:
        """Let ``username`` sign with this certificate though it does not name the account's
        person (agency accounts, certificates without a personal ID), on a written document."""
        what = N_("bind a certificate to an account")
        with self._work(what) as w:
            acc = w.account_named(username)
            w.require("admin", w.unit(acc.unit_id).path, on, what)
            if not document_ref.strip():
                raise TrustDataError(action=what, why=N_("a written document reference is required"))
            cert = _certificate_of(what, certificate)
            fp = certificate_fingerprint(cert)
            if w.s.execute(
                select(sdb.CertificateBinding.id).where(
                    sdb.CertificateBinding.account_id == acc.id,
                    sdb.CertificateBinding.certificate_sha256 == fp,
                )
            ).first():
                return fp
            row = sdb.CertificateBinding(
                account_id=acc.id,
                certificate_sha256=fp,
                subject=subject_text(cert),
                document_ref=document_ref,
                bound_on=on,
                bound_by=w.account.id,
            )
            w.s.add(row)
            w.s.flush()
            w.audit("bind_certificate", "certificate_binding", row.id, None, audit.row_state(row))
            return fp


def _root_id(w: _Work) -> str:
    path = w.unit(w.account.unit_id).path
    return path.strip("/").split("/")[0]


def _shown(state: dict[str, Any]) -> dict[str, Any]:
    """A row's state for the audit log, the DER replaced by its digest."""
    out = dict(state)
    if isinstance(out.get("der"), bytes):
        out["der"] = "sha256:" + hashlib.sha256(out["der"]).hexdigest()
    return out


# -- a month's approvals at once ---------------------------------------------------------------------


@attrs.frozen
class BatchResult:
    """What ``sign_month`` did: signed dossiers, refused ones (with why) and ones not tried."""

    signed: tuple[int, ...]
    refused: tuple[tuple[int, str], ...]
    not_attempted: tuple[int, ...]
    stopped: str | None
    """Why the batch stopped early (token pulled, signature failed), None when it ran through."""


def month_bounds(month: str) -> tuple[date, date]:
    """``YYYY-MM`` → (first day, last day)."""
    try:
        year, mon = (int(x) for x in month.split("-"))
        first = date(year, mon, 1)
    except ValueError:
        raise TrustDataError(
            action=N_("sign a month's approvals"), why=N_("{month!r} is not a month (YYYY-MM)"), month=month
        ) from None
    return first, date(year, mon, calendar.monthrange(year, mon)[1])


def awaiting(ws: Workspace, username: str, unit: str, month: str) -> list[int]:
    """Dossiers under ``unit`` whose current revision was submitted in ``month`` and awaits
    approval, that ``username`` may approve (on own authority or by a delegation)."""
    from ..service import NotFoundError, _approval_authority, _Work

    first, last = month_bounds(month)
    actor = ws.as_account(username)
    with ws.session() as s:
        u = s.get(db.Unit, unit)
        if u is None:
            raise NotFoundError(entity=N_("unit"), id=unit)
        rows = s.execute(
            select(db.Dossier)
            .join(
                db.Revision,
                (db.Revision.dossier_id == db.Dossier.id)
                & (db.Revision.number == db.Dossier.current_revision),
            )
            .where(
                ws._in_subtree(db.Dossier.unit_path, u.path),
                db.Dossier.review.in_(("submitted", "resubmitted")),
                db.Revision.state == "submitted",
                db.Revision.submitted_on >= first,
                db.Revision.submitted_on <= last,
            )
            .order_by(db.Dossier.id)
        ).scalars()
        w = _Work(actor, s, N_("approve a dossier"))
        out = []
        for d in rows:
            try:
                _approval_authority(w, d, last)
            except CbccvcError:
                continue
            out.append(d.id)
        return out


def sign_month(
    ws: Workspace,
    username: str,
    unit: str,
    month: str,
    signer: Signer,
    *,
    on: date,
    progress: Callable[[int, int], None] | None = None,
    dossiers: list[int] | None = None,
) -> BatchResult:
    """Approve and sign every revision awaiting ``username`` in ``month`` under ``unit``, each in
    its own transaction (a committed approval stays committed). Stops at the first signer failure
    (token pulled, signature failed) and reports what was not signed; a dossier the approver may
    not approve is refused and the batch goes on."""
    todo = awaiting(ws, username, unit, month) if dossiers is None else list(dossiers)
    actor = ws.as_account(username)
    signed: list[int] = []
    refused: list[tuple[int, str]] = []
    for i, did in enumerate(todo):
        try:
            actor.approve(did, on=on, signer=signer)
        except SigningError as exc:
            return BatchResult(tuple(signed), tuple(refused), tuple(todo[i:]), exc.message())
        except CbccvcError as exc:
            refused.append((did, exc.message()))
        else:
            signed.append(did)
        if progress is not None:
            progress(i + 1, len(todo))
    return BatchResult(tuple(signed), tuple(refused), (), None)
