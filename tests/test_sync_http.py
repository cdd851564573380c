"""Sync over HTTP against a real server on loopback that fails and recovers.

The server (``http.server`` on 127.0.0.1, port 0, in a thread) answers 503 to its first N
requests, can take a message and then drop the connection before answering (the answer is
lost: the client cannot know it was received), refuses some keys with 422, and keeps one copy
per ``Idempotency-Key``. Every approved revision arrives exactly once; the outbox marks a row
delivered only on a 2xx.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest_db import content, kontum_world, person, snapshot

from cbccvc_core import sync
from cbccvc_core.cli import main
from cbccvc_core.i18n import _

D = date


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """The server is on loopback: a proxy from the environment must not be used."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


class National:
    """What the national database received, and how it misbehaves."""

    def __init__(self, fail_first: int = 0, lose_answer_for: int = 0, refuse: set[str] | None = None):
        self.fail_first = fail_first
        self.lose_answer_for = lose_answer_for  # the n-th stored message: answer lost once
        self.refuse = refuse or set()
        self.requests = 0
        self.posts_per_key: Counter[str] = Counter()
        self.stored: dict[str, dict] = {}
        self.lock = threading.Lock()
        self.lost_key: str | None = None


def handler_for(national: National) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            key = self.headers["Idempotency-Key"]
            with national.lock:
                national.requests += 1
                national.posts_per_key[key] += 1
                if national.requests <= national.fail_first:
                    return self._answer(503, {"error": "maintenance"})
                if key in national.refuse:
                    return self._answer(422, {"error": "invalid dossier"})
                message = json.loads(body)
                assert message["key"] == key
                if key in national.stored:
                    assert national.stored[key] == message  # same key, same bytes
                    return self._answer(200, {"id": key, "duplicate": True})
                national.stored[key] = message
                if len(national.stored) == national.lose_answer_for:
                    national.lost_key = key
                    self.close_connection = True  # stored, but the answer never leaves
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
            return self._answer(201, {"id": key})

    return Handler


@contextmanager
def serving(national: National) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(national))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/cbccvc"
    finally:
        server.shutdown()
        server.server_close()


def approved(kt, n: int) -> list[int]:
    ids = []
    for _i in range(n):
        pr = person()
        did = kt["bv.unit"].recruit(
            pr, unit="KT.SYT.BV", content=content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )
        kt["bv.unit"].submit(did, on=D(2026, 3, 20))
        kt["syt.head"].approve(did, on=D(2026, 3, 27))
        ids.append(did)
    return ids


def keys(kt) -> set[str]:
    return {r.key for r in sync.outbox(kt.ws)}


@pytest.mark.parametrize(
    ("backend", "fail_first", "lose_answer_for"),
    [("sqlite", 0, 0), ("sqlite", 3, 0), ("sqlite", 0, 4), ("sqlite", 2, 2), ("postgresql", 2, 2)],
)
def test_every_approval_arrives_exactly_once(workspace_url, fail_first, lose_answer_for):
    kt = kontum_world(workspace_url)
    approved(kt, 4)
    national = National(fail_first=fail_first, lose_answer_for=lose_answer_for)
    now = datetime.now(UTC) + timedelta(minutes=1)
    with serving(national) as url:
        transport = sync.HttpTransport(url, timeout=5)
        for _round in range(12):
            report = sync.deliver_pending(kt.ws, transport, now=now)
            if report.pending == 0:
                break
            # A row that failed is not tried again before its backoff has passed.
            probe = now + timedelta(seconds=1)
            failed = {
                r.key: r.attempts
                for r in sync.outbox(kt.ws, state="pending")
                if r.last_error and r.next_attempt_at > sync.iso(probe)
            }
            sync.deliver_pending(kt.ws, transport, now=probe)
            assert {r.key: r.attempts for r in sync.outbox(kt.ws) if r.key in failed} == failed
            now += timedelta(hours=7)
        assert sync.counts(kt.ws) == {"pending": 0, "delivered": 4, "rejected": 0}
        assert set(national.stored) == keys(kt)
        # Once delivered, never sent again.
        seen = national.requests
        assert sync.deliver_pending(kt.ws, transport, now=now + timedelta(days=1)).delivered == 0
        assert national.requests == seen
    for key, message in national.stored.items():
        rev = kt.ws.dossier(message["revision"]["dossier_id"])
        assert message["content"] == rev["content"]
        assert key == f"kontum/{rev['revision']['id']}/{rev['revision']['content_hash']}"
    rows = sync.outbox(kt.ws)
    assert sum(r.attempts for r in rows) == national.requests
    if lose_answer_for:
        # The message whose answer was lost was posted twice and stored once.
        # The message whose answer was lost was posted again, answered as a duplicate, kept once.
        assert national.lost_key in national.stored
        assert national.posts_per_key[national.lost_key] >= 2
    if fail_first:
        assert national.requests >= 4 + fail_first + (1 if lose_answer_for else 0)


def test_a_refused_revision_is_not_retried_and_the_others_go(tmp_path):
    kt = kontum_world(str(tmp_path / "kt.db"))
    approved(kt, 3)
    refused = sorted(keys(kt))[1]
    national = National(refuse={refused})
    with serving(national) as url:
        report = sync.deliver_pending(
            kt.ws, sync.HttpTransport(url), now=datetime.now(UTC) + timedelta(minutes=1)
        )
        assert (report.delivered, report.rejected, report.pending) == (2, 1, 0)
        assert "HTTP 422" in report.errors[0].message("en")
        assert (
            sync.deliver_pending(
                kt.ws, sync.HttpTransport(url), now=datetime.now(UTC) + timedelta(days=1)
            ).rejected
            == 0
        )
    assert national.posts_per_key[refused] == 1 and refused not in national.stored
    assert [r.key for r in sync.outbox(kt.ws, state="rejected")] == [refused]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("backend", ["sqlite"])  # transport logic; PostgreSQL is in the test above
def test_a_target_that_is_down_gives_a_clear_error_and_changes_only_the_outbox(workspace_url, capsys):
    kt = kontum_world(workspace_url)
    approved(kt, 2)
    url = f"http://127.0.0.1:{closed_port()}/api"
    before = snapshot(kt.ws.engine)
    report = sync.deliver_pending(kt.ws, sync.HttpTransport(url, timeout=2))
    [error] = report.errors
    assert isinstance(error, sync.SyncTargetDownError)
    assert url in error.message("en") and url in error.message("vi")
    after = snapshot(kt.ws.engine)
    assert {k for k in before if before[k] != after[k]} == {"sync_outbox"}
    assert [r.state for r in sync.outbox(kt.ws)] == ["pending", "pending"]
    # The command line: one line on stderr, in Vietnamese, exit status 2.
    with pytest.raises(SystemExit) as exit_:
        main(["sync", "run", "--db", workspace_url, "--to", url])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    [line] = captured.err.strip().splitlines()
    assert line.startswith(_("Error", "vi") + ":") and url in line and "Traceback" not in captured.err
    assert line != "Error: " + error.message("en")
