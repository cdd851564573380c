"""Typed errors with a message for people in Vietnamese and English.

Every error the library raises on bad input derives from :class:`CbccvcError`. Its message
is an English msgid with named fields, translated through the gettext catalogue, so the CLI
can print ``error.message()`` in the user's language and exit with status 2, never a
traceback.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .i18n import N_, _


class CbccvcError(Exception):
    """Base of every error the library raises on bad input or a broken plugin."""

    template: ClassVar[str] = N_("cbccvc error")
    exit_code: ClassVar[int] = 2

    def __init__(self, **fields: Any) -> None:
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang``. Text fields that are themselves catalogue messages (marked
        with ``N_`` where the error is raised, e.g. ``why=N_("unit {unit} is dissolved")``) are
        translated too and filled from the same fields."""
        fields = {k: self._field(v, lang) for k, v in self.fields.items()}
        return _(self.template, lang).format(**fields)

    def _field(self, value: Any, lang: str | None) -> Any:
        if not isinstance(value, str) or not value:
            return value
        text = _(value, lang)
        if "{" in text:
            try:
                return text.format(**self.fields)
            except (KeyError, IndexError, ValueError):
                return text
        return text


class UnknownProvinceError(CbccvcError):
    template = N_("Unknown province {province!r}. Installed provinces: {known}.")


class UnknownEventError(CbccvcError):
    template = N_("Unknown event {event!r}. Known events: {known}.")


class UnknownObligationError(CbccvcError):
    template = N_("Unknown obligation {obligation!r}. Known obligations: {known}.")


class VocabularyError(CbccvcError):
    template = N_("{what} {name!r} is not in the vocabulary of RULES.md. Known: {known}.")


class InvalidDateError(CbccvcError):
    template = N_("{value!r} is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-12.")


class CalendarCoverageError(CbccvcError):
    template = N_("The working-day calendar covers {first} to {last}; {day} is outside it.")


class DueBeyondCoverageError(CalendarCoverageError):
    template = N_("The due date falls after {last}, the end of the working-day calendar.")


class InvalidRuleError(CbccvcError):
    template = N_("Invalid rule: {detail}")


class PluginError(CbccvcError):
    """A province plugin that cannot be used."""

    template = N_("Province plugin {plugin!r} is broken: {detail}")


class DuplicateProvinceError(PluginError):
    template = N_(
        "Province code {province!r} is supplied by two plugins: {first} and {second}. Uninstall one of them."
    )


class UncitedRuleError(PluginError):
    template = N_(
        "Province plugin {plugin!r}: rule {rule} has no source. Every rule must cite its "
        "instrument, article and a quote of the text."
    )
