from django.db.models import Q

from minzheng.core import clock
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection
from tests.sample_app import selectors


def pending(user, limit: int) -> InboxSection:
    today = clock.today()
    qs = selectors.pending_for(user)
    items = [InboxItem(f"sample:{a.pk}", a.name, "/sample/", "待审核", a.region_code, a.due_on,
                       bool(a.due_on and a.due_on < today), "审核") for a in qs[:limit]]
    return InboxSection.of(qs, items, Q(due_on__lt=today))


PENDING = InboxProvider("sample", "待审核的试点补贴", pending, "sample.view", url_name="sample_list", order=99)
