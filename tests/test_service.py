"""Scenarios through the service API, per province, on SQLite and PostgreSQL.

Every due date below is counted by hand from the province's text (docs/rules/<province>.md) and
the 2026 calendar (`cbccvc calendar 2026`): days off Thu 01/01; Mon 16 – Fri 20/02 (Tết);
Mon 27/04 (Giỗ Tổ, observed); Thu 30/04; Fri 01/05; Mon 31/08, Tue 01/09, Wed 02/09; Tue 24/11;
Saturday 22/08 is a make-up working day. The count is written next to each date.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date

import pytest
from conftest_db import (
    content,
    daklak_world,
    dongnai_world,
    kontum_world,
    person,
    quangnam_world,
    raw_engine,
    rows,
    tuyenquang_world,
)

from cbccvc_core.db import schema as db
from cbccvc_core.model.states import IllegalTransitionError
from cbccvc_core.service import InvalidActionError, NotFoundError, PermissionDeniedError

D = date


def obs(ws, as_of, **kw):
    """(dossier, obligation, unit, due, done_on, late) of each obligation, in the query's order."""
    return [
        (o.dossier_id, o.obligation, o.unit_id, o.due, o.done_on, o.late) for o in ws.obligations(as_of, **kw)
    ]


def of_dossier(ws, dossier_id):
    """Every obligation of the dossier, started or done whenever."""
    return [o for o in ws.obligations(D(2030, 1, 1), status="all") if o.dossier_id == dossier_id]


def one(views, name):
    (found,) = [o for o in views if o.obligation == name]
    return found


def revision(ws, dossier_id):
    return ws.dossier(dossier_id)["revision"]


# ================================================================================ Kon Tum


@pytest.fixture
def kt(workspace_url):
    return kontum_world(workspace_url)


FEB_10, FEB_11 = D(2026, 2, 10), D(2026, 2, 11)


def recruit_bv(kt, decision_on=FEB_10, on=FEB_11, **p):
    """A công chức recruited into the provincial hospital (under Sở Y tế) by the hospital."""
    pr = person(**p)
    return kt["bv.unit"].recruit(pr, unit="KT.SYT.BV", content=content(pr), decision_on=decision_on, on=on)


def test_kontum_recruit_starts_enter_dossier_in_30_working_days(kt):
    did = recruit_bv(kt)
    # Điều 10.1: 30 working days from Tue 10/02/2026. Wed 11 (1), Thu 12 (2), Fri 13 (3); Tết
    # 16-20/02 off; 23-27/02 (4-8); 2-6/03 (9-13); 9-13/03 (14-18); 16-20/03 (19-23);
    # 23-27/03 (24-28); Mon 30/03 (29), Tue 31/03 (30).
    (o,) = kt.ws.obligations(D(2026, 2, 11))
    assert (o.dossier_id, o.obligation, o.unit_id, o.actor) == (
        did,
        "enter_dossier",
        "KT.SYT.BV",
        "employing_unit",
    )
    assert (o.started_on, o.due, o.window_start, o.period) == (
        D(2026, 2, 10),
        D(2026, 3, 31),
        None,
        "working_days(30)",
    )
    assert o.basis == "kontum Điều 10.1"
    assert (o.done_on, o.late) == (None, None)
    assert kt.ws.obligations(D(2026, 2, 9)) == []  # not started yet
    d = kt.ws.dossier(did)
    assert (d["dossier"]["review"], d["dossier"]["employment"], d["dossier"]["unit_id"]) == (
        "entering",
        "active",
        "KT.SYT.BV",
    )
    assert d["dossier"]["unit_path"] == "/KT/KT.SYT/KT.SYT.BV/"
    assert d["person"]["personal_id"] == d["content"]["identity"]["personal_id"]
    assert (d["revision"]["number"], d["revision"]["state"]) == (1, "entering")


def test_kontum_submit_on_time_then_approve_in_the_month_end_window(kt):
    did = recruit_bv(kt)
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    enter = one(of_dossier(kt.ws, did), "enter_dossier")
    assert (enter.done_on, enter.late) == (D(2026, 3, 20), False)  # due 31/03
    # Điều 8.1 "trong vòng 05 ngày cuối từng tháng": March has 31 days, window 27/03 - 31/03.
    approve = one(of_dossier(kt.ws, did), "approve_dossier")
    assert (approve.started_on, approve.window_start, approve.due) == (
        D(2026, 3, 20),
        D(2026, 3, 27),
        D(2026, 3, 31),
    )
    assert (approve.unit_id, approve.actor, approve.period) == (
        "KT.SYT.BV",
        "unit_head",
        "month_end_window(5)",
    )
    assert kt.ws.dossier(did)["dossier"]["review"] == "submitted"

    # Điều 8.1.a: the head of the Sở approves the dossiers of the units under it.
    assert kt["syt.head"].approve(did, on=D(2026, 3, 27)) == "own"
    approve = one(of_dossier(kt.ws, did), "approve_dossier")
    assert (approve.done_on, approve.late) == (D(2026, 3, 27), False)
    d = kt.ws.dossier(did)
    assert (d["dossier"]["review"], d["dossier"]["approved_revision"]) == ("approved", 1)
    rev = d["revision"]
    assert (rev["state"], rev["decided_on"], rev["authority"]) == ("approved", D(2026, 3, 27), "own")
    assert rev["decided_by"] == kt["syt.head"].account_id
    assert rev["submitted_on"] == D(2026, 3, 20)


def test_kontum_submit_late_and_approve_late(kt):
    did = recruit_bv(kt)
    kt["bv.unit"].submit(did, on=D(2026, 4, 1))
    enter = one(of_dossier(kt.ws, did), "enter_dossier")
    assert (enter.due, enter.done_on, enter.late) == (D(2026, 3, 31), D(2026, 4, 1), True)
    # Submitted in April: the window is 26/04 - 30/04 (30 days in April).
    approve = one(of_dossier(kt.ws, did), "approve_dossier")
    assert (approve.window_start, approve.due) == (D(2026, 4, 26), D(2026, 4, 30))
    kt["syt.head"].approve(did, on=D(2026, 5, 4))
    approve = one(of_dossier(kt.ws, did), "approve_dossier")
    assert (approve.done_on, approve.late) == (D(2026, 5, 4), True)


def test_kontum_return_for_correction_then_resubmit(kt):
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    kt["syt.head"].return_for_correction(did, on=D(2026, 3, 24), reason="Thiếu nơi sinh theo giấy khai sinh")
    d = kt.ws.dossier(did)
    assert d["dossier"]["review"] == "returned"
    assert (d["revision"]["state"], d["revision"]["note"]) == (
        "returned",
        "Thiếu nơi sinh theo giấy khai sinh",
    )
    assert d["revision"]["decided_by"] == kt["syt.head"].account_id
    # Returning is the approver's decision on this submission: its approval duty is closed.
    first = one(of_dossier(kt.ws, did), "approve_dossier")
    assert (first.done_on, first.late) == (D(2026, 3, 24), False)
    assert kt.ws.approval_list(D(2026, 3, 1)) == []

    fixed = content(pr, birthplace="Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum")
    assert kt["bv.unit"].edit(did, fixed, on=D(2026, 3, 25), base_revision=1) == 2  # a new revision
    d = kt.ws.dossier(did)
    assert d["dossier"]["review"] == "returned"
    assert (d["revision"]["number"], d["revision"]["state"]) == (2, "entering")
    assert d["content"]["identity"]["birthplace"] == "Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum"
    kt["bv.unit"].submit(did, on=D(2026, 3, 26))
    assert kt.ws.dossier(did)["dossier"]["review"] == "submitted"
    # The resubmission starts a new approval duty, due at the end of March again.
    assert [(o.dossier_id, o.due) for o in kt.ws.approval_list(D(2026, 3, 1))] == [(did, D(2026, 3, 31))]
    kt["syt.head"].approve(did, on=D(2026, 3, 30))
    d = kt.ws.dossier(did)
    assert (d["dossier"]["review"], d["dossier"]["approved_revision"], d["revision"]["state"]) == (
        "approved",
        2,
        "approved",
    )
    with raw_engine(kt.url).connect() as conn:
        revs = conn.execute(
            db.Revision.__table__.select().where(db.Revision.dossier_id == did).order_by(db.Revision.number)
        ).all()
    # the returned revision is kept, superseded by the corrected one
    assert [(r.number, r.state, r.note) for r in revs] == [
        (1, "superseded", "Thiếu nơi sinh theo giấy khai sinh"),
        (2, "approved", None),
    ]
    approvals = [
        (o.started_on, o.done_on, o.late) for o in of_dossier(kt.ws, did) if o.obligation == "approve_dossier"
    ]
    assert sorted(approvals) == [
        (D(2026, 3, 20), D(2026, 3, 24), False),
        (D(2026, 3, 26), D(2026, 3, 30), False),
    ]
    assert kt.ws.approval_list(D(2026, 3, 1)) == []


def test_kontum_edit_of_an_approved_dossier_makes_a_new_revision(kt):
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    kt["syt.head"].approve(did, on=D(2026, 3, 27))
    new = content(pr, phone="0905123456")
    # Điều 10.2: the valid paper record of 06/04 gives the unit 15 working days: 7-10/04 (1-4),
    # 13-17/04 (5-9), 20-24/04 (10-14), Mon 27/04 off, Tue 28/04 (15).
    assert (
        kt["bv.unit"].edit(
            did, new, on=D(2026, 4, 6), base_revision=1, event="valid_paper_record", event_on=D(2026, 4, 6)
        )
        == 2
    )
    d = kt.ws.dossier(did)
    assert (d["dossier"]["review"], d["dossier"]["current_revision"], d["dossier"]["approved_revision"]) == (
        "entering",
        2,
        1,
    )
    assert d["content"]["identity"]["phone"] == "0905123456"
    upd = one(of_dossier(kt.ws, did), "update_dossier")
    assert (upd.started_on, upd.due, upd.unit_id) == (D(2026, 4, 6), D(2026, 4, 28), "KT.SYT.BV")
    with raw_engine(kt.url).connect() as conn:
        revs = conn.execute(
            db.Revision.__table__.select().where(db.Revision.dossier_id == did).order_by(db.Revision.number)
        ).all()
    assert [(r.number, r.state) for r in revs] == [(1, "approved"), (2, "entering")]
    kt["bv.unit"].submit(did, on=D(2026, 4, 10))
    upd = one(of_dossier(kt.ws, did), "update_dossier")
    assert (upd.done_on, upd.late) == (D(2026, 4, 10), False)


def test_kontum_approval_by_delegation_names_the_document(kt):
    did = recruit_bv(kt)
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    doc = "Quyết định số 15/QĐ-SYT ngày 02/03/2026 ủy quyền phê duyệt hồ sơ"
    dl = kt["syt.head"].delegate(
        "syt.deputy", unit="KT.SYT", document_ref=doc, valid_from=D(2026, 3, 1), valid_to=D(2026, 3, 31)
    )
    authority = kt["syt.deputy"].approve(did, on=D(2026, 3, 30))
    assert authority == f"delegated:{dl} {doc}"
    rev = revision(kt.ws, did)
    assert (rev["authority"], rev["decided_by"]) == (authority, kt["syt.deputy"].account_id)


def test_kontum_district_dossiers_are_approved_by_the_chairman_or_by_delegation(kt):
    pa, pb = person(), person()
    a = kt["x1.unit"].recruit(
        pa, unit="KT.DT.X1", content=content(pa), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
    )
    b = kt["x1.unit"].recruit(
        pb, unit="KT.DT.X1", content=content(pb), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
    )
    for did in (a, b):
        kt["x1.unit"].submit(did, on=D(2026, 3, 20))
    # Điều 8.1.b: the chairman of the district committee, for the communes under it too.
    assert kt["dt.chair"].approve(a, on=D(2026, 3, 27)) == "own"
    # ... or the vice chairman by delegation.
    dl = kt["dt.chair"].delegate(
        "dt.vice", unit="KT.DT", document_ref="QĐ 7/QĐ-UBND huyện Đắk Tô", valid_from=D(2026, 3, 1)
    )
    assert kt["dt.vice"].approve(b, on=D(2026, 3, 30)) == f"delegated:{dl} QĐ 7/QĐ-UBND huyện Đắk Tô"


# ================================================================================ Đồng Nai


@pytest.fixture
def dn(workspace_url):
    return dongnai_world(workspace_url)


def test_dongnai_create_account_in_5_working_days_and_the_heads_own_dossier(dn):
    head_p, staff_p = person("cong_chuc", province="075"), person("cong_chuc", province="075")
    syt = dn["syt.unit"]
    head = syt.recruit(
        head_p, unit="DN.SYT", content=content(head_p), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    staff = syt.recruit(
        staff_p, unit="DN.SYT", content=content(staff_p), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    # Điều 6.3: 5 working days from Tue 10/02: 11 (1), 12 (2), 13 (3), Tết, Mon 23 (4), Tue 24/02 (5).
    acc = one(of_dossier(dn.ws, head), "create_account")
    assert (acc.due, acc.unit_id, acc.actor) == (D(2026, 2, 24), "DN.SYT", "employing_unit")
    dn["admin"].issue_account(
        "dn.head", kind="personal", unit="DN.SYT", role="unit_head", person_dossier=head, on=D(2026, 2, 24)
    )
    acc = one(of_dossier(dn.ws, head), "create_account")
    assert (acc.done_on, acc.late) == (D(2026, 2, 24), False)
    assert one(of_dossier(dn.ws, staff), "create_account").done_on is None

    syt.submit(head, on=D(2026, 3, 20))
    syt.submit(staff, on=D(2026, 3, 20))
    # Điều 7.1: the head approves the staff's dossier ...
    assert dn["dn.head"].approve(staff, on=D(2026, 3, 27)) == "own"
    # ... but not their own, which a deputy head signs.
    with pytest.raises(PermissionDeniedError):
        dn["dn.head"].approve(head, on=D(2026, 3, 27))
    assert dn.ws.dossier(head)["dossier"]["review"] == "submitted"
    assert dn["syt.deputy"].approve(head, on=D(2026, 3, 27)) == "own"
    rev = revision(dn.ws, head)
    assert (rev["state"], rev["decided_by"]) == ("approved", dn["syt.deputy"].account_id)


def test_dongnai_a_deputy_head_does_not_approve_other_dossiers_on_own_authority(dn):
    pr = person(province="075")
    did = dn["syt.unit"].recruit(
        pr, unit="DN.SYT", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    dn["syt.unit"].submit(did, on=D(2026, 3, 20))
    with pytest.raises(PermissionDeniedError):
        dn["syt.deputy"].approve(did, on=D(2026, 3, 27))


def test_dongnai_inbound_transfer(dn):
    """Điều 8.3.a: a dossier handed over from elsewhere; the receiving unit asks Sở Nội vụ to pull
    it from the national database within 10 working days, and makes the person's account."""
    pr = person(province="075")
    did = dn["admin"].recruit(pr, unit="DN", content=content(pr), decision_on=D(2026, 3, 2), on=D(2026, 3, 2))
    tid = dn["admin"].start_transfer(
        did,
        kind="inbound",
        to_unit="DN.SYT",
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 88/QĐ-BYT",
        on=D(2026, 4, 1),
    )
    # 10 working days from Wed 01/04: 2 (1), 3 (2), 6-10 (3-7), 13 (8), 14 (9), Wed 15/04 (10).
    sync = one(of_dossier(dn.ws, did), "request_national_sync")
    assert (sync.due, sync.unit_id, sync.actor) == (D(2026, 4, 15), "DN.SYT", "receiving_unit")
    account = one(of_dossier(dn.ws, did), "issue_personal_account")
    assert (account.due, account.unit_id) == (None, "DN.SYT")  # 8.3.b gives no anchor: no date
    assert dn.ws.dossier(did)["dossier"]["employment"] == "transferring"

    dn["syt.unit"].receive(tid, on=D(2026, 4, 2))
    assert dn.ws.dossier(did)["dossier"]["unit_id"] == "DN"
    dn["syt.unit"].complete_transfer(tid, on=D(2026, 4, 3))
    d = dn.ws.dossier(did)["dossier"]
    assert (d["unit_id"], d["unit_path"], d["employment"]) == ("DN.SYT", "/DN/DN.SYT/", "active")
    assert dn["syt.unit"].complete_obligation(sync.id, on=D(2026, 4, 16)) is False  # one day late
    dn["admin"].issue_account("nv.moi", kind="personal", unit="DN.SYT", person_dossier=did, on=D(2026, 4, 6))
    views = of_dossier(dn.ws, did)
    assert (one(views, "request_national_sync").done_on, one(views, "request_national_sync").late) == (
        D(2026, 4, 16),
        True,
    )
    assert one(views, "issue_personal_account").done_on == D(2026, 4, 6)


def test_dongnai_unsyncable_inbound_transfer_starts_its_obligations(dn):
    """Điều 8.4: from a system that cannot sync, 10 working days from the handover to ask Sở Nội vụ."""
    pr = person(province="075")
    did = dn["admin"].recruit(pr, unit="DN", content=content(pr), decision_on=D(2026, 3, 2), on=D(2026, 3, 2))
    dn["admin"].start_transfer(
        did,
        kind="inbound_unsyncable",
        to_unit="DN.SYT",
        effective_on=D(2026, 4, 1),
        decision_ref="CV 9/TU",
        on=D(2026, 4, 1),
    )
    # 10 working days from Wed 01/04: 2, 3, 6-10, 13, 14, 15/04.
    sync = one(of_dossier(dn.ws, did), "request_national_sync")
    assert (sync.due, sync.unit_id) == (D(2026, 4, 15), "DN.SYT")
    assert one(of_dossier(dn.ws, did), "issue_personal_account").due is None


def test_dongnai_unsyncable_inbound_transfer_can_be_completed(dn):
    pr = person(province="075")
    did = dn["admin"].recruit(pr, unit="DN", content=content(pr), decision_on=D(2026, 3, 2), on=D(2026, 3, 2))
    tid = dn["admin"].start_transfer(
        did,
        kind="inbound_unsyncable",
        to_unit="DN.SYT",
        effective_on=D(2026, 4, 1),
        decision_ref="CV 9/TU",
        on=D(2026, 4, 1),
    )
    with pytest.raises(IllegalTransitionError):  # it is completed by making the new dossier
        dn["syt.unit"].complete_transfer(tid, on=D(2026, 4, 2))
    dn["syt.unit"].create_dossier(tid, on=D(2026, 4, 2))
    d = dn.ws.dossier(did)["dossier"]
    assert (d["unit_id"], d["employment"]) == ("DN.SYT", "active")


def test_dongnai_commune_to_commune_transfer(dn):
    """Điều 8.2: the district committee hands the dossier over and makes the new account."""
    pr = person("commune_official", province="075")
    did = dn["tb.unit"].recruit(
        pr, unit="DN.TB.X1", content=content(pr), decision_on=D(2026, 3, 2), on=D(2026, 3, 3)
    )
    tid = dn["tb.unit"].start_transfer(
        did,
        kind="commune_to_commune",
        to_unit="DN.TB.X2",
        effective_on=D(2026, 5, 4),
        decision_ref="QĐ 140/QĐ-UBND huyện Trảng Bom",
        on=D(2026, 5, 4),
    )
    views = [o for o in of_dossier(dn.ws, did) if o.started_on == D(2026, 5, 4)]
    assert sorted((o.obligation, o.unit_id, o.due) for o in views) == [
        ("issue_personal_account", "DN.TB", None),
        ("send_dossier", "DN.TB", None),
    ]
    dn["tb.unit"].send(tid, on=D(2026, 5, 5))
    assert one(of_dossier(dn.ws, did), "send_dossier").done_on == D(2026, 5, 5)
    assert dn.ws.dossier(did)["dossier"]["unit_id"] == "DN.TB.X1"
    dn["x2.unit"].receive(tid, on=D(2026, 5, 6))
    d = dn.ws.dossier(did)["dossier"]
    assert (d["unit_id"], d["unit_path"], d["employment"]) == ("DN.TB.X2", "/DN/DN.TB/DN.TB.X2/", "active")
    (t,) = rows(raw_engine(dn.url), db.Transfer, db.Transfer.id == tid)
    assert (t.state, t.from_unit_id, t.to_unit_id) == ("completed", "DN.TB.X1", "DN.TB.X2")


# ================================================================================ transfers in Kon Tum


def test_kontum_internal_move(kt):
    """Điều 11.1: moved to a new section (bộ phận) of the same Sở."""
    pr = person()
    did = kt["syt.unit"].recruit(pr, unit="KT.SYT.P1", content=content(pr), decision_on=FEB_10, on=FEB_11)
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="internal_move",
        to_unit="KT.SYT.P2",
        effective_on=D(2026, 4, 20),
        decision_ref="QĐ 30/QĐ-SYT",
        on=D(2026, 4, 20),
    )
    # "10 ngày" (calendar days) from Mon 20/04 is Thu 30/04, a day off, as is Fri 01/05; the
    # weekend follows: rolled to Mon 04/05/2026 (BLDS Điều 148.5).
    mv = one(of_dossier(kt.ws, did), "move_dossier")
    assert (mv.due, mv.period, mv.actor, mv.unit_id) == (
        D(2026, 5, 4),
        "calendar_days(10)",
        "employing_unit",
        "KT.SYT.P1",
    )
    kt["syt.unit"].move(tid, on=D(2026, 5, 4))
    d = kt.ws.dossier(did)["dossier"]
    assert (d["unit_id"], d["unit_path"], d["employment"]) == ("KT.SYT.P2", "/KT/KT.SYT/KT.SYT.P2/", "active")
    mv = one(of_dossier(kt.ws, did), "move_dossier")
    # done on time, and still the duty of the section that had to move the dossier
    assert (mv.done_on, mv.late, mv.unit_id) == (D(2026, 5, 4), False, "KT.SYT.P1")
    # The open duty to enter the dossier follows the person to the new section.
    enter = one(of_dossier(kt.ws, did), "enter_dossier")
    assert (enter.unit_id, enter.done_on) == ("KT.SYT.P2", None)
    assert [o.obligation for o in kt.ws.obligations(D(2026, 5, 4), unit="KT.SYT.P2")] == ["enter_dossier"]
    assert kt.ws.obligations(D(2026, 5, 4), unit="KT.SYT.P1") == []


def test_an_internal_move_stays_inside_one_agency(kt):
    """Two public service units under a Sở are two agencies: moving between them is a transfer."""
    did = recruit_bv(kt)
    with pytest.raises(InvalidActionError):
        kt["syt.unit"].start_transfer(
            did,
            kind="internal_move",
            to_unit="KT.SYT.TT",
            effective_on=D(2026, 4, 20),
            decision_ref="QĐ 30",
            on=D(2026, 4, 20),
        )


def test_kontum_transfer_within_the_province_send_receive_forward(kt):
    did = recruit_bv(kt)  # not yet entered: enter_dossier (employing unit) is open
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="KT.DT.X1",
        via_unit="KT.DT",
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 512/QĐ-UBND",
        on=D(2026, 4, 1),
    )
    assert kt.ws.dossier(did)["dossier"]["employment"] == "transferring"
    # Điều 11.2: 10 working days from Wed 01/04: 2 (1), 3 (2), 6-10 (3-7), 13 (8), 14 (9), Wed 15/04 (10),
    # for the superior managing agency (Sở Y tế) and for the receiving unit (the district).
    views = [o for o in of_dossier(kt.ws, did) if o.obligation == "complete_transfer"]
    assert sorted((o.unit_id, o.actor, o.due) for o in views) == [
        ("KT.DT", "receiving_unit", D(2026, 4, 15)),
        ("KT.SYT", "managing_agency", D(2026, 4, 15)),
    ]
    kt["syt.unit"].send(tid, on=D(2026, 4, 3))
    kt["dt.unit"].receive(tid, on=D(2026, 4, 6))
    assert kt.ws.dossier(did)["dossier"]["unit_id"] == "KT.SYT.BV"  # not moved until forwarded
    kt["dt.unit"].forward(tid, on=D(2026, 4, 16))
    d = kt.ws.dossier(did)["dossier"]
    assert (d["unit_id"], d["unit_path"], d["employment"]) == ("KT.DT.X1", "/KT/KT.DT/KT.DT.X1/", "active")
    views = [o for o in of_dossier(kt.ws, did) if o.obligation == "complete_transfer"]
    assert sorted((o.unit_id, o.done_on, o.late) for o in views) == [
        ("KT.DT", D(2026, 4, 16), True),
        ("KT.SYT", D(2026, 4, 16), True),
    ]
    enter = one(of_dossier(kt.ws, did), "enter_dossier")
    assert (enter.unit_id, enter.done_on) == ("KT.DT.X1", None)  # the new unit owes it now
    # The approver follows the dossier: now the district chairman (Điều 8.1.b), no longer the Sở.
    kt["x1.unit"].submit(did, on=D(2026, 4, 20))
    with pytest.raises(PermissionDeniedError):
        kt["syt.head"].approve(did, on=D(2026, 4, 27))
    assert kt["dt.chair"].approve(did, on=D(2026, 4, 28)) == "own"


def test_kontum_cancelled_transfer_leaves_the_dossier_where_it_was(kt):
    did = recruit_bv(kt)
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="KT.DT.X1",
        via_unit="KT.DT",
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 512/QĐ-UBND",
        on=D(2026, 4, 1),
    )
    kt["syt.unit"].send(tid, on=D(2026, 4, 2))
    kt["syt.unit"].cancel_transfer(tid, on=D(2026, 4, 3))
    d = kt.ws.dossier(did)["dossier"]
    assert (d["unit_id"], d["employment"]) == ("KT.SYT.BV", "active")


def test_kontum_exit_then_archive(kt):
    did = recruit_bv(kt)
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    kt["syt.head"].approve(did, on=D(2026, 3, 27))
    kt["bv.unit"].record_exit(did, reason="retirement", effective_on=D(2026, 6, 30), on=D(2026, 7, 2))
    d = kt.ws.dossier(did)["dossier"]
    assert (d["employment"], d["exit_reason"]) == ("exited", "retirement")
    # Điều 11.3: "15 ngày" (calendar) from Tue 30/06 is Wed 15/07, a working day.
    st = one(of_dossier(kt.ws, did), "update_status")
    assert (st.started_on, st.due, st.done_on, st.late) == (
        D(2026, 6, 30),
        D(2026, 7, 15),
        D(2026, 7, 2),
        False,
    )
    kt["bv.unit"].archive(did, on=D(2026, 7, 10))
    assert kt.ws.dossier(did)["dossier"]["employment"] == "archived"
    # Never deleted: still there, with its person.
    assert kt.ws.dossier(did)["person"]["full_name"] == "Nguyễn Văn An"


# ================================================================================ Đắk Lắk


@pytest.fixture
def dl(workspace_url):
    return daklak_world(workspace_url)


def test_daklak_recruitment_steps_and_unit_verification(dl):
    pr = person("vien_chuc", province="066")
    unit = dl["sgd.unit"]
    did = unit.recruit(
        pr, unit="DL.SGD.THPT", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    # Điều 9.1.b: 10 working days from Tue 10/02: 11-13 (1-3), Tết, 23-27 (4-8), Mon 2/03 (9),
    # Tue 3/03 (10); owed by the agency managing the school: Sở Giáo dục.
    guide = one(of_dossier(dl.ws, did), "guide_info_form")
    assert (guide.due, guide.unit_id, guide.actor) == (D(2026, 3, 3), "DL.SGD", "managing_agency")
    unit.record_event(did, "info_form_submitted", occurred_on=D(2026, 3, 2))
    guide = one(of_dossier(dl.ws, did), "guide_info_form")  # the form came in: guidance done
    assert (guide.done_on, guide.late) == (D(2026, 3, 2), False)
    # Điều 9.1.c: 2 working days from Mon 02/03: Tue 3 (1), Wed 4/03 (2).
    basic = one(of_dossier(dl.ws, did), "enter_basic_info")
    assert (basic.due, basic.unit_id) == (D(2026, 3, 4), "DL.SGD.THPT")
    unit.record_event(did, "basic_info_entered", occurred_on=D(2026, 3, 5))
    basic = one(of_dossier(dl.ws, did), "enter_basic_info")
    assert (basic.done_on, basic.late) == (D(2026, 3, 5), True)
    # Điều 9.1.d: 3 working days from Thu 05/03: Fri 6 (1), Mon 9 (2), Tue 10/03 (3).
    personal = one(of_dossier(dl.ws, did), "complete_personal_info")
    assert (personal.due, personal.unit_id) == (D(2026, 3, 10), "DL.SGD.THPT")
    unit.submit(did, on=D(2026, 3, 9))
    personal = one(of_dossier(dl.ws, did), "complete_personal_info")
    assert (personal.done_on, personal.late) == (D(2026, 3, 9), False)
    # Điều 14.4: the unit holding the account verifies (no named head).
    assert dl["sgd.unit"].approve(did, on=D(2026, 3, 9)) == "own"
    # Điều 9.2.a: a supplement is verified within 1 working day: entered Wed 29/04; 30/04 and
    # 01/05 are off, then the weekend: Mon 04/05.
    dl["sgd.unit"].edit(
        did, content(pr, phone="0912000111"), on=D(2026, 4, 29), base_revision=1, event="supplement_entered"
    )
    ver = one(of_dossier(dl.ws, did), "verify_supplement")
    assert ver.due == D(2026, 5, 4)
    dl["sgd.unit"].submit(did, on=D(2026, 4, 29))
    dl["sgd.unit"].approve(did, on=D(2026, 5, 4))
    ver = one(of_dossier(dl.ws, did), "verify_supplement")
    assert (ver.done_on, ver.late) == (D(2026, 5, 4), False)


def test_daklak_transfer_send_in_5_then_forward_in_3_working_days_from_receipt(dl):
    pr = person("cong_chuc", province="066")
    did = dl["sgd.unit"].recruit(
        pr, unit="DL.SGD.THPT", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    tid = dl["sgd.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="DL.KP.X1",
        via_unit="DL.KP",
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 77/QĐ-UBND",
        on=D(2026, 4, 1),
    )
    # Điều 10.2: send within 5 working days from Wed 01/04: 2 (1), 3 (2), 6 (3), 7 (4), Wed 8/04 (5).
    send = one(of_dossier(dl.ws, did), "send_dossier")
    assert (send.due, send.unit_id) == (D(2026, 4, 8), "DL.SGD")
    dl["sgd.unit"].send(tid, on=D(2026, 4, 7))
    send = one(of_dossier(dl.ws, did), "send_dossier")
    assert (send.done_on, send.late) == (D(2026, 4, 7), False)
    dl["kp.unit"].receive(tid, on=D(2026, 4, 9))
    # ... then forward within 3 working days from receipt (Thu 09/04): Fri 10 (1), Mon 13 (2), Tue 14/04 (3).
    fwd = one(of_dossier(dl.ws, did), "forward_dossier")
    assert (fwd.started_on, fwd.due, fwd.unit_id) == (D(2026, 4, 9), D(2026, 4, 14), "DL.KP")
    dl["kp.unit"].forward(tid, on=D(2026, 4, 15))
    fwd = one(of_dossier(dl.ws, did), "forward_dossier")
    assert (fwd.done_on, fwd.late, fwd.unit_id) == (D(2026, 4, 15), True, "DL.KP")
    assert dl.ws.dossier(did)["dossier"]["unit_id"] == "DL.KP.X1"


# ================================================================================ Tuyên Quang, Quảng Nam


def test_tuyenquang_reported_for_duty_counts_the_make_up_saturday(workspace_url):
    tq = tuyenquang_world(workspace_url)
    pr = person("vien_chuc", province="008")
    did = tq["p1.unit"].recruit(
        pr,
        unit="TQ.SNV.P1",
        content=content(pr),
        decision_on=D(2026, 8, 17),
        on=D(2026, 8, 17),
        event="reported_for_duty",
    )
    # Điều 9.1: 10 working days from Mon 17/08: 18-21 (1-4), Sat 22/08 make-up day (5), 24-28 (6-10).
    enter = one(of_dossier(tq.ws, did), "enter_dossier")
    assert (enter.due, enter.unit_id, enter.actor) == (D(2026, 8, 28), "TQ.SNV", "managing_agency")
    tq["p1.unit"].submit(did, on=D(2026, 8, 27))
    assert tq["snv.head"].approve(did, on=D(2026, 8, 28)) == "own"  # Điều 13.1: the head checks
    # Điều 10.3: exit within 5 working days from Fri 28/08: 31/08 - 02/09 off; 3 (1), 4 (2), 7 (3),
    # 8 (4), Wed 9/09 (5). Recorded on 10/09: late.
    tq["p1.unit"].record_exit(did, reason="resignation", effective_on=D(2026, 8, 28), on=D(2026, 9, 10))
    st = one(of_dossier(tq.ws, did), "update_status")
    assert (st.due, st.done_on, st.late) == (D(2026, 9, 9), D(2026, 9, 10), True)


def test_quangnam_undated_obligations_and_approvers_by_scope(workspace_url):
    qn = quangnam_world(workspace_url)
    pa, pb = person("commune_official", province="049"), person("cong_chuc", province="049")
    a = qn["x1.unit"].recruit(
        pa, unit="QN.DL.X1", content=content(pa), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
    )
    b = qn["admin"].recruit(
        pb, unit="QN.HCT", content=content(pb), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
    )
    # Điều 4.3: no time for either duty.
    assert sorted((o.obligation, o.due) for o in of_dossier(qn.ws, a)) == [
        ("enter_dossier", None),
        ("request_personal_account", None),
    ]
    assert qn.ws.obligations(D(2030, 1, 1), status="overdue") == []  # an undated duty is never overdue
    # Undated obligations are listed after the dated ones.
    qn["x1.unit"].submit(a, on=D(2026, 3, 20))
    listed = obs(qn.ws, D(2026, 3, 20), unit="QN.DL")
    assert listed[0][1:4] == ("approve_dossier", "QN.DL.X1", D(2026, 3, 31))
    assert all(row[3] is None for row in listed[1:])
    # Điều 5.1.b: commune staff are approved by the district chairman, not by the commune's head.
    with pytest.raises(PermissionDeniedError):
        qn["x1.head"].approve(a, on=D(2026, 3, 27))
    assert qn["dl.chair"].approve(a, on=D(2026, 3, 27)) == "own"
    # Điều 5.1.c: a provincial association's head approves its own staff.
    qn["admin"].submit(b, on=D(2026, 3, 20))
    assert qn["hct.head"].approve(b, on=D(2026, 3, 27)) == "own"


# ================================================================================ queries


@pytest.fixture
def busy(kt):
    """Four dossiers in Kon Tum, with hand-counted due dates (Điều 10.1, 30 working days):

    A  KT.SYT.BV  decision Tue 10/02 → due Tue 31/03; submitted 20/03 (on time) → approve by 31/03
    B  KT.DT.X1   decision Mon 02/03 → 3-6/03 (1-4), 9-13 (5-9), 16-20 (10-14), 23-27 (15-19),
                  30/03-3/04 (20-24), 6-10/04 (25-29), Mon 13/04 (30)
    C  KT.SNV     decision Wed 25/03 → 26, 27 (1-2), 30/03-3/04 (3-7), 6-10/04 (8-12), 13-17 (13-17),
                  20-24 (18-22), 27/04 off, 28 (23), 29 (24), 30/04 and 1/05 off, 4-8/05 (25-29),
                  Mon 11/05 (30)
    D  KT.DT.X1   decision Tue 10/02 → due Tue 31/03; submitted 01/04 (late) → approve by 30/04
    """
    ids = {}
    ids["A"] = recruit_bv(kt, decision_on=D(2026, 2, 10), on=D(2026, 2, 10))
    pb, pc, pd = person(), person(), person()
    ids["B"] = kt["x1.unit"].recruit(
        pb, unit="KT.DT.X1", content=content(pb), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
    )
    ids["C"] = kt["admin"].recruit(
        pc, unit="KT.SNV", content=content(pc), decision_on=D(2026, 3, 25), on=D(2026, 3, 25)
    )
    ids["D"] = kt["x1.unit"].recruit(
        pd, unit="KT.DT.X1", content=content(pd), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    kt["bv.unit"].submit(ids["A"], on=D(2026, 3, 20))
    kt["x1.unit"].submit(ids["D"], on=D(2026, 4, 1))
    return kt, ids


def test_obligation_due_dates_of_the_busy_world(busy):
    kt, i = busy
    everything = {
        (o.dossier_id, o.obligation): o.due for o in kt.ws.obligations(D(2026, 12, 31), status="all")
    }
    assert everything == {
        (i["A"], "enter_dossier"): D(2026, 3, 31),
        (i["A"], "approve_dossier"): D(2026, 3, 31),
        (i["B"], "enter_dossier"): D(2026, 4, 13),
        (i["C"], "enter_dossier"): D(2026, 5, 11),
        (i["D"], "enter_dossier"): D(2026, 3, 31),
        (i["D"], "approve_dossier"): D(2026, 4, 30),
    }


def test_open_overdue_due_soon_done_as_of_dates(busy):
    kt, i = busy
    ws = kt.ws
    key = lambda rows: [(r[0], r[1]) for r in rows]  # noqa: E731
    # 15/02: only A and D have started.
    assert key(obs(ws, D(2026, 2, 15))) == [(i["A"], "enter_dossier"), (i["D"], "enter_dossier")]
    # 25/03: A entered on 20/03; D not yet; B and C started. Same due date: in order of creation
    # (D's entry was made at its recruitment, A's approval at A's submission, after it).
    assert key(obs(ws, D(2026, 3, 25))) == [
        (i["D"], "enter_dossier"),
        (i["A"], "approve_dossier"),
        (i["B"], "enter_dossier"),
        (i["C"], "enter_dossier"),
    ]
    assert obs(ws, D(2026, 3, 25), status="overdue") == []
    # due within 7 days of 25/03 (up to 01/04): the two due 31/03.
    assert sorted(key(obs(ws, D(2026, 3, 25), status="due_soon"))) == sorted(
        [(i["A"], "approve_dossier"), (i["D"], "enter_dossier")]
    )
    assert key(obs(ws, D(2026, 3, 25), status="done")) == [(i["A"], "enter_dossier")]
    # 14/04: A's approval (31/03) and B's entry (13/04) are overdue; D's entry was done late on 1/04.
    assert sorted(key(obs(ws, D(2026, 4, 14), status="overdue"))) == sorted(
        [(i["A"], "approve_dossier"), (i["B"], "enter_dossier")]
    )
    assert obs(ws, D(2026, 4, 14), status="due_soon") == []
    assert sorted(key(obs(ws, D(2026, 4, 14), status="done"))) == sorted(
        [(i["A"], "enter_dossier"), (i["D"], "enter_dossier")]
    )
    # Sorted by due date.
    dues = [r[3] for r in obs(ws, D(2026, 4, 14))]
    assert dues == [D(2026, 3, 31), D(2026, 4, 13), D(2026, 4, 30), D(2026, 5, 11)]


def test_obligations_per_unit_subtree(busy):
    kt, i = busy
    ws = kt.ws
    day = D(2026, 4, 14)
    assert {(r[0], r[1]) for r in obs(ws, day, unit="KT.DT")} == {
        (i["B"], "enter_dossier"),
        (i["D"], "approve_dossier"),
    }
    assert {(r[0], r[1]) for r in obs(ws, day, unit="KT.SYT")} == {(i["A"], "approve_dossier")}
    assert {(r[0], r[1]) for r in obs(ws, day, unit="KT.SNV")} == {(i["C"], "enter_dossier")}
    assert len(obs(ws, day, unit="KT")) == 4
    assert obs(ws, day, unit="KT.DT.X2") == []
    assert [r[1] for r in obs(ws, day, unit="KT.DT", status="overdue")] == ["enter_dossier"]
    assert len(ws.obligations(day, limit=2)) == 2
    with pytest.raises(NotFoundError):
        ws.obligations(day, unit="KT.NOPE")


def test_a_unit_id_prefix_is_not_a_subtree(kt):
    """KT.DT and KT.DTX are different units even though one id starts with the other."""
    kt["admin"].add_unit("KT.DTX", parent="KT", kind="district", name="UBND huyện khác", on=D(2026, 1, 2))
    kt["admin"].issue_account("dtx.unit", kind="agency", unit="KT.DTX", on=D(2026, 1, 2))
    pr = person()
    kt["dtx.unit"].recruit(
        pr, unit="KT.DTX", content=content(pr), decision_on=D(2026, 3, 2), on=D(2026, 3, 2)
    )
    assert obs(kt.ws, D(2026, 3, 2), unit="KT.DT") == []
    assert len(obs(kt.ws, D(2026, 3, 2), unit="KT.DTX")) == 1


def test_approval_list_for_a_month(busy):
    kt, i = busy
    ws = kt.ws
    assert [(o.dossier_id, o.due) for o in ws.approval_list(D(2026, 3, 1))] == [(i["A"], D(2026, 3, 31))]
    assert [(o.dossier_id, o.due) for o in ws.approval_list(D(2026, 4, 15))] == [(i["D"], D(2026, 4, 30))]
    assert [o.dossier_id for o in ws.approval_list(D(2026, 4, 1), unit="KT.SYT")] == []
    assert ws.approval_list(D(2026, 5, 1)) == []
    kt["syt.head"].approve(i["A"], on=D(2026, 3, 31))
    assert ws.approval_list(D(2026, 3, 1)) == []


def test_compliance_summary_counted_by_hand(busy):
    kt, _ids = busy
    # As of 14/04:
    #   KT.DT.X1: D entered late (1/04 > 31/03); open: B's entry (overdue since 13/04), D's approval (30/04)
    #   KT.SNV:   C's entry open, due 11/05
    #   KT.SYT.BV: A entered on time; A's approval open, overdue since 31/03
    summary = [
        (r.unit_id, r.done_on_time, r.done_late, r.open, r.overdue) for r in kt.ws.compliance(D(2026, 4, 14))
    ]
    assert summary == [
        ("KT.DT.X1", 0, 1, 2, 1),
        ("KT.SNV", 0, 0, 1, 0),
        ("KT.SYT.BV", 1, 0, 1, 1),
    ]
    rates = {r.unit_id: r.on_time_rate for r in kt.ws.compliance(D(2026, 4, 14))}
    assert rates == {"KT.DT.X1": 0.0, "KT.SNV": None, "KT.SYT.BV": 1.0}
    assert [r.unit_name for r in kt.ws.compliance(D(2026, 4, 14))] == [
        "UBND xã Diên Bình",
        "Sở Nội vụ",
        "Bệnh viện Đa khoa tỉnh",
    ]
    # As of 25/03: nothing done late yet, nothing overdue; D's entry is still open.
    summary = [
        (r.unit_id, r.done_on_time, r.done_late, r.open, r.overdue) for r in kt.ws.compliance(D(2026, 3, 25))
    ]
    assert summary == [
        ("KT.DT.X1", 0, 0, 2, 0),
        ("KT.SNV", 0, 0, 1, 0),
        ("KT.SYT.BV", 1, 0, 1, 0),
    ]
    # Per subtree.
    assert [r.unit_id for r in kt.ws.compliance(D(2026, 4, 14), unit="KT.DT")] == ["KT.DT.X1"]


# ================================================================================ history, documents


def test_history_lists_the_acts_in_order(kt):
    pr = person()
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    kt["bv.unit"].edit(did, content(pr, phone="0905000001"), on=D(2026, 2, 12), base_revision=1)
    kt["bv.unit"].submit(did, on=D(2026, 3, 20))
    kt["syt.head"].return_for_correction(did, on=D(2026, 3, 24), reason="Sai số điện thoại")
    kt["bv.unit"].edit(did, content(pr, phone="0905000002"), on=D(2026, 3, 25), base_revision=2)
    kt["bv.unit"].submit(did, on=D(2026, 3, 26))
    kt["syt.head"].approve(did, on=D(2026, 3, 30))
    tid = kt["syt.unit"].start_transfer(
        did,
        kind="within_province",
        to_unit="KT.DT.X1",
        via_unit="KT.DT",
        effective_on=D(2026, 4, 1),
        decision_ref="QĐ 512/QĐ-UBND",
        on=D(2026, 4, 1),
    )
    kt["syt.unit"].send(tid, on=D(2026, 4, 2))
    kt["dt.unit"].receive(tid, on=D(2026, 4, 3))
    kt["dt.unit"].forward(tid, on=D(2026, 4, 6))
    kt["x1.unit"].record_exit(did, reason="death", effective_on=D(2026, 6, 1), on=D(2026, 6, 2))
    kt["x1.unit"].archive(did, on=D(2026, 6, 3))
    h = kt.ws.history(did)
    acts = [
        (e["action"], e["entity"], e["username"])
        for e in h
        if e["entity"] in ("dossier", "revision", "transfer")
    ]
    assert acts == [
        ("recruit", "dossier", "bv.unit"),
        ("supersede", "revision", "bv.unit"),  # every edit is a new revision
        ("edit", "revision", "bv.unit"),
        ("edit", "dossier", "bv.unit"),
        ("submit", "revision", "bv.unit"),
        ("submit", "dossier", "bv.unit"),
        ("return", "revision", "syt.head"),
        ("return", "dossier", "syt.head"),
        ("supersede", "revision", "bv.unit"),
        ("edit", "revision", "bv.unit"),
        ("edit", "dossier", "bv.unit"),
        ("submit", "revision", "bv.unit"),
        ("submit", "dossier", "bv.unit"),
        ("approve", "revision", "syt.head"),
        ("approve", "dossier", "syt.head"),
        ("start_transfer", "transfer", "syt.unit"),
        ("start_transfer", "dossier", "syt.unit"),
        ("send_transfer", "transfer", "syt.unit"),
        ("receive_transfer", "transfer", "dt.unit"),
        ("forward_transfer", "transfer", "dt.unit"),
        ("forward_transfer", "dossier", "dt.unit"),
        ("exit", "dossier", "x1.unit"),
        ("archive", "dossier", "x1.unit"),
    ]
    seqs = [e["seq"] for e in h]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert (
        h[0]["action"] == "recruit"
        and h[0]["before_hash"] is None
        and h[0]["after_hash"].startswith("sha256:")
    )
    made = {("recruit", "dossier"), ("edit", "revision"), ("start_transfer", "transfer")}  # new rows
    for e in h:
        if e["entity"] in ("dossier", "revision", "transfer"):
            assert e["after_hash"], e
            assert (e["before_hash"] is None) == ((e["action"], e["entity"]) in made), e
    with pytest.raises(NotFoundError):
        kt.ws.history(did + 1000)


def test_documents_keep_their_sha256(kt):
    did = recruit_bv(kt)
    small = "Quyết định tuyển dụng số 12/QĐ-SYT".encode()
    big = os.urandom(1_000_003)
    d1 = kt["bv.unit"].attach(
        did, name="QĐ tuyển dụng.pdf", media_type="application/pdf", data=small, on=D(2026, 2, 12)
    )
    d2 = kt["bv.unit"].attach(
        did, name="Bằng tốt nghiệp.jpg", media_type="image/jpeg", data=big, on=D(2026, 2, 12)
    )
    assert d1 == hashlib.sha256(small).hexdigest()
    assert d2 == hashlib.sha256(big).hexdigest()
    docs = rows(raw_engine(kt.url), db.Document, db.Document.dossier_id == did)
    stored = {doc.name: doc for doc in docs}
    assert set(stored) == {"QĐ tuyển dụng.pdf", "Bằng tốt nghiệp.jpg"}
    for doc in docs:
        assert hashlib.sha256(doc.data).hexdigest() == doc.sha256
        assert doc.size == len(doc.data)
        assert doc.revision_number == 1
    assert stored["Bằng tốt nghiệp.jpg"].data == big
