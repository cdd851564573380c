"""Sources: the instrument a rule comes from, and the article, clause and point it cites.

A rule without a source does not exist: every rule type requires a :class:`Citation`, which
requires an :class:`Instrument` and a short quote of the text (Vietnamese, as written).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

import attrs
from attrs.validators import and_, ge, instance_of, optional

from ..vocabulary import check


class InstrumentStatus(StrEnum):
    DRAFT = "draft"
    """Dự thảo: published for comment, not adopted."""
    ISSUED = "issued"
    """Adopted, but the text as received leaves its number or date blank."""
    IN_FORCE = "in_force"
    REPLACED = "replaced"


def _quote(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or len(value.strip()) < 8:
        raise ValueError(f"{attribute.name} must quote the text (at least a few words), got {value!r}")
    if len(value) > 600:
        raise ValueError(f"{attribute.name} is a short quote, at most 600 characters")


_PROVINCE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


def _province_code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _PROVINCE_CODE.match(value):
        raise ValueError(f"province code must be lower-case ASCII like 'kontum', got {value!r}")


@attrs.frozen
class Instrument:
    """A legal instrument: the decision (Quyết định) and the regulation it issues."""

    province: str = attrs.field(validator=_province_code)
    """The plugin code, e.g. ``kontum``."""
    kind: str = attrs.field(validator=attrs.validators.min_len(2))
    """"Quy chế kèm Quyết định", "Quy định kèm Quyết định"."""
    number: str | None = attrs.field(validator=optional(instance_of(str)))
    """"16/2020/QĐ-UBND"; None when the text leaves it blank."""
    issuer: str = attrs.field(validator=attrs.validators.min_len(2))
    title: str = attrs.field(validator=attrs.validators.min_len(2))
    status: InstrumentStatus = attrs.field(converter=InstrumentStatus)
    signed: date | None = attrs.field(default=None, validator=optional(instance_of(date)))
    in_force_from: date | None = attrs.field(default=None, validator=optional(instance_of(date)))
    replaces: str | None = None
    replaced_by: str | None = None
    note: str | None = None
    """What the text says of its own status, e.g. "number and day left blank (#sovb, #nbh)"."""

    def __attrs_post_init__(self) -> None:
        if self.status is InstrumentStatus.IN_FORCE and self.in_force_from is None:
            raise ValueError("an instrument in force needs in_force_from")
        if self.status is InstrumentStatus.REPLACED and not self.replaced_by:
            raise ValueError("a replaced instrument needs replaced_by")

    @property
    def reference(self) -> str:
        number = self.number or "…"
        signed = f" ngày {self.signed:%d/%m/%Y}" if self.signed else ""
        return f"Quyết định số {number}{signed} của {self.issuer}"

    @property
    def full_reference(self) -> str:
        """``Quy chế kèm theo Quyết định số 16/2020/QĐ-UBND ngày 18/09/2020 của UBND tỉnh …``."""
        kind = self.kind.removesuffix(" Quyết định").removesuffix(" kèm").removesuffix(" kèm theo")
        return f"{kind} kèm theo {self.reference}"

    def is_in_force_on(self, day: date) -> bool:
        return (
            self.status is InstrumentStatus.IN_FORCE
            and self.in_force_from is not None
            and day >= self.in_force_from
        )

    def cite(
        self,
        article: int,
        clause: int | None = None,
        point: str | None = None,
        *,
        quote: str,
        in_decision: bool = False,
    ) -> Citation:
        """A citation of this instrument: ``QD.cite(10, 2, "a", quote="…")``."""
        return Citation(self, article, clause, point, quote=quote, in_decision=in_decision)


_POINT = re.compile(r"^[a-zđ]$")


@attrs.frozen
class Citation:
    """Điều ``article`` khoản ``clause`` điểm ``point`` of ``instrument``, with a quote."""

    instrument: Instrument = attrs.field(validator=instance_of(Instrument))
    article: int = attrs.field(validator=and_(instance_of(int), ge(1)))
    clause: int | None = attrs.field(default=None, validator=optional(and_(instance_of(int), ge(1))))
    point: str | None = attrs.field(default=None, validator=optional(attrs.validators.matches_re(_POINT)))
    quote: str = attrs.field(default="", validator=_quote, kw_only=True)
    in_decision: bool = attrs.field(default=False, kw_only=True)
    """True when the article is the decision's own (Quyết định Điều 2), not the regulation's."""

    def __attrs_post_init__(self) -> None:
        if self.point is not None and self.clause is None:
            raise ValueError("a point (điểm) needs its clause (khoản)")

    @property
    def short(self) -> str:
        """``Điều 11.2.a``, the style of RULES.md."""
        parts = (
            [str(self.article)]
            + ([str(self.clause)] if self.clause else [])
            + ([self.point] if self.point else [])
        )
        return ("QĐ " if self.in_decision else "") + "Điều " + ".".join(parts)

    @property
    def basis(self) -> str:
        """``kontum Điều 11.2``: province and article, the ``basis`` field of the JSON output."""
        return f"{self.instrument.province} {self.short}"

    def long(self, lang: str = "vi") -> str:
        """``điểm a khoản 2 Điều 10`` (Vietnamese order) or ``Article 10(2)(a)``."""
        if lang == "vi":
            bits = (
                ([f"điểm {self.point}"] if self.point else [])
                + ([f"khoản {self.clause}"] if self.clause else [])
                + [f"Điều {self.article}"]
            )
            owner = "Quyết định" if self.in_decision else self.instrument.kind.split(" kèm")[0]
            return " ".join(bits) + f" {owner}"
        out = (
            f"Article {self.article}"
            + (f"({self.clause})" if self.clause else "")
            + (f"({self.point})" if self.point else "")
        )
        return out + (" of the decision" if self.in_decision else "")


def check_actor(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    check("actor", value)
