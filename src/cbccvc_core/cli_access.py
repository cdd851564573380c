"""CLI commands: access grants, audited reads, encryption keys (registered on the main app).

``cbccvc grant add|revoke|list``: rights over a unit subtree on a written document, with an expiry;
``cbccvc read``: a dossier read as an account (audited unless it is the reader's own);
``cbccvc keys status|rotate|prune``: the workspace's key file and the keys the database used.

The acting account is named with ``--as``; once it has a password it is asked for it first
(as in ``cbccvc account``).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from .cli import JsonOpt, _day, _print_json, app, out
from .cli_accounts import _actor, _Secrets, _today, _ws
from .i18n import _

grant_app = typer.Typer(
    help="Grants: rights over a unit subtree, on a written document.", no_args_is_help=True
)
app.add_typer(grant_app, name="grant")
keys_app = typer.Typer(help="Encryption keys of the sensitive fields.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

DbOpt = Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")]
AsOpt = Annotated[str, typer.Option("--as", help="The account that acts.")]
OnOpt = Annotated[str | None, typer.Option("--on", help="Business day (YYYY-MM-DD); today if omitted.")]
StdinOpt = Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")]


def _acting(db: str, acting: str, password_stdin: bool) -> Any:
    ws = _ws(db)
    return _actor(ws, acting, _Secrets(password_stdin), datetime.now(UTC))


@grant_app.command("add")
def grant_add_cmd(
    db: DbOpt,
    acting: AsOpt,
    username: Annotated[str, typer.Argument(help="The account that gets the right.")],
    right: Annotated[str, typer.Option("--right", help="admin, update or access.")],
    unit: Annotated[str, typer.Option("--unit", help="The unit whose subtree the right covers.")],
    document: Annotated[str, typer.Option("--document", help="The written document (văn bản) behind it.")],
    valid_to: Annotated[str, typer.Option("--to", help="Last day it is valid (YYYY-MM-DD).")],
    valid_from: Annotated[str | None, typer.Option("--from", help="First day (default today).")] = None,
    password_stdin: StdinOpt = False,
) -> None:
    """Grant a right over a unit subtree, on a written document, until an expiry date."""
    actor = _acting(db, acting, password_stdin)
    gid = actor.grant(
        username,
        right=right,
        unit=unit,
        document_ref=document,
        valid_from=_today(valid_from),
        valid_to=_day(valid_to),
    )
    out.print(_("Grant {id} made.").format(id=gid))


@grant_app.command("revoke")
def grant_revoke_cmd(
    db: DbOpt,
    acting: AsOpt,
    grant_id: Annotated[int, typer.Argument(help="The grant's id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the audit log).")],
    on: OnOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """End a grant from a day on (nothing is deleted)."""
    actor = _acting(db, acting, password_stdin)
    actor.revoke_grant(grant_id, on=_today(on), reason=reason)
    out.print(_("Grant {id} revoked.").format(id=grant_id))


@grant_app.command("list")
def grant_list_cmd(
    db: DbOpt, acting: AsOpt, on: OnOpt = None, as_json: JsonOpt = False, password_stdin: StdinOpt = False
) -> None:
    """The grants the acting account administers, and whether each is valid on the day."""
    rows = _acting(db, acting, password_stdin).grants(on=_today(on))
    if as_json:
        _print_json(json.loads(json.dumps(rows, default=str)))
        return
    table = Table(title=_("Grants"))
    for col in (
        "#",
        _("Account"),
        _("Right"),
        _("Unit"),
        _("Document"),
        _("Valid from"),
        _("Valid to"),
        _("Valid"),
    ):
        table.add_column(col)
    for g in rows:
        table.add_row(
            str(g["id"]),
            g["username"],
            g["right"],
            g["unit_id"],
            g["document_ref"] or "—",
            str(g["valid_from"]),
            str(g["valid_to"] or "—"),
            _("yes") if g["valid"] else _("no"),
        )
    out.print(table)


@app.command("read")
def read_cmd(
    db: DbOpt,
    acting: AsOpt,
    dossier: Annotated[int, typer.Option("--dossier", help="Dossier id.")],
    on: OnOpt = None,
    as_json: JsonOpt = False,
    password_stdin: StdinOpt = False,
) -> None:
    """Read a dossier as an account: its own, or under a right (the read is audited)."""
    data = _acting(db, acting, password_stdin).read_dossier(dossier, on=_today(on))
    if as_json:
        _print_json(json.loads(json.dumps(data, default=str)))
        return
    p, d = data["person"], data["dossier"]
    out.print(f"{p['full_name']} — {p['personal_id']} — {d['unit_id']}")
    out.print_json(json.dumps(data["content"], ensure_ascii=False, default=str), ensure_ascii=False)


@keys_app.command("status")
def keys_status_cmd(db: DbOpt, as_json: JsonOpt = False) -> None:
    """The key file, its keys (ids only) and the keys the database has used."""
    from sqlalchemy import select

    from .crypto import engine_ring
    from .db.schema_access import EncryptionKey

    ws = _ws(db)
    ring = engine_ring(ws.engine)
    with ws.session() as s:
        rows = [(r.key_id, r.purpose, r.state) for r in s.execute(select(EncryptionKey)).scalars()]
    data = {
        "key_file": os.path.abspath(ring.path),
        "current": ring.current,
        "keys_in_file": sorted(ring.keys),
        "database": [{"key_id": k, "purpose": p, "state": st} for k, p, st in rows],
        "sensitive_fields": list(ring.fields),
    }
    if as_json:
        _print_json(data)
        return
    out.print(_("Key file: {path}").format(path=data["key_file"]))
    out.print(
        _("Current key: {key}; keys in the file: {keys}").format(
            key=ring.current, keys=", ".join(sorted(ring.keys))
        )
    )
    out.print(_("Encrypted fields: {fields}").format(fields=", ".join(ring.fields)))
    for k, p, st in rows:
        out.print(f"  {k}  {p}  {st}")


@keys_app.command("rotate")
def keys_rotate_cmd(
    db: DbOpt,
    acting: AsOpt,
    keep_old: Annotated[bool, typer.Option("--keep-old", help="Keep the old keys in the file.")] = False,
    on: OnOpt = None,
    password_stdin: StdinOpt = False,
) -> None:
    """A new key, every sensitive value re-encrypted with it in one transaction; the old keys
    are then dropped from the key file unless --keep-old. Run it while nobody else writes."""
    kid = _acting(db, acting, password_stdin).rotate_keys(on=_today(on), drop_old=not keep_old)
    out.print(_("Every sensitive value is now encrypted with key {key}.").format(key=kid))


@keys_app.command("prune")
def keys_prune_cmd(db: DbOpt, acting: AsOpt, on: OnOpt = None, password_stdin: StdinOpt = False) -> None:
    """Drop from the key file the old keys no stored value uses any more."""
    dropped = _acting(db, acting, password_stdin).prune_keys(on=_today(on))
    out.print(_("Keys dropped: {keys}").format(keys=", ".join(dropped) or "—"))
