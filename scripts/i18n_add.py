"""Add Vietnamese translations to the catalogue and recompile it, under a lock.

    .venv/bin/python scripts/i18n_add.py FILE.json [FILE.json ...]

Each FILE is a JSON object ``{"English msgid": "Vietnamese text", ...}`` (for a plural message,
the value is a list of the forms). Messages are extracted from the code first, so a msgid must
already be used in ``_()``/``N_()``/``_n()``; one that is not is reported and skipped. Several
people may run this at once: the catalogue is read, changed and written under ``fcntl.flock``.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n


def main(paths: list[str]) -> int:
    with open(i18n.PO.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalog = i18n.merged()
        unknown = []
        for path in paths:
            for msgid, string in json.loads(Path(path).read_text(encoding="utf-8")).items():
                key = msgid if isinstance(string, str) else (msgid, string[0])
                message = catalog.get(msgid) or catalog.get(key)
                if message is None:
                    unknown.append(msgid)
                    continue
                message.string = string if isinstance(string, str) else tuple(string)
                message.flags.discard("fuzzy")
        po, mo = i18n.render(catalog)
        i18n.PO.write_bytes(po)
        i18n.MO.write_bytes(mo)
        for m in unknown:
            print(f"not in the code, skipped: {m}")
        for m in i18n.untranslated(catalog):
            print(f"untranslated: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
