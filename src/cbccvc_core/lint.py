"""``cbccvc lint``: what a drafter of a province's next decision would want to know.

Several of the five texts are drafts. The checker reads one province's rules (and, for
comparison, the others installed) and reports:

* steps of one process whose due dates come out in the wrong order (a later step due before
  the step it depends on, for the same event);
* obligations with no date (``unspecified``);
* events other provinces regulate that this one leaves out;
* missing delegation, report, backup or account rules;
* the instrument's own status (draft, number left blank) and placeholder quotes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from enum import StrEnum

import attrs

from .i18n import N_, _, current_language
from .registry import Registry
from .rules.calendar import WorkingCalendar
from .rules.citation import InstrumentStatus
from .rules.periods import Unspecified
from .rules.types import RuleSet
from .vocabulary import label

#: (earlier, later): within one process, ``later`` cannot be done before ``earlier``.
PROCESS_ORDER: tuple[tuple[str, str], ...] = (
    ("send_dossier", "forward_dossier"),
    ("create_account", "enter_personal_info"),
    ("guide_info_form", "enter_basic_info"),
    ("enter_basic_info", "complete_personal_info"),
    ("enter_dossier", "approve_dossier"),
    ("update_dossier", "approve_dossier"),
    ("update_dossier", "verify_supplement"),
)

#: Anchors used to compare due dates: ordinary days, before Tết, before a long weekend.
SAMPLE_ANCHORS = (
    date(2026, 3, 10),
    date(2026, 2, 12),
    date(2026, 4, 24),
    date(2026, 8, 28),
    date(2026, 12, 30),
)

PLACEHOLDER_MARK = "THAY BẰNG NGUYÊN VĂN"


_LABELLED = {"event": "event", "obligation": "obligation", "earlier": "obligation", "later": "obligation"}


class Severity(StrEnum):
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Finding:
    severity: Severity
    check: str
    template: str
    fields: dict[str, str] = attrs.field(factory=dict)
    basis: str | None = None

    def message(self, lang: str | None = None) -> str:
        """The finding for people: vocabulary names become their labels in ``lang``."""
        lang = lang or current_language()
        fields = dict(self.fields)
        for key, kind in _LABELLED.items():
            if key in fields:
                fields[key] = f"{label(kind, fields[key], lang)} ({fields[key]})"
        return _(self.template, lang).format(**fields)

    def to_json(self, lang: str | None = None) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "check": self.check,
            "message": self.message(lang),
            "basis": self.basis,
        }


def lint(ruleset: RuleSet, registry: Registry, cal: WorkingCalendar) -> list[Finding]:
    return [
        *_instrument(ruleset),
        *_order(ruleset, cal),
        *_undated(ruleset),
        *_missing_events(ruleset, registry),
        *_missing_policies(ruleset),
        *_placeholders(ruleset),
    ]


def _instrument(rs: RuleSet) -> Iterable[Finding]:
    ins = rs.instrument
    if ins.status is InstrumentStatus.DRAFT:
        yield Finding(
            Severity.INFO,
            "instrument",
            N_("The instrument is a draft (dự thảo): {ref}."),
            {"ref": ins.reference},
        )
    if ins.number is None:
        yield Finding(
            Severity.WARNING,
            "instrument",
            N_("The instrument's number is blank in the text; citations cannot name it."),
        )


def _order(rs: RuleSet, cal: WorkingCalendar) -> Iterable[Finding]:
    for earlier, later in PROCESS_ORDER:
        for a in rs.deadlines:
            for b in rs.deadlines:
                if a.event != b.event or a.obligation != earlier or b.obligation != later:
                    continue
                for anchor in SAMPLE_ANCHORS:
                    da, db = a.period.due(anchor, cal).day, b.period.due(anchor, cal).day
                    if da and db and db < da:
                        yield Finding(
                            Severity.WARNING,
                            "order",
                            N_(
                                "After {event} on {anchor}, {later} ({later_period}) is due {due_b}, before "
                                "{earlier} ({earlier_period}) it depends on, due {due_a}."
                            ),
                            {
                                "event": a.event,
                                "anchor": anchor.isoformat(),
                                "later": later,
                                "later_period": str(b.period),
                                "due_b": db.isoformat(),
                                "earlier": earlier,
                                "earlier_period": str(a.period),
                                "due_a": da.isoformat(),
                            },
                            a.basis if a.basis == b.basis else f"{a.basis}; {b.basis}",
                        )
                        break


def _undated(rs: RuleSet) -> Iterable[Finding]:
    for r in rs.deadlines:
        if isinstance(r.period, Unspecified):
            yield Finding(
                Severity.INFO,
                "undated",
                N_("{obligation} after {event} has no time limit in the text."),
                {"obligation": r.obligation, "event": r.event},
                r.basis,
            )


def _missing_events(rs: RuleSet, registry: Registry) -> Iterable[Finding]:
    mine = {r.event for r in rs.deadlines}
    others: dict[str, list[str]] = {}
    for other in registry:
        if other.code != rs.code:
            for ev in sorted({r.event for r in other.deadlines} - mine):
                others.setdefault(ev, []).append(other.code)
    for ev, codes in sorted(others.items()):
        yield Finding(
            Severity.INFO,
            "coverage",
            N_("{event} is regulated by {provinces} but not by this province."),
            {"event": ev, "provinces": ", ".join(codes)},
        )


def _missing_policies(rs: RuleSet) -> Iterable[Finding]:
    if rs.approval is None:
        yield Finding(
            Severity.WARNING, "approval", N_("No approval rule: who approves dossiers is not stated.")
        )
    elif not rs.approval.delegations:
        yield Finding(
            Severity.WARNING,
            "delegation",
            N_("No delegation rule: the text does not say who may sign for the approver."),
        )
    if not rs.reports:
        yield Finding(Severity.WARNING, "reports", N_("No report rule."))
    elif all(isinstance(r.due, Unspecified) for r in rs.reports):
        yield Finding(Severity.WARNING, "reports", N_("No report has a due date."))
    if rs.backup is None or not rs.backup.backups:
        yield Finding(Severity.WARNING, "backup", N_("No backup rule."))
    elif all(b.frequency.value == "periodic" for b in rs.backup.backups):
        yield Finding(Severity.WARNING, "backup", N_("Backups are 'periodic' with no interval."))
    if rs.backup is not None and rs.backup.backups and all(b.keep_months is None for b in rs.backup.backups):
        yield Finding(Severity.INFO, "backup", N_("No retention period for backups."))
    if rs.accounts is None:
        yield Finding(Severity.WARNING, "accounts", N_("No account rule."))


def _placeholders(rs: RuleSet) -> Iterable[Finding]:
    for where, citation in rs.citations():
        if PLACEHOLDER_MARK in citation.quote:
            yield Finding(
                Severity.WARNING,
                "placeholder",
                N_("{where} still quotes the template text; copy the article's words."),
                {"where": where},
                citation.basis,
            )
