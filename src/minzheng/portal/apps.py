from minzheng.core import app_registry
from minzheng.core.app_registry import NavEntry
from minzheng.core.audit_display import AuditObject


class PortalConfig(app_registry.MinzhengAppConfig):
    """掌上民政: the citizen channel at /portal/ — phone sign-in with SMS codes, real-name binding, consent, online
    applications through the benefits kernel, progress, decision letters, payments, the 政策找人 self-check and
    complaints answered from the staff inbox. Citizens have their own accounts and sessions (portal.session)."""

    name = "minzheng.portal"
    audit_actions = {
        "portal_code": "掌上民政：发送登录验证码",
        "portal_consent": "掌上民政：同意个人信息保护告知",
        "portal_bind": "掌上民政：实名认证",
        "portal_bind_failure": "掌上民政：实名认证失败",
        "portal_apply": "掌上民政：网上申请",
        "portal_notice": "掌上民政：发送办理进度消息",
    }
    label = "portal"
    verbose_name = "掌上民政"
    url_prefix = "portal/"
    nav_group = "社会救助"
    nav = [NavEntry("portal_staff_complaints", "群众诉求", "people.view", order=46)]
    inbox = ["minzheng.portal.inbox.COMPLAINTS"]
    audit_objects = {"portal_account": AuditObject("掌上民政账户", "portal.PortalAccount"),
                     "portal_complaint": AuditObject("群众诉求", "portal.Complaint"),
                     "portal_request": AuditObject("网上办件", "portal.ServiceRequest")}
    demo_data = ["minzheng.portal.demo.seed"]

    def ready(self):
        super().ready()
        from minzheng.core import audit
        from minzheng.portal.services import notices

        # State changes reach the portal through the audit chain (every write is audited): see portal.services.notices
        audit.recorded.connect(notices.on_recorded, dispatch_uid="portal.notices")
