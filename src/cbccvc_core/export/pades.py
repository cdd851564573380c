"""PAdES signatures of an exported dossier, with a visible Vietnamese stamp.

The exported PDF is prepared with two empty signature fields (:func:`add_signature_fields`):
the competent person's (người có thẩm quyền) and the agency's (cơ quan, đơn vị: the
organisation certificate, its digital seal). :func:`sign_field` fills one of them with a PAdES
signature (``ETSI.CAdES.detached``, SHA-256) in an incremental update, so the person signs first
and the agency's signature, made over the result, covers the person's signature too. With a
timestamp authority the signature is PAdES B-T (an RFC 3161 signature timestamp).

The stamp shows the signer's name (the certificate's common name), the title (chức vụ) and the
signing time in Vietnam time, "Thời gian ký: 25/11/2026 10:15:00 +07:00", in DejaVu Sans
(:func:`cbccvc_core.fonts.font_path`) embedded through pyHanko's OpenType support, so every
Vietnamese letter renders. The time shown is the one written in the signature (its
``signingTime`` attribute).

Before anything is signed the certificate is checked (:func:`check_certificate`): an expired or
not yet valid certificate, and with a validation context a revoked or untrusted one, is refused
with :class:`SignerCertificateError` and nothing is written.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import attrs
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator import errors as cv_errors

from ..errors import CbccvcError
from ..fonts import font_path
from ..i18n import N_
from ..signing.signer import Signer, run_async
from .layout import StampBox

# fontTools tells, for every stamp, that it drops DejaVu's FFTM table (a font-forge timestamp)
# from the subset: expected, not worth a line on the user's terminal.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

VIETNAM = timezone(timedelta(hours=7), "ICT")
"""Giờ Việt Nam (UTC+7, no daylight saving)."""

STAMP_TEXT = "Ký bởi: %(name)s\nChức vụ: %(title)s\nThời gian ký: %(when)s"


class ExportError(CbccvcError):
    template = N_("Cannot export the dossier: {detail}")


class NoApprovedRevisionError(ExportError):
    template = N_("Dossier {dossier} has no approved revision to export; approve it first.")


class SignerCertificateError(ExportError):
    template = N_("Refusing to sign the export with the certificate of {who}: {why}. Nothing was written.")


class TimestampError(ExportError):
    template = N_(
        "The timestamp authority {url} did not answer with a timestamp: {detail}. Nothing was written."
    )


@attrs.frozen
class Party:
    """Who signs, with the title (chức vụ) the stamp shows."""

    signer: Signer
    title: str


def vietnam_time(moment: datetime) -> str:
    """``25/11/2026 10:15:00 +07:00``."""
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S +07:00")


def common_name(cert: asn1_x509.Certificate) -> str:
    subject: dict[str, Any] = cert.subject.native
    name = subject.get("common_name") or subject.get("organization_name") or cert.subject.human_friendly
    return str(name[-1] if isinstance(name, list) else name)


def add_signature_fields(pdf: bytes, boxes: Sequence[StampBox]) -> bytes:
    """``pdf`` with an empty visible signature field per box (one incremental update)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    for b in boxes:
        fields.append_signature_field(writer, fields.SigFieldSpec(b.field_name, on_page=b.page, box=b.box))
    out = BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def check_certificate(
    signer: Signer, *, at: datetime, validation_context: ValidationContext | None = None
) -> None:
    """Refuse a certificate that is expired, not yet valid, or (with a validation context)
    revoked or not trusted: :class:`SignerCertificateError`."""
    cert = signer.certificate
    who = common_name(cert)
    if at > cert.not_valid_after:
        raise SignerCertificateError(
            who=who, why=N_("it expired on {until}"), until=f"{cert.not_valid_after:%d/%m/%Y}"
        )
    if at < cert.not_valid_before:
        raise SignerCertificateError(
            who=who, why=N_("it is valid only from {since}"), since=f"{cert.not_valid_before:%d/%m/%Y}"
        )
    if validation_context is None:
        return
    validator = CertificateValidator(
        cert, intermediate_certs=list(signer.chain), validation_context=validation_context
    )
    try:
        run_async(validator.async_validate_usage({"digital_signature"}))  # type: ignore[no-untyped-call]
    except cv_errors.RevokedError:
        raise SignerCertificateError(who=who, why=N_("it is revoked")) from None
    except cv_errors.ExpiredError:
        raise SignerCertificateError(who=who, why=N_("it is expired")) from None
    except (
        cv_errors.PathBuildingError,
        cv_errors.PathValidationError,
        cv_errors.InvalidCertificateError,
    ) as exc:
        raise SignerCertificateError(
            who=who, why=N_("it is not trusted ({detail})"), detail=str(exc)
        ) from None


STAMP_CHARACTERS = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x180),  # Latin-1 supplement, Latin Extended-A (names with foreign letters)
    *range(0x1A0, 0x1B1),  # Ơ ơ Ư ư
    *range(0x300, 0x324),  # combining marks (a name typed in decomposed form)
    *range(0x1EA0, 0x1EFA),  # Latin Extended Additional: the Vietnamese letters with tone marks
    0x110,
    0x111,  # Đ đ
    *range(0x2010, 0x2027),  # dashes, quotes, ellipsis
]
"""What a stamp can show: every Vietnamese letter, and then some."""


@cache
def stamp_font() -> str:
    """DejaVu Sans cut down to :data:`STAMP_CHARACTERS` at 1000 units per em, written once per
    process.

    pyHanko subsets the stamp font again for every signature; from the whole of DejaVu Sans
    (its large layout tables) that costs ~0.4 s a signature, from this cut ~10 ms."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib.scaleUpem import scale_upem  # type: ignore[import-untyped]

    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(font_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_CHARACTERS)
    subsetter.subset(font)
    # pyHanko writes the glyph widths (/W) in font units, which PDF reads as thousandths of an
    # em: right only for a font of 1000 units per em. DejaVu has 2048 (the stamp's letters came
    # out twice as far apart), so the cut is rescaled to 1000.
    scale_upem(font, 1000)
    folder = Path(tempfile.mkdtemp(prefix="cbccvc_font_"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "DejaVuSans-stamp.ttf"
    font.save(str(path))
    return str(path)


def _stamp_style() -> TextStampStyle:
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(stamp_font(), font_size=10), font_size=10, leading=13
        ),
        border_width=1,
        background=None,
    )


async def _sign(
    pdf: bytes,
    field: str,
    party: Party,
    *,
    timestamper: HTTPTimeStamper | None,
    reason: str,
    location: str | None,
) -> bytes:
    name = common_name(party.signer.certificate)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name,
    )
    pdf_signer = signers.PdfSigner(
        meta, signer=party.signer.pyhanko_signer, timestamper=timestamper, stamp_style=_stamp_style()
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    # The same steps as PdfSigner.async_sign_pdf, with the session's signing time (the one the
    # CMS signingTime attribute carries) written on the stamp.
    session = pdf_signer.init_signing_session(writer, existing_fields_only=True)
    validation_info = await session.perform_presign_validation(writer)
    # Room for the CMS: pyHanko would estimate it with a dry-run signature (and, with a timestamp
    # authority, a real request): the certificates, the signature and a timestamp token's worth.
    certs = [party.signer.certificate, *party.signer.chain]
    reserved = 4096 + 2 * sum(len(c.dump()) for c in certs) + (16384 if timestamper is not None else 0)
    tbs = session.prepare_tbs_document(
        validation_info=validation_info,
        bytes_reserved=reserved,
        appearance_text_params={
            "name": name,
            "title": party.title,
            "when": vietnam_time(session.system_time),
        },
    )
    digest, output = tbs.digest_tbs_document(in_place=False, output=None)
    post = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=session.system_time),
    )
    await post.post_signature_processing(output)
    output.seek(0)
    return bytes(output.read())


def sign_field(
    pdf: bytes,
    field: str,
    party: Party,
    *,
    timestamper_url: str | None = None,
    reason: str = "Ký số xác nhận hồ sơ cán bộ, công chức, viên chức",
    location: str | None = None,
    validation_context: ValidationContext | None = None,
    now: datetime | None = None,
) -> bytes:
    """``pdf`` with ``field`` signed by ``party`` (PAdES B-B, or B-T with a timestamp authority).

    The certificate is checked first (:func:`check_certificate`)."""
    check_certificate(party.signer, at=now or datetime.now(UTC), validation_context=validation_context)
    timestamper = HTTPTimeStamper(timestamper_url, timeout=10) if timestamper_url else None
    try:
        return bytes(
            run_async(_sign(pdf, field, party, timestamper=timestamper, reason=reason, location=location))
        )
    except CbccvcError:
        raise
    except Exception as exc:
        if timestamper_url and _is_timestamp_failure(exc):
            raise TimestampError(url=timestamper_url, detail=f"{type(exc).__name__}: {exc}") from None
        raise ExportError(detail=f"{type(exc).__name__}: {exc}") from None


def _is_timestamp_failure(exc: BaseException) -> bool:
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TimestampRequestError) or "timestamp" in type(seen).__name__.lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


__all__ = [
    "STAMP_TEXT",
    "VIETNAM",
    "ExportError",
    "NoApprovedRevisionError",
    "Party",
    "SignerCertificateError",
    "TimestampError",
    "add_signature_fields",
    "check_certificate",
    "common_name",
    "sign_field",
    "vietnam_time",
]
