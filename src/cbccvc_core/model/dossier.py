"""The content of a dossier revision: what the person declares on the legal form.

Two forms, as the provincial rules name them (Quảng Nam Điều 4.1, Đồng Nai Điều 6.1, Kon Tum
Điều 7.1):

- CBCCVC (cán bộ, công chức, viên chức): "mẫu sơ yếu lý lịch tại Phụ lục kèm theo Thông tư số
  06/2023/TT-BNV" (the Quy chế cập nhật, sử dụng, khai thác dữ liệu, thông tin của Cơ sở dữ liệu
  quốc gia về CBCCVC) -> :class:`DossierContent`;
- người lao động (contract workers): "mẫu hợp đồng lao động tại Phụ lục II ban hành kèm theo
  Thông tư số 05/2023/TT-BNV" -> :class:`ContractWorkerContent`.

On the name of the first form: the provincial texts call it the sơ yếu lý lịch in the Phụ lục
of TT 06/2023/TT-BNV; we found no number "2C" on it. "Mẫu 2C" is the name of older forms
(2C-BNV/2008 of Quyết định 02/2008/QĐ-BNV, and the Party's 2C-TCTW-98), which Đắk Lắk's rules
still import and export. The item numbers quoted below (mục 1-38) are those of the 2023 form as
we know it; where we are unsure, the docstring says so.

JSON goes through the shared cattrs converter of :mod:`cbccvc_core.rules.serialize` (a copy of
it, with strict hooks for text, integers and decimals added). :func:`canonical_json` writes the
canonical form of RFC 8785 (JCS) for our types, :func:`content_hash` its SHA-256.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar, TypeAlias, TypeVar

import attrs
import cattrs
from attrs.validators import deep_iterable, instance_of, optional

from ..errors import CbccvcError, InvalidDateError
from ..i18n import N_
from ..rules.serialize import converter
from .people import (
    Gender,
    check_consistent,
    check_full_name,
    check_personal_id,
    normalize_full_name,
    to_gender,
)

# --------------------------------------------------------------------------- errors


class InvalidDossierError(CbccvcError):
    """Dossier content that cannot be used. ``detail`` says where and why, in English."""

    template = N_("Invalid dossier content: {detail}")


class EmptyFieldError(InvalidDossierError):
    template = N_("Invalid dossier content: {field} must not be empty.")


class DateOrderError(InvalidDossierError):
    template = N_("Invalid dossier content: {field} {end} is before {start}.")


class InvalidCoefficientError(InvalidDossierError):
    template = N_(
        "Invalid dossier content: {value!r} is not a salary coefficient (hệ số lương); write a "
        'positive decimal with at most two decimals, e.g. "2.34".'
    )


class UnknownFormError(InvalidDossierError):
    template = N_("Unknown dossier form {form!r}. Known forms: {known}.")


# --------------------------------------------------------------------------- field helpers

E = TypeVar("E", bound=StrEnum)
_CENT = Decimal("0.01")
_MAX_JSON_INT = 2**53 - 1


def _text(value: Any) -> Any:
    """NFC and trimmed, so that equal-looking text is equal (and hashes the same)."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def _optional_text(value: Any) -> Any:
    """As :func:`_text`; blank text is None (a field left empty on the form)."""
    value = _text(value)
    return None if value == "" else value


def _texts(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str):  # one text is not a list of texts (it would split into letters)
        raise InvalidDossierError(detail=f"expected a list of texts, got the text {value!r}")
    return tuple(_text(item) for item in value)


def _required(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidDossierError(detail=f"{attribute.name} must be text, not {type(value).__name__}")
    if not value:
        raise EmptyFieldError(field=attribute.name)


def _optional_required(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _required(instance, attribute, value)


def _each_required(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    for item in value:
        _required(instance, attribute, item)


def _date(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidDateError(value=value)


def _optional_date(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _date(instance, attribute, value)


def _full_name(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_full_name(value)


def _rank_code_chars(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not all(char.isascii() and (char.isalnum() or char == ".") for char in value):
        raise InvalidDossierError(
            detail=f"{attribute.name} {value!r} is not a code like 01.003 or V.07.05.15"
        )


def _int_in(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    def validate(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        if type(value) is not int or not low <= value <= high:
            raise InvalidDossierError(detail=f"{attribute.name} must be a whole number from {low} to {high}")

    return validate


def _enum_value(cls: type[E], value: Any) -> E:
    try:
        return cls(value)
    except ValueError:
        known = ", ".join(member.value for member in cls)
        raise InvalidDossierError(detail=f"{value!r} is not one of {known}") from None


def to_coefficient(value: Any) -> Decimal:
    """A salary coefficient (hệ số) as a Decimal with two places, from ``"2.34"``, 2 or a Decimal.

    Floats are refused (binary fractions); so is anything with more than two decimals, zero or
    less, or 100 and more. ``"2.3"`` and ``"2.30"`` give the same value and the same JSON.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise InvalidCoefficientError(value=value)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidCoefficientError(value=value) from None
    if not number.is_finite() or not 0 < number < 100 or number != number.quantize(_CENT):
        raise InvalidCoefficientError(value=value)
    return number.quantize(_CENT)


def _optional_coefficient(value: Any) -> Decimal | None:
    return None if value is None else to_coefficient(value)


def _ordered(field: str, start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise DateOrderError(field=field, start=start.isoformat(), end=end.isoformat())


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------- enums


class FamilySide(StrEnum):
    """Which table of mục 36 (quan hệ gia đình) a relative belongs to."""

    OWN = "own"
    """36.1 Về bản thân: cha, mẹ, vợ (hoặc chồng), các con, anh chị em ruột."""
    SPOUSE = "spouse"
    """36.2 Cha, mẹ, anh chị em ruột bên vợ (hoặc chồng)."""


class Relation(StrEnum):
    """Mối quan hệ."""

    FATHER = "father"
    """Cha (bố)."""
    MOTHER = "mother"
    """Mẹ."""
    SPOUSE = "spouse"
    """Vợ hoặc chồng."""
    CHILD = "child"
    """Con."""
    SIBLING = "sibling"
    """Anh, chị, em ruột."""


class AcademicTitle(StrEnum):
    """Học hàm (mục 21)."""

    PROFESSOR = "professor"
    """Giáo sư."""
    ASSOCIATE_PROFESSOR = "associate_professor"
    """Phó giáo sư."""


class PoliticalTheoryLevel(StrEnum):
    """Trình độ lý luận chính trị (mục 32.2, văn bằng được cấp)."""

    ELEMENTARY = "elementary"
    """Sơ cấp."""
    INTERMEDIATE = "intermediate"
    """Trung cấp."""
    ADVANCED = "advanced"
    """Cao cấp."""
    BACHELOR = "bachelor"
    """Cử nhân."""


class ContractKind(StrEnum):
    """Loại hợp đồng lao động (Phụ lục II TT 05/2023/TT-BNV, Điều 1.1 of the contract)."""

    FIXED_TERM = "fixed_term"
    """Hợp đồng xác định thời hạn (at most 36 months, Bộ luật Lao động 2019 Điều 20)."""
    INDEFINITE = "indefinite"
    """Hợp đồng không xác định thời hạn."""


class WorkKind(StrEnum):
    """Which of the two contracts of Phụ lục II (Nghị định 111/2022/NĐ-CP)."""

    SUPPORT_SERVICE = "support_service"
    """Hợp đồng lao động thực hiện công việc hỗ trợ, phục vụ."""
    PROFESSIONAL = "professional"
    """Hợp đồng lao động thực hiện công việc chuyên môn, nghiệp vụ."""


class PaymentMethod(StrEnum):
    """Hình thức trả lương."""

    CASH = "cash"
    """Tiền mặt."""
    TRANSFER = "transfer"
    """Chuyển khoản."""


def _to_family_side(value: Any) -> FamilySide:
    return _enum_value(FamilySide, value)


def _to_relation(value: Any) -> Relation:
    return _enum_value(Relation, value)


def _to_work_kind(value: Any) -> WorkKind:
    return _enum_value(WorkKind, value)


def _to_contract_kind(value: Any) -> ContractKind:
    return _enum_value(ContractKind, value)


def _to_political_theory_level(value: Any) -> PoliticalTheoryLevel | None:
    return None if value is None else _enum_value(PoliticalTheoryLevel, value)


def _to_academic_title(value: Any) -> AcademicTitle | None:
    return None if value is None else _enum_value(AcademicTitle, value)


def _to_payment_method(value: Any) -> PaymentMethod | None:
    return None if value is None else _enum_value(PaymentMethod, value)


# --------------------------------------------------------------------------- CBCCVC form


@attrs.frozen(kw_only=True)
class Identity:
    """Mục 1-5 and 8-10 of the sơ yếu lý lịch: who the person is and where they live.

    The number must agree with the birth year and the gender (see
    :func:`cbccvc_core.model.people.check_consistent`). ``permanent_residence`` (nơi thường trú)
    is kept as the database records it; the 2023 form itself asks for nơi ở hiện nay (mục 10).
    """

    full_name: str = attrs.field(converter=normalize_full_name, validator=_full_name)
    """1) Họ và tên khai sinh."""
    gender: Gender = attrs.field(converter=to_gender)
    """1) Giới tính."""
    birth_date: date = attrs.field(validator=_date)
    """3) Sinh ngày."""
    personal_id: str = attrs.field(converter=check_personal_id)
    """8) Số định danh cá nhân (số CCCD)."""
    other_names: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_each_required)
    """2) Các tên gọi khác."""
    birthplace: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """4) Nơi sinh."""
    hometown: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """5) Quê quán."""
    personal_id_issued_on: date | None = attrs.field(default=None, validator=_optional_date)
    """8) Ngày cấp."""
    phone: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """8) Số điện thoại liên hệ."""
    social_insurance_number: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """9) Số sổ bảo hiểm xã hội."""
    health_insurance_number: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """9) Số thẻ bảo hiểm y tế."""
    permanent_residence: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Nơi thường trú."""
    current_residence: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """10) Nơi ở hiện nay."""

    def __attrs_post_init__(self) -> None:
        check_consistent(self.personal_id, self.birth_date, self.gender)


@attrs.frozen(kw_only=True)
class Origin:
    """Mục 11-12: thành phần gia đình xuất thân (still on the 2023 form) and the occupation before
    recruitment."""

    family_background: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """11) Thành phần gia đình xuất thân (công nhân, nông dân, cán bộ, công chức, trí thức…)."""
    occupation_before_recruitment: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """12) Nghề nghiệp trước khi được tuyển dụng."""


@attrs.frozen(kw_only=True)
class EthnicityReligion:
    """Mục 6-7."""

    ethnicity: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """6) Dân tộc (Kinh, Tày, Ê Đê…)."""
    religion: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """7) Tôn giáo ("Không" when none)."""


@attrs.frozen(kw_only=True)
class Degree:
    """A row of mục 32.1 (chuyên môn, từ trung cấp trở lên, trong nước và nước ngoài).

    The form gives months (tháng/năm): the day 1 stands for the month.
    """

    start: date = attrs.field(validator=_date)
    """Từ tháng/năm."""
    end: date | None = attrs.field(default=None, validator=_optional_date)
    """Đến tháng/năm."""
    institution: str = attrs.field(converter=_text, validator=_required)
    """Tên cơ sở đào tạo."""
    field: str = attrs.field(converter=_text, validator=_required)
    """Chuyên ngành đào tạo."""
    qualification: str = attrs.field(converter=_text, validator=_required)
    """Văn bằng, trình độ (cử nhân, kỹ sư, thạc sĩ, tiến sĩ…)."""
    mode: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Hình thức đào tạo (chính quy, vừa làm vừa học, từ xa…)."""

    def __attrs_post_init__(self) -> None:
        _ordered("end", self.start, self.end)


@attrs.frozen(kw_only=True)
class Training:
    """A row of mục 32.2-32.5: lý luận chính trị, bồi dưỡng quản lý nhà nước / chức danh nghề
    nghiệp, kiến thức an ninh quốc phòng, tin học."""

    start: date = attrs.field(validator=_date)
    end: date | None = attrs.field(default=None, validator=_optional_date)
    institution: str = attrs.field(converter=_text, validator=_required)
    """Tên cơ sở đào tạo."""
    certificate: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Văn bằng, chứng chỉ được cấp."""
    mode: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Hình thức đào tạo."""

    def __attrs_post_init__(self) -> None:
        _ordered("end", self.start, self.end)


@attrs.frozen(kw_only=True)
class LanguageSkill:
    """A row of mục 32.6: ngoại ngữ / tiếng dân tộc."""

    language: str = attrs.field(converter=_text, validator=_required)
    """Tên ngoại ngữ, tiếng dân tộc."""
    certificate: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Chứng chỉ được cấp (e.g. B1 theo Khung năng lực ngoại ngữ 6 bậc)."""
    score: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Điểm số, as written."""
    institution: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    start: date | None = attrs.field(default=None, validator=_optional_date)
    end: date | None = attrs.field(default=None, validator=_optional_date)

    def __attrs_post_init__(self) -> None:
        _ordered("end", self.start, self.end)


@attrs.frozen(kw_only=True)
class Education:
    """Trình độ và quá trình đào tạo, bồi dưỡng (mục 19-20, 32 except 32.2)."""

    general_education: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """19) Trình độ giáo dục phổ thông (e.g. "12/12")."""
    highest_professional_level: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """20) Trình độ chuyên môn cao nhất."""
    degrees: tuple[Degree, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Degree))
    )
    """32.1) Chuyên môn."""
    management_trainings: tuple[Training, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Training))
    )
    """32.3) Bồi dưỡng quản lý nhà nước, chức danh nghề nghiệp, nghiệp vụ chuyên ngành."""
    defence_security_trainings: tuple[Training, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Training))
    )
    """32.4) Bồi dưỡng kiến thức an ninh, quốc phòng."""
    it_trainings: tuple[Training, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Training))
    )
    """32.5) Tin học."""
    foreign_languages: tuple[LanguageSkill, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(LanguageSkill))
    )
    """32.6) Ngoại ngữ, tiếng dân tộc."""


@attrs.frozen(kw_only=True)
class Political:
    """Lý luận chính trị and Party membership (mục 15-16, 32.2)."""

    political_theory_level: PoliticalTheoryLevel | None = attrs.field(
        default=None, converter=_to_political_theory_level
    )
    """Trình độ lý luận chính trị cao nhất."""
    political_theory_trainings: tuple[Training, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Training))
    )
    """32.2) Quá trình đào tạo lý luận chính trị."""
    party_joined_on: date | None = attrs.field(default=None, validator=_optional_date)
    """15) Ngày vào Đảng Cộng sản Việt Nam."""
    party_official_on: date | None = attrs.field(default=None, validator=_optional_date)
    """15) Ngày chính thức."""
    mass_organisation_joined_on: date | None = attrs.field(default=None, validator=_optional_date)
    """16) Ngày tham gia tổ chức chính trị - xã hội đầu tiên (Đoàn TNCS Hồ Chí Minh, Công đoàn, Hội)."""

    def __attrs_post_init__(self) -> None:
        if self.party_official_on is not None and self.party_joined_on is None:
            raise InvalidDossierError(detail="party_official_on needs party_joined_on")
        _ordered("party_official_on", self.party_joined_on, self.party_official_on)


@attrs.frozen(kw_only=True)
class HonoraryTitle:
    """A danh hiệu nhà nước phong tặng (mục 22), e.g. Nhà giáo ưu tú, Thầy thuốc nhân dân."""

    title: str = attrs.field(converter=_text, validator=_required)
    awarded_on: date | None = attrs.field(default=None, validator=_optional_date)
    decision_ref: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Số quyết định."""


@attrs.frozen(kw_only=True)
class Titles:
    """Học hàm and danh hiệu nhà nước (mục 21-22). Học vị (thạc sĩ, tiến sĩ) is a degree."""

    academic_title: AcademicTitle | None = attrs.field(default=None, converter=_to_academic_title)
    """21) Học hàm."""
    state_honorary_titles: tuple[HonoraryTitle, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(HonoraryTitle))
    )
    """22) Danh hiệu nhà nước phong tặng."""


@attrs.frozen(kw_only=True)
class Employment:
    """Recruitment and the present post (mục 13-14, 23, 25, 28, 30.3)."""

    first_recruited_on: date | None = attrs.field(default=None, validator=_optional_date)
    """13) Ngày được tuyển dụng lần đầu."""
    recruiting_agency: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """13) Cơ quan, tổ chức, đơn vị tuyển dụng."""
    joined_current_agency_on: date | None = attrs.field(default=None, validator=_optional_date)
    """14) Ngày vào cơ quan hiện đang công tác."""
    current_position: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """23) Chức vụ hiện tại."""
    position_appointed_on: date | None = attrs.field(default=None, validator=_optional_date)
    """23) Ngày bổ nhiệm, phê chuẩn."""
    concurrent_positions: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=_each_required
    )
    """25) Chức vụ kiêm nhiệm."""
    main_duties: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """28) Công việc chính được giao."""
    job_position: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """30.3) Vị trí việc làm."""

    def __attrs_post_init__(self) -> None:
        _ordered("joined_current_agency_on", self.first_recruited_on, self.joined_current_agency_on)


@attrs.frozen(kw_only=True)
class WorkPeriod:
    """A row of mục 33, tóm tắt quá trình công tác. ``end`` None: until now."""

    start: date = attrs.field(validator=_date)
    """Từ tháng/năm (day 1 stands for the month)."""
    end: date | None = attrs.field(default=None, validator=_optional_date)
    """Đến tháng/năm."""
    unit: str = attrs.field(converter=_text, validator=_required)
    """Đơn vị công tác (đảng, chính quyền, đoàn thể, tổ chức xã hội)."""
    position: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Chức danh, chức vụ."""

    def __attrs_post_init__(self) -> None:
        _ordered("end", self.start, self.end)


@attrs.frozen(kw_only=True)
class Allowance:
    """A phụ cấp (mục 30.2, 37.2): by coefficient, percentage or amount; at least one of them."""

    kind: str = attrs.field(converter=_text, validator=_required)
    """Loại phụ cấp (chức vụ, kiêm nhiệm, thâm niên nghề, ưu đãi nghề…)."""
    coefficient: Decimal | None = attrs.field(default=None, converter=_optional_coefficient)
    """Hệ số."""
    percent: int | None = attrs.field(default=None, validator=_int_in(1, 1000))
    """Phần trăm hưởng."""
    amount_vnd: int | None = attrs.field(default=None, validator=_int_in(1, _MAX_JSON_INT))
    """Giá trị (đồng)."""
    start: date | None = attrs.field(default=None, validator=_optional_date)
    end: date | None = attrs.field(default=None, validator=_optional_date)

    def __attrs_post_init__(self) -> None:
        if self.coefficient is None and self.percent is None and self.amount_vnd is None:
            raise InvalidDossierError(
                detail=f"allowance {self.kind!r} needs a coefficient, percent or amount"
            )
        _ordered("end", self.start, self.end)


@attrs.frozen(kw_only=True)
class SalaryStep:
    """A row of mục 37.1, quá trình lương của bản thân."""

    start: date = attrs.field(validator=_date)
    end: date | None = attrs.field(default=None, validator=_optional_date)
    rank_code: str = attrs.field(converter=_text, validator=[_required, _rank_code_chars])
    """Mã số ngạch, chức danh nghề nghiệp."""
    grade: int = attrs.field(validator=_int_in(1, 20))
    """Bậc lương."""
    coefficient: Decimal = attrs.field(converter=to_coefficient)
    """Hệ số lương."""

    def __attrs_post_init__(self) -> None:
        _ordered("end", self.start, self.end)


@attrs.frozen(kw_only=True)
class Salary:
    """Tiền lương (mục 30) and its history (mục 37.1)."""

    rank_code: str = attrs.field(converter=_text, validator=[_required, _rank_code_chars])
    """30.1) Mã số ngạch, chức danh nghề nghiệp (e.g. 01.003 chuyên viên, V.07.05.15)."""
    grade: int = attrs.field(validator=_int_in(1, 20))
    """30.1) Bậc lương."""
    coefficient: Decimal = attrs.field(converter=to_coefficient)
    """30.1) Hệ số, written in JSON as a string ("2.34")."""
    effective_date: date = attrs.field(validator=_date)
    """30.1) Ngày hưởng."""
    rank_name: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """30.1) Ngạch, chức danh nghề nghiệp."""
    rank_appointed_on: date | None = attrs.field(default=None, validator=_optional_date)
    """30.1) Ngày bổ nhiệm ngạch, chức danh nghề nghiệp."""
    percent_paid: int | None = attrs.field(default=None, validator=_int_in(1, 100))
    """30.1) Phần trăm hưởng (e.g. 85 during probation)."""
    over_grade_seniority_percent: int | None = attrs.field(default=None, validator=_int_in(1, 100))
    """30.1) Phụ cấp thâm niên vượt khung (%)."""
    allowances: tuple[Allowance, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Allowance))
    )
    """30.2) Phụ cấp chức vụ, kiêm nhiệm, khác."""
    history: tuple[SalaryStep, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(SalaryStep))
    )
    """37.1) Quá trình lương."""


@attrs.frozen(kw_only=True)
class Reward:
    """Khen thưởng (mục 35.1)."""

    decided_on: date = attrs.field(validator=_date)
    """Ngày quyết định."""
    form: str = attrs.field(converter=_text, validator=_required)
    """Hình thức khen thưởng (Bằng khen của Chủ tịch UBND tỉnh, Chiến sĩ thi đua cơ sở…)."""
    decision_ref: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Số quyết định."""
    issued_by: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Cơ quan quyết định."""


@attrs.frozen(kw_only=True)
class Discipline:
    """Kỷ luật Đảng, hành chính (mục 35.2)."""

    decided_on: date = attrs.field(validator=_date)
    """Ngày quyết định."""
    form: str = attrs.field(converter=_text, validator=_required)
    """Hình thức (khiển trách, cảnh cáo, hạ bậc lương…)."""
    decision_ref: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Số quyết định."""
    issued_by: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Cơ quan quyết định."""
    reason: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Hành vi vi phạm chính."""


@attrs.frozen(kw_only=True)
class RewardsDiscipline:
    """Khen thưởng, kỷ luật (mục 35)."""

    rewards: tuple[Reward, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Reward))
    )
    disciplines: tuple[Discipline, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Discipline))
    )


_SPOUSE_SIDE = frozenset({Relation.FATHER, Relation.MOTHER, Relation.SIBLING})


@attrs.frozen(kw_only=True)
class Relative:
    """A row of mục 36, quan hệ gia đình."""

    side: FamilySide = attrs.field(converter=_to_family_side)
    relation: Relation = attrs.field(converter=_to_relation)
    """Mối quan hệ."""
    full_name: str = attrs.field(converter=_text, validator=_required)
    """Họ và tên."""
    birth_year: int | None = attrs.field(default=None, validator=_int_in(1800, 2399))
    """Năm sinh."""
    hometown: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Quê quán."""
    occupation: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập."""
    address: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Nơi ở (trong, ngoài nước)."""

    def __attrs_post_init__(self) -> None:
        if self.side is FamilySide.SPOUSE and self.relation not in _SPOUSE_SIDE:
            raise InvalidDossierError(
                detail=f"on the spouse's side (36.2) a relative is a father, mother or sibling, not {self.relation}"
            )


@attrs.frozen(kw_only=True)
class DossierContent:
    """The sơ yếu lý lịch of a CBCCVC (cán bộ, công chức, viên chức): one dossier revision.

    Form: the mẫu sơ yếu lý lịch in the Phụ lục of Thông tư 06/2023/TT-BNV. The sections follow
    its items; not modelled (free text or marginal to the rules): 17 nhập ngũ / xuất ngũ,
    18 đối tượng chính sách, 24 quy hoạch, 26-27 chức vụ Đảng, 29 sở trường, 31 sức khỏe,
    34 đặc điểm lịch sử bản thân, 37.3 hoàn cảnh kinh tế, 38 nhận xét của cơ quan.
    """

    form: ClassVar[str] = "TT 06/2023/TT-BNV Phụ lục mẫu sơ yếu lý lịch"

    identity: Identity = attrs.field(validator=instance_of(Identity))
    origin: Origin = attrs.field(factory=Origin, validator=instance_of(Origin))
    ethnicity_religion: EthnicityReligion = attrs.field(
        factory=EthnicityReligion, validator=instance_of(EthnicityReligion)
    )
    education: Education = attrs.field(factory=Education, validator=instance_of(Education))
    political: Political = attrs.field(factory=Political, validator=instance_of(Political))
    titles: Titles = attrs.field(factory=Titles, validator=instance_of(Titles))
    employment: Employment = attrs.field(factory=Employment, validator=instance_of(Employment))
    work_history: tuple[WorkPeriod, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(WorkPeriod))
    )
    salary: Salary | None = attrs.field(default=None, validator=optional(instance_of(Salary)))
    rewards_discipline: RewardsDiscipline = attrs.field(
        factory=RewardsDiscipline, validator=instance_of(RewardsDiscipline)
    )
    family: tuple[Relative, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Relative))
    )


# --------------------------------------------------------------------------- contract workers


@attrs.frozen(kw_only=True)
class Employer:
    """Bên A: người sử dụng lao động."""

    unit: str = attrs.field(converter=_text, validator=_required)
    """Cơ quan, đơn vị."""
    address: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    representative: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Đại diện theo pháp luật (hoặc người được ủy quyền)."""
    representative_title: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Chức vụ."""


@attrs.frozen(kw_only=True)
class WorkerIdentity:
    """Bên B: người lao động.

    The form accepts "Số CMND/CCCD/Hộ chiếu"; the database keys people by the số định danh cá
    nhân (Kon Tum Điều 3.3 uses it as the identifier), so the 12-digit number is required here.
    Bank account details on the form are not kept.
    """

    full_name: str = attrs.field(converter=normalize_full_name, validator=_full_name)
    """Ông/Bà."""
    gender: Gender = attrs.field(converter=to_gender)
    """Giới tính."""
    birth_date: date = attrs.field(validator=_date)
    """Sinh ngày."""
    personal_id: str = attrs.field(converter=check_personal_id)
    """Số CCCD (số định danh cá nhân)."""
    birthplace: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Sinh ngày … tại."""
    residence: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Địa chỉ nơi cư trú."""
    personal_id_issued_on: date | None = attrs.field(default=None, validator=_optional_date)
    """Cấp ngày."""
    personal_id_issued_by: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Tại (nơi cấp)."""
    phone: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    email: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    tax_code: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Mã số thuế (nếu có)."""

    def __attrs_post_init__(self) -> None:
        check_consistent(self.personal_id, self.birth_date, self.gender)


@attrs.frozen(kw_only=True)
class Qualifications:
    """Bên B's qualifications: only on the contract for công việc chuyên môn, nghiệp vụ."""

    professional_level: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Trình độ chuyên môn."""
    field: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Chuyên ngành đào tạo."""
    it_level: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Trình độ tin học."""
    foreign_language_level: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Trình độ ngoại ngữ."""
    practising_certificate: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Chứng chỉ hành nghề (nếu có)."""


FIXED_TERM_MAX_MONTHS = 36
"""Bộ luật Lao động 2019 Điều 20.1.b, repeated in the footnote of Phụ lục II ("không quá 36 tháng")."""


@attrs.frozen(kw_only=True)
class Contract:
    """Điều 1.1 of the contract: loại, thời hạn, thử việc; and its number and date."""

    work_kind: WorkKind = attrs.field(converter=_to_work_kind)
    kind: ContractKind = attrs.field(converter=_to_contract_kind)
    start: date = attrs.field(validator=_date)
    """Kể từ ngày (hiệu lực)."""
    end: date | None = attrs.field(default=None, validator=_optional_date)
    """Đến ngày: required for a fixed-term contract, absent otherwise."""
    probation_start: date | None = attrs.field(default=None, validator=_optional_date)
    probation_end: date | None = attrs.field(default=None, validator=_optional_date)
    """Thời gian thử việc (nếu có)."""
    number: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Số …/HĐLĐ."""
    signed_on: date | None = attrs.field(default=None, validator=_optional_date)

    def __attrs_post_init__(self) -> None:
        if (self.kind is ContractKind.FIXED_TERM) != (self.end is not None):
            raise InvalidDossierError(detail="a fixed-term contract has an end date, an indefinite one none")
        _ordered("end", self.start, self.end)
        if self.end is not None and self.end > _add_months(self.start, FIXED_TERM_MAX_MONTHS):
            raise InvalidDossierError(
                detail=f"a fixed-term contract lasts at most {FIXED_TERM_MAX_MONTHS} months "
                f"({self.start.isoformat()} to {self.end.isoformat()})"
            )
        if (self.probation_start is None) != (self.probation_end is None):
            raise InvalidDossierError(detail="probation_start and probation_end go together")
        _ordered("probation_start", self.start, self.probation_start)
        _ordered("probation_end", self.probation_start, self.probation_end)
        _ordered("probation_end", self.probation_end, self.end)


@attrs.frozen(kw_only=True)
class Job:
    """Điều 1.2: công việc, vị trí việc làm."""

    job_position: str = attrs.field(converter=_text, validator=_required)
    """Vị trí việc làm."""
    workplace: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Địa điểm làm việc."""
    managing_unit: str | None = attrs.field(
        default=None, converter=_optional_text, validator=_optional_required
    )
    """Bộ phận, đơn vị quản lý."""
    duties: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Nhiệm vụ."""


@attrs.frozen(kw_only=True)
class Pay:
    """Điều 2.1.a: tiền lương, phụ cấp.

    The contract agrees the wage in one of the two ways of Nghị định 111/2022/NĐ-CP Điều 8.2.a
    (we read them as an amount, or a pay-scale rank, grade and coefficient; unsure), so every
    field is optional here.
    """

    amount_vnd: int | None = attrs.field(default=None, validator=_int_in(1, _MAX_JSON_INT))
    """Mức lương (đồng/tháng)."""
    rank_code: str | None = attrs.field(
        default=None, converter=_optional_text, validator=[_optional_required, _rank_code_chars]
    )
    grade: int | None = attrs.field(default=None, validator=_int_in(1, 20))
    coefficient: Decimal | None = attrs.field(default=None, converter=_optional_coefficient)
    allowances: tuple[Allowance, ...] = attrs.field(
        default=(), converter=tuple, validator=deep_iterable(instance_of(Allowance))
    )
    """Các khoản phụ cấp, bổ sung (nếu có)."""
    payment_method: PaymentMethod | None = attrs.field(default=None, converter=_to_payment_method)
    """Hình thức trả lương."""
    pay_period: str | None = attrs.field(default=None, converter=_optional_text, validator=_optional_required)
    """Kỳ hạn trả lương."""


@attrs.frozen(kw_only=True)
class ContractWorkerContent:
    """A người lao động's record: the labour contract of Phụ lục II, TT 05/2023/TT-BNV.

    Phụ lục II holds two contracts (công việc hỗ trợ, phục vụ; công việc chuyên môn, nghiệp vụ),
    told apart by ``contract.work_kind``; only the second has the qualifications block. The
    clauses on rights and duties (Điều 2-6) are the same for everyone and are not stored.
    """

    form: ClassVar[str] = "TT 05/2023/TT-BNV Phụ lục II mẫu hợp đồng lao động"

    employer: Employer = attrs.field(validator=instance_of(Employer))
    identity: WorkerIdentity = attrs.field(validator=instance_of(WorkerIdentity))
    contract: Contract = attrs.field(validator=instance_of(Contract))
    job: Job = attrs.field(validator=instance_of(Job))
    qualifications: Qualifications = attrs.field(
        factory=Qualifications, validator=instance_of(Qualifications)
    )
    pay: Pay = attrs.field(factory=Pay, validator=instance_of(Pay))


Content: TypeAlias = DossierContent | ContractWorkerContent
FORMS: Mapping[str, type[Content]] = {cls.form: cls for cls in (DossierContent, ContractWorkerContent)}
"""The content class of each form name, as the ``"form"`` key of the JSON writes it."""

# --------------------------------------------------------------------------- JSON


def _strict_str(value: Any, type_: Any) -> Any:
    """Text only (cattrs would make ``"5"`` of 5). The hook also gets the str enums: ``type_(value)``."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value if type_ is str else type_(value)


def _strict_int(value: Any, type_: Any) -> Any:
    """Whole numbers only (cattrs would make 3 of 3.7 or of "3")."""
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {type(value).__name__}")
    return value if type_ is int else type_(value)


def _decimal_from_json(value: Any, _type: Any) -> Decimal:
    if not isinstance(value, str):
        raise InvalidCoefficientError(value=value)
    return to_coefficient(value)


def _make() -> cattrs.Converter:
    conv = converter.copy()
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(Decimal, _decimal_from_json)
    conv.register_unstructure_hook(Decimal, lambda value: format(value, "f"))
    # Str enums as their plain values (cattrs passes them through as str), so that unstructured
    # data holds only JSON types.
    conv.register_unstructure_hook(StrEnum, lambda member: member.value)
    return conv


_conv = _make()


def unstructure_content(content: Content) -> dict[str, Any]:
    """Plain data for JSON, with the ``"form"`` key naming the form."""
    if not isinstance(content, DossierContent | ContractWorkerContent):
        raise TypeError(f"expected DossierContent or ContractWorkerContent, got {type(content).__name__}")
    data: dict[str, Any] = _conv.unstructure(content)
    data["form"] = content.form
    return data


_PREFIX = "Invalid dossier content: "


def _format_error(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, CbccvcError):
        message = exc.message("en")
        return message.removeprefix(_PREFIX) if isinstance(exc, InvalidDossierError) else message
    return cattrs.v.format_exception(exc, type_)


def structure_content(data: Mapping[str, Any]) -> Content:
    """Read what :func:`unstructure_content` wrote; the ``"form"`` key picks the class.

    Raises :class:`UnknownFormError` for a missing or unknown form and :class:`InvalidDossierError`
    (its ``detail`` lists each problem with its JSON path; the cause is chained) otherwise.
    """
    if not isinstance(data, Mapping):
        raise InvalidDossierError(detail=f"expected a JSON object, got {type(data).__name__}")
    form = data.get("form")
    cls = FORMS.get(form) if isinstance(form, str) else None
    if cls is None:
        raise UnknownFormError(form=form, known=", ".join(FORMS))
    rest = {key: value for key, value in data.items() if key != "form"}
    try:
        content: Content = _conv.structure(rest, cls)
    except cattrs.BaseValidationError as exc:
        messages = cattrs.transform_error(exc, path="$", format_exception=_format_error)
        raise InvalidDossierError(detail="; ".join(messages)) from exc
    except CbccvcError as exc:
        raise InvalidDossierError(detail=exc.message("en")) from exc
    return content


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _jcs_ready(value: Any) -> Any:
    """``value`` with object keys in RFC 8785 order (UTF-16 code units); refuse what JCS would
    write differently from ``json.dumps``: floats and integers beyond 2**53."""
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys are text, not {key!r}")
        return {key: _jcs_ready(value[key]) for key in sorted(value, key=_utf16_key)}
    if isinstance(value, list | tuple):
        return [_jcs_ready(item) for item in value]
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if abs(value) > _MAX_JSON_INT:
            raise TypeError(f"{value} is beyond the integers JSON numbers carry exactly")
        return value
    raise TypeError(f"no canonical JSON for {type(value).__name__} {value!r}")


def canonical_bytes(data: Any) -> bytes:
    """Canonical JSON (RFC 8785 / JCS) of plain data: keys sorted, no whitespace, UTF-8.

    Python's ``json`` escapes exactly what JCS escapes (``"``, ``\\``, and control characters,
    as ``\\n`` or lower-case ``\\u001f``), so with floats excluded the bytes are the JCS ones.
    """
    return json.dumps(_jcs_ready(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def canonical_json(content: Content) -> bytes:
    """The canonical JSON of ``content`` (with its ``"form"``): equal content, equal bytes."""
    return canonical_bytes(unstructure_content(content))


def content_hash(content: Content) -> str:
    """``"sha256:"`` and the hex SHA-256 of :func:`canonical_json`."""
    return "sha256:" + hashlib.sha256(canonical_json(content)).hexdigest()


def changed_sections(old: Content, new: Content) -> list[str]:
    """The top-level sections that differ, in the order of the form.

    Between two forms (a contract worker recruited as a viên chức), ``"form"`` and every section
    of either form.
    """
    if type(old) is not type(new):
        names = [field.name for field in attrs.fields(type(old))]
        names += [field.name for field in attrs.fields(type(new)) if field.name not in names]
        return ["form", *names]
    return [
        field.name
        for field in attrs.fields(type(old))
        if getattr(old, field.name) != getattr(new, field.name)
    ]


__all__ = [
    "FIXED_TERM_MAX_MONTHS",
    "FORMS",
    "AcademicTitle",
    "Allowance",
    "Content",
    "Contract",
    "ContractKind",
    "ContractWorkerContent",
    "DateOrderError",
    "Degree",
    "Discipline",
    "DossierContent",
    "Education",
    "Employer",
    "Employment",
    "EmptyFieldError",
    "EthnicityReligion",
    "FamilySide",
    "HonoraryTitle",
    "Identity",
    "InvalidCoefficientError",
    "InvalidDossierError",
    "Job",
    "LanguageSkill",
    "Origin",
    "Pay",
    "PaymentMethod",
    "Political",
    "PoliticalTheoryLevel",
    "Qualifications",
    "Relation",
    "Relative",
    "Reward",
    "RewardsDiscipline",
    "Salary",
    "SalaryStep",
    "Titles",
    "Training",
    "UnknownFormError",
    "WorkKind",
    "WorkPeriod",
    "WorkerIdentity",
    "canonical_bytes",
    "canonical_json",
    "changed_sections",
    "content_hash",
    "structure_content",
    "to_coefficient",
    "unstructure_content",
]
