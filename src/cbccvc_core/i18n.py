"""Text for people, in Vietnamese by default and English on request.

Message ids are English; the catalogues are ordinary gettext files under ``locale/`` (made
with Babel: ``pybabel extract/update/compile``, see the README). Dates are formatted with
Babel's CLDR data, so a Vietnamese date reads ``thứ Năm, 12 tháng 3, 2026``.
"""

from __future__ import annotations

import gettext
import os
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import format_date

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "cbccvc"

_current: ContextVar[str] = ContextVar("cbccvc_lang", default="")


def current_language() -> str:
    """The language in force: ``set_language``, else ``$CBCCVC_LANG``, else Vietnamese."""
    lang = _current.get() or os.environ.get("CBCCVC_LANG", "") or DEFAULT_LANGUAGE
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    _current.set(lang)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str, lang: str | None = None) -> str:
    """Translate ``message`` (an English msgid) into the current or given language."""
    return translations(lang or current_language()).gettext(message)


def _n(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """Translate with a plural form (Vietnamese has one form, English two)."""
    return translations(lang or current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def format_day(day: date, lang: str | None = None, fmt: str = "full") -> str:
    """A date for people: Babel's CLDR format in Vietnamese (default) or English."""
    return format_date(day, format=fmt, locale=lang or current_language())
