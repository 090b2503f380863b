from minzheng.core import app_registry


class DisabilityConfig(app_registry.MinzhengAppConfig):
    """残疾人福利: declares 困难残疾人生活补贴、重度残疾人护理补贴 into the benefits kernel."""

    name = "minzheng.disability"
    label = "disability"
    verbose_name = "残疾人福利"
    benefit_programs = "minzheng.disability.programs.PROGRAMS"
