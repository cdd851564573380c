"""One signer interface for a PKCS#12 file and a PKCS#11 token (USB token of an official).

Both give a :class:`Signer`: the signer's own certificate, the intermediates above it and a
pyHanko signer ready for CMS (approvals) and PAdES (exported PDFs). :func:`sign_detached`
makes the detached CMS ``SignedData`` of some bytes with a given signing time.

Errors are typed (:class:`SigningError` and subclasses): a wrong passphrase or PIN, a token
that is not there or is pulled out mid-way all end in one clear line for people, never a
PKCS#11 traceback.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from asn1crypto import cms, x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from pyhanko.keys import load_certs_from_pemder
from pyhanko.sign import signers as hanko_signers

from ..errors import CbccvcError
from ..i18n import N_

__all__ = [
    "PKCS11Signer",
    "SignatureFailedError",
    "Signer",
    "SignerLoadError",
    "SigningError",
    "TokenNotFoundError",
    "TokenPinError",
    "TokenRemovedError",
    "certificate_fingerprint",
    "load_pkcs12",
    "open_pkcs11",
    "run_async",
    "sign_detached",
]


class SigningError(CbccvcError):
    template = N_("Signing failed: {detail}")


class SignerLoadError(SigningError):
    template = N_("Cannot load the signing key from {path}: {detail}")


class TokenNotFoundError(SigningError):
    template = N_("No token labelled {label!r} in PKCS#11 module {lib}.")


class TokenPinError(SigningError):
    template = N_("Wrong PIN for token {label!r} (or the PIN is locked); nothing was signed.")


class TokenRemovedError(SigningError):
    template = N_("The token {label!r} stopped answering (pulled out?): {detail}")


class SignatureFailedError(SigningError):
    template = N_("The signature could not be made: {detail}")


class KeyInMemorySigner(hanko_signers.SimpleSigner):
    """pyHanko's SimpleSigner that parses its private key once: pyHanko parses it again for every
    signature, and for RSA cryptography's key checks then cost more than the signature itself."""

    _pyca_key: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
        from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
        from cryptography.hazmat.primitives.serialization import load_der_private_key
        from pyhanko_certvalidator.util import get_pyca_cryptography_hash

        try:
            algo = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        except ValueError:
            algo = None
        if algo not in ("rsassa_pkcs1v15", "ecdsa"):
            return bytes(super().sign_raw(data, digest_algorithm))
        if self._pyca_key is None:
            self._pyca_key = load_der_private_key(self.signing_key.dump(), password=None)
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if algo == "ecdsa":
            return bytes(self._pyca_key.sign(data, ECDSA(hash_algo)))
        return bytes(self._pyca_key.sign(data, PKCS1v15(), hash_algo))


def keep_key(simple: hanko_signers.SimpleSigner) -> KeyInMemorySigner:
    return KeyInMemorySigner(
        signing_key=simple.signing_key,
        signing_cert=simple.signing_cert,
        cert_registry=simple.cert_registry,
        signature_mechanism=simple.signature_mechanism,
    )


@runtime_checkable
class Signer(Protocol):
    """A signing key with its certificate: what approvals and exports sign with."""

    certificate: x509.Certificate
    chain: list[x509.Certificate]
    pyhanko_signer: hanko_signers.Signer


class PKCS12Signer:
    """A signer whose key is in a PKCS#12 file (or in memory: the test PKI)."""

    def __init__(
        self,
        certificate: x509.Certificate,
        chain: list[x509.Certificate],
        pyhanko_signer: hanko_signers.Signer,
    ) -> None:
        self.certificate = certificate
        self.chain = chain
        self.pyhanko_signer = pyhanko_signer

    def close(self) -> None:
        """Nothing to release (same interface as :class:`PKCS11Signer`)."""

    def __enter__(self) -> PKCS12Signer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PKCS11Signer:
    """A signer whose key stays on a PKCS#11 token; the session is open until :meth:`close`.

    Usable as a context manager (``with open_pkcs11(...) as signer:``)."""

    def __init__(
        self,
        certificate: x509.Certificate,
        chain: list[x509.Certificate],
        pyhanko_signer: hanko_signers.Signer,
        session: Any,
        label: str,
    ) -> None:
        self.certificate = certificate
        self.chain = chain
        self.pyhanko_signer = pyhanko_signer
        self.token_label = label
        self._session = session

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            try:
                session.close()
            except Exception:
                pass

    def __enter__(self) -> PKCS11Signer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _chain_of(cert: x509.Certificate, others: list[x509.Certificate]) -> list[x509.Certificate]:
    """The intermediates above ``cert`` among ``others`` (self-signed roots left out)."""
    chain: list[x509.Certificate] = []
    by_subject = {c.subject.dump(): c for c in others}
    current = cert
    while current.issuer.dump() != current.subject.dump():
        parent = by_subject.get(current.issuer.dump())
        if parent is None or parent in chain or parent.issuer.dump() == parent.subject.dump():
            break
        chain.append(parent)
        current = parent
    return chain


def load_pkcs12(path: Path, passphrase: bytes | None) -> PKCS12Signer:
    """The signer in a PKCS#12 (``.p12``/``.pfx``) file; a wrong passphrase is a typed error."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SignerLoadError(path=str(path), detail=exc.strerror or str(exc)) from None
    try:
        _key, _cert, others = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        raise SignerLoadError(path=str(path), detail=N_("wrong passphrase or not a PKCS#12 file")) from None
    simple = keep_key(
        hanko_signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=passphrase)
    )
    cert = simple.signing_cert
    if cert is None or _key is None:
        raise SignerLoadError(path=str(path), detail=N_("the file holds no key and certificate"))
    other = [x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in others]
    return PKCS12Signer(cert, _chain_of(cert, other), simple)


def _pin_errors() -> tuple[type[Exception], ...]:
    import pkcs11.exceptions as p11e

    return (p11e.PinIncorrect, p11e.PinLenRange, p11e.PinInvalid, p11e.PinLocked)


_PIN_ERRORS = _pin_errors()


@contextmanager
def _pkcs11_errors(label: str) -> Iterator[None]:
    import pkcs11.exceptions as p11e

    try:
        yield
    except _PIN_ERRORS:
        raise TokenPinError(label=label) from None
    except (
        p11e.DeviceRemoved,
        p11e.TokenNotPresent,
        p11e.SessionHandleInvalid,
        p11e.SessionClosed,
        p11e.DeviceError,
        p11e.TokenNotRecognised,
        p11e.ObjectHandleInvalid,
        p11e.KeyHandleInvalid,
    ) as exc:
        raise TokenRemovedError(label=label, detail=type(exc).__name__) from None


def open_pkcs11(
    lib: str,
    *,
    token_label: str,
    pin: str,
    key_label: str | None = None,
    chain: list[x509.Certificate] | None = None,
) -> PKCS11Signer:
    """Open the token labelled ``token_label`` in the PKCS#11 module ``lib`` with ``pin``.

    The key is the one labelled ``key_label`` (its certificate has the same label), or the
    token's only key when ``key_label`` is None. ``chain``: intermediates when the token does
    not carry them (other certificates on the token are taken as candidates too). A wrong PIN
    raises :class:`TokenPinError` before anything is signed."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer as HankoPKCS11Signer
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    try:
        session = open_pkcs11_session(lib, token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    except pkcs11.exceptions.PKCS11Error as exc:
        if "No token matching" in str(exc) or isinstance(exc, pkcs11.exceptions.TokenNotPresent):
            raise TokenNotFoundError(label=token_label, lib=lib) from None
        if isinstance(exc, _PIN_ERRORS):
            raise TokenPinError(label=token_label) from None
        raise SigningError(detail=f"PKCS#11: {type(exc).__name__} {exc}") from None
    except OSError as exc:
        raise TokenNotFoundError(label=token_label, lib=f"{lib} ({exc})") from None
    try:
        with _pkcs11_errors(token_label):
            labelled = [
                (str(obj[Attribute.LABEL]), x509.Certificate.load(obj[Attribute.VALUE]))
                for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
            ]
            certs = [c for _l, c in labelled]
            if key_label is None:
                keys = list(
                    session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True})
                )
                if len(keys) != 1:
                    raise SigningError(
                        detail=N_("the token holds several keys or none; name one with --key-label")
                    )
                key_label = str(keys[0][Attribute.LABEL])
        own = [c for lab, c in labelled if lab == key_label]
        if not own:
            raise SigningError(detail=N_("no certificate on the token matches the key label"))
        cert = own[0]
        candidates = [c for c in certs if c is not cert] + list(chain or [])
        intermediates = _chain_of(cert, candidates)
        hanko = HankoPKCS11Signer(
            session,
            key_label=key_label,
            signing_cert=cert,
            ca_chain=intermediates,
            other_certs_to_pull=(),
            # many tokens (SoftHSM2 among them) only do raw ECDSA: pyHanko hashes first
            use_raw_mechanism=cert.public_key.algorithm == "ec",
        )
    except BaseException:
        try:
            session.close()
        except Exception:
            pass
        raise
    return PKCS11Signer(cert, intermediates, hanko, session, token_label)


# One event loop per thread for pyHanko's async signing API (a new loop per signature would
# cost more than the signature itself with ECDSA).
_loops = threading.local()


def run_async(coro: Any) -> Any:
    loop: asyncio.AbstractEventLoop | None = getattr(_loops, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _loops.loop = loop
    return loop.run_until_complete(coro)


# The signing-certificate-v2 attribute (RFC 5035) of a certificate never changes, and building it
# with asn1crypto is most of the cost of a signature (the issuer's name is re-encoded over and
# over): it is built once per certificate and reused, parsed, so its encoding is kept.
_SIGNING_CERT_ATTRS: dict[bytes, Any] = {}


async def _sign_cms(hanko: hanko_signers.Signer, data: bytes, signing_time: datetime) -> cms.ContentInfo:
    """pyHanko's CMS signing of detached ``data`` with the signed attributes pyHanko's generic
    CMS signing gives (content type, message digest, signing-certificate-v2, signingTime,
    CMS algorithm protection), the certificate attribute cached per certificate."""
    from asn1crypto import tsp
    from pyhanko.sign import attributes
    from pyhanko.sign.general import as_signing_certificate_v2
    from pyhanko.sign.signers.pdf_cms import format_signed_attributes

    cert = hanko.signing_cert
    assert cert is not None
    key = cert.sha256
    cached = _SIGNING_CERT_ATTRS.get(key)
    if cached is None:
        cached = _SIGNING_CERT_ATTRS[key] = tsp.SigningCertificateV2.load(
            as_signing_certificate_v2(cert).dump()
        )

    class _Cached(attributes.SigningCertificateV2Provider):
        async def build_attr_value(self, dry_run: bool = False) -> Any:
            return cached

    mechanism = hanko.get_signature_mechanism_for_digest("sha256")
    providers = [
        _Cached(cert),
        attributes.SigningTimeProvider(timestamp=signing_time),
        attributes.CMSAlgorithmProtectionProvider(digest_algo="sha256", signature_algo=mechanism),
    ]
    digest = hashlib.sha256(data).digest()
    signed_attrs = await format_signed_attributes(digest, attr_provs=providers, content_type="data")
    result: cms.ContentInfo = await hanko.async_sign_prescribed_attributes(
        "sha256", signed_attrs, cms_version="v1", encap_content_info={"content_type": "data"}
    )
    return result


def sign_detached(signer: Signer, data: bytes, *, signing_time: datetime) -> bytes:
    """The DER of a detached CMS ``SignedData`` over ``data`` (SHA-256, signingTime set).

    Token failures become :class:`TokenRemovedError` / :class:`TokenPinError`; any other
    failure :class:`SignatureFailedError`."""
    label = getattr(signer, "token_label", "")
    try:
        with _pkcs11_errors(label):
            info: cms.ContentInfo = run_async(_sign_cms(signer.pyhanko_signer, data, signing_time))
    except SigningError:
        raise
    except Exception as exc:
        raise SignatureFailedError(detail=f"{type(exc).__name__}: {exc}") from None
    return bytes(info.dump())


def certificate_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, lower-case hex."""
    return str(cert.sha256.hex())


def load_certificates(paths: list[Path]) -> list[x509.Certificate]:
    """Certificates in PEM or DER files."""
    try:
        return list(load_certs_from_pemder([str(p) for p in paths]))  # type: ignore[no-untyped-call]
    except (OSError, ValueError) as exc:
        raise SignerLoadError(path=", ".join(map(str, paths)), detail=str(exc)) from None
