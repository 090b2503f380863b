from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    """The benefits kernel: programs (declared by the line-of-business apps), the standards catalogue, the case
    workflow engine, entitlements and periodic reviews."""

    name = "minzheng.benefits"
    label = "benefits"
    verbose_name = "待遇核心"
