"""Checks shared by the 社会组织 services."""

from __future__ import annotations

from minzheng.core import clock, regioncodes, roles
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.models import Region
from minzheng.socialorgs import selectors


def require(actor, perm: str, message: str) -> None:
    if not roles.has_perm(actor, perm):
        raise Forbidden(message)


def not_future(day, field: str, label: str) -> None:
    if day > clock.today():
        raise ValidationFailed.one(field, f"{label}不能晚于今天（{clock.today()}）")


def own_region(actor, code: str, field: str = "region_code") -> str:
    if not regioncodes.in_subtree(code, actor.region_id):
        raise ValidationFailed.one(field, "区划应在您的辖区范围内")
    if not Region.objects.filter(code=code).exists():
        raise ValidationFailed.one(field, f"区划代码 {code} 不存在")
    return code


def rule_value(key: str, region_code: str, on, kind: str = "") -> dict:
    row = selectors.rule(key, region_code, on, kind)
    if row is None:
        from minzheng.socialorgs import codes

        raise Conflict(f"未配置“{codes.RULE_KEYS[key]}”规则：请先导入（minzheng socialorgs rules）")
    return row.value
