"""CLI command ``cbccvc export``: a dossier as a PDF, signed by the competent person and by the
agency (registered on the main ``cbccvc`` app, see :mod:`cbccvc_core.cli`).

    cbccvc export --db URL --dossier 7 --pdf out.pdf                       # unsigned
    cbccvc export --db URL --dossier 7 --pdf out.pdf --sign \\
        --signer-p12 head.p12 --title "Giám đốc" --agency-p12 syt.p12 \\
        --passphrase-env P12_PASS --trust-root root.pem --crl issuing.crl --tsa http://tsa/
    cbccvc export --db URL --dossier 7 --pdf out.pdf --sign --test-pki demo-pki/   # demo

The file is written only when everything succeeded (a temporary file renamed into place).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from .cli import app, out
from .cli_db import DbOpt, _ws
from .errors import CbccvcError
from .i18n import N_, _


class ExportOptionError(CbccvcError):
    template = N_("Cannot export: {detail}")


DEFAULT_TITLE = "Thủ trưởng cơ quan, đơn vị"
AGENCY_TITLE = "Cơ quan, đơn vị"
DEMO_SIGNER = ("079080000001", "Nguyễn Văn Thẩm Quyền")


def _passphrase(env: str | None, what: str) -> bytes | None:
    """From ``$env`` (--passphrase-env), else ``$CBCCVC_PASSPHRASE`` (as ``cbccvc sign-approvals``),
    else asked."""
    if env is None and "CBCCVC_PASSPHRASE" in os.environ:
        env = "CBCCVC_PASSPHRASE"
    if env:
        value = os.environ.get(env)
        if value is None:
            raise ExportOptionError(detail=N_("the environment variable {var} is not set"), var=env)
        return value.encode()
    entered: str = typer.prompt(
        _("Passphrase for {file}").format(file=what), hide_input=True, default="", show_default=False
    )
    return entered.encode() or None


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@app.command("export")
def export_cmd(
    db: DbOpt,
    dossier: Annotated[int, typer.Option("--dossier", help="Dossier id.")],
    pdf: Annotated[Path, typer.Option("--pdf", help="The PDF file to write.")],
    sign: Annotated[
        bool, typer.Option("--sign", help="Sign: the competent person, then the agency.")
    ] = False,
    signer_p12: Annotated[
        Path | None, typer.Option("--signer-p12", help="PKCS#12 file of the competent person.")
    ] = None,
    agency_p12: Annotated[
        Path | None,
        typer.Option("--agency-p12", help="PKCS#12 file of the agency (organisation certificate)."),
    ] = None,
    passphrase_env: Annotated[
        str | None,
        typer.Option("--passphrase-env", help="Environment variable holding the PKCS#12 passphrase."),
    ] = None,
    agency_passphrase_env: Annotated[
        str | None,
        typer.Option(
            "--agency-passphrase-env", help="Its variable for the agency's file (default: the same)."
        ),
    ] = None,
    title: Annotated[
        str, typer.Option("--title", help="The competent person's title (chức vụ) on the stamp.")
    ] = DEFAULT_TITLE,
    agency_title: Annotated[
        str, typer.Option("--agency-title", help="The agency's line on its stamp.")
    ] = AGENCY_TITLE,
    tsa: Annotated[
        str | None, typer.Option("--tsa", help="RFC 3161 timestamp authority URL (PAdES B-T).")
    ] = None,
    trust_root: Annotated[
        list[Path] | None,
        typer.Option("--trust-root", help="Trusted root certificate (PEM/DER); repeatable."),
    ] = None,
    crl: Annotated[
        list[Path] | None, typer.Option("--crl", help="CRL to check the signers against; repeatable.")
    ] = None,
    signer_token: Annotated[
        str | None,
        typer.Option(
            "--signer-token", help="The competent person's USB token (label); PIN from $CBCCVC_PIN or asked."
        ),
    ] = None,
    agency_token: Annotated[
        str | None,
        typer.Option("--agency-token", help="The agency's token (label), instead of --agency-p12."),
    ] = None,
    pkcs11_lib: Annotated[
        str | None, typer.Option("--pkcs11-lib", help="PKCS#11 module of the token(s).")
    ] = None,
    chain: Annotated[
        list[Path] | None,
        typer.Option("--chain", help="Issuing CA certificate(s) the token lacks; repeatable."),
    ] = None,
    test_pki: Annotated[
        Path | None,
        typer.Option("--test-pki", help="Demo: make a test PKI in DIR and sign with its certificates."),
    ] = None,
) -> None:
    """Export a dossier's approved revision as a PDF (sơ yếu lý lịch), optionally signed (PAdES)."""
    from .export import export_dossier, load_source
    from .export.verify import validation_context

    ws = _ws(db)
    signers: list[tuple[Any, str]] | None = None
    vc = None
    opened: list[Any] = []
    try:
        if sign and test_pki is not None:
            from .signing.pki import TestPKI

            load_source(ws, dossier)  # refuse early (unknown or unapproved dossier), before making keys
            unit_id, unit_name = _dossier_unit(ws, dossier)
            pki = TestPKI.generate(test_pki, people=[DEMO_SIGNER], organisations=[(unit_id, unit_name)])
            signers = [(pki.signer(DEMO_SIGNER[0]), title), (pki.signer(unit_id), agency_title)]
            vc = pki.validation_context()
            out.print(
                _("Test PKI in {dir}: verify with --trust-root {root}").format(
                    dir=test_pki, root=pki.root_pem
                )
            )
        elif sign:
            person = _open(signer_p12, signer_token, pkcs11_lib, chain, passphrase_env)
            opened.append(person)
            agency = _open(
                agency_p12, agency_token, pkcs11_lib, chain, agency_passphrase_env or passphrase_env
            )
            opened.append(agency)
            signers = [(person, title), (agency, agency_title)]
            if trust_root:
                vc = validation_context(trust_root, crl or [])
        data = export_dossier(ws, dossier, signers=signers, timestamper_url=tsa, validation_context=vc)
    finally:
        for signer in opened:  # token sessions
            close = getattr(signer, "close", None)
            if close is not None:
                close()
    _write(pdf, data)
    source = load_source(ws, dossier)
    out.print(
        _("Exported dossier {id} (approved revision {rev}, {hash}) to {file}.").format(
            id=dossier, rev=source.revision, hash=source.content_hash, file=pdf
        )
    )
    if signers:
        out.print(
            _("Signed by the competent person, then by the agency{ts}.").format(
                ts=" " + _("with timestamps from {url}").format(url=tsa) if tsa else ""
            )
        )


def _open(
    p12: Path | None, token: str | None, lib: str | None, chain: list[Path] | None, passphrase_env: str | None
) -> Any:
    """A signer from a PKCS#12 file or a PKCS#11 token (helper A's :mod:`cbccvc_core.signing.signer`)."""
    from .signing.acts import parse_certificate
    from .signing.signer import load_pkcs12, open_pkcs11

    if p12 is not None:
        return load_pkcs12(p12, _passphrase(passphrase_env, str(p12)))
    if token is not None and lib is not None:
        pin = os.environ.get("CBCCVC_PIN")
        if pin is None:
            pin = str(typer.prompt(_("PIN of token {label}").format(label=token), hide_input=True))
        certs = [parse_certificate(Path(c).read_bytes()) for c in chain or []]
        return open_pkcs11(lib, token_label=token, pin=pin, chain=certs)
    raise ExportOptionError(
        detail=N_(
            "--sign needs the competent person's and the agency's keys: --signer-p12 or --signer-token, "
            "--agency-p12 or --agency-token (with --pkcs11-lib), or --test-pki DIR"
        )
    )


def _dossier_unit(ws: Any, dossier_id: int) -> tuple[str, str]:
    from .db import schema as db

    with ws.session() as s:
        d = s.get(db.Dossier, dossier_id)
        assert d is not None  # load_source checked it
        u = s.get(db.Unit, d.unit_id)
        assert u is not None
        return u.id, u.name
