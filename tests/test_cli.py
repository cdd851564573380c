"""The CLI end to end: JSON exactly as RULES.md §9, text in Vietnamese or English, bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import run, run_json

FIVE = ["quangnam", "dongnai", "tuyenquang", "kontum", "daklak"]


def test_deadlines_json_has_exactly_the_fields_of_section_9(capsys):
    data = run_json(capsys, "deadlines", "kontum", "recruitment_decision", "2026-02-10")
    assert data and all(
        set(o) == {"obligation", "due", "window_start", "period", "actor", "basis"} for o in data
    )
    # Điều 10.1: 30 working days after Tue 10/02/2026; Tết 16-20/02 is off: due Tue 31/03/2026.
    assert {
        "obligation": "enter_dossier",
        "due": "2026-03-31",
        "window_start": None,
        "period": "working_days(30)",
        "actor": "employing_unit",
        "basis": "kontum Điều 10.1",
    } in data


def test_month_end_window_json(capsys):
    data = run_json(capsys, "deadlines", "kontum", "dossier_updated", "2026-02-03")
    (approve,) = [o for o in data if o["obligation"] == "approve_dossier"]
    # "05 ngày cuối từng tháng" of February 2026 (28 days): 24/02 to 28/02.
    assert (approve["window_start"], approve["due"]) == ("2026-02-24", "2026-02-28")


def test_unspecified_due_is_null(capsys):
    data = run_json(capsys, "deadlines", "quangnam", "exit_effective", "2026-05-04")
    assert data and all(o["due"] is None and o["period"] == "unspecified" for o in data)


def test_reports_json(capsys):
    data = run_json(capsys, "reports", "kontum", "2026")
    assert all(set(r) == {"report", "from", "to", "due", "basis"} for r in data)
    # Điều 19.1: "trước ngày 15 tháng 01 hàng năm": the 2026 report is due 14/01/2027.
    assert any(r["due"] == "2027-01-14" and r["basis"].startswith("kontum Điều 19") for r in data)


def test_backups_json_and_policy(capsys):
    data = run_json(capsys, "backups", "daklak", "2026-03-01", "2026-03-03")
    assert all(set(b) == {"date", "kind", "by", "basis"} for b in data)
    assert {b["date"] for b in data} == {"2026-03-01", "2026-03-02", "2026-03-03"}
    # Điều 11.5: every agency backs up on the 1st of each month.
    assert any(b["date"] == "2026-03-01" and b["kind"] == "agency" for b in data)
    policy = run_json(capsys, "backups", "kontum", "--policy")
    assert policy["backups"][0]["keep_months"] == 3


def test_profiles_lists_the_five(capsys):
    data = run_json(capsys, "profiles")
    assert {p["code"] for p in data} >= set(FIVE)
    (tq,) = [p for p in data if p["code"] == "tuyenquang"]
    assert tq["status"] == "in_force" and tq["in_force_from"] == "2020-10-01"


@pytest.mark.parametrize("province", FIVE)
def test_rules_json_markdown_and_table(capsys, province):
    data = run_json(capsys, "rules", province)
    assert data["profile"]["code"] == province and data["deadlines"]
    code, md, _ = run(capsys, "rules", province, "--markdown")
    assert code == 0 and md.startswith("# ") and "| `" in md and "Điều" in md
    code, table, _ = run(capsys, "rules", province)
    assert code == 0 and "Căn cứ" in table


def test_compare_every_province(capsys):
    data = run_json(capsys, "compare", "internal_move_effective", "--date", "2026-03-10")
    assert set(data) >= set(FIVE)
    assert all(data[p] for p in FIVE)  # every text regulates moves inside a unit


def test_calendar_lists_days_off_and_make_up_days(capsys):
    data = run_json(capsys, "calendar", "2026")
    kinds = {d["date"]: d["kind"] for d in data}
    assert kinds["2026-08-22"] == "make_up"
    assert kinds["2026-11-24"] == "holiday"
    assert kinds["2026-04-26"] == "weekend" and kinds["2026-04-27"] == "holiday"
    code, out, _ = run(capsys, "calendar", "2026")
    assert code == 0 and "ngày làm bù" in out and "Tết Nguyên Đán" in out


def test_vietnamese_by_default_english_on_request(capsys):
    _, vi, _ = run(capsys, "deadlines", "kontum", "recruitment_decision", "2026-02-10")
    _, en, _ = run(capsys, "--lang", "en", "deadlines", "kontum", "recruitment_decision", "2026-02-10")
    assert "Thứ Ba, 31 tháng 3, 2026" in vi and "30 ngày làm việc" in vi
    assert "Tuesday, March 31, 2026" in en and "30 working days" in en


def test_provisional_dates_are_marked(capsys):
    _, out, _ = run(capsys, "deadlines", "kontum", "recruitment_decision", "2026-12-20")
    assert "Tạm tính" in out and "2027" in out


@pytest.mark.parametrize(
    ("args", "vi_words", "en_words"),
    [
        (
            ["deadlines", "hanoi", "recruitment_decision", "2026-03-02"],
            "Không có tỉnh 'hanoi'",
            "Unknown province 'hanoi'",
        ),
        (
            ["deadlines", "kontum", "promotion", "2026-03-02"],
            "Không có sự kiện 'promotion'",
            "Unknown event 'promotion'",
        ),
        (
            ["deadlines", "kontum", "recruitment_decision", "2026-02-30"],
            "không phải là ngày hợp lệ",
            "is not a valid date",
        ),
        (
            ["deadlines", "kontum", "recruitment_decision", "30/01/2026"],
            "không phải là ngày hợp lệ",
            "is not a valid date",
        ),
        (["deadlines", "kontum", "recruitment_decision", "1999-06-01"], "nằm ngoài phạm vi", "is outside it"),
        (
            ["deadlines", "kontum", "recruitment_decision", "2026-03-02", "--obligation", "dance"],
            "Không có nghĩa vụ 'dance'",
            "Unknown obligation 'dance'",
        ),
        (
            ["deadlines", "kontum", "recruitment_decision", "2026-03-02", "--category", "astronaut"],
            "không có trong danh mục",
            "is not in the vocabulary",
        ),
        (["calendar", "2040"], "nằm ngoài phạm vi", "is outside it"),
        (["compare", "promotion"], "Không có sự kiện", "Unknown event"),
        (["reports", "hanoi", "2026"], "Không có tỉnh", "Unknown province"),
        (
            ["backups", "kontum", "2026-05-01", "2026-04-01"],
            "không phải là ngày hợp lệ",
            "is not a valid date",
        ),
    ],
)
def test_bad_input_exit_2_clear_message(capsys, args, vi_words, en_words):
    code, out, err = run(capsys, *args)
    assert code == 2 and vi_words in err and "Traceback" not in err + out
    code, out, err = run(capsys, "--lang", "en", *args)
    assert code == 2 and en_words in err and "Traceback" not in err + out


def test_bad_input_through_the_installed_command():
    """The real console script, in a fresh process: one line on stderr, status 2."""
    exe = Path(sys.executable).with_name("cbccvc")
    proc = subprocess.run(
        [str(exe), "deadlines", "kontum", "recruitment_decision", "2026-13-01"],
        capture_output=True,
        text=True,
        env={**os.environ, "CBCCVC_LANG": "vi"},
    )
    assert proc.returncode == 2
    assert "Lỗi" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_lint_reports_order_problem_in_tuyenquang(capsys):
    findings = run_json(capsys, "lint", "tuyenquang")
    # Điều 10.2 counts both steps from the effective date: forwarding (3 working days) falls due
    # before sending (5 working days), which it depends on.
    assert any(f["check"] == "order" and "forward_dossier" in f["message"] for f in findings)


def test_lint_on_every_province(capsys):
    for province in FIVE:
        findings = run_json(capsys, "lint", province)
        assert all(set(f) == {"severity", "check", "message", "basis"} for f in findings)


def test_tour_runs(capsys):
    code, out, err = run(capsys, "tour", "--province", "daklak", "--date", "2026-03-10")
    assert code == 0, err
    assert "Đắk Lắk" in out and "Căn cứ" in out
