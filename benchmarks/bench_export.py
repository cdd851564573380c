"""Benchmark: signed PDF exports of dossiers per second.

    .venv/bin/python benchmarks/bench_export.py [--exports N] [--dossiers K] [--quick] [--key ecdsa|rsa]

Setup (not timed): a Kon Tum workspace in a temporary SQLite file, a test PKI (root → issuing CA
→ the Sở Y tế head's personal certificate and the Sở Y tế organisation certificate), the root
and CRL trusted by the workspace, and K dossiers with every table of the sơ yếu lý lịch filled,
recruited, submitted and approved with a signature (Kon Tum approves by ký số, Điều 8.1); a local
RFC 3161 timestamp server on 127.0.0.1 (:class:`cbccvc_core.export.tsa.LocalTSA`).

Timed, N exports per mode, one after the other in this process (dossiers taken in turn), each
``export_dossier(ws, id, …)`` from the database to the finished bytes:

- ``unsigned``: read the approved revision, lay out the form (fpdf2), add the two signature fields;
- ``B-B``: the same, then both certificates checked against the PKI (path, CRL), then two PAdES
  signatures with visible stamps (the competent person's, then the agency's over it);
- ``B-T``: as B-B, each signature with a timestamp from the local TSA (one HTTP request each).

It prints exports/s and the median and 95th percentile of one export, then the time of each step
of a signed export (render, first signature, second signature) and the rate of verification
(pyHanko's validator on both signatures, trust and CRL checked). Every file made is checked: the
last export of each signed mode must validate (intact, trusted, the last signature covering the
whole file), or the script exits with status 1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date as D
from pathlib import Path

from bench_overdue import machine_info

from cbccvc_core.export import export_dossier, load_source, prepare
from cbccvc_core.export.pades import Party, sign_field, stamp_font
from cbccvc_core.export.tsa import LocalTSA
from cbccvc_core.export.verify import all_ok, validate_pdf, validation_context
from cbccvc_core.model.dossier import (
    Allowance,
    Degree,
    DossierContent,
    Education,
    Employment,
    EthnicityReligion,
    Identity,
    Relative,
    Reward,
    RewardsDiscipline,
    Salary,
    SalaryStep,
    WorkPeriod,
)
from cbccvc_core.model.people import PersonRecord
from cbccvc_core.service import Workspace
from cbccvc_core.signing.pki import TestPKI

HEAD = ("062080000009", "Trần Văn Phê Duyệt")
AGENCY = ("KT.SYT", "Sở Y tế")
SETUP = D(2026, 1, 2)


def _content(p: PersonRecord, i: int) -> DossierContent:
    return DossierContent(
        identity=Identity(
            full_name=p.full_name,
            gender=str(p.gender),
            birth_date=p.birth_date,
            personal_id=p.personal_id,
            birthplace="Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum",
            hometown="Xã Nghĩa Hành, huyện Tư Nghĩa, tỉnh Quảng Ngãi",
            current_residence="Phường Quyết Thắng, thành phố Kon Tum",
        ),
        ethnicity_religion=EthnicityReligion(ethnicity="Xơ Đăng", religion="Không"),
        education=Education(
            general_education="12/12",
            highest_professional_level="Thạc sĩ",
            degrees=[
                Degree(
                    start=D(2008, 9, 1),
                    end=D(2012, 6, 1),
                    institution="Trường Đại học Tây Nguyên",
                    field="Quản lý nhà nước",
                    qualification="Cử nhân",
                )
            ],
        ),
        employment=Employment(first_recruited_on=D(2013, 1, 2), current_position="Chuyên viên"),
        work_history=[
            WorkPeriod(start=D(2013 + k, 1, 1), end=D(2014 + k, 1, 1), unit=f"Phòng Nghiệp vụ Y {k + 1}")
            for k in range(6)
        ],
        salary=Salary(
            rank_code="01.003",
            grade=3,
            coefficient="3.00",
            effective_date=D(2024, 7, 1),
            allowances=[Allowance(kind="Phụ cấp ưu đãi nghề", percent=30)],
            history=[
                SalaryStep(
                    start=D(2013, 1, 1), end=D(2015, 12, 1), rank_code="01.003", grade=1, coefficient="2.34"
                )
            ],
        ),
        rewards_discipline=RewardsDiscipline(
            rewards=[
                Reward(
                    decided_on=D(2022, 12, 20), form="Giấy khen của Giám đốc Sở", decision_ref=f"{i}/QĐ-SYT"
                )
            ]
        ),
        family=[
            Relative(side="own", relation="father", full_name="Nguyễn Văn Dũng", birth_year=1960),
            Relative(side="own", relation="mother", full_name="Lê Thị Hồng", birth_year=1962),
            Relative(side="spouse", relation="mother", full_name="Trần Thị Ửng", birth_year=1963),
        ],
    )


def setup(folder: Path, dossiers: int, key: str) -> tuple[Workspace, list[int], TestPKI]:
    ws = Workspace.create(
        str(folder / "kt.db"), "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="admin", on=SETUP
    )
    admin = ws.as_account("admin")
    admin.add_unit("KT.SYT", parent="KT", kind="department", name="Sở Y tế", on=SETUP)
    admin.add_unit(
        "KT.SYT.BV", parent="KT.SYT", kind="public_service_unit", name="Bệnh viện Đa khoa tỉnh", on=SETUP
    )
    admin.issue_account("syt.head", kind="agency", unit="KT.SYT", role="unit_head", on=SETUP)
    admin.issue_account("bv.unit", kind="agency", unit="KT.SYT.BV", role=None, on=SETUP)
    pki = TestPKI.generate(folder / "pki", people=[HEAD], organisations=[AGENCY], key=key)
    admin.add_trust_root(pki.root_pem.read_bytes(), on=SETUP)
    admin.add_crl(pki.crl_path.read_bytes(), on=SETUP)
    admin.bind_certificate("syt.head", pki.certificate(HEAD[0]).dump(), document_ref="QĐ 1/QĐ-SYT", on=SETUP)
    unit, head = ws.as_account("bv.unit"), ws.as_account("syt.head")
    ids = []
    for i in range(dossiers):
        p = PersonRecord(
            personal_id=f"0621900{i:05d}",
            full_name="Nguyễn Thị Hồng Nhung",
            birth_date=D(1990, 5, 1),
            gender="female",
            category="vien_chuc",
        )
        did = unit.recruit(
            p, unit="KT.SYT.BV", content=_content(p, i), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
        )
        unit.submit(did, on=D(2026, 3, 20))
        head.approve(did, on=D(2026, 3, 27), signer=pki.signer(HEAD[0]))
        ids.append(did)
    return ws, ids, pki


def _stats(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return f"{len(times) / sum(times):7.2f} exports/s   median {1000 * statistics.median(times):7.1f} ms   p95 {1000 * p95:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exports", type=int, default=40, help="exports per mode (default 40)")
    ap.add_argument("--dossiers", type=int, default=5, help="distinct dossiers, taken in turn (default 5)")
    ap.add_argument("--key", choices=("ecdsa", "rsa"), default="ecdsa", help="key type of the test PKI")
    ap.add_argument("--quick", action="store_true", help="5 exports per mode, 2 dossiers (a few seconds)")
    args = ap.parse_args(argv)
    if args.quick:
        args.exports, args.dossiers = 5, 2
    print("bench_export: signed PDF exports (sơ yếu lý lịch, PAdES, two signatures)")
    print("\n".join(machine_info()))
    failures = 0
    with (
        tempfile.TemporaryDirectory(prefix="cbccvc_bench_export_") as tmp,
        LocalTSA(Path(tmp) / "tsa") as tsa,
    ):
        folder = Path(tmp)
        t0 = time.perf_counter()
        ws, ids, pki = setup(folder, args.dossiers, args.key)
        signers = [(pki.signer(HEAD[0]), "Giám đốc"), (pki.signer(AGENCY[0]), "Cơ quan, đơn vị")]
        vc = pki.validation_context()
        # Warm-up (not timed): imports, the cut stamp font, first-use caches.
        export_dossier(ws, ids[0], signers=signers, validation_context=vc, timestamper_url=tsa.url)
        print(
            f"  setup {time.perf_counter() - t0:.1f} s: {len(ids)} approved dossiers, {args.key} keys, "
            f"TSA at {tsa.url}; {args.exports} exports per mode\n"
        )
        last: dict[str, bytes] = {}
        for mode, kw in (
            ("unsigned", {}),
            ("B-B", {"signers": signers, "validation_context": vc}),
            ("B-T", {"signers": signers, "validation_context": vc, "timestamper_url": tsa.url}),
        ):
            times = []
            for n in range(args.exports):
                start = time.perf_counter()
                last[mode] = export_dossier(ws, ids[n % len(ids)], **kw)  # type: ignore[arg-type]
                times.append(time.perf_counter() - start)
            print(f"  {mode:9s} {_stats(times)}   ({len(last[mode]) / 1024:.0f} KiB a file)")

        # The steps of one B-T export.
        steps: dict[str, list[float]] = {
            "load + render + fields": [],
            "signature 1 (person)": [],
            "signature 2 (agency)": [],
        }
        for n in range(min(args.exports, 10)):
            a = time.perf_counter()
            pdf, layout = prepare(load_source(ws, ids[n % len(ids)]))
            b = time.perf_counter()
            pdf = sign_field(
                pdf,
                layout.person.field_name,
                Party(*signers[0]),
                timestamper_url=tsa.url,
                validation_context=vc,
            )
            c = time.perf_counter()
            pdf = sign_field(
                pdf,
                layout.agency.field_name,
                Party(*signers[1]),
                timestamper_url=tsa.url,
                validation_context=vc,
            )
            d = time.perf_counter()
            for name, value in zip(steps, (b - a, c - b, d - c), strict=True):
                steps[name].append(value)
        print("\n  one B-T export, median of each step:")
        for name, values in steps.items():
            print(f"    {name:24s} {1000 * statistics.median(values):7.1f} ms")

        trust = validation_context([pki.root_pem, tsa.root_pem], [pki.crl_path])
        times = []
        for _ in range(min(args.exports, 10)):
            start = time.perf_counter()
            reports = validate_pdf(last["B-T"], trust)
            times.append(time.perf_counter() - start)
        print(f"\n  verify (pyHanko, 2 signatures, B-T) {len(times) / sum(times):6.2f} files/s")
        for mode in ("B-B", "B-T"):
            reports = validate_pdf(last[mode], trust)
            ok = all_ok(reports) and len(reports) == 2
            failures += not ok
            print(f"  check {mode}: {'ok' if ok else 'FAILED'} ({', '.join(r.level for r in reports)})")
        print(f"\n  stamp font cut once per process: {_font_once():.0f} ms (not in the figures above)")
        ws.engine.dispose()
    return 1 if failures else 0


def _font_once() -> float:
    stamp_font.cache_clear()
    start = time.perf_counter()
    stamp_font()
    return 1000 * (time.perf_counter() - start)


if __name__ == "__main__":
    sys.exit(main())
