"""The rules a province supplies, as frozen attrs classes validated on construction.

Every class carries ``source`` (a :class:`Citation`), and names only what the vocabulary of
RULES.md §2 knows (:mod:`cbccvc_core.vocabulary`). Plugins build these in plain
declarations; :mod:`cbccvc_core.rules.serialize` turns them into JSON and back with cattrs.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import attrs
from attrs.validators import deep_iterable, ge, instance_of, optional

from ..vocabulary import check
from .calendar import CalendarAdjustment
from .citation import Citation, Instrument
from .periods import Before, On, Period, Unspecified


def _vocab(kind: str) -> Callable[[Any, Any, Any], None]:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        check(kind, value)

    return validate


def _vocab_each(kind: str) -> Callable[[Any, Any, Any], None]:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for item in value:
            check(kind, item)

    return validate


class MissingSourceError(TypeError):
    """A rule built without a :class:`Citation`: a rule without a source does not exist."""


def _cited(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Citation):
        raise MissingSourceError(
            f"{type(instance).__name__}.{attribute.name} must be a Citation "
            f"(instrument, Điều, khoản, điểm and a quote), got {value!r:.60}"
        )


_also = deep_iterable(instance_of(Citation), instance_of(tuple))
_period = instance_of((Before, On, Unspecified))


def _period_any(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    from .periods import CalendarDays, Immediately, MonthEndWindow, WorkingDays

    if not isinstance(
        value, WorkingDays | CalendarDays | Immediately | MonthEndWindow | Before | On | Unspecified
    ):
        raise TypeError(f"{attribute.name} must be a period (cbccvc_core.rules.periods), got {value!r}")


@attrs.frozen
class DeadlineRule:
    """Event → obligation: who must do what, by when, on which article (RULES.md §3)."""

    event: str = attrs.field(validator=_vocab("event"))
    obligation: str = attrs.field(validator=_vocab("obligation"))
    period: Period = attrs.field(validator=_period_any)
    actor: str = attrs.field(validator=_vocab("actor"))
    source: Citation = attrs.field(validator=_cited)
    alternative_actors: tuple[str, ...] = attrs.field(
        default=(), converter=tuple, validator=_vocab_each("actor")
    )
    """Others who may discharge the same obligation ("CBCCVC hoặc cơ quan, đơn vị")."""
    categories: frozenset[str] | None = attrs.field(
        default=None,
        converter=attrs.converters.optional(frozenset),
        validator=optional(_vocab_each("category")),
    )
    """Person categories the rule applies to; None = everyone."""
    note: str | None = None
    """What a reader must know that the fields do not say (in English)."""
    also: tuple[Citation, ...] = attrs.field(default=(), converter=tuple, validator=_also)
    """Further articles that state or repeat the same rule."""

    @property
    def actor_field(self) -> str:
        """The JSON ``actor``: one name, or alternatives joined by ``|``."""
        return "|".join((self.actor, *self.alternative_actors))

    @property
    def basis(self) -> str:
        return "; ".join([self.source.basis, *(c.short for c in self.also)])


class ApprovalAct(StrEnum):
    DIGITAL_SIGNATURE = "digital_signature"
    """Phê duyệt bằng chữ ký số."""
    HEAD_CHECK = "head_check"
    """Người đứng đầu kiểm duyệt dữ liệu; no signature step named."""
    UNIT_VERIFICATION = "unit_verification"
    """Đơn vị xác thực thông tin."""


@attrs.frozen
class Approver:
    """Who approves the dossiers of which units."""

    scope: str = attrs.field(validator=_vocab("unit_scope"))
    role: str = attrs.field(validator=_vocab("role"))
    source: Citation = attrs.field(validator=_cited)
    scope_note: str | None = None
    """The units as the text lists them, when the scope name is coarser."""


@attrs.frozen
class Delegation:
    """``delegator`` may delegate approval to ``delegate`` (ủy quyền)."""

    delegator: str = attrs.field(validator=_vocab("role"))
    delegate: str = attrs.field(validator=_vocab("role"))
    source: Citation = attrs.field(validator=_cited)
    scope: str = attrs.field(default="all", validator=_vocab("unit_scope"))
    in_writing: bool = False
    """The text requires a written authorisation (ủy quyền bằng văn bản)."""
    note: str | None = None
    """What a reader must know that the fields do not say (in English)."""


@attrs.frozen
class ProvisionText:
    """A provision with no date or number to compute, kept with its source for people."""

    summary: str = attrs.field(validator=attrs.validators.min_len(3))
    """In English."""
    source: Citation = attrs.field(validator=_cited)


@attrs.frozen
class ApprovalPolicy:
    """RULES.md §4: how a dossier is approved, by whom, and who may sign for whom."""

    act: ApprovalAct = attrs.field(converter=ApprovalAct)
    act_source: Citation = attrs.field(validator=_cited)
    approvers: tuple[Approver, ...] = attrs.field(
        converter=tuple, validator=deep_iterable(instance_of(Approver))
    )
    delegations: tuple[Delegation, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Delegation))
    )
    own_dossier: ProvisionText | None = None
    """Who signs the head's own dossier, where the text says."""
    own_dossier_signer: str | None = attrs.field(default=None, validator=optional(_vocab("role")))
    rejection: ProvisionText | None = None
    national_sync: ProvisionText | None = None
    verification_period: Period | None = attrs.field(default=None, validator=optional(_period_any))
    """How long the unit has to approve or verify (Đắk Lắk: 1 working day), when stated."""

    def __attrs_post_init__(self) -> None:
        if (self.own_dossier is None) != (self.own_dossier_signer is None):
            raise ValueError("own_dossier and own_dossier_signer go together")


class AccountKind(StrEnum):
    ADMIN = "admin"
    AGENCY = "agency"
    PERSONAL = "personal"


class IdentifierScheme(StrEnum):
    USERNAME = "username"
    H34_PERSONAL_ID = "h34_personal_id"
    """Kon Tum: ``H34`` followed by the 12-digit personal identification number."""
    UNSPECIFIED = "unspecified"


@attrs.frozen
class AccountIssuance:
    kind: AccountKind = attrs.field(converter=AccountKind)
    issued_by: str = attrs.field(validator=_vocab("actor"))
    source: Citation = attrs.field(validator=_cited)
    requested_by: str | None = attrs.field(default=None, validator=optional(_vocab("actor")))


@attrs.frozen
class PasswordRule:
    """Password change: every ``every_months`` months, or "regularly" (None)."""

    source: Citation = attrs.field(validator=_cited)
    every_months: int | None = attrs.field(default=None, validator=optional(ge(1)))
    applies_to: AccountKind | None = attrs.field(
        default=None, converter=attrs.converters.optional(AccountKind)
    )


@attrs.frozen
class RightDefinition:
    """A right (quyền) and what it allows, as the text enumerates it."""

    name: str = attrs.field(validator=attrs.validators.in_(("admin", "update", "access")))
    allows: tuple[str, ...] = attrs.field(converter=tuple)
    source: Citation = attrs.field(validator=_cited)


class AccountModel(StrEnum):
    """Whose accounts the text provides for."""

    PER_AGENCY = "per_agency"
    """One user account per agency, used by the person its head assigns (Tuyên Quang, Đắk Lắk)."""
    PER_PERSON = "per_person"
    """A personal account for every CBCCVC and contract worker (Đồng Nai, Quảng Nam, Kon Tum)."""


class HolderChange(StrEnum):
    """What happens when the person holding an agency account changes."""

    REVOKE_AND_REISSUE = "revoke_and_reissue"
    """Revoke the account and issue a new one to the newly assigned person (Đắk Lắk 5.4)."""
    REASSIGN = "reassign"
    """The head reassigns the same account; a new password is issued to the new holder."""


@attrs.frozen
class AccountPolicy:
    """RULES.md §5: who creates which accounts, identifiers, passwords, revocation, rights."""

    issuance: tuple[AccountIssuance, ...] = attrs.field(
        converter=tuple, validator=deep_iterable(instance_of(AccountIssuance))
    )
    identifier: IdentifierScheme = attrs.field(converter=IdentifierScheme)
    identifier_source: Citation | None = attrs.field(default=None, validator=optional(_cited))
    one_account_per_agency: ProvisionText | None = None
    """One account per agency; more only with written agreement (Tuyên Quang, Đắk Lắk)."""
    passwords: tuple[PasswordRule, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(PasswordRule))
    )
    lost_password: ProvisionText | None = None
    lost_password_via: tuple[str, ...] = attrs.field(
        default=(), converter=tuple, validator=_vocab_each("actor")
    )
    revocation: tuple[ProvisionText, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(ProvisionText))
    )
    rights: tuple[RightDefinition, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(RightDefinition))
    )
    access: tuple[ProvisionText, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(ProvisionText))
    )
    """Who sees what: own dossier, unit subtree, written consent, encrypted fields, exports."""
    model: AccountModel | None = attrs.field(default=None, converter=attrs.converters.optional(AccountModel))
    """Per agency or per person (enforced when accounts are issued, :mod:`cbccvc_core.accounts`)."""
    model_source: Citation | None = attrs.field(default=None, validator=optional(_cited))
    holder_change: HolderChange | None = attrs.field(
        default=None, converter=attrs.converters.optional(HolderChange)
    )
    """When the person holding an agency account changes; None: the text says nothing (reassign)."""
    holder_change_source: Citation | None = attrs.field(default=None, validator=optional(_cited))

    def __attrs_post_init__(self) -> None:
        if (self.lost_password is None) != (not self.lost_password_via):
            raise ValueError("lost_password and lost_password_via go together")
        if (self.model is None) != (self.model_source is None):
            raise ValueError("model and model_source go together")
        if (self.holder_change is None) != (self.holder_change_source is None):
            raise ValueError("holder_change and holder_change_source go together")


class Frequency(StrEnum):
    YEARLY = "yearly"
    HALF_YEARLY = "half_yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    DAILY = "daily"
    PERIODIC = "periodic"
    """"Định kỳ" with no interval: no date can be computed."""


class ReportFigure(StrEnum):
    """Figures ``cbccvc report`` computes from the database for a report item."""

    NEW_DOSSIERS = "new_dossiers"
    """Dossiers made (lập mới) in the period."""
    STATUS_UPDATES = "status_updates"
    """Revisions approved and events recorded (cập nhật tình trạng, thông tin)."""
    TIMELINESS = "timeliness"
    """Obligations due in the period: done on time, late, still open past their date."""
    TRANSFERS = "transfers"
    EXITS = "exits"
    HEADCOUNT = "headcount"
    """Dossiers held now, by employment state."""


def _figures(value: Any) -> tuple[ReportFigure, ...]:
    return tuple(ReportFigure(f) for f in value)


def _in_quote(instance: ReportItem, attribute: attrs.Attribute[str], value: str) -> None:
    def norm(text: str) -> str:
        return " ".join(text.split()).casefold()

    if not isinstance(value, str) or len(value.strip()) < 3:
        raise ValueError(f"{attribute.name} must be the item's words, got {value!r}")
    if norm(value) not in norm(instance.source.quote):
        raise ValueError(f"heading {value!r} is not in the quote of {instance.source.short}")


@attrs.frozen
class ReportItem:
    """One item of a report's contents (nội dung báo cáo), in the text's words.

    ``heading`` is Vietnamese, words of ``source.quote``; ``summary`` says it in English.
    ``figures`` are what the core computes for it; every item also has a free-text field that
    the reporting unit fills (an item with no figures is free text only)."""

    key: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9_]{1,40}$"))
    """Name of the item's free-text field in the answers file (``cbccvc report --answers``)."""
    source: Citation = attrs.field(validator=_cited)
    heading: str = attrs.field(validator=_in_quote)
    summary: str = attrs.field(validator=attrs.validators.min_len(3))
    figures: tuple[ReportFigure, ...] = attrs.field(default=(), converter=_figures)


@attrs.frozen
class ReportRule:
    """A report a province requires (RULES.md §7): from whom, to whom, by when."""

    report: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9_]+$"))
    sender: str = attrs.field(validator=_vocab("actor"))
    recipient: str = attrs.field(validator=_vocab("actor"))
    frequency: Frequency = attrs.field(converter=Frequency)
    due: Before | On | Unspecified = attrs.field(validator=_period)
    source: Citation = attrs.field(validator=_cited)
    year_offset: int = attrs.field(default=0, validator=attrs.validators.in_((0, 1)))
    """1 when the date falls in the year after the year reported on ("năm sau")."""
    contents: tuple[ReportItem, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(ReportItem))
    )
    """What the report must cover, item by item as the text lists them (``cbccvc report``)."""
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        keys = [i.key for i in self.contents]
        if len(keys) != len(set(keys)):
            raise ValueError(f"report {self.report!r}: item keys repeat ({', '.join(keys)})")


class BackupKind(StrEnum):
    DATABASE = "database"
    """The whole provincial database (Sở Nội vụ)."""
    DATA_CENTER = "data_center"
    """Under the provincial data centre's own regime."""
    AGENCY = "agency"
    """Each agency's own data."""


@attrs.frozen
class BackupRule:
    """A backup the text requires: how often, by whom, kept how long."""

    kind: BackupKind = attrs.field(converter=BackupKind)
    by: str = attrs.field(validator=_vocab("actor"))
    frequency: Frequency = attrs.field(converter=Frequency)
    source: Citation = attrs.field(validator=_cited)
    day_of_month: int | None = attrs.field(
        default=None, validator=optional(attrs.validators.in_(range(1, 29)))
    )
    """For monthly backups on a named day ("ngày 01 hàng tháng")."""
    keep_months: int | None = attrs.field(default=None, validator=optional(ge(1)))
    """Minimum retention ("lưu trữ tối thiểu 03 tháng")."""
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.frequency not in (Frequency.DAILY, Frequency.MONTHLY, Frequency.PERIODIC):
            raise ValueError("a backup is daily, monthly or periodic (unspecified)")
        if self.day_of_month is not None and self.frequency is not Frequency.MONTHLY:
            raise ValueError("day_of_month only for monthly backups")


@attrs.frozen
class BackupPolicy:
    """RULES.md §6: backups, their retention, restore, and what happens to exited dossiers."""

    backups: tuple[BackupRule, ...] = attrs.field(
        converter=tuple, validator=deep_iterable(instance_of(BackupRule))
    )
    restore: ProvisionText | None = None
    exited_dossiers: ProvisionText | None = None
    storage: tuple[ProvisionText, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(ProvisionText))
    )


@attrs.frozen
class ProvinceProfile:
    """Who the province is and which instrument its rules come from."""

    code: str = attrs.field(validator=attrs.validators.matches_re(r"^[a-z][a-z0-9_]{1,30}$"))
    name: str = attrs.field(validator=attrs.validators.min_len(2))
    """Vietnamese name, e.g. "Kon Tum"."""
    instrument: Instrument = attrs.field(validator=instance_of(Instrument))

    def __attrs_post_init__(self) -> None:
        if self.instrument.province != self.code:
            raise ValueError(f"instrument belongs to {self.instrument.province!r}, profile is {self.code!r}")


@attrs.frozen
class RuleSet:
    """Everything one province supplies, gathered from its plugin's hooks."""

    profile: ProvinceProfile
    deadlines: tuple[DeadlineRule, ...]
    approval: ApprovalPolicy | None
    accounts: AccountPolicy | None
    reports: tuple[ReportRule, ...]
    backup: BackupPolicy | None
    calendar_adjustments: tuple[CalendarAdjustment, ...] = ()

    @property
    def code(self) -> str:
        return self.profile.code

    @property
    def instrument(self) -> Instrument:
        return self.profile.instrument

    def citations(self) -> list[tuple[str, Citation]]:
        """Every citation in the rule set, with what it is attached to."""
        out: list[tuple[str, Citation]] = []

        def walk(where: str, obj: Any) -> None:
            if isinstance(obj, Citation):
                out.append((where, obj))
            elif attrs.has(type(obj)):
                for f in attrs.fields(type(obj)):
                    walk(f"{where}.{f.name}", getattr(obj, f.name))
            elif isinstance(obj, tuple):
                for i, item in enumerate(obj):
                    walk(f"{where}[{i}]", item)

        for f in attrs.fields(RuleSet):
            if f.name != "profile":
                walk(f.name, getattr(self, f.name))
        return out
