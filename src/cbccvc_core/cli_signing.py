"""CLI commands: signing (registered on the main ``cbccvc`` app, see :mod:`cbccvc_core.cli`).

- ``cbccvc verify --db URL`` checks every signed approval (exit 1 naming each failing dossier
  and revision); ``cbccvc verify FILE.pdf`` checks a signed export.
- ``cbccvc sign-approvals --db URL --unit ID --month YYYY-MM --as USER (--p12 FILE | --pkcs11-lib
  LIB --token LABEL)`` signs a month's awaiting approvals with one PIN entry.
- ``cbccvc signing add-root | add-crl | bind | online | roots`` configure trust (audited acts).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from .cli import _day, app, err, out
from .i18n import N_, _

DbOpt = Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")]
AsOpt = Annotated[str, typer.Option("--as", help="Username of the account acting.")]
OnOpt = Annotated[
    str | None, typer.Option("--on", help="Business date of the act (YYYY-MM-DD); today by default.")
]


def _ws(url: str) -> Any:
    from .service import Workspace

    return Workspace.open(url)


def _read(path: Path) -> bytes:
    from .signing.acts import TrustDataError

    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise TrustDataError(
            action=N_("read a file"),
            why=N_("{path}: {detail}"),
            path=str(path),
            detail=exc.strerror or str(exc),
        ) from None


def _on(value: str | None) -> date:
    return _day(value) if value else date.today()


# -- verify ---------------------------------------------------------------------------------------------


@app.command("verify")
def verify_cmd(
    file: Annotated[Path | None, typer.Argument(help="A signed PDF export to check.")] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Check every signed approval in this database.")
    ] = None,
    trust_root: Annotated[
        list[Path] | None,
        typer.Option("--trust-root", help="A trusted CA certificate (PEM/DER); repeatable."),
    ] = None,
    crl: Annotated[
        list[Path] | None, typer.Option("--crl", help="A CRL (DER/PEM) to use; repeatable.")
    ] = None,
) -> None:
    """Verify signed approvals (--db) or a signed PDF export (FILE). Exit 1 when one fails."""
    roots, crls = list(trust_root or []), list(crl or [])
    if file is None and db is None:
        err.print(_("Give a PDF file or --db URL."))
        raise typer.Exit(2)
    code = 0
    if file is not None:
        from .export.verify import report_pdf

        code = max(code, report_pdf(file, trust_roots=roots, crls=crls, out=out))
    if db is not None:
        code = max(code, _verify_db(db, roots, crls))
    if code:
        raise typer.Exit(code)


def _verify_db(url: str, roots: list[Path], crls: list[Path]) -> int:
    from .signing.acts import parse_certificate
    from .signing.approvals import verify_approvals

    ws = _ws(url)
    extra_roots = [parse_certificate(_read(p)) for p in roots]
    extra_crls = [_crl_der(_read(p)) for p in crls]
    checks = verify_approvals(ws, extra_roots=extra_roots, extra_crls=extra_crls)
    failed = [c for c in checks if not c.ok]
    for c in failed:
        out.print(_("FAILED") + "  " + c.message())
    ok = len(checks) - len(failed)
    out.print(
        _("{ok} of {total} signed approvals verified; {failed} failed.").format(
            ok=ok, total=len(checks), failed=len(failed)
        )
    )
    return 1 if failed else 0


def _crl_der(data: bytes) -> bytes:
    from asn1crypto import pem

    if pem.detect(data):
        _kind, _headers, data = pem.unarmor(data)
    return data


# -- a month's approvals ---------------------------------------------------------------------------------


def _open_signer(
    p12: Path | None, pkcs11_lib: str | None, token: str | None, key_label: str | None, chain: list[Path]
) -> Any:
    from .signing.acts import parse_certificate
    from .signing.signer import SignerLoadError, load_pkcs12, open_pkcs11

    if p12 is not None:
        secret = os.environ.get("CBCCVC_PASSPHRASE")
        if secret is None:
            secret = typer.prompt(
                _("Passphrase of {file}").format(file=p12), hide_input=True, default="", show_default=False
            )
        return load_pkcs12(p12, secret.encode() if secret else None)
    if pkcs11_lib is not None and token is not None:
        pin = os.environ.get("CBCCVC_PIN")
        if pin is None:
            pin = typer.prompt(_("PIN of token {label}").format(label=token), hide_input=True)
        return open_pkcs11(
            pkcs11_lib,
            token_label=token,
            pin=pin,
            key_label=key_label,
            chain=[parse_certificate(_read(p)) for p in chain],
        )
    raise SignerLoadError(path="—", detail=N_("give --p12 FILE, or --pkcs11-lib LIB with --token LABEL"))


@app.command("sign-approvals")
def sign_approvals_cmd(
    db: DbOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit whose subtree's dossiers are approved.")],
    month: Annotated[str, typer.Option("--month", help="YYYY-MM: revisions submitted in this month.")],
    username: AsOpt,
    p12: Annotated[
        Path | None,
        typer.Option("--p12", help="PKCS#12 file of the signer (passphrase asked, or $CBCCVC_PASSPHRASE)."),
    ] = None,
    pkcs11_lib: Annotated[
        str | None, typer.Option("--pkcs11-lib", help="PKCS#11 module of the USB token.")
    ] = None,
    token: Annotated[
        str | None, typer.Option("--token", help="Label of the token (PIN asked once, or $CBCCVC_PIN).")
    ] = None,
    key_label: Annotated[
        str | None, typer.Option("--key-label", help="Label of the key on the token.")
    ] = None,
    chain: Annotated[
        list[Path] | None, typer.Option("--chain", help="Issuing CA certificate(s) the token lacks.")
    ] = None,
    on: OnOpt = None,
) -> None:
    """Approve and sign every revision awaiting you in MONTH under UNIT, with one PIN entry.
    Stops cleanly if the token is pulled or a signature fails: what was signed stays
    committed; what was not is listed. Exit 1 if anything was left unsigned."""
    from .signing.acts import awaiting, month_bounds, sign_month

    ws = _ws(db)
    _first, last = month_bounds(month)
    day = _on(on) if on else min(date.today(), last)
    todo = awaiting(ws, username, unit, month)
    if not todo:
        out.print(
            _("Nothing awaits {user} in {month} under {unit}.").format(user=username, month=month, unit=unit)
        )
        return
    signer = _open_signer(p12, pkcs11_lib, token, key_label, list(chain or []))
    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=False,
        ) as bar:
            task = bar.add_task(_("Signing approvals"), total=len(todo))
            result = sign_month(
                ws,
                username,
                unit,
                month,
                signer,
                on=day,
                dossiers=todo,
                progress=lambda done, total: bar.update(task, completed=done),
            )
    finally:
        close = getattr(signer, "close", None)
        if close is not None:
            close()
    out.print(_("Signed {n} approvals.").format(n=len(result.signed)))
    for did, why in result.refused:
        out.print(_("Not approved: dossier {dossier}: {why}").format(dossier=did, why=why))
    if result.stopped is not None:
        out.print(_("Stopped: {why}").format(why=result.stopped))
        out.print(
            _("Not signed ({n}): dossiers {ids}").format(
                n=len(result.not_attempted), ids=", ".join(map(str, result.not_attempted))
            )
        )
    if result.stopped is not None or result.refused:
        raise typer.Exit(1)


# -- trust configuration -------------------------------------------------------------------------------

signing_app = typer.Typer(
    help="Trust roots, CRLs and certificate bindings for signed approvals.", no_args_is_help=True
)
app.add_typer(signing_app, name="signing")


@signing_app.command("add-root")
def add_root_cmd(
    db: DbOpt,
    certificate: Annotated[Path, typer.Argument(help="CA certificate (PEM/DER).")],
    username: AsOpt = "admin",
    on: OnOpt = None,
) -> None:
    """Trust a CA for approval signatures (an admin of the root unit; audited)."""
    fp = _ws(db).as_account(username).add_trust_root(_read(certificate), on=_on(on))
    out.print(_("Trust root added: {fp}").format(fp=fp))


@signing_app.command("add-crl")
def add_crl_cmd(
    db: DbOpt,
    crl: Annotated[Path, typer.Argument(help="CRL (DER/PEM).")],
    username: AsOpt = "admin",
    on: OnOpt = None,
) -> None:
    """Supply a certificate revocation list to validation (audited)."""
    fp = _ws(db).as_account(username).add_crl(_read(crl), on=_on(on))
    out.print(_("Revocation list added: {fp}").format(fp=fp))


@signing_app.command("bind")
def bind_cmd(
    db: DbOpt,
    account: Annotated[str, typer.Argument(help="Username that may sign with the certificate.")],
    certificate: Annotated[Path, typer.Argument(help="The certificate (PEM/DER).")],
    document_ref: Annotated[str, typer.Option("--document", help="Reference of the written decision.")],
    username: AsOpt = "admin",
    on: OnOpt = None,
) -> None:
    """Bind an account to a certificate that does not name its person (audited)."""
    fp = (
        _ws(db)
        .as_account(username)
        .bind_certificate(account, _read(certificate), document_ref=document_ref, on=_on(on))
    )
    out.print(_("Certificate {fp} bound to {account}.").format(fp=fp, account=account))


@signing_app.command("online")
def online_cmd(
    db: DbOpt,
    enabled: Annotated[bool, typer.Argument(help="true or false.")],
    username: AsOpt = "admin",
    on: OnOpt = None,
) -> None:
    """Allow (or stop) fetching OCSP answers and CRLs from the certificates' URLs (audited)."""
    _ws(db).as_account(username).set_online_revocation(enabled, on=_on(on))
    out.print(_("Online revocation checking: {state}").format(state=_("on") if enabled else _("off")))


@signing_app.command("roots")
def roots_cmd(db: DbOpt) -> None:
    """The trust roots and CRLs of the workspace."""
    from sqlalchemy import select

    from .db import schema_signing as sdb

    ws = _ws(db)
    table = Table()
    for col in (_("Kind"), _("Subject / issuer"), _("SHA-256"), _("Added"), _("Retired")):
        table.add_column(col)
    with ws.session() as s:
        for r in s.execute(select(sdb.TrustRoot).order_by(sdb.TrustRoot.id)).scalars():
            table.add_row(
                _("trust root"), r.subject, r.sha256[:16] + "…", str(r.added_on), str(r.retired_on or "")
            )
        for c in s.execute(select(sdb.RevocationList).order_by(sdb.RevocationList.id)).scalars():
            table.add_row("CRL", c.issuer, c.sha256[:16] + "…", str(c.added_on), "")
    out.print(table)
