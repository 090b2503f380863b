"""A throw-away line of business, installed only in the test settings: one model, one program, one list page, an API
route, a CLI command and an inbox provider — declared here and nowhere else, to prove that adding an app touches no
shared file (tests/test_app_registry.py)."""

from minzheng.core import app_registry, roles


class SampleConfig(app_registry.MinzhengAppConfig):
    name = "tests.sample_app"
    label = "sample_app"
    verbose_name = "试点补贴（测试用）"
    url_prefix = "sample/"
    api_router = "tests.sample_app.api.router"
    cli_commands = "tests.sample_app.commands"
    permissions = {"sample.view": {roles.COUNTY}}
    audit_actions = {"sample_grant": "发放试点补贴"}
    file_categories = {"sample_proof": "试点补贴证明"}
    nav = [app_registry.NavEntry("sample_list", "试点补贴", "sample.view", order=99)]
    inbox = ["tests.sample_app.inbox.PENDING"]
    benefit_programs = "tests.sample_app.programs.PROGRAMS"
