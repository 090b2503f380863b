from minzheng.core import app_registry


class ElderlyConfig(app_registry.MinzhengAppConfig):
    """养老服务: declares 高龄津贴 into the benefits kernel."""

    name = "minzheng.elderly"
    label = "elderly"
    verbose_name = "养老服务"
    benefit_programs = "minzheng.elderly.programs.PROGRAMS"
