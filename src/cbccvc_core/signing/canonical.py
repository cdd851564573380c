"""The canonical bytes an approval signs: RFC 8785, JSON Canonicalization Scheme (JCS).

RFC 8785 fixes everything that could make two serialisations of the same data differ: object
members sorted by the UTF-16 code units of their names, no insignificant white space, strings
escaped the ECMAScript way (only ``"``, ``\\`` and control characters; everything else as
UTF-8), numbers as ECMAScript prints them. Our payload holds only strings, integers (|n| <
2^53, printed in decimal), booleans, null, arrays and objects; anything else (a float, a
Decimal, a date object, a huge integer) is refused, so the serialisation is exact and needs
no number formatting. Dates are written before they get here: ISO 8601 ``YYYY-MM-DD``, times
in UTC as ``YYYY-MM-DDTHH:MM:SSZ``.

The payload's ``"format"`` member names the layout (``cbccvc-approval/1``), so that a later
layout gets a new name and old approvals stay verifiable with the code of their format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

__all__ = ["JCSError", "canonical_json", "iso_date", "iso_utc"]

_MAX_SAFE = 2**53 - 1


class JCSError(ValueError):
    """A value RFC 8785 serialisation of our payload does not admit."""


def _key(name: str) -> bytes:
    return name.encode("utf-16-be")


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        # Python's escaping with ensure_ascii=False is exactly ECMAScript's: \" \\ \b \f \n \r
        # \t, other controls as \u00xx in lower-case hex, everything else literal.
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, int):
        if not -_MAX_SAFE <= value <= _MAX_SAFE:
            raise JCSError(f"integer {value} is outside the exact range of RFC 8785 numbers")
        out.append(str(value))
    elif isinstance(value, Mapping):
        out.append("{")
        first = True
        for name in sorted(value, key=_check_key):
            if not first:
                out.append(",")
            first = False
            out.append(json.dumps(name, ensure_ascii=False))
            out.append(":")
            _write(value[name], out)
        out.append("}")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise JCSError(
            f"{type(value).__name__} is not allowed in a signed payload (strings, integers, "
            "booleans, null, arrays and objects only; write dates as ISO 8601 text)"
        )


def _check_key(name: Any) -> bytes:
    if not isinstance(name, str):
        raise JCSError(f"object member names must be strings, not {type(name).__name__}")
    return _key(name)


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical UTF-8 bytes of ``value``."""
    out: list[str] = []
    _write(value, out)
    text = "".join(out)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: not valid I-JSON (RFC 7493)
        raise JCSError(f"text is not valid Unicode: {exc.reason}") from None


def iso_date(day: date | None) -> str | None:
    """``YYYY-MM-DD`` (ISO 8601 calendar date), or None."""
    return None if day is None else day.isoformat()


def iso_utc(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ``: UTC, whole seconds (ISO 8601 / RFC 3339)."""
    if moment.tzinfo is None:
        raise JCSError("a time without a time zone cannot be signed")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
