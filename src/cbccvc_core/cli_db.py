"""CLI commands on a workspace database: init, obligations, show, history, audit verify.

Registered on the main ``cbccvc`` app (see :mod:`cbccvc_core.cli`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from .cli import JsonOpt, _day, _label, _print_json, app, err, out
from .i18n import _, format_day

DbOpt = Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")]


def _ws(url: str) -> Any:
    from .service import Workspace

    return Workspace.open(url)


@app.command("init")
def init_cmd(
    db: DbOpt,
    province: Annotated[str, typer.Option("--province", help="Province code, e.g. kontum.")],
    root_id: Annotated[str, typer.Option(help="Id of the root unit (UBND tỉnh).")] = "ROOT",
    root_name: Annotated[str | None, typer.Option(help="Name of the root unit.")] = None,
    admin: Annotated[str, typer.Option(help="Username of the first admin account (Sở Nội vụ).")] = "admin",
) -> None:
    """Create or upgrade a workspace database (through the migrations) for PROVINCE."""
    from .registry import default_registry
    from .service import Workspace

    rs = default_registry().get(province)
    ws = Workspace.create(
        db, province, root=(root_id, root_name or f"UBND tỉnh {rs.profile.name}"), admin=admin
    )
    out.print(_("Workspace ready: {url} ({province}).").format(url=ws.url, province=rs.profile.name))


@app.command("obligations")
def obligations_cmd(
    db: DbOpt,
    as_of: Annotated[str, typer.Option("--as-of", help="Date (YYYY-MM-DD).")],
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's subtree.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue obligations.")] = False,
    status: Annotated[str, typer.Option(help="open, overdue, due_soon, done or all.")] = "open",
    limit: Annotated[int, typer.Option(help="At most this many rows (the first, by due date).")] = 100,
    show_all: Annotated[bool, typer.Option("--all", help="Every row, streamed page by page.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Obligations as they stood on a date, per unit subtree: the first LIMIT by due date and
    how many there are in all (--all streams every one)."""
    ws = _ws(db)
    day = _day(as_of)
    which = "overdue" if overdue else status
    rows: Iterable[Any]
    if show_all:
        rows, total = ws.iter_obligations(day, unit=unit, status=which), None
    else:
        page = ws.obligations(day, unit=unit, status=which, limit=limit)
        total = ws.count_obligations(day, unit=unit, status=which) if len(page) == limit else len(page)
        rows = page
    if as_json:
        # one row a line, written as it arrives (a province-wide --all list is tens of thousands)
        write = sys.stdout.write
        write("[")
        for i, r in enumerate(rows):
            write(("\n  " if i == 0 else ",\n  ") + json.dumps(r.to_json(), ensure_ascii=False))
        write("\n]\n")
        return
    table = Table(title=_("Obligations as of {date}").format(date=format_day(day)))
    for col in (_("Dossier"), _("Unit"), _("Obligation"), _("Due"), _("Done"), _("Source")):
        table.add_column(col)
    shown = 0
    for r in rows:
        due = format_day(r.due, fmt="short") if r.due else "—"
        done = (
            (format_day(r.done_on, fmt="short") + (" (" + _("late") + ")" if r.late else ""))
            if r.done_on
            else ""
        )
        table.add_row(
            str(r.dossier_id or ""), r.unit_id, _label("obligation", r.obligation), due, done, r.basis
        )
        shown += 1
    out.print(table)
    if total is None or total == shown:
        out.print(_("{n} obligations.").format(n=shown))
    else:
        out.print(
            _("The first {shown} of {n} obligations (--all for every one).").format(shown=shown, n=total)
        )


@app.command("show")
def show_cmd(
    db: DbOpt,
    dossier: Annotated[int, typer.Option("--dossier", help="Dossier id.")],
    as_json: JsonOpt = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Name the unit as it was on this day (default: today).")
    ] = None,
) -> None:
    """A dossier: the person, its states and the current revision's content."""
    from .restructure import unit_name_on

    ws = _ws(db)
    data = ws.dossier(dossier)
    with ws.session() as s:  # the unit's name on the day asked (units are renamed, merged…)
        unit_name = unit_name_on(s, data["dossier"]["unit_id"], _day(as_of) if as_of else date.today())
    data["dossier"]["unit_name"] = unit_name
    if as_json:
        _print_json(json.loads(json.dumps(data, default=str)))
        return
    d, p, r = data["dossier"], data["person"], data["revision"]
    out.print(f"{p['full_name']} — {p['personal_id']} — {_label('category', p['category'])}")
    out.print(
        _("Unit {unit}; review: {review}; employment: {employment}; revision {rev} ({state}, {hash})").format(
            unit=f"{d['unit_id']} ({unit_name})",
            review=d["review"],
            employment=d["employment"],
            rev=r["number"],
            state=r["state"],
            hash=r["content_hash"],
        )
    )
    out.print_json(json.dumps(data["content"], ensure_ascii=False, default=str), ensure_ascii=False)


@app.command("history")
def history_cmd(
    db: DbOpt,
    dossier: Annotated[int, typer.Option("--dossier", help="Dossier id.")],
    as_json: JsonOpt = False,
) -> None:
    """Every recorded change of a dossier, from the audit log."""
    from .restructure import unit_name_on

    ws = _ws(db)
    rows = ws.history(dossier)
    if as_json:
        _print_json(rows)
        return
    table = Table(title=_("History of dossier {id}").format(id=dossier))
    for col in ("#", _("When"), _("Account"), _("Action"), _("Entity"), _("After")):
        table.add_column(col)
    moves: list[str] = []
    with ws.session() as s:
        for h in rows:
            table.add_row(
                str(h["seq"]),
                h["at"][:19],
                h["username"],
                h["action"],
                f"{h['entity']} {h['entity_id']}",
                (h["after_hash"] or "")[:19],
            )
            # a restructuring that moved the dossier: both units, named as they were that day
            detail = h["detail"] if isinstance(h["detail"], dict) else {}
            if h["entity"] == "dossier" and "from_unit" in detail and "unit" in detail:
                day = date.fromisoformat(detail["on"])
                units = [f"{u} ({unit_name_on(s, u, day)})" for u in (detail["from_unit"], detail["unit"])]
                moves.append(
                    _("#{seq}, {day}: moved from {old} to {new} ({decision}).").format(
                        seq=h["seq"],
                        day=format_day(day, fmt="short"),
                        old=units[0],
                        new=units[1],
                        decision=detail.get("decision_ref", ""),
                    )
                )
    out.print(table)
    for line in moves:
        out.print(line)


audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify_cmd(db: DbOpt, as_json: JsonOpt = False) -> None:
    """Check the audit log's hash chain; name the first broken link. Exit 1 if broken."""
    result = _ws(db).verify_audit()
    if as_json:
        _print_json(
            {
                "ok": result.ok,
                "entries": result.entries,
                "first_broken": result.first_broken,
                "reason": result.reason,  # the stable English msgid, as JSON is for programs
            }
        )
    elif result.ok:
        out.print(_("Audit log intact: {n} entries chain correctly.").format(n=result.entries))
    else:
        err.print(
            _("Audit log BROKEN at entry {seq}: {reason} ({n} entries before it are intact).").format(
                seq=result.first_broken, reason=_(result.reason) if result.reason else "", n=result.entries
            )
        )
    if not result.ok:
        raise typer.Exit(1)
