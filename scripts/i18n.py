"""Refresh the gettext catalogue: extract messages, merge into vi, compile the .mo.

    .venv/bin/python scripts/i18n.py          # after changing any _() / N_() text
    .venv/bin/python scripts/i18n.py --check  # exit 1 if the catalogue is out of date

Uses Babel's own extract / update / compile (the same as ``pybabel``), so the files stay
ordinary gettext catalogues any translator's tool can open.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src" / "cbccvc_core"
PO = PKG / "locale" / "vi" / "LC_MESSAGES" / "cbccvc.po"
MO = PO.with_suffix(".mo")


def extract(like: Catalog | None = None) -> Catalog:
    template = Catalog(project="cbccvc_core", fuzzy=False)
    if like is not None:  # keep the header dates, so an unchanged catalogue renders the same bytes
        template.creation_date = like.creation_date
    keywords = {"_": None, "N_": None, "_n": (1, 2)}
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
        PKG,
        method_map=[("**.py", "python")],
        keywords=keywords,
        comment_tags=(),
    ):
        template.add(message, locations=[(filename, lineno)])
    return template


def merged() -> Catalog:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    catalog.update(extract(catalog), no_fuzzy_matching=True)
    catalog.obsolete.clear()  # removed messages leave the file; git keeps their history
    return catalog


def untranslated(catalog: Catalog) -> list[str]:
    def empty(string: str | tuple[str, ...]) -> bool:
        return not all(string) if isinstance(string, tuple) else not string

    return [str(m.id) for m in catalog if m.id and (empty(m.string) or m.fuzzy)]


def render(catalog: Catalog) -> tuple[bytes, bytes]:
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, omit_header=False, no_location=True, sort_output=True, width=100)
    write_mo(mo, catalog)
    return po.getvalue(), mo.getvalue()


def main() -> int:
    catalog = merged()
    po, mo = render(catalog)
    missing = untranslated(catalog)
    if "--check" in sys.argv:
        stale = PO.read_bytes() != po or not MO.exists() or MO.read_bytes() != mo
        if stale:
            print("catalogue out of date: run scripts/i18n.py", file=sys.stderr)
        if missing:
            print("untranslated:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1 if stale or missing else 0
    PO.write_bytes(po)
    MO.write_bytes(mo)
    for m in missing:
        print(f"untranslated: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
