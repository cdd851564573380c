"""Signed approvals on SQLite and PostgreSQL: signing, refusals that write nothing, tampering
found by ``cbccvc verify --db``, the month's batch."""

from __future__ import annotations

import json
from datetime import date as D

import pytest
import sqlalchemy as sa
from conftest_db import content, kontum_world, person, raw_engine, rows, snapshot, tuyenquang_world
from typer.testing import CliRunner

from cbccvc_core.cli import app
from cbccvc_core.db import schema as db
from cbccvc_core.db import schema_signing as sdb
from cbccvc_core.model.people import kontum_identifier
from cbccvc_core.signing import approvals, trust
from cbccvc_core.signing.acts import sign_month
from cbccvc_core.signing.canonical import canonical_json
from cbccvc_core.signing.pki import TestPKI
from cbccvc_core.signing.signer import SignatureFailedError, TokenRemovedError
from cbccvc_core.signing.trust import CertificateRefusedError

SETUP = D(2026, 1, 2)
NAMES = (
    "Nguyễn Văn Một",
    "Trần Thị Hai",
    "Lê Văn Ba",
    "Phạm Thị Tư",
    "Hoàng Văn Năm",
    "Vũ Thị Sáu",
    "Đặng Văn Bảy",
)
FEB_10, FEB_11 = D(2026, 2, 10), D(2026, 2, 11)
MAR_20, MAR_27 = D(2026, 3, 20), D(2026, 3, 27)

HEAD = person(name="Trần Văn Giám", birth=D(1975, 3, 4), serial=900001)
DEPUTY = person(name="Lê Thị Phó", birth=D(1980, 6, 7), gender="female", serial=900002)
STRANGER = ("001099000123", "Người Lạ")
REVOKED = person(name="Đỗ Văn Thu Hồi", birth=D(1970, 1, 1), serial=900003)
EXPIRED = person(name="Vũ Thị Hết Hạn", birth=D(1972, 2, 2), gender="female", serial=900004)
GD, PGD = kontum_identifier(HEAD.personal_id), kontum_identifier(DEPUTY.personal_id)  # Điều 3.3: H34 + ID


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """One test PKI for the module (ECDSA: fast): the Sở's head and deputy, a stranger, the Sở's
    organisation certificate; plus the revoked and the expired person."""
    return TestPKI.generate(
        tmp_path_factory.mktemp("pki"),
        people=[(HEAD.personal_id, HEAD.full_name), (DEPUTY.personal_id, DEPUTY.full_name), STRANGER],
        organisations=[("KT.SYT", "Sở Y tế tỉnh Kon Tum")],
        revoked=(REVOKED.personal_id, REVOKED.full_name),
        expired=(EXPIRED.personal_id, EXPIRED.full_name),
    )


@pytest.fixture(autouse=True)
def _fresh_validation_cache():
    trust.clear_cache()
    yield
    trust.clear_cache()


def _official(kt, p, username: str, role: str) -> None:
    """Recruit ``p`` into Sở Y tế and give them a personal account with ``role``."""
    did = kt["admin"].recruit(p, unit="KT.SYT", content=content(p), decision_on=SETUP, on=SETUP)
    kt["admin"].issue_account(
        username, kind="personal", unit="KT.SYT", role=role, on=SETUP, person_dossier=did
    )


@pytest.fixture
def kt(workspace_url, pki):
    world = kontum_world(workspace_url)
    _official(world, HEAD, GD, "unit_head")
    _official(world, DEPUTY, PGD, "deputy_head")
    for p in (REVOKED, EXPIRED):  # two more heads whose certificates are no good
        _official(world, p, kontum_identifier(p.personal_id), "unit_head")
    admin = world["admin"]
    admin.add_trust_root(pki.root_pem.read_bytes(), on=SETUP)
    admin.add_crl(pki.crl_path.read_bytes(), on=SETUP)
    return world


def submitted(kt, name: str = "Phạm Thị Hoa") -> int:
    p = person(name=name, gender="female")
    did = kt["bv.unit"].recruit(p, unit="KT.SYT.BV", content=content(p), decision_on=FEB_10, on=FEB_11)
    kt["bv.unit"].submit(did, on=MAR_20)
    return did


def test_an_approval_is_signed_over_the_canonical_bytes_and_verifies(kt, pki):
    did = submitted(kt)
    assert kt[GD].approve(did, on=MAR_27, signer=pki.signer(HEAD.personal_id)) == "own"
    (sig,) = rows(kt.ws.engine, sdb.ApprovalSignature)
    assert (sig.dossier_id, sig.revision_number, sig.format) == (did, 1, "cbccvc-approval/1")
    # the stored CMS signs exactly the RFC 8785 bytes rebuilt from the database
    with kt.ws.session() as s:
        rev = s.get(db.Revision, sig.revision_id)
        payload = approvals.approval_payload(s, "kontum", rev, sig.account_id, sig.signed_at)
    assert payload["revision"]["content"]["identity"]["full_name"] == "Phạm Thị Hoa"
    assert payload["approver"]["personal_id"] == HEAD.personal_id
    assert payload["authority"] == {"text": "own"}
    assert payload["revision"]["decided_on"] == "2026-03-27"
    assert sig.signed_at.endswith("Z") and len(sig.signed_at) == 20
    data = canonical_json(payload)
    assert data == json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    _assert_cms_over(sig.cms, data, pki)
    (check,) = approvals.verify_approvals(kt.ws)
    assert (check.dossier_id, check.revision, check.ok) == (did, 1, True)


def _assert_cms_over(der: bytes, data: bytes, pki: TestPKI) -> None:
    """An independent check with pyHanko's validator of detached CMS signatures."""
    import asyncio

    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

    signed = cms.ContentInfo.load(der)["content"]
    status = asyncio.run(
        async_validate_detached_cms(data, signed, signer_validation_context=pki.validation_context())
    )
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    bad = asyncio.run(
        async_validate_detached_cms(data + b" ", signed, signer_validation_context=pki.validation_context())
    )
    assert not bad.intact


def test_a_delegated_approval_signs_the_delegation_reference(kt, pki):
    did = submitted(kt)
    kt[GD].delegate(PGD, unit="KT.SYT", document_ref="Giấy ủy quyền số 12/GUQ-SYT", valid_from=MAR_20)
    authority = kt[PGD].approve(did, on=MAR_27, signer=pki.signer(DEPUTY.personal_id))
    assert authority.startswith("delegated:")
    (sig,) = rows(kt.ws.engine, sdb.ApprovalSignature)
    with kt.ws.session() as s:
        payload = approvals.approval_payload(
            s, "kontum", s.get(db.Revision, sig.revision_id), sig.account_id, sig.signed_at
        )
    auth = payload["authority"]
    assert (auth["document_ref"], auth["delegator"], auth["valid_from"], auth["valid_to"]) == (
        "Giấy ủy quyền số 12/GUQ-SYT",
        GD,
        "2026-03-20",
        None,
    )
    assert [c.ok for c in approvals.verify_approvals(kt.ws)] == [True]


@pytest.mark.parametrize(
    ("who", "why"),
    [
        ("revoked", "revoked"),
        ("expired", "expired"),
        ("stranger", "names personal ID 001099000123"),
        ("organisation", "names no personal ID"),
    ],
)
def test_a_refused_certificate_writes_nothing(kt, pki, who, why):
    did = submitted(kt)
    key = {"revoked": pki.revoked, "expired": pki.expired, "stranger": STRANGER[0], "organisation": "KT.SYT"}[
        who
    ]
    before = snapshot(raw_engine(kt.url))
    with pytest.raises(CertificateRefusedError) as err:
        approver = {"revoked": REVOKED, "expired": EXPIRED}.get(who, HEAD)
        kt[kontum_identifier(approver.personal_id)].approve(did, on=MAR_27, signer=pki.signer(key))
    assert why in err.value.message("en")
    assert snapshot(raw_engine(kt.url)) == before
    assert err.value.message("vi") != err.value.message("en")


def test_a_certificate_of_another_pki_is_refused(kt, tmp_path):
    other = TestPKI.generate(tmp_path, people=[(HEAD.personal_id, HEAD.full_name)])
    did = submitted(kt)
    before = snapshot(raw_engine(kt.url))
    with pytest.raises(CertificateRefusedError, match="does not chain to a configured trust root"):
        kt[GD].approve(did, on=MAR_27, signer=other.signer(HEAD.personal_id))
    assert snapshot(raw_engine(kt.url)) == before


def test_kontum_requires_a_signature_once_signing_is_configured(kt):
    did = submitted(kt)
    before = snapshot(raw_engine(kt.url))
    with pytest.raises(approvals.SignatureRequiredError) as err:
        kt[GD].approve(did, on=MAR_27)
    assert "Điều 8.1" in err.value.message("en")
    assert snapshot(raw_engine(kt.url)) == before


def test_an_agency_account_signs_with_a_bound_organisation_certificate(kt, pki):
    did = submitted(kt)
    org = pki.signer("KT.SYT")
    with pytest.raises(CertificateRefusedError, match="has no person"):
        kt["syt.head"].approve(did, on=MAR_27, signer=org)
    kt["admin"].bind_certificate(
        "syt.head", pki.certificate("KT.SYT").dump(), document_ref="QĐ 7/QĐ-SYT giao tài khoản", on=MAR_20
    )
    assert kt["syt.head"].approve(did, on=MAR_27, signer=org) == "own"
    assert [c.ok for c in approvals.verify_approvals(kt.ws)] == [True]


def test_tuyenquang_approves_without_a_signature_and_may_sign(workspace_url, pki):
    tq = tuyenquang_world(workspace_url)
    p = person(name="Hà Văn Bình")
    did = tq["p1.unit"].recruit(p, unit="TQ.SNV.P1", content=content(p), decision_on=FEB_10, on=FEB_11)
    tq["p1.unit"].submit(did, on=MAR_20)
    assert approvals.signature_required(tq.ws.ruleset) is None
    tq["snv.head"].approve(did, on=MAR_27)
    assert approvals.verify_approvals(tq.ws) == []


# -- tampering, found by verify -----------------------------------------------------------------------


def _signed_world(kt, pki, n: int = 2) -> list[int]:
    dids = [submitted(kt, name=NAMES[i]) for i in range(n)]
    for did in dids:
        kt[GD].approve(did, on=MAR_27, signer=pki.signer(HEAD.personal_id))
    return dids


def _verify_cli(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--lang", "en", "verify", "--db", url])
    return result.exit_code, result.output


def _tamper(url: str, sql: str, **params) -> None:
    with raw_engine(url).begin() as conn:
        assert conn.execute(sa.text(sql), params).rowcount == 1


def _content_json(url: str, rid: int) -> dict:
    with raw_engine(url).connect() as conn:
        raw = conn.execute(sa.text("SELECT content FROM revisions WHERE id = :i"), {"i": rid}).scalar_one()
    return raw if isinstance(raw, dict) else json.loads(raw)


def _set_content(url: str, rid: int, data: dict) -> None:
    if url.startswith("postgresql"):
        _tamper(
            url, "UPDATE revisions SET content = CAST(:c AS JSON) WHERE id = :i", c=json.dumps(data), i=rid
        )
    else:
        _tamper(url, "UPDATE revisions SET content = :c WHERE id = :i", c=json.dumps(data), i=rid)


def test_verify_passes_then_names_the_dossier_and_revision_of_each_tampered_field(kt, pki):
    dids = _signed_world(kt, pki, 2)
    code, out = _verify_cli(kt.url)
    assert code == 0, out
    sigs = {s.dossier_id: s for s in rows(kt.ws.engine, sdb.ApprovalSignature)}
    victim = dids[1]
    rid = sigs[victim].revision_id
    data = _content_json(kt.url, rid)
    data["identity"]["full_name"] = "Nhân Viên Sửa"
    _set_content(kt.url, rid, data)
    code, out = _verify_cli(kt.url)
    assert code == 1
    assert f"dossier {victim}, revision 1" in out
    assert out.count("FAILED") == 1 and f"dossier {dids[0]}, revision" not in out
    assert "differ from what was signed" in out


def test_verify_finds_every_other_kind_of_tampering_and_names_each(kt, pki):
    kinds = ["decided_on", "approver", "authority", "signature", "signed_at", "deleted"]
    dids = _signed_world(kt, pki, len(kinds) + 1)
    sigs = {s.dossier_id: s for s in rows(kt.ws.engine, sdb.ApprovalSignature)}
    other = rows(kt.ws.engine, db.Account, db.Account.username == PGD)[0].id
    for what, did in zip(kinds, dids, strict=False):
        sig = sigs[did]
        if what == "decided_on":
            _tamper(
                kt.url,
                "UPDATE revisions SET decided_on = :d WHERE id = :i",
                d=D(2026, 3, 30),
                i=sig.revision_id,
            )
        elif what == "approver":
            _tamper(kt.url, "UPDATE revisions SET decided_by = :a WHERE id = :i", a=other, i=sig.revision_id)
            _tamper(kt.url, "UPDATE approval_signatures SET account_id = :a WHERE id = :i", a=other, i=sig.id)
        elif what == "authority":
            _tamper(
                kt.url,
                "UPDATE revisions SET authority = :a WHERE id = :i",
                a="delegated:1 x",
                i=sig.revision_id,
            )
        elif what == "signature":
            der = bytearray(sig.cms)
            der[-5] ^= 0x01  # inside the signature value
            _tamper(kt.url, "UPDATE approval_signatures SET cms = :c WHERE id = :i", c=bytes(der), i=sig.id)
        elif what == "signed_at":
            _tamper(
                kt.url,
                "UPDATE approval_signatures SET signed_at = :t WHERE id = :i",
                t="2026-01-01T00:00:00Z",
                i=sig.id,
            )
        elif what == "deleted":
            _tamper(kt.url, "DELETE FROM approval_signatures WHERE id = :i", i=sig.id)
    code, out = _verify_cli(kt.url)
    assert code == 1, out
    failed = [line for line in out.splitlines() if line.startswith("FAILED")]
    named = {int(line.split("dossier ")[1].split(",")[0]) for line in failed}
    assert named == set(dids[: len(kinds)]), out  # the last one, untouched, is not named
    assert "1 of 7 signed approvals verified; 6 failed." in out
    assert "approved without a signature" in out


# -- the month's batch ---------------------------------------------------------------------------------


class _PulledAfter:
    """A signer that works ``n`` times, then fails as a pulled token does."""

    def __init__(self, inner, n: int) -> None:
        self.certificate, self.chain, self._inner, self.n = inner.certificate, inner.chain, inner, n
        outer = self

        class _Hanko:
            def __getattr__(self, name):
                return getattr(inner.pyhanko_signer, name)

            async def async_sign_prescribed_attributes(self, *a, **kw):  # where the key is used
                if outer.n <= 0:
                    raise TokenRemovedError(label="test", detail="DeviceRemoved")
                outer.n -= 1
                return await inner.pyhanko_signer.async_sign_prescribed_attributes(*a, **kw)

        self.pyhanko_signer = _Hanko()


def test_a_month_batch_signs_what_it_can_and_reports_the_rest_when_the_token_is_pulled(kt, pki):
    dids = [submitted(kt, name=NAMES[i]) for i in range(5)]
    signer = _PulledAfter(pki.signer(HEAD.personal_id), 3)
    result = sign_month(kt.ws, GD, "KT.SYT", "2026-03", signer, on=MAR_27)
    assert result.signed == tuple(dids[:3])
    assert result.not_attempted == tuple(dids[3:])
    assert result.stopped is not None and "test" in result.stopped
    signed = {s.dossier_id for s in rows(kt.ws.engine, sdb.ApprovalSignature)}
    assert signed == set(dids[:3])
    for did in dids[3:]:
        assert kt.ws.dossier(did)["dossier"]["review"] == "submitted"  # nothing half-written
    assert all(c.ok for c in approvals.verify_approvals(kt.ws) if c.dossier_id in signed)
    # the rest later, with a working token
    again = sign_month(kt.ws, GD, "KT.SYT", "2026-03", pki.signer(HEAD.personal_id), on=MAR_27)
    assert again.signed == tuple(dids[3:]) and again.stopped is None


def test_a_failing_signature_stops_the_batch_cleanly(kt, pki):
    dids = [submitted(kt, name=NAMES[i]) for i in range(2)]

    class Broken(_PulledAfter):
        pass

    signer = Broken(pki.signer(HEAD.personal_id), 0)

    async def boom(*a, **kw):
        raise RuntimeError("card error")

    signer.pyhanko_signer.async_sign_prescribed_attributes = boom
    before = snapshot(raw_engine(kt.url))
    result = sign_month(kt.ws, GD, "KT.SYT", "2026-03", signer, on=MAR_27)
    assert result.signed == () and result.not_attempted == tuple(dids)
    assert "card error" in result.stopped
    assert snapshot(raw_engine(kt.url)) == before
    with pytest.raises(SignatureFailedError):
        kt[GD].approve(dids[0], on=MAR_27, signer=signer)


def test_sign_approvals_cli_with_a_p12_file(kt, pki):
    dids = [submitted(kt, name=NAMES[i]) for i in range(3)]
    result = CliRunner().invoke(
        app,
        [
            "--lang",
            "en",
            "sign-approvals",
            "--db",
            kt.url,
            "--unit",
            "KT.SYT",
            "--month",
            "2026-03",
            "--as",
            GD,
            "--p12",
            str(pki.p12(HEAD.personal_id)),
            "--on",
            "2026-03-27",
        ],
        env={"CBCCVC_PASSPHRASE": pki.passphrase.decode()},
    )
    assert result.exit_code == 0, result.output
    assert "3" in result.output
    assert {s.dossier_id for s in rows(kt.ws.engine, sdb.ApprovalSignature)} == set(dids)
    assert _verify_cli(kt.url)[0] == 0


def test_later_legitimate_acts_keep_an_approval_verifiable(kt, pki):
    did = submitted(kt)
    kt[GD].approve(did, on=MAR_27, signer=pki.signer(HEAD.personal_id))
    ident = kt.ws.dossier(did)["content"]["identity"]
    from cbccvc_core.model.dossier import DossierContent, Identity

    new = DossierContent(
        identity=Identity(
            full_name=ident["full_name"],
            gender=ident["gender"],
            birth_date=D.fromisoformat(ident["birth_date"])
            if isinstance(ident["birth_date"], str)
            else ident["birth_date"],
            personal_id=ident["personal_id"],
            birthplace="Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum",
        )
    )
    assert kt["bv.unit"].edit(did, new, on=D(2026, 4, 2), base_revision=1) == 2
    kt["bv.unit"].submit(did, on=D(2026, 4, 3))
    checks = approvals.verify_approvals(kt.ws)
    assert [(c.dossier_id, c.revision, c.ok) for c in checks] == [(did, 1, True)]
