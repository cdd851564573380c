"""Each province's account policy, as its text states it: one account per agency (Tuyên Quang 6.2,
Đắk Lắk 4.8) or one personal account per person (Đồng Nai 12.2, Quảng Nam 4.3, Kon Tum 7.2),
Kon Tum's H34 identifier (3.3), and a change of the person holding an agency account (Đắk Lắk
5.4: revoke and issue a new one; Tuyên Quang 13.2: the head reassigns it)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest_db import (
    audit_count,
    content,
    daklak_world,
    dongnai_world,
    kontum_world,
    person,
    raw_engine,
    rows,
    snapshot,
    tuyenquang_world,
)

from cbccvc_core.accounts import (
    AccountNotActiveError,
    AccountSettings,
    AccountSettingsError,
    LoginFailedError,
    PasswordChangeRequiredError,
    add_months,
    holders,
    password_due,
)
from cbccvc_core.db import schema as db
from cbccvc_core.registry import default_registry
from cbccvc_core.rules.types import AccountKind, AccountModel, HolderChange
from cbccvc_core.service import DuplicateError, InvalidActionError, PermissionDeniedError

D = date
PW = "mat-khau-moi-du-dai-2026"


@pytest.fixture(autouse=True)
def _light_hashing(monkeypatch):
    monkeypatch.setenv("CBCCVC_ARGON2_MEMORY_KIB", "64")
    monkeypatch.setenv("CBCCVC_ARGON2_TIME_COST", "1")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


# -- the declarations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "model", "article"),
    [
        ("tuyenquang", AccountModel.PER_AGENCY, (6, 2)),
        ("daklak", AccountModel.PER_AGENCY, (4, 8)),
        ("dongnai", AccountModel.PER_PERSON, (12, 2)),
        ("quangnam", AccountModel.PER_PERSON, (4, 3)),
        ("kontum", AccountModel.PER_PERSON, (7, 2)),
    ],
)
def test_each_province_declares_its_account_model_from_its_text(code, model, article):
    policy = default_registry().get(code).accounts
    assert policy is not None and policy.model is model
    assert policy.model_source is not None
    assert (policy.model_source.article, policy.model_source.clause) == article
    assert "01 tài khoản" in policy.model_source.quote or "tài khoản cá nhân" in policy.model_source.quote


def test_only_tuyen_quang_sets_a_password_interval_and_only_for_agency_accounts():
    reg = default_registry()
    day = D(2026, 1, 31)
    assert password_due(reg.get("tuyenquang"), "agency", day) == D(2026, 2, 28)
    assert password_due(reg.get("tuyenquang"), "personal", day) is None
    assert password_due(reg.get("tuyenquang"), "admin", day) is None
    for code in ("daklak", "dongnai", "quangnam", "kontum"):
        for kind in AccountKind:
            assert password_due(reg.get(code), kind.value, day) is None, code


def test_lost_passwords_go_through_the_head_to_so_noi_vu_where_the_text_says_so():
    reg = default_registry()
    for code, article in (("tuyenquang", 14), ("daklak", 15), ("dongnai", 12), ("kontum", 15)):
        policy = reg.get(code).accounts
        assert policy is not None and policy.lost_password is not None
        assert policy.lost_password_via == ("unit_head", "home_affairs")
        assert policy.lost_password.source.article == article
        assert "Sở Nội vụ" in policy.lost_password.source.quote
    qn = reg.get("quangnam").accounts
    assert qn is not None and qn.lost_password is None  # the text is silent


def test_holder_change_rules():
    reg = default_registry()
    dl = reg.get("daklak").accounts
    assert dl is not None and dl.holder_change is HolderChange.REVOKE_AND_REISSUE
    assert dl.holder_change_source is not None and dl.holder_change_source.article == 5
    assert "thu hồi tài khoản đã cấp" in dl.holder_change_source.quote
    tq = reg.get("tuyenquang").accounts
    assert tq is not None and tq.holder_change is HolderChange.REASSIGN


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 5, 5), 13, D(2027, 6, 5)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_settings_from_the_environment():
    assert AccountSettings.from_env({}) == AccountSettings()
    s = AccountSettings.from_env({"CBCCVC_LOCKOUT_THRESHOLD": "3", "CBCCVC_PASSWORD_WARN_DAYS": "10"})
    assert (s.max_failures, s.warn_days) == (3, 10)
    with pytest.raises(AccountSettingsError) as info:
        AccountSettings.from_env({"CBCCVC_LOCKOUT_THRESHOLD": "năm"})
    assert info.value.message("vi") != info.value.message("en")
    with pytest.raises(AccountSettingsError):
        AccountSettings.from_env({"CBCCVC_LOCKOUT_THRESHOLD": "0"})
    with pytest.raises(AccountSettingsError):
        AccountSettings.from_env({"CBCCVC_PASSWORD_MIN_LENGTH": "4"})


# -- one account per agency / per person ------------------------------------------------------------


def test_one_account_per_agency_in_tuyen_quang(workspace_url):
    tq = tuyenquang_world(workspace_url)
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    with pytest.raises(InvalidActionError) as info:
        tq["admin"].issue_account("snv.unit2", kind="agency", unit="TQ.SNV", on=D(2026, 2, 2))
    assert "6.2" in info.value.message("vi") and "snv.unit" in info.value.message("en")
    assert snapshot(engine) == before
    # a subordinate unit gets its own (Điều 6.2, with Sở Nội vụ's agreement); a revoked account
    # makes room for a new one
    tq["admin"].set_account_state("p1.unit", "revoke", on=D(2026, 2, 2), reason="thay đổi")
    tq["admin"].issue_account("p1.unit2", kind="agency", unit="TQ.SNV.P1", on=D(2026, 2, 2))


def test_kon_tum_allows_several_agency_accounts(workspace_url):
    kt = kontum_world(workspace_url)
    kt["admin"].issue_account("syt.unit2", kind="agency", unit="KT.SYT", on=D(2026, 2, 2))


def test_one_personal_account_per_person_in_dong_nai(workspace_url):
    dn = dongnai_world(workspace_url)
    pr = person(province="075")
    did = dn["syt.unit"].recruit(
        pr, unit="DN.SYT", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    dn["admin"].issue_account(
        "an.nguyen", kind="personal", unit="DN.SYT", person_dossier=did, on=D(2026, 2, 11)
    )
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    with pytest.raises(InvalidActionError) as info:
        dn["admin"].issue_account(
            "an.nguyen2", kind="personal", unit="DN.SYT", person_dossier=did, on=D(2026, 2, 12)
        )
    assert "12.2" in info.value.message("en") and "an.nguyen" in info.value.message("vi")
    assert snapshot(engine) == before


def test_kon_tum_personal_accounts_are_named_h34_and_the_personal_id(workspace_url):
    kt = kontum_world(workspace_url)
    pr = person(province="062")
    did = kt["syt.unit"].recruit(
        pr, unit="KT.SYT", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 10)
    )
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    other = person(province="062")
    for bad in ("an.nguyen", "H34-" + pr.personal_id, "H34" + other.personal_id, pr.personal_id):
        with pytest.raises(InvalidActionError) as info:
            kt["admin"].issue_account(
                bad, kind="personal", unit="KT.SYT", person_dossier=did, on=D(2026, 2, 11)
            )
        assert "H34" + pr.personal_id in info.value.message("en")
        assert "3.3" in info.value.message("vi")
    assert snapshot(engine) == before
    kt["admin"].issue_account(
        "H34" + pr.personal_id, kind="personal", unit="KT.SYT", person_dossier=did, on=D(2026, 2, 11)
    )
    temp = kt["admin"].issue_password("H34" + pr.personal_id, on=D(2026, 2, 11))
    assert kt.ws.login(
        "H34" + pr.personal_id, temp, at=at(D(2026, 2, 11)), new_password=PW
    ).username.startswith("H34")


# -- a change of holder -------------------------------------------------------------------------------


def test_dak_lak_revokes_and_reissues_when_the_holder_changes(workspace_url):
    dl = daklak_world(workspace_url)
    engine = raw_engine(workspace_url)
    first = dl["admin"].change_account_holder(
        "sgd.unit", holder="Trần Thị Bình", on=D(2026, 2, 2), document_ref="QĐ 5/SGD"
    )
    assert (first.username, first.revoked) == ("sgd.unit", None)
    dl.ws.login("sgd.unit", first.password, at=at(D(2026, 2, 2)), new_password=PW)
    before = snapshot(engine)
    with pytest.raises(InvalidActionError) as info:  # 5.4: a new account, so a new user name
        dl["admin"].change_account_holder(
            "sgd.unit", holder="Lê Văn Cường", on=D(2026, 6, 1), document_ref="CV 88/SGD"
        )
    assert "5.4" in info.value.message("en")
    with pytest.raises(PermissionDeniedError):  # only Sở Nội vụ
        dl["sgd.unit"].change_account_holder(
            "sgd.unit",
            holder="Lê Văn Cường",
            on=D(2026, 6, 1),
            document_ref="CV 88/SGD",
            new_username="sgd.unit.2",
        )
    with pytest.raises(DuplicateError):
        dl["admin"].change_account_holder(
            "sgd.unit",
            holder="Lê Văn Cường",
            on=D(2026, 6, 1),
            document_ref="CV 88/SGD",
            new_username="kp.unit",
        )
    assert snapshot(engine) == before
    seq = audit_count(engine)
    second = dl["admin"].change_account_holder(
        "sgd.unit",
        holder="Lê Văn Cường",
        on=D(2026, 6, 1),
        document_ref="CV 88/SGD",
        new_username="sgd.unit.2",
    )
    assert (second.username, second.revoked) == ("sgd.unit.2", "sgd.unit")
    actions = [e.action for e in rows(engine, db.AuditEntry, db.AuditEntry.seq > seq)]
    assert actions == [
        "revoke_account",
        "end_account_holder",
        "issue_account",
        "issue_password",
        "assign_account_holder",
    ]
    old, new = (rows(engine, db.Account, db.Account.username == u)[0] for u in ("sgd.unit", "sgd.unit.2"))
    assert (old.state, new.state, new.unit_id, new.kind) == ("revoked", "active", "DL.SGD", "agency")
    with pytest.raises(AccountNotActiveError):
        dl.ws.login("sgd.unit", PW, at=at(D(2026, 6, 2)))
    with pytest.raises(PasswordChangeRequiredError):
        dl.ws.login("sgd.unit.2", second.password, at=at(D(2026, 6, 2)))
    assert [(h["holder_name"], h["assigned_on"], h["ended_on"]) for h in holders(dl.ws, "sgd.unit")] == [
        ("Trần Thị Bình", D(2026, 2, 2), D(2026, 6, 1))
    ]
    assert [h["holder_name"] for h in holders(dl.ws, "sgd.unit.2")] == ["Lê Văn Cường"]
    # the unit still has exactly one account in use (Điều 4.8)
    with pytest.raises(InvalidActionError):
        dl["admin"].issue_account("sgd.unit.3", kind="agency", unit="DL.SGD", on=D(2026, 6, 3))


def test_tuyen_quang_reassigns_the_same_account_with_a_new_password(workspace_url):
    tq = tuyenquang_world(workspace_url)
    engine = raw_engine(workspace_url)
    first = tq["admin"].change_account_holder(
        "snv.unit", holder="Hoàng Văn Dũng", on=D(2026, 2, 2), document_ref="QĐ 1/SNV"
    )
    tq.ws.login("snv.unit", first.password, at=at(D(2026, 2, 2)), new_password=PW)
    before = snapshot(engine)
    with pytest.raises(InvalidActionError):  # the same account is reassigned: no new user name
        tq["admin"].change_account_holder(
            "snv.unit", holder="Ma Thị Én", on=D(2026, 4, 1), document_ref="QĐ 9/SNV", new_username="snv.x"
        )
    with pytest.raises(InvalidActionError):  # before the current holder was assigned
        tq["admin"].change_account_holder(
            "snv.unit", holder="Ma Thị Én", on=D(2026, 1, 1), document_ref="QĐ 9/SNV"
        )
    with pytest.raises(InvalidActionError):
        tq["admin"].change_account_holder("snv.unit", holder="Ma Thị Én", on=D(2026, 4, 1), document_ref=" ")
    with pytest.raises(InvalidActionError):  # not an agency account
        tq["admin"].change_account_holder(
            "admin", holder="Ma Thị Én", on=D(2026, 4, 1), document_ref="QĐ 9/SNV"
        )
    assert snapshot(engine) == before
    second = tq["admin"].change_account_holder(
        "snv.unit", holder="Ma Thị Én", on=D(2026, 4, 1), document_ref="QĐ 9/SNV"
    )
    assert (second.username, second.revoked) == ("snv.unit", None)
    with pytest.raises(LoginFailedError):  # the former holder's password is gone
        tq.ws.login("snv.unit", PW, at=at(D(2026, 4, 1)))
    with pytest.raises(PasswordChangeRequiredError):
        tq.ws.login("snv.unit", second.password, at=at(D(2026, 4, 1)))
    assert [(h["holder_name"], h["ended_on"], h["document_ref"]) for h in holders(tq.ws, "snv.unit")] == [
        ("Hoàng Văn Dũng", D(2026, 4, 1), "QĐ 1/SNV"),
        ("Ma Thị Én", None, "QĐ 9/SNV"),
    ]
    # revoking the account ends the holder's period
    tq["admin"].set_account_state("snv.unit", "revoke", on=D(2026, 5, 1), reason="thu hồi")
    assert holders(tq.ws, "snv.unit")[-1]["ended_on"] == D(2026, 5, 1)
