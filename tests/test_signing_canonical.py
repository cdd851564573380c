"""RFC 8785 (JSON Canonicalization Scheme): the RFC's own examples, and properties."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cbccvc_core.signing.canonical import JCSError, canonical_json, iso_date, iso_utc


def test_rfc8785_section_3_2_3_sorting_example():
    # RFC 8785 §3.2.3: members sorted by their UTF-16 code units.
    obj = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    names = [k for k in json.loads(canonical_json(obj))]
    assert [n.encode("unicode_escape").decode() for n in names] == [
        "\\r",
        "1",
        "\\x80",
        "\\xf6",
        "\\u20ac",
        "\\U0001f600",
        "\\ufb33",
    ]


def test_rfc8785_section_3_2_2_strings_and_literals():
    # RFC 8785 §3.2.2 (the numbers part needs floats, which our payload refuses).
    obj = {"string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/", "literals": [None, True, False]}
    expected = '{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    assert canonical_json(obj) == expected.encode("utf-8")


def test_vietnamese_text_is_written_as_utf8_not_escaped():
    assert canonical_json({"tên": "Nguyễn Thị Ánh"}) == '{"tên":"Nguyễn Thị Ánh"}'.encode()


@pytest.mark.parametrize("bad", [1.5, Decimal("2.34"), date(2026, 1, 1), 2**53, b"x", {1: "a"}, "\ud800"])
def test_values_outside_the_payload_types_are_refused(bad):
    with pytest.raises(JCSError):
        canonical_json({"x": bad})


def test_dates_and_times():
    assert iso_date(date(2026, 3, 7)) == "2026-03-07"
    ict = timezone(timedelta(hours=7))
    assert iso_utc(datetime(2026, 3, 27, 8, 5, 9, 999, tzinfo=ict)) == "2026-03-27T01:05:09Z"
    with pytest.raises(JCSError):
        iso_utc(datetime(2026, 3, 27, 8, 5, 9))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_canonical_bytes_parse_back_to_the_same_value_and_are_a_fixed_point(value):
    try:
        data = canonical_json(value)
    except JCSError:  # lone surrogates in generated text are not valid Unicode
        return
    back = json.loads(data)
    assert back == value
    assert canonical_json(back) == data
    assert b"\n" not in data and b": " not in data


@given(
    st.dictionaries(
        st.text(alphabet=st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs",))), st.integers(0, 9)
    )
)
def test_member_order_does_not_matter(d):
    reordered = dict(reversed(list(d.items())))
    assert canonical_json(d) == canonical_json(reordered)


def test_utc_with_z_for_any_zone():
    moment = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert iso_utc(moment.astimezone(timezone(timedelta(hours=7)))) == "2026-11-25T15:00:00Z"
