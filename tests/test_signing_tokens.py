"""One signer interface for a PKCS#12 file and a PKCS#11 token (SoftHSM2), and the test PKI."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from datetime import date as D

import pytest
from asn1crypto import cms
from conftest_db import content, kontum_world, person, raw_engine, rows, snapshot
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator.errors import ExpiredError, RevokedError

from cbccvc_core.db import schema_signing as sdb
from cbccvc_core.model.people import kontum_identifier
from cbccvc_core.signing import approvals, trust
from cbccvc_core.signing.acts import TrustDataError, sign_month
from cbccvc_core.signing.pki import TestPKI
from cbccvc_core.signing.signer import (
    Signer,
    SignerLoadError,
    TokenNotFoundError,
    TokenPinError,
    load_pkcs12,
    open_pkcs11,
    sign_detached,
)
from cbccvc_core.signing.softhsm import SoftToken, softhsm_available

HEAD = person(name="Trần Văn Giám", birth=D(1975, 3, 4), serial=910001)
SETUP, FEB_10, FEB_11, MAR_20, MAR_27 = (
    D(2026, 1, 2),
    D(2026, 2, 10),
    D(2026, 2, 11),
    D(2026, 3, 20),
    D(2026, 3, 27),
)

needs_softhsm = pytest.mark.skipif(
    softhsm_available() is not None, reason=f"SoftHSM2 not usable: {softhsm_available()}"
)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return TestPKI.generate(
        tmp_path_factory.mktemp("pki"),
        people=[(HEAD.personal_id, HEAD.full_name)],
        organisations=[("KT.SYT", "Sở Y tế tỉnh Kon Tum")],
    )


@pytest.fixture(scope="module")
def token(tmp_path_factory, pki):
    if softhsm_available() is not None:
        pytest.skip(f"SoftHSM2 not usable: {softhsm_available()}")
    return SoftToken.create(tmp_path_factory.mktemp("hsm"), pki, HEAD.personal_id, label="cbccvc-test")


def _validate(pki: TestPKI, der: bytes, data: bytes):
    signed = cms.ContentInfo.load(der)["content"]
    return asyncio.run(
        async_validate_detached_cms(data, signed, signer_validation_context=pki.validation_context())
    )


def test_the_test_pki_has_the_shape_of_the_government_one(pki):
    cert = pki.certificate(HEAD.personal_id)
    assert cert.issuer == pki.issuing.subject and pki.issuing.issuer == pki.root.subject
    assert pki.root.ca and pki.issuing.ca and not cert.ca
    assert trust.identity_of(cert) == HEAD.personal_id
    assert trust.identity_of(pki.certificate("KT.SYT")) is None
    for who, error in ((pki.revoked, RevokedError), (pki.expired, ExpiredError)):
        with pytest.raises(error):
            asyncio.run(
                CertificateValidator(
                    pki.certificate(who), validation_context=pki.validation_context()
                ).async_validate_usage({"non_repudiation"})
            )
    asyncio.run(
        CertificateValidator(cert, validation_context=pki.validation_context()).async_validate_usage(
            {"non_repudiation"}
        )
    )


def test_pkcs12_file_gives_a_signer(pki):
    signer = load_pkcs12(pki.p12(HEAD.personal_id), pki.passphrase)
    assert isinstance(signer, Signer)
    assert signer.certificate.dump() == pki.certificate(HEAD.personal_id).dump()
    assert [c.subject for c in signer.chain] == [pki.issuing.subject]
    data = "phê duyệt".encode()
    status = _validate(pki, sign_detached(signer, data, signing_time=datetime.now(UTC)), data)
    assert status.intact and status.valid and status.trusted


def test_pkcs12_with_a_wrong_passphrase_is_a_typed_error(pki, tmp_path):
    with pytest.raises(SignerLoadError) as err:
        load_pkcs12(pki.p12(HEAD.personal_id), b"wrong")
    assert "passphrase" in err.value.message("en")
    with pytest.raises(SignerLoadError):
        load_pkcs12(tmp_path / "missing.p12", None)


@needs_softhsm
def test_pkcs11_token_gives_a_signer_whose_signatures_validate(pki, token):
    with open_pkcs11(token.lib, token_label=token.label, pin=token.pin, chain=[pki.issuing]) as signer:
        assert isinstance(signer, Signer)
        assert signer.certificate.dump() == pki.certificate(HEAD.personal_id).dump()
        assert [c.subject for c in signer.chain] == [pki.issuing.subject]
        data = b"approval bytes"
        status = _validate(pki, sign_detached(signer, data, signing_time=datetime.now(UTC)), data)
        assert status.intact and status.valid and status.trusted


@needs_softhsm
def test_pkcs11_wrong_pin_and_unknown_token_are_clear_errors(token):
    with pytest.raises(TokenPinError) as err:
        open_pkcs11(token.lib, token_label=token.label, pin="000000")
    assert "PIN" in err.value.message("en") and err.value.message("vi") != err.value.message("en")
    with pytest.raises(TokenNotFoundError):
        open_pkcs11(token.lib, token_label="no-such-token", pin=token.pin)


@pytest.fixture
def kt(workspace_url, pki):
    world = kontum_world(workspace_url)
    admin = world["admin"]
    did = admin.recruit(HEAD, unit="KT.SYT", content=content(HEAD), decision_on=SETUP, on=SETUP)
    admin.issue_account(
        kontum_identifier(HEAD.personal_id),
        kind="personal",
        unit="KT.SYT",
        role="unit_head",
        on=SETUP,
        person_dossier=did,
    )
    admin.add_trust_root(pki.root_pem.read_bytes(), on=SETUP)
    admin.add_crl(pki.crl_path.read_bytes(), on=SETUP)
    trust.clear_cache()
    return world


def _submitted(kt, names):
    dids = []
    for name in names:
        p = person(name=name)
        did = kt["bv.unit"].recruit(p, unit="KT.SYT.BV", content=content(p), decision_on=FEB_10, on=FEB_11)
        kt["bv.unit"].submit(did, on=MAR_20)
        dids.append(did)
    return dids


@needs_softhsm
def test_a_month_signed_on_the_token_verifies_and_a_wrong_pin_writes_nothing(kt, pki, token):
    dids = _submitted(kt, ["Nguyễn Văn Một", "Trần Văn Hai"])
    before = snapshot(raw_engine(kt.url))
    with pytest.raises(TokenPinError):
        open_pkcs11(token.lib, token_label=token.label, pin="999999")
    assert snapshot(raw_engine(kt.url)) == before
    with open_pkcs11(token.lib, token_label=token.label, pin=token.pin, chain=[pki.issuing]) as signer:
        result = sign_month(
            kt.ws, kontum_identifier(HEAD.personal_id), "KT.SYT", "2026-03", signer, on=MAR_27
        )
    assert result.signed == tuple(dids) and result.stopped is None
    assert [c.ok for c in approvals.verify_approvals(kt.ws)] == [True, True]


@needs_softhsm
def test_pulling_the_token_mid_batch_commits_what_was_signed(kt, pki, tmp_path):
    # its own token: this one is destroyed
    tok = SoftToken.create(tmp_path / "hsm", pki, HEAD.personal_id, label="cbccvc-pulled")
    dids = _submitted(kt, ["Nguyễn Văn Một", "Trần Văn Hai", "Lê Văn Ba"])
    with open_pkcs11(tok.lib, token_label=tok.label, pin=tok.pin, chain=[pki.issuing]) as signer:
        first = sign_month(
            kt.ws,
            kontum_identifier(HEAD.personal_id),
            "KT.SYT",
            "2026-03",
            signer,
            on=MAR_27,
            dossiers=dids[:1],
        )
        assert first.signed == (dids[0],)
        tok.pull_out()
        rest = sign_month(
            kt.ws,
            kontum_identifier(HEAD.personal_id),
            "KT.SYT",
            "2026-03",
            signer,
            on=MAR_27,
            dossiers=dids[1:],
        )
    assert rest.signed == () and rest.not_attempted == tuple(dids[1:])
    assert rest.stopped is not None
    assert {s.dossier_id for s in rows(kt.ws.engine, sdb.ApprovalSignature)} == {dids[0]}
    assert [c.ok for c in approvals.verify_approvals(kt.ws)] == [True]


def test_trust_configuration_commands_are_audited_acts(kt, pki, tmp_path):
    from typer.testing import CliRunner

    from cbccvc_core.cli import app
    from cbccvc_core.db import schema as db

    run = CliRunner().invoke
    other = TestPKI.generate(tmp_path / "other")
    before = len(rows(kt.ws.engine, db.AuditEntry))
    result = run(
        app,
        ["--lang", "en", "signing", "add-root", "--db", kt.url, str(other.root_pem), "--on", "2026-03-02"],
    )
    assert result.exit_code == 0, result.output
    result = run(
        app, ["--lang", "en", "signing", "add-crl", "--db", kt.url, str(other.crl_path), "--on", "2026-03-02"]
    )
    assert result.exit_code == 0, result.output
    cert = tmp_path / "org.der"
    cert.write_bytes(pki.certificate("KT.SYT").dump())
    result = run(
        app,
        [
            "--lang",
            "en",
            "signing",
            "bind",
            "--db",
            kt.url,
            "syt.head",
            str(cert),
            "--document",
            "QĐ 7/QĐ-SYT",
        ],
    )
    assert result.exit_code == 0, result.output
    actions = [e.action for e in rows(kt.ws.engine, db.AuditEntry)][before:]
    assert actions == ["add_trust_root", "add_crl", "bind_certificate"]
    listing = run(app, ["--lang", "en", "signing", "roots", "--db", kt.url]).output
    assert listing.count("trust root") == 2 and listing.count("CRL") == 2
    # an issuing CA's leaf is not a root: refused, nothing written
    leaf = tmp_path / "leaf.der"
    leaf.write_bytes(pki.certificate(HEAD.personal_id).dump())
    snap = snapshot(raw_engine(kt.url))
    with pytest.raises(TrustDataError, match="not a CA certificate"):
        kt["admin"].add_trust_root(leaf.read_bytes(), on=MAR_20)
    assert snapshot(raw_engine(kt.url)) == snap


@needs_softhsm
def test_sign_approvals_cli_on_the_token_with_one_pin(kt, pki, token, tmp_path):
    from typer.testing import CliRunner

    from cbccvc_core.cli import app

    dids = _submitted(kt, ["Nguyễn Văn Một", "Trần Văn Hai"])
    issuing = tmp_path / "issuing.pem"
    issuing.write_bytes(pki.issuing_pem.read_bytes())
    args = ["--lang", "en", "sign-approvals", "--db", kt.url, "--unit", "KT.SYT", "--month", "2026-03"]
    args += ["--as", kontum_identifier(HEAD.personal_id), "--pkcs11-lib", token.lib, "--token", token.label]
    args += ["--chain", str(issuing), "--on", "2026-03-27"]
    bad = CliRunner().invoke(app, args, env={"CBCCVC_PIN": "000000"})
    assert isinstance(bad.exception, TokenPinError)
    assert rows(kt.ws.engine, sdb.ApprovalSignature) == []
    good = CliRunner().invoke(app, args, env={"CBCCVC_PIN": token.pin})
    assert good.exit_code == 0, good.output
    assert "Signed 2 approvals." in good.output
    assert {s.dossier_id for s in rows(kt.ws.engine, sdb.ApprovalSignature)} == set(dids)
