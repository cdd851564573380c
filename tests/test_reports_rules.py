"""What each province's report must contain, as declared in its plugin, and which report a unit sends.

The quotes themselves are checked against the decisions by test_quotes (every Citation of a
RuleSet, report items included); here: the items of Kon Tum Điều 19.2 one by one, the validation
of a ReportItem, the report chosen for a unit, and a report built for every province.
"""

from __future__ import annotations

import attrs
import pytest
from conftest_db import daklak_world, dongnai_world, kontum_world, quangnam_world, tuyenquang_world

from cbccvc_core.registry import default_registry
from cbccvc_core.reports import NoReportContentsError, build
from cbccvc_core.reports.contents import choose
from cbccvc_core.rules import ReportFigure, ReportItem
from cbccvc_core.rules.types import MissingSourceError


def _report(code, name):
    (rule,) = [r for r in default_registry().get(code).reports if r.report == name]
    return rule


def test_kontum_items_are_dieu_19_2_a_to_dd():
    rule = _report("kontum", "unit_yearly_report")
    assert [(i.source.article, i.source.clause, i.source.point) for i in rule.contents] == [
        (19, 2, p) for p in ("a", "b", "c", "d", "đ")
    ]
    assert [i.heading for i in rule.contents] == [
        "Đánh giá việc thực hiện quy chế cập nhật, sử dụng và khai thác hệ thống quản lý CBCCVC tỉnh Kon Tum tại cơ quan, đơn vị, địa phương",
        "Tình hình lập mới, cập nhật tình trạng, thông tin hồ sơ CBCCVC và người lao động",
        "Những vướng mắc trong quá trình quản lý, cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum (nếu có)",
        "Tình trạng trang thiết bị, hạng tầng công nghệ thông tin phục vụ công tác quản lý, cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum",
        "Kiến nghị, đề xuất nếu có",
    ]
    # (b) is computed from the data; (c), (d), (đ) are free text only
    assert set(rule.contents[1].figures) >= {ReportFigure.NEW_DOSSIERS, ReportFigure.STATUS_UPDATES}
    assert [i.figures for i in rule.contents[2:]] == [(), (), ()]
    # Điều 19.3 lists no contents for Sở Nội vụ's own report
    assert _report("kontum", "home_affairs_yearly_report").contents == ()


def test_item_keys_are_unique_within_each_report():
    rule = _report("kontum", "unit_yearly_report")
    with pytest.raises(ValueError, match="repeat"):
        attrs.evolve(rule, contents=(*rule.contents, rule.contents[0]))


def test_a_report_item_must_quote_its_source():
    item = _report("kontum", "unit_yearly_report").contents[4]
    with pytest.raises(MissingSourceError):
        ReportItem(key="x_y", source="Điều 19", heading="Kiến nghị", summary="Proposals")
    with pytest.raises(ValueError, match="not in the quote"):
        attrs.evolve(item, heading="Kiến nghị, đề xuất về tiền lương")
    with pytest.raises(ValueError):
        attrs.evolve(item, figures=("salaries",))
    with pytest.raises(ValueError):
        attrs.evolve(item, key="Bad Key")
    # the heading may differ from the quote in case and spacing only
    assert attrs.evolve(item, heading="kiến nghị,  đề xuất").heading == "kiến nghị,  đề xuất"


@pytest.mark.parametrize(
    ("code", "unit_kind", "expected"),
    [
        ("kontum", None, "unit_yearly_report"),  # the only report whose contents the text lists
        ("kontum", "public_service_unit", "unit_yearly_report"),
        ("daklak", "department", "department_report_december"),  # the later of 25/5 and 15/12
        ("daklak", "district", "district_report_december"),
        ("daklak", None, "home_affairs_yearly_report"),
        ("dongnai", "department", "unit_yearly_report"),
        ("dongnai", None, "home_affairs_yearly_report"),
        ("quangnam", "department", "unit_report"),
        ("quangnam", None, "home_affairs_yearly_report"),
        ("tuyenquang", None, "software_use_yearly_assessment"),
    ],
)
def test_the_report_a_unit_sends(code, unit_kind, expected):
    rs = default_registry().get(code)
    assert choose(rs.reports, unit_kind=unit_kind, year=2026, ruleset=rs).report == expected


WORLDS = {
    "kontum": (kontum_world, "KT.SYT"),
    "daklak": (daklak_world, "DL.KP"),
    "dongnai": (dongnai_world, "DN.SYT"),
    "quangnam": (quangnam_world, "QN.DL"),
    "tuyenquang": (tuyenquang_world, "TQ.SNV"),
}


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("code", sorted(WORLDS))
def test_every_province_builds_its_report(workspace_url, code):
    make, unit = WORLDS[code]
    world = make(workspace_url)
    rs = world.ws.ruleset
    for where in (None, unit):
        rep = build(world.ws, year=2026, unit=where)
        assert rep.rule is not None and rep.rule.contents
        assert [s.heading.casefold() for s in rep.sections] == [
            i.heading.casefold() for i in rep.rule.contents
        ]
        assert all(
            s.basis.endswith(rs.instrument.kind.split(" kèm")[0]) or "Quyết định" in s.basis
            for s in rep.sections
        )
        assert rep.figures.new_dossiers_total == 0 and rep.figures.timeliness_by_agency == {}
    assert build(world.ws, year=2026, unit=unit).agency != build(world.ws, year=2026).agency


@pytest.mark.parametrize("backend", ["sqlite"])
def test_no_contents_is_refused_or_generic(workspace_url):
    world = kontum_world(workspace_url)
    with pytest.raises(NoReportContentsError) as exc:
        build(world.ws, year=2026, report="home_affairs_yearly_report")
    assert "Điều 19.3" in exc.value.message("en")
    rep = build(world.ws, year=2026, report="home_affairs_yearly_report", generic=True)
    assert rep.generic and rep.due is None
    assert {t.key for s in rep.sections for t in s.tables} == {
        "timeliness_units",
        "timeliness_months",
        "new_dossiers",
        "status_updates",
        "transfers",
        "exits",
        "headcount",
    }


def test_reports_lists_due_dates_by_date_with_frequency_and_contents(capsys, monkeypatch):
    from cbccvc_core import cli

    monkeypatch.setattr(cli.out, "width", 400)  # one line per report
    main = cli.main
    main(["reports", "daklak", "2026"])
    text = capsys.readouterr().out
    # Điều 13.1 "trước ngày 25 tháng 5 và ngày 15 tháng 12": the May reports first, then
    # December, then those the text gives no date
    may, december, undated = (
        text.index("24 tháng 5, 2026"),
        text.index("14 tháng 12, 2026"),
        text.index("không quy"),
    )
    assert may < december < undated
    assert "hằng quý" in text and "record_management" in text and "decision_results" in text
    main(["reports", "kontum", "2025"])
    text = capsys.readouterr().out
    assert "14 tháng 1, 2026" in text  # "trước ngày 15 tháng 01 hàng năm", the year after
    assert "assessment" in text and "cbccvc report --db URL --year 2025" in text
