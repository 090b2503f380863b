"""特困 care work in the 待办 of those who record it (村、乡镇、县): 委托照料 agreements whose term ends within 30 days
(renew or end them; overdue once the term has passed) and 特困 persons in force without any self-care assessment."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from minzheng.assistance import selectors
from minzheng.core import clock, roles
from minzheng.core.app_registry import InboxItem, InboxProvider, InboxSection


def agreements_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "care.record"):
        return InboxSection(0, 0, [])
    today = clock.today()
    qs = selectors.agreements_ending(user, today)
    items = [InboxItem(f"care_agreement:{a.pk}", f"{a.person.name} · 照料人 {a.carer_name}",
                       reverse("care_person", args=[a.person_id]), f"协议终止日期 {a.end_on:%Y-%m-%d}",
                       a.region_code, a.end_on, a.end_on < today, "续签或终止委托照料协议")
             for a in qs[:limit]] if limit else []
    return InboxSection.of(qs, items, Q(end_on__lt=today))


def not_assessed_todo(user, limit: int) -> InboxSection:
    if not roles.has_perm(user, "care.record"):
        return InboxSection(0, 0, [])
    qs = selectors.tekun_without_assessment(user)
    items = [InboxItem(f"care_assess:{e.person_id}", f"{e.person.name} · 特困人员",
                       reverse("care_assess", args=[e.person_id]), "尚无生活自理能力评估（照料护理标准据此确定）",
                       e.region_code, task="生活自理能力评估")
             for e in qs[:limit]] if limit else []
    return InboxSection.of(qs, items)


AGREEMENTS_ENDING = InboxProvider("care_agreements", "即将到期的委托照料协议", agreements_todo, "people.view",
                                  url_name="care_agreement_list", order=60)
NOT_ASSESSED = InboxProvider("care_not_assessed", "尚未评估生活自理能力的特困人员", not_assessed_todo, "people.view",
                             url_name="care_assessment_list", order=61)
