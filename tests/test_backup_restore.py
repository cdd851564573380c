"""Backups of a real workspace and the restore drill, on SQLite and PostgreSQL.

Back up a province with approvals, wreck the database (drop tables, delete rows, corrupt the
file), restore with the reference of the authorising document (Đắk Lắk 11.4: backups are used
"chỉ … khi có văn bản của cấp có thẩm quyền"), then the audit chain verifies, continues with a
``restore`` entry, and every approved revision is there with the content it was approved with.
Refused restores (no authorisation, an altered file, an agency's extract, another province)
change nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from conftest_db import content, daklak_world, kontum_world, person, raw_engine, snapshot
from sqlalchemy.orm import Session

from cbccvc_core import backup, sync
from cbccvc_core.db import schema as db
from cbccvc_core.db.engine import _alembic_config, current_revision, head_revision
from cbccvc_core.model.dossier import content_hash, structure_content
from cbccvc_core.service import Workspace
from cbccvc_core.signing import trust
from cbccvc_core.signing.approvals import verify_approvals
from cbccvc_core.signing.pki import TestPKI

D = date
AUTH = "Công văn số 123/SNV-CNTT ngày 30/03/2026 của Sở Nội vụ"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """Kon Tum approves by digital signature (Điều 8.1): a test PKI with the Sở Y tế's
    organisation certificate, bound to the account ``syt.head`` in each world."""
    return TestPKI.generate(
        tmp_path_factory.mktemp("pki"), organisations=[("KT.SYT", "Sở Y tế tỉnh Kon Tum")]
    )


@pytest.fixture(autouse=True)
def _fresh_validation_cache():
    trust.clear_cache()
    yield
    trust.clear_cache()


def approved_world(url: str, pki: TestPKI):
    """Kon Tum with three dossiers in the hospital: two approved with the Sở Y tế's signature
    (one of them edited and approved again), one submitted and waiting."""
    kt = kontum_world(url)
    admin = kt["admin"]
    admin.add_trust_root(pki.root_pem.read_bytes(), on=D(2026, 1, 5))
    admin.add_crl(pki.crl_path.read_bytes(), on=D(2026, 1, 5))
    admin.bind_certificate(
        "syt.head",
        pki.certificate("KT.SYT").dump(),
        document_ref="QĐ 7/QĐ-SYT giao tài khoản",
        on=D(2026, 1, 5),
    )
    signer = pki.signer("KT.SYT")
    people = [person() for _ in range(3)]
    ids = []
    for pr in people:
        did = kt["bv.unit"].recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )
        kt["bv.unit"].submit(did, on=D(2026, 3, 20))
        ids.append(did)
    kt["syt.head"].approve(ids[0], on=D(2026, 3, 27), signer=signer)
    kt["syt.head"].approve(ids[1], on=D(2026, 3, 27), signer=signer)
    kt["bv.unit"].edit(
        ids[1],
        content(people[1], birthplace="Xã Diên Bình, huyện Đắk Tô"),
        on=D(2026, 3, 28),
        base_revision=1,
    )
    kt["bv.unit"].submit(ids[1], on=D(2026, 3, 28))
    kt["syt.head"].approve(ids[1], on=D(2026, 3, 30), signer=signer)
    return kt


def approvals(engine: sa.Engine) -> list[tuple]:
    with Session(engine) as s:
        return [
            (r.dossier_id, r.number, r.content_hash, r.decided_on, r.authority)
            for r in s.execute(
                sa.select(db.Revision).where(db.Revision.state == "approved").order_by(db.Revision.id)
            ).scalars()
        ]


def check_every_approval(ws: Workspace) -> int:
    """Each approved revision's content still hashes to what was approved, and each approval's
    signature verifies (certificate, chain to the trusted root, the signed bytes)."""
    with ws.session() as s:
        revs = list(s.execute(sa.select(db.Revision).where(db.Revision.state == "approved")).scalars())
        for r in revs:
            assert content_hash(structure_content(r.content)) == r.content_hash
    checks = verify_approvals(ws)
    assert len(checks) == len(revs) and all(c.ok for c in checks), checks
    return len(revs)


def wreck(url: str, how: str) -> None:
    """``destroy``: every page of a SQLite file overwritten; on PostgreSQL the whole schema dropped."""
    engine = raw_engine(url)
    if how == "destroy" and engine.dialect.name == "sqlite":
        engine.dispose()
        path = Path(url)
        data = bytearray(path.read_bytes())
        for i in range(0, len(data), 4096):  # every page's first bytes, the header included
            data[i : i + 64] = b"\xa5" * 64
        path.write_bytes(bytes(data))
        return
    if how == "drop_tables" and engine.dialect.name == "sqlite":
        engine.dispose()
        conn = sqlite3.connect(url)
        conn.executescript(
            "PRAGMA foreign_keys=OFF; DROP TABLE sync_outbox; DROP TABLE obligations; DROP TABLE revisions;"
        )
        conn.close()
        return
    with engine.begin() as conn:
        if how == "destroy":  # everything, the schema included
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        elif how == "drop_tables":
            for t in ("sync_outbox", "obligations", "revisions"):
                conn.exec_driver_sql(
                    f"DROP TABLE {t}" + (" CASCADE" if engine.dialect.name != "sqlite" else "")
                )
        elif how == "delete_rows":
            conn.exec_driver_sql("DELETE FROM sync_outbox")
            conn.exec_driver_sql("UPDATE revisions SET state = 'draft', content_hash = 'x'")
            conn.exec_driver_sql("DELETE FROM obligations")
    engine.dispose()


@pytest.mark.parametrize("how", ["drop_tables", "delete_rows", "destroy"])
def test_restore_drill(workspace_url, tmp_path, how, pki):
    kt = approved_world(workspace_url, pki)
    before_approvals = approvals(kt.ws.engine)
    assert len(before_approvals) == 3
    before = snapshot(kt.ws.engine)
    audit_before = kt.ws.verify_audit().entries
    [taken] = backup.run_due(kt.ws, tmp_path / "bk", today=D(2026, 3, 31)).taken
    assert taken.kind == "database" and taken.audit_seq == audit_before
    assert backup.verify_folder(tmp_path / "bk")[0].ok
    kt.ws.engine.dispose()

    wreck(workspace_url, how)
    if how == "delete_rows":
        assert approvals(raw_engine(workspace_url)) == []
    elif how == "drop_tables" or "://" in workspace_url:
        assert "revisions" not in sa.inspect(raw_engine(workspace_url)).get_table_names()

    result = backup.restore(workspace_url, tmp_path / "bk" / taken.file, authorization=AUTH, by="admin")
    ws = Workspace.open(workspace_url)
    check = ws.verify_audit()
    assert check.ok and check.entries == audit_before + 1 == result.audit_seq
    assert approvals(ws.engine) == before_approvals
    assert check_every_approval(ws) == 3
    # Everything but the audit log is as it was when the backup was taken.
    after = snapshot(ws.engine)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"audit_log", "audit_head"}
    with Session(ws.engine) as s:
        last = s.execute(sa.select(db.AuditEntry).order_by(db.AuditEntry.seq.desc()).limit(1)).scalar_one()
    assert (last.action, last.username, last.entity_id) == ("restore", "admin", "kontum")
    assert last.detail["authorization"] == AUTH and last.detail["sha256"] == taken.sha256
    assert last.account_id is not None  # "admin" is an account of the restored database
    # The outbox came back with the approvals: nothing approved is left unsent.
    assert sync.counts(ws)["pending"] == 3
    # The restored workspace works: a new approval goes through and chains on.
    ws.as_account("syt.head").approve(_waiting(ws), on=D(2026, 3, 31), signer=pki.signer("KT.SYT"))
    assert ws.verify_audit().ok and sync.counts(ws)["pending"] == 4


def _waiting(ws: Workspace) -> int:
    with ws.session() as s:
        return s.execute(sa.select(db.Dossier.id).where(db.Dossier.review == "submitted")).scalar_one()


def test_restore_refused_without_authorisation_changes_nothing(workspace_url, tmp_path):
    dl = daklak_world(workspace_url)
    [full, *_agencies] = backup.run_due(dl.ws, tmp_path, today=D(2026, 5, 1)).taken
    before = snapshot(dl.ws.engine)
    for text in ("", "   "):
        with pytest.raises(backup.RestoreNotAuthorisedError) as err:
            backup.restore(workspace_url, tmp_path / full.file, authorization=text)
        assert snapshot(dl.ws.engine) == before
    vi, en = err.value.message("vi"), err.value.message("en")
    # Đắk Lắk's own words are quoted as the basis.
    assert "chỉ được sử dụng khi có văn bản của cấp có thẩm quyền" in vi
    assert "daklak Điều 11.4" in en and en.startswith("Restoring a backup needs")
    assert vi != en and "Khôi phục" in vi


def test_an_altered_backup_is_refused_and_reported(workspace_url, tmp_path, pki):
    kt = approved_world(workspace_url, pki)
    [taken] = backup.run_due(kt.ws, tmp_path, today=D(2026, 3, 31)).taken
    path = tmp_path / taken.file
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit
    path.write_bytes(bytes(data))
    before = snapshot(kt.ws.engine)
    with pytest.raises(backup.BackupChecksumError) as err:
        backup.restore(workspace_url, path, authorization=AUTH)
    assert snapshot(kt.ws.engine) == before
    assert taken.sha256 in err.value.message("en") and "SHA-256" in err.value.message("vi")
    [row] = backup.verify_folder(tmp_path)
    assert not row.ok and isinstance(row.error, backup.BackupChecksumError)
    # A manifest edited to match a file that is not the backup (SQLite: the audit head is
    # checked too) or a missing manifest is refused as well.
    os.unlink(backup.manifest_path(path))
    with pytest.raises(backup.BackupManifestError):
        backup.restore(workspace_url, path, authorization=AUTH)
    assert snapshot(kt.ws.engine) == before


def test_agency_extracts_and_other_provinces_are_not_restored(url_factory, tmp_path):
    dl_url, kt_url = url_factory(), url_factory()
    dl = daklak_world(dl_url)
    taken = backup.run_due(dl.ws, tmp_path, today=D(2026, 5, 1)).taken
    kinds = sorted((r.kind, r.unit) for r in taken)
    assert kinds == [("agency", "DL.KP"), ("agency", "DL.KP.X1"), ("agency", "DL.SGD"), ("database", None)]
    full = next(r for r in taken if r.kind == "database")
    assert set(full.covers) == {"data_center", "database"}
    extract = next(r for r in taken if r.unit == "DL.SGD")
    body = json.loads(gzip.decompress((tmp_path / extract.file).read_bytes()))
    assert {u["id"] for u in body["units"]} == {"DL.SGD", "DL.SGD.THPT"}
    pr = person()
    did = dl["sgd.unit"].recruit(
        pr, unit="DL.SGD.THPT", content=content(pr), decision_on=D(2026, 5, 4), on=D(2026, 5, 4)
    )
    again = backup.take_backup(dl.ws, tmp_path, on=D(2026, 5, 4), kind="agency", unit="DL.SGD")
    body = json.loads(gzip.decompress((tmp_path / again.file).read_bytes()))
    assert [d["id"] for d in body["dossiers"]] == [did]
    # Sensitive fields stay as stored (encrypted), never in clear on the backup medium.
    assert pr.personal_id not in gzip.decompress((tmp_path / again.file).read_bytes()).decode()
    with pytest.raises(backup.BackupMismatchError):
        backup.restore(dl_url, tmp_path / extract.file, authorization=AUTH)
    kt = kontum_world(kt_url)
    before = snapshot(kt.ws.engine)
    with pytest.raises(backup.BackupMismatchError) as err:
        backup.restore(kt_url, tmp_path / full.file, authorization=AUTH)
    assert "daklak" in err.value.message("vi") and "kontum" in err.value.message("en")
    assert snapshot(kt.ws.engine) == before


def test_a_backup_of_an_older_schema_is_upgraded_on_restore(workspace_url, tmp_path, pki):
    """A backup taken before the outbox existed: restore migrates it to head and the migration
    puts the approvals already made in the outbox."""
    kt = approved_world(workspace_url, pki)
    expected = approvals(kt.ws.engine)
    cfg = _alembic_config()
    with kt.ws.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    assert current_revision(kt.ws.engine) == "0005"
    taken = backup.take_backup(kt.ws, tmp_path, on=D(2026, 3, 31))
    assert taken.schema_revision == "0005"
    kt.ws.engine.dispose()
    result = backup.restore(workspace_url, tmp_path / taken.file, authorization=AUTH)
    assert result.migrated_from == "0005"
    ws = Workspace.open(workspace_url)
    assert current_revision(ws.engine) == head_revision()
    assert ws.verify_audit().ok
    rows = sync.outbox(ws)
    assert sorted((r.dossier_id, r.state) for r in rows) == sorted((a[0], "pending") for a in expected)


def test_run_prunes_on_disk_by_the_retention_rule(tmp_path):
    kt = kontum_world(str(tmp_path / "kt.db"))
    folder = tmp_path / "bk"
    days = [D(2026, m, 2) for m in range(1, 8)]
    for day in days:
        result = backup.run_due(kt.ws, folder, today=day)
        assert len(result.taken) == 1
        if day == D(2026, 7, 2):  # Apr 2 is exactly three months old: kept ("tối thiểu ba tháng")
            assert [r.taken_on for r in backup.list_backups(folder)] == days[-4:]
        assert backup.run_due(kt.ws, folder, today=day + timedelta(days=5)).taken == ()
    kept = backup.list_backups(folder)
    assert [r.taken_on for r in kept] == days[-3:]  # on Jul 7 Apr 2 is gone
    files = {p.name for p in folder.iterdir()}
    assert files == {r.file for r in kept} | {r.file + backup.MANIFEST_SUFFIX for r in kept}
    assert all(row.ok for row in backup.verify_folder(folder))
