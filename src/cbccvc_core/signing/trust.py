"""Which certificates may sign an approval: trust roots, validity, revocation, identity.

A signer's certificate is accepted when it

1. chains to a trust root configured in the workspace (``trust_roots``; in production the
   government CA the province uses, added by ``cbccvc signing add-root``),
2. is valid at the signing time (the certificate and every CA above it),
3. is not revoked at that time, by the CRLs stored in the workspace (``revocation_lists``,
   ``cbccvc signing add-crl``) and, when ``CBCCVC_SIGNING_ONLINE=1`` (or the workspace setting
   ``signing.online_revocation`` is ``on``), by OCSP / CRLs fetched from the URLs in the
   certificates,
4. names the same person as the approving account: the subject UID carries the personal ID
   (``CCCD:<12 digits>`` or ``CMND:<…>``, as Vietnamese CAs write it) equal to the personal ID
   of the account's person, or the account is bound to the certificate's fingerprint by an
   audited act (``certificate_bindings``; for agency accounts and certificates without an ID).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs
from asn1crypto import crl as asn1_crl
from asn1crypto import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import schema as db
from ..db import schema_signing as sdb
from ..errors import CbccvcError
from ..i18n import N_
from .signer import certificate_fingerprint, run_async

__all__ = [
    "CertificateRefusedError",
    "TrustConfig",
    "check_certificate",
    "identity_of",
    "load_trust",
    "subject_text",
]

ONLINE_SETTING = "signing.online_revocation"


class CertificateRefusedError(CbccvcError):
    template = N_("The certificate {subject!r} may not sign this approval: {why}")


@attrs.frozen
class TrustConfig:
    """Trust roots, CRLs and whether revocation may be fetched online."""

    roots: tuple[x509.Certificate, ...]
    crls: tuple[bytes, ...] = ()
    online: bool = False

    @property
    def key(self) -> str:
        """Identifies the configuration (for caches)."""
        h = hashlib.sha256()
        for r in self.roots:
            h.update(r.sha256)
        for c in self.crls:
            h.update(hashlib.sha256(c).digest())
        h.update(b"1" if self.online else b"0")
        return h.hexdigest()

    def with_extra(self, roots: Iterable[x509.Certificate] = (), crls: Iterable[bytes] = ()) -> TrustConfig:
        return TrustConfig(self.roots + tuple(roots), self.crls + tuple(crls), self.online)

    def validation_context(self, moment: datetime, *, other_certs: Sequence[x509.Certificate] = ()) -> Any:
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(
            trust_roots=list(self.roots),
            other_certs=list(other_certs),
            crls=list(self.crls),
            moment=moment,
            allow_fetching=self.online,
            revocation_mode="hard-fail",
            retroactive_revinfo=True,
        )


def load_trust(s: Session) -> TrustConfig:
    """The workspace's trust roots (not retired) and CRLs."""
    roots = tuple(
        x509.Certificate.load(der)
        for der in s.execute(
            select(sdb.TrustRoot.der).where(sdb.TrustRoot.retired_on.is_(None)).order_by(sdb.TrustRoot.id)
        ).scalars()
    )
    crls = tuple(s.execute(select(sdb.RevocationList.der).order_by(sdb.RevocationList.id)).scalars())
    setting = s.get(db.Meta, ONLINE_SETTING)
    online = os.environ.get("CBCCVC_SIGNING_ONLINE") == "1" or (setting is not None and setting.value == "on")
    return TrustConfig(roots, crls, online)


def subject_text(cert: x509.Certificate) -> str:
    return str(cert.subject.human_friendly)[:400]


_ID_RE = re.compile(r"^(?:CCCD|CMND|CCCD/CMND)\s*:\s*(\d{9,12})$", re.IGNORECASE)


def identity_of(cert: x509.Certificate) -> str | None:
    """The personal ID the certificate names in its subject UID (``CCCD:…`` / ``CMND:…``)."""
    for rdn in cert.subject.chosen:
        for atv in rdn:
            if atv["type"].dotted == "0.9.2342.19200300.100.1.1":
                value = str(atv["value"].native).strip()
                m = _ID_RE.match(value)
                if m:
                    return m.group(1)
    return None


def crl_info(der: bytes) -> tuple[str, str]:
    """(issuer, thisUpdate as ISO text) of a CRL; ValueError when it is not one."""
    try:
        c = asn1_crl.CertificateList.load(der)
        issuer = str(c.issuer.human_friendly)[:400]
        this_update = c["tbs_cert_list"]["this_update"].native
    except Exception as exc:
        raise ValueError(str(exc)) from None
    return issuer, this_update.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Path validation takes milliseconds; an official signs a month's approvals in a row. A result
# is reused for the same certificate and trust configuration for a short while (the CRLs in
# hand cannot change meanwhile: a new CRL changes the configuration key).
_CACHE_SECONDS = 300.0
_cache: dict[tuple[str, str], tuple[float, datetime, datetime]] = {}


def _validity(cert: x509.Certificate) -> tuple[datetime, datetime]:
    v = cert["tbs_certificate"]["validity"]
    return v["not_before"].native, v["not_after"].native


def check_path(
    trust: TrustConfig, cert: x509.Certificate, chain: Sequence[x509.Certificate], moment: datetime
) -> None:
    """Validate the certificate path at ``moment`` (trust, validity, revocation, key usage).
    Raises :class:`CertificateRefusedError` with the reason."""
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator import errors as cv

    subject = subject_text(cert)
    if not trust.roots:
        raise CertificateRefusedError(
            subject=subject, why=N_("no trust root is configured (cbccvc signing add-root)")
        )
    fp = certificate_fingerprint(cert)
    key = (fp, trust.key)
    hit = _cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < _CACHE_SECONDS:
        # the path was good; the time window and revocation still depend on the moment
        if not hit[1] <= moment <= hit[2]:
            hit = None
        else:
            return
    validator = CertificateValidator(
        cert,
        intermediate_certs=list(chain),
        validation_context=trust.validation_context(moment, other_certs=chain),
    )
    try:
        path = run_async(validator.async_validate_usage({"non_repudiation"}))  # type: ignore[no-untyped-call]
    except cv.RevokedError as exc:
        raise CertificateRefusedError(
            subject=subject, why=N_("it is revoked ({detail})"), detail=str(exc)
        ) from None
    except cv.ExpiredError:
        raise CertificateRefusedError(
            subject=subject, why=N_("it has expired (signing time {moment})"), moment=_iso(moment)
        ) from None
    except cv.NotYetValidError:
        raise CertificateRefusedError(
            subject=subject, why=N_("it is not yet valid (signing time {moment})"), moment=_iso(moment)
        ) from None
    except cv.InsufficientRevinfoError as exc:
        raise CertificateRefusedError(
            subject=subject, why=N_("its revocation status cannot be established ({detail})"), detail=str(exc)
        ) from None
    except cv.PathBuildingError:
        raise CertificateRefusedError(
            subject=subject, why=N_("it does not chain to a configured trust root")
        ) from None
    except (cv.PathValidationError, cv.InvalidCertificateError, cv.ValidationError) as exc:
        raise CertificateRefusedError(
            subject=subject, why=N_("its path does not validate ({detail})"), detail=str(exc)
        ) from None
    if not _listed(trust, cert):  # a listed certificate is checked every time
        lo, hi = _path_window(list(path))
        _cache[key] = (time.monotonic(), lo, hi)


def _listed(trust: TrustConfig, cert: x509.Certificate) -> bool:
    serial = cert.serial_number
    issuer = cert.issuer.dump()
    for der in trust.crls:
        try:
            c = asn1_crl.CertificateList.load(der)
            if c.issuer.dump() != issuer:
                continue
            if any(
                e["user_certificate"].native == serial for e in c["tbs_cert_list"]["revoked_certificates"]
            ):
                return True
        except Exception:
            return True
    return False


def _path_window(certs: list[Any]) -> tuple[datetime, datetime]:
    lo = max(_validity(c)[0] for c in certs if isinstance(c, x509.Certificate))
    hi = min(_validity(c)[1] for c in certs if isinstance(c, x509.Certificate))
    return lo, hi


def clear_cache() -> None:
    _cache.clear()


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_identity(s: Session, account: db.Account, cert: x509.Certificate) -> str:
    """How the certificate names the approving account's holder: ``"personal_id"`` or
    ``"binding"``; raises :class:`CertificateRefusedError` when it does not."""
    fp = certificate_fingerprint(cert)
    bound = s.execute(
        select(sdb.CertificateBinding.id).where(
            sdb.CertificateBinding.account_id == account.id, sdb.CertificateBinding.certificate_sha256 == fp
        )
    ).first()
    if bound is not None:
        return "binding"
    named = identity_of(cert)
    person = s.get(db.Person, account.person_id) if account.person_id is not None else None
    if person is None:
        raise CertificateRefusedError(
            subject=subject_text(cert),
            why=N_(
                "account {username} has no person and is not bound to this certificate (cbccvc signing bind)"
            ),
            username=account.username,
        )
    if named is None:
        raise CertificateRefusedError(
            subject=subject_text(cert),
            why=N_("it names no personal ID (subject UID CCCD:…) and is not bound to account {username}"),
            username=account.username,
        )
    if named != person.personal_id:
        raise CertificateRefusedError(
            subject=subject_text(cert),
            why=N_("it names personal ID {named}, but account {username} belongs to {person_id}"),
            named=named,
            username=account.username,
            person_id=person.personal_id,
        )
    return "personal_id"


def check_certificate(
    s: Session,
    account: db.Account,
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate],
    moment: datetime,
) -> str:
    """Both checks (identity first: it needs no network); returns how the identity matched."""
    how = check_identity(s, account, cert)
    check_path(load_trust(s), cert, chain, moment)
    return how
