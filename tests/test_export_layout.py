"""The exported PDF's layout: the form of TT 06/2023/TT-BNV in Vietnamese, read back by poppler.

The PDF is written by fpdf2; it is read here by poppler (pdftotext, pdffonts), so a text that
comes back is a text that was embedded with a usable font and ToUnicode map.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date as D
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from conftest_db import kontum_world, person, raw_engine, snapshot, tuyenquang_world
from export_support import approval_pki, approved_dossier, needs_pdftotext, pdf_text, rich_content, squeeze
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cbccvc_core.cli import main
from cbccvc_core.db import schema as db
from cbccvc_core.export import ExportError, NoApprovedRevisionError, export_dossier, legal_value_clause
from cbccvc_core.export.layout import ExportSource, render
from cbccvc_core.fonts import VIETNAMESE
from cbccvc_core.model.dossier import (
    Contract,
    ContractWorkerContent,
    Employer,
    Employment,
    Job,
    WorkerIdentity,
    content_hash,
)

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
KONTUM_TEXT = SEEDS / "003_5fce5249b49b3100.txt"
ALL_LETTERS = VIETNAMESE + VIETNAMESE.upper()


def _source(content, **kw) -> ExportSource:
    fields = {
        "dossier_id": 41,
        "revision": 3,
        "content_hash": content_hash(content),
        "approved_on": D(2026, 3, 27),
        "category": "cong_chuc",
        "content": content,
        "unit_name": "Bệnh viện Đa khoa tỉnh",
        "managing_unit_name": "Sở Y tế",
    }
    fields.update(kw)
    return ExportSource(**fields)


def _write(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_pdftotext
def test_every_vietnamese_letter_is_embedded_and_reads_back(tmp_path):
    pr = person(name="Nguyễn Thị Hồng Nhung", gender="female", birth=D(1990, 5, 1))
    c = rich_content(pr, birthplace=VIETNAMESE, hometown=VIETNAMESE.upper())
    path = _write(tmp_path, render(_source(c)).pdf)
    text = squeeze(pdf_text(path))
    assert squeeze(VIETNAMESE) in text
    assert squeeze(VIETNAMESE.upper()) in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows, fonts
    # name, type..., encoding, emb, sub, uni: every font embedded, with a ToUnicode map
    assert all(row[-5] == "yes" and row[-3] == "yes" for row in rows), fonts


@needs_pdftotext
def test_the_form_prints_the_declared_values_under_their_item_numbers(tmp_path):
    pr = person(name="Nguyễn Thị Hồng Nhung", gender="female", birth=D(1990, 5, 1))
    c = rich_content(pr)
    path = _write(tmp_path, render(_source(c)).pdf)
    raw = pdf_text(path)
    text = squeeze(raw)
    assert "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC" in raw
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in raw
    assert "Ảnh màu" in raw
    for value in (
        "NGUYỄN THỊ HỒNG NHUNG",  # item 1 is written in capitals
        "Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum",
        "Xơ Đăng",
        pr.personal_id,
        "Trường Đại học Tây Nguyên",
        "Phòng Tổ chức cán bộ",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Trần Thị Ửng",
        "01/05/1990",
        "3,33",  # the coefficient with a decimal comma
        "09/2008 - 06/2012",
        "01/2019 - nay",
    ):
        assert squeeze(value) in text, value
    # The numbered items of the form, 1) to 38), in order.
    positions = [text.find(f"{n})") for n in range(1, 39)]
    assert all(p >= 0 for p in positions), [n for n, p in zip(range(1, 39), positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    # The declarant's and the certification blocks.
    assert "NGƯỜI KHAI" in raw and "XÁC NHẬN CỦA CƠ QUAN" in raw


@needs_pdftotext
def test_every_page_names_the_dossier_the_revision_and_its_hash(tmp_path):
    pr = person(name="Lê Văn Tám")
    c = rich_content(pr)
    path = _write(tmp_path, render(_source(c)).pdf)
    pages = int(re.search(r"Trang 1/(\d+)", pdf_text(path, first=1, last=1)).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        text = squeeze(pdf_text(path, first=page, last=page))
        assert squeeze(f"Hồ sơ số 41 — bản đã phê duyệt số 3 (27/03/2026) — {content_hash(c)}") in text
        assert f"Trang{page}/{pages}" in text


@needs_pdftotext
def test_a_contract_worker_is_printed_as_the_labour_contract(tmp_path):
    pr = person("contract_worker", name="Phạm Thị Lụa", gender="female")
    c = ContractWorkerContent(
        employer=Employer(
            unit="Bệnh viện Đa khoa tỉnh Kon Tum", representative="Y Điệp", representative_title="Giám đốc"
        ),
        identity=WorkerIdentity(
            full_name=pr.full_name, gender="female", birth_date=pr.birth_date, personal_id=pr.personal_id
        ),
        contract=Contract(
            work_kind="support_service", kind="fixed_term", start=D(2026, 1, 1), end=D(2027, 12, 31)
        ),
        job=Job(job_position="Bảo vệ", workplace="Cổng chính bệnh viện"),
    )
    path = _write(tmp_path, render(_source(c, category="contract_worker")).pdf)
    raw = pdf_text(path)
    assert "HỢP ĐỒNG LAO ĐỘNG" in raw
    text = squeeze(raw)
    for value in (
        "Phụ lục II",
        "Thông tư số 05/2023/TT-BNV",
        "Y Điệp",
        "Phạm Thị Lụa",
        "Bảo vệ",
        "31/12/2027",
    ):
        assert squeeze(value) in text, value


_letters = st.text(alphabet=ALL_LETTERS + " ", min_size=1, max_size=60).map(lambda s: " ".join(s.split()))


@needs_pdftotext
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=_letters.filter(bool), duties=_letters.filter(bool))
def test_any_vietnamese_text_comes_back_as_written(tmp_path, place, duties):
    pr = person(name="Đặng Thị Ỷ")
    c = rich_content(pr, birthplace=place)
    c = attrs.evolve(c, employment=Employment(main_duties=duties))
    text = squeeze(pdf_text(_write(tmp_path, render(_source(c)).pdf)))
    assert squeeze(place) in text
    assert squeeze(duties) in text


# -- from the database: which revision is exported ----------------------------------------------------


@needs_pdftotext
def test_the_approved_revision_is_exported_not_a_later_edit(workspace_url, tmp_path):
    kt = kontum_world(workspace_url)
    did, record = approved_dossier(kt, pki=approval_pki(kt, tmp_path / "pki"))
    with sa.orm.Session(raw_engine(kt.url)) as s:
        rev1 = s.execute(sa.select(db.Revision).where(db.Revision.dossier_id == did)).scalar_one()
    # A correction entered after the approval, not yet approved: revision 2.
    kt["bv.unit"].edit(
        did, rich_content(record, birthplace="Thôn Mới Sửa"), on=D(2026, 4, 1), base_revision=1
    )
    path = _write(tmp_path, export_dossier(kt.ws, did))
    text = squeeze(pdf_text(path))
    assert squeeze(f"Hồ sơ số {did} — bản đã phê duyệt số 1 (27/03/2026) — {rev1.content_hash}") in text
    assert squeeze("Xã Diên Bình, huyện Đắk Tô, tỉnh Kon Tum") in text
    assert "ThônMớiSửa" not in text


def test_a_dossier_never_approved_is_not_exported_and_nothing_is_written(workspace_url, tmp_path):
    kt = kontum_world(workspace_url)
    pr = person(name="Hồ Văn Chưa")
    did = kt["bv.unit"].recruit(
        pr, unit="KT.SYT.BV", content=rich_content(pr), decision_on=D(2026, 2, 10), on=D(2026, 2, 11)
    )
    with pytest.raises(NoApprovedRevisionError):
        export_dossier(kt.ws, did)
    before = snapshot(raw_engine(kt.url))
    out = tmp_path / "x.pdf"
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--db", kt.url, "--dossier", str(did), "--pdf", str(out)])
    assert exit_info.value.code == 2
    assert not out.exists()
    assert snapshot(raw_engine(kt.url)) == before


def test_content_altered_behind_the_library_is_refused(workspace_url, tmp_path):
    kt = kontum_world(workspace_url)
    did, _pr = approved_dossier(kt, pki=approval_pki(kt, tmp_path / "pki"))
    engine = raw_engine(kt.url)
    with sa.orm.Session(engine) as s, s.begin():
        rev = s.execute(sa.select(db.Revision).where(db.Revision.dossier_id == did)).scalar_one()
        data = dict(rev.content)
        data["identity"] = {**data["identity"], "birthplace": "Nơi khác"}
        rev.content = data
    with pytest.raises(ExportError, match="does not match its hash"):
        export_dossier(kt.ws, did)


# -- the clause that gives a signed export the value of the paper original ----------------------------


@needs_pdftotext
def test_kontum_export_cites_its_clause_on_the_page_and_in_the_metadata(tmp_path, workspace_url):
    kt = kontum_world(workspace_url)
    clause = legal_value_clause(kt.ws.ruleset)
    assert clause is not None and (clause.article, clause.clause) == (9, 4)
    # The quote is the decision's own words (read here from the text itself).
    if KONTUM_TEXT.exists():
        assert " ".join(clause.quote.split()) in " ".join(KONTUM_TEXT.read_text("utf-8").split())
    did, _pr = approved_dossier(kt, pki=approval_pki(kt, tmp_path / "pki"))
    path = _write(tmp_path, export_dossier(kt.ws, did))
    text = squeeze(pdf_text(path))
    assert squeeze("có giá trị pháp lý như bản gốc văn bản giấy") in text
    assert squeeze("khoản 4 Điều 9") in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    subject = next(line for line in info.splitlines() if line.startswith("Subject:"))
    assert "khoản 4 Điều 9" in subject and "bản gốc văn bản giấy" in subject


@pytest.mark.parametrize("backend", ["sqlite"])
def test_tuyenquang_has_no_such_clause_and_prints_none(workspace_url):
    tq = tuyenquang_world(workspace_url)
    assert legal_value_clause(tq.ws.ruleset) is None


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_metadata_names_the_revision(tmp_path):
    c = rich_content(person(name="Vũ Thị Mai"))
    path = _write(tmp_path, render(_source(c)).pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert f"dossier=41 revision=3 {content_hash(c)}" in info
