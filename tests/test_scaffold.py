"""``cbccvc new-profile`` writes a plugin that installs, loads and passes the conformance suite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cbccvc_core.errors import InvalidRuleError
from cbccvc_core.scaffold import new_profile


def test_new_profile_installs_loads_and_conforms(tmp_path):
    pkg = tmp_path / "cbccvc-gialai"
    exe = os.path.join(os.path.dirname(sys.executable), "cbccvc")
    made = subprocess.run(
        [exe, "new-profile", "gialai", "--path", str(pkg), "--name", "Gia Lai"],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    # Install it the way a vendor would (pip), into a separate target so the test env is untouched.
    site = tmp_path / "site"
    pip = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(site),
            str(pkg),
        ],
        capture_output=True,
        text=True,
    )
    assert pip.returncode == 0, pip.stderr
    env = {**os.environ, "PYTHONPATH": str(site), "CBCCVC_PROVINCES": "gialai"}
    listed = subprocess.run([exe, "profiles", "--json"], capture_output=True, text=True, env=env)
    assert listed.returncode == 0, listed.stderr
    assert '"gialai"' in listed.stdout and "Gia Lai" in listed.stdout
    conformance = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(pkg / "tests")],
        capture_output=True,
        text=True,
        env=env,
        cwd=pkg,
    )
    assert conformance.returncode == 0, conformance.stdout + conformance.stderr
    # loads, cited, vocabulary, scenarios present, every dated rule covered, and the one scenario
    assert "6 passed" in conformance.stdout
    lint = subprocess.run([exe, "--lang", "en", "lint", "gialai"], capture_output=True, text=True, env=env)
    assert lint.returncode == 0 and "template text" in lint.stdout


def test_new_profile_refuses_bad_code_and_non_empty_dir(tmp_path):
    with pytest.raises(InvalidRuleError):
        new_profile("Gia Lai", tmp_path / "x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("x")
    with pytest.raises(InvalidRuleError):
        new_profile("gialai", tmp_path / "full")
