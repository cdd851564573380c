"""Running the ``cbccvc`` command line inside a test (a plain module: ``from cli_support import …``)."""

from __future__ import annotations

import json
from typing import Any

from cbccvc_core.cli import main
from cbccvc_core.i18n import _


def run(capsys: Any, *args: str) -> tuple[int, str, str]:
    """Run ``cbccvc ARGS`` in this process: (exit status, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: Any, *args: str) -> Any:
    """Run ``cbccvc ARGS --json``; it must succeed with nothing on stderr."""
    code, out, err = run(capsys, *args, "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def assert_one_line_error(code: int, out: str, err: str, lang: str = "vi") -> str:
    """A refusal: status 2, one line on stderr starting with "Error:" in ``lang``, no traceback."""
    assert code == 2, (code, out, err)
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(_("Error", lang) + ":"), lines[0]
    return lines[0]
