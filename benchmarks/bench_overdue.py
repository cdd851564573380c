"""Benchmark: the overdue query over 1,000,000 obligations, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/bench_overdue.py [--rows N] [--quick] [--pg-url URL] [--repeat R]

For each database it makes a fresh workspace through the real migration (``Workspace.create``; on
PostgreSQL a database ``cbccvc_bench_<random>`` is created for the run and dropped after), fills a
unit tree (1 province, 40 departments x 5 sub-units, 10 districts x 15 communes) and N obligations
(default 1,000,000) spread over two years, started by events of the Kon Tum rules (so the
obligation names, actors, periods, due dates and bases are the real ones), with done on time /
done late / open proportions that depend on their age. The fill is bulk Core ``executemany``
(SQLite) or ``COPY`` (PostgreSQL): setup, not measured.

It then times, warm, best of R runs, the library's own queries: ``Workspace.obligations(as_of,
status="overdue")`` for the whole province and for one district's subtree, with and without a
limit; ``Workspace.compliance(as_of)``; ``Workspace.approval_list(month)``. The overdue queries
are split into what the database costs (``count(*)`` of the same statement; the same statement
fetched as plain tuples by the bare driver) and what the library's own Python adds (result
rows or ORM objects, then the views). The statement the library
sends is captured and its plan printed (``EXPLAIN QUERY PLAN`` / ``EXPLAIN (ANALYZE, BUFFERS)``).

The last part, clearly labelled EXPERIMENT, adds indexes / rewrites the statement in the
benchmark database only, to show what a change to the schema or the service would buy. The
library itself is not changed. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy
from sqlalchemy import Engine, event, insert, make_url, or_, select, text

from cbccvc_core.crypto import ring_for
from cbccvc_core.db import schema as db
from cbccvc_core.model.people import PROVINCE_CODES
from cbccvc_core.registry import default_registry
from cbccvc_core.rules.engine import ObligationDue, deadlines
from cbccvc_core.service import ObligationView, Workspace

PROVINCE = "kontum"
ROOT = ("KT", "UBND tỉnh Kon Tum")
ADMIN = "snv.admin"
AS_OF = date(2026, 2, 27)  # a Friday: "today" for the queries
SPAN_DAYS = 730  # obligations started over the two years before AS_OF
FIRST_DAY = AS_OF - timedelta(days=SPAN_DAYS - 1)
DISTRICT = "KT.H03"  # the district whose subtree is queried
COMMUNE = "KT.H03.X07"  # and a commune (one unit, a small list)
TARGET_S = 0.5
CHUNK = 50_000

# -- people (shared with bench_import.py and bench_demo_year.py) ---------------------------------------

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Mai", "Tạ",
)  # fmt: skip
MIDDLE = {"male": ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công"), "female": ("Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim")}  # fmt: skip
GIVEN = {
    "male": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phong", "Quân", "Sơn", "Tuấn", "Vinh"),
    "female": ("Anh", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Tâm", "Thảo", "Trang", "Yến"),
}  # fmt: skip
# Names of the Central Highlands' peoples (Ba Na, Xơ Đăng, Gia Rai, Ê Đê), as Kon Tum writes them.
HIGHLAND = {
    "male": ("A Thút", "Y Blơng", "A Hmưn", "Y Ngọc", "A Dơk", "Rơ Châm Tuấn", "Siu Đức"),
    "female": ("Y Hiên", "H'Hen Niê", "Y Thanh", "Ksor H'Bia", "Y Phương", "Rơ Mah H'Lan"),
}
CATEGORIES = (("vien_chuc", 50), ("cong_chuc", 25), ("commune_official", 12), ("contract_worker", 10), ("can_bo", 3))  # fmt: skip
PROVINCE_NAMES = tuple(PROVINCE_CODES.values())
OTHER_PROVINCES = ("064", "066", "049", "052", "038", "040", "001", "079")


def person_row(rng: random.Random, serial: int) -> dict[str, Any]:
    """A valid person: the number's province code, century/gender digit and birth year agree with
    the record (Nghị định 137/2015 Điều 13); ``serial`` (< 1,000,000) makes the number unique."""
    if not 0 <= serial < 1_000_000:
        raise ValueError("serial must be below 1,000,000 (digits 7-12 of the number)")
    gender = "male" if rng.random() < 0.48 else "female"
    year = rng.randint(1966, 2003)
    birth = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    code = "062" if rng.random() < 0.7 else rng.choice(OTHER_PROVINCES)
    digit4 = (0 if year < 2000 else 2) + (gender == "female")
    if rng.random() < 0.15:
        name = rng.choice(HIGHLAND[gender])
    else:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    names, weights = zip(*CATEGORIES, strict=True)
    return {
        "personal_id": f"{code}{digit4}{year % 100:02d}{serial:06d}",
        "full_name": name,
        "birth_date": birth,
        "gender": gender,
        "category": rng.choices(names, weights)[0],
    }


# -- machine -----------------------------------------------------------------------------------------


def machine_info() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        ram = f"{mem:.1f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        ram = "RAM unknown"
    return [
        f"  {platform.platform()}; {cpu}, {os.cpu_count()} logical CPUs, {ram}",
        f"  python {platform.python_version()}, SQLAlchemy {sqlalchemy.__version__}, "
        f"sqlite {sqlite3.sqlite_version}",
    ]


# -- databases ---------------------------------------------------------------------------------------


def _psycopg_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def pg_database(admin_url: str, prefix: str = "cbccvc_bench_", keep: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL database for the run (dropped after unless ``keep``); yields its URL."""
    import psycopg

    name = f"{prefix}{secrets.token_hex(4)}"
    with psycopg.connect(_psycopg_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"  (kept database {name})")
        else:
            with psycopg.connect(_psycopg_conninfo(admin_url), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite_file(workdir: str | None, keep: bool = False) -> Iterator[str]:
    """A fresh SQLite file in a temporary directory (or ``workdir``); yields its path."""
    if workdir:
        Path(workdir).mkdir(parents=True, exist_ok=True)
        path = Path(workdir) / f"bench_{secrets.token_hex(4)}.db"
        try:
            yield str(path)
        finally:
            if keep:
                print(f"  (kept {path})")
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        with tempfile.TemporaryDirectory(prefix="cbccvc_bench_") as tmp:
            yield str(Path(tmp) / "bench.db")


def bulk_insert(conn: Any, table: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``COPY`` on PostgreSQL, Core ``executemany`` elsewhere."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        cur = conn.connection.driver_connection.cursor()
        with cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.close()
    else:
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def reset_sequences(engine: Engine, tables: Sequence[str]) -> None:
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for name in tables:
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            )


def vacuum_analyze(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def analyze(engine: Engine) -> None:
    """Planner statistics: ``VACUUM ANALYZE`` on PostgreSQL, ``ANALYZE`` on SQLite."""
    if engine.dialect.name == "postgresql":
        vacuum_analyze(engine)
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


# -- the fill ----------------------------------------------------------------------------------------


def unit_tree(
    departments: int = 40, sub_units: int = 5, districts: int = 10, communes: int = 15
) -> list[dict[str, Any]]:
    """The units below the root: departments (sở) with sub-units, districts with communes."""
    root = ROOT[0]
    rows: list[dict[str, Any]] = []

    def add(uid: str, parent: str, parent_path: str, kind: str, name: str) -> str:
        path = f"{parent_path}{uid}/"
        rows.append(
            {"id": uid, "parent_id": parent, "kind": kind, "name": name, "path": path,
             "active": True, "created_on": FIRST_DAY}
        )  # fmt: skip
        return path

    for i in range(1, departments + 1):
        dep = f"{root}.S{i:02d}"
        dpath = add(dep, root, f"/{root}/", "department", f"Sở số {i}")
        for j in range(1, sub_units + 1):
            add(f"{dep}.P{j}", dep, dpath, "sub_department", f"Chi cục {j} thuộc Sở số {i}")
    for i in range(1, districts + 1):
        dist = f"{root}.H{i:02d}"
        hpath = add(dist, root, f"/{root}/", "district", f"UBND huyện số {i}")
        for j in range(1, communes + 1):
            add(f"{dist}.X{j:02d}", dist, hpath, "commune", f"UBND xã số {j} huyện số {i}")
    return rows


#: Staff per unit, relative: a department's own office, a sub-unit, a district office, a commune.
STAFF_WEIGHT = {"department": 30, "sub_department": 10, "district": 40, "commune": 12}

#: Events that start obligations in Kon Tum, and how often each happens (relative).
EVENT_MIX = (
    ("dossier_updated", 40),  # approve_dossier, month_end_window(5)
    ("personal_info_changed", 20),  # update_dossier, unspecified (no due date)
    ("recruitment_decision", 8),  # enter_dossier, working_days(30)
    ("account_issued", 8),  # enter_personal_info, unspecified
    ("valid_paper_record", 6),  # update_dossier, working_days(15)
    ("internal_move_effective", 6),  # move_dossier, calendar_days(10)
    ("transfer_effective", 6),  # complete_transfer x2 (managing agency, receiving unit)
    ("exit_effective", 6),  # update_status, calendar_days(15)
)


def fate(rng: random.Random, started: date, due: date | None) -> tuple[date | None, bool | None]:
    """(done_on, late) as of AS_OF: old obligations are mostly done (95 %), recent ones less;
    of the done ones with a due date about 82 % on time."""
    age = (AS_OF - started).days
    if rng.random() >= 0.95 * min(1.0, age / 90):
        return None, None
    if due is None:
        done = started + timedelta(days=rng.randint(0, 45))
    elif rng.random() < 0.82:
        done = started + timedelta(days=rng.randint(0, max(0, (due - started).days)))
    else:
        done = due + timedelta(days=rng.randint(1, 40))
    if done > AS_OF:
        return None, None
    return done, due is not None and done > due


OB_COLUMNS = (
    "id", "event_id", "dossier_id", "unit_id", "unit_path", "obligation", "actor", "period",
    "started_on", "due", "window_start", "basis", "done_on", "done_by", "late",
)  # fmt: skip
EV_COLUMNS = ("id", "kind", "occurred_on", "dossier_id", "unit_id", "account_id")
PEOPLE_COLUMNS = ("id", "personal_id", "personal_id_index", "full_name", "birth_date", "gender", "category")
DOSSIER_COLUMNS = (
    "id", "person_id", "unit_id", "unit_path", "review", "employment", "exit_reason",
    "recruited_on", "current_revision", "approved_revision", "version",
)  # fmt: skip


def fill(ws: Workspace, rows: int, seed: int) -> dict[str, int]:
    """Units, people, dossiers, events and ``rows`` obligations, in bulk. Returns the counts."""
    rng = random.Random(seed)
    engine = ws.engine
    units = unit_tree()
    by_id = {u["id"]: u for u in units}
    staff_units = [u for u in units if u["kind"] in STAFF_WEIGHT]
    staff_weights = [STAFF_WEIGHT[u["kind"]] for u in staff_units]
    n_dossiers = max(100, rows // 10)
    with engine.connect() as conn:
        admin_id = conn.execute(select(db.Account.id).where(db.Account.username == ADMIN)).scalar_one()
    with engine.begin() as conn:
        conn.execute(insert(db.Unit.__table__), units)
    # people and dossiers
    placed = rng.choices(staff_units, staff_weights, k=n_dossiers)
    ring = ring_for(engine.dialect)  # the workspace's keys: the blind index of each personal ID
    assert ring is not None
    with engine.begin() as conn:
        for start in range(0, n_dossiers, CHUNK):
            people, dossiers = [], []
            for i in range(start, min(n_dossiers, start + CHUNK)):
                p = person_row(rng, i)
                p["personal_id_index"] = ring.blind_index(p["personal_id"])
                people.append((i + 1, *(p[c] for c in PEOPLE_COLUMNS[1:])))
                u = placed[i]
                recruited = FIRST_DAY - timedelta(days=rng.randint(0, 20 * 365))
                dossiers.append(
                    (i + 1, i + 1, u["id"], u["path"], "approved", "active", None, recruited, 1, 1, 1)
                )
            bulk_insert(conn, db.Person.__table__, PEOPLE_COLUMNS, people)
            bulk_insert(conn, db.Dossier.__table__, DOSSIER_COLUMNS, dossiers)
    # events and obligations, from the province's real rules
    cache: dict[tuple[str, date], list[ObligationDue]] = {}
    kinds, kind_weights = zip(*EVENT_MIX, strict=True)
    root = by_id.get(ROOT[0]) or {"id": ROOT[0], "path": f"/{ROOT[0]}/"}
    made = ev_id = 0
    stats = {"done_on_time": 0, "done_late": 0, "open": 0, "no_due": 0}
    with engine.begin() as conn:
        while made < rows:
            events: list[tuple[Any, ...]] = []
            obligations: list[tuple[Any, ...]] = []
            while len(obligations) < CHUNK and made + len(obligations) < rows:
                kind = rng.choices(kinds, kind_weights)[0]
                day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
                key = (kind, day)
                if key not in cache:
                    cache[key] = deadlines(ws.ruleset, kind, day, ws.calendar)
                dues = cache[key]
                if not dues:
                    continue
                did = rng.randint(1, n_dossiers)
                home = placed[did - 1]
                ev_id += 1
                events.append((ev_id, kind, day, did, home["id"], admin_id))
                for due in dues:
                    if made + len(obligations) >= rows:
                        break
                    actor = due.actor.split("|")[0]
                    if actor == "managing_agency":
                        unit = by_id.get(home["parent_id"], root)
                    elif actor == "receiving_unit":
                        unit = rng.choices(staff_units, staff_weights)[0]
                    elif actor in ("employing_unit", "person", "unit_head"):
                        unit = home
                    else:
                        unit = root
                    done_on, late = fate(rng, day, due.due)
                    if done_on is None:
                        stats["open"] += 1
                    elif late:
                        stats["done_late"] += 1
                    else:
                        stats["done_on_time"] += 1
                    stats["no_due"] += due.due is None
                    obligations.append(
                        (made + len(obligations) + 1, ev_id, did, unit["id"], unit["path"], due.obligation,
                         due.actor, due.period, day, due.due, due.window_start, due.basis, done_on,
                         admin_id if done_on else None, late)
                    )  # fmt: skip
            bulk_insert(conn, db.Event.__table__, EV_COLUMNS, events)
            bulk_insert(conn, db.Obligation.__table__, OB_COLUMNS, obligations)
            made += len(obligations)
    reset_sequences(engine, ("people", "dossiers", "events", "obligations"))
    vacuum_analyze(engine)
    return {"units": len(units) + 1, "dossiers": n_dossiers, "events": ev_id, "obligations": made, **stats}


# -- timing ------------------------------------------------------------------------------------------


_cpu_best = [0.0]
"""CPU time of this process in the best-of run of the last :func:`timed` call (printed by :func:`row`)."""


def timed(run: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    """(result, best, median) wall-clock seconds over ``repeat`` runs after one warm-up run.

    Also keeps the least CPU time of this process over the runs: on a busy machine it moves
    less than the wall time (SQLite runs in this process; PostgreSQL's own work is not in it)."""
    result = run()
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    _cpu_best[0] = min(cpu)
    return result, min(times), statistics.median(times)


class Capture:
    """The statements (with parameters) sent to the database about obligations."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.items: list[tuple[str, Any]] = []

    def _on(self, conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if "FROM obligations" in statement:
            self.items.append((statement, params))

    def __enter__(self) -> Capture:
        event.listen(self.engine, "before_cursor_execute", self._on)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on)


def captured(ws: Workspace, call: Callable[[], Any]) -> tuple[str, Any]:
    with Capture(ws.engine) as cap:
        call()
    return cap.items[-1]


def raw(engine: Engine, statement: str, params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.exec_driver_sql(statement, params).fetchall())


def explain(engine: Engine, statement: str, params: Any) -> list[str]:
    if engine.dialect.name == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
        with engine.connect() as conn:
            return [r[0] for r in conn.exec_driver_sql(prefix + statement, params)]
    with engine.connect() as conn:
        return [
            f"{r[1]:>3} {r[2]:>3}  {r[3]}"
            for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
        ]


def row(label: str, best: float, median: float, n: Any, note: str = "") -> None:
    print(
        f"  {label:<62} {best * 1000:8.1f} ms (median {median * 1000:7.1f}, cpu {_cpu_best[0] * 1000:7.1f})"
        f" {n!s:>7} rows  {note}"
    )


def verdict(seconds: float) -> str:
    return f"target {TARGET_S} s: {'MET' if seconds < TARGET_S else 'NOT MET'}"


# -- one database ------------------------------------------------------------------------------------


def bench_database(label: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    print(f"\n== {label} ==")
    t0 = time.perf_counter()
    ws = Workspace.create(url, PROVINCE, root=ROOT, admin=ADMIN, on=FIRST_DAY)
    made = fill(ws, args.rows, args.seed)
    setup = time.perf_counter() - t0
    engine = ws.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            print(f"  server: PostgreSQL {conn.exec_driver_sql('SHOW server_version').scalar()}")
    print(
        f"  filled in {setup:.1f} s (schema by the migration, bulk load, "
        f"{'VACUUM ANALYZE' if engine.dialect.name == 'postgresql' else 'no ANALYZE (as the library leaves it)'})"
    )
    print(
        f"  {made['units']} units, {made['dossiers']:,} dossiers, {made['events']:,} events, "
        f"{made['obligations']:,} obligations: {made['done_on_time']:,} done on time, "
        f"{made['done_late']:,} done late, {made['open']:,} open ({made['no_due']:,} without a due date)"
    )
    rep = args.repeat
    figures: dict[str, float] = {}
    month = AS_OF.replace(day=1)
    # keyset paging: the row a page 300 (rows 30,001-30,100) continues from
    deep = ws.obligations(AS_OF, status="overdue", limit=30_000)
    after = deep[-1] if len(deep) == 30_000 else None
    cases: list[tuple[str, Callable[[], Any], bool]] = [
        # what `cbccvc obligations --overdue` asks: the first page and how many there are
        ("overdue: count + first 100, province",
         lambda: (ws.count_obligations(AS_OF, status="overdue"),
                  *ws.obligations(AS_OF, status="overdue", limit=100)), True),
        ("overdue: rows 30,001-30,100 (keyset page), province",
         lambda: ws.obligations(AS_OF, status="overdue", limit=100, after=after), True),
        (f"overdue: count + first 100, {DISTRICT} subtree",
         lambda: (ws.count_obligations(AS_OF, unit=DISTRICT, status="overdue"),
                  *ws.obligations(AS_OF, unit=DISTRICT, status="overdue", limit=100)), True),
        ("iter_obligations(overdue), province, every row by pages of 2,000",
         lambda: list(ws.iter_obligations(AS_OF, status="overdue")), True),
        ("obligations(overdue), province", lambda: ws.obligations(AS_OF, status="overdue"), True),
        ("obligations(overdue), province, limit=100",
         lambda: ws.obligations(AS_OF, status="overdue", limit=100), True),
        (f"obligations(overdue), {DISTRICT} subtree",
         lambda: ws.obligations(AS_OF, unit=DISTRICT, status="overdue"), True),
        (f"obligations(overdue), {DISTRICT} subtree, limit=100",
         lambda: ws.obligations(AS_OF, unit=DISTRICT, status="overdue", limit=100), True),
        (f"obligations(overdue), {COMMUNE}", lambda: ws.obligations(AS_OF, unit=COMMUNE, status="overdue"), True),
        (f"obligations(overdue), {COMMUNE}, limit=100",
         lambda: ws.obligations(AS_OF, unit=COMMUNE, status="overdue", limit=100), True),
        ("compliance(as_of), province", lambda: ws.compliance(AS_OF), False),
        (f"approval_list({month:%Y-%m}), province", lambda: ws.approval_list(month), False),
    ]  # fmt: skip
    print(f"\n  the library's queries, as_of {AS_OF}, warm, best of {rep}:")
    for name, call, is_overdue in cases:
        result, best, med = timed(call, rep)
        figures[name] = best
        row(name, best, med, len(result), verdict(best) if is_overdue else "")

    print("\n  where the time of the overdue queries goes (same statement, captured from the library):")
    statements = {}
    for name, call, is_overdue in cases:
        if not is_overdue:
            continue
        if not name.startswith("obligations("):
            continue
        stmt, params = captured(ws, call)
        statements[name] = (stmt, params)
        if "LIMIT" in stmt:
            continue
        (count,), best_c, med_c = timed(
            lambda s=stmt, p=params: raw(engine, f"SELECT count(*) FROM ({s}) AS q", p)[0], rep
        )
        row(f"{name}: count(*) only", best_c, med_c, count)
        rows_, best_t, med_t = timed(lambda s=stmt, p=params: raw(engine, s, p), rep)
        row(f"{name}: bare driver tuples", best_t, med_t, len(rows_))
        lib = figures[name]
        print(
            f"  {'':<62} the library's Python (result rows, ObligationView): {max(0.0, lib - best_t) * 1000:.1f} ms "
            f"({max(0.0, lib - best_t) / max(1, len(rows_)) * 1e6:.1f} µs a row)"
        )

    print("\n  the statement the library sends for the overdue list (province):")
    stmt, params = statements["obligations(overdue), province"]
    print("    " + " ".join(stmt.split()))
    print(f"    parameters: {params}")
    for name in (
        "obligations(overdue), province",
        "obligations(overdue), province, limit=100",
        f"obligations(overdue), {DISTRICT} subtree",
        f"obligations(overdue), {DISTRICT} subtree, limit=100",
        f"obligations(overdue), {COMMUNE}, limit=100",
    ):
        stmt, params = statements[name]
        print(f"\n  plan of {name}:")
        for line in explain(engine, stmt, params):
            print("    " + line)

    if args.experiments:
        experiments(ws, statements, figures, rep)
    ws.engine.dispose()
    return figures


# -- experiments -------------------------------------------------------------------------------------

VIEW_COLUMNS = tuple(getattr(db.Obligation, f.name) for f in attrs.fields(ObligationView))


def overdue_rows(ws: Workspace, unit: str | None = None, limit: int | None = None) -> list[ObligationView]:
    """EXPERIMENT, a service change: what ``Workspace.obligations(status="overdue")`` could do.

    (Written against the library of commit d2418f7, which built ORM objects and ordered by
    ``due IS NULL, due, id``; the library took (1)-(3) in b543946, except that it orders a subtree
    by ``(due, id)`` too. Kept to compare.)

    The same WHERE, but (1) it selects the view's columns and builds :class:`ObligationView`
    from the rows (no ORM entities, no identity map); (2) for the whole province it orders by
    ``(due, id)``: an overdue obligation always has a due date, so ``due IS NULL`` in the ORDER BY
    only stops the index on ``due`` from giving the order (a LIMIT then needs every match sorted
    first); a subtree keeps the library's order (see below); (3) on SQLite a
    subtree is a range of paths, ``path <= unit_path < path[:-1] + "0"``: SQLite cannot use an
    index for ``unit_path LIKE ? || '%'`` (LIKE is case-insensitive there and the pattern is an
    expression). PostgreSQL keeps LIKE (its index is text_pattern_ops).
    """
    o = db.Obligation
    q = select(*VIEW_COLUMNS).where(
        o.started_on <= AS_OF, or_(o.done_on.is_(None), o.done_on > AS_OF), o.due < AS_OF
    )
    with ws.session() as s:
        if unit is not None:
            path = s.get(db.Unit, unit).path  # type: ignore[union-attr]
            if ws.engine.dialect.name == "sqlite":
                q = q.where(o.unit_path >= path, o.unit_path < path[:-1] + chr(ord(path[-1]) + 1))
            else:
                q = q.where(o.unit_path.startswith(path, autoescape=True))
        # the whole province: (due, id), which the index on due gives in order. A subtree keeps
        # the library's order: with (due, id) PostgreSQL walks ix_obligations_due in due order and
        # filters the path (150 ms warm, seconds cold, for 100 rows of a small subtree) instead
        # of taking the subtree's few thousand rows from ix_obligations_unit_path and sorting.
        q = q.order_by(o.due, o.id) if unit is None else q.order_by(o.due.is_(None), o.due, o.id)
        if limit:
            q = q.limit(limit)
        return [ObligationView(*r) for r in s.execute(q)]


def plan_of(ws: Workspace, call: Callable[[], Any]) -> list[str]:
    stmt, params = captured(ws, call)
    return explain(ws.engine, stmt, params)


def experiments(
    ws: Workspace, statements: dict[str, tuple[str, Any]], figures: dict[str, float], rep: int
) -> None:
    """What a change of service or schema would buy; in this benchmark database only."""
    engine = ws.engine
    pg = engine.dialect.name == "postgresql"
    print("\n  EXPERIMENT A: a service change, no schema change (see overdue_rows() in this file):")
    print(
        "  the view's columns as rows (no ORM entities); ORDER BY due, id for the whole province "
        "(a subtree keeps the library's order); a subtree as a path range on SQLite"
    )
    variants: list[tuple[str, Callable[[], Any]]] = [
        ("A: overdue, province", lambda: overdue_rows(ws)),
        ("A: overdue, province, limit=100", lambda: overdue_rows(ws, limit=100)),
        (f"A: overdue, {DISTRICT} subtree", lambda: overdue_rows(ws, DISTRICT)),
        (f"A: overdue, {DISTRICT} subtree, limit=100", lambda: overdue_rows(ws, DISTRICT, 100)),
    ]
    for name, call in variants:
        result, best, med = timed(call, rep)
        figures[name] = best
        row(name, best, med, len(result), verdict(best))
    lib = ws.obligations(AS_OF, status="overdue")
    assert [v.id for v in overdue_rows(ws)] == [v.id for v in lib], "variant A disagrees with the library"
    for name in ("A: overdue, province, limit=100", f"A: overdue, {DISTRICT} subtree, limit=100"):
        call = dict(variants)[name]
        print(f"\n  plan of {name}:")
        for line in plan_of(ws, call):
            print("    " + line)

    indexes = (
        "CREATE INDEX ix_bench_open_due ON obligations (due, id) WHERE done_on IS NULL",
        "CREATE INDEX ix_bench_done_on ON obligations (done_on)",
    )
    print("\n  EXPERIMENT B: a schema change (indexes made in this database only):")
    for ddl in indexes:
        print(f"    {ddl}")
    with engine.begin() as conn:
        for ddl in indexes:
            conn.exec_driver_sql(ddl)
    analyze(engine)
    stmt, params = statements["obligations(overdue), province"]
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("B: library obligations(overdue), province", lambda: ws.obligations(AS_OF, status="overdue")),
        ("B: library statement, count(*) only",
         lambda: raw(engine, f"SELECT count(*) FROM ({stmt}) AS q", params)[0][0]),
        ("B: library obligations(overdue), province, limit=100",
         lambda: ws.obligations(AS_OF, status="overdue", limit=100)),
        ("B: A + index, overdue, province", lambda: overdue_rows(ws)),
        ("B: A + index, overdue, province, limit=100", lambda: overdue_rows(ws, limit=100)),
    ]  # fmt: skip
    for name, call in cases:
        result, best, med = timed(call, rep)
        figures[name] = best
        row(name, best, med, result if isinstance(result, int) else len(result), verdict(best))
    print("\n  plan of the library's overdue statement (province) with these indexes:")
    for line in explain(engine, stmt, params):
        print("    " + line)

    ddl = "CREATE INDEX ix_bench_compliance ON obligations (unit_id, started_on, done_on, due)"
    print(f"\n  EXPERIMENT C: compliance() with a covering index: {ddl}")
    with engine.begin() as conn:
        conn.exec_driver_sql(ddl)
    analyze(engine)
    result, best, med = timed(lambda: ws.compliance(AS_OF), rep)
    figures["C: compliance(as_of), province"] = best
    row("C: compliance(as_of), province", best, med, len(result))
    for line in plan_of(ws, lambda: ws.compliance(AS_OF)):
        print("    " + line)
    if not pg:
        print("  (SQLite: ANALYZE was run before B and C; the library itself never runs it)")


# -- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="obligations (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="a small run: 50,000 obligations, 3 repeats")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query, best kept (default 5)")
    parser.add_argument("--seed", type=int, default=20260227)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("CBCCVC_TEST_PG_URL"),
        help="PostgreSQL server URL (default $CBCCVC_TEST_PG_URL); a fresh database is made from it",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--no-experiments", dest="experiments", action="store_false")
    parser.add_argument("--workdir", help="directory for the SQLite file (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the databases after the run")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows = min(args.rows, 50_000)
        args.repeat = min(args.repeat, 3)
    print("bench_overdue: the overdue query over many obligations")
    print(
        f"  {args.rows:,} obligations over {FIRST_DAY}..{AS_OF}, as_of {AS_OF}, district {DISTRICT}, "
        f"repeat {args.repeat}, seed {args.seed}, province {PROVINCE}"
    )
    for line in machine_info():
        print(line)
    default_registry()  # load the plugins before any timing
    results = {}
    if not args.no_sqlite:
        with sqlite_file(args.workdir, args.keep) as path:
            results["SQLite"] = bench_database(f"SQLite ({path})", path, args)
    if not args.no_pg:
        if not args.pg_url:
            print("\n== PostgreSQL: skipped (no --pg-url and CBCCVC_TEST_PG_URL is unset) ==")
        else:
            with pg_database(args.pg_url, keep=args.keep) as url:
                results["PostgreSQL"] = bench_database(f"PostgreSQL ({make_url(url).database})", url, args)
    print(f"\nsummary: best times in ms (target for the overdue query: {TARGET_S} s)")
    keys = [
        "overdue: count + first 100, province",
        "overdue: rows 30,001-30,100 (keyset page), province",
        f"overdue: count + first 100, {DISTRICT} subtree",
        "iter_obligations(overdue), province, every row by pages of 2,000",
        "obligations(overdue), province",
        "obligations(overdue), province, limit=100",
        f"obligations(overdue), {DISTRICT} subtree",
        f"obligations(overdue), {DISTRICT} subtree, limit=100",
        f"obligations(overdue), {COMMUNE}",
        f"obligations(overdue), {COMMUNE}, limit=100",
        "compliance(as_of), province",
        "approval_list(" + f"{AS_OF:%Y-%m}" + "), province",
        "A: overdue, province",
        "A: overdue, province, limit=100",
        f"A: overdue, {DISTRICT} subtree",
        "B: library obligations(overdue), province",
        "B: A + index, overdue, province",
        "C: compliance(as_of), province",
    ]
    names = list(results)
    print(f"  {'':<52}" + "".join(f"{n:>12}" for n in names))
    for key in keys:
        if any(key in results[n] for n in names):
            cells = "".join(
                f"{results[n][key] * 1000:12.1f}" if key in results[n] else f"{'-':>12}" for n in names
            )
            print(f"  {key:<52}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
