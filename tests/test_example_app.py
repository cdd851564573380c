"""examples/app.py runs end to end and tells the facts of Kon Tum's rules; docs/embedding.md's
Python blocks compile and run, in order, as one program.

Every expected date below is counted by hand on the 2026 calendar (Tết: Mon 16/2 to Fri 20/2;
Giỗ Tổ Hùng Vương observed Mon 27/4; 30/4 and 1/5 holidays), not taken from the library.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "examples" / "app.py"
GUIDE = ROOT / "docs" / "embedding.md"


def run_app(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(APP), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def check_kontum_facts(out: str) -> None:
    lines = out.splitlines()
    assert "province=kontum (Kon Tum)" in lines[0]

    # Điều 10.1: 30 working days from the decision of Tue 10/2/2026, counted from the next day:
    # 11, 12, 13/2 (3); Tết 16-20/2 off; 23-27/2 (8); 2-6/3 (13); 9-13/3 (18); 16-20/3 (23);
    # 23-27/3 (28); 30/3 (29); 31/3 (30).
    assert lines.count("  enter_dossier dossier=1 unit=SNV due=2026-03-31 [kontum Điều 10.1]") == 1
    assert lines.count("  enter_dossier dossier=2 unit=SNV due=2026-03-31 [kontum Điều 10.1]") == 1

    # Điều 8.1: approval "trong vòng 05 ngày cuối từng tháng": a submission of 20/3 is approved
    # in 27-31/3, due on the month's last day.
    assert "  approve_dossier dossier=1 unit=SNV due=2026-03-31 [kontum Điều 8.1; Điều 7.4]" in lines

    # An account of the district has no say over a department's dossier: a typed error, in both
    # languages.
    i = lines.index("refused (PermissionDeniedError):")
    assert lines[i + 1].startswith("  vi: Tài khoản 'huyen.unit' không được phê duyệt hồ sơ: ")
    assert lines[i + 2].startswith("  en: Account 'huyen.unit' may not approve a dossier: ")
    assert "approve: dossier 1 on 2026-03-27 authority=own" in lines

    # Bình submitted on 2/4: the April window is 26-30/4, due 30/4 (a holiday; the window is
    # calendar days and the text does not move it).
    assert "approval list 2026-04: dossier 2 approve_dossier due 2026-04-30" in lines
    # The deputy approves by the head's written delegation (Điều 8.1.a).
    assert "approve: dossier 2 on 2026-04-28 authority=delegated:1 QĐ 25/QĐ-SNV ngày 25/3/2026" in lines

    # Điều 11.2: 10 working days from Wed 1/4: 2, 3, 6, 7, 8, 9, 10, 13, 14, 15/4. The superior
    # of the department (UBND tỉnh) and the receiving district both owe it.
    assert "  complete_transfer dossier=1 unit=UBND due=2026-04-15 [kontum Điều 11.2]" in lines
    assert "  complete_transfer dossier=1 unit=HUYEN1 due=2026-04-15 [kontum Điều 11.2]" in lines
    assert "dossier 1 now in XA1" in lines

    # Điều 10.2: 15 working days from the valid paper record of Fri 17/4: 20-24/4 (5); 27/4 off
    # (Giỗ Tổ observed); 28, 29/4 (7); 30/4, 1/5 off; 4-8/5 (12); 11, 12, 13/5 (15). Owed by
    # the commune the dossier now belongs to.
    assert "  update_dossier dossier=1 unit=XA1 due=2026-05-13 [kontum Điều 10.2]" in lines
    digest = hashlib.sha256(b"%PDF-1.7 demo").hexdigest()
    assert any(line.endswith(f"attached sha256 {digest}") for line in lines)
    assert any(line.startswith("refused (ConflictError): dossier 1 was changed") for line in lines)

    # Điều 11.3: 15 calendar days from Mon 4/5 is Tue 19/5 (a working day); recorded on 5/5.
    assert (
        "  update_status dossier=2 unit=SNV due=2026-05-19 done 2026-05-05 [kontum Điều 11.3.a; Điều 11.3.b]"
        in lines
    )

    # As of 20/5 only An's update is open, and overdue since 13/5.
    i = lines.index("open as of 2026-05-20: 1")
    assert lines[i + 1] == "  update_dossier dossier=1 unit=XA1 due=2026-05-13 [kontum Điều 10.2]"
    assert "overdue as of 2026-05-20: 1" in lines

    # Per unit. SNV: on time An's entry (20/3) and approval (27/3), Bình's two approval
    # obligations (one per submission, both due 30/4: the first closed by the return, the
    # second by the approval on 28/4) and the exit update;
    # late Bình's entry (2/4 after 31/3). UBND and HUYEN1: the transfer, forwarded 8/4.
    i = lines.index("compliance as of 2026-05-20:")
    assert lines[i + 1 : i + 5] == [
        "  HUYEN1: on_time=1 late=0 open=0 overdue=0",
        "  SNV: on_time=5 late=1 open=0 overdue=0",
        "  UBND: on_time=1 late=0 open=0 overdue=0",
        "  XA1: on_time=0 late=0 open=1 overdue=1",
    ]
    history = next(line for line in lines if line.startswith("history of dossier 1: ")).split(": ")[1]
    # Each kind of act once, in the order the app first did it: the recruitment and its event,
    # the submission closing enter_dossier, approval, the transfer's steps, the edit, the scan.
    assert history.split() == [
        "recruit",
        "record_event",
        "submit",
        "discharge",
        "approve",
        "start_transfer",
        "send_transfer",
        "receive_transfer",
        "forward_transfer",
        "edit",
        "attach",
    ]
    assert re.fullmatch(r"audit: ok=True entries=\d+", lines[-1])


def test_app(workspace_url, backend):
    """On a fresh SQLite file, and on PostgreSQL when CBCCVC_TEST_PG_URL is set (tests/conftest_db.py)."""
    out = run_app("--db", workspace_url, "--province", "kontum")
    check_kontum_facts(out)
    assert out.startswith(
        {"sqlite": "workspace sqlite:///", "postgresql": "workspace postgresql+psycopg://"}[backend]
    )
    if backend == "sqlite":
        assert Path(workspace_url).exists()


def test_app_default_is_a_temporary_database():
    out = run_app()
    first = out.splitlines()[0]
    assert first.startswith("workspace sqlite:///") and "province=kontum" in first
    path = first.split()[1].removeprefix("sqlite:///")
    assert not Path(path).exists()  # removed at the end


@pytest.mark.parametrize("province", ["daklak", "dongnai", "quangnam", "tuyenquang"])
def test_app_runs_for_every_installed_province(tmp_path, province):
    out = run_app("--db", str(tmp_path / "app.db"), "--province", province)
    assert f"province={province} " in out.splitlines()[0]
    assert "refused (PermissionDeniedError):" in out
    assert out.splitlines()[-1].startswith("audit: ok=True ")


def test_app_refuses_an_unknown_province_in_one_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(APP), "--db", str(tmp_path / "x.db"), "--province", "atlantis"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "atlantis" in proc.stderr


# -- docs/embedding.md ------------------------------------------------------------------------------


def guide_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", GUIDE.read_text("utf-8"), re.S | re.M)


def test_guide_blocks_compile():
    blocks = guide_blocks()
    assert len(blocks) >= 4
    for i, block in enumerate(blocks):
        compile(block, f"{GUIDE.name} block {i + 1}", "exec")


def test_guide_blocks_run_in_order(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the guide opens "kontum.db" in the working directory
    namespace: dict[str, Any] = {"__name__": "embedding_guide"}
    for i, block in enumerate(guide_blocks()):
        exec(compile(block, f"{GUIDE.name} block {i + 1}", "exec"), namespace)
    out = capsys.readouterr().out.splitlines()
    assert (tmp_path / "kontum.db").exists()
    # Điều 11.2: 10 working days from Mon 4/5: 5, 6, 7, 8, 11, 12, 13, 14, 15, 18/5.
    assert out[0] == "complete_transfer DAKTO 2026-05-18 kontum Điều 11.2"
    assert any(line.startswith("dossier 1 was changed by someone else") for line in out)
    assert any(line.startswith("Tài khoản 'dakto.unit' không được phê duyệt hồ sơ") for line in out)
    assert any(line.startswith("Account 'dakto.unit' may not approve a dossier") for line in out)
    ws = namespace["ws"]
    assert ws.dossier(namespace["an_id"])["dossier"]["employment"] == "archived"
    ws.engine.dispose()
