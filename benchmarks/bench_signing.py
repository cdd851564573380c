"""Benchmark: signed approvals per second, against pyHanko signing the same bytes.

    .venv/bin/python benchmarks/bench_signing.py [--revisions N] [--quick] [--keys ecdsa,rsa]

For each key type (ECDSA P-256, RSA-2048), on a fresh SQLite workspace (Kon Tum, whose text
approves by digital signature):

1. setup (not measured): a test PKI of that key type (root → issuing CA → the approver), the
   root and CRL as the workspace's trust configuration, the approver (unit head of Sở Y tế,
   with a personal account), and N revisions submitted in March 2026 (people, dossiers and
   revision rows written in bulk, then marked submitted);
2. ours: ``cbccvc_core.signing.acts.sign_month`` over the N dossiers: each an ``Actor.approve``
   transaction with the certificate checks, the canonical bytes (RFC 8785), pyHanko's CMS
   signature, the signature row, the audit entries and the outbox row;
3. the baseline, in the same run: pyHanko alone (``Signer.async_sign_general_data``, detached,
   SHA-256, signingTime) signing the very bytes step 2 signed (read back from the database), in
   one event loop, no database; and, stricter, the very pyHanko calls our signing makes
   (attributes with the signing-certificate attribute built once, then
   ``async_sign_prescribed_attributes``) with no database: what the database work costs;
4. then ``verify_approvals`` over the N signatures (re-derive, check CMS and certificate).

It prints approvals/s, pyHanko signatures/s and the ratio (target: at least 0.8), and the
verification rate. ``--quick``: 300 revisions. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from bench_overdue import machine_info, person_row
from sqlalchemy import insert, select

from cbccvc_core.db import schema as db
from cbccvc_core.db import schema_signing as sdb
from cbccvc_core.model.dossier import DossierContent, Identity, content_hash, unstructure_content
from cbccvc_core.model.people import PersonRecord, kontum_identifier
from cbccvc_core.service import Workspace
from cbccvc_core.signing import approvals, trust
from cbccvc_core.signing.acts import sign_month
from cbccvc_core.signing.pki import TestPKI

SETUP = date(2026, 1, 2)
SUBMITTED = date(2026, 3, 20)
APPROVED = date(2026, 3, 27)
HEAD = PersonRecord(
    personal_id="062075900001",
    full_name="Trần Văn Giám",
    birth_date=date(1975, 3, 4),
    gender="male",
    category="cong_chuc",
)


def build(url: str, n: int, pki: TestPKI, seed: int) -> tuple[Workspace, str, list[int]]:
    ws = Workspace.create(url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="admin", on=SETUP)
    admin = ws.as_account("admin")
    admin.add_unit("KT.SYT", parent="KT", kind="department", name="Sở Y tế", on=SETUP)
    admin.add_unit(
        "KT.SYT.BV", parent="KT.SYT", kind="public_service_unit", name="Bệnh viện Đa khoa tỉnh", on=SETUP
    )
    ident = Identity(
        full_name=HEAD.full_name, gender="male", birth_date=HEAD.birth_date, personal_id=HEAD.personal_id
    )
    did = admin.recruit(
        HEAD, unit="KT.SYT", content=DossierContent(identity=ident), decision_on=SETUP, on=SETUP
    )
    username = kontum_identifier(HEAD.personal_id)
    admin.issue_account(
        username, kind="personal", unit="KT.SYT", role="unit_head", on=SETUP, person_dossier=did
    )
    admin.add_trust_root(pki.root_pem.read_bytes(), on=SETUP)
    admin.add_crl(pki.crl_path.read_bytes(), on=SETUP)
    rng = random.Random(seed)
    with ws.session() as s, s.begin():
        admin_id = s.execute(select(db.Account.id).where(db.Account.username == "admin")).scalar_one()
        path = s.get(db.Unit, "KT.SYT.BV").path
        first_person = (
            s.execute(select(db.Person.id).order_by(db.Person.id.desc())).scalars().first() or 0
        ) + 1
        people, dossiers, revisions = [], [], []
        for i in range(n):
            row = person_row(rng, i + 1)
            pid = first_person + i
            people.append(
                {
                    "id": pid,
                    "personal_id": row["personal_id"],
                    "full_name": row["full_name"],
                    "birth_date": row["birth_date"],
                    "gender": row["gender"],
                    "category": "cong_chuc",
                }
            )
            content = DossierContent(
                identity=Identity(
                    full_name=row["full_name"],
                    gender=row["gender"],
                    birth_date=row["birth_date"],
                    personal_id=row["personal_id"],
                )
            )
            dossiers.append(
                {
                    "person_id": pid,
                    "unit_id": "KT.SYT.BV",
                    "unit_path": path,
                    "review": "submitted",
                    "employment": "active",
                    "exit_reason": None,
                    "recruited_on": SETUP,
                    "current_revision": 1,
                    "approved_revision": None,
                    "version": 1,
                }
            )
            revisions.append((unstructure_content(content), content_hash(content)))
        objs = [db.Person(**{k: v for k, v in p.items() if k != "id"}) for p in people]
        s.add_all(objs)  # through the ORM: personal_id is encrypted, with its blind index
        s.flush()
        for d, o in zip(dossiers, objs, strict=True):
            d["person_id"] = o.id
        s.execute(insert(db.Dossier), dossiers)
        ids = list(
            s.execute(
                select(db.Dossier.id).where(db.Dossier.person_id >= objs[0].id).order_by(db.Dossier.id)
            ).scalars()
        )
        s.execute(
            insert(db.Revision),
            [
                {
                    "dossier_id": d,
                    "number": 1,
                    "content": c,
                    "content_hash": h,
                    "state": "submitted",
                    "created_on": SETUP,
                    "created_by": admin_id,
                    "submitted_on": SUBMITTED,
                }
                for d, (c, h) in zip(ids, revisions, strict=True)
            ],
        )
    return ws, username, ids


def pyhanko_alone(signer, payloads: list[bytes]) -> float:
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    hanko = signer.pyhanko_signer

    async def run() -> float:
        t = time.perf_counter()
        for data in payloads:
            await hanko.async_sign_general_data(
                data,
                "sha256",
                detached=True,
                signed_attr_settings=PdfCMSSignedAttributes(signing_time=datetime.now(UTC)),
            )
        return time.perf_counter() - t

    return asyncio.run(run())


def signing_path_alone(signer, payloads: list[bytes]) -> float:
    """The pyHanko calls our signing makes (signed attributes with the certificate attribute
    built once, then ``async_sign_prescribed_attributes``), with no database."""
    from cbccvc_core.signing.signer import _sign_cms

    hanko = signer.pyhanko_signer

    async def run() -> float:
        t = time.perf_counter()
        for data in payloads:
            await _sign_cms(hanko, data, datetime.now(UTC))
        return time.perf_counter() - t

    return asyncio.run(run())


def bench(key: str, n: int, tmp: Path, seed: int) -> dict[str, float]:
    pki = TestPKI.generate(tmp / f"pki-{key}", people=[(HEAD.personal_id, HEAD.full_name)], key=key)
    url = str(tmp / f"signing-{key}.db")
    t = time.perf_counter()
    ws, username, ids = build(url, n, pki, seed)
    print(f"  setup: {n:,} submitted revisions in {time.perf_counter() - t:.1f} s", flush=True)
    signer = pki.signer(HEAD.personal_id)
    trust.clear_cache()
    t = time.perf_counter()
    result = sign_month(ws, username, "KT.SYT", "2026-03", signer, on=APPROVED, dossiers=ids)
    ours = time.perf_counter() - t
    assert len(result.signed) == n and result.stopped is None, result
    with ws.session() as s:
        payloads = []
        for sig in s.execute(select(sdb.ApprovalSignature).order_by(sdb.ApprovalSignature.id)).scalars():
            rev = s.get(db.Revision, sig.revision_id)
            payloads.append(approvals.approval_bytes(s, "kontum", rev, sig.account_id, sig.signed_at))
    base = pyhanko_alone(signer, payloads)
    floor = signing_path_alone(signer, payloads)
    trust.clear_cache()
    t = time.perf_counter()
    checks = approvals.verify_approvals(ws)
    verify = time.perf_counter() - t
    assert len(checks) == n and all(c.ok for c in checks)
    size = sum(len(p) for p in payloads) / len(payloads)
    ws.engine.dispose()
    return {
        "ours": n / ours,
        "baseline": n / base,
        "ratio": (n / ours) / (n / base),
        "floor": n / floor,
        "floor_ratio": (n / ours) / (n / floor),
        "verify": n / verify,
        "bytes": size,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--revisions", type=int, default=10_000, help="revisions to approve (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="a small run: 300 revisions")
    parser.add_argument("--keys", default="ecdsa,rsa", help="key types: ecdsa, rsa (default both)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    n = 300 if args.quick else args.revisions
    print("Signed approvals vs pyHanko alone (SQLite)")
    print("\n".join(machine_info()))
    print(f"  load average {os.getloadavg()[0]:.2f}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="cbccvc-bench-signing-") as tmp:
        for key in args.keys.split(","):
            label = {"ecdsa": "ECDSA P-256", "rsa": "RSA-2048"}[key]
            print(f"{label}, {n:,} revisions:", flush=True)
            r = bench(key, n, Path(tmp), args.seed)
            verdict = "ok" if r["ratio"] >= 0.8 else "BELOW TARGET"
            ok = ok and r["ratio"] >= 0.8
            print(
                f"  signed approvals    {r['ours']:8.1f} /s   (approve + check + sign + store, one transaction each)"
            )
            print(
                f"  pyHanko alone       {r['baseline']:8.1f} /s   (same {r['bytes']:.0f}-byte payloads, no database)"
            )
            print(f"  ratio               {r['ratio']:8.2f}      target >= 0.8: {verdict}")
            print(
                f"  pyHanko, our path   {r['floor']:8.1f} /s   (same pyHanko calls as ours, attributes "
                f"cached; no database) ratio {r['floor_ratio']:.2f}"
            )
            print(f"  verify --db         {r['verify']:8.1f} /s   (re-derive, CMS, certificate)")
    print(f"  load average {os.getloadavg()[0]:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
