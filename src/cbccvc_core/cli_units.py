"""CLI commands: units (registered on the main ``cbccvc`` app, see :mod:`cbccvc_core.cli`).

``cbccvc unit establish|rename|merge|consolidate|split|dissolve|move …`` record a restructuring on
its written decision (``--decision``) and effective day (``--on``), acting as ``--as`` (an admin
account; asked for its password once it has one); ``cbccvc unit history`` shows a unit's names
over time and where its staff and work went; ``cbccvc unit name`` its name on a day.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from .cli import JsonOpt, _day, _print_json, app, out
from .i18n import N_, _, format_day

unit_app = typer.Typer(
    help="Units: establish, rename, merge, consolidate, split, dissolve, move; their history.",
    no_args_is_help=True,
)
app.add_typer(unit_app, name="unit")

DbOpt = Annotated[str, typer.Option("--db", help="Database URL: a SQLite file path or postgresql://…")]
AsOpt = Annotated[str, typer.Option("--as", help="The admin account that records the act.")]
DecisionOpt = Annotated[
    str,
    typer.Option("--decision", help="Reference of the written decision, e.g. 'Quyết định số 12/QĐ-UBND'."),
]
OnOpt = Annotated[str, typer.Option("--on", help="Effective day of the decision (YYYY-MM-DD).")]
StdinOpt = Annotated[bool, typer.Option("--password-stdin", help="Read the password from standard input.")]
StaffOpt = Annotated[
    list[str] | None,
    typer.Option("--staff", help="DOSSIER=UNIT: where the decision places one dossier (repeatable)."),
]
ChildOpt = Annotated[
    list[str] | None,
    typer.Option("--child", help="UNIT=PARENT: where a subordinate unit goes (repeatable)."),
]

_COUNTS = {
    "dossiers_moved": N_("dossiers moved"),
    "obligations_moved": N_("open obligations moved"),
    "transfers_moved": N_("open transfers moved"),
    "units_moved": N_("units moved"),
    "units_ended": N_("units ended"),
    "units_established": N_("units established"),
    "accounts_revoked": N_("accounts revoked"),
    "accounts_issued": N_("accounts issued"),
    "accounts_moved": N_("personal accounts moved"),
    "units_readdressed": N_("unit paths rewritten"),
    "dossiers_readdressed": N_("dossier paths rewritten"),
    "obligations_readdressed": N_("obligation paths rewritten"),
}


def _actor(db: str, username: str, password_stdin: bool) -> Any:
    from .cli_accounts import _actor as logged_in
    from .cli_accounts import _Secrets
    from .service import Workspace

    return logged_in(Workspace.open(db), username, _Secrets(password_stdin), datetime.now(UTC))


def _pairs(values: list[str] | None, option: str, *, int_keys: bool = False) -> dict[Any, str]:
    from .service import InvalidActionError

    out_map: dict[Any, str] = {}
    for value in values or []:
        key, sep, target = value.partition("=")
        key, target = key.strip(), target.strip()
        if not sep or not key or not target or (int_keys and not key.isdigit()):
            raise InvalidActionError(
                action=N_("read the command line"),
                why=N_("{option} takes KEY=VALUE, not {value!r}"),
                option=option,
                value=value,
            )
        out_map[int(key) if int_keys else key] = target
    return out_map


def _report(outcome: Any, decision: str, as_json: bool) -> None:
    if as_json:
        _print_json(
            {
                "restructuring": outcome.restructuring_id,
                "kind": outcome.kind,
                "decision_ref": decision,
                "counts": dict(outcome.counts),
                "new_units": list(outcome.new_units),
                "new_accounts": list(outcome.new_accounts),
                "revoked_accounts": list(outcome.revoked_accounts),
            }
        )
        return
    out.print(
        _("Restructuring {id} ({kind}) recorded on {decision}.").format(
            id=outcome.restructuring_id, kind=_(outcome.kind), decision=decision
        )
    )
    for key, label in _COUNTS.items():
        n = outcome.counts.get(key, 0)
        if n:
            out.print(f"  {_(label)}: {n}")
    if outcome.new_accounts:
        out.print(_("New accounts: {names}").format(names=", ".join(outcome.new_accounts)))
    if outcome.revoked_accounts:
        out.print(_("Revoked accounts: {names}").format(names=", ".join(outcome.revoked_accounts)))


@unit_app.command("establish")
def establish_cmd(
    db: DbOpt,
    acting: AsOpt,
    unit_id: Annotated[str, typer.Option("--id", help="Id of the new unit.")],
    parent: Annotated[str, typer.Option("--parent", help="Its parent unit.")],
    kind: Annotated[str, typer.Option("--kind", help="department, commune, … (RULES.md units).")],
    name: Annotated[str, typer.Option("--name", help="Its name.")],
    decision: DecisionOpt,
    on: OnOpt,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Thành lập: a new unit, with its agency account."""
    outcome = _actor(db, acting, password_stdin).establish_unit(
        unit_id, parent=parent, kind=kind, name=name, decision_ref=decision, on=_day(on)
    )
    _report(outcome, decision, as_json)


@unit_app.command("rename")
def rename_cmd(
    db: DbOpt,
    acting: AsOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit.")],
    name: Annotated[str, typer.Option("--name", help="Its new name.")],
    decision: DecisionOpt,
    on: OnOpt,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Đổi tên: the old name stays in the history."""
    outcome = _actor(db, acting, password_stdin).rename_unit(
        unit, name=name, decision_ref=decision, on=_day(on)
    )
    _report(outcome, decision, as_json)


@unit_app.command("merge")
def merge_cmd(
    db: DbOpt,
    acting: AsOpt,
    units: Annotated[list[str], typer.Option("--unit", help="A unit absorbed (repeatable).")],
    into: Annotated[str, typer.Option("--into", help="The unit that absorbs them and keeps its identity.")],
    decision: DecisionOpt,
    on: OnOpt,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Sáp nhập: the units are absorbed into --into."""
    outcome = _actor(db, acting, password_stdin).merge_units(
        units, into=into, decision_ref=decision, on=_day(on)
    )
    _report(outcome, decision, as_json)


@unit_app.command("consolidate")
def consolidate_cmd(
    db: DbOpt,
    acting: AsOpt,
    units: Annotated[list[str], typer.Option("--unit", help="A unit consolidated (at least two).")],
    new_id: Annotated[str, typer.Option("--new-id", help="Id of the new unit.")],
    name: Annotated[str, typer.Option("--name", help="Name of the new unit.")],
    decision: DecisionOpt,
    on: OnOpt,
    kind: Annotated[str | None, typer.Option("--kind", help="Its kind (default: theirs).")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="Its parent (default: theirs).")] = None,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Hợp nhất: the units end and one new unit takes over all of them."""
    from .restructure import NewUnit

    outcome = _actor(db, acting, password_stdin).consolidate_units(
        units, new_unit=NewUnit(new_id, name, kind, parent), decision_ref=decision, on=_day(on)
    )
    _report(outcome, decision, as_json)


@unit_app.command("split")
def split_cmd(
    db: DbOpt,
    acting: AsOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit split.")],
    parts: Annotated[list[str], typer.Option("--part", help="ID=Name of a new unit (at least two).")],
    decision: DecisionOpt,
    on: OnOpt,
    staff: StaffOpt = None,
    child: ChildOpt = None,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Chia tách: every dossier of the unit must be placed with --staff DOSSIER=UNIT, every
    subordinate unit with --child UNIT=PARENT."""
    from .restructure import NewUnit

    specs = [NewUnit(k, v) for k, v in _pairs(parts, "--part").items()]
    outcome = _actor(db, acting, password_stdin).split_unit(
        unit,
        parts=specs,
        staff=_pairs(staff, "--staff", int_keys=True),
        children=_pairs(child, "--child"),
        decision_ref=decision,
        on=_day(on),
    )
    _report(outcome, decision, as_json)


@unit_app.command("dissolve")
def dissolve_cmd(
    db: DbOpt,
    acting: AsOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit dissolved.")],
    successor: Annotated[str, typer.Option("--successor", help="The unit that takes over.")],
    decision: DecisionOpt,
    on: OnOpt,
    staff: StaffOpt = None,
    child: ChildOpt = None,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Giải thể: subordinate units, staff and open work go to --successor (or where --staff and
    --child place them)."""
    outcome = _actor(db, acting, password_stdin).dissolve_unit(
        unit,
        successor=successor,
        staff=_pairs(staff, "--staff", int_keys=True),
        children=_pairs(child, "--child"),
        decision_ref=decision,
        on=_day(on),
    )
    _report(outcome, decision, as_json)


@unit_app.command("move")
def move_cmd(
    db: DbOpt,
    acting: AsOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit moved, with its subtree.")],
    parent: Annotated[str, typer.Option("--parent", help="Its new parent.")],
    decision: DecisionOpt,
    on: OnOpt,
    password_stdin: StdinOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Move a unit and its subtree under another parent."""
    outcome = _actor(db, acting, password_stdin).reparent_unit(
        unit, parent=parent, decision_ref=decision, on=_day(on)
    )
    _report(outcome, decision, as_json)


@unit_app.command("name")
def name_cmd(
    db: DbOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit.")],
    on: Annotated[str, typer.Option("--on", help="The day (YYYY-MM-DD).")],
) -> None:
    """The unit's name as it was on a day."""
    from .restructure import unit_name_on
    from .service import Workspace

    with Workspace.open(db).session() as s:
        out.print(unit_name_on(s, unit, _day(on)))


@unit_app.command("history")
def history_cmd(
    db: DbOpt,
    unit: Annotated[str, typer.Option("--unit", help="The unit.")],
    as_json: JsonOpt = False,
) -> None:
    """A unit's names over time and the restructurings it took part in."""
    from .restructure import unit_history
    from .service import Workspace

    with Workspace.open(db).session() as s:
        data = unit_history(s, unit)
    if as_json:
        _print_json(json.loads(json.dumps(data, default=str)))
        return
    state = _("active") if data["active"] else _("ended")
    kind = str(data["kind"])  # one of _DYNAMIC
    out.print(f"{data['unit']} — {data['name']} ({_(kind)}, {state}) {data['path']}")
    names = Table(title=_("Names of {unit}").format(unit=data["unit"]))
    for col in (_("Name"), _("From"), _("Until")):
        names.add_column(col)
    for n in data["names"]:
        until = format_day(n["valid_to"], fmt="short") if n["valid_to"] else "—"
        names.add_row(n["name"], format_day(n["valid_from"], fmt="short"), until)
    out.print(names)
    if data["lineage"]:
        table = Table(title=_("Restructurings"))
        for col in (_("Day"), _("Act"), _("Predecessor"), _("Successor"), _("Decision")):
            table.add_column(col)
        for e in data["lineage"]:
            act = str(e["kind"])  # one of _DYNAMIC (a literal inside _() would be extracted)
            table.add_row(
                format_day(e["effective_on"], fmt="short"),
                _(act),
                f"{e['predecessor']} ({e['predecessor_name']})",
                f"{e['successor']} ({e['successor_name']})",
                e["decision_ref"],
            )
        out.print(table)
    sys.stdout.flush()


# Values shown through _() at run time, marked here for the catalogue.
_DYNAMIC = (
    N_("establish"),
    N_("rename"),
    N_("merge"),
    N_("consolidate"),
    N_("split"),
    N_("dissolve"),
    N_("reparent"),
    N_("active"),
    N_("ended"),
    N_("province"),
    N_("department"),
    N_("sub_department"),
    N_("district"),
    N_("commune"),
    N_("public_service_unit"),
    N_("association"),
)
