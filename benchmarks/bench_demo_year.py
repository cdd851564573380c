"""Benchmark: a year of the demo (``cbccvc_core.demo.run_demo``) for 50,000 staff.

    .venv/bin/python benchmarks/bench_demo_year.py [--staff N] [--quick] [--pg-url URL] [--tracemalloc]

``run_demo`` builds a province (units, accounts, delegations), loads N staff in the year before the
one played, then plays the year through the service API only (recruitments, submissions,
approvals, transfers, exits…) and summarises compliance. Each database (SQLite in a temporary
directory; PostgreSQL in a fresh database ``cbccvc_bench_<random>`` when ``--pg-url`` or
``CBCCVC_TEST_PG_URL`` is given, dropped after) gets its own child process, so the peak memory
is the run's own.

It prints the wall time of each phase, the acts played and acts per second (the year's acts
over the year phase; setup and initial-load acts over theirs), the peak memory of the child
(its ``VmHWM`` and the ``os.wait4`` max RSS; with ``--tracemalloc`` also the peak of Python
allocations, in a second, slower run), and the size of the database at the end. See
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench_overdue import machine_info, pg_database, sqlite_file
from sqlalchemy import make_url

DEFAULT_STAFF = 50_000
QUICK_STAFF = 500


def vm_hwm_kb() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def db_size(url: str) -> int | None:
    if "://" not in url:
        return sum(Path(url + s).stat().st_size for s in ("", "-wal") if Path(url + s).exists())
    from cbccvc_core.db.engine import open_engine

    engine = open_engine(url)
    with engine.connect() as conn:
        size = int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())
    engine.dispose()
    return size


def round_trip_us(url: str, n: int = 2000) -> float:
    """The median time of ``SELECT 1`` on this database, in microseconds (a round trip)."""
    from cbccvc_core.db.engine import open_engine

    engine = open_engine(url)
    times = []
    with engine.connect() as conn:
        for _ in range(n):
            t0 = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            times.append(time.perf_counter() - t0)
    engine.dispose()
    return sorted(times)[n // 2] * 1e6


# -- the child ----------------------------------------------------------------------------------------


def child(args: argparse.Namespace) -> int:
    from cbccvc_core.demo import run_demo

    last: dict[str, float] = {}

    def progress(phase: str, done: int, total: int) -> None:
        # a line at every tenth of a phase, on stderr (long runs)
        step = max(1, total // 10)
        if done == total or done // step != last.get(phase, -1):
            last[phase] = done // step
            print(
                f"    [{time.strftime('%H:%M:%S')}] {phase}: {done:,}/{total:,}", file=sys.stderr, flush=True
            )

    from sqlalchemy import Engine, event

    statements = [0]

    def count(*_a: Any) -> None:
        statements[0] += 1

    event.listen(Engine, "before_cursor_execute", count)  # every engine run_demo makes
    if args.tracemalloc:
        tracemalloc.start()
    t0 = time.perf_counter()
    r = run_demo(
        args.child_url,
        province=args.province,
        staff=args.staff,
        year=args.year,
        seed=args.seed,
        progress=progress if args.progress else None,
    )
    wall = time.perf_counter() - t0
    out: dict[str, Any] = {
        "wall": wall,
        "seconds": r.seconds,
        "phases": r.phases,
        "year": r.year,
        "units": r.units,
        "accounts": r.accounts,
        "delegations": r.delegations,
        "initial_load": r.initial_load,
        "acts": r.acts,
        "setup_acts": r.setup_acts,
        "refused": r.refused,
        "people": r.people,
        "obligations_year": r.total.total,
        "audit_ok": r.audit.ok,
        "audit_entries": r.audit.entries,
        "statements": statements[0],
        "round_trip_us": round_trip_us(args.child_url),
        "hwm_kb": vm_hwm_kb(),
        "tracemalloc_peak": tracemalloc.get_traced_memory()[1] if args.tracemalloc else None,
        "db_bytes": db_size(args.child_url),
    }
    print("CHILD " + json.dumps(out), flush=True)
    return 0


def run_child(url: str, args: argparse.Namespace, trace: bool) -> tuple[dict[str, Any], int]:
    cmd = [sys.executable, __file__, "--child-url", url, "--staff", str(args.staff), "--seed", str(args.seed)]
    cmd += ["--province", args.province] + (["--year", str(args.year)] if args.year else [])
    cmd += (["--tracemalloc"] if trace else []) + (["--progress"] if args.progress else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.startswith("CHILD ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"the demo child failed (status {proc.returncode}):\n{out}")
    return json.loads(lines[-1][6:]), usage.ru_maxrss


# -- one database ---------------------------------------------------------------------------------------


def report(label: str, got: dict[str, Any], rss_kb: int, traced: dict[str, Any] | None) -> dict[str, float]:
    year_acts = sum(got["acts"].values())
    setup_acts = sum(got["setup_acts"].values())
    ph = got["phases"]
    print(
        f"  built {got['units']:,} units, {got['accounts']:,} accounts, {got['delegations']} delegations; "
        f"initial load by {got['initial_load']}; played {got['year']}"
    )
    print(
        f"  wall {got['wall']:.1f} s: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in ph.items())
        + f" (run_demo's own total {got['seconds']:.1f} s)"
    )
    pre = ph.get("setup", 0) + ph.get("staff", 0)
    print(
        f"  setup + initial load: {setup_acts:,} acts in {pre:.1f} s, {setup_acts / max(pre, 1e-9):,.0f} acts/s"
    )
    year_s = ph.get("year", 0)
    print(f"  the year: {year_acts:,} acts in {year_s:.1f} s, {year_acts / max(year_s, 1e-9):,.1f} acts/s")
    top = sorted(got["acts"].items(), key=lambda kv: -kv[1])[:8]
    print("    most played: " + ", ".join(f"{k} {v:,}" for k, v in top))
    print(
        f"  obligations started in the year: {got['obligations_year']:,}; audit entries {got['audit_entries']:,} "
        f"(chain {'verified' if got['audit_ok'] else 'BROKEN'}); refused acts: {sum(got['refused'].values())}"
    )
    if got["refused"]:
        print(f"  REFUSED acts (run_demo says there should be none): {got['refused']}")
    all_acts = year_acts + setup_acts
    print(
        f"  SQL statements: {got['statements']:,} in all, {got['statements'] / max(all_acts, 1):.1f} per act; "
        f"a SELECT 1 round trip takes {got['round_trip_us']:.0f} µs (median)"
    )
    print("  dossiers at the end: " + ", ".join(f"{k} {v:,}" for k, v in got["people"].items()))
    hwm = (got["hwm_kb"] or 0) / 1024
    print(
        f"  peak memory of the child: VmHWM {hwm:.0f} MB, os.wait4 max RSS {rss_kb / 1024:.0f} MB"
        + (
            f", tracemalloc peak {traced['tracemalloc_peak'] / 2**20:.1f} MB (separate run, {traced['wall']:.0f} s)"
            if traced
            else ""
        )
    )
    if got["db_bytes"]:
        print(f"  database size at the end: {got['db_bytes'] / 2**20:.0f} MB")
    return {
        "wall": got["wall"],
        "year_acts_per_s": year_acts / max(year_s, 1e-9),
        "acts": year_acts,
        "rss_mb": max(hwm, rss_kb / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=DEFAULT_STAFF, help=f"staff (default {DEFAULT_STAFF:,})")
    parser.add_argument("--quick", action="store_true", help=f"a small run: {QUICK_STAFF} staff")
    parser.add_argument("--province", default="kontum")
    parser.add_argument("--year", type=int, default=None, help="the year played (run_demo's default)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CBCCVC_TEST_PG_URL"),
        help="PostgreSQL server URL (default $CBCCVC_TEST_PG_URL); a fresh database is made from it",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--tracemalloc", action="store_true", help="a second run with tracemalloc (slower)")
    parser.add_argument("--progress", action="store_true", help="progress lines on stderr")
    parser.add_argument("--keep", action="store_true", help="keep the databases after the run")
    parser.add_argument("--child-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        from cbccvc_core.demo import run_demo  # noqa: F401
    except ImportError as exc:
        print(f"bench_demo_year: the demo cannot be imported ({exc}); nothing to measure")
        return 0
    if args.child_url:
        return child(args)
    if args.quick:
        args.staff = min(args.staff, QUICK_STAFF)
    print("bench_demo_year: a year of the demo through the service API")
    print(
        f"  {args.staff:,} staff, province {args.province}, year {args.year or 'run_demo default'}, "
        f"seed {args.seed}{', tracemalloc run' if args.tracemalloc else ''}"
    )
    for line in machine_info():
        print(line)
    results: dict[str, dict[str, float]] = {}
    targets: list[tuple[str, Any]] = []
    if not args.no_sqlite:
        targets.append(("SQLite", None))
    if not args.no_pg:
        if args.pg_url:
            targets.append(("PostgreSQL", args.pg_url))
        else:
            print("\n== PostgreSQL: skipped (no --pg-url and CBCCVC_TEST_PG_URL is unset) ==")
    for label, server in targets:
        print(f"\n== {label} ==")
        with tempfile.TemporaryDirectory(prefix="cbccvc_bench_demo_") as tmp:
            runs = []
            for trace in (False, True) if args.tracemalloc else (False,):
                ctx = pg_database(server, keep=args.keep) if server else sqlite_file(tmp, args.keep)
                with ctx as url:
                    if server:
                        print(
                            f"  database {make_url(url).database}" + (" (tracemalloc run)" if trace else "")
                        )
                    runs.append(run_child(url, args, trace))
            (got, rss_kb), traced = runs[0], (runs[1][0] if len(runs) > 1 else None)
            results[label] = report(label, got, rss_kb, traced)
    print("\nsummary")
    for label, r in results.items():
        print(
            f"  {label:<11} wall {r['wall']:8.1f} s, the year {r['acts']:,} acts at {r['year_acts_per_s']:,.1f} acts/s, "
            f"peak RSS {r['rss_mb']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
