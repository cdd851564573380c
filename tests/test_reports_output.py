"""`cbccvc report`: the PDF (Vietnamese headings, figures, embedded DejaVu, charts), the spreadsheet
(the same figures, read back with openpyxl), the answers file, English, and the typed errors.

The world is the Kon Tum year of test_reports_figures (the figures there are counted by hand):
on time 3, late 3, overdue 1; new dossiers 3 (2 in Sở Y tế, 1 in huyện Đắk Tô); 2 approvals,
1 internal move, 1 retirement.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date as D
from pathlib import Path

import openpyxl
import pytest
from cli_support import run
from conftest_db import content, kontum_world, person

HAVE_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None
needs_poppler = pytest.mark.skipif(
    not HAVE_POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed"
)


@pytest.fixture(scope="module")
def db_url(module_url_factory):
    kt = kontum_world(module_url_factory())

    def recruit(account, unit, category, decision_on, on):
        p = person(category)
        return kt[account].recruit(p, unit=unit, content=content(p), decision_on=decision_on, on=on), p

    a, _pa = recruit("bv.unit", "KT.SYT.BV", "cong_chuc", D(2026, 2, 10), D(2026, 2, 11))
    b, _ = recruit("syt.unit", "KT.SYT.P1", "vien_chuc", D(2026, 2, 10), D(2026, 2, 11))
    recruit("x1.unit", "KT.DT.X1", "commune_official", D(2026, 3, 2), D(2026, 3, 2))
    kt["bv.unit"].submit(a, on=D(2026, 3, 20))
    kt["syt.head"].approve(a, on=D(2026, 3, 27))
    kt["syt.unit"].submit(b, on=D(2026, 4, 1))
    kt["syt.head"].approve(b, on=D(2026, 5, 4))
    kt["bv.unit"].record_exit(a, reason="retirement", effective_on=D(2026, 6, 30), on=D(2026, 7, 1))
    t = kt["syt.unit"].start_transfer(
        b,
        kind="internal_move",
        to_unit="KT.SYT.P2",
        effective_on=D(2026, 6, 1),
        decision_ref="QĐ 1",
        on=D(2026, 6, 1),
    )
    kt["syt.unit"].move(t, on=D(2026, 6, 20))
    return kt.url


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@needs_poppler
def test_pdf_and_xlsx_of_the_province(db_url, tmp_path, capsys):
    pdf, xlsx = tmp_path / "bc.pdf", tmp_path / "bc.xlsx"
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "problems: Đường truyền chậm vào cuối tháng.\nequipment: Máy chủ cũ, cần thay.\n"
        "signer: Trần Thị Bình\nnumber: 'Số: 12/BC-SNV'\nto: Ủy ban nhân dân tỉnh Kon Tum (qua Sở Nội vụ)\n",
        "utf-8",
    )
    code, out, err = run(
        capsys, "report", "--db", db_url, "--year", "2026", "--out", str(pdf), "--out", str(xlsx),
        "--answers", str(answers),
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    assert pdf.read_bytes().startswith(b"%PDF") and "Đã ghi" in out
    text = _squash(_text(pdf))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH KON TUM",
        "BÁO CÁO",
        "Kính gửi: Ủy ban nhân dân tỉnh Kon Tum (qua Sở Nội vụ)",
        "Số: 12/BC-SNV",
        # the items of Điều 19.2, in the text's words, numbered
        "I. Đánh giá việc thực hiện quy chế cập nhật, sử dụng và khai thác hệ thống quản lý CBCCVC tỉnh Kon Tum",
        "II. Tình hình lập mới, cập nhật tình trạng, thông tin hồ sơ CBCCVC và người lao động",
        "III. Những vướng mắc trong quá trình quản lý",
        "IV. Tình trạng trang thiết bị, hạng tầng công nghệ thông tin",
        "V. Kiến nghị, đề xuất nếu có",
        "điểm đ khoản 2 Điều 19",
        "Đường truyền chậm vào cuối tháng.",
        "Máy chủ cũ, cần thay.",
        "Trần Thị Bình",
        "Hạn gửi báo cáo: 14/01/2027",  # "trước ngày 15 tháng 01" of the next year
    ):
        assert expected in text, expected
    # the figures: per unit, total, new dossiers
    assert re.search(r"Sở Y tế 3 3 0 0 50,0", text)
    assert re.search(r"UBND huyện Đắk Tô 0 0 1 0 —", text)
    assert re.search(r"Tổng cộng 3 3 1 0 50,0", text)
    assert re.search(r"Tháng 4 0 1 1 0 0,0", text)
    assert re.search(r"Hồ sơ lập mới trong kỳ .*Tổng cộng 3 0 3", text)
    assert re.search(r"nghỉ hưu 1", text)
    # the font is embedded (subset), and only DejaVu is used
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("DejaVuSans" in r[0] for r in rows)
    assert all("yes" in r[-5:-2] for r in rows)  # emb column
    # two charts (by unit, by month) as images
    if shutil.which("pdfimages"):
        images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
        assert len(images.stdout.strip().splitlines()) - 2 == 2

    wb = openpyxl.load_workbook(xlsx)
    cover = wb[wb.sheetnames[0]]
    values = [[c.value for c in row] for row in cover.iter_rows()]
    assert ["Tỉnh", "Kon Tum"] == values[0][:2]
    items = [r for r in values if r and r[0] in ("I", "II", "III", "IV", "V")]
    assert [r[0] for r in items] == ["I", "II", "III", "IV", "V"]
    assert items[2][3] == "Đường truyền chậm vào cuối tháng." and items[4][3] in ("", None)
    units = [[c.value for c in row] for row in wb["timeliness_units"].iter_rows(min_row=3)]
    assert ["UBND huyện Đắk Tô", 0, 0, 1, 0, None] in units
    assert ["Sở Y tế", 3, 3, 0, 0, 50.0] in units
    assert units[-1] == ["Tổng cộng", 3, 3, 1, 0, 50.0]
    months = {
        r[0]: r[1:5] for r in ([c.value for c in row] for row in wb["timeliness_months"].iter_rows(min_row=3))
    }
    assert months["Tháng 3"] == [2, 1, 0, 0] and months["Tháng 7"] == [1, 0, 0, 0]
    new = [[c.value for c in row] for row in wb["new_dossiers"].iter_rows(min_row=3)]
    assert new[-1] == ["Tổng cộng", 3, 0, 3]
    exits = [[c.value for c in row] for row in wb["exits"].iter_rows(min_row=3)]
    assert exits == [["nghỉ hưu", 1], ["Tổng cộng", 1]]
    transfers = [[c.value for c in row] for row in wb["transfers"].iter_rows(min_row=3)]
    assert transfers[0] == ["điều chuyển nội bộ", 0, 0, 1]


@needs_poppler
def test_unit_report_in_english(db_url, tmp_path, capsys):
    pdf = tmp_path / "dt.pdf"
    code, out, err = run(
        capsys,
        "report",
        "--db",
        db_url,
        "--year",
        "2026",
        "--unit",
        "KT.DT",
        "--out",
        str(pdf),
        "--lang",
        "en",
    )
    assert (code, err) == (0, ""), err
    text = _squash(_text(pdf))
    for expected in (
        "SOCIALIST REPUBLIC OF VIETNAM",
        "REPORT",
        "UBND HUYỆN ĐẮK TÔ",
        "UBND TỈNH KON TUM",
        "To: provincial People's Committee",
        "Article 19(2)(đ)",
    ):
        assert expected in text, expected
    assert "New dossiers and updates of dossiers' status and information" in text
    assert re.search(r"UBND xã Diên Bình 0 0 1 0 —", text)  # the commune under the district
    assert "Sở Y tế" not in text
    assert "equipment, proposals" in out or "problems" in out  # fields still to fill


def test_xlsx_only_for_a_department(db_url, tmp_path, capsys):
    xlsx = tmp_path / "syt.xlsx"
    code, _out, err = run(
        capsys, "report", "--db", db_url, "--year", "2026", "--unit", "KT.SYT", "--out", str(xlsx)
    )
    assert (code, err) == (0, ""), err
    wb = openpyxl.load_workbook(xlsx)
    units = {
        r[0]: r[1:5] for r in ([c.value for c in row] for row in wb["timeliness_units"].iter_rows(min_row=3))
    }
    assert units == {
        "Bệnh viện Đa khoa tỉnh": [3, 0, 0, 0],
        "Phòng Tổ chức cán bộ": [0, 3, 0, 0],
        "Tổng cộng": [3, 3, 0, 0],
    }


def _error(capsys, *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err


def test_a_report_whose_text_lists_no_contents(db_url, tmp_path, capsys):
    # Điều 19.3: Sở Nội vụ's yearly report, with no contents listed.
    pdf = tmp_path / "snv.pdf"
    err = _error(
        capsys,
        "report",
        "--db",
        db_url,
        "--year",
        "2026",
        "--report",
        "home_affairs_yearly_report",
        "--out",
        str(pdf),
    )
    assert "không quy định báo cáo có nội dung cụ thể" in err and "--generic" in err
    assert not pdf.exists()
    code, _out, err = run(
        capsys, "report", "--db", db_url, "--year", "2026", "--report", "home_affairs_yearly_report",
        "--generic", "--out", str(tmp_path / "g.xlsx"),
    )  # fmt: skip
    assert (code, err) == (0, "")
    wb = openpyxl.load_workbook(tmp_path / "g.xlsx")
    cover = [[c.value for c in row] for row in wb[wb.sheetnames[0]].iter_rows()]
    assert any("không quy định báo cáo này" in str(r[1]) for r in cover)
    assert [r[1:5] for r in wb["timeliness_units"].iter_rows(min_row=3, values_only=True)][-1] == (3, 3, 1, 0)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--report", "no_such_report"], "unit_yearly_report, home_affairs_yearly_report"),
        (["--unit", "KT.NOPE"], "KT.NOPE"),
        (["--as-of", "2027-01-05"], "2027-01-05"),
        (["--as-of", "2026-13-01"], "2026-13-01"),
    ],
)
def test_bad_input_is_one_line(db_url, tmp_path, capsys, args, fragment):
    err = _error(capsys, "report", "--db", db_url, "--year", "2026", "--out", str(tmp_path / "x.pdf"), *args)
    assert fragment in err


def test_bad_output_and_answers(db_url, tmp_path, capsys):
    err = _error(capsys, "report", "--db", db_url, "--year", "2026", "--out", str(tmp_path / "x.docx"))
    assert ".pdf" in err and ".xlsx" in err
    bad = tmp_path / "a.yaml"
    bad.write_text("problemz: typo\n", "utf-8")
    err = _error(
        capsys,
        "report",
        "--db",
        db_url,
        "--year",
        "2026",
        "--out",
        str(tmp_path / "x.pdf"),
        "--answers",
        str(bad),
    )
    assert "problemz" in err and "problems" in err
    bad.write_text("problems: [1, 2]\n", "utf-8")
    assert "problems" in _error(
        capsys,
        "report",
        "--db",
        db_url,
        "--year",
        "2026",
        "--out",
        str(tmp_path / "x.pdf"),
        "--answers",
        str(bad),
    )
    bad.write_text("problems: 'unclosed\n", "utf-8")
    _error(
        capsys,
        "report",
        "--db",
        db_url,
        "--year",
        "2026",
        "--out",
        str(tmp_path / "x.pdf"),
        "--answers",
        str(bad),
    )
    err = _error(
        capsys, "report", "--db", db_url, "--year", "2026", "--out", str(tmp_path / "x.pdf"),
        "--answers", str(tmp_path / "missing.yaml"),
    )  # fmt: skip
    assert "missing.yaml" in err
    assert not (tmp_path / "x.pdf").exists()
