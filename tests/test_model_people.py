"""The personal identification number, Kon Tum's H34 identifier and the person record."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbccvc_core.errors import CbccvcError, InvalidDateError, VocabularyError
from cbccvc_core.model.people import (
    CENTURY_GENDER_CODES,
    PROVINCE_CODES,
    BirthYearMismatchError,
    Category,
    Gender,
    GenderMismatchError,
    InvalidFullNameError,
    InvalidGenderError,
    InvalidKontumIdentifierError,
    InvalidPersonalIdError,
    PersonalIdCharacterError,
    PersonalIdLengthError,
    PersonalIdMismatchError,
    PersonalIdProvinceError,
    PersonRecord,
    birth_century_and_gender,
    birth_year,
    birth_year_suffix,
    check_consistent,
    check_personal_id,
    kontum_identifier,
    parse_kontum_identifier,
    province_of,
)
from cbccvc_core.vocabulary import PERSON_CATEGORIES

DIGITS = "0123456789"

# ---------------------------------------------------------------- the province table


def test_province_table_has_the_63_codes_from_001_to_096():
    assert len(PROVINCE_CODES) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert min(PROVINCE_CODES) == "001"
    assert max(PROVINCE_CODES) == "096"
    assert len(set(PROVINCE_CODES.values())) == 63


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("001", "Hà Nội"),
        ("079", "Thành phố Hồ Chí Minh"),
        ("062", "Kon Tum"),
        ("066", "Đắk Lắk"),
        ("049", "Quảng Nam"),
        ("075", "Đồng Nai"),
        ("008", "Tuyên Quang"),
        ("031", "Hải Phòng"),
        ("048", "Đà Nẵng"),
        ("096", "Cà Mau"),
    ],
)
def test_province_codes(code, name):
    assert PROVINCE_CODES[code] == name


@pytest.mark.parametrize(
    "code", ["000", "003", "005", "007", "009", "013", "050", "097", "099", "100", "999"]
)
def test_codes_that_are_not_provinces(code):
    assert code not in PROVINCE_CODES


def test_century_and_gender_codes_cover_every_digit():
    assert set(CENTURY_GENDER_CODES) == set(DIGITS)
    for digit, (century, gender) in CENTURY_GENDER_CODES.items():
        assert century == 1900 + 100 * (int(digit) // 2)
        assert gender is (Gender.MALE if int(digit) % 2 == 0 else Gender.FEMALE)


# ---------------------------------------------------------------- valid numbers, worked by hand


@pytest.mark.parametrize(
    ("pid", "province", "century", "gender", "year"),
    [
        # 062 Kon Tum; 0 = male, 1900s; 90 -> 1990.
        ("062090001234", "Kon Tum", 1900, "male", 1990),
        # 079 TP HCM; 3 = female, 2000s; 01 -> 2001.
        ("079301001234", "Thành phố Hồ Chí Minh", 2000, "female", 2001),
        # 001 Hà Nội; 1 = female, 1900s; 85 -> 1985.
        ("001185000001", "Hà Nội", 1900, "female", 1985),
        # 066 Đắk Lắk; 2 = male, 2000s; 08 -> 2008.
        ("066208123456", "Đắk Lắk", 2000, "male", 2008),
        # 049 Quảng Nam; 1 = female, 1900s; 99 -> 1999.
        ("049199000000", "Quảng Nam", 1900, "female", 1999),
        # 075 Đồng Nai; 0 = male, 1900s; 00 -> 1900.
        ("075000654321", "Đồng Nai", 1900, "male", 1900),
        # 008 Tuyên Quang; 3 = female, 2000s; 25 -> 2025.
        ("008325999999", "Tuyên Quang", 2000, "female", 2025),
        # 096 Cà Mau; 4 = male, 2100s; 07 -> 2107.
        ("096407000000", "Cà Mau", 2100, "male", 2107),
        # 048 Đà Nẵng; 7 = female, 2200s.
        ("048712000000", "Đà Nẵng", 2200, "female", 2212),
        # 031 Hải Phòng; 8 = male, thế kỷ 24 (2300-2399), not the 1800s.
        ("031850000000", "Hải Phòng", 2300, "male", 2350),
        # 002 Hà Giang; 9 = female, 2300s.
        ("002999000000", "Hà Giang", 2300, "female", 2399),
    ],
)
def test_valid_numbers(pid, province, century, gender, year):
    assert check_personal_id(pid) == pid
    assert province_of(pid) == province
    assert birth_century_and_gender(pid) == (century, gender)
    assert birth_year_suffix(pid) == year % 100
    assert birth_year(pid) == year


@pytest.mark.parametrize(
    "written", [" 062090001234", "062090001234\n", "062 090 001 234", "0620 9000 1234\t"]
)
def test_spaces_are_removed(written):
    assert check_personal_id(written) == "062090001234"


def test_gender_is_a_str_enum():
    _century, gender = birth_century_and_gender("062090001234")
    assert gender == "male"
    assert isinstance(gender, Gender)


# ---------------------------------------------------------------- invalid numbers


@pytest.mark.parametrize(
    ("bad", "length"),
    [("06209000123", 11), ("0620900012345", 13), ("", 0), ("   ", 0), ("062", 3), ("0" * 24, 24)],
)
def test_wrong_length(bad, length):
    with pytest.raises(PersonalIdLengthError) as info:
        check_personal_id(bad)
    assert info.value.fields["length"] == length
    assert info.value.fields["problem"] == "length"
    assert "12" in info.value.message("en")


@pytest.mark.parametrize(
    ("bad", "char", "position"),
    [
        ("06209000123a", "a", 12),
        ("062-090-001-234", "-", 4),
        ("O62090001234", "O", 1),  # the letter O
        ("062.090001234", ".", 4),
        ("０６２０９０００１２３４", "０", 1),  # full-width digits are not ASCII
        ("٠٦٢٠٩٠٠٠١٢٣٤", "٠", 1),  # Arabic-Indic digits
        ("H34062090001234", "H", 1),  # a Kon Tum identifier is not a bare number
        ("06209000123²", "²", 12),
    ],
)
def test_non_digits(bad, char, position):
    with pytest.raises(PersonalIdCharacterError) as info:
        check_personal_id(bad)
    assert info.value.fields["char"] == char
    assert info.value.fields["position"] == position
    assert info.value.fields["problem"] == "non_digit"


@pytest.mark.parametrize("code", ["000", "003", "097", "099", "100", "999"])
def test_unknown_province_code(code):
    with pytest.raises(PersonalIdProvinceError) as info:
        check_personal_id(code + "090001234")
    assert info.value.fields["code"] == code
    assert info.value.fields["problem"] == "province_code"


@pytest.mark.parametrize("bad", [62090001234, None, b"062090001234", ["062090001234"]])
def test_not_text(bad):
    with pytest.raises(InvalidPersonalIdError) as info:
        check_personal_id(bad)
    assert type(info.value) is InvalidPersonalIdError
    assert info.value.fields["problem"] == "not_text"


def test_errors_are_typed_and_speak_both_languages():
    with pytest.raises(CbccvcError) as info:
        check_personal_id("003090001234")
    assert isinstance(info.value, InvalidPersonalIdError)
    assert "003" in info.value.message("en")
    assert info.value.message("vi")  # falls back to English until the catalogue has it


@pytest.mark.parametrize(
    "helper", [province_of, birth_century_and_gender, birth_year_suffix, birth_year, kontum_identifier]
)
def test_helpers_check_the_number(helper):
    with pytest.raises(PersonalIdLengthError):
        helper("0620900012")


# ---------------------------------------------------------------- consistency with the record


def test_consistent():
    check_consistent("062090001234", date(1990, 5, 1), "male")
    check_consistent("079301001234", date(2001, 12, 31), Gender.FEMALE)


@pytest.mark.parametrize(
    ("born", "id_year"),
    [(date(1991, 5, 1), 1990), (date(2090, 5, 1), 1990), (date(1890, 5, 1), 1990)],
)
def test_birth_year_mismatch(born, id_year):
    with pytest.raises(BirthYearMismatchError) as info:
        check_consistent("062090001234", born, "male")
    assert info.value.fields["id_year"] == id_year
    assert info.value.fields["record_year"] == born.year
    assert isinstance(info.value, PersonalIdMismatchError)


def test_gender_mismatch():
    with pytest.raises(GenderMismatchError) as info:
        check_consistent("062090001234", date(1990, 5, 1), "female")
    assert info.value.fields["id_gender"] == "male"
    assert info.value.fields["record_gender"] == "female"


@pytest.mark.parametrize("bad", ["nam", "Male", "", None, 0])
def test_bad_gender(bad):
    with pytest.raises(InvalidGenderError):
        check_consistent("062090001234", date(1990, 5, 1), bad)


# ---------------------------------------------------------------- Kon Tum's H34 identifier


def test_kontum_identifier():
    assert kontum_identifier("062090001234") == "H34062090001234"
    assert kontum_identifier(" 062 090 001 234 ") == "H34062090001234"


@pytest.mark.parametrize(
    "text",
    [
        "H34062090001234",
        "H34-062090001234",  # as Điều 3.3 writes it, with a dash
        "H34 - 062090001234",
        "H34–062090001234",  # en dash
        " H34-062090001234 ",
        "h34062090001234",
        "H34-062 090 001 234",
    ],
)
def test_parse_kontum_identifier(text):
    assert parse_kontum_identifier(text) == "062090001234"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("062090001234", "prefix"),
        ("34062090001234", "prefix"),
        ("H35062090001234", "prefix"),
        ("(H34) - 062090001234", "prefix"),
        ("", "prefix"),
        ("H34", "length"),
        ("H34-", "length"),
        ("H3406209000123", "length"),
        ("H340620900012345", "length"),
        ("H34-003090001234", "province_code"),
        ("H34--062090001234", "non_digit"),
        ("H34-06209000123x", "non_digit"),
    ],
)
def test_bad_kontum_identifiers(text, problem):
    with pytest.raises(InvalidKontumIdentifierError) as info:
        parse_kontum_identifier(text)
    assert info.value.fields["problem"] == problem
    if problem != "prefix":
        assert isinstance(info.value.__cause__, InvalidPersonalIdError)


@pytest.mark.parametrize("bad", [None, 34062090001234, b"H34062090001234"])
def test_kontum_identifier_not_text(bad):
    with pytest.raises(InvalidKontumIdentifierError):
        parse_kontum_identifier(bad)


# ---------------------------------------------------------------- the person record


def _record(**changes):
    fields = {
        "personal_id": "062090001234",
        "full_name": "Nguyễn Văn An",
        "birth_date": date(1990, 5, 1),
        "gender": "male",
        "category": "vien_chuc",
    }
    fields.update(changes)
    return PersonRecord(**fields)


def test_person_record():
    person = _record(personal_id="062 090 001 234")
    assert person.personal_id == "062090001234"
    assert person.gender is Gender.MALE
    assert person.category is Category.VIEN_CHUC
    assert person.kontum_identifier == "H34062090001234"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        person.full_name = "Trần Thị B"


def test_categories_are_the_vocabulary():
    assert {category.value for category in Category} == set(PERSON_CATEGORIES)
    for name in PERSON_CATEGORIES:
        assert _record(category=name).category == name


def test_unknown_category():
    with pytest.raises(VocabularyError):
        _record(category="worker")


def test_full_name_is_nfc_and_trimmed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert decomposed != "Nguyễn Văn An"
    person = _record(full_name=f"  {decomposed}   ")
    assert person.full_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert _record(full_name="Nguyễn  Văn\tAn") == _record()


@pytest.mark.parametrize("name", ["H'Hen Niê", "Y Bhim Niê", "Ksor H’Bơ Khắp", "Lê Thị Mỹ-Dung", "A"])
def test_full_names_accepted(name):
    assert _record(full_name=name).full_name == name


@pytest.mark.parametrize("bad", ["", "   ", "Nguyễn Văn 3", "x" * 101, "Nguyễn_Văn", "'-.", 123, None])
def test_bad_full_names(bad):
    with pytest.raises(InvalidFullNameError):
        _record(full_name=bad)


def test_full_name_of_100_characters():
    assert len(_record(full_name="A" * 100).full_name) == 100


def test_record_runs_the_consistency_check():
    with pytest.raises(GenderMismatchError):
        _record(gender="female")
    with pytest.raises(BirthYearMismatchError):
        _record(birth_date=date(1989, 12, 31))


@pytest.mark.parametrize("bad", ["1990-05-01", datetime(1990, 5, 1, 12, 0), None])
def test_birth_date_must_be_a_date(bad):
    with pytest.raises(InvalidDateError):
        _record(birth_date=bad)


def test_record_with_a_bad_number():
    with pytest.raises(PersonalIdProvinceError):
        _record(personal_id="003090001234")


# ---------------------------------------------------------------- properties

province_codes = st.sampled_from(sorted(PROVINCE_CODES))
century_digits = st.sampled_from(DIGITS)
year_suffixes = st.integers(0, 99).map("{:02d}".format)
serials = st.integers(0, 999_999).map("{:06d}".format)


@st.composite
def valid_ids(draw):
    """Built from the rules: a province code, a century and gender digit, two year digits, six more."""
    return draw(province_codes) + draw(century_digits) + draw(year_suffixes) + draw(serials)


@given(valid_ids())
def test_every_valid_id_passes(pid):
    assert check_personal_id(pid) == pid
    century, gender = birth_century_and_gender(pid)
    assert century == 1900 + 100 * (int(pid[3]) // 2)
    assert gender == ("male" if int(pid[3]) % 2 == 0 else "female")
    assert birth_year(pid) == century + int(pid[4:6])
    assert province_of(pid) == PROVINCE_CODES[pid[:3]]


@given(valid_ids(), st.lists(st.sampled_from([" ", "\t", "\n"]), max_size=4), st.randoms())
def test_spaces_anywhere_are_removed(pid, spaces, random):
    chars = list(pid)
    for space in spaces:
        chars.insert(random.randint(0, len(chars)), space)
    assert check_personal_id("".join(chars)) == pid


@given(valid_ids(), st.integers(0, 11))
def test_deleting_a_digit_fails(pid, index):
    with pytest.raises(PersonalIdLengthError) as info:
        check_personal_id(pid[:index] + pid[index + 1 :])
    assert info.value.fields["length"] == 11


@given(valid_ids(), st.integers(0, 12), st.sampled_from(DIGITS))
def test_adding_a_digit_fails(pid, index, digit):
    with pytest.raises(PersonalIdLengthError) as info:
        check_personal_id(pid[:index] + digit + pid[index:])
    assert info.value.fields["length"] == 13


@given(valid_ids(), st.integers(0, 2), st.sampled_from(DIGITS))
def test_changing_a_province_digit(pid, index, digit):
    changed = pid[:index] + digit + pid[index + 1 :]
    if changed[:3] in PROVINCE_CODES:  # e.g. 062 -> 064: another province, still a number
        assert check_personal_id(changed) == changed
        assert (province_of(changed) == province_of(pid)) == (changed == pid)
    else:
        with pytest.raises(PersonalIdProvinceError) as info:
            check_personal_id(changed)
        assert info.value.fields["code"] == changed[:3]


@given(st.integers(0, 999).map("{:03d}".format).filter(lambda code: code not in PROVINCE_CODES), valid_ids())
def test_every_unknown_province_code_fails(code, pid):
    with pytest.raises(PersonalIdProvinceError):
        check_personal_id(code + pid[3:])


not_digits = st.characters(codec="utf-8").filter(lambda char: char not in DIGITS and not char.isspace())


@given(valid_ids(), st.integers(0, 11), not_digits)
def test_a_non_digit_fails(pid, index, char):
    with pytest.raises(PersonalIdCharacterError) as info:
        check_personal_id(pid[:index] + char + pid[index + 1 :])
    assert info.value.fields["position"] == index + 1


@given(valid_ids(), st.sampled_from(["", "-", " - ", "–"]))
def test_kontum_round_trip(pid, separator):
    identifier = kontum_identifier(pid)
    assert identifier == "H34" + pid
    assert parse_kontum_identifier(identifier) == pid
    assert parse_kontum_identifier("H34" + separator + pid) == pid


@given(valid_ids(), st.integers(1, 12), st.integers(1, 28))
def test_a_record_consistent_with_its_number(pid, month, day):
    _century, gender = birth_century_and_gender(pid)
    born = date(birth_year(pid), month, day)
    person = PersonRecord(
        personal_id=pid, full_name="Trần Thị Bình", birth_date=born, gender=gender, category="cong_chuc"
    )
    assert person.personal_id == pid
    other = Gender.FEMALE if gender is Gender.MALE else Gender.MALE
    with pytest.raises(GenderMismatchError):
        PersonRecord(
            personal_id=pid, full_name="Trần Thị Bình", birth_date=born, gender=other, category="cong_chuc"
        )
