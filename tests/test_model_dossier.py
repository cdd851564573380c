"""Dossier content: the two forms, JSON both ways, canonical JSON (RFC 8785), hashes and diffs."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbccvc_core.errors import CbccvcError, InvalidDateError
from cbccvc_core.model.dossier import (
    FORMS,
    Allowance,
    Contract,
    ContractWorkerContent,
    DateOrderError,
    Degree,
    Discipline,
    DossierContent,
    Education,
    Employer,
    Employment,
    EmptyFieldError,
    EthnicityReligion,
    HonoraryTitle,
    Identity,
    InvalidCoefficientError,
    InvalidDossierError,
    Job,
    LanguageSkill,
    Origin,
    Pay,
    Political,
    Qualifications,
    Relative,
    Reward,
    RewardsDiscipline,
    Salary,
    SalaryStep,
    Titles,
    Training,
    UnknownFormError,
    WorkerIdentity,
    WorkPeriod,
    canonical_bytes,
    canonical_json,
    changed_sections,
    content_hash,
    structure_content,
    to_coefficient,
    unstructure_content,
)
from cbccvc_core.model.people import (
    PROVINCE_CODES,
    GenderMismatchError,
    InvalidFullNameError,
    InvalidPersonalIdError,
    birth_century_and_gender,
    birth_year,
)

# ---------------------------------------------------------------- examples


def full_dossier() -> DossierContent:
    """A viên chức in Kon Tum with every section filled."""
    return DossierContent(
        identity=Identity(
            full_name="Nguyễn Văn An",
            gender="male",
            birth_date=date(1990, 5, 1),
            personal_id="062090001234",
            other_names=("An Nguyễn",),
            birthplace="Thành phố Kon Tum, tỉnh Kon Tum",
            hometown="Xã Điện Bàn, tỉnh Quảng Nam",
            personal_id_issued_on=date(2021, 4, 10),
            phone="0912345678",
            social_insurance_number="6201234567",
            permanent_residence="Phường Quyết Thắng, Thành phố Kon Tum",
            current_residence="Phường Quyết Thắng, Thành phố Kon Tum",
        ),
        origin=Origin(family_background="Nông dân", occupation_before_recruitment="Sinh viên"),
        ethnicity_religion=EthnicityReligion(ethnicity="Kinh", religion="Không"),
        education=Education(
            general_education="12/12",
            highest_professional_level="Thạc sĩ",
            degrees=(
                Degree(
                    start=date(2008, 9, 1),
                    end=date(2012, 6, 1),
                    institution="Trường Đại học Đà Nẵng",
                    field="Quản lý nhà nước",
                    qualification="Cử nhân",
                    mode="Chính quy",
                ),
            ),
            management_trainings=(
                Training(
                    start=date(2019, 3, 1),
                    end=date(2019, 5, 1),
                    institution="Trường Chính trị tỉnh Kon Tum",
                    certificate="Chuyên viên chính",
                ),
            ),
            it_trainings=(
                Training(start=date(2013, 1, 1), institution="Trung tâm Tin học", certificate="CNTT cơ bản"),
            ),
            foreign_languages=(LanguageSkill(language="Tiếng Anh", certificate="B1", score="6.5"),),
        ),
        political=Political(
            political_theory_level="intermediate",
            party_joined_on=date(2015, 3, 26),
            party_official_on=date(2016, 3, 26),
            mass_organisation_joined_on=date(2005, 3, 26),
        ),
        titles=Titles(
            state_honorary_titles=(HonoraryTitle(title="Nhà giáo ưu tú", awarded_on=date(2023, 11, 20)),)
        ),
        employment=Employment(
            first_recruited_on=date(2013, 1, 1),
            recruiting_agency="Sở Nội vụ tỉnh Kon Tum",
            joined_current_agency_on=date(2013, 1, 1),
            current_position="Chuyên viên",
            job_position="Chuyên viên về quản lý cơ sở dữ liệu",
        ),
        work_history=(
            WorkPeriod(
                start=date(2013, 1, 1),
                end=date(2018, 12, 1),
                unit="Sở Nội vụ tỉnh Kon Tum",
                position="Chuyên viên",
            ),
            WorkPeriod(start=date(2019, 1, 1), unit="Sở Nội vụ tỉnh Kon Tum", position="Phó Trưởng phòng"),
        ),
        salary=Salary(
            rank_code="01.003",
            rank_name="Chuyên viên",
            grade=4,
            coefficient="3.33",
            effective_date=date(2022, 1, 1),
            allowances=(Allowance(kind="Phụ cấp chức vụ", coefficient="0.3"),),
            history=(
                SalaryStep(
                    start=date(2013, 1, 1),
                    end=date(2015, 12, 31),
                    rank_code="01.003",
                    grade=1,
                    coefficient="2.34",
                ),
            ),
        ),
        rewards_discipline=RewardsDiscipline(
            rewards=(
                Reward(
                    decided_on=date(2020, 12, 15),
                    form="Bằng khen của Chủ tịch UBND tỉnh",
                    decision_ref="1234/QĐ-UBND",
                ),
            ),
            disciplines=(Discipline(decided_on=date(2017, 6, 1), form="Khiển trách", reason="Đi muộn"),),
        ),
        family=(
            Relative(
                side="own",
                relation="father",
                full_name="Nguyễn Văn Bình",
                birth_year=1960,
                occupation="Nông dân",
            ),
            Relative(side="own", relation="mother", full_name="Lê Thị Cúc", birth_year=1963),
            Relative(
                side="spouse",
                relation="father",
                full_name="Trần Văn Dũng",
                birth_year=1958,
                address="Đà Nẵng",
            ),
        ),
    )


def contract_worker() -> ContractWorkerContent:
    """A người lao động on the contract for công việc chuyên môn, nghiệp vụ."""
    return ContractWorkerContent(
        employer=Employer(
            unit="Trường THPT Kon Tum", representative="Phạm Văn Em", representative_title="Hiệu trưởng"
        ),
        identity=WorkerIdentity(
            full_name="Y Bhim Niê",
            gender="female",
            birth_date=date(1995, 2, 3),
            personal_id="066195001234",
            residence="Buôn Ma Thuột, Đắk Lắk",
        ),
        contract=Contract(
            work_kind="professional",
            kind="fixed_term",
            start=date(2024, 1, 1),
            end=date(2026, 12, 31),
            probation_start=date(2024, 1, 1),
            probation_end=date(2024, 2, 29),
            number="12/HĐLĐ",
            signed_on=date(2023, 12, 28),
        ),
        job=Job(job_position="Kế toán", workplace="Thành phố Kon Tum", duties="Kế toán trường học"),
        qualifications=Qualifications(professional_level="Cử nhân", field="Kế toán", it_level="Cơ bản"),
        pay=Pay(
            amount_vnd=6_500_000,
            payment_method="transfer",
            allowances=(Allowance(kind="Phụ cấp trách nhiệm", amount_vnd=500_000),),
        ),
    )


def _reverse_keys(value):
    """The same data with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {key: _reverse_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(item) for item in value]
    return value


def _keys_sorted_everywhere(value) -> bool:
    if isinstance(value, dict):
        keys = list(value)
        return keys == sorted(keys) and all(_keys_sorted_everywhere(item) for item in value.values())
    if isinstance(value, list):
        return all(_keys_sorted_everywhere(item) for item in value)
    return True


# ---------------------------------------------------------------- the forms


def test_form_names():
    assert DossierContent.form == "TT 06/2023/TT-BNV Phụ lục mẫu sơ yếu lý lịch"
    assert ContractWorkerContent.form == "TT 05/2023/TT-BNV Phụ lục II mẫu hợp đồng lao động"
    assert FORMS == {DossierContent.form: DossierContent, ContractWorkerContent.form: ContractWorkerContent}
    assert "form" not in {field.name for field in attrs.fields(DossierContent)}


def test_sections_of_the_cbccvc_form():
    assert [field.name for field in attrs.fields(DossierContent)] == [
        "identity",
        "origin",
        "ethnicity_religion",
        "education",
        "political",
        "titles",
        "employment",
        "work_history",
        "salary",
        "rewards_discipline",
        "family",
    ]


def test_minimal_dossier_has_empty_sections():
    identity = full_dossier().identity
    content = DossierContent(identity=identity)
    assert content.origin == Origin()
    assert content.work_history == ()
    assert content.salary is None
    data = unstructure_content(content)
    assert data["work_history"] == []
    assert data["salary"] is None
    assert data["origin"] == {"family_background": None, "occupation_before_recruitment": None}


def test_lists_become_tuples_and_content_is_frozen():
    content = full_dossier()
    assert isinstance(content.work_history, tuple)
    assert isinstance(content.education.degrees, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        content.salary = None


def test_identity_checks_the_number_against_birth_date_and_gender():
    identity = full_dossier().identity
    with pytest.raises(GenderMismatchError):
        attrs.evolve(identity, gender="female")
    with pytest.raises(InvalidPersonalIdError):
        attrs.evolve(identity, personal_id="003090001234")
    with pytest.raises(InvalidFullNameError):
        attrs.evolve(identity, full_name="")


def test_blank_optional_text_is_none_and_text_is_nfc():
    identity = attrs.evolve(
        full_dossier().identity, hometown="   ", birthplace=unicodedata.normalize("NFD", " Kon Tum ")
    )
    assert identity.hometown is None
    assert identity.birthplace == "Kon Tum"
    assert unicodedata.is_normalized("NFC", identity.birthplace)


@pytest.mark.parametrize(
    "build",
    [
        lambda: WorkPeriod(start=date(2020, 1, 1), unit="   "),
        lambda: Degree(start=date(2008, 9, 1), institution="ĐH Huế", field="", qualification="Cử nhân"),
        lambda: Reward(decided_on=date(2020, 1, 1), form=""),
        lambda: Employment(concurrent_positions=("Bí thư chi bộ", " ")),
        lambda: Job(job_position=""),
    ],
)
def test_empty_required_text(build):
    with pytest.raises(EmptyFieldError):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: WorkPeriod(start=date(2020, 1, 1), end=date(2019, 12, 1), unit="UBND xã"),
        lambda: Training(start=date(2020, 1, 1), end=date(2019, 1, 1), institution="Trường Chính trị"),
        lambda: Political(party_joined_on=date(2016, 1, 1), party_official_on=date(2015, 1, 1)),
        lambda: Employment(first_recruited_on=date(2016, 1, 1), joined_current_agency_on=date(2015, 1, 1)),
        lambda: Contract(
            work_kind="support_service", kind="fixed_term", start=date(2024, 1, 1), end=date(2023, 1, 1)
        ),
    ],
)
def test_dates_out_of_order(build):
    with pytest.raises(DateOrderError):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: WorkPeriod(start="2020-01-01", unit="UBND xã"),
        lambda: Reward(decided_on=None, form="Giấy khen"),
        lambda: Political(party_joined_on="2015"),
    ],
)
def test_dates_must_be_dates(build):
    with pytest.raises(InvalidDateError):
        build()


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2.34", "2.34"),
        ("2.3", "2.30"),
        (" 4.98 ", "4.98"),
        (3, "3.00"),
        (Decimal("10.00"), "10.00"),
        ("1E+1", "10.00"),
    ],
)
def test_coefficients(given, stored):
    assert format(to_coefficient(given), "f") == stored


@pytest.mark.parametrize(
    "bad", ["2.345", "0", "-1.5", "100", "abc", "2,34", "NaN", "Infinity", 2.34, True, None, ""]
)
def test_bad_coefficients(bad):
    with pytest.raises(InvalidCoefficientError):
        to_coefficient(bad)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Relative(side="spouse", relation="child", full_name="Trần Văn X"),
        lambda: Relative(side="own", relation="cousin", full_name="Trần Văn X"),
        lambda: Relative(side="own", relation="father", full_name="Trần Văn X", birth_year=1700),
        lambda: Political(party_official_on=date(2016, 1, 1)),
        lambda: Allowance(kind="Phụ cấp khu vực"),
        lambda: Allowance(kind="Phụ cấp khu vực", percent=0),
        lambda: Salary(rank_code="01 003", grade=1, coefficient="2.34", effective_date=date(2020, 1, 1)),
        lambda: Salary(rank_code="01.003", grade=0, coefficient="2.34", effective_date=date(2020, 1, 1)),
        lambda: Salary(rank_code="01.003", grade=True, coefficient="2.34", effective_date=date(2020, 1, 1)),
        lambda: Salary(
            rank_code="01.003", grade=1, coefficient="2.34", effective_date=date(2020, 1, 1), percent_paid=101
        ),
        lambda: Titles(academic_title="lecturer"),
        lambda: WorkPeriod(start=date(2020, 1, 1), unit=42),
        lambda: Employment(concurrent_positions="Bí thư chi bộ"),
    ],
)
def test_other_bad_values(build):
    with pytest.raises(InvalidDossierError):
        build()


# ---------------------------------------------------------------- the labour contract


def test_contract_terms():
    base = {"work_kind": "support_service", "start": date(2024, 1, 1)}
    Contract(kind="indefinite", **base)
    Contract(kind="fixed_term", end=date(2027, 1, 1), **base)  # 36 months, however "đến ngày" is read
    with pytest.raises(InvalidDossierError, match="36 months"):
        Contract(kind="fixed_term", end=date(2027, 1, 2), **base)
    with pytest.raises(InvalidDossierError):
        Contract(kind="fixed_term", **base)
    with pytest.raises(InvalidDossierError):
        Contract(kind="indefinite", end=date(2025, 1, 1), **base)
    with pytest.raises(InvalidDossierError):
        Contract(kind="indefinite", probation_start=date(2024, 1, 1), **base)
    with pytest.raises(DateOrderError):
        Contract(
            kind="indefinite", probation_start=date(2023, 12, 1), probation_end=date(2024, 1, 31), **base
        )
    with pytest.raises(DateOrderError):
        Contract(
            kind="fixed_term",
            end=date(2024, 6, 30),
            probation_start=date(2024, 1, 1),
            probation_end=date(2024, 7, 1),
            **base,
        )


def test_fixed_term_limit_clamps_month_ends():
    Contract(work_kind="professional", kind="fixed_term", start=date(2024, 2, 29), end=date(2027, 2, 28))
    with pytest.raises(InvalidDossierError):
        Contract(work_kind="professional", kind="fixed_term", start=date(2024, 2, 29), end=date(2027, 3, 1))


def test_contract_worker_round_trip():
    content = contract_worker()
    data = unstructure_content(content)
    assert data["form"] == ContractWorkerContent.form
    assert data["contract"]["kind"] == "fixed_term"
    assert data["pay"]["coefficient"] is None
    assert structure_content(data) == content
    assert structure_content(json.loads(canonical_json(content))) == content


def test_contract_worker_identity_is_checked():
    with pytest.raises(GenderMismatchError):
        attrs.evolve(contract_worker().identity, gender="male")


# ---------------------------------------------------------------- JSON both ways


def test_round_trip():
    content = full_dossier()
    data = unstructure_content(content)
    assert data["form"] == DossierContent.form
    assert structure_content(data) == content
    assert structure_content(json.loads(json.dumps(data))) == content


def test_json_types():
    data = unstructure_content(full_dossier())
    assert data["identity"]["birth_date"] == "1990-05-01"
    assert data["identity"]["gender"] == "male"
    assert type(data["identity"]["gender"]) is str
    assert data["salary"]["coefficient"] == "3.33"
    assert data["salary"]["allowances"][0]["coefficient"] == "0.30"
    assert data["political"]["political_theory_level"] == "intermediate"
    assert data["family"][2]["side"] == "spouse"


@pytest.mark.parametrize("form", [None, "", "mẫu 2C", 6])
def test_unknown_form(form):
    data = unstructure_content(full_dossier())
    if form is None:
        del data["form"]
    else:
        data["form"] = form
    with pytest.raises(UnknownFormError) as info:
        structure_content(data)
    assert DossierContent.form in info.value.fields["known"]


def _broken(path, value):
    data = unstructure_content(full_dossier())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        # Checked by a converter in the constructor: the path stops at the section, the
        # message names the value.
        (
            ("identity", "personal_id"),
            "003090001234",
            "003 (digits 1-3) is not the code of a province or city. @ $.identity",
        ),
        (("salary", "rank_code"), "01 003", "'01 003' is not a code like 01.003 or V.07.05.15 @ $.salary"),
        (("identity", "birth_date"), "01/05/1990", "$.identity.birth_date"),
        (("identity", "full_name"), 5, "$.identity.full_name"),
        (("identity", "phone"), 912345678, "$.identity.phone"),
        (("salary", "coefficient"), 3.33, "$.salary.coefficient"),
        (("salary", "coefficient"), "3.333", "$.salary.coefficient"),
        (("salary", "grade"), "4", "$.salary.grade"),
        (("salary", "grade"), 4.0, "$.salary.grade"),
        (("identity", "gender"), "nam", "$.identity.gender"),
        (("work_history",), "none", "$.work_history"),
        (("identity", "nickname"), "An", "$.identity"),
    ],
)
def test_bad_json_names_the_path(path, value, where):
    with pytest.raises(InvalidDossierError) as info:
        structure_content(_broken(path, value))
    assert where in info.value.fields["detail"]
    assert isinstance(info.value, CbccvcError)


def test_bad_json_that_fails_a_cross_field_check():
    data = unstructure_content(full_dossier())
    data["identity"]["gender"] = "female"
    with pytest.raises(InvalidDossierError) as info:
        structure_content(data)
    assert "$.identity" in info.value.fields["detail"]


def test_not_an_object():
    with pytest.raises(InvalidDossierError):
        structure_content(["form"])


# ---------------------------------------------------------------- canonical JSON


def test_canonical_json_is_compact_sorted_utf8():
    content = full_dossier()
    text = canonical_json(content)
    assert isinstance(text, bytes)
    assert "Nguyễn Văn An".encode() in text  # raw UTF-8, not \u escapes
    assert b"\\u" not in text
    assert b"\n" not in text and not text.startswith(b" ")
    data = json.loads(text)
    assert _keys_sorted_everywhere(data)
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    assert b'"coefficient":"3.33"' in text


def test_canonical_json_is_the_same_for_equal_content():
    assert full_dossier() is not full_dossier()
    assert canonical_json(full_dossier()) == canonical_json(full_dossier())
    assert content_hash(full_dossier()) == content_hash(full_dossier())


def test_canonical_json_does_not_depend_on_key_order():
    data = unstructure_content(full_dossier())
    backwards = _reverse_keys(data)
    assert list(backwards) != list(data)
    assert canonical_bytes(backwards) == canonical_bytes(data)
    assert canonical_json(structure_content(backwards)) == canonical_json(full_dossier())


def test_equal_looking_content_hashes_the_same():
    nfd = unicodedata.normalize("NFD", "Nông dân")
    one = attrs.evolve(
        full_dossier(), origin=Origin(family_background=nfd, occupation_before_recruitment="Sinh viên")
    )
    assert content_hash(one) == content_hash(full_dossier())
    salary = full_dossier().salary
    assert salary is not None
    two = attrs.evolve(full_dossier(), salary=attrs.evolve(salary, coefficient=Decimal("3.330")))
    assert canonical_json(two) == canonical_json(full_dossier())


def test_canonical_bytes_follow_rfc_8785():
    # RFC 8785 §3.2.3: keys sort by UTF-16 code units, so U+1F600 (D83D DE00) comes before U+FB33.
    keys = ["\u20ac", "\r", "\ufb33", "1", "\U0001f600", "\u0080", "\u00f6"]
    ordered = json.loads(canonical_bytes(dict.fromkeys(keys, 0)))
    assert list(ordered) == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    # Strings: only " \ and control characters are escaped, the latter in lower-case hex.
    assert canonical_bytes({"b": '\u000f\n"\\/é€', "a": [1, None, True, False]}) == (
        b'{"a":[1,null,true,false],"b":"\\u000f\\n\\"\\\\/\xc3\xa9\xe2\x82\xac"}'
    )


@pytest.mark.parametrize("bad", [1.5, float("nan"), 2**53, {1: "x"}, Decimal("1.5"), date(2020, 1, 1)])
def test_canonical_bytes_refuse_what_jcs_would_write_otherwise(bad):
    with pytest.raises(TypeError):
        canonical_bytes({"x": bad})


def test_content_hash():
    content = full_dossier()
    digest = content_hash(content)
    assert digest == "sha256:" + hashlib.sha256(canonical_json(content)).hexdigest()
    assert len(digest) == len("sha256:") + 64


def test_the_two_forms_hash_differently_even_with_the_same_person():
    assert content_hash(full_dossier()) != content_hash(contract_worker())


# ---------------------------------------------------------------- single changes: hash and sections


def _evolve_section(content, section, **changes):
    return attrs.evolve(content, **{section: attrs.evolve(getattr(content, section), **changes)})


CHANGES = {
    "identity.hometown": (
        "identity",
        lambda c: _evolve_section(c, "identity", hometown="Xã Hòa Vang, Đà Nẵng"),
    ),
    "identity.current_residence": (
        "identity",
        lambda c: _evolve_section(c, "identity", current_residence="Phường Thống Nhất, Thành phố Kon Tum"),
    ),
    "origin.family_background": (
        "origin",
        lambda c: _evolve_section(c, "origin", family_background="Công nhân"),
    ),
    "ethnicity_religion.religion": (
        "ethnicity_religion",
        lambda c: _evolve_section(c, "ethnicity_religion", religion="Phật giáo"),
    ),
    "education.degrees[0].field": (
        "education",
        lambda c: _evolve_section(
            c, "education", degrees=(attrs.evolve(c.education.degrees[0], field="Luật"),)
        ),
    ),
    "political.party_joined_on": (
        "political",
        lambda c: _evolve_section(c, "political", party_joined_on=date(2015, 3, 27)),
    ),
    "titles.academic_title": (
        "titles",
        lambda c: _evolve_section(c, "titles", academic_title="associate_professor"),
    ),
    "employment.current_position": (
        "employment",
        lambda c: _evolve_section(c, "employment", current_position="Trưởng phòng"),
    ),
    "work_history[1].end": (
        "work_history",
        lambda c: attrs.evolve(
            c, work_history=(c.work_history[0], attrs.evolve(c.work_history[1], end=date(2025, 6, 1)))
        ),
    ),
    "work_history order": ("work_history", lambda c: attrs.evolve(c, work_history=c.work_history[::-1])),
    "salary.coefficient": ("salary", lambda c: _evolve_section(c, "salary", coefficient="3.66")),
    "salary.grade": ("salary", lambda c: _evolve_section(c, "salary", grade=5)),
    "salary removed": ("salary", lambda c: attrs.evolve(c, salary=None)),
    "rewards_discipline.rewards": (
        "rewards_discipline",
        lambda c: _evolve_section(
            c,
            "rewards_discipline",
            rewards=(*c.rewards_discipline.rewards, Reward(decided_on=date(2024, 1, 5), form="Giấy khen")),
        ),
    ),
    "family[0].birth_year": (
        "family",
        lambda c: attrs.evolve(c, family=(attrs.evolve(c.family[0], birth_year=1961), *c.family[1:])),
    ),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_single_change_changes_the_hash_and_names_its_section(name):
    section, change = CHANGES[name]
    old = full_dossier()
    new = change(old)
    assert new != old
    assert content_hash(new) != content_hash(old)
    assert changed_sections(old, new) == [section]
    assert changed_sections(new, old) == [section]


def test_changed_sections():
    old = full_dossier()
    assert changed_sections(old, full_dossier()) == []
    new = CHANGES["salary.grade"][1](CHANGES["identity.hometown"][1](old))
    assert changed_sections(old, new) == ["identity", "salary"]


def test_changed_sections_of_a_contract():
    old = contract_worker()
    new = _evolve_section(old, "pay", amount_vnd=7_000_000)
    assert changed_sections(old, new) == ["pay"]


def test_changed_sections_between_forms():
    sections = changed_sections(contract_worker(), full_dossier())
    assert sections[0] == "form"
    assert set(sections[1:]) == {field.name for field in attrs.fields(ContractWorkerContent)} | {
        field.name for field in attrs.fields(DossierContent)
    }


# ---------------------------------------------------------------- properties

names = st.sampled_from(["Nguyễn Văn An", "Trần Thị Bình", "H'Hen Niê", "Y Bhim Niê", "Lê Hoàng Minh"])
texts = st.text(
    st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=12
).filter(lambda text: unicodedata.normalize("NFC", text).strip() != "")
optional_texts = st.none() | texts
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2035, 12, 31))
coefficients = st.integers(1, 9999).map(lambda cents: Decimal(cents) / 100)


@st.composite
def periods(draw):
    start = draw(dates)
    end = draw(st.none() | st.integers(0, 4000).map(lambda days: start + timedelta(days=days)))
    return start, end


@st.composite
def identities(draw):
    pid = (
        draw(st.sampled_from(sorted(PROVINCE_CODES)))
        + draw(st.sampled_from("0123"))
        + draw(st.integers(0, 99).map("{:02d}".format))
        + draw(st.integers(0, 999_999).map("{:06d}".format))
    )
    _century, gender = birth_century_and_gender(pid)
    born = date(birth_year(pid), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    return Identity(
        full_name=draw(names),
        gender=gender,
        birth_date=born,
        personal_id=pid,
        other_names=tuple(draw(st.lists(texts, max_size=2))),
        birthplace=draw(optional_texts),
        hometown=draw(optional_texts),
        current_residence=draw(optional_texts),
    )


@st.composite
def work_periods(draw):
    start, end = draw(periods())
    return WorkPeriod(start=start, end=end, unit=draw(texts), position=draw(optional_texts))


@st.composite
def salaries(draw):
    return Salary(
        rank_code=draw(st.sampled_from(["01.003", "01.002", "V.07.05.15", "13.095"])),
        grade=draw(st.integers(1, 12)),
        coefficient=draw(coefficients),
        effective_date=draw(dates),
        allowances=tuple(
            draw(st.lists(st.builds(Allowance, kind=texts, coefficient=coefficients), max_size=2))
        ),
    )


@st.composite
def dossiers(draw):
    return DossierContent(
        identity=draw(identities()),
        origin=Origin(
            family_background=draw(optional_texts), occupation_before_recruitment=draw(optional_texts)
        ),
        ethnicity_religion=EthnicityReligion(ethnicity=draw(optional_texts), religion=draw(optional_texts)),
        work_history=tuple(draw(st.lists(work_periods(), max_size=3))),
        salary=draw(st.none() | salaries()),
        rewards_discipline=RewardsDiscipline(
            rewards=tuple(
                draw(
                    st.lists(
                        st.builds(Reward, decided_on=dates, form=texts, decision_ref=optional_texts),
                        max_size=2,
                    )
                )
            )
        ),
        family=tuple(
            draw(
                st.lists(
                    st.builds(
                        Relative,
                        side=st.just("own"),
                        relation=st.sampled_from(["father", "mother", "spouse", "child", "sibling"]),
                        full_name=texts,
                        birth_year=st.none() | st.integers(1900, 2030),
                    ),
                    max_size=3,
                )
            )
        ),
    )


def _shuffle_keys(value, random):
    if isinstance(value, dict):
        keys = list(value)
        random.shuffle(keys)
        return {key: _shuffle_keys(value[key], random) for key in keys}
    if isinstance(value, list):
        return [_shuffle_keys(item, random) for item in value]
    return value


@given(dossiers())
def test_generated_content_round_trips(content):
    data = unstructure_content(content)
    assert structure_content(data) == content
    text = canonical_json(content)
    assert structure_content(json.loads(text)) == content
    assert canonical_json(structure_content(json.loads(text))) == text


@given(dossiers(), st.randoms())
def test_canonical_json_is_stable_under_key_order(content, random):
    shuffled = _shuffle_keys(unstructure_content(content), random)
    assert canonical_json(structure_content(shuffled)) == canonical_json(content)
    assert content_hash(structure_content(shuffled)) == content_hash(content)


@given(dossiers(), dossiers())
def test_hash_equality_is_content_equality(one, two):
    assert (content_hash(one) == content_hash(two)) == (one == two)
    assert (changed_sections(one, two) == []) == (one == two)
