"""A small RFC 3161 timestamp server, for tests and demos (never for production).

:class:`LocalTSA` makes its own throw-away PKI (an RSA root "cbccvc test TSA root" and a TSA
certificate with the critical ``timeStamping`` extended key usage), then answers timestamp
requests over HTTP on the loopback interface (``127.0.0.1``, a free port) in a background
thread. The tokens are made by pyHanko's ``DummyTimeStamper`` (a real RFC 3161 ``TimeStampResp``
signed by the TSA key). A verifier trusts the tokens when given :attr:`LocalTSA.root_pem`.

    with LocalTSA(directory) as tsa:
        export_dossier(..., timestamper_url=tsa.url)

``python -m cbccvc_core.export.tsa DIR`` runs one in the foreground for a demo and prints its
URL and the root certificate's path.
"""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from ..signing.pki import key_usage

REQUEST_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
MAX_REQUEST = 64 * 1024


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cbccvc test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _make_pki(now: datetime) -> tuple[x509.Certificate, x509.Certificate, rsa.RSAPrivateKey]:
    """A root and a TSA certificate (RSA: the dummy timestamper signs with RSA only)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start, end = now - timedelta(days=1), now + timedelta(days=3650)
    root_name = _name("cbccvc test TSA root")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            key_usage(ca=True),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    tsa = (
        x509.CertificateBuilder()
        .subject_name(_name("cbccvc test TSA"))
        .issuer_name(root_name)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            key_usage(ca=False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )
    return root, tsa, tsa_key


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class LocalTSA:
    """An RFC 3161 timestamp authority on ``http://127.0.0.1:<port>/``, with its own root."""

    def __init__(self, directory: Path | None = None, *, host: str = "127.0.0.1", port: int = 0) -> None:
        root, tsa, key = _make_pki(datetime.now(UTC))
        self.root = _asn1(root)
        self.certificate = _asn1(tsa)
        self.root_pem_bytes = root.public_bytes(serialization.Encoding.PEM)
        self.root_pem: Path | None = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self.root_pem = directory / "tsa-root.pem"
            self.root_pem.write_bytes(self.root_pem_bytes)
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        self.stamper = DummyTimeStamper(
            tsa_cert=self.certificate,
            tsa_key=key_info,
            certs_to_embed=SimpleCertificateStore.from_certs([self.root]),  # type: ignore[no-untyped-call]
        )
        self.requests = 0
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if self.headers.get("Content-Type") != REQUEST_TYPE or not 0 < length <= MAX_REQUEST:
                    self.send_error(400, "expected an RFC 3161 timestamp query")
                    return
                try:
                    request = tsp.TimeStampReq.load(self.rfile.read(length))
                    reply = tsa.stamper.request_tsa_response(request).dump()
                except (ValueError, TypeError, KeyError):
                    self.send_error(400, "malformed timestamp query")
                    return
                tsa.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", REPLY_TYPE)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler

    def start(self) -> LocalTSA:
        self._thread = threading.Thread(target=self._server.serve_forever, name="cbccvc-tsa", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port (a server never started is just closed)."""
        if self._thread is not None:
            self._server.shutdown()  # waits for serve_forever: only when it runs
            self._thread.join(5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> LocalTSA:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def main(argv: list[str]) -> int:  # pragma: no cover - a demo entry point
    directory = Path(argv[0]) if argv else Path(".")
    tsa = LocalTSA(directory)
    print(f"TSA: {tsa.url}\nroot: {tsa.root_pem}", flush=True)
    try:
        tsa._server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
