"""A test PKI of the same shape as the Vietnamese government one, made on the fly.

root CA → issuing CA → personal certificates (one per official: CN = full name, subject
UID = ``CCCD:<12-digit personal ID>``, as Vietnamese CAs write the citizen ID) and
organisation certificates (CN = O = unit name, UID = ``UNIT:<unit id>``). Two extra personal
certificates are always made: one revoked (listed on the issuing CA's CRL) and one expired.

For the demo and the tests only: keys are written unencrypted-in-memory and in PKCS#12 files
protected by a fixed passphrase. In production the trust root is the government CA the
province uses (see ``docs/signing.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .signer import KeyInMemorySigner, PKCS12Signer

if TYPE_CHECKING:
    from pyhanko_certvalidator import ValidationContext

__all__ = ["PrivateKey", "TestPKI", "personal_uid", "unit_uid"]

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

REVOKED_ID = "079000000901"
REVOKED_NAME = "Trần Thị Thu Hồi"
EXPIRED_ID = "079000000902"
EXPIRED_NAME = "Lê Văn Hết Hạn"
CRL_URL = "http://pki.cbccvc.test/issuing.crl"


def personal_uid(personal_id: str) -> str:
    """The subject UID a Vietnamese CA writes for a citizen: ``CCCD:<12 digits>``."""
    return f"CCCD:{personal_id}"


def unit_uid(unit_id: str) -> str:
    return f"UNIT:{unit_id}"


def _new_key(kind: str) -> PrivateKey:
    if kind == "ecdsa":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"key must be 'ecdsa' or 'rsa', not {kind!r}")


def _to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def key_usage(*, ca: bool) -> x509.KeyUsage:
    """A CA signs certificates and CRLs; a leaf signs (digital signature and non-repudiation)."""
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


class TestPKI:
    """root → issuing CA → personal / organisation certificates, one revoked, one expired.

    ``TestPKI.generate(dir, people=[(personal_id, name)], organisations=[(unit_id, name)])``;
    more holders can be added later with :meth:`add_person` / :meth:`add_organisation`."""

    __test__ = False  # not a pytest test class

    root_pem: Path
    issuing_pem: Path
    crl_path: Path
    passphrase: bytes
    revoked: str
    expired: str

    def __init__(
        self,
        directory: Path,
        *,
        key: str,
        now: datetime,
        root: tuple[PrivateKey, x509.Certificate],
        issuing: tuple[PrivateKey, x509.Certificate],
    ) -> None:
        self.directory = directory
        self.key_kind = key
        self.now = now
        self.passphrase = b"cbccvc-test-pki"
        self.revoked = REVOKED_ID
        self.expired = EXPIRED_ID
        self._root_key, self._root = root
        self._issuing_key, self._issuing = issuing
        self._holders: dict[str, tuple[PrivateKey, x509.Certificate]] = {}
        self._signers: dict[str, PKCS12Signer] = {}
        self._revoked_serials: list[int] = []
        self.root_pem = directory / "root.pem"
        self.issuing_pem = directory / "issuing.pem"
        self.crl_path = directory / "issuing.crl"
        self.root_pem.write_bytes(self._root.public_bytes(serialization.Encoding.PEM))
        self.issuing_pem.write_bytes(self._issuing.public_bytes(serialization.Encoding.PEM))

    @classmethod
    def generate(
        cls,
        directory: Path,
        *,
        people: Sequence[tuple[str, str]] = (),
        organisations: Sequence[tuple[str, str]] = (),
        key: str = "ecdsa",
        now: datetime | None = None,
        revoked: tuple[str, str] = (REVOKED_ID, REVOKED_NAME),
        expired: tuple[str, str] = (EXPIRED_ID, EXPIRED_NAME),
    ) -> TestPKI:
        """``revoked`` / ``expired``: (personal ID, name) of the person whose certificate is
        revoked (on the CRL since two days before ``now``) / expired (30 days before ``now``)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        root_key = _new_key(key)
        root_name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (THỬ NGHIỆM)"),
                x509.NameAttribute(NameOID.COMMON_NAME, "CBCCVC Test Root CA"),
            ]
        )
        root = cls._ca_cert(root_name, root_key, root_name, root_key, now, years=20, path_len=1)
        issuing_key = _new_key(key)
        issuing_name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (THỬ NGHIỆM)"),
                x509.NameAttribute(NameOID.COMMON_NAME, "CBCCVC Test Issuing CA"),
            ]
        )
        issuing = cls._ca_cert(issuing_name, issuing_key, root_name, root_key, now, years=10, path_len=0)
        pki = cls(directory, key=key, now=now, root=(root_key, root), issuing=(issuing_key, issuing))
        for pid, name in people:
            pki.add_person(pid, name)
        for uid, name in organisations:
            pki.add_organisation(uid, name)
        pki.revoked, pki.expired = revoked[0], expired[0]
        pki.add_person(*expired, expired=True)
        pki.add_person(*revoked)
        pki._revoked_serials.append(pki._holders[revoked[0]][1].serial_number)
        pki._write_crl()
        return pki

    @staticmethod
    def _ca_cert(
        subject: x509.Name,
        key: PrivateKey,
        issuer: x509.Name,
        issuer_key: PrivateKey,
        now: datetime,
        *,
        years: int,
        path_len: int,
    ) -> x509.Certificate:
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=365 * 2))
            .not_valid_after(now + timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_len), critical=True)
            .add_extension(
                key_usage(ca=True),
                critical=True,
            )
            .add_extension(ski, critical=False)
        )
        if issuer_key is not key:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                critical=False,
            )
        return builder.sign(issuer_key, hashes.SHA256())

    def _leaf(self, subject: x509.Name, key: PrivateKey, *, expired: bool) -> x509.Certificate:
        if expired:
            start, end = self.now - timedelta(days=3 * 365), self.now - timedelta(days=30)
        else:
            start, end = self.now - timedelta(days=365), self.now + timedelta(days=3 * 365)
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self._issuing.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                key_usage(ca=False),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]
                ),
                critical=False,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._issuing_key.public_key()),
                critical=False,
            )
            .add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            full_name=[x509.UniformResourceIdentifier(CRL_URL)],
                            relative_name=None,
                            reasons=None,
                            crl_issuer=None,
                        )
                    ]
                ),
                critical=False,
            )
            .sign(self._issuing_key, hashes.SHA256())
        )

    def add_person(self, personal_id: str, full_name: str, *, expired: bool = False) -> None:
        """A personal certificate for the official with this 12-digit personal ID."""
        if personal_id in self._holders:
            return
        key = _new_key(self.key_kind)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.USER_ID, personal_uid(personal_id)),
                x509.NameAttribute(NameOID.COMMON_NAME, full_name),
            ]
        )
        self._holders[personal_id] = (key, self._leaf(subject, key, expired=expired))

    def add_organisation(self, unit_id: str, unit_name: str) -> None:
        """An organisation certificate for the unit (its seal, con dấu số)."""
        if unit_id in self._holders:
            return
        key = _new_key(self.key_kind)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.USER_ID, unit_uid(unit_id)),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, unit_name),
                x509.NameAttribute(NameOID.COMMON_NAME, unit_name),
            ]
        )
        self._holders[unit_id] = (key, self._leaf(subject, key, expired=False))

    def _write_crl(self) -> None:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self._issuing.subject)
            .last_update(self.now - timedelta(days=1))
            .next_update(self.now + timedelta(days=3650))
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self._issuing_key.public_key()),
                critical=False,
            )
        )
        for serial in self._revoked_serials:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(self.now - timedelta(days=2))
                .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
                .build()
            )
        crl = builder.sign(self._issuing_key, hashes.SHA256())
        self.crl_path.write_bytes(crl.public_bytes(serialization.Encoding.DER))

    # -- for holders -------------------------------------------------------------------------

    @property
    def holders(self) -> list[str]:
        return list(self._holders)

    def certificate(self, who: str) -> asn1_x509.Certificate:
        return _to_asn1(self._holder(who)[1])

    def private_key(self, who: str) -> PrivateKey:
        return self._holder(who)[0]

    @property
    def root(self) -> asn1_x509.Certificate:
        return _to_asn1(self._root)

    @property
    def issuing(self) -> asn1_x509.Certificate:
        return _to_asn1(self._issuing)

    def _holder(self, who: str) -> tuple[PrivateKey, x509.Certificate]:
        try:
            return self._holders[who]
        except KeyError:
            raise KeyError(f"the test PKI has no certificate for {who!r}") from None

    def p12(self, who: str) -> Path:
        """The holder's PKCS#12 file (key, certificate, issuing CA), passphrase :attr:`passphrase`."""
        key, cert = self._holder(who)
        path = self.directory / f"{who}.p12"
        if not path.exists():
            path.write_bytes(
                pkcs12.serialize_key_and_certificates(
                    who.encode(),
                    key,
                    cert,
                    [self._issuing],
                    serialization.BestAvailableEncryption(self.passphrase),
                )
            )
        return path

    def signer(self, who: str) -> PKCS12Signer:
        """The holder's signer, built from the key in memory (cached)."""
        found = self._signers.get(who)
        if found is None:
            from pyhanko.keys import load_private_key_from_pemder_data
            from pyhanko_certvalidator.registry import SimpleCertificateStore

            key, _cert = self._holder(who)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            cert = self.certificate(who)
            store = SimpleCertificateStore()  # type: ignore[no-untyped-call]
            store.register_multiple([self.issuing])
            hanko = KeyInMemorySigner(
                signing_key=load_private_key_from_pemder_data(pem, passphrase=None),
                signing_cert=cert,
                cert_registry=store,
            )
            found = self._signers[who] = PKCS12Signer(cert, [self.issuing], hanko)
        return found

    def validation_context(self, at: datetime | None = None) -> ValidationContext:
        """Root trusted, issuing CA and CRL supplied, no fetching, revocation checked."""
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(
            trust_roots=[self.root],
            other_certs=[self.issuing],
            crls=[self.crl_path.read_bytes()],
            moment=at or datetime.now(UTC),
            allow_fetching=False,
            revocation_mode="hard-fail",
        )
