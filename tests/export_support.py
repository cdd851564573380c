"""Helpers of the export tests (``tests/test_export_*.py``): a filled-in dossier, an approved
dossier in a Kon Tum world, and the external tools (pdftotext, pdfsig) they read PDFs with."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date as D
from pathlib import Path

import pytest
from conftest_db import person

from cbccvc_core.model.dossier import (
    Allowance,
    Degree,
    DossierContent,
    Education,
    Employment,
    EthnicityReligion,
    Identity,
    LanguageSkill,
    Political,
    Relative,
    Reward,
    RewardsDiscipline,
    Salary,
    SalaryStep,
    WorkPeriod,
)
from cbccvc_core.model.people import PersonRecord

PDFTOTEXT = shutil.which("pdftotext")
PDFSIG = shutil.which("pdfsig")
needs_pdftotext = pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed; CI has it"
)
needs_pdfsig = pytest.mark.skipif(PDFSIG is None, reason="pdfsig (poppler-utils) is not installed; CI has it")


def rich_content(p: PersonRecord, **identity: object) -> DossierContent:
    """A sơ yếu lý lịch with every table filled, in Vietnamese."""
    fields: dict[str, object] = {
        "full_name": p.full_name,
        "gender": str(p.gender),
        "birth_date": p.birth_date,
        "personal_id": p.personal_id,
        "other_names": ["Út Nhung"],
        "birthplace": "Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum",
        "hometown": "Xã Nghĩa Hành, huyện Tư Nghĩa, tỉnh Quảng Ngãi",
        "current_residence": "Phường Quyết Thắng, thành phố Kon Tum",
        "phone": "0905123456",
    }
    fields.update(identity)
    return DossierContent(
        identity=Identity(**fields),
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
                    mode="Chính quy",
                )
            ],
            foreign_languages=[LanguageSkill(language="Tiếng Anh", certificate="Bậc 3 (B1)")],
        ),
        political=Political(
            political_theory_level="intermediate",
            party_joined_on=D(2015, 3, 2),
            party_official_on=D(2016, 3, 2),
        ),
        employment=Employment(
            first_recruited_on=D(2013, 1, 2),
            recruiting_agency="Sở Y tế tỉnh Kon Tum",
            current_position="Phó Trưởng phòng",
            main_duties="Tổ chức bộ máy, quản lý hồ sơ công chức",
        ),
        work_history=[
            WorkPeriod(
                start=D(2013, 1, 1), end=D(2018, 12, 1), unit="Phòng Nghiệp vụ Y", position="Chuyên viên"
            ),
            WorkPeriod(start=D(2019, 1, 1), unit="Phòng Tổ chức cán bộ", position="Phó Trưởng phòng"),
        ],
        salary=Salary(
            rank_code="01.003",
            grade=4,
            coefficient="3.33",
            effective_date=D(2024, 7, 1),
            rank_name="Chuyên viên",
            allowances=[Allowance(kind="Phụ cấp chức vụ", coefficient="0.30")],
            history=[
                SalaryStep(
                    start=D(2013, 1, 1), end=D(2015, 12, 1), rank_code="01.003", grade=1, coefficient="2.34"
                )
            ],
        ),
        rewards_discipline=RewardsDiscipline(
            rewards=[
                Reward(
                    decided_on=D(2022, 12, 20),
                    form="Bằng khen của Chủ tịch UBND tỉnh",
                    decision_ref="1234/QĐ-UBND",
                )
            ]
        ),
        family=[
            Relative(
                side="own",
                relation="father",
                full_name="Nguyễn Văn Dũng",
                birth_year=1960,
                occupation="Hưu trí",
            ),
            Relative(
                side="spouse",
                relation="mother",
                full_name="Trần Thị Ửng",
                birth_year=1962,
                hometown="Bình Định",
            ),
        ],
    )


APPROVER = ("062080000009", "Trần Văn Phê Duyệt")
"""The Sở Y tế head's personal certificate in the test PKI (bound to the account ``syt.head``)."""


def approval_pki(world, directory: Path):
    """Where the province approves by digital signature (Kon Tum 8.1): a test PKI whose root and
    CRL the workspace trusts, and the head's certificate bound to the account ``syt.head``."""
    from cbccvc_core.signing.pki import TestPKI

    pki = TestPKI.generate(directory, people=[APPROVER])
    admin = world["admin"]
    admin.add_trust_root(pki.root_pem.read_bytes(), on=D(2026, 1, 5))
    admin.add_crl(pki.crl_path.read_bytes(), on=D(2026, 1, 5))
    admin.bind_certificate(
        "syt.head", pki.certificate(APPROVER[0]).dump(), document_ref="QĐ 12/QĐ-SYT", on=D(2026, 1, 5)
    )
    return pki


def approved_dossier(
    world, *, name: str = "Nguyễn Thị Hồng Nhung", pki=None, **identity: object
) -> tuple[int, PersonRecord]:
    """Recruit into the Kon Tum hospital, submit, have the Sở Y tế head approve (signing with
    ``pki``'s approver certificate, see :func:`approval_pki`): the dossier id and the person."""
    pr = person(name=name, gender="female", birth=D(1990, 5, 1))
    did = world["bv.unit"].recruit(
        pr,
        unit="KT.SYT.BV",
        content=rich_content(pr, **identity),
        decision_on=D(2026, 2, 10),
        on=D(2026, 2, 11),
    )
    world["bv.unit"].submit(did, on=D(2026, 3, 20))
    signer = pki.signer(APPROVER[0]) if pki is not None else None
    world["syt.head"].approve(did, on=D(2026, 3, 27), signer=signer)
    return did, pr


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    """pdftotext's reading of the file (poppler: another implementation than the one writing it)."""
    args = [str(PDFTOTEXT), "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True).stdout


def squeeze(text: str) -> str:
    """Without any whitespace (line breaks fall where the layout wraps)."""
    return re.sub(r"\s+", "", text)


def pdfsig(path: Path, home: Path) -> list[dict[str, str]]:
    """pdfsig's verdict on each signature: field, validation, total (a fresh HOME: no NSS db, so
    it checks integrity and says the issuer is unknown; trust is pyHanko's job here)."""
    env = {**os.environ, "HOME": str(home)}
    run = subprocess.run([str(PDFSIG), "-no-ocsp", str(path)], capture_output=True, text=True, env=env)
    sigs: list[dict[str, str]] = []
    for line in run.stdout.splitlines():
        if line.startswith("Signature #"):
            sigs.append({})
        elif sigs and ":" in line:
            key, _sep, value = line.strip(" -").partition(":")
            sigs[-1][key.strip()] = value.strip()
        elif sigs and "total document signed" in line.lower():
            sigs[-1]["total"] = "no" if "Not total" in line else "yes"
    return sigs
