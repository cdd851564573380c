"""Audited reads, grants with a document and an expiry, and the refusals of issue 5 item 7:
each a typed error in Vietnamese and English that changes nothing (``snapshot()``)."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from conftest_db import SETUP_DAY, content, kontum_world, person, raw_engine, snapshot

from cbccvc_core.cli import main
from cbccvc_core.db import schema as db
from cbccvc_core.model.people import kontum_identifier
from cbccvc_core.service import InvalidActionError, NotFoundError, PermissionDeniedError

ON = date(2026, 3, 2)
UNTIL = date(2026, 12, 31)


def _world(url: str):
    w = kontum_world(url)
    admin = w["admin"]
    p = person(serial=771_001, name="Lò Văn Páo")
    did = admin.recruit(p, unit="KT.DT.X1", content=content(p), decision_on=SETUP_DAY, on=SETUP_DAY)
    owner = kontum_identifier(p.personal_id)
    admin.issue_account(owner, kind="personal", unit="KT.DT.X1", on=SETUP_DAY, person_dossier=did)
    q = person(serial=771_002, name="Hà Thị Mơ")
    other = admin.recruit(q, unit="KT.SYT.BV", content=content(q), decision_on=SETUP_DAY, on=SETUP_DAY)
    return w, did, owner, p, other, q


def _reads(engine) -> list[db.AuditEntry]:
    with sa.orm.Session(engine) as s:
        return list(
            s.execute(
                sa.select(db.AuditEntry).where(db.AuditEntry.action == "read").order_by(db.AuditEntry.seq)
            )
            .scalars()
            .all()
        )


def test_reads_by_others_are_audited_own_reads_are_not(workspace_url):
    w, did, owner, p, _other, _q = _world(workspace_url)
    engine = raw_engine(workspace_url)
    mine = w[owner].read_dossier(did, on=ON)
    assert mine["person"]["personal_id"] == p.personal_id
    w[owner].read_history(did, on=ON)
    assert _reads(engine) == []  # a person reading their own dossier leaves no read entry

    w["x1.unit"].read_dossier(did, on=ON)
    gid = w["admin"].grant(
        "bv.unit", right="access", unit="KT.DT", document_ref="CV 5/SNV", valid_from=ON, valid_to=UNTIL
    )
    w["bv.unit"].read_dossier(did, on=ON)
    w["bv.unit"].read_history(did, on=ON)
    assert w["bv.unit"].find_dossier(p.personal_id, on=ON) == did
    w["admin"].read_dossier(did, on=ON)
    entries = _reads(engine)
    assert [(e.username, e.entity, e.entity_id) for e in entries] == [
        ("x1.unit", "dossier", str(did)),
        ("bv.unit", "dossier", str(did)),
        ("bv.unit", "dossier", str(did)),
        ("bv.unit", "dossier", str(did)),
        ("admin", "dossier", str(did)),
    ]
    with sa.orm.Session(engine) as s:
        person_id = s.execute(sa.select(db.Dossier.person_id).where(db.Dossier.id == did)).scalar_one()
    assert [(e.detail["basis"], e.detail["read"], e.detail["person"]) for e in entries] == [
        ("agency KT.DT.X1", "dossier", person_id),
        (f"grant {gid} CV 5/SNV", "dossier", person_id),
        (f"grant {gid} CV 5/SNV", "history", person_id),
        (f"grant {gid} CV 5/SNV", "search", person_id),
        ("admin account", "dossier", person_id),
    ]
    assert all(e.detail["on"] == ON.isoformat() for e in entries)
    assert p.personal_id not in json.dumps([e.detail for e in entries])
    assert w.ws.verify_audit().ok


def test_a_revoked_grant_reads_until_the_day_before(workspace_url):
    w, did, _owner, _p, _other, _q = _world(workspace_url)
    gid = w["admin"].grant(
        "bv.unit", right="update", unit="KT.DT", document_ref="QĐ 3/SNV", valid_from=SETUP_DAY, valid_to=UNTIL
    )
    w["admin"].revoke_grant(gid, on=ON, reason="Hết nhiệm vụ")
    w["bv.unit"].read_dossier(did, on=date(2026, 3, 1))
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    with pytest.raises(PermissionDeniedError):
        w["bv.unit"].read_dossier(did, on=ON)
    with pytest.raises(InvalidActionError):
        w["admin"].revoke_grant(gid, on=ON, reason="again")
    with pytest.raises(PermissionDeniedError):  # only an admin of the unit revokes
        w["x1.unit"].revoke_grant(gid, on=date(2026, 2, 1), reason="x")
    assert snapshot(engine) == before
    listed = {g["id"]: g for g in w["admin"].grants(on=date(2026, 3, 1))}
    assert listed[gid]["valid"] and listed[gid]["valid_to"] == date(2026, 3, 1)
    assert not {g["id"]: g for g in w["admin"].grants(on=ON)}[gid]["valid"]


def _cases(w, did, other, q):
    admin = w["admin"]
    return {
        "expired grant": (
            PermissionDeniedError,
            lambda: w["bv.unit"].read_dossier(did, on=ON),
        ),
        "outside scope": (PermissionDeniedError, lambda: w["x1.unit"].read_dossier(other, on=ON)),
        "history outside scope": (PermissionDeniedError, lambda: w["x1.unit"].read_history(other, on=ON)),
        "grant without document": (
            InvalidActionError,
            lambda: admin.grant(
                "bv.unit", right="access", unit="KT.DT", document_ref="  ", valid_from=ON, valid_to=UNTIL
            ),
        ),
        "grant without expiry": (
            InvalidActionError,
            lambda: admin.grant("bv.unit", right="access", unit="KT.DT", document_ref="CV 1", valid_from=ON),
        ),
        "grant ending before it starts": (
            InvalidActionError,
            lambda: admin.grant(
                "bv.unit",
                right="access",
                unit="KT.DT",
                document_ref="CV 1",
                valid_from=ON,
                valid_to=SETUP_DAY,
            ),
        ),
        "grant of an unknown right": (
            InvalidActionError,
            lambda: admin.grant(
                "bv.unit", right="read", unit="KT.DT", document_ref="CV 1", valid_from=ON, valid_to=UNTIL
            ),
        ),
        "grant by a non-admin": (
            PermissionDeniedError,
            lambda: w["x1.unit"].grant(
                "bv.unit", right="access", unit="KT.DT.X1", document_ref="CV 1", valid_from=ON, valid_to=UNTIL
            ),
        ),
        "search outside scope": (NotFoundError, lambda: w["x1.unit"].find_dossier(q.personal_id, on=ON)),
        "search of an unknown number": (
            NotFoundError,
            lambda: w["x1.unit"].find_dossier("062090999999", on=ON),
        ),
        "read on a text date": (InvalidActionError, lambda: w["x1.unit"].read_dossier(did, on="2026-03-02")),
        "read of no dossier": (NotFoundError, lambda: w["x1.unit"].read_dossier(99999, on=ON)),
        "revoke of no grant": (NotFoundError, lambda: admin.revoke_grant(99999, on=ON, reason="x")),
        "revoke without reason": (InvalidActionError, lambda: admin.revoke_grant(1, on=ON, reason=" ")),
    }


NAMES = [
    "expired grant",
    "outside scope",
    "history outside scope",
    "grant without document",
    "grant without expiry",
    "grant ending before it starts",
    "grant of an unknown right",
    "grant by a non-admin",
    "search outside scope",
    "search of an unknown number",
    "read on a text date",
    "read of no dossier",
    "revoke of no grant",
    "revoke without reason",
]


@pytest.mark.parametrize("backend", ["sqlite"])  # one backend for the list; both run the matrix
@pytest.mark.parametrize("name", NAMES)
def test_a_refusal_is_typed_and_changes_nothing(workspace_url, name):
    w, did, _owner, _p, other, q = _world(workspace_url)
    w["admin"].grant(
        "bv.unit",
        right="access",
        unit="KT.DT",
        document_ref="CV 2/SNV",
        valid_from=SETUP_DAY,
        valid_to=date(2026, 2, 1),
    )
    cases = _cases(w, did, other, q)
    assert set(cases) == set(NAMES)
    error, act = cases[name]
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    with pytest.raises(error) as info:
        act()
    assert snapshot(engine) == before
    english, vietnamese = info.value.message("en"), info.value.message("vi")
    assert english and vietnamese and english != vietnamese


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_search_does_not_tell_a_hidden_dossier_from_none(workspace_url):
    w, _did, _owner, _p, _other, q = _world(workspace_url)
    with pytest.raises(NotFoundError) as hidden:
        w["x1.unit"].find_dossier(q.personal_id, on=ON)
    with pytest.raises(NotFoundError) as absent:
        w["x1.unit"].find_dossier("062090999999", on=ON)
    assert hidden.value.message("en") == absent.value.message("en")
    assert hidden.value.message("vi") == absent.value.message("vi")


# -- the CLI ---------------------------------------------------------------------------------------------


def _run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("backend", ["sqlite"])
def test_cli_grants_reads_and_keys(workspace_url, capsys):
    _w, did, _owner, p, other, _q = _world(workspace_url)
    db_ = workspace_url
    code, out, err = _run(
        capsys, "grant", "add", "--db", db_, "--as", "admin", "bv.unit", "--right", "access", "--unit", "KT.DT",
        "--document", "CV 9/SNV", "--from", "2026-03-01", "--to", "2026-12-31",
    )  # fmt: skip
    assert code == 0 and "1" in out, err
    code, out, err = _run(
        capsys, "read", "--db", db_, "--as", "bv.unit", "--dossier", str(did), "--on", "2026-03-02", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["content"]["identity"]["personal_id"] == p.personal_id
    # no expiry: refused in one line, in Vietnamese by default and in English on request
    args = (
        "grant",
        "add",
        "--db",
        db_,
        "--as",
        "admin",
        "bv.unit",
        "--right",
        "access",
        "--unit",
        "KT.DT",
        "--document",
        "CV",
        "--to",
        "2020-01-01",
    )
    code, out, err = _run(capsys, *args)
    assert code == 2 and err.count("\n") == 1 and "hết hạn" in err and "Traceback" not in err
    code, out, err = _run(capsys, "--lang", "en", *args)
    assert code == 2 and "expire" in err
    code, out, err = _run(
        capsys,
        "--lang",
        "vi",
        "read",
        "--db",
        db_,
        "--as",
        "x1.unit",
        "--dossier",
        str(other),
        "--on",
        "2026-03-02",
    )
    assert code == 2 and "không được" in err
    code, out, err = _run(capsys, "keys", "rotate", "--db", db_, "--as", "admin", "--on", "2026-03-02")
    assert code == 0, err
    code, out, err = _run(capsys, "keys", "status", "--db", db_, "--json")
    status = json.loads(out)
    assert status["keys_in_file"] == [status["current"]]
    assert {(k["purpose"], k["state"]) for k in status["database"]} == {
        ("index", "current"),
        ("data", "current"),
        ("data", "dropped"),
    }
    code, out, err = _run(
        capsys, "grant", "list", "--db", db_, "--as", "admin", "--on", "2026-03-02", "--json"
    )
    assert [g["document_ref"] for g in json.loads(out)] == ["CV 9/SNV"]
