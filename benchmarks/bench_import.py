"""Benchmark: import 100,000 people with the project's importer, against a plain bulk write.

    .venv/bin/python benchmarks/bench_import.py [--people N] [--quick] [--pg-url URL] [--batch-size B]

1. Writes a CSV of N valid staff (default 100,000): the columns of ``cbccvc import`` (personal
   identification number, name, birth date, gender, category, unit, recruitment date) and the
   optional ones (birthplace, hometown, ethnicity, religion, salary; contract columns for the
   contract workers). Every row is checked with :class:`cbccvc_core.model.people.PersonRecord`
   (the number's province code, century/gender digit and birth year agree with the record).
2. For each database (SQLite; PostgreSQL when ``--pg-url`` or ``CBCCVC_TEST_PG_URL`` is given, in
   a fresh database ``cbccvc_bench_<random>`` dropped after), on a fresh workspace with the unit
   tree of bench_overdue.py (setup, not measured):

   - the importer, ``cbccvc_core.importer.import_staff(ws, csv, as_of=…)``, run in a child
     process: wall time, rows/s, and the child's maximum RSS (``os.wait4`` rusage);
   - the same again in another fresh database with ``tracemalloc`` on: the peak of Python
     allocations (tracemalloc slows the run, so it is not timed);
   - the baseline: the very rows the importer wrote (people, dossiers, revisions, audit_log),
     read back and written into a third fresh database with a plain ``executemany`` (SQLite) or
     ``COPY`` (PostgreSQL), in one transaction: the floor for writing those rows.

It prints rows/s, the ratio importer / baseline (target: within 2x) and the memory (target: under
500 MB). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench_overdue import (
    ADMIN,
    AS_OF,
    PROVINCE,
    PROVINCE_NAMES,
    ROOT,
    machine_info,
    person_row,
    pg_database,
    sqlite_file,
    unit_tree,
)
from sqlalchemy import Engine, insert, make_url, text

from cbccvc_core.db import schema as db
from cbccvc_core.model.people import PersonRecord
from cbccvc_core.service import Workspace

TARGET_RATIO = 2.0
TARGET_MB = 500
TABLES = ("people", "dossiers", "revisions", "audit_log")
ETHNICITIES = (("Kinh", 55), ("Xơ Đăng", 15), ("Ba Na", 10), ("Gia Rai", 7), ("Giẻ Triêng", 5), ("Brâu", 1), ("Rơ Măm", 1), ("Tày", 3), ("Mường", 3))  # fmt: skip
RELIGIONS = (("Không", 80), ("Công giáo", 12), ("Phật giáo", 5), ("Tin lành", 3))
RANKS = {  # category -> rank codes (mã số ngạch, chức danh nghề nghiệp)
    "cong_chuc": ("01.003", "01.002", "06.031"),
    "vien_chuc": ("V.07.03.29", "V.07.04.32", "V.08.05.12", "V.07.05.15"),
    "commune_official": ("01.003", "01.004"),
    "can_bo": ("01.002", "01.003"),
}
JOBS = ("Nhân viên bảo vệ", "Nhân viên phục vụ", "Lái xe", "Nhân viên văn thư", "Kế toán viên", "Kỹ thuật viên")  # fmt: skip
HEADER = (
    "personal_id", "full_name", "birth_date", "gender", "category", "unit_id", "recruited_on",
    "birthplace", "hometown", "ethnicity", "religion",
    "rank_code", "grade", "coefficient", "salary_effective_date",
    "work_kind", "contract_kind", "contract_end", "job_position",
)  # fmt: skip


# -- the CSV -------------------------------------------------------------------------------------------


def staff_rows(n: int, seed: int, units: list[str]) -> Iterator[list[str]]:
    """``n`` valid rows of a staff CSV (see HEADER), deterministic for ``seed``."""
    rng = random.Random(seed)
    eth, eth_w = zip(*ETHNICITIES, strict=True)
    rel, rel_w = zip(*RELIGIONS, strict=True)
    for i in range(n):
        p = person_row(rng, i)
        PersonRecord(**p)  # the number, the name, the birth year and the gender agree
        birth: date = p["birth_date"]
        earliest = date(birth.year + 20, birth.month, min(birth.day, 28))
        span = max(1, (AS_OF - earliest).days)
        recruited = earliest + timedelta(days=rng.randrange(span))
        worker = p["category"] == "contract_worker"
        row = {
            "personal_id": p["personal_id"],
            "full_name": p["full_name"],
            "birth_date": birth.isoformat(),
            "gender": p["gender"] if rng.random() < 0.8 else ("nam" if p["gender"] == "male" else "nữ"),
            "category": p["category"],
            "unit_id": rng.choice(units),
            "recruited_on": recruited.isoformat(),
            "birthplace": rng.choice(PROVINCE_NAMES),
        }
        if worker:
            row["work_kind"] = rng.choice(("support_service", "professional"))
            if (AS_OF - recruited).days < 900 and rng.random() < 0.7:
                row["contract_kind"] = "fixed_term"
                row["contract_end"] = (recruited + timedelta(days=rng.randint(180, 1000))).isoformat()
            else:
                row["contract_kind"] = "indefinite"
            row["job_position"] = rng.choice(JOBS)
        else:
            row["hometown"] = rng.choice(PROVINCE_NAMES)
            row["ethnicity"] = rng.choices(eth, eth_w)[0]
            row["religion"] = rng.choices(rel, rel_w)[0]
            if rng.random() < 0.9:
                grade = rng.randint(1, 9)
                row["rank_code"] = rng.choice(RANKS[p["category"]])
                row["grade"] = str(grade)
                row["coefficient"] = f"{2.34 + 0.33 * (grade - 1):.2f}"
                row["salary_effective_date"] = max(
                    recruited, AS_OF - timedelta(days=rng.randrange(1095))
                ).isoformat()
        yield [row.get(c, "") for c in HEADER]


def write_csv(path: Path, n: int, seed: int) -> None:
    units = [u["id"] for u in unit_tree()]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(staff_rows(n, seed, units))


# -- databases -----------------------------------------------------------------------------------------


@contextmanager
def fresh_workspace(kind: str, args: argparse.Namespace, tmp: str) -> Iterator[str]:
    """A fresh database with a workspace and the unit tree; yields its URL."""
    ctx = pg_database(args.pg_url, keep=args.keep) if kind == "pg" else sqlite_file(tmp, args.keep)
    with ctx as url:
        ws = Workspace.create(url, PROVINCE, root=ROOT, admin=ADMIN, on=AS_OF - timedelta(days=3650))
        with ws.engine.begin() as conn:
            conn.execute(insert(db.Unit.__table__), unit_tree())
        ws.engine.dispose()
        yield url


def read_back(engine: Engine, audit_after: int) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The rows the importer wrote, as stored (JSON as its text), table by table."""
    pg = engine.dialect.name == "postgresql"
    out = {}
    with engine.connect() as conn:
        for name in TABLES:
            table = db.Base.metadata.tables[name]
            cols = [c.name for c in table.columns]
            exprs = [f"{c}::text" if pg and c in ("content", "detail") else c for c in cols]
            key = "seq" if name == "audit_log" else "id"
            where = f" WHERE seq > {audit_after}" if name == "audit_log" else ""
            rows = conn.exec_driver_sql(f"SELECT {', '.join(exprs)} FROM {name}{where} ORDER BY {key}").all()
            out[name] = (cols, [tuple(r) for r in rows])
    return out


def plain_write(engine: Engine, data: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> dict[str, float]:
    """One transaction: COPY (PostgreSQL) or the driver's executemany (SQLite) per table, then
    the audit head moved to the last entry. Returns the seconds per table (and the commit)."""
    times: dict[str, float] = {}
    conn = engine.connect()
    trans = conn.begin()
    dbapi = conn.connection.driver_connection
    for name in TABLES:
        t0 = time.perf_counter()
        cols, rows = data[name]
        if engine.dialect.name == "postgresql":
            cur = dbapi.cursor()  # type: ignore[union-attr]
            with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.close()
        else:
            marks = ", ".join("?" * len(cols))
            conn.exec_driver_sql(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})", rows)
        times[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cols, rows = data["audit_log"]
    last = rows[-1]
    conn.execute(
        text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"),
        {"s": last[cols.index("seq")], "h": last[cols.index("hash")]},
    )
    trans.commit()
    conn.close()
    times["commit"] = time.perf_counter() - t0
    return times


def audit_seq(url: str) -> int:
    ws = Workspace.open(url)
    with ws.engine.connect() as conn:
        seq = int(conn.exec_driver_sql("SELECT seq FROM audit_head").scalar_one())
    ws.engine.dispose()
    return seq


# -- the child processes (the parent stays small: a child's max RSS counts its parent's) -------------


def vm_hwm_kb() -> int | None:
    """This process's own peak RSS (Linux ``VmHWM``), or None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def child(args: argparse.Namespace) -> int:
    """Run the importer once, or the plain write; print one JSON line."""
    if args.child_plain_from:
        source = Workspace.open(args.child_plain_from).engine
        data = read_back(source, int(args.child_audit_after))
        source.dispose()
        engine = Workspace.open(args.child_url).engine
        t0 = time.perf_counter()
        times = plain_write(engine, data)
        seconds = time.perf_counter() - t0
        engine.dispose()
        out: dict[str, Any] = {
            "seconds": seconds,
            "tables": times,
            "rows": {t: len(data[t][1]) for t in TABLES},
        }
        print("CHILD " + json.dumps(out), flush=True)
        return 0

    from cbccvc_core.importer import import_staff

    ws = Workspace.open(args.child_url)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    hwm_before = vm_hwm_kb()
    if args.tracemalloc:
        tracemalloc.start()
    t0 = time.perf_counter()
    report = import_staff(ws, args.child_csv, as_of=AS_OF, batch_size=args.batch_size)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    out = {
        "seconds": seconds,
        "rows": report.rows,
        "written": report.written,
        "rejected": len(report.rejected),
        "first_rejections": [f"row {r.row} {r.column}: {r.message('en')}" for r in report.rejected[:5]],
        "rss_before_kb": rss_before,
        "hwm_before_kb": hwm_before,
        "hwm_kb": vm_hwm_kb(),
        "tracemalloc_peak": peak,
    }
    print("CHILD " + json.dumps(out), flush=True)
    ws.engine.dispose()
    return 0


def run_child(extra: list[str]) -> tuple[dict[str, Any], int]:
    """(the child's JSON, its maximum RSS in KiB from os.wait4's rusage)."""
    cmd = [sys.executable, __file__, *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in out.splitlines() if line.startswith("CHILD ")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"the child {extra} failed (status {proc.returncode}):\n{out}")
    return json.loads(lines[-1][6:]), usage.ru_maxrss


def import_child(
    url: str, csv_path: Path, args: argparse.Namespace, trace: bool
) -> tuple[dict[str, Any], int]:
    extra = ["--child-url", url, "--child-csv", str(csv_path), "--batch-size", str(args.batch_size)]
    return run_child(extra + (["--tracemalloc"] if trace else []))


# -- one database -------------------------------------------------------------------------------------


def bench_database(kind: str, csv_path: Path, args: argparse.Namespace, tmp: str) -> dict[str, float]:
    label = "SQLite" if kind == "sqlite" else "PostgreSQL"
    print(f"\n== {label} ==")
    n = args.people
    with fresh_workspace(kind, args, tmp) as source_url:
        before = audit_seq(source_url)
        parent_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        got, rss_kb = import_child(source_url, csv_path, args, trace=False)
        if got["written"] != n:
            print(f"  the importer wrote {got['written']:,} of {n:,} rows; {got['rejected']} rejected, e.g.:")
            for line in got["first_rejections"]:
                print(f"    {line}")
        with fresh_workspace(kind, args, tmp) as url:
            plain, _rss = run_child(
                ["--child-url", url, "--child-plain-from", source_url, "--child-audit-after", str(before)]
            )
    with fresh_workspace(kind, args, tmp) as url:
        got_t, _rss = import_child(url, csv_path, args, trace=True)
    t0 = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as f:
        parsed = sum(1 for _ in csv.reader(f)) - 1
    parse = time.perf_counter() - t0

    imp, base = got["seconds"], plain["seconds"]
    ratio = imp / base
    rss_mb, hwm_mb = rss_kb / 1024, (got["hwm_kb"] or 0) / 1024
    peak_mb = (got_t["tracemalloc_peak"] or 0) / 2**20
    print("  rows written by the importer: " + ", ".join(f"{c:,} {t}" for t, c in plain["rows"].items()))
    name = f"importer (import_staff, batch {args.batch_size})"
    print(f"  {name:<40} {imp:8.2f} s  {n / imp:10,.0f} people/s")
    name = f"plain {'COPY' if kind == 'pg' else 'executemany'} of the same rows"
    print(f"  {name:<40} {base:8.2f} s  {n / base:10,.0f} people/s")
    print("    (" + ", ".join(f"{t} {sec:.2f} s" for t, sec in plain["tables"].items()) + ")")
    print(f"  (reading the CSV with csv.reader alone: {parse:.2f} s for {parsed:,} rows)")
    verdict = "MET" if ratio <= TARGET_RATIO else "NOT MET"
    print(f"  ratio importer / plain: {ratio:.2f}x  target {TARGET_RATIO}x: {verdict}")
    print(
        f"  memory of the import's child process: max RSS {rss_mb:.0f} MB (os.wait4 rusage; Linux counts "
        f"the spawning parent's peak, {parent_kb / 1024:.0f} MB, in it), own peak VmHWM {hwm_mb:.0f} MB "
        f"({(got['hwm_before_kb'] or 0) / 1024:.0f} MB before the import started: interpreter, libraries, "
        f"workspace); tracemalloc peak {peak_mb:.1f} MB (separate run)"
    )
    print(f"  target under {TARGET_MB} MB: {'MET' if max(rss_mb, peak_mb) < TARGET_MB else 'NOT MET'}")
    return {"import_s": imp, "plain_s": base, "ratio": ratio, "rss_mb": rss_mb, "peak_mb": peak_mb}


# -- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="rows of the CSV (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="a small run: 5,000 people")
    parser.add_argument(
        "--batch-size", type=int, default=None, help="the importer's batch size (its default)"
    )
    parser.add_argument("--seed", type=int, default=20260227)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CBCCVC_TEST_PG_URL"),
        help="PostgreSQL server URL (default $CBCCVC_TEST_PG_URL); fresh databases are made from it",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--keep", action="store_true", help="keep the databases after the run")
    parser.add_argument("--child-url", help=argparse.SUPPRESS)
    parser.add_argument("--child-csv", help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-plain-from", help=argparse.SUPPRESS)
    parser.add_argument("--child-audit-after", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        from cbccvc_core import importer
    except ImportError as exc:
        print(f"bench_import: the importer cannot be imported ({exc}); nothing to measure")
        return 0
    if args.batch_size is None:
        args.batch_size = importer.BATCH_SIZE
    if args.child_url:
        return child(args)
    if args.quick:
        args.people = min(args.people, 5_000)
    print("bench_import: import staff from CSV with the importer, against a plain bulk write")
    print(f"  {args.people:,} people, as_of {AS_OF}, batch size {args.batch_size}, seed {args.seed}")
    for line in machine_info():
        print(line)
    results = {}
    with tempfile.TemporaryDirectory(prefix="cbccvc_bench_import_") as tmp:
        csv_path = Path(tmp) / "staff.csv"
        t0 = time.perf_counter()
        write_csv(csv_path, args.people, args.seed)
        print(
            f"  CSV: {csv_path.stat().st_size / 2**20:.1f} MB, {args.people:,} rows checked with PersonRecord, "
            f"written in {time.perf_counter() - t0:.1f} s (setup)"
        )
        if not args.no_sqlite:
            results["SQLite"] = bench_database("sqlite", csv_path, args, tmp)
        if not args.no_pg:
            if not args.pg_url:
                print("\n== PostgreSQL: skipped (no --pg-url and CBCCVC_TEST_PG_URL is unset) ==")
            else:
                print(f"  (PostgreSQL server {make_url(args.pg_url).host})")
                results["PostgreSQL"] = bench_database("pg", csv_path, args, tmp)
    print("\nsummary")
    for name, r in results.items():
        print(
            f"  {name:<11} importer {args.people / r['import_s']:9,.0f} people/s, plain {args.people / r['plain_s']:9,.0f}/s, "
            f"ratio {r['ratio']:.2f}x, max RSS {r['rss_mb']:.0f} MB, tracemalloc peak {r['peak_mb']:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
