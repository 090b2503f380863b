from minzheng.core import app_registry


class AssistanceConfig(app_registry.MinzhengAppConfig):
    """社会救助: declares 低保, 低保边缘, 特困, 刚性支出困难家庭 and 临时救助 into the benefits kernel."""

    name = "minzheng.assistance"
    label = "assistance"
    verbose_name = "社会救助"
    benefit_programs = "minzheng.assistance.programs.PROGRAMS"
