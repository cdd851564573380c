"""Signed exports, checked by two independent implementations: pyHanko's validator and poppler's
``pdfsig``. Both must accept the untouched file and reject one with a single byte changed in the
signed range. The timestamps come from a local RFC 3161 server on the loopback interface.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from conftest_db import kontum_world, raw_engine, snapshot
from export_support import (
    approval_pki,
    approved_dossier,
    needs_pdfsig,
    needs_pdftotext,
    pdf_text,
    pdfsig,
    squeeze,
)
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from rich.console import Console

from cbccvc_core.cli import main
from cbccvc_core.export import SignerCertificateError, TimestampError, export_dossier
from cbccvc_core.export.tsa import LocalTSA
from cbccvc_core.export.verify import report_pdf, validate_pdf, validation_context
from cbccvc_core.i18n import set_language
from cbccvc_core.signing.pki import TestPKI

HEAD = ("062080000001", "Trần Văn Trưởng")
AGENCY = ("KT.SYT", "Sở Y tế tỉnh Kon Tum")
ICT = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> TestPKI:
    return TestPKI.generate(tmp_path_factory.mktemp("pki"), people=[HEAD], organisations=[AGENCY])


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    with LocalTSA(tmp_path_factory.mktemp("tsa")) as server:
        yield server


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    kt = kontum_world(str(tmp_path_factory.mktemp("db") / "kt.db"))
    did, _pr = approved_dossier(kt, pki=approval_pki(kt, tmp_path_factory.mktemp("approval-pki")))
    return kt, did


def _signers(pki, head=HEAD[0], agency=AGENCY[0]):
    return [(pki.signer(head), "Giám đốc"), (pki.signer(agency), "Cơ quan, đơn vị")]


@pytest.fixture(scope="module")
def signed(world, pki, tsa, tmp_path_factory) -> Path:
    """The dossier exported and signed twice, PAdES B-T."""
    kt, did = world
    before = tsa.requests
    data = export_dossier(
        kt.ws,
        did,
        signers=_signers(pki),
        timestamper_url=tsa.url,
        validation_context=pki.validation_context(),
    )
    assert tsa.requests > before  # the timestamps did come from the local server
    path = tmp_path_factory.mktemp("out") / "signed.pdf"
    path.write_bytes(data)
    return path


def _vc(pki, tsa) -> ValidationContext:
    return ValidationContext(
        trust_roots=[pki.root, tsa.root],
        other_certs=[pki.issuing],
        crls=[pki.crl_path.read_bytes()],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _pyhanko(path: Path, vc: ValidationContext):
    reader = PdfFileReader(BytesIO(path.read_bytes()))
    return [validate_pdf_signature(sig, signer_validation_context=vc) for sig in reader.embedded_signatures]


def _flip_in_signed_range(path: Path, out: Path) -> Path:
    """One byte changed inside the first revision (covered by both signatures): a letter of the
    document's /Creator string."""
    data = bytearray(path.read_bytes())
    at = data.find(b"/Creator (cbccvc") + len(b"/Creator (")
    ranges = [int(n) for n in re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", bytes(data))[0]]
    assert ranges[0] <= at < ranges[0] + ranges[1]  # inside the first signed range
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    return out


# -- pyHanko ----------------------------------------------------------------------------------------


def test_pyhanko_accepts_both_signatures_in_order(signed, pki, tsa):
    person, agency = _pyhanko(signed, _vc(pki, tsa))
    for status in (person, agency):
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.bottom_line
        ts = status.timestamp_validity
        assert ts is not None and ts.intact and ts.valid and ts.trusted  # PAdES B-T
    assert person.signing_cert.subject.native["common_name"] == HEAD[1]
    assert agency.signing_cert.subject.native["common_name"] == AGENCY[1]
    # The competent person signed first: their signature covers its revision, the agency's
    # (made over it) the whole file.
    assert person.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert agency.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert person.docmdp_ok  # what came after (the agency's signature) is allowed
    assert person.signer_reported_dt <= agency.signer_reported_dt


def test_pyhanko_rejects_a_flipped_byte(signed, pki, tsa, tmp_path):
    bad = _flip_in_signed_range(signed, tmp_path / "bad.pdf")
    statuses = _pyhanko(bad, _vc(pki, tsa))
    assert statuses and not any(s.intact for s in statuses)
    assert not any(s.bottom_line for s in statuses)


def test_without_the_root_nothing_is_trusted(signed, tsa):
    vc = ValidationContext(trust_roots=[tsa.root], allow_fetching=False)
    statuses = _pyhanko(signed, vc)
    assert all(s.intact and not s.trusted for s in statuses)


# -- pdfsig (poppler, NSS) ---------------------------------------------------------------------------


@needs_pdfsig
def test_pdfsig_accepts_the_untouched_file(signed, tmp_path):
    first, second = pdfsig(signed, tmp_path)
    assert first["Signature Field Name"] == "Sig_NguoiCoThamQuyen"
    assert first["Signer Certificate Common Name"] == HEAD[1]
    assert second["Signer Certificate Common Name"] == AGENCY[1]
    assert first["Signature Validation"] == "Signature is Valid."
    assert second["Signature Validation"] == "Signature is Valid."
    assert first["Signature Type"] == second["Signature Type"] == "ETSI.CAdES.detached"
    assert (first["total"], second["total"]) == ("no", "yes")


@needs_pdfsig
def test_pdfsig_rejects_a_flipped_byte(signed, tmp_path):
    bad = _flip_in_signed_range(signed, tmp_path / "bad.pdf")
    sigs = pdfsig(bad, tmp_path)
    assert len(sigs) == 2
    assert all(s["Signature Validation"] != "Signature is Valid." for s in sigs), sigs
    assert all("Digest Mismatch" in s["Signature Validation"] for s in sigs), sigs


# -- the visible stamps ------------------------------------------------------------------------------


@needs_pdftotext
def test_the_stamps_show_name_title_and_vietnam_time_of_the_signature(signed, pki, tsa):
    statuses = _pyhanko(signed, _vc(pki, tsa))
    text = pdf_text(signed)
    for status, (name, title) in zip(
        statuses, [(HEAD[1], "Giám đốc"), (AGENCY[1], "Cơ quan, đơn vị")], strict=True
    ):
        assert f"Ký bởi: {name}" in text
        assert f"Chức vụ: {title}" in text
        when = status.signer_reported_dt.astimezone(ICT)
        assert f"Thời gian ký: {when:%d/%m/%Y %H:%M:%S} +07:00" in text
    assert squeeze("Người có thẩm quyền (ký số)") in squeeze(text)


# -- our report (cbccvc verify calls it) -----------------------------------------------------------


def test_report_accepts_the_untouched_file_and_names_the_signers(signed, pki, tsa):
    set_language("vi")
    console = Console(record=True, width=200)
    code = report_pdf(signed, trust_roots=[pki.root_pem, tsa.root_pem], crls=[pki.crl_path], out=console)
    text = console.export_text()
    assert code == 0, text
    assert HEAD[1] in text and AGENCY[1] in text
    assert "toàn bộ tài liệu" in text  # coverage of the last signature, in Vietnamese
    assert "+07:00" in text
    reports = validate_pdf(
        signed.read_bytes(), validation_context([pki.root_pem, tsa.root_pem], [pki.crl_path])
    )
    assert [r.level for r in reports] == ["PAdES B-T", "PAdES B-T"]
    assert [r.covers_whole_document for r in reports] == [False, True]


def test_report_rejects_a_flipped_byte_and_an_unknown_root(signed, pki, tsa, tmp_path):
    bad = _flip_in_signed_range(signed, tmp_path / "bad.pdf")
    assert report_pdf(bad, trust_roots=[pki.root_pem, tsa.root_pem], out=Console(record=True)) == 1
    assert report_pdf(signed, trust_roots=[tsa.root_pem], out=Console(record=True)) == 1


def test_report_on_an_unsigned_or_unreadable_file(world, tmp_path, pki):
    kt, did = world
    unsigned = tmp_path / "unsigned.pdf"
    unsigned.write_bytes(export_dossier(kt.ws, did))
    console = Console(record=True)
    assert report_pdf(unsigned, trust_roots=[pki.root_pem], out=console) == 1
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    assert report_pdf(junk, trust_roots=[pki.root_pem], out=console) == 1


# -- B-B, refusals ---------------------------------------------------------------------------------


def test_without_a_timestamp_authority_the_level_is_b_b(world, pki):
    kt, did = world
    data = export_dossier(kt.ws, did, signers=_signers(pki))
    reports = validate_pdf(data, validation_context([pki.root_pem], [pki.crl_path]))
    assert [r.level for r in reports] == ["PAdES B-B", "PAdES B-B"]
    assert all(r.timestamp is None and r.ok for r in reports)


@pytest.mark.parametrize("who", ["revoked", "expired"])
@pytest.mark.parametrize("position", [0, 1])
def test_a_revoked_or_expired_certificate_is_refused_before_anything_is_signed(world, pki, who, position):
    kt, did = world
    bad = getattr(pki, who)
    signers = _signers(pki)
    signers[position] = (pki.signer(bad), "Phó Giám đốc")
    with pytest.raises(SignerCertificateError) as info:
        export_dossier(kt.ws, did, signers=signers, validation_context=pki.validation_context())
    assert ("revoked" if who == "revoked" else "expired") in info.value.message("en")


def test_an_expired_certificate_is_refused_even_without_a_validation_context(world, pki):
    kt, did = world
    signers = _signers(pki)
    signers[0] = (pki.signer(pki.expired), "Phó Giám đốc")
    with pytest.raises(SignerCertificateError, match="expired"):
        export_dossier(kt.ws, did, signers=signers)


def test_a_silent_timestamp_authority_is_a_typed_error(world, pki):
    kt, did = world
    dead = LocalTSA()
    url = dead.url
    dead.stop()  # the port is closed again: connection refused
    with pytest.raises(TimestampError):
        export_dossier(kt.ws, did, signers=_signers(pki), timestamper_url=url)


# -- the command line --------------------------------------------------------------------------------


def test_cli_refuses_a_revoked_signer_and_writes_nothing(world, pki, tmp_path, monkeypatch):
    kt, did = world
    monkeypatch.setenv("P12_PASS", pki.passphrase.decode())
    out = tmp_path / "x.pdf"
    before = snapshot(raw_engine(kt.url))
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "export",
                "--db",
                kt.url,
                "--dossier",
                str(did),
                "--pdf",
                str(out),
                "--sign",
                "--signer-p12",
                str(pki.p12(pki.revoked)),
                "--agency-p12",
                str(pki.p12(AGENCY[0])),
                "--passphrase-env",
                "P12_PASS",
                "--trust-root",
                str(pki.root_pem),
                "--crl",
                str(pki.crl_path),
            ]
        )
    assert exit_info.value.code == 2
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert snapshot(raw_engine(kt.url)) == before


def test_cli_signs_with_pkcs12_files_and_a_tsa(world, pki, tsa, tmp_path, monkeypatch, capsys):
    kt, did = world
    monkeypatch.setenv("P12_PASS", pki.passphrase.decode())
    out = tmp_path / "signed.pdf"
    main(
        [
            "export",
            "--db",
            kt.url,
            "--dossier",
            str(did),
            "--pdf",
            str(out),
            "--sign",
            "--signer-p12",
            str(pki.p12(HEAD[0])),
            "--title",
            "Giám đốc Sở",
            "--agency-p12",
            str(pki.p12(AGENCY[0])),
            "--passphrase-env",
            "P12_PASS",
            "--trust-root",
            str(pki.root_pem),
            "--crl",
            str(pki.crl_path),
            "--tsa",
            tsa.url,
        ]
    )
    printed = capsys.readouterr().out
    assert f"hồ sơ {did}" in printed and str(out) in printed
    reports = validate_pdf(out.read_bytes(), validation_context([pki.root_pem, tsa.root_pem], [pki.crl_path]))
    assert [r.signer for r in reports] == [HEAD[1], AGENCY[1]]
    assert all(r.ok for r in reports) and reports[-1].covers_whole_document
    assert all(r.timestamp is not None and r.timestamp_ok for r in reports)


def test_cli_demo_with_a_test_pki(world, tmp_path):
    kt, did = world
    out = tmp_path / "demo.pdf"
    main(
        [
            "export",
            "--db",
            kt.url,
            "--dossier",
            str(did),
            "--pdf",
            str(out),
            "--sign",
            "--test-pki",
            str(tmp_path / "pki"),
        ]
    )
    reports = validate_pdf(
        out.read_bytes(),
        validation_context([tmp_path / "pki" / "root.pem"], [tmp_path / "pki" / "issuing.crl"]),
    )
    assert len(reports) == 2 and all(r.ok for r in reports)
    assert reports[1].signer == "Bệnh viện Đa khoa tỉnh"  # the dossier's unit signs as the agency
    assert datetime.now(UTC) - reports[1].signing_time < timedelta(minutes=5)


def test_cbccvc_verify_accepts_the_export_and_rejects_a_flipped_byte(signed, pki, tsa, tmp_path, capsys):
    args = ["--trust-root", str(pki.root_pem), "--trust-root", str(tsa.root_pem), "--crl", str(pki.crl_path)]
    main(["--lang", "en", "verify", str(signed), *args])  # exit 0: returns
    printed = capsys.readouterr().out
    assert HEAD[1] in printed and AGENCY[1] in printed and "whole document" in printed
    bad = _flip_in_signed_range(signed, tmp_path / "bad.pdf")
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en", "verify", str(bad), *args])
    assert exit_info.value.code == 1
    assert "FAILED" in capsys.readouterr().out


def _fonts(xobject, seen=None):
    """Every font in an appearance stream and the forms it draws."""
    res = xobject.get("/Resources", {})
    for font in res.get("/Font", {}).values():
        yield font.get_object()
    for form in res.get("/XObject", {}).values():
        yield from _fonts(form.get_object())


def test_stamp_glyph_widths_agree_with_the_embedded_font(signed):
    """PDF reads /W in thousandths of an em: the widths written must be the embedded font's own
    advances scaled to 1000 units (a font of 2048 units written unscaled spaces the letters out)."""
    from fontTools.ttLib import TTFont

    reader = PdfFileReader(BytesIO(signed.read_bytes()))
    checked = 0
    for sig in reader.embedded_signatures:
        widget = sig.sig_field["/Kids"][0] if "/Kids" in sig.sig_field else sig.sig_field
        for font in _fonts(widget["/AP"]["/N"].get_object()):
            cid_font = font["/DescendantFonts"][0].get_object()
            program = TTFont(BytesIO(cid_font["/FontDescriptor"]["/FontFile2"].get_object().data))
            upem, order, hmtx = program["head"].unitsPerEm, program.getGlyphOrder(), program["hmtx"]
            w = list(cid_font["/W"])
            while w:
                first, widths, w = int(w[0]), list(w[1]), w[2:]
                for cid, width in enumerate(widths, first):
                    assert abs(int(width) - hmtx[order[cid]][0] * 1000 / upem) <= 1, (cid, width)
                    checked += 1
    assert checked > 20


def test_an_update_appended_after_the_last_signature_is_reported(signed, pki, tsa, tmp_path):
    """Bytes added after both signatures (an incremental update changing the page's text) leave
    the signed bytes intact but are not allowed: the report fails and says the last signature no
    longer covers the whole document."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 72 Td (X) Tj ET")
    )
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    changed = tmp_path / "appended.pdf"
    changed.write_bytes(out.getvalue())
    reports = validate_pdf(
        changed.read_bytes(), validation_context([pki.root_pem, tsa.root_pem], [pki.crl_path])
    )
    assert all(r.intact for r in reports)
    assert not reports[-1].covers_whole_document and not reports[-1].modifications_ok
    assert report_pdf(changed, trust_roots=[pki.root_pem, tsa.root_pem], out=Console(record=True)) == 1


def test_the_competent_person_signs_from_a_pkcs11_token(world, pki, tmp_path, monkeypatch):
    """The official's key on a USB token (SoftHSM2 here), through the command line: same checks."""
    from cbccvc_core.signing.softhsm import SOFTHSM_LIB, SoftToken, softhsm_available

    why = softhsm_available()
    if why:
        pytest.skip(f"SoftHSM2 is not usable here: {why}; CI has it")
    kt, did = world
    token = SoftToken.create(tmp_path / "hsm", pki, HEAD[0], label="export-token")
    monkeypatch.setenv("CBCCVC_PIN", token.pin)
    monkeypatch.setenv("P12_PASS", pki.passphrase.decode())
    out = tmp_path / "token.pdf"
    main(
        [
            "export",
            "--db",
            kt.url,
            "--dossier",
            str(did),
            "--pdf",
            str(out),
            "--sign",
            "--signer-token",
            token.label,
            "--pkcs11-lib",
            SOFTHSM_LIB,
            "--chain",
            str(pki.issuing_pem),
            "--agency-p12",
            str(pki.p12(AGENCY[0])),
            "--passphrase-env",
            "P12_PASS",
            "--trust-root",
            str(pki.root_pem),
            "--crl",
            str(pki.crl_path),
        ]
    )
    reports = validate_pdf(out.read_bytes(), validation_context([pki.root_pem], [pki.crl_path]))
    assert [r.signer for r in reports] == [HEAD[1], AGENCY[1]]
    assert all(r.ok for r in reports) and reports[-1].covers_whole_document
