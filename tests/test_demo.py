"""The main job (``cbccvc demo``): a province's year played through the services.

Each check reads the database behind the library's back (plain SQL) and works out what must
hold from the province's rules and the calendar, not from the demo's own figures.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from conftest_db import raw_engine

from cbccvc_core.cli import main
from cbccvc_core.db import schema as db
from cbccvc_core.demo import DemoError, DemoResult, retirement_day, run_demo
from cbccvc_core.model.people import birth_century_and_gender, birth_year, check_personal_id
from cbccvc_core.registry import default_registry

YEAR = 2025
FIVE = ("kontum", "daklak", "dongnai", "quangnam", "tuyenquang")
# The transfer kinds a province regulates: those whose event its rules name.
TRANSFER_EVENTS = {
    "internal_move": "internal_move_effective",
    "within_province": "transfer_effective",
    "inbound": "dossier_handed_over",
    "inbound_unsyncable": "unsyncable_transfer_in",
    "commune_to_commune": "commune_transfer_effective",
}


def people(url: str) -> list[tuple]:
    """(personal_id, full_name, birth_date, gender, category, unit_id, employment) of everyone,
    read through the ORM: the personal ID is stored encrypted (docs/access.md)."""
    engine = raw_engine(url)  # registers the workspace's keys
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    db.Person.personal_id,
                    db.Person.full_name,
                    db.Person.birth_date,
                    db.Person.gender,
                    db.Person.category,
                    db.Dossier.unit_id,
                    db.Dossier.employment,
                ).join(db.Dossier, db.Dossier.person_id == db.Person.id)
            )
            return sorted(tuple(r) for r in rows)
    finally:
        engine.dispose()


def sql(url: str, query: str, **params: object) -> list[tuple]:
    engine = raw_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(query), params)]
    finally:
        engine.dispose()


@pytest.fixture(scope="module", params=FIVE)
def played(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, DemoResult]:
    """One small year per province (40 staff), shared by the checks below."""
    url = str(tmp_path_factory.mktemp("demo") / f"{request.param}.db")
    return url, run_demo(url, province=request.param, staff=40, year=YEAR, seed=3)


# -- the year completes, the services refuse nothing, the audit chain holds ----------------------------


def test_the_year_completes_and_the_audit_chain_verifies(played):
    url, result = played
    assert result.refused == {}
    assert result.audit.ok
    [(entries,)] = sql(url, "SELECT count(*) FROM audit_log")
    assert result.audit.entries == entries
    # Something of each kind happened.
    for act in ("recruit", "submit", "state_decision", "personal_change"):
        assert result.acts.get(act, 0) > 0, act
    assert result.acts.get("approve", 0) + result.acts.get("approve_delegated", 0) > 0


def test_every_person_is_in_exactly_one_active_unit_or_has_left(played):
    url, _result = played
    people = sql(url, "SELECT count(*) FROM people")[0][0]
    rows = sql(
        url,
        "SELECT d.person_id, d.employment, d.exit_reason, u.active, d.unit_path = u.path "
        "FROM dossiers d JOIN units u ON u.id = d.unit_id",
    )
    assert len(rows) == people
    assert len({r[0] for r in rows}) == people  # one dossier per person
    for _pid, employment, exit_reason, active, path_ok in rows:
        assert path_ok
        if employment in ("active", "transferring"):
            assert active and exit_reason is None
        else:
            assert employment in ("exited", "archived") and exit_reason is not None
    # A dossier being transferred has exactly one transfer under way; the others none.
    open_transfers = dict(
        sql(
            url,
            "SELECT dossier_id, count(*) FROM transfers "
            "WHERE state NOT IN ('completed', 'cancelled') GROUP BY dossier_id",
        )
    )
    transferring = {r[0] for r in sql(url, "SELECT id FROM dossiers WHERE employment = 'transferring'")}
    assert set(open_transfers) == transferring
    assert all(n == 1 for n in open_transfers.values())


def test_completed_transfers_moved_the_dossier(played):
    url, _result = played
    last = sql(
        url,
        "SELECT t.dossier_id, t.to_unit_id, d.unit_id FROM transfers t JOIN dossiers d ON d.id = t.dossier_id "
        "WHERE t.state = 'completed' AND t.id = (SELECT max(id) FROM transfers x WHERE x.dossier_id = t.dossier_id)",
    )
    assert last
    assert all(to_unit == unit for _d, to_unit, unit in last)


def test_every_kind_of_transfer_the_province_regulates_is_played(played):
    url, result = played
    events = {r.event for r in default_registry().get(result.province).deadlines}
    regulated = {kind for kind, event in TRANSFER_EVENTS.items() if event in events}
    played_kinds = {r[0] for r in sql(url, "SELECT DISTINCT kind FROM transfers")}
    assert played_kinds == regulated


def test_compliance_totals_equal_the_obligations_counted_in_sql(played):
    url, result = played
    start, end = f"{YEAR}-01-01", f"{YEAR}-12-31"
    rows = sql(
        url,
        "SELECT unit_path, unit_id, due, done_on FROM obligations WHERE started_on >= :s AND started_on <= :e",
        s=start,
        e=end,
    )
    assert rows

    def tally(selected: list[tuple]) -> tuple[int, int, int, int]:
        on_time = late = still_open = overdue = 0
        for _path, _unit, due, done in selected:
            due, done = (str(due) if due else None), (str(done) if done else None)
            if done is None:
                still_open += 1
                overdue += due is not None and due < end
            elif due is not None and done > due:
                late += 1
            else:
                on_time += 1
        return on_time, late, still_open, overdue

    t = result.total
    assert (t.done_on_time, t.done_late, t.open, t.overdue) == tally(rows)
    root = result.total.unit_id
    for g in result.groups:
        if g.unit_id == root:
            mine = [r for r in rows if r[1] == root]
        else:
            mine = [r for r in rows if r[0].startswith(f"/{root}/{g.unit_id}/")]
        assert (g.done_on_time, g.done_late, g.open, g.overdue) == tally(mine), g.unit_id
    # The initial load came through the importer: existing staff start no obligation of their
    # own; only issuing their personal accounts before the year starts the holders' step.
    assert result.initial_load == "importer"
    before = sql(
        url,
        "SELECT o.obligation, e.kind FROM obligations o JOIN events e ON e.id = o.event_id WHERE o.started_on < :s",
        s=start,
    )
    assert {(ob, ev) for ob, ev in before} <= {("enter_personal_info", "account_issued")}
    assert result.carried.total == len(before)


def test_every_act_is_on_a_working_day(played):
    url, result = played
    cal = default_registry().calendar(result.province)
    days = sql(
        url,
        "SELECT done_on FROM obligations WHERE done_on IS NOT NULL "
        "UNION SELECT submitted_on FROM revisions WHERE submitted_on IS NOT NULL "
        "UNION SELECT decided_on FROM revisions WHERE decided_on IS NOT NULL "
        "UNION SELECT created_on FROM revisions",
    )
    assert days
    for (day,) in days:
        day = date.fromisoformat(str(day))
        assert cal.is_working_day(day), day


def test_approvals_follow_the_provinces_policy(played):
    """Own approvals by an approver role the plugin names (or the unit's own account where the
    text makes the account-holding unit verify); the head's own dossier by a deputy in Đồng Nai;
    delegated ones through a delegation to the very account."""
    url, result = played
    policy = default_registry().get(result.province).approval
    assert policy is not None
    roles = {a.role for a in policy.approvers}
    decided = sql(
        url,
        "SELECT r.authority, a.id, a.kind, a.role, r.dossier_id, d.person_id FROM revisions r "
        "JOIN accounts a ON a.id = r.decided_by JOIN dossiers d ON d.id = r.dossier_id "
        "WHERE r.state = 'approved'",
    )
    assert decided
    heads = {
        person
        for (person,) in sql(
            url, "SELECT person_id FROM accounts WHERE role = 'unit_head' AND person_id IS NOT NULL"
        )
    }
    for authority, account, kind, role, _dossier, person in decided:
        if authority == "own":
            assert (
                role in roles
                or ("account_holding_unit" in roles and kind == "agency")
                or (policy.own_dossier_signer == role and person in heads)
            )
        else:
            delegation = int(authority.split(":")[1].split()[0])
            [(delegate,)] = sql(url, "SELECT delegate_id FROM delegations WHERE id = :i", i=delegation)
            assert delegate == account
        if policy.own_dossier_signer and person in heads:
            assert role == policy.own_dossier_signer  # Đồng Nai 7.1


def test_delegations_only_where_the_text_allows_them(played):
    url, result = played
    policy = default_registry().get(result.province).approval
    rows = sql(
        url,
        "SELECT a.role, b.role FROM delegations d JOIN accounts a ON a.id = d.delegator_id "
        "JOIN accounts b ON b.id = d.delegate_id",
    )
    allowed = {(d.delegator, d.delegate) for d in policy.delegations}
    assert {(a, b) for a, b in rows} <= allowed
    assert bool(rows) == bool(policy.delegations)


# -- the people --------------------------------------------------------------------------------------


def test_people_are_plausible(played):
    url, result = played
    rows = [r[:5] for r in people(url)]
    code = {"kontum": "062", "daklak": "066", "dongnai": "075", "quangnam": "049", "tuyenquang": "008"}
    born_here = 0
    for pid, name, birth, gender, _category in rows:
        assert check_personal_id(pid) == pid
        birth = date.fromisoformat(str(birth))
        assert birth_year(pid) == birth.year
        assert birth_century_and_gender(pid)[1].value == gender
        assert len(name.split()) >= 2
        assert 18 <= YEAR - birth.year <= 63
        born_here += pid[:3] == code[result.province]
    assert born_here > len(rows) / 2
    categories = Counter(r[4] for r in rows)
    assert {"vien_chuc", "cong_chuc", "commune_official", "can_bo"} <= set(categories)
    # Contract workers are on the Annex II contract form, the others on the sơ yếu lý lịch.
    forms = sql(
        url,
        "SELECT p.category, r.content FROM revisions r JOIN dossiers d ON d.id = r.dossier_id "
        "JOIN people p ON p.id = d.person_id WHERE r.number = 1",
    )
    for category, content in forms:
        form = (json.loads(content) if isinstance(content, str) else content)["form"]
        assert form.startswith("TT 05/2023") == (category == "contract_worker"), category
        assert form.startswith("TT 06/2023") == (category != "contract_worker"), category


def test_retirements_follow_the_age_roadmap():
    # Nghị định 135/2020 Điều 4: a man born in March 1964 reaches 61 years 3 months in June 2025.
    assert retirement_day(date(1964, 3, 10), True) == date(2025, 7, 1)
    # A woman born in January 1969 reaches 56 years 8 months in September 2025.
    assert retirement_day(date(1969, 1, 20), False) == date(2025, 10, 1)
    # Men reach the final 62 years from 2028 on.
    assert retirement_day(date(1970, 5, 5), True) == date(2032, 6, 1)


# -- determinism -------------------------------------------------------------------------------------


def test_the_same_seed_plays_the_same_year(tmp_path):
    a = run_demo(str(tmp_path / "a.db"), province="tuyenquang", staff=40, year=YEAR, seed=11)
    b = run_demo(str(tmp_path / "b.db"), province="tuyenquang", staff=40, year=YEAR, seed=11)
    assert (a.groups, a.total, a.acts, a.people) == (b.groups, b.total, b.acts, b.people)
    assert people(str(tmp_path / "a.db")) == people(str(tmp_path / "b.db"))
    run_demo(str(tmp_path / "c.db"), province="tuyenquang", staff=40, year=YEAR, seed=12)
    assert people(str(tmp_path / "c.db")) != people(str(tmp_path / "a.db"))


# -- refusals ----------------------------------------------------------------------------------------


def test_refuses_a_database_that_already_holds_a_workspace(played, capsys):
    url, _result = played
    with pytest.raises(DemoError):
        run_demo(url, province="kontum", staff=40, year=YEAR)
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--db", url, "--staff", "40"])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_refuses_too_few_staff_and_a_year_outside_the_calendar(tmp_path):
    with pytest.raises(DemoError):
        run_demo(str(tmp_path / "x.db"), staff=5, year=YEAR)
    with pytest.raises(DemoError):
        run_demo(str(tmp_path / "y.db"), staff=40, year=1999)


# -- the command line ----------------------------------------------------------------------------------


def _cli(capsys, tmp_path, *lang: str) -> str:
    db = str(tmp_path / "cli.db")
    try:
        main([*lang, "demo", "--province", "daklak", "--staff", "40", "--year", str(YEAR), "--db", db])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_cli_prints_the_summary_in_vietnamese(capsys, tmp_path):
    out = _cli(capsys, tmp_path)
    assert "Đắk Lắk" in out and "UBND thành phố Buôn Ma Thuột" in out
    assert "tháng 12" in out  # 31 December in Vietnamese (CLDR)
    assert "Nhật ký kiểm tra toàn vẹn" in out and "Audit log intact" not in out
    assert "%" in out and "," in out.split("%")[0][-4:]  # a rate with a decimal comma
    assert "cli.db" in out


def test_cli_prints_the_summary_in_english(capsys, tmp_path):
    out = _cli(capsys, tmp_path, "--lang", "en")
    assert "Audit log intact" in out
    assert "December 31, 2025" in out
    assert "Done on time" in out and "On-time rate" in out and "Total" in out
    assert "Played in 2025:" in out


# -- PostgreSQL ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_year_on_postgresql(workspace_url):
    result = run_demo(workspace_url, province="quangnam", staff=40, year=YEAR, seed=5)
    assert result.refused == {} and result.audit.ok
    [(n,)] = sql(
        workspace_url,
        "SELECT count(*) FROM obligations WHERE started_on >= :s AND started_on <= :e",
        s=date(YEAR, 1, 1),
        e=date(YEAR, 1, 1) + timedelta(days=364),
    )
    assert n == result.total.total


def test_without_the_importer_the_initial_staff_are_recruited(tmp_path):
    url = str(tmp_path / "recruited.db")
    result = run_demo(url, province="kontum", staff=40, year=YEAR, seed=2, importer=False)
    assert result.initial_load == "recruit" and result.refused == {} and result.audit.ok
    # Each initial recruitment was decided in the year before and started its obligations there.
    [(before,)] = sql(
        url,
        "SELECT count(*) FROM events WHERE kind = 'recruitment_decision' AND occurred_on < :s",
        s=f"{YEAR}-01-01",
    )
    assert before == result.staff
    [(carried,)] = sql(url, "SELECT count(*) FROM obligations WHERE started_on < :s", s=f"{YEAR}-01-01")
    assert carried > 0 and result.carried.total == carried
    [(in_year,)] = sql(url, "SELECT count(*) FROM obligations WHERE started_on >= :s", s=f"{YEAR}-01-01")
    assert result.total.total == in_year
