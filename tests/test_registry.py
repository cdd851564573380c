"""Loading plugins: the happy path and every way a plugin can be broken."""

from __future__ import annotations

import importlib.metadata as md
import sys
import textwrap
import types
from datetime import date

import pytest

from cbccvc_core import hookimpl
from cbccvc_core.errors import (
    DuplicateProvinceError,
    PluginError,
    UncitedRuleError,
    UnknownProvinceError,
    VocabularyError,
)
from cbccvc_core.registry import ENTRY_POINT_GROUP, Registry, default_registry
from cbccvc_core.rules import DeadlineRule, Instrument, InstrumentStatus, ProvinceProfile, WorkingDays

FIVE = {"quangnam", "dongnai", "tuyenquang", "kontum", "daklak"}

QC = Instrument(
    province="testland",
    kind="Quy chế kèm Quyết định",
    number="1/2026/QĐ-UBND",
    issuer="UBND tỉnh Thử",
    title="Quy chế thử",
    status=InstrumentStatus.DRAFT,
)
QUOTE = "trong thời gian 05 ngày làm việc, kể từ ngày có thay đổi"


def _rule(**kw):
    base = dict(
        event="personal_info_changed",
        obligation="update_dossier",
        period=WorkingDays(5),
        actor="person",
        source=QC.cite(6, 5, quote=QUOTE),
    )
    return DeadlineRule(**(base | kw))


def _plugin(code="testland", profile=None, rules=None, **extra):
    mod = types.ModuleType(f"fake_{code}")

    @hookimpl
    def cbccvc_profile():
        return profile or ProvinceProfile(code=code, name="Thử", instrument=QC)

    @hookimpl
    def cbccvc_deadline_rules():
        return rules if rules is not None else (_rule(),)

    mod.cbccvc_profile = cbccvc_profile
    mod.cbccvc_deadline_rules = cbccvc_deadline_rules
    for name, fn in extra.items():
        setattr(mod, name, hookimpl(fn))
    return mod


def test_installed_provinces_are_the_five():
    assert set(default_registry().codes) >= FIVE


def test_a_good_plugin_loads():
    reg = Registry.from_modules([("testland", _plugin())])
    rs = reg.get("testland")
    assert rs.deadlines[0].obligation == "update_dossier"
    assert rs.approval is None and rs.reports == () and rs.backup is None


def test_unknown_province():
    reg = Registry.from_modules([("testland", _plugin())])
    with pytest.raises(UnknownProvinceError) as info:
        reg.get("hanoi")
    assert "hanoi" in info.value.message("en") and "testland" in info.value.message("en")
    assert "Tỉnh" in info.value.message("vi") or "tỉnh" in info.value.message("vi")


def test_duplicate_code_is_refused():
    with pytest.raises(DuplicateProvinceError):
        Registry.from_modules([("testland", _plugin()), ("testland", _plugin())])


def test_profile_code_must_match_entry_point():
    with pytest.raises(PluginError, match="profile says province"):
        Registry.from_modules([("other", _plugin())])


def test_missing_required_hook():
    mod = types.ModuleType("fake_empty")

    @hookimpl
    def cbccvc_profile():
        return ProvinceProfile(code="testland", name="Thử", instrument=QC)

    mod.cbccvc_profile = cbccvc_profile
    with pytest.raises(PluginError, match="cbccvc_deadline_rules"):
        Registry.from_modules([("testland", mod)])


def test_misspelt_hook_is_refused():
    def cbccvc_deadline_rule():  # missing "s"
        return ()

    with pytest.raises(PluginError, match="cbccvc_deadline_rule"):
        Registry.from_modules([("testland", _plugin(cbccvc_deadline_rule=cbccvc_deadline_rule))])


def test_hook_with_wrong_arguments_is_refused():
    def cbccvc_report_rules(year):
        return ()

    with pytest.raises(PluginError):
        Registry.from_modules([("testland", _plugin(cbccvc_report_rules=cbccvc_report_rules))])


def test_hook_returning_the_wrong_type():
    with pytest.raises(PluginError, match="expected DeadlineRule"):
        Registry.from_modules([("testland", _plugin(rules=("not a rule",)))])


def test_hook_that_raises():
    def cbccvc_backup_policy():
        raise RuntimeError("boom")

    with pytest.raises(PluginError, match="boom"):
        Registry.from_modules([("testland", _plugin(cbccvc_backup_policy=cbccvc_backup_policy))])


def test_failed_registration_leaves_nothing_behind():
    reg = Registry.from_modules([("testland", _plugin())])
    with pytest.raises(PluginError):
        reg.add("second", _plugin("second", rules=("x",)), "fake")
    assert reg.codes == ["testland"]
    assert len(reg._pm.get_plugins()) == 1


def test_rule_naming_unknown_event_or_obligation():
    with pytest.raises(VocabularyError, match="dossier_vanished"):
        _rule(event="dossier_vanished")
    with pytest.raises(VocabularyError, match="make_coffee"):
        _rule(obligation="make_coffee")
    with pytest.raises(VocabularyError, match="janitor"):
        _rule(actor="janitor")


def test_rule_without_a_source():
    with pytest.raises(TypeError):
        DeadlineRule(
            event="personal_info_changed", obligation="update_dossier", period=WorkingDays(5), actor="person"
        )
    with pytest.raises(TypeError, match="Citation"):
        _rule(source=None)
    with pytest.raises(ValueError, match="quote"):
        QC.cite(6, 5, quote="")


def test_rule_citing_another_instrument():
    other = Instrument(
        province="elsewhere",
        kind="Quy chế",
        number=None,
        issuer="UBND",
        title="Khác",
        status=InstrumentStatus.DRAFT,
    )
    rule = _rule(source=other.cite(1, quote=QUOTE))
    with pytest.raises(PluginError, match="not the province's own instrument"):
        Registry.from_modules([("testland", _plugin(rules=(rule,)))])


def test_uncited_rule_built_around_the_validators():
    rule = _rule()
    object.__setattr__(rule, "source", None)
    with pytest.raises(UncitedRuleError):
        Registry.from_modules([("testland", _plugin(rules=(rule,)))])


# -- through real entry points ----------------------------------------------------------------


def _write_module(tmp_path, name, body):
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")


GOOD = """
from cbccvc_core import hookimpl
from cbccvc_core.rules import DeadlineRule, Instrument, InstrumentStatus, ProvinceProfile, WorkingDays
QC = Instrument(province="testland", kind="Quy chế", number=None, issuer="UBND", title="Thử",
                status=InstrumentStatus.DRAFT)
@hookimpl
def cbccvc_profile():
    return ProvinceProfile(code="testland", name="Thử", instrument=QC)
@hookimpl
def cbccvc_deadline_rules():
    return (DeadlineRule(event="personal_info_changed", obligation="update_dossier",
            period=WorkingDays(5), actor="person", source=QC.cite(1, quote="năm ngày làm việc kể từ"){extra}),)
"""


@pytest.fixture
def entry_points(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(tmp_path))
    eps: list[md.EntryPoint] = []

    def fake(group):
        assert group == ENTRY_POINT_GROUP
        return list(eps)

    monkeypatch.setattr("cbccvc_core.registry.md.entry_points", fake)
    yield eps
    for name in [m for m in sys.modules if m.startswith("tp_")]:
        del sys.modules[name]


def test_entry_point_loading(entry_points, tmp_path):
    _write_module(tmp_path, "tp_good", GOOD.format(extra=""))
    entry_points.append(md.EntryPoint("testland", "tp_good", ENTRY_POINT_GROUP))
    reg = Registry.from_entry_points()
    assert reg.codes == ["testland"]
    assert Registry.from_entry_points(only=["kontum"]).codes == []


def test_entry_point_duplicate(entry_points, tmp_path):
    _write_module(tmp_path, "tp_good", GOOD.format(extra=""))
    entry_points += [md.EntryPoint("testland", "tp_good", ENTRY_POINT_GROUP)] * 2
    with pytest.raises(DuplicateProvinceError) as info:
        Registry.from_entry_points()
    assert "testland" in info.value.message("en")


def test_entry_point_that_fails_to_import(entry_points, tmp_path):
    _write_module(tmp_path, "tp_broken", "import does_not_exist_anywhere\n")
    entry_points.append(md.EntryPoint("testland", "tp_broken", ENTRY_POINT_GROUP))
    with pytest.raises(PluginError, match="cannot import tp_broken"):
        Registry.from_entry_points()


def test_entry_point_with_a_rule_without_source(entry_points, tmp_path):
    _write_module(
        tmp_path,
        "tp_uncited",
        GOOD.format(extra="").replace('source=QC.cite(1, quote="năm ngày làm việc kể từ")', "source=None"),
    )
    entry_points.append(md.EntryPoint("testland", "tp_uncited", ENTRY_POINT_GROUP))
    with pytest.raises(UncitedRuleError) as info:
        Registry.from_entry_points()
    assert "nguồn" in info.value.message("vi")


def test_entry_point_with_unknown_event(entry_points, tmp_path):
    _write_module(
        tmp_path, "tp_vocab", GOOD.format(extra="").replace("personal_info_changed", "weather_changed")
    )
    entry_points.append(md.EntryPoint("testland", "tp_vocab", ENTRY_POINT_GROUP))
    with pytest.raises(VocabularyError, match="weather_changed"):
        Registry.from_entry_points()


def test_calendar_per_province_is_cached():
    reg = default_registry()
    code = sorted(FIVE)[0]
    assert reg.calendar(code) is reg.calendar(code)
    assert reg.calendar(code).is_working_day(date(2026, 8, 22))  # make-up Saturday


def test_declarative_plugin_reads_a_module_of_declarations():
    from cbccvc_core.plugin import DeclarativePlugin

    rules = types.ModuleType("fake_rules.rules")
    rules.PROFILE = ProvinceProfile(code="testland", name="Thử", instrument=QC)
    rules.DEADLINES = (_rule(),)
    reg = Registry.from_modules([("testland", DeclarativePlugin(rules))])
    assert reg.get("testland").deadlines == (_rule(),) and reg.get("testland").backup is None
    del rules.DEADLINES
    with pytest.raises(PluginError, match="must return a sequence"):
        Registry.from_modules([("testland", DeclarativePlugin(rules))])
