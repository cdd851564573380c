"""Logging in: Argon2id hashes, the monthly change of Tuyên Quang's agency passwords (Điều 14.1),
lock-out after repeated failures, reissue through Sở Nội vụ only (Điều 14.5), and every refusal:
a typed error in Vietnamese and English that changes nothing but what it must (a failed login
counts the failure and audits it)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest_db import audit_count, raw_engine, rows, snapshot, tuyenquang_world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbccvc_core.accounts import (
    AccountLockedError,
    AccountNotActiveError,
    AccountSettings,
    LoginFailedError,
    PasswordChangeRequiredError,
    PasswordExpiredError,
    WeakPasswordError,
)
from cbccvc_core.db import schema as db
from cbccvc_core.db.schema_accounts import AccountCredential
from cbccvc_core.service import InvalidActionError, PermissionDeniedError

D = date
NEW = "tuyen-quang-2026-an-toan"
NEWER = "doi-mat-khau-hang-thang-14.1"


@pytest.fixture(autouse=True)
def _light_hashing(monkeypatch):
    """Light Argon2id parameters so that the suite stays fast (the defaults are tested below)."""
    monkeypatch.setenv("CBCCVC_ARGON2_MEMORY_KIB", "64")
    monkeypatch.setenv("CBCCVC_ARGON2_TIME_COST", "1")


def at(day: date, hour: int = 2, minute: int = 0) -> datetime:
    """An instant on ``day`` in Vietnam (UTC+7): 02:00 UTC is 09:00 there."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


_ENGINES: dict[str, sa.Engine] = {}


def _engine(url: str) -> sa.Engine:
    """One engine per database for these look-ups (a Hypothesis test makes hundreds)."""
    if url not in _ENGINES:
        _ENGINES[url] = raw_engine(url)
    return _ENGINES[url]


def cred(url: str, username: str) -> AccountCredential:
    acc = rows(_engine(url), db.Account, db.Account.username == username)[0]
    return rows(_engine(url), AccountCredential, AccountCredential.account_id == acc.id)[0]


def account(url: str, username: str) -> db.Account:
    return rows(_engine(url), db.Account, db.Account.username == username)[0]


def audit_actions(url: str, since: int) -> list[str]:
    return [e.action for e in rows(_engine(url), db.AuditEntry, db.AuditEntry.seq > since)]


def without(snap: dict[str, str], *tables: str) -> dict[str, str]:
    return {k: v for k, v in snap.items() if k not in tables}


def both_languages(exc: Exception) -> tuple[str, str]:
    vi, en = exc.message("vi"), exc.message("en")  # type: ignore[attr-defined]
    assert vi and en and vi != en, (vi, en)
    return vi, en


@pytest.fixture
def tq(workspace_url):
    """Tuyên Quang: agency account snv.unit has a password it chose on Mon 05/01/2026."""
    w = tuyenquang_world(workspace_url)
    first = w["admin"].issue_password("snv.unit", on=D(2026, 1, 5))
    w.ws.authenticate("snv.unit", first, at=at(D(2026, 1, 5)), new_password=NEW)
    return w


def test_issued_password_must_be_changed_first(workspace_url):
    w = tuyenquang_world(workspace_url)
    temp = w["admin"].issue_password("snv.unit", on=D(2026, 1, 5))
    engine = _engine(workspace_url)
    before = snapshot(engine)
    with pytest.raises(PasswordChangeRequiredError) as info:
        w.ws.login("snv.unit", temp, at=at(D(2026, 1, 5)))
    assert snapshot(engine) == before
    vi, en = both_languages(info.value)
    assert temp not in vi + en
    # the new password must be acceptable: too short, or containing the user name
    for bad in ("short", "snv.unit-2026-mat-khau"):
        with pytest.raises(WeakPasswordError):
            w.ws.login("snv.unit", temp, at=at(D(2026, 1, 5)), new_password=bad)
        assert snapshot(engine) == before
    actor = w.ws.login("snv.unit", temp, at=at(D(2026, 1, 5)), new_password=NEW)
    assert actor.username == "snv.unit"
    c = cred(workspace_url, "snv.unit")
    assert (c.changed_on, c.must_change, c.failed_count) == (D(2026, 1, 5), False, 0)
    # the temporary password no longer works; the chosen one does
    with pytest.raises(LoginFailedError):
        w.ws.login("snv.unit", temp, at=at(D(2026, 1, 6)))
    assert w.ws.login("snv.unit", NEW, at=at(D(2026, 1, 6))).username == "snv.unit"


def test_the_hash_is_argon2id_with_owasp_parameters_by_default():
    settings_ = AccountSettings()
    h = settings_.hasher().hash("một mật khẩu dài đủ 12")
    assert h.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert settings_.hasher().verify(h, "một mật khẩu dài đủ 12")


def test_no_password_is_stored_or_audited(workspace_url):
    w = tuyenquang_world(workspace_url)
    temp = w["admin"].issue_password("snv.unit", on=D(2026, 1, 5))
    w.ws.login("snv.unit", temp, at=at(D(2026, 1, 5)), new_password=NEW)
    with pytest.raises(LoginFailedError):
        w.ws.login("snv.unit", "sai-mat-khau-" + NEWER, at=at(D(2026, 1, 6)))
    engine = _engine(workspace_url)
    with engine.connect() as conn:
        dump = ""
        for table in db.Base.metadata.sorted_tables:
            dump += repr(conn.execute(sa.select(table)).all())
    for secret in (temp, NEW, NEWER):
        assert secret not in dump
    assert "$argon2id$" in dump  # only the hash is kept


def test_a_wrong_password_counts_one_failure_and_audits_it(tq):
    url = tq.url
    engine = _engine(url)
    before, seq = snapshot(engine), audit_count(engine)
    with pytest.raises(LoginFailedError) as info:
        tq.ws.login("snv.unit", "not-the-password", at=at(D(2026, 1, 7)))
    vi, en = both_languages(info.value)
    assert "not-the-password" not in vi + en
    after = snapshot(engine)
    # only the counter, the audit log and its head changed
    assert without(after, "account_credentials", "audit_log", "audit_head") == without(
        before, "account_credentials", "audit_log", "audit_head"
    )
    c = cred(url, "snv.unit")
    assert (c.failed_count, c.last_failed_at is not None) == (1, True)
    assert audit_actions(url, seq) == ["login_failed"]
    assert account(url, "snv.unit").state == "active"
    # a success resets the counter
    tq.ws.login("snv.unit", NEW, at=at(D(2026, 1, 7)))
    assert cred(url, "snv.unit").failed_count == 0


def test_an_unknown_user_gets_the_same_message_and_nothing_changes(tq):
    engine = _engine(tq.url)
    before = snapshot(engine)
    with pytest.raises(LoginFailedError) as unknown:
        tq.ws.login("nobody", NEW, at=at(D(2026, 1, 7)))
    # an account without a password: the same
    with pytest.raises(LoginFailedError) as no_password:
        tq.ws.login("p1.unit", NEW, at=at(D(2026, 1, 7)))
    assert snapshot(engine) == before
    assert unknown.value.message("en") == no_password.value.message("en") == "Wrong user name or password."


def test_repeated_failures_lock_the_account_for_a_while(tq):
    url, engine = tq.url, _engine(tq.url)
    t0 = at(D(2026, 1, 7), 2, 0)
    limit = tq.ws.account_settings.max_failures
    for i in range(limit - 1):
        with pytest.raises(LoginFailedError):
            tq.ws.login("snv.unit", f"wrong-{i}", at=t0)
    seq = audit_count(engine)
    with pytest.raises(AccountLockedError) as info:
        tq.ws.login("snv.unit", "wrong-last", at=t0)
    both_languages(info.value)
    assert audit_actions(url, seq) == ["login_failed", "lock_account"]
    assert account(url, "snv.unit").state == "locked"
    c = cred(url, "snv.unit")
    assert c.lock_reason == "failed_logins" and c.failed_count == limit
    # while locked even the right password is refused, and nothing changes
    before = snapshot(engine)
    with pytest.raises(AccountLockedError):
        tq.ws.login("snv.unit", NEW, at=t0 + timedelta(minutes=29))
    assert snapshot(engine) == before
    # a locked account cannot act either
    with pytest.raises(PermissionDeniedError):
        tq.ws.as_account("snv.unit")
    # after the lock-out the right password unlocks and logs in (both audited)
    seq = audit_count(engine)
    tq.ws.login("snv.unit", NEW, at=t0 + timedelta(minutes=30))
    assert account(url, "snv.unit").state == "active"
    assert audit_actions(url, seq) == ["unlock_account", "reset_login_failures", "login"]
    assert cred(url, "snv.unit").failed_count == 0


def test_a_lock_out_without_end_waits_for_so_noi_vu(tq, monkeypatch):
    monkeypatch.setenv("CBCCVC_LOCKOUT_MINUTES", "0")
    monkeypatch.setenv("CBCCVC_LOCKOUT_THRESHOLD", "2")
    from cbccvc_core.service import Workspace

    ws = Workspace.open(tq.url)
    for _ in range(2):
        with pytest.raises((LoginFailedError, AccountLockedError)):
            ws.login("snv.unit", "wrong-password!", at=at(D(2026, 1, 7)))
    engine = _engine(tq.url)
    before = snapshot(engine)
    with pytest.raises(AccountLockedError) as info:
        ws.login("snv.unit", NEW, at=at(D(2026, 3, 1)))
    assert "Sở Nội vụ" in info.value.message("vi") and "Sở Nội vụ" in info.value.message("en")
    assert snapshot(engine) == before
    # Sở Nội vụ unlocks through the account state machine: the counter is cleared with it
    seq = audit_count(engine)
    tq["admin"].set_account_state("snv.unit", "unlock", on=D(2026, 1, 8), reason="xác minh")
    assert audit_actions(tq.url, seq) == ["unlock_account", "reset_login_failures"]
    c = cred(tq.url, "snv.unit")
    assert (c.failed_count, c.lock_reason, c.locked_until) == (0, None, None)
    assert ws.login("snv.unit", NEW, at=at(D(2026, 1, 8))).username == "snv.unit"


def test_revoked_and_locked_by_so_noi_vu(tq):
    engine = _engine(tq.url)
    tq["admin"].set_account_state("snv.unit", "lock", on=D(2026, 1, 8), reason="Điều 16.3: vi phạm")
    before = snapshot(engine)
    with pytest.raises(AccountLockedError):
        tq.ws.login("snv.unit", NEW, at=at(D(2026, 1, 9)))
    with pytest.raises(AccountLockedError):  # the wrong password is not even counted
        tq.ws.login("snv.unit", "wrong-password!", at=at(D(2026, 1, 9)))
    assert snapshot(engine) == before
    tq["admin"].set_account_state("snv.unit", "revoke", on=D(2026, 1, 9), reason="thu hồi")
    before = snapshot(engine)
    with pytest.raises(AccountNotActiveError) as info:
        tq.ws.login("snv.unit", NEW, at=at(D(2026, 1, 10)))
    both_languages(info.value)
    assert snapshot(engine) == before


def test_monthly_change_warns_before_and_blocks_after(tq):
    """Điều 14.1: changed Mon 05/01/2026, due Thu 05/02; warned from 29/01 (7 days before)."""
    engine = _engine(tq.url)
    r = tq.ws.authenticate("snv.unit", NEW, at=at(D(2026, 1, 28)))
    assert (r.password_due, r.warn) == (D(2026, 2, 5), False)
    r = tq.ws.authenticate("snv.unit", NEW, at=at(D(2026, 1, 29)))
    assert (r.password_due, r.warn, r.basis) == (D(2026, 2, 5), True, "Điều 14.1")
    assert tq.ws.authenticate("snv.unit", NEW, at=at(D(2026, 2, 5))).warn
    # 23:30 on 05/02 in Vietnam is 16:30 UTC: still the due day there
    assert tq.ws.authenticate("snv.unit", NEW, at=at(D(2026, 2, 5), 16, 30)).warn
    before = snapshot(engine)
    with pytest.raises(PasswordExpiredError) as info:  # 00:30 on 06/02 in Vietnam
        tq.ws.login("snv.unit", NEW, at=at(D(2026, 2, 5), 17, 30))
    vi, en = both_languages(info.value)
    assert "2026-02-05" in en and "14.1" in vi
    assert snapshot(engine) == before
    # the same password as new is refused; a new one changes it and logs in
    with pytest.raises(WeakPasswordError):
        tq.ws.login("snv.unit", NEW, at=at(D(2026, 2, 6)), new_password=NEW)
    r = tq.ws.authenticate("snv.unit", NEW, at=at(D(2026, 2, 6)), new_password=NEWER)
    assert (r.changed_password, r.password_due, r.warn) == (True, D(2026, 3, 6), False)


def test_personal_and_admin_passwords_do_not_expire_in_tuyen_quang(tq):
    temp = tq["admin"].issue_password("admin", on=D(2026, 1, 5))
    tq.ws.login("admin", temp, at=at(D(2026, 1, 5)), new_password=NEW)
    r = tq.ws.authenticate("admin", NEW, at=at(D(2027, 6, 1)))
    assert (r.password_due, r.warn) == (None, False)


def test_only_so_noi_vu_reissues_a_lost_password(tq):
    """Điều 14.5: the head asks Sở Nội vụ, which issues a new password."""
    url, engine = tq.url, _engine(tq.url)
    before = snapshot(engine)
    with pytest.raises(PermissionDeniedError) as info:
        tq["snv.head"].issue_password("snv.unit", on=D(2026, 1, 9), request_ref="CV 12/SNV")
    vi, en = both_languages(info.value)
    assert "14.5" in vi and "Sở Nội vụ" in en
    with pytest.raises(InvalidActionError):  # no request reference
        tq["admin"].issue_password("snv.unit", on=D(2026, 1, 9))
    with pytest.raises(InvalidActionError):
        tq["admin"].issue_password("snv.unit", on=D(2026, 1, 9), request_ref="  ")
    assert snapshot(engine) == before
    # locked out, then reissued: the lock-out ends with it
    for i in range(tq.ws.account_settings.max_failures):
        with pytest.raises((LoginFailedError, AccountLockedError)):
            tq.ws.login("snv.unit", f"forgotten-{i}", at=at(D(2026, 1, 9)))
    seq = audit_count(engine)
    temp = tq["admin"].issue_password("snv.unit", on=D(2026, 1, 9), request_ref="CV 12/SNV")
    assert audit_actions(url, seq) == ["reissue_password", "unlock_account"]
    entry = rows(engine, db.AuditEntry, db.AuditEntry.seq == seq + 1)[0]
    assert entry.detail["request_ref"] == "CV 12/SNV" and entry.username == "admin"
    with pytest.raises(LoginFailedError):
        tq.ws.login("snv.unit", NEW, at=at(D(2026, 1, 9), 3))
    with pytest.raises(PasswordChangeRequiredError):
        tq.ws.login("snv.unit", temp, at=at(D(2026, 1, 9), 3))
    assert tq.ws.login("snv.unit", temp, at=at(D(2026, 1, 9), 3), new_password=NEWER).username == "snv.unit"


def test_bad_instants_and_days_are_refused(tq):
    engine = _engine(tq.url)
    before = snapshot(engine)
    for bad in (datetime(2026, 1, 9, 9, 0), D(2026, 1, 9), "2026-01-09T09:00+07:00"):
        with pytest.raises(InvalidActionError):
            tq.ws.login("snv.unit", NEW, at=bad)
    with pytest.raises(InvalidActionError):
        tq["admin"].issue_password("p1.unit", on="2026-01-09")
    assert snapshot(engine) == before


def _due(changed: date) -> date:
    """Same day next month, or that month's last day (an oracle written apart from the code)."""
    y, m = (changed.year + 1, 1) if changed.month == 12 else (changed.year, changed.month + 1)
    return date(y, m, min(changed.day, calendar.monthrange(y, m)[1]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changed=st.dates(D(2026, 1, 10), D(2027, 12, 31)),
    offset=st.integers(0, 70),
)
def test_expiry_over_dates(tq, changed, offset):
    """Whatever day the password was set, the login is allowed through the same day next month
    (warned in its last 7 days) and refused from the day after; the check runs on the
    database."""
    temp = tq["admin"].issue_password("snv.unit", on=changed, request_ref="CV")
    tq.ws.login("snv.unit", temp, at=at(changed), new_password=NEWER + str(offset))
    day = changed + timedelta(days=offset)
    due = _due(changed)
    if day > due:
        with pytest.raises(PasswordExpiredError):
            tq.ws.login("snv.unit", NEWER + str(offset), at=at(day))
    else:
        r = tq.ws.authenticate("snv.unit", NEWER + str(offset), at=at(day))
        assert r.password_due == due
        assert r.warn == ((due - day).days <= 7)


def test_concurrent_failures_are_all_counted(tq):
    """Six wrong passwords at the same moment from six threads: six failures, none lost, and the
    audit chain still verifies (PostgreSQL queues them on the account's rows)."""
    import threading

    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def attempt(i: int) -> None:
        barrier.wait()
        try:
            tq.ws.login("snv.unit", f"wrong-at-once-{i}", at=at(D(2026, 1, 7)))
        except BaseException as exc:  # collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    limit = tq.ws.account_settings.max_failures
    assert len(errors) == 6
    assert sum(isinstance(e, LoginFailedError) for e in errors) == limit - 1
    assert all(isinstance(e, LoginFailedError | AccountLockedError) for e in errors), errors
    assert cred(tq.url, "snv.unit").failed_count == limit  # the sixth found it locked
    assert account(tq.url, "snv.unit").state == "locked"
    assert tq.ws.verify_audit().ok


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts=st.lists(st.booleans(), min_size=1, max_size=12))
def test_lock_out_follows_consecutive_failures(tq, attempts):
    """For any run of right (True) and wrong (False) passwords within one lock-out period: the
    account locks exactly when the failures since the last success reach the threshold, and from
    then on every attempt is refused without a write."""
    ws, limit = tq.ws, tq.ws.account_settings.max_failures
    if account(tq.url, "snv.unit").state == "locked":  # the previous example's end
        tq["admin"].set_account_state("snv.unit", "unlock", on=D(2026, 1, 7), reason="reset")
    ws.login("snv.unit", NEW, at=at(D(2026, 1, 7)))
    engine = _engine(tq.url)
    consecutive, locked = 0, False
    for right in attempts:
        password = NEW if right else "sai-" + NEW
        if locked:
            before = snapshot(engine)
            with pytest.raises(AccountLockedError):
                ws.login("snv.unit", password, at=at(D(2026, 1, 7)))
            assert snapshot(engine) == before
            continue
        if right:
            ws.login("snv.unit", password, at=at(D(2026, 1, 7)))
            consecutive = 0
        else:
            consecutive += 1
            locked = consecutive >= limit
            with pytest.raises(AccountLockedError if locked else LoginFailedError):
                ws.login("snv.unit", password, at=at(D(2026, 1, 7)))
        assert cred(tq.url, "snv.unit").failed_count == consecutive
        assert account(tq.url, "snv.unit").state == ("locked" if locked else "active")
