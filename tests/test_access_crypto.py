"""Encryption at rest: the stored bytes hold no personal ID, family or health text; values are
bound to their row; keys rotate; a wrong or missing key is a typed error that changes nothing."""

from __future__ import annotations

import io
import json
import os
import shutil
from datetime import date

import pytest
import sqlalchemy as sa
from conftest_db import SETUP_DAY, kontum_world, person, raw_engine, snapshot
from hypothesis import given, settings
from hypothesis import strategies as st

from cbccvc_core import crypto
from cbccvc_core.crypto import KeyRing, MissingKeyError, NoKeysError, TamperedValueError, WrongKeyError
from cbccvc_core.db import schema as db
from cbccvc_core.importer import import_staff
from cbccvc_core.model.dossier import DossierContent, Identity, Relative
from cbccvc_core.service import PermissionDeniedError, Workspace

ON = date(2026, 3, 2)
FAMILY_NAME = "Hoàng Thị Quỳnh Xuyến"
FATHER_JOB = "Thợ rèn làng Phước Kiều"
HEALTH = "HS4620299887766"
IMPORTED_PID = "062190777111"  # a woman born in 1990


def _full_content(p, *, family_name: str = FAMILY_NAME) -> DossierContent:
    return DossierContent(
        identity=Identity(
            full_name=p.full_name,
            gender=str(p.gender),
            birth_date=p.birth_date,
            personal_id=p.personal_id,
            health_insurance_number=HEALTH,
            birthplace="Xã Diên Bình, huyện Đắk Tô",
        ),
        family=(
            Relative(side="own", relation="mother", full_name=family_name, birth_year=1962),
            Relative(side="own", relation="father", full_name="Lê Văn Ất", occupation=FATHER_JOB),
        ),
    )


def _people(world, n: int = 2) -> list[tuple[int, object]]:
    admin = world["admin"]
    out = []
    for i in range(n):
        p = person(serial=880_000 + i + 10 * n, name="Phạm Minh Đức")
        did = admin.recruit(
            p,
            unit="KT.DT.X1",
            content=_full_content(p, family_name=f"{FAMILY_NAME} {i}"),
            decision_on=SETUP_DAY,
            on=SETUP_DAY,
        )
        out.append((did, p))
    return out


def _forms(text: str) -> list[bytes]:
    """How a text can sit in the database: UTF-8, or inside JSON with \\u escapes."""
    return [text.encode(), json.dumps(text)[1:-1].encode()]


def _holds(data: bytes, text: str) -> bool:
    return any(form in data for form in _forms(text))


def _stored_bytes(path: str) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            with open(path + suffix, "rb") as fh:
                data += fh.read()
    return data


STAFF_CSV = (
    "personal_id,full_name,birth_date,gender,category,unit_id,recruited_on\n"
    f"{IMPORTED_PID},Vũ Thị Nhàn,1990-02-03,female,cong_chuc,KT.DT.X1,2020-01-01\n"
)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_sqlite_file_holds_no_sensitive_text(workspace_url):
    w = kontum_world(workspace_url)
    made = _people(w)
    report = import_staff(w.ws, io.StringIO(STAFF_CSV), as_of=ON)
    assert report.written == 1
    did, p = made[0]
    w["admin"].edit(did, _full_content(p, family_name="Đinh Thị Ngọc Lan"), on=ON, base_revision=1)
    # everything is readable through the library
    view = w["x1.unit"].read_dossier(did, on=ON)
    assert view["content"]["identity"]["personal_id"] == p.personal_id
    assert view["content"]["identity"]["health_insurance_number"] == HEALTH
    assert [r["full_name"] for r in view["content"]["family"]] == ["Đinh Thị Ngọc Lan", "Lê Văn Ất"]
    stored = _stored_bytes(workspace_url)
    secrets = [q.personal_id for _d, q in made] + [
        IMPORTED_PID,
        FAMILY_NAME,
        "Đinh Thị Ngọc Lan",
        FATHER_JOB,
        HEALTH,
    ]
    for secret in secrets:
        assert not _holds(stored, secret), secret
    # the reading is not vacuous: text that is not sensitive is there in clear
    assert (
        _holds(stored, "Phạm Minh Đức") and _holds(stored, "Vũ Thị Nhàn") and _holds(stored, "Xã Diên Bình")
    )
    # and once every connection is closed (the WAL folded back into the file)
    w.ws.engine.dispose()
    stored = _stored_bytes(workspace_url)
    assert not any(_holds(stored, secret) for secret in secrets)
    assert _holds(stored, "Xã Diên Bình")


@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_stores_ciphertext(workspace_url):
    w = kontum_world(workspace_url)
    made = _people(w)
    import_staff(w.ws, io.StringIO(STAFF_CSV), as_of=ON)
    with raw_engine(workspace_url).connect() as conn:
        pids = [r[0] for r in conn.exec_driver_sql("SELECT personal_id FROM people")]
        contents = [r[0] for r in conn.exec_driver_sql("SELECT content::text FROM revisions")]
        audit_text = " ".join(r[0] for r in conn.exec_driver_sql("SELECT detail::text FROM audit_log"))
        names = " ".join(r[0] for r in conn.exec_driver_sql("SELECT full_name FROM people"))
    assert len(pids) == 3 and all(crypto.key_id_of(v) for v in pids)
    for text in contents:
        data = json.loads(text)
        assert crypto.key_id_of(data["identity"]["personal_id"]["$enc"])
    everything = (" ".join([*pids, *contents, audit_text, names])).encode()
    for secret in [q.personal_id for _d, q in made] + [IMPORTED_PID, FAMILY_NAME, FATHER_JOB, HEALTH]:
        assert not _holds(everything, secret), secret
    assert _holds(everything, "Phạm Minh Đức") and _holds(everything, "Xã Diên Bình")


def test_lookups_by_personal_id_go_through_the_blind_index(workspace_url):
    w = kontum_world(workspace_url)
    (_did, p), (did2, p2) = _people(w)
    engine = raw_engine(workspace_url)
    with sa.orm.Session(engine) as s:
        found = (
            s.execute(sa.select(db.Person.id).where(db.Person.personal_id == p.personal_id)).scalars().all()
        )
        both = (
            s.execute(
                sa.select(db.Person.id).where(db.Person.personal_id.in_([p.personal_id, p2.personal_id]))
            )
            .scalars()
            .all()
        )
        other = (
            s.execute(sa.select(db.Person.id).where(db.Person.personal_id != p.personal_id)).scalars().all()
        )
    assert len(found) == 1 and len(both) == 2 and len(other) == 1
    assert w["x1.unit"].find_dossier(p2.personal_id, on=ON) == did2
    # the same number again is refused by its index
    from cbccvc_core.service import DuplicateError

    before = snapshot(engine)
    with pytest.raises(DuplicateError):
        w["admin"].recruit(p, unit="KT.DT.X2", content=_full_content(p), decision_on=SETUP_DAY, on=SETUP_DAY)
    assert snapshot(engine) == before


def test_a_value_moved_to_another_row_is_refused(workspace_url):
    w = kontum_world(workspace_url)
    (a, _pa), (b, _pb) = _people(w)
    engine = raw_engine(workspace_url)
    with engine.begin() as conn:
        rows = dict(
            conn.exec_driver_sql(
                "SELECT d.id, p.personal_id FROM people p JOIN dossiers d ON d.person_id = p.id"
            ).all()
        )
        conn.execute(
            sa.text(
                "UPDATE people SET personal_id = :v WHERE id = (SELECT person_id FROM dossiers WHERE id = :d)"
            ),
            {"v": rows[a], "d": b},
        )
    with pytest.raises(TamperedValueError) as info:
        w["x1.unit"].read_dossier(b, on=ON)
    assert "people.personal_id" in info.value.message("en") and "không" in info.value.message("vi")
    w["x1.unit"].read_dossier(a, on=ON)  # the row it came from still reads


def test_a_family_section_moved_to_another_person_is_refused(workspace_url):
    w = kontum_world(workspace_url)
    (a, _pa), (b, _pb) = _people(w)
    engine = raw_engine(workspace_url)
    with engine.begin() as conn:
        stored = {
            d: json.loads(c) if isinstance(c, str) else c
            for d, c in conn.exec_driver_sql("SELECT dossier_id, content FROM revisions")
        }
        moved = dict(stored[b], family=stored[a]["family"])
        conn.execute(
            sa.text("UPDATE revisions SET content = :c WHERE dossier_id = :d"),
            {"c": json.dumps(moved), "d": b},
        )
    with pytest.raises(TamperedValueError) as info:
        w["x1.unit"].read_dossier(b, on=ON)
    assert "revisions.content/family" in info.value.message("en")


def test_rotation_reencrypts_everything_and_the_old_key_goes(workspace_url):
    w = kontum_world(workspace_url)
    made = _people(w, 3)
    engine = raw_engine(workspace_url)
    path = crypto.key_file_for(w.ws.url)
    old = KeyRing.load(path)
    with engine.connect() as conn:
        hashes = dict(conn.exec_driver_sql("SELECT id, content_hash FROM revisions").all())

    # only an admin over the whole province may rotate
    before = snapshot(engine)
    with pytest.raises(PermissionDeniedError):
        w["x1.unit"].rotate_keys(on=ON)
    assert snapshot(engine) == before and KeyRing.load(path).keys == old.keys

    new = w["admin"].rotate_keys(on=ON)
    ring = KeyRing.load(path)
    assert ring.current == new and set(ring.keys) == {new} and new not in old.keys
    assert ring.index_key == old.index_key
    with engine.connect() as conn:
        kids = {crypto.key_id_of(v) for (v,) in conn.exec_driver_sql("SELECT personal_id FROM people")}
        for (c,) in conn.exec_driver_sql("SELECT content FROM revisions"):
            kids |= {
                crypto.key_id_of(e) for e in crypto.envelopes(json.loads(c) if isinstance(c, str) else c)
            }
        states = dict(
            conn.exec_driver_sql("SELECT key_id, state FROM encryption_keys WHERE purpose = 'data'").all()
        )
        assert dict(conn.exec_driver_sql("SELECT id, content_hash FROM revisions").all()) == hashes
    assert kids == {new}
    assert states == {old.current: "dropped", new: "current"}
    # a fresh process with only the new key file reads everything
    w.ws.engine.dispose()
    ws = Workspace.open(workspace_url)
    for did, p in made:
        assert ws.dossier(did)["person"]["personal_id"] == p.personal_id
        assert ws.dossier(did)["content"]["family"][0]["full_name"].startswith(FAMILY_NAME)
    assert ws.verify_audit().ok
    # the old key file no longer opens it
    old.save(path)
    with pytest.raises(MissingKeyError):
        Workspace.open(workspace_url)


def test_a_missing_or_wrong_key_file_is_a_typed_error(workspace_url):
    w = kontum_world(workspace_url)
    _people(w)
    path = crypto.key_file_for(w.ws.url)
    w.ws.engine.dispose()
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    shutil.move(path, path + ".bak")
    with pytest.raises(NoKeysError) as info:
        Workspace.open(workspace_url)
    assert "CBCCVC_KEYS" in info.value.message("en") and info.value.message("vi") != info.value.message("en")
    # another workspace's keys: the database's key id is not in the file
    KeyRing.generate(path).save()
    with pytest.raises(MissingKeyError) as missing:
        Workspace.open(workspace_url)
    assert missing.value.message("vi") != missing.value.message("en")
    # the right key id with other bytes
    good = KeyRing.load(path + ".bak")
    KeyRing({good.current: os.urandom(32)}, good.current, good.index_key, path).save()
    with pytest.raises(WrongKeyError) as wrong:
        Workspace.open(workspace_url)
    assert good.current in wrong.value.message("en")
    # a wrong index key
    KeyRing(good.keys, good.current, os.urandom(32), path).save()
    with pytest.raises(WrongKeyError):
        Workspace.open(workspace_url)
    # a file that is not a key file
    with open(path, "w") as fh:
        fh.write("{}")
    with pytest.raises(crypto.KeyFileError):
        Workspace.open(workspace_url)
    assert snapshot(engine) == before  # none of it wrote anything
    shutil.move(path + ".bak", path)
    assert Workspace.open(workspace_url).dossier(1)["person"]["full_name"] == "Phạm Minh Đức"
    assert snapshot(engine) == before


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_key_file_is_private(workspace_url):
    w = kontum_world(workspace_url)
    path = crypto.key_file_for(w.ws.url)
    assert os.stat(path).st_mode & 0o777 == 0o600


# -- the cipher itself -------------------------------------------------------------------------------------

RING = KeyRing.generate()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_a_value_decrypts_only_where_it_was_encrypted(value, where, elsewhere):
    token = RING.encrypt_text(value, where)
    assert RING.decrypt_text(token, where, "x") == value
    if elsewhere != where:
        with pytest.raises(TamperedValueError):
            RING.decrypt_text(token, elsewhere, "x")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=50), st.integers(min_value=0, max_value=10_000))
def test_any_changed_character_is_refused(value, at):
    token = RING.encrypt_text(value, "people.personal_id")
    body = token.split(".", 2)[2]
    i = at % (len(body) - 1)  # the last character may carry unused bits
    changed = body[:i] + ("A" if body[i] != "A" else "B") + body[i + 1 :]
    with pytest.raises((TamperedValueError, MissingKeyError)):
        RING.decrypt_text(token.rsplit(".", 1)[0] + "." + changed, "people.personal_id", "x")


def test_equal_numbers_encrypt_differently_but_index_equally():
    a, b = RING.encrypt_text("062090001234", "w"), RING.encrypt_text("062090001234", "w")
    assert a != b
    assert RING.blind_index("062090001234") == RING.blind_index("062090001234")
    assert RING.blind_index("062090001234") != KeyRing.generate().blind_index("062090001234")


def test_rows_from_before_encryption_are_sealed_at_open(workspace_url):
    """Migration 0004 leaves older rows in clear with the index ``legacy:<id>``; the first open
    with keys encrypts them (simulated here by writing such rows behind the library's back)."""
    w = kontum_world(workspace_url)
    (did, p), _second = _people(w)
    plain = {
        "identity": {
            "full_name": p.full_name,
            "gender": str(p.gender),
            "birth_date": "1990-05-01",
            "personal_id": p.personal_id,
        },
        "family": [{"side": "own", "relation": "mother", "full_name": FAMILY_NAME}],
    }
    with raw_engine(workspace_url).begin() as conn:
        pid = conn.execute(sa.text("SELECT person_id FROM dossiers WHERE id = :d"), {"d": did}).scalar_one()
        conn.execute(
            sa.text("UPDATE people SET personal_id = :v, personal_id_index = :i WHERE id = :p"),
            {"v": p.personal_id, "i": f"legacy:{pid}", "p": pid},
        )
        conn.execute(
            sa.text("UPDATE revisions SET content = :c WHERE dossier_id = :d"),
            {"c": json.dumps(plain), "d": did},
        )
    w.ws.engine.dispose()
    ws = Workspace.open(workspace_url)
    with raw_engine(workspace_url).connect() as conn:
        stored_pid, index = conn.execute(
            sa.text("SELECT personal_id, personal_id_index FROM people WHERE id = :p"), {"p": pid}
        ).one()
        stored = conn.execute(
            sa.text("SELECT content FROM revisions WHERE dossier_id = :d"), {"d": did}
        ).scalar_one()
    assert crypto.key_id_of(stored_pid) and not index.startswith("legacy:")
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert set(stored["family"]) == {"$enc"} and set(stored["identity"]["personal_id"]) == {"$enc"}
    view = ws.dossier(did)
    assert view["person"]["personal_id"] == p.personal_id
    assert view["content"]["family"][0]["full_name"] == FAMILY_NAME


def test_rotation_can_keep_the_old_key_until_pruned(workspace_url):
    w = kontum_world(workspace_url)
    (did, p), _second = _people(w)
    path = crypto.key_file_for(w.ws.url)
    old = KeyRing.load(path).current
    new = w["admin"].rotate_keys(on=ON, drop_old=False)
    assert set(KeyRing.load(path).keys) == {old, new}
    assert w["admin"].prune_keys(on=ON) == [old]
    assert set(KeyRing.load(path).keys) == {new}
    assert w["admin"].prune_keys(on=ON) == []
    with pytest.raises(PermissionDeniedError):
        w["x1.unit"].prune_keys(on=ON)
    assert w["x1.unit"].read_dossier(did, on=ON)["person"]["personal_id"] == p.personal_id


def test_create_on_a_database_whose_key_file_is_lost_makes_no_new_one(workspace_url):
    w = kontum_world(workspace_url)
    _people(w)
    path = crypto.key_file_for(w.ws.url)
    os.unlink(path)
    with pytest.raises(MissingKeyError):
        Workspace.create(
            workspace_url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="admin", on=SETUP_DAY
        )
    assert not os.path.exists(path)
