"""Signed approvals (ký số phê duyệt): what is signed, how it is stored, how it is verified.

**What is signed.** Approving a revision with a signer signs, with pyHanko's CMS signing
(detached ``SignedData``, SHA-256, ``signingTime`` and ``signingCertificateV2`` attributes, the
signer's certificate and chain embedded), the RFC 8785 canonical JSON
(:mod:`~cbccvc_core.signing.canonical`) of::

    {"format": "cbccvc-approval/1",
     "province": "<province code>",
     "dossier": {"id": <dossier id>, "person": {"id": <person id>, "personal_id": "<12 digits>"}},
     "revision": {"id", "number", "state": "approved", "content": {…the sơ yếu lý lịch…},
                  "content_hash", "created_on", "created_by", "submitted_on", "decided_on",
                  "decided_by", "note"},
     "approver": {"account": <id>, "username": "…", "personal_id": "<12 digits>" | null},
     "authority": {"text": "own"} |
                  {"text": "delegated:<id> <document>", "delegation": <id>,
                   "document_ref": "…", "delegator": "<username>", "unit": "<unit id>",
                   "valid_from": "YYYY-MM-DD", "valid_to": "YYYY-MM-DD" | null},
     "signed_at": "YYYY-MM-DDTHH:MM:SSZ"}

Dates are ISO 8601 calendar dates, the signing time UTC to the second with ``Z``. The
signature is stored in ``approval_signatures`` with the revision.

**Verification** (:func:`verify_approvals`, ``cbccvc verify --db``) rebuilds the bytes from the
database for every stored signature and checks them against the CMS (integrity and signature
value), then the certificate: the one recorded, naming the approver, chaining to a trust root,
valid and not revoked at the signing time. Any field changed since, even straight in the
database, is reported with the dossier and revision. In a province whose text approves by
digital signature, an approved revision without a signature is reported too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import attrs
from asn1crypto import cms, x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import schema as db
from ..db import schema_signing as sdb
from ..errors import CbccvcError
from ..i18n import N_, _
from ..rules.types import ApprovalAct, RuleSet
from .canonical import JCSError, canonical_json, iso_date, iso_utc
from .signer import Signer, certificate_fingerprint, sign_detached
from .trust import CertificateRefusedError, TrustConfig, check_identity, check_path, load_trust, subject_text

if TYPE_CHECKING:
    from ..service import Workspace, _Work

__all__ = [
    "FORMAT",
    "ApprovalCheck",
    "Prepared",
    "SignatureRequiredError",
    "approval_bytes",
    "prepare",
    "record",
    "signature_required",
    "verify_approvals",
]

FORMAT = "cbccvc-approval/1"


class SignatureRequiredError(CbccvcError):
    template = N_(
        "{province} approves by digital signature ({basis}): approving needs a signer "
        "(a PKCS#12 file or a PKCS#11 token); nothing was written."
    )


def signature_required(ruleset: RuleSet) -> str | None:
    """The article that makes approval a digital signature (ký số) in this province, or None."""
    policy = ruleset.approval
    if policy is not None and policy.act == ApprovalAct.DIGITAL_SIGNATURE:
        return policy.act_source.basis
    return None


def signing_configured(s: Session) -> bool:
    """Has the workspace ever had a trust root? From then on a province whose text approves by
    digital signature refuses unsigned approvals (before, there is no CA to sign against: such
    approvals are allowed, and ``cbccvc verify`` reports each of them)."""
    return s.execute(select(sdb.TrustRoot.id).limit(1)).first() is not None


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# -- the payload -----------------------------------------------------------------------------------


def _authority(s: Session, text: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text}
    if text and text.startswith("delegated:"):
        ref = text[len("delegated:") :].split(" ", 1)[0]
        dl = s.get(db.Delegation, int(ref)) if ref.isdigit() else None
        if dl is not None:
            delegator = s.get(db.Account, dl.delegator_id)
            out.update(
                delegation=dl.id,
                document_ref=dl.document_ref,
                delegator=delegator.username if delegator else None,
                unit=dl.unit_id,
                valid_from=iso_date(dl.valid_from),
                valid_to=iso_date(dl.valid_to),
            )
        else:
            out.update(delegation=None)
    return out


def approval_payload(
    s: Session, province: str, rev: db.Revision, account_id: int, signed_at: str
) -> dict[str, Any]:
    """The approval as a JSON object (before canonicalisation), read from the database."""
    d = s.get(db.Dossier, rev.dossier_id)
    person = s.get(db.Person, d.person_id) if d is not None else None
    acc = s.get(db.Account, account_id)
    holder = s.get(db.Person, acc.person_id) if acc is not None and acc.person_id is not None else None
    return {
        "format": FORMAT,
        "province": province,
        "dossier": {
            "id": rev.dossier_id,
            "person": {"id": person.id, "personal_id": person.personal_id} if person else None,
        },
        "revision": {
            "id": rev.id,
            "number": rev.number,
            "state": rev.state,
            "content": rev.content,
            "content_hash": rev.content_hash,
            "created_on": iso_date(rev.created_on),
            "created_by": rev.created_by,
            "submitted_on": iso_date(rev.submitted_on),
            "decided_on": iso_date(rev.decided_on),
            "decided_by": rev.decided_by,
            "note": rev.note,
        },
        "approver": {
            "account": account_id,
            "username": acc.username if acc else None,
            # the account's role and unit may change later by legitimate acts; they are not signed
            "personal_id": holder.personal_id if holder else None,
        },
        "authority": _authority(s, rev.authority),
        "signed_at": signed_at,
    }


def approval_bytes(s: Session, province: str, rev: db.Revision, account_id: int, signed_at: str) -> bytes:
    """The exact bytes an approval signs (RFC 8785 canonical JSON of :func:`approval_payload`)."""
    return canonical_json(approval_payload(s, province, rev, account_id, signed_at))


# -- signing inside Actor.approve --------------------------------------------------------------------


@attrs.frozen
class Prepared:
    """A signer whose certificate was accepted for this account, and the signing time."""

    signer: Signer
    signed_at: datetime
    identity: str


def prepare(w: _Work, signer: Signer | None) -> Prepared | None:
    """Before anything is written: is a signature required, and may this signer make it?
    Raises :class:`SignatureRequiredError` or :class:`CertificateRefusedError`."""
    if signer is None:
        basis = signature_required(w.ws.ruleset)
        if basis is not None and signing_configured(w.s):
            raise SignatureRequiredError(province=w.ws.ruleset.profile.name, basis=basis)
        return None
    moment = _now()
    identity = check_identity(w.s, w.account, signer.certificate)
    check_path(load_trust(w.s), signer.certificate, signer.chain, moment)
    return Prepared(signer, moment, identity)


def record(w: _Work, d: db.Dossier, rev: db.Revision, prepared: Prepared) -> sdb.ApprovalSignature:
    """Sign the approved revision (already updated and flushed) and store the signature."""
    signed_at = iso_utc(prepared.signed_at)
    data = approval_bytes(w.s, w.ws.ruleset.code, rev, w.account.id, signed_at)
    der = sign_detached(prepared.signer, data, signing_time=prepared.signed_at)
    cert = prepared.signer.certificate
    row = sdb.ApprovalSignature(
        revision_id=rev.id,
        dossier_id=d.id,
        revision_number=rev.number,
        format=FORMAT,
        signed_at=signed_at,
        account_id=w.account.id,
        certificate_sha256=certificate_fingerprint(cert),
        signer_subject=subject_text(cert),
        cms=der,
    )
    w.s.add(row)
    w.s.flush()
    w.audit(
        "sign_approval",
        "approval_signature",
        row.id,
        None,
        {
            "revision_id": rev.id,
            "dossier_id": d.id,
            "revision_number": rev.number,
            "format": FORMAT,
            "signed_at": signed_at,
            "certificate_sha256": row.certificate_sha256,
            "signed_sha256": hashlib.sha256(data).hexdigest(),
            "cms_sha256": hashlib.sha256(der).hexdigest(),
        },
        identity=prepared.identity,
    )
    return row


# -- verification ------------------------------------------------------------------------------------


@attrs.frozen
class ApprovalCheck:
    """The verdict on one approval. ``reason`` is for people (current language)."""

    dossier_id: int
    revision: int
    ok: bool
    why: str | None = None
    """English msgid of the failure (None when ok)."""
    fields: dict[str, Any] = attrs.field(factory=dict)
    signer: str | None = None
    signed_at: str | None = None

    @property
    def reason(self) -> str:
        if self.why is None:
            return _("signature valid")
        text = _(self.why)
        try:
            return text.format(**self.fields)
        except (KeyError, IndexError, ValueError):
            return text

    def message(self, lang: str | None = None) -> str:
        head = _("dossier {dossier}, revision {revision}", lang).format(
            dossier=self.dossier_id, revision=self.revision
        )
        body = _(self.why, lang).format(**self.fields) if self.why else _("signature valid", lang)
        return f"{head}: {body}"


def _signer_info(
    der: bytes,
) -> tuple[cms.SignedData, cms.SignerInfo, x509.Certificate, list[x509.Certificate]]:
    ci = cms.ContentInfo.load(der)
    if ci["content_type"].native != "signed_data":
        raise ValueError("not a SignedData")
    sd = ci["content"]
    infos = sd["signer_infos"]
    if len(infos) != 1:
        raise ValueError("expected one signer")
    si = infos[0]
    certs = [c.chosen for c in sd["certificates"] if c.name == "certificate"]
    sid = si["sid"]
    own = None
    for c in certs:
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if c.issuer == ias["issuer"] and c.serial_number == ias["serial_number"].native:
                own = c
        elif c.key_identifier == sid.chosen.native:
            own = c
    if own is None:
        raise ValueError("the signer's certificate is not embedded")
    return sd, si, own, [c for c in certs if c is not own]


def _signed_attr(si: cms.SignerInfo, name: str) -> Any:
    for attr in si["signed_attrs"]:
        if attr["type"].native == name:
            return attr["values"][0].native
    return None


def check_one(s: Session, province: str, sig: sdb.ApprovalSignature, trust: TrustConfig) -> ApprovalCheck:
    """Re-derive the signed bytes of one stored approval signature and check everything."""
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    def fail(why: str, **fields: Any) -> ApprovalCheck:
        return ApprovalCheck(
            sig.dossier_id, sig.revision_number, False, why, fields, sig.signer_subject, sig.signed_at
        )

    rev = s.get(db.Revision, sig.revision_id)
    if rev is None:
        return fail(N_("the signed revision no longer exists"))
    if rev.dossier_id != sig.dossier_id or rev.number != sig.revision_number:
        return fail(
            N_("the signature is filed under another revision (stored: dossier {d}, revision {n})"),
            d=rev.dossier_id,
            n=rev.number,
        )
    if sig.format != FORMAT:
        return fail(N_("unknown signed format {format!r}"), format=sig.format)
    if rev.state != "approved" or rev.decided_by != sig.account_id:
        return fail(
            N_("the revision's approval changed since signing (state {state}, decided by account {by})"),
            state=rev.state,
            by=rev.decided_by,
        )
    try:
        data = approval_bytes(s, province, rev, sig.account_id, sig.signed_at)
    except JCSError as exc:
        return fail(N_("the stored data can no longer be serialised ({detail})"), detail=str(exc))
    try:
        _sd, si, cert, others = _signer_info(sig.cms)
    except (ValueError, TypeError, KeyError) as exc:
        return fail(N_("the stored signature is unreadable ({detail})"), detail=str(exc))
    digest_algo = si["digest_algorithm"]["algorithm"].native
    actual = hashlib.new(digest_algo, data).digest()
    try:
        intact, valid = validate_sig_integrity(si, cert, expected_content_type="data", actual_digest=actual)
    except Exception as exc:
        return fail(
            N_("the stored signature is unreadable ({detail})"), detail=f"{type(exc).__name__}: {exc}"
        )
    if not intact:
        return fail(
            N_("the approved data in the database differ from what was signed (changed after signing)")
        )
    if not valid:
        return fail(N_("the signature value does not verify"))
    if certificate_fingerprint(cert) != sig.certificate_sha256:
        return fail(N_("the embedded certificate is not the one recorded with the approval"))
    signing_time = _signed_attr(si, "signing_time")
    if signing_time is None or iso_utc(signing_time) != sig.signed_at:
        return fail(N_("the signing time in the signature differs from the stored one"))
    account = s.get(db.Account, sig.account_id)
    if account is None:
        return fail(N_("the approving account no longer exists"))
    moment = datetime.strptime(sig.signed_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    try:
        check_identity(s, account, cert)
        check_path(trust, cert, others, moment)
    except CertificateRefusedError as exc:
        return fail(N_("certificate: {detail}"), detail=exc.message())
    return ApprovalCheck(
        sig.dossier_id, sig.revision_number, True, None, {}, sig.signer_subject, sig.signed_at
    )


def verify_approvals(
    ws: Workspace,
    *,
    extra_roots: Sequence[x509.Certificate] = (),
    extra_crls: Sequence[bytes] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[ApprovalCheck]:
    """Check every signed approval in the workspace (one :class:`ApprovalCheck` each, by
    dossier and revision), and, where the province requires signatures, report approved
    revisions that have none."""
    out: list[ApprovalCheck] = []
    with ws.session() as s:
        trust = load_trust(s).with_extra(extra_roots, extra_crls)
        ids = list(s.execute(select(sdb.ApprovalSignature.id).order_by(sdb.ApprovalSignature.id)).scalars())
        for n, sid in enumerate(ids, 1):
            sig = s.get(sdb.ApprovalSignature, sid)
            assert sig is not None
            out.append(check_one(s, ws.ruleset.code, sig, trust))
            if progress is not None:
                progress(n, len(ids))
            if n % 500 == 0:
                s.expunge_all()
        if signature_required(ws.ruleset) is not None:
            signed = select(sdb.ApprovalSignature.revision_id)
            rows = s.execute(
                select(db.Revision.dossier_id, db.Revision.number)
                .where(db.Revision.state == "approved", db.Revision.id.not_in(signed))
                .order_by(db.Revision.dossier_id, db.Revision.number)
            ).all()
            out.extend(
                ApprovalCheck(did, number, False, N_("approved without a signature, which the text requires"))
                for did, number in rows
            )
    out.sort(key=lambda c: (c.dossier_id, c.revision))
    return out


def signatures_of(ws: Workspace, dossier_id: int) -> list[dict[str, Any]]:
    """The stored signatures of a dossier (for display)."""
    with ws.session() as s:
        return [
            {
                "revision": r.revision_number,
                "signed_at": r.signed_at,
                "signer": r.signer_subject,
                "certificate_sha256": r.certificate_sha256,
            }
            for r in s.execute(
                select(sdb.ApprovalSignature)
                .where(sdb.ApprovalSignature.dossier_id == dossier_id)
                .order_by(sdb.ApprovalSignature.revision_number)
            ).scalars()
        ]
