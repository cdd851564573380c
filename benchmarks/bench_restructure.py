"""Benchmark: moving and dissolving a large district, on SQLite and (optionally) PostgreSQL.

    .venv/bin/python benchmarks/bench_restructure.py [--dossiers N] [--own M] [--communes C] [--pg-url URL]

Builds a Kon Tum workspace through the real migration, a district with C communes (through the
API), then bulk-inserts (setup, not measured) N dossiers spread over the communes, M dossiers in the
district itself, and three obligations per dossier (one done). It then times, once each:

- ``reparent_unit``: the district and its subtree move under another unit. One set-based UPDATE
  per table rewrites every path under the old prefix (units, dossiers, obligations);
- ``dissolve_unit``: the district ends, the province as successor. Each commune moves (one
  set-based rewrite per commune subtree), the M dossiers of the district itself are re-homed one by
  one with an audit entry each, its open obligations move in one statement.

and checks afterwards that every dossier and obligation sits at its unit's path. Figures are
wall-clock seconds (``time.perf_counter``), one run each; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from datetime import date
from urllib.parse import quote

import sqlalchemy as sa

from cbccvc_core.db import schema as db
from cbccvc_core.db.engine import normalise_url
from cbccvc_core.service import Workspace

DAY = date(2026, 3, 2)
ON = date(2026, 7, 1)


def fill(ws: Workspace, communes: list[str], n: int, own: int) -> None:
    with ws.engine.begin() as conn:
        admin_id = conn.execute(sa.select(db.Account.id).where(db.Account.username == "admin")).scalar_one()
        event_id = conn.execute(
            sa.insert(db.Event)
            .values(
                kind="recruitment_decision",
                occurred_on=DAY,
                dossier_id=None,
                unit_id="KT.D",
                account_id=admin_id,
            )
            .returning(db.Event.id)
        ).scalar_one()
        paths = dict(conn.execute(sa.select(db.Unit.id, db.Unit.path)).all())
        homes = [communes[i % len(communes)] for i in range(n)] + ["KT.D"] * own
        people = [
            {
                "id": i + 1,
                "personal_id": f"062090{i:06d}",
                "personal_id_index": f"bench:{i}",  # never looked up here
                "full_name": f"Người {i}",
                "birth_date": date(1990, 1, 1),
                "gender": "male",
                "category": "cong_chuc",
            }
            for i in range(len(homes))
        ]
        conn.execute(sa.insert(db.Person), people)
        dossiers = [
            {
                "id": i + 1,
                "person_id": i + 1,
                "unit_id": u,
                "unit_path": paths[u],
                "review": "entering",
                "employment": "active",
                "exit_reason": None,
                "recruited_on": DAY,
                "current_revision": 1,
                "approved_revision": None,
                "version": 1,
            }
            for i, u in enumerate(homes)
        ]
        conn.execute(sa.insert(db.Dossier), dossiers)
        obligations = [
            {
                "event_id": event_id,
                "dossier_id": i + 1,
                "unit_id": u,
                "unit_path": paths[u],
                "obligation": "enter_dossier",
                "actor": "employing_unit",
                "period": "30 working days",
                "started_on": DAY,
                "due": date(2026, 4, 14),
                "window_start": None,
                "basis": "kontum Điều 10.1",
                "done_on": DAY if k == 0 else None,
                "done_by": admin_id if k == 0 else None,
                "late": False if k == 0 else None,
            }
            for i, u in enumerate(homes)
            for k in range(3)
        ]
        for start in range(0, len(obligations), 20000):
            conn.execute(sa.insert(db.Obligation), obligations[start : start + 20000])


def consistent(ws: Workspace) -> bool:
    with ws.engine.connect() as conn:
        u = db.Unit
        bad_d = conn.execute(
            sa.select(sa.func.count())
            .select_from(db.Dossier)
            .join(u, u.id == db.Dossier.unit_id)
            .where(sa.or_(u.path != db.Dossier.unit_path, u.active.is_(False)))
        ).scalar_one()
        bad_o = conn.execute(
            sa.select(sa.func.count())
            .select_from(db.Obligation)
            .join(u, u.id == db.Obligation.unit_id)
            .where(u.path != db.Obligation.unit_path)
        ).scalar_one()
    return bad_d == 0 and bad_o == 0


def run(url: str, label: str, n: int, own: int, c: int) -> None:
    t0 = time.perf_counter()
    ws = Workspace.create(url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="admin", on=DAY)
    admin = ws.as_account("admin")
    admin.add_unit("KT.SNV", parent="KT", kind="department", name="Sở Nội vụ", on=DAY)
    admin.add_unit("KT.D", parent="KT", kind="district", name="UBND huyện", on=DAY)
    communes = [f"KT.D.X{i:02d}" for i in range(c)]
    for cid in communes:
        admin.add_unit(cid, parent="KT.D", kind="commune", name=f"UBND xã {cid}", on=DAY)
    fill(ws, communes, n, own)
    setup = time.perf_counter() - t0
    print(f"{label}: setup {setup:.1f} s ({n + own} dossiers, {3 * (n + own)} obligations, {c} communes)")

    t = time.perf_counter()
    out = admin.reparent_unit("KT.D", parent="KT.SNV", decision_ref="QĐ 1", on=ON)
    dt = time.perf_counter() - t
    print(
        f"{label}: reparent_unit  {dt:7.3f} s  rewritten: "
        f"units {out.counts['units_readdressed']}, dossiers {out.counts['dossiers_readdressed']}, "
        f"obligations {out.counts['obligations_readdressed']}"
    )
    t = time.perf_counter()
    out = admin.dissolve_unit("KT.D", successor="KT", decision_ref="QĐ 2", on=ON)
    dt = time.perf_counter() - t
    print(
        f"{label}: dissolve_unit  {dt:7.3f} s  units moved {out.counts['units_moved']}, "
        f"dossiers re-homed {out.counts['dossiers_moved']}, open obligations moved "
        f"{out.counts['obligations_moved']}, dossier paths rewritten {out.counts['dossiers_readdressed']}"
    )
    ok = consistent(ws) and ws.verify_audit().ok
    print(f"{label}: consistent afterwards: {ok}")
    ws.engine.dispose()
    if not ok:
        sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=50000, help="dossiers in the communes")
    ap.add_argument("--own", type=int, default=2000, help="dossiers of the district itself")
    ap.add_argument("--communes", type=int, default=30)
    ap.add_argument("--pg-url", default=os.environ.get("CBCCVC_TEST_PG_URL"))
    ap.add_argument("--quick", action="store_true", help="5,000 dossiers, 200 of the district's own")
    args = ap.parse_args()
    if args.quick:
        args.dossiers, args.own = 5000, 200
    with tempfile.TemporaryDirectory() as folder:
        run(os.path.join(folder, "bench.db"), "sqlite", args.dossiers, args.own, args.communes)
    if args.pg_url:
        schema = "bench_restr_" + secrets.token_hex(4)
        admin = sa.create_engine(normalise_url(args.pg_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in args.pg_url else "?"
            url = f"{args.pg_url}{sep}options=" + quote(f"-csearch_path={schema}", safe="")
            run(url, "postgresql", args.dossiers, args.own, args.communes)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()


if __name__ == "__main__":
    main()
