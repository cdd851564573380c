"""Check every signature of a signed PDF with pyHanko and say what was found, for people.

:func:`validate_pdf` gives one :class:`SignatureReport` per signature: who signed (the
certificate's common name), when (the time the signer wrote, and the timestamp authority's time
when there is a signature timestamp), whether the signed bytes are intact, whether the
certificate chains to a trusted root and is not revoked (CRLs given, nothing fetched), and how
much of the file the signature covers: the whole file (the last signature of a finished export)
or its own revision only, followed by later updates that pyHanko's difference analysis judges
(signing a further empty field is allowed; anything else is not).

:func:`report_pdf` prints them (``cbccvc verify FILE``) and returns 0 when every signature is
intact, valid, trusted, allowed by the modifications after it, with a valid timestamp when it has
one, and the last one covers the whole file; 1 otherwise (also for a file without signatures or
one that cannot be read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import attrs
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from rich.console import Console
from rich.table import Table

from ..i18n import N_, _
from ..signing.signer import run_async
from .pades import common_name, vietnam_time

COVERAGE = {
    SignatureCoverageLevel.ENTIRE_FILE: N_("whole document"),
    SignatureCoverageLevel.ENTIRE_REVISION: N_("its revision; later updates allowed"),
    SignatureCoverageLevel.CONTIGUOUS_BLOCK_FROM_START: N_("part of the document"),
    SignatureCoverageLevel.UNCLEAR: N_("unclear"),
}


@attrs.frozen(kw_only=True)
class SignatureReport:
    field: str
    signer: str
    signing_time: datetime | None
    """The time the signer's software wrote (signingTime), not proof of time."""
    timestamp: datetime | None
    """The timestamp authority's time (PAdES B-T), None without a signature timestamp."""
    timestamp_ok: bool | None
    """None without a timestamp; else whether the token is intact, valid and trusted."""
    intact: bool
    """The signed bytes are those that were signed."""
    valid: bool
    """The signature over them is mathematically valid."""
    trusted: bool
    """The certificate chains to a trusted root, is in date and not revoked."""
    coverage: str
    """``entire_file``, ``entire_revision``, ``contiguous_block_from_start`` or ``unclear``."""
    modifications_ok: bool
    """What was changed after the signature is allowed (or nothing was)."""
    level: str
    """``PAdES`` or ``PKCS#7`` and, for PAdES, ``B-B`` / ``B-T``."""
    problems: tuple[str, ...] = ()

    @property
    def covers_whole_document(self) -> bool:
        return self.coverage == "entire_file"

    @property
    def ok(self) -> bool:
        return (
            self.intact
            and self.valid
            and self.trusted
            and self.modifications_ok
            and self.timestamp_ok is not False
            and not self.problems
        )


class UnreadablePdfError(Exception):
    """Not a PDF pyHanko can read (the report says so; not a CbccvcError: it is a finding)."""


def validation_context(
    trust_roots: Sequence[Path], crls: Sequence[Path] = (), *, other_certs: Sequence[Path] = ()
) -> ValidationContext:
    """Trust these roots (PEM or DER files), use these CRLs, fetch nothing; revocation is checked
    when the certificate names a CRL and the CRL is given ("soft-fail" otherwise)."""
    from pyhanko.keys import load_certs_from_pemder

    roots = list(load_certs_from_pemder([str(p) for p in trust_roots])) if trust_roots else []  # type: ignore[no-untyped-call]
    others = list(load_certs_from_pemder([str(p) for p in other_certs])) if other_certs else []  # type: ignore[no-untyped-call]
    return ValidationContext(
        trust_roots=roots,
        other_certs=others,
        crls=[Path(p).read_bytes() for p in crls],
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=datetime.now(UTC),
    )


def _report(field: str, status: PdfSignatureStatus, level: str) -> SignatureReport:
    ts = status.timestamp_validity
    problems: list[str] = []
    if status.seed_value_constraint_error is not None:
        problems.append(str(status.seed_value_constraint_error))
    coverage = status.coverage.name.lower() if status.coverage is not None else "unclear"
    return SignatureReport(
        field=field,
        signer=common_name(status.signing_cert),
        signing_time=status.signer_reported_dt,
        timestamp=ts.timestamp if ts is not None else None,
        timestamp_ok=None if ts is None else bool(ts.intact and ts.valid and ts.trusted),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        coverage=coverage,
        modifications_ok=bool(status.docmdp_ok) or status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        level=level,
        problems=tuple(problems),
    )


def _level(sig: Any, has_ts: bool) -> str:
    subfilter = str(sig.sig_object.get("/SubFilter", ""))
    if subfilter == "/ETSI.CAdES.detached":
        return "PAdES B-T" if has_ts else "PAdES B-B"
    return "PKCS#7" + (" + TS" if has_ts else "")


def validate_pdf(data: bytes, vc: ValidationContext) -> list[SignatureReport]:
    """One report per signature, in signing order. :class:`UnreadablePdfError` if unreadable."""
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except Exception as exc:  # pyHanko raises many kinds on a damaged file
        raise UnreadablePdfError(f"{type(exc).__name__}: {exc}") from None
    reports = []
    for sig in sigs:
        try:
            status = run_async(async_validate_pdf_signature(sig, signer_validation_context=vc))
        except Exception as exc:
            reports.append(
                SignatureReport(
                    field=str(sig.field_name),
                    signer="?",
                    signing_time=None,
                    timestamp=None,
                    timestamp_ok=None,
                    intact=False,
                    valid=False,
                    trusted=False,
                    coverage="unclear",
                    modifications_ok=False,
                    level="?",
                    problems=(f"{type(exc).__name__}: {exc}",),
                )
            )
            continue
        reports.append(
            _report(str(sig.field_name), status, _level(sig, status.timestamp_validity is not None))
        )
    return reports


def all_ok(reports: Sequence[SignatureReport]) -> bool:
    """Every signature ok and the last one covering the whole file."""
    return bool(reports) and all(r.ok for r in reports) and reports[-1].covers_whole_document


def _yes(flag: bool | None) -> str:
    if flag is None:
        return "—"
    return _("yes") if flag else _("NO")


def report_pdf(path: Path, *, trust_roots: Sequence[Path], crls: Sequence[Path] = (), out: Console) -> int:
    """Print every signature of the PDF at ``path``; 0 if all are ok (see the module), else 1."""
    try:
        data = Path(path).read_bytes()
        reports = validate_pdf(data, validation_context(trust_roots, crls))
    except (OSError, UnreadablePdfError) as exc:
        out.print(_("Cannot read {path} as a PDF: {detail}").format(path=path, detail=exc))
        return 1
    if not reports:
        out.print(_("{path} holds no signature.").format(path=path))
        return 1
    table = Table(title=_("Signatures in {path}").format(path=Path(path).name))
    for col in (
        "#",
        _("Signer"),
        _("Signing time"),
        _("Timestamp"),
        _("Intact"),
        _("Trusted"),
        _("Covers"),
        _("Level"),
    ):
        table.add_column(col)
    for i, r in enumerate(reports, 1):
        table.add_row(
            str(i),
            r.signer,
            vietnam_time(r.signing_time) if r.signing_time else "—",
            (vietnam_time(r.timestamp) + ("" if r.timestamp_ok else " (" + _("NOT valid") + ")"))
            if r.timestamp
            else _("none"),
            _yes(r.intact and r.valid),
            _yes(r.trusted),
            _(COVERAGE[SignatureCoverageLevel[r.coverage.upper()]])
            + ("" if r.modifications_ok else " — " + _("changed afterwards in a way not allowed")),
            r.level,
        )
    out.print(table)
    for r in reports:
        for problem in r.problems:
            out.print(f"{r.field}: {problem}")
    ok = all_ok(reports)
    if ok:
        out.print(
            _("All {n} signatures are intact and trusted; the last one covers the whole document.").format(
                n=len(reports)
            )
        )
    elif not reports[-1].covers_whole_document and all(r.ok for r in reports):
        out.print(_("The document was changed after its last signature."))
    else:
        out.print(_("Verification FAILED: at least one signature is not intact, not trusted or not allowed."))
    return 0 if ok else 1


__all__ = [
    "SignatureReport",
    "UnreadablePdfError",
    "all_ok",
    "report_pdf",
    "validate_pdf",
    "validation_context",
]
