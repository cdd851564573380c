"""The national-sync outbox: filled in the approval's own transaction, delivered once through a
folder transport, retried with backoff when the target is down, never sent twice."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest_db import content, kontum_world, person, raw_engine, snapshot

from cbccvc_core import sync
from cbccvc_core.db.schema_operations import OutboxMessage
from cbccvc_core.service import PermissionDeniedError

D = date
# Deliveries happen after the approvals were enqueued (at the wall clock's time).
T0 = datetime.now(UTC) + timedelta(hours=1)


def submitted(kt, n: int) -> list[int]:
    ids = []
    for _ in range(n):
        pr = person()
        did = kt["bv.unit"].recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )
        kt["bv.unit"].submit(did, on=D(2026, 3, 20))
        ids.append(did)
    return ids


def outbox_rows(url: str) -> list[tuple]:
    with raw_engine(url).connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.select(
                    OutboxMessage.dossier_id,
                    OutboxMessage.state,
                    OutboxMessage.attempts,
                    OutboxMessage.idempotency_key,
                ).order_by(OutboxMessage.id)
            )
        ]


def test_an_approval_enqueues_its_revision_in_the_same_transaction(workspace_url, monkeypatch):
    kt = kontum_world(workspace_url)
    a, b = submitted(kt, 2)
    kt["syt.head"].approve(a, on=D(2026, 3, 27))
    [(dossier, state, attempts, key)] = outbox_rows(workspace_url)
    rev = kt.ws.dossier(a)["revision"]
    assert (dossier, state, attempts) == (a, "pending", 0)
    assert key == f"kontum/{rev['id']}/{rev['content_hash']}"
    # A refused approval writes nothing, in the outbox either.
    before = snapshot(kt.ws.engine)
    with pytest.raises(PermissionDeniedError):
        kt["bv.unit"].approve(b, on=D(2026, 3, 27))
    assert snapshot(kt.ws.engine) == before

    # If the outbox cannot take the row, the approval itself is rolled back.
    def broken(*args, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sync, "enqueue", broken)
    with pytest.raises(RuntimeError):
        kt["syt.head"].approve(b, on=D(2026, 3, 27))
    assert snapshot(kt.ws.engine) == before
    assert kt.ws.dossier(b)["dossier"]["review"] == "submitted"


def test_file_transport_delivers_each_approval_once(workspace_url, tmp_path):
    kt = kontum_world(workspace_url)
    ids = submitted(kt, 3)
    for did in ids:
        kt["syt.head"].approve(did, on=D(2026, 3, 27))
    folder = tmp_path / "national"
    report = sync.deliver_pending(kt.ws, sync.FileTransport(folder), now=T0)
    assert (report.delivered, report.retry_later, report.rejected, report.pending) == (3, 0, 0, 0)
    files = sorted(folder.iterdir())
    assert len(files) == 3
    bodies = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    assert sorted(b["revision"]["dossier_id"] for b in bodies) == ids
    for body in bodies:
        rev = kt.ws.dossier(body["revision"]["dossier_id"])
        assert body["content"] == rev["content"]
        assert body["revision"]["content_hash"] == rev["revision"]["content_hash"]
        assert body["person"]["personal_id"] == rev["person"]["personal_id"]
    stamps = {f.name: f.stat().st_mtime_ns for f in files}
    # Nothing is sent again; a new approval is the only new file.
    assert sync.deliver_pending(kt.ws, sync.FileTransport(folder), now=T0 + timedelta(days=1)).delivered == 0
    (extra,) = submitted(kt, 1)
    kt["syt.head"].approve(extra, on=D(2026, 3, 28))
    assert sync.deliver_pending(kt.ws, sync.FileTransport(folder), now=T0 + timedelta(days=1)).delivered == 1
    assert {f.name: f.stat().st_mtime_ns for f in folder.iterdir() if f.name in stamps} == stamps
    assert len(list(folder.iterdir())) == 4
    assert sync.counts(kt.ws) == {"pending": 0, "delivered": 4, "rejected": 0}


def test_a_target_that_is_down_is_retried_with_backoff(workspace_url, tmp_path):
    kt = kontum_world(workspace_url)
    ids = submitted(kt, 2)
    for did in ids:
        kt["syt.head"].approve(did, on=D(2026, 3, 27))
    blocker = tmp_path / "national"
    blocker.write_text("not a folder")  # the share is not mounted: every write fails
    report = sync.deliver_pending(kt.ws, sync.FileTransport(blocker), now=T0)
    assert (report.delivered, report.retry_later, report.pending) == (0, 1, 2)
    [error] = report.errors
    assert isinstance(error, sync.SyncTargetDownError)
    assert "stays in the outbox" in error.message("en")
    assert error.message("vi") != error.message("en")
    # It stopped at the first failure: the second revision was not even tried.
    assert [r[1:3] for r in outbox_rows(workspace_url)] == [("pending", 1), ("pending", 0)]
    # Before the backoff has passed the first one is not tried again.
    sync.deliver_pending(kt.ws, sync.FileTransport(blocker), now=T0 + timedelta(seconds=10))
    assert [r[2] for r in outbox_rows(workspace_url)] == [1, 1]
    blocker.unlink()
    later = T0 + sync.backoff(2) + timedelta(seconds=1)
    report = sync.deliver_pending(kt.ws, sync.FileTransport(blocker), now=later)
    assert (report.delivered, report.pending) == (2, 0)
    assert [r[1:3] for r in outbox_rows(workspace_url)] == [("delivered", 2), ("delivered", 2)]
    assert len(list(blocker.iterdir())) == 2


def test_backoff_grows_and_is_capped():
    waits = [sync.backoff(n) for n in range(0, 30)]
    assert waits[0] == timedelta(0) and waits[1] == timedelta(seconds=30) and waits[2] == timedelta(minutes=1)
    assert all(a <= b for a, b in itertools.pairwise(waits))
    assert waits[-1] == timedelta(hours=6)


@pytest.mark.parametrize("backend", ["sqlite"])  # the outbox logic; PostgreSQL runs the others
def test_a_revision_changed_behind_the_library_is_rejected_not_sent(workspace_url, tmp_path):
    kt = kontum_world(workspace_url)
    a, b = submitted(kt, 2)
    kt["syt.head"].approve(a, on=D(2026, 3, 27))
    kt["syt.head"].approve(b, on=D(2026, 3, 27))
    engine = raw_engine(workspace_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE revisions SET content_hash = 'sha256:forged' WHERE dossier_id = {a}")
    report = sync.deliver_pending(kt.ws, sync.FileTransport(tmp_path), now=T0)
    assert (report.delivered, report.rejected, report.pending) == (1, 1, 0)
    assert isinstance(report.errors[0], sync.SyncRejectedError)
    assert [r[1] for r in outbox_rows(workspace_url)] == ["rejected", "delivered"]
    assert len(list(tmp_path.iterdir())) == 1
    # A rejected row is not retried.
    assert sync.deliver_pending(kt.ws, sync.FileTransport(tmp_path), now=T0 + timedelta(days=1)).rejected == 0


def test_a_second_sender_skips_the_rows_the_first_has_claimed(tmp_path):
    kt = kontum_world(str(tmp_path / "kt.db"))
    for did in submitted(kt, 2):
        kt["syt.head"].approve(did, on=D(2026, 3, 27))
    inner_reports = []

    class Racing:
        target = "racing"

        def send(self, envelope):
            # While the first sender is on the network, a second one runs.
            inner_reports.append(sync.deliver_pending(kt.ws, sync.FileTransport(tmp_path / "b"), now=T0))
            return "ok"

    report = sync.deliver_pending(kt.ws, Racing(), now=T0)
    assert report.delivered == 2
    assert [r.delivered for r in inner_reports] == [0, 0]
    assert not (tmp_path / "b").exists()


def test_bad_targets_are_typed_errors():
    with pytest.raises(sync.SyncTargetError):
        sync.transport_for("  ")
    with pytest.raises(sync.SyncTargetError):
        sync.HttpTransport("ftp://example.org/in")
    assert isinstance(sync.transport_for("http://127.0.0.1:9/in"), sync.HttpTransport)
    assert isinstance(sync.transport_for("/srv/outbox"), sync.FileTransport)
