"""A SoftHSM2 token holding a test PKI key: a stand-in for an official's USB token.

For tests, the benchmark and the demo of the PKCS#11 path. Each :class:`SoftToken` lives in its
own token directory, named by a private ``softhsm2.conf`` that ``SOFTHSM2_CONF`` points to
(set by :meth:`SoftToken.create` for this process, before the library is first loaded).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from .pki import TestPKI

__all__ = ["SOFTHSM_LIB", "SoftToken", "softhsm_available"]

SOFTHSM_LIB = os.environ.get("CBCCVC_SOFTHSM_LIB", "/usr/lib/softhsm/libsofthsm2.so")


def softhsm_available() -> str | None:
    """None when SoftHSM2 can be used, else why not."""
    for tool in ("softhsm2-util", "pkcs11-tool"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not Path(SOFTHSM_LIB).exists():
        return f"{SOFTHSM_LIB} is missing"
    return None


class SoftToken:
    """A SoftHSM2 token labelled ``label`` with one key pair and its certificate (``key_label``)."""

    def __init__(self, directory: Path, label: str, pin: str, key_label: str) -> None:
        self.directory = directory
        self.label = label
        self.pin = pin
        self.key_label = key_label
        self.lib = SOFTHSM_LIB
        self.tokendir = directory / "tokens"

    _conf: Path | None = None
    """One configuration (token directory) per process: SoftHSM2 reads it once, when the
    PKCS#11 library is first initialised; later tokens go into the same directory."""

    @classmethod
    def create(
        cls,
        directory: Path,
        pki: TestPKI,
        who: str,
        *,
        label: str = "cbccvc-token",
        pin: str = "123456",
        so_pin: str = "12345678",
    ) -> SoftToken:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        if SoftToken._conf is None or not SoftToken._conf.exists():
            (directory / "tokens").mkdir(parents=True, exist_ok=True)
            conf = directory / "softhsm2.conf"
            conf.write_text(f"directories.tokendir = {directory / 'tokens'}\nobjectstore.backend = file\n")
            SoftToken._conf = conf
            os.environ["SOFTHSM2_CONF"] = str(conf)
        tokendir = Path(SoftToken._conf.read_text().split("=", 1)[1].split("\n", 1)[0].strip())
        env = dict(os.environ, SOFTHSM2_CONF=str(SoftToken._conf))
        token = cls(directory, label, pin, key_label=who)
        existing = set(tokendir.iterdir())

        def run(*args: str) -> None:
            subprocess.run(args, check=True, env=env, capture_output=True, text=True)

        run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin)
        (token.tokendir,) = set(tokendir.iterdir()) - existing  # this token's own folder
        key_file = directory / f"{who}.pk8"
        key_file.write_bytes(
            pki.private_key(who).private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        run(
            "softhsm2-util",
            "--import",
            str(key_file),
            "--token",
            label,
            "--label",
            who,
            "--id",
            "01",
            "--pin",
            pin,
        )
        key_file.unlink()
        cert_file = directory / f"{who}.der"
        cert_file.write_bytes(pki.certificate(who).dump())
        run(
            "pkcs11-tool",
            "--module",
            SOFTHSM_LIB,
            "--token-label",
            label,
            "--login",
            "--pin",
            pin,
            "--write-object",
            str(cert_file),
            "--type",
            "cert",
            "--label",
            who,
            "--id",
            "01",
        )
        _rescan()
        return token

    def pull_out(self) -> None:
        """Simulate pulling the token out: its storage disappears."""
        shutil.rmtree(self.tokendir, ignore_errors=True)


def _rescan() -> None:
    """SoftHSM2 lists the tokens of its directory when the library is initialised: if this
    process has loaded it already, initialise it again so the new token shows (sessions open
    at that moment are closed; tokens are made before signing starts)."""
    import pkcs11

    lib = pkcs11.lib(SOFTHSM_LIB)
    if lib.initialized:
        lib.reinitialize()
