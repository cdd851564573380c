"""People in the CBCCVC database: the personal identification number and the person record.

Số định danh cá nhân (the 12-digit number printed on the thẻ căn cước / căn cước công dân,
CCCD) is the key of a person in the database. Luật Căn cước 2023 Điều 12 makes it 12 digits;
its structure is that of Nghị định 137/2015/NĐ-CP Điều 13, with the codes of Thông tư
59/2021/TT-BCA (before it Thông tư 07/2016/TT-BCA). Since 1 July 2024 Nghị định 70/2024/NĐ-CP
replaces Nghị định 137/2015 and, as far as we know, keeps the same structure and codes (not
checked against its text here):

- digits 1-3: mã tỉnh, thành phố trực thuộc trung ương nơi đăng ký khai sinh (the province or
  city where the birth was registered), one of the 63 codes in :data:`PROVINCE_CODES`;
- digit 4: mã thế kỷ và giới tính (century and gender): thế kỷ 20 (1900-1999) nam 0, nữ 1;
  thế kỷ 21 (2000-2099) nam 2, nữ 3; thế kỷ 22 (2100-2199) nam 4, nữ 5; thế kỷ 23
  (2200-2299) nam 6, nữ 7; thế kỷ 24 (2300-2399) nam 8, nữ 9;
- digits 5-6: mã năm sinh, the last two digits of the birth year;
- digits 7-12: khoảng số ngẫu nhiên (a random number), not checked.

Kon Tum uses ``H34`` followed by this number as the account identifier of CBCCVC and contract
workers (Quy chế Kon Tum Điều 3.3), see :func:`kontum_identifier`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar

import attrs

from ..errors import CbccvcError, InvalidDateError
from ..i18n import N_
from ..vocabulary import check


class Gender(StrEnum):
    """Giới tính, as the personal identification number encodes it."""

    MALE = "male"
    """Nam."""
    FEMALE = "female"
    """Nữ."""


class Category(StrEnum):
    """The person categories of RULES.md (:data:`cbccvc_core.vocabulary.PERSON_CATEGORIES`)."""

    CAN_BO = "can_bo"
    """Cán bộ."""
    CONG_CHUC = "cong_chuc"
    """Công chức."""
    VIEN_CHUC = "vien_chuc"
    """Viên chức."""
    COMMUNE_OFFICIAL = "commune_official"
    """Cán bộ, công chức cấp xã."""
    CONTRACT_WORKER = "contract_worker"
    """Người lao động."""


# Mã tỉnh, thành phố trực thuộc trung ương nơi đăng ký khai sinh: digits 1-3 of the number.
# Source: the list of province codes annexed to Thông tư 59/2021/TT-BCA (before it, Thông tư
# 07/2016/TT-BCA), which are the provincial administrative unit codes of Quyết định
# 124/2004/QĐ-TTg written with three digits. 63 codes, 001 to 096.
#
# The 2025 reorganisation (Nghị quyết 202/2025/QH15: 34 provinces and cities from 12 June 2025)
# adds no code here: numbers already issued keep the code of the old province, and as far as we
# know each merged province took the code of one of the provinces it merged, so its code is
# already in this table. No code is invented. Thừa Thiên Huế became Thành phố Huế on
# 1 January 2025; its code 046 is unchanged.
#
# Not covered: a birth registered abroad gives a mã quốc gia (country code) in digits 1-3;
# that list is not reproduced here, so such numbers are refused.
PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hòa Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hóa",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hòa",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "Thành phố Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)

# Digit 4: mã thế kỷ và giới tính -> (first year of the century, gender), as Thông tư
# 59/2021/TT-BCA (and Thông tư 07/2016/TT-BCA before it) set them: even = nam, odd = nữ, from
# thế kỷ 20 (0, 1) to thế kỷ 24 (8, 9 = 2300-2399). 8 and 9 are not the 1800s.
CENTURY_GENDER_CODES: Mapping[str, tuple[int, Gender]] = MappingProxyType(
    {
        "0": (1900, Gender.MALE),
        "1": (1900, Gender.FEMALE),
        "2": (2000, Gender.MALE),
        "3": (2000, Gender.FEMALE),
        "4": (2100, Gender.MALE),
        "5": (2100, Gender.FEMALE),
        "6": (2200, Gender.MALE),
        "7": (2200, Gender.FEMALE),
        "8": (2300, Gender.MALE),
        "9": (2300, Gender.FEMALE),
    }
)

PERSONAL_ID_LENGTH = 12
KONTUM_PREFIX = "H34"
"""Mã số định danh của Ủy ban nhân dân Kon Tum (Quy chế Kon Tum Điều 3.3)."""

FULL_NAME_MAX = 100


class InvalidPersonalIdError(CbccvcError):
    """Not a số định danh cá nhân. The subclasses say what is wrong; ``fields["problem"]`` is
    ``"not_text"``, ``"non_digit"``, ``"length"`` or ``"province_code"``."""

    template = N_(
        "{value!r} is not a personal identification number: write it as the 12 digits, e.g. 062090001234."
    )
    problem: ClassVar[str] = "not_text"


class PersonalIdCharacterError(InvalidPersonalIdError):
    template = N_(
        "{value!r} is not a personal identification number: {char!r} at position {position} "
        "is not a digit 0-9."
    )
    problem = "non_digit"


class PersonalIdLengthError(InvalidPersonalIdError):
    template = N_("{value!r} is not a personal identification number: it has {length} digits, not 12.")
    problem = "length"


class PersonalIdProvinceError(InvalidPersonalIdError):
    template = N_(
        "{value!r} is not a personal identification number: {code} (digits 1-3) is not the code "
        "of a province or city."
    )
    problem = "province_code"


class PersonalIdMismatchError(CbccvcError):
    """The number and the record disagree (see the subclasses)."""

    template = N_("The personal identification number {pid} does not match the record.")


class BirthYearMismatchError(PersonalIdMismatchError):
    template = N_(
        "The personal identification number {pid} is of someone born in {id_year}, but the "
        "birth date is in {record_year}."
    )


class GenderMismatchError(PersonalIdMismatchError):
    template = N_(
        "The personal identification number {pid} is of a {id_gender} person, but the record "
        "says {record_gender}."
    )


class InvalidKontumIdentifierError(CbccvcError):
    template = N_(
        "{value!r} is not a Kon Tum identifier: write H34 followed by the 12-digit personal "
        "identification number, e.g. H34062090001234 or H34-062090001234."
    )


class InvalidFullNameError(CbccvcError):
    template = N_("{value!r} is not a full name: write 1 to 100 letters, spaces, apostrophes or hyphens.")


class InvalidGenderError(CbccvcError):
    template = N_("{value!r} is not a gender; write male or female.")


def check_personal_id(value: str) -> str:
    """The số định danh cá nhân ``value`` without its spaces, or :class:`InvalidPersonalIdError`.

    Checks 12 ASCII digits and a known province code (digits 1-3). Every digit 4 is a valid
    century and gender code, and digits 5-12 are free.
    """
    if not isinstance(value, str):
        raise InvalidPersonalIdError(value=value, problem=InvalidPersonalIdError.problem)
    pid = "".join(value.split())
    for position, char in enumerate(pid, start=1):
        if not ("0" <= char <= "9"):
            raise PersonalIdCharacterError(
                value=value, char=char, position=position, problem=PersonalIdCharacterError.problem
            )
    if len(pid) != PERSONAL_ID_LENGTH:
        raise PersonalIdLengthError(value=value, length=len(pid), problem=PersonalIdLengthError.problem)
    if pid[:3] not in PROVINCE_CODES:
        raise PersonalIdProvinceError(value=value, code=pid[:3], problem=PersonalIdProvinceError.problem)
    return pid


def province_of(pid: str) -> str:
    """The name of the province or city where the birth was registered (digits 1-3)."""
    return PROVINCE_CODES[check_personal_id(pid)[:3]]


def birth_century_and_gender(pid: str) -> tuple[int, Gender]:
    """``(first year of the birth century, gender)`` from digit 4, e.g. ``(1900, Gender.MALE)``."""
    return CENTURY_GENDER_CODES[check_personal_id(pid)[3]]


def birth_year_suffix(pid: str) -> int:
    """The last two digits of the birth year (digits 5-6), 0 to 99."""
    return int(check_personal_id(pid)[4:6])


def birth_year(pid: str) -> int:
    """The birth year the number gives: century (digit 4) plus digits 5-6."""
    century, _gender = birth_century_and_gender(pid)
    return century + birth_year_suffix(pid)


def check_consistent(pid: str, birth_date: date, gender: Gender | str) -> None:
    """Raise :class:`BirthYearMismatchError` or :class:`GenderMismatchError` when the number
    gives another birth year or gender than ``birth_date`` and ``gender``."""
    number = check_personal_id(pid)
    record_gender = to_gender(gender)
    id_year = birth_year(number)
    if id_year != birth_date.year:
        raise BirthYearMismatchError(pid=number, id_year=id_year, record_year=birth_date.year)
    _century, id_gender = birth_century_and_gender(number)
    if id_gender is not record_gender:
        raise GenderMismatchError(pid=number, id_gender=id_gender.value, record_gender=record_gender.value)


def kontum_identifier(pid: str) -> str:
    """Kon Tum's account identifier: ``"H34"`` followed by the personal identification number.

    Quy chế Kon Tum Điều 3.3: "Mã số định danh của Ủy ban nhân dân Kon Tum (H34) - số định danh
    cá nhân theo quy định tại Luật Căn cước năm 2023". The text writes a dash between the two
    parts; the identifier made here has none, :func:`parse_kontum_identifier` accepts both.
    """
    return KONTUM_PREFIX + check_personal_id(pid)


_KONTUM = re.compile(r"\s*H34\s*(?:[-\u2013]\s*)?(?P<pid>.*?)\s*", re.IGNORECASE | re.DOTALL)


def parse_kontum_identifier(text: str) -> str:
    """The personal identification number in a Kon Tum identifier.

    Accepts ``H34`` then the 12 digits, with an optional ``-`` (or an en dash) between them
    and spaces around, as in ``"H34-062090001234"``; else :class:`InvalidKontumIdentifierError`
    (its ``problem`` field says what is wrong with the number, when the prefix is right).
    """
    match = _KONTUM.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidKontumIdentifierError(value=text, problem="prefix")
    try:
        return check_personal_id(match["pid"])
    except InvalidPersonalIdError as exc:
        raise InvalidKontumIdentifierError(value=text, problem=exc.problem) from exc


def to_gender(value: Any) -> Gender:
    """A :class:`Gender` from itself or its value (``"male"``, ``"female"``)."""
    try:
        return Gender(value)
    except ValueError:
        raise InvalidGenderError(value=value) from None


def to_category(value: Any) -> Category:
    """A :class:`Category` from itself or its name; else the vocabulary's typed error."""
    return Category(check("category", value))


_NAME_PUNCTUATION = frozenset(" '\u2019-.")


def normalize_full_name(value: Any) -> Any:
    """NFC, spaces trimmed and collapsed; anything not text is returned for the validator."""
    if not isinstance(value, str):
        return value
    return " ".join(unicodedata.normalize("NFC", value).split())


def _check_full_name(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_full_name(value)


def check_full_name(value: Any) -> str:
    """Raise :class:`InvalidFullNameError` unless ``value`` is a normalised full name.

    Letters (any script, with their diacritics), spaces, apostrophes (H'Hen Niê), hyphens and
    dots; 1 to 100 characters.
    """
    if (
        not isinstance(value, str)
        or not value
        or len(value) > FULL_NAME_MAX
        or value != normalize_full_name(value)
        or not any(char.isalpha() for char in value)
        or any(
            not (char.isalpha() or unicodedata.category(char).startswith("M") or char in _NAME_PUNCTUATION)
            for char in value
        )
    ):
        raise InvalidFullNameError(value=value)
    return value


def check_birth_date(value: Any) -> date:
    """``value`` if it is a date (not a datetime), else :class:`~cbccvc_core.errors.InvalidDateError`."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidDateError(value=value)
    return value


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_birth_date(value)


@attrs.frozen(kw_only=True)
class PersonRecord:
    """A person in the CBCCVC database (CBCCVC or người lao động), checked on construction.

    The personal identification number must agree with the birth year and the gender. Whether the
    birth date lies in the future is not checked here (that needs a "today").
    """

    personal_id: str = attrs.field(converter=check_personal_id)
    """Số định danh cá nhân, 12 digits."""
    full_name: str = attrs.field(converter=normalize_full_name, validator=_check_full_name)
    """Họ và tên khai sinh, NFC-normalised."""
    birth_date: date = attrs.field(validator=_check_date)
    """Ngày sinh."""
    gender: Gender = attrs.field(converter=to_gender)
    """Giới tính."""
    category: Category = attrs.field(converter=to_category)
    """Đối tượng: cán bộ, công chức, viên chức, cán bộ công chức cấp xã, người lao động."""

    def __attrs_post_init__(self) -> None:
        check_consistent(self.personal_id, self.birth_date, self.gender)

    @property
    def kontum_identifier(self) -> str:
        """``H34`` followed by the personal identification number (Quy chế Kon Tum Điều 3.3)."""
        return kontum_identifier(self.personal_id)


__all__ = [
    "CENTURY_GENDER_CODES",
    "FULL_NAME_MAX",
    "KONTUM_PREFIX",
    "PERSONAL_ID_LENGTH",
    "PROVINCE_CODES",
    "BirthYearMismatchError",
    "Category",
    "Gender",
    "GenderMismatchError",
    "InvalidFullNameError",
    "InvalidGenderError",
    "InvalidKontumIdentifierError",
    "InvalidPersonalIdError",
    "PersonRecord",
    "PersonalIdCharacterError",
    "PersonalIdLengthError",
    "PersonalIdMismatchError",
    "PersonalIdProvinceError",
    "birth_century_and_gender",
    "birth_year",
    "birth_year_suffix",
    "check_birth_date",
    "check_consistent",
    "check_full_name",
    "check_personal_id",
    "kontum_identifier",
    "normalize_full_name",
    "parse_kontum_identifier",
    "province_of",
    "to_category",
    "to_gender",
]
