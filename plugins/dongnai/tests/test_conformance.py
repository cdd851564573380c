from cbccvc_core.testing import ConformanceSuite


class TestConformance(ConformanceSuite):
    province = "dongnai"
