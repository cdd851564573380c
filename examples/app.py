"""A small provincial app on cbccvc_core, end to end (the walk-through of docs/embedding.md).

    python examples/app.py                          # Kon Tum, on a temporary SQLite file
    python examples/app.py --db kontum.db           # a SQLite file you keep
    python examples/app.py --db postgresql://postgres@127.0.0.1:5432/cbccvc_demo
    python examples/app.py --province quangnam      # another installed province

One year in a small province: Sở Nội vụ sets up the units and accounts, a department recruits
two people (Nguyễn Văn An, Trần Thị Bình), enters and submits their dossiers, the head approves
one and returns the other for correction, the deputy approves the corrected one by delegation,
An is transferred to a commune, Bình resigns. Then the questions a Sở Nội vụ asks: what is open
or overdue, how each unit keeps its deadlines, and whether the audit log is intact.

The output is plain English lines for developers; the library's own messages (the typed errors)
are shown in Vietnamese and English.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from cbccvc_core.errors import CbccvcError
from cbccvc_core.model.dossier import DossierContent, Education, Identity
from cbccvc_core.model.people import PersonRecord
from cbccvc_core.service import ConflictError, ObligationView, Workspace

D = date
ROOT, SNV, DISTRICT, COMMUNE = "UBND", "SNV", "HUYEN1", "XA1"
EVER = date(2100, 1, 1)  # obligations(EVER, status="all"): every obligation recorded so far
NAMES = {
    "kontum": ("UBND huyện Đắk Tô", "UBND xã Diên Bình"),
}


def person(personal_id: str, name: str, born: date, gender: str, category: str) -> PersonRecord:
    return PersonRecord(
        personal_id=personal_id, full_name=name, birth_date=born, gender=gender, category=category
    )


def content(p: PersonRecord, education: Education | None = None) -> DossierContent:
    """The minimal sơ yếu lý lịch: only the Identity section is required."""
    identity = Identity(
        full_name=p.full_name, gender=p.gender, birth_date=p.birth_date, personal_id=p.personal_id
    )
    return DossierContent(identity=identity, education=education or Education())


def show(rows: list[ObligationView], indent: str = "  ") -> None:
    for o in rows:
        done = f" done {o.done_on}{' LATE' if o.late else ''}" if o.done_on else ""
        print(f"{indent}{o.obligation} dossier={o.dossier_id} unit={o.unit_id} due={o.due}{done} [{o.basis}]")


def new_obligations(ws: Workspace, dossier_id: int, since: set[int]) -> list[ObligationView]:
    """Obligations of a dossier created since the ids in ``since`` (what the last act started)."""
    rows = ws.obligations(EVER, status="all")
    return [o for o in rows if o.dossier_id == dossier_id and o.id not in since]


def known(ws: Workspace) -> set[int]:
    return {o.id for o in ws.obligations(EVER, status="all")}


def run(url: str, province: str) -> int:
    # -- 1. The workspace: schema through the migrations, the root unit and the first admin ------
    ws = Workspace.create(url, province, root=(ROOT, "UBND tỉnh"), admin="snv.admin", on=D(2026, 1, 5))
    print(f"workspace {ws.url} province={ws.ruleset.code} ({ws.ruleset.profile.name})")
    admin = ws.as_account("snv.admin")
    district_name, commune_name = NAMES.get(province, ("UBND huyện 1", "UBND xã 1"))
    jan5 = D(2026, 1, 5)
    admin.add_unit(SNV, parent=ROOT, kind="department", name="Sở Nội vụ", on=jan5)
    admin.add_unit(DISTRICT, parent=ROOT, kind="district", name=district_name, on=jan5)
    admin.add_unit(COMMUNE, parent=DISTRICT, kind="commune", name=commune_name, on=jan5)
    print(f"units: {ROOT} > {SNV}; {ROOT} > {DISTRICT} > {COMMUNE}")

    # -- 2. Accounts: agency accounts (the unit's staff), the head, the deputy -------------------
    policy = ws.ruleset.approval
    head_role = "unit_head"
    if policy is not None:  # the role that approves a provincial department's dossiers
        roles = [a.role for a in policy.approvers if a.scope in ("provincial", "all")]
        head_role = roles[0] if roles else head_role
    delegations = [] if policy is None else [x for x in policy.delegations if x.delegator == head_role]
    deputy_role = delegations[0].delegate if delegations else "deputy_head"
    admin.issue_account("snv.unit", kind="agency", unit=SNV, on=jan5)
    admin.issue_account("snv.head", kind="agency", unit=SNV, role=head_role, on=jan5)
    admin.issue_account("snv.deputy", kind="agency", unit=SNV, role=deputy_role, on=jan5)
    admin.issue_account("huyen.unit", kind="agency", unit=DISTRICT, on=jan5)
    print(f"accounts: snv.admin snv.unit snv.head({head_role}) snv.deputy({deputy_role}) huyen.unit")
    unit, head, deputy = ws.as_account("snv.unit"), ws.as_account("snv.head"), ws.as_account("snv.deputy")
    district = ws.as_account("huyen.unit")

    # -- 3. Recruitment: the decision's date anchors the deadlines, `on` is the day it is entered -
    an = person("062090001234", "Nguyễn Văn An", D(1990, 5, 1), "male", "cong_chuc")
    binh = person("062195004321", "Trần Thị Bình", D(1995, 8, 15), "female", "vien_chuc")
    ids = {}
    for p in (an, binh):
        before = known(ws)
        did = unit.recruit(p, unit=SNV, content=content(p), decision_on=D(2026, 2, 10), on=D(2026, 2, 11))
        ids[p.full_name] = did
        print(f"recruit: dossier {did} {p.full_name} ({p.category}) decision 2026-02-10")
        show(new_obligations(ws, did, before))
    an_id, binh_id = ids[an.full_name], ids[binh.full_name]

    # -- 4. Submit, approve, return for correction, resubmit, approve by delegation ---------------
    before = known(ws)
    unit.submit(an_id, on=D(2026, 3, 20))
    print(f"submit: dossier {an_id} on 2026-03-20")
    show(new_obligations(ws, an_id, before))
    try:  # a typed error: the district's account has no say over a department's dossier
        district.approve(an_id, on=D(2026, 3, 27))
    except CbccvcError as exc:
        print(f"refused ({type(exc).__name__}):")
        print(f"  vi: {exc.message('vi')}")
        print(f"  en: {exc.message('en')}")
    print(f"approve: dossier {an_id} on 2026-03-27 authority={head.approve(an_id, on=D(2026, 3, 27))}")

    unit.submit(binh_id, on=D(2026, 4, 2))  # after the data-entry deadline: done late
    print(f"submit: dossier {binh_id} on 2026-04-02")
    head.return_for_correction(binh_id, on=D(2026, 4, 6), reason="Thiếu trình độ chuyên môn")
    print(f"return: dossier {binh_id} on 2026-04-06")
    fixed = content(binh, Education(highest_professional_level="Cử nhân"))
    rev = unit.edit(binh_id, fixed, on=D(2026, 4, 7), base_revision=1)
    unit.submit(binh_id, on=D(2026, 4, 8))
    print(f"edit+resubmit: dossier {binh_id} revision {rev} on 2026-04-08")
    for o in ws.approval_list(D(2026, 4, 1), unit=ROOT):
        print(f"approval list 2026-04: dossier {o.dossier_id} {o.obligation} due {o.due}")
    approver = head
    if delegations:
        head.delegate(
            "snv.deputy", unit=SNV, document_ref="QĐ 25/QĐ-SNV ngày 25/3/2026", valid_from=D(2026, 3, 25)
        )
        approver = deputy
    authority = approver.approve(binh_id, on=D(2026, 4, 28))
    print(f"approve: dossier {binh_id} on 2026-04-28 authority={authority}")

    # -- 5. Transfer within the province: the department sends, the district receives, forwards --
    before = known(ws)
    tid = unit.start_transfer(
        an_id,
        kind="within_province",
        to_unit=COMMUNE,
        via_unit=DISTRICT,
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 120/QĐ-UBND",
        on=D(2026, 4, 2),
    )
    print(f"transfer {tid}: dossier {an_id} {SNV} -> {DISTRICT} -> {COMMUNE} effective 2026-04-01")
    show(new_obligations(ws, an_id, before))
    unit.send(tid, on=D(2026, 4, 3))
    district.receive(tid, on=D(2026, 4, 6))
    district.forward(tid, on=D(2026, 4, 8))
    print(f"transfer {tid}: sent 2026-04-03, received 2026-04-06, forwarded 2026-04-08")
    print(f"dossier {an_id} now in {ws.dossier(an_id)['dossier']['unit_id']}")

    # -- 6. A change on a valid paper record: a new revision, a document, a deadline ------------
    before = known(ws)
    rev = district.edit(
        an_id,
        content(an, Education(highest_professional_level="Thạc sĩ")),
        on=D(2026, 4, 20),
        base_revision=1,
        event="valid_paper_record",
        event_on=D(2026, 4, 17),
    )
    digest = district.attach(
        an_id, name="bang-thac-si.pdf", media_type="application/pdf", data=b"%PDF-1.7 demo", on=D(2026, 4, 20)
    )
    print(f"edit: dossier {an_id} revision {rev} (valid_paper_record 2026-04-17), attached sha256 {digest}")
    show(new_obligations(ws, an_id, before))
    try:  # a second editor who started from revision 1 too
        district.edit(an_id, content(an), on=D(2026, 4, 21), base_revision=1)
    except ConflictError as exc:
        print(f"refused ({type(exc).__name__}): {exc.message('en')}")

    # -- 7. An exit: the dossier is closed, never deleted ---------------------------------------
    before = known(ws)
    unit.record_exit(binh_id, reason="resignation", effective_on=D(2026, 5, 4), on=D(2026, 5, 5))
    print(f"exit: dossier {binh_id} resignation effective 2026-05-04 recorded 2026-05-05")
    show(new_obligations(ws, binh_id, before))

    # -- 8. What a Sở Nội vụ asks --------------------------------------------------------------------
    as_of = D(2026, 5, 20)
    rows = ws.obligations(as_of)
    print(f"open as of {as_of}: {len(rows)}")
    show(rows)
    rows = ws.obligations(as_of, status="overdue")
    print(f"overdue as of {as_of}: {len(rows)}")
    show(rows)
    print(f"compliance as of {as_of}:")
    for c in ws.compliance(as_of):
        print(f"  {c.unit_id}: on_time={c.done_on_time} late={c.done_late} open={c.open} overdue={c.overdue}")
    actions = list(dict.fromkeys(h["action"] for h in ws.history(an_id)))
    print(f"history of dossier {an_id}: {' '.join(actions)}")
    result = ws.verify_audit()
    print(f"audit: ok={result.ok} entries={result.entries}")
    ws.engine.dispose()
    return 0 if result.ok else 1


@contextmanager
def default_db(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="cbccvc-app-") as tmp:
        yield str(Path(tmp) / "workspace.db")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file or postgresql:// URL (default: a temporary SQLite file)")
    parser.add_argument("--province", default="kontum", help="province code (default: kontum)")
    args = parser.parse_args(argv)
    try:
        with default_db(args.db) as url:
            return run(url, args.province)
    except CbccvcError as exc:  # bad input to the app itself: one line, no traceback
        print(exc.message("en"), file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
