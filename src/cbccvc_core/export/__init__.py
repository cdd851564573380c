"""Signed exports of a dossier (xuất hồ sơ điện tử có ký số), issue 4.

:func:`export_dossier` renders the approved revision of a dossier as a PDF laid out like the
legal form (:mod:`.layout`), with two empty signature fields, and when signers are given signs it
twice (:mod:`.pades`): first the competent person (người có thẩm quyền), then the agency with its
organisation certificate; the agency's signature covers the whole document, the person's included.

Why two signatures: Quảng Nam Điều 6.4, Đồng Nai Điều 9.5 and Kon Tum Điều 9.4 say that data
exported as an electronic document, "được ký số bởi người có thẩm quyền và ký số của cơ quan nhà
nước theo quy định của pháp luật thì văn bản điện tử đó có giá trị pháp lý như bản gốc văn bản
giấy". The plugin's citation of that clause (:func:`legal_value_clause`) is printed under the
certification block and written in the PDF's Subject. See ``docs/export.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from ..model.dossier import content_hash, structure_content
from ..rules.citation import Citation
from ..rules.types import RuleSet
from ..signing.signer import Signer
from .layout import ExportSource, Layout, render
from .pades import (
    ExportError,
    NoApprovedRevisionError,
    Party,
    SignerCertificateError,
    TimestampError,
    add_signature_fields,
    check_certificate,
    sign_field,
)

if TYPE_CHECKING:
    from ..service import Workspace

_PAPER_VALUE = "như bản gốc văn bản giấy"


def legal_value_clause(ruleset: RuleSet) -> Citation | None:
    """The province's clause giving a signed electronic export the value of the paper original,
    found among the plugin's citations by the text's own words; None when the text has none."""
    for _where, citation in ruleset.citations():
        if _PAPER_VALUE in re.sub(r"\s+", " ", citation.quote):
            return citation
    return None


def legal_note(ruleset: RuleSet) -> str | None:
    """The sentence printed under the certification block."""
    c = legal_value_clause(ruleset)
    if c is None:
        return None
    return (
        "Văn bản điện tử được xuất từ Cơ sở dữ liệu, ký số bởi người có thẩm quyền và ký số của cơ quan, "
        f"đơn vị: theo {c.long('vi')} kèm theo {c.instrument.reference}, "
        f'"{c.quote}".'
    )


def load_source(ws: Workspace, dossier_id: int, *, now: datetime | None = None) -> ExportSource:
    """The approved revision of the dossier and the names the form prints.

    :class:`NoApprovedRevisionError` when nothing was approved; :class:`ExportError` when the
    stored content does not match its stored hash (the database was altered outside the library).
    """
    from ..db import schema as db
    from ..i18n import N_
    from ..service import NotFoundError

    with ws.session() as s:
        d = s.get(db.Dossier, dossier_id)
        if d is None:
            raise NotFoundError(entity=N_("dossier"), id=dossier_id)
        if d.approved_revision is None:
            raise NoApprovedRevisionError(dossier=dossier_id)
        p = s.get(db.Person, d.person_id)
        rev = s.execute(
            select(db.Revision).where(
                db.Revision.dossier_id == d.id, db.Revision.number == d.approved_revision
            )
        ).scalar_one()
        unit = s.get(db.Unit, d.unit_id)
        parent = s.get(db.Unit, unit.parent_id) if unit is not None and unit.parent_id else None
        assert p is not None and unit is not None
        content = structure_content(rev.content)
        if content_hash(content) != rev.content_hash:
            raise ExportError(
                detail=N_("the stored content of revision {revision} does not match its hash"),
                revision=rev.number,
            )
        return ExportSource(
            dossier_id=d.id,
            revision=rev.number,
            content_hash=rev.content_hash,
            approved_on=rev.decided_on,
            category=p.category,
            content=content,
            unit_name=unit.name,
            managing_unit_name=parent.name if parent is not None else None,
            province_name=ws.ruleset.profile.name,
            legal_note=legal_note(ws.ruleset),
            exported_at=now or datetime.now(UTC),
        )


def prepare(source: ExportSource) -> tuple[bytes, Layout]:
    """The unsigned export: the rendered form with its two empty signature fields."""
    layout = render(source)
    return add_signature_fields(layout.pdf, (layout.person, layout.agency)), layout


def export_dossier(
    ws: Workspace,
    dossier_id: int,
    *,
    signers: Sequence[tuple[Signer, str]] | None = None,
    timestamper_url: str | None = None,
    validation_context: ValidationContext | None = None,
    now: datetime | None = None,
) -> bytes:
    """The PDF of the dossier's approved revision, signed by ``signers`` when given.

    ``signers``: ``[(competent person's Signer, title), (agency's Signer, title)]``, in that
    order (the title is the chức vụ on the stamp). Both certificates are checked before anything
    is signed (:class:`SignerCertificateError`); ``validation_context`` adds revocation and trust
    checks. ``timestamper_url``: an RFC 3161 timestamp authority, for PAdES B-T.
    """
    from ..i18n import N_

    moment = now or datetime.now(UTC)
    source = load_source(ws, dossier_id, now=moment)
    parties = [Party(signer, title) for signer, title in signers or ()]
    if parties and len(parties) != 2:
        raise ExportError(
            detail=N_("two signers are needed (the competent person, then the agency), got {n}"),
            n=len(parties),
        )
    for party in parties:  # refused before anything is made, so nothing half-signed exists
        check_certificate(party.signer, at=moment, validation_context=validation_context)
    pdf, layout = prepare(source)
    location = f"{source.province_name}, Việt Nam" if source.province_name else None
    for party, box in zip(parties, (layout.person, layout.agency), strict=False):
        pdf = sign_field(pdf, box.field_name, party, timestamper_url=timestamper_url, location=location)
    return pdf


__all__ = [
    "ExportError",
    "ExportSource",
    "NoApprovedRevisionError",
    "Party",
    "SignerCertificateError",
    "TimestampError",
    "export_dossier",
    "legal_note",
    "legal_value_clause",
    "load_source",
    "prepare",
]
