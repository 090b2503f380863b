from minzheng.core import app_registry


class ChildrenConfig(app_registry.MinzhengAppConfig):
    """儿童福利: declares 孤儿基本生活费、事实无人抚养儿童基本生活补贴 into the benefits kernel."""

    name = "minzheng.children"
    label = "children"
    verbose_name = "儿童福利"
    benefit_programs = "minzheng.children.programs.PROGRAMS"
