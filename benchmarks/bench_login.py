"""How long does a login take with the default (OWASP) Argon2id parameters?

    .venv/bin/python benchmarks/bench_login.py [--logins 20] [--db URL]

Prints the time of one hash and one verification with the defaults (m=19 MiB, t=2, p=1), then
the wall-clock time of full logins (hash check, counter reset, audit entry) on a fresh Tuyên
Quang workspace (a temporary SQLite file unless ``--db`` names a PostgreSQL database). No
assertion: figures only.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from cbccvc_core.accounts import AccountSettings
from cbccvc_core.service import Workspace


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--logins", type=int, default=20)
    ap.add_argument("--db", default=None)
    ap.add_argument("--quick", action="store_true", help="5 logins")
    args = ap.parse_args()
    if args.quick:
        args.logins = 5

    settings = AccountSettings()
    hasher = settings.hasher()
    t = time.perf_counter()
    h = hasher.hash("benchmark-password-2026")
    t_hash = time.perf_counter() - t
    t = time.perf_counter()
    hasher.verify(h, "benchmark-password-2026")
    t_verify = time.perf_counter() - t
    print(
        f"Argon2id m={settings.hash_memory_kib} KiB t={settings.hash_time_cost} p={settings.hash_parallelism}"
    )
    print(f"  hash   {t_hash * 1000:7.1f} ms")
    print(f"  verify {t_verify * 1000:7.1f} ms")

    url = args.db or str(Path(tempfile.mkdtemp()) / "bench_login.db")
    ws = Workspace.create(
        url, "tuyenquang", root=("TQ", "UBND tỉnh Tuyên Quang"), admin="admin", on=date(2026, 1, 2)
    )
    ws.account_settings = settings
    admin = ws.as_account("admin")
    admin.add_unit("TQ.SNV", parent="TQ", kind="department", name="Sở Nội vụ", on=date(2026, 1, 2))
    admin.issue_account("snv.unit", kind="agency", unit="TQ.SNV", on=date(2026, 1, 2))
    temp = admin.issue_password("snv.unit", on=date(2026, 1, 5))
    at = datetime(2026, 1, 5, 2, tzinfo=UTC)
    ws.login("snv.unit", temp, at=at, new_password="benchmark-password-2026")
    times = []
    for _ in range(args.logins):
        t = time.perf_counter()
        ws.login("snv.unit", "benchmark-password-2026", at=at)
        times.append(time.perf_counter() - t)
    print(f"full login on {ws.engine.dialect.name}, {args.logins} runs:")
    print(f"  median {statistics.median(times) * 1000:7.1f} ms, max {max(times) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
