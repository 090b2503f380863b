"""What the 养老服务 pages share: finding an elder by ID number, detail pages whose step buttons follow the record's
state, and the list-to-list links."""

from __future__ import annotations

from minzheng.core.errors import ValidationFailed
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.detail import DetailPage
from minzheng.registry.selectors import person_by_id_number


def with_person(user, data: dict) -> dict:
    """The form's ID number → person_id (the blind index, inside the user's region); 422 on the field otherwise."""
    number = (data.get("id_number") or "").strip()
    person = person_by_id_number(user, number) if number else None
    if person is None:
        raise ValidationFailed.one("id_number", "未找到该身份证号的人员（须已在民政对象统一库登记，且在您的辖区内）")
    return {**{k: v for k, v in data.items() if k != "id_number"}, "person_id": person.pk}


class StepDetailPage(DetailPage):
    """A detail page whose actions show only when `when[label](obj)` holds (the steps the state allows)."""

    when: dict = {}

    def render(self, context: dict, status: int = 200, template: str | None = None):
        obj = context.get("object")
        if obj is not None and "actions" in context:
            context["actions"] = [a for a in context["actions"]
                                  if self.when.get(a["label"], lambda o: True)(obj)]
        return super().render(context, status=status, template=template)


def links(*pairs) -> list[PageAction]:
    return [PageAction(name, label, None, style="outline-secondary") for name, label in pairs]


INSTITUTION_LINKS = links(("eldercare_institution_list", "养老机构"), ("eldercare_resident_list", "入住老人"),
                          ("eldercare_worker_list", "护理员"), ("eldercare_grading_list", "等级评定"),
                          ("eldercare_inspection_list", "检查记录"), ("eldercare_round_list", "双随机抽查"),
                          ("eldercare_credit_list", "信用名单"))
HOMECARE_LINKS = links(("eldercare_order_list", "服务订单"), ("eldercare_provider_list", "服务组织"),
                       ("eldercare_item_list", "服务项目"), ("eldercare_quota_list", "服务额度"),
                       ("eldercare_settlement_list", "服务结算"), ("eldercare_bed_list", "家庭养老床位"),
                       ("eldercare_meal_point_list", "助餐点"), ("eldercare_day_center_list", "日间照料中心"))
ALARM_LINKS = links(("eldercare_alarm_list", "告警"), ("eldercare_device_list", "智能设备"),
                    ("eldercare_bed_list", "家庭养老床位"))


def others(group: list[PageAction], current: str) -> list[PageAction]:
    return [a for a in group if a.url_name != current]
