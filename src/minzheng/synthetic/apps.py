from minzheng.core import app_registry


class SyntheticConfig(app_registry.MinzhengAppConfig):
    """Synthetic data for demos, tests and benchmarks (no models, no pages)."""

    name = "minzheng.synthetic"
    label = "synthetic"
    verbose_name = "合成数据"
    cli_commands = "minzheng.synthetic.commands"
