from minzheng.core import app_registry
from minzheng.core.app_registry import NavEntry
from minzheng.core.roles import CORE_PERMISSIONS


class CoreConfig(app_registry.MinzhengAppConfig):
    """The platform: regions, users and roles, the scoping rule, audit, jobs, the inbox and the home page."""

    name = "minzheng.core"
    label = "core"
    verbose_name = "平台基础"
    url_prefix = ""
    cli_commands = "minzheng.core.commands"
    permissions = CORE_PERMISSIONS
    nav = [
        NavEntry("home", "首页", None, order=0),
        NavEntry("inbox", "待办", "people.view", order=10),
        NavEntry("audit_list", "审计日志", "audit.view", order=900),
        NavEntry("user_list", "用户管理", "users.manage", order=910),
        NavEntry("user_list", "安全管理", "security.manage", order=920),
        NavEntry("security_log", "安全日志", "security.manage", order=930),
        NavEntry("token_admin", "令牌管理", "security.manage", order=940),
    ]
    home_tiles = ["minzheng.core.home.INBOX_TILE"]
    # files_cleanup, audit_verify, list_export
    jobs = ["minzheng.core.filestore", "minzheng.core.audit_verify", "minzheng.core.pages.export_jobs"]

    def ready(self):
        super().ready()
        from minzheng.core.pages import table_signatures

        table_signatures.install()
        from django.contrib.auth.signals import user_logged_in

        from minzheng.core.middleware import slide_at_sign_in

        user_logged_in.connect(slide_at_sign_in, dispatch_uid="minzheng.slide_at_sign_in")
