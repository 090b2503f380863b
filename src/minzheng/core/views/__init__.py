"""The platform's pages: sign-in (auth), the home page and the inbox (home), the audit log (audit), staff accounts
(users) and job progress (jobs). Helpers every app's pages share are re-exported here."""

from minzheng.core.errors import Forbidden
from minzheng.core.pages.forms import apply_errors  # noqa: F401 (re-exported for the apps' function views)
from minzheng.core.roles import has_perm


def require(user, perm: str) -> None:
    """403 in Chinese unless the user's role holds `perm` (function views; generic pages declare `permission`)."""
    if not has_perm(user, perm):
        raise Forbidden("您的角色无权访问此页面")
