"""The audit chain as people read it: object types and changed fields by their Chinese names.

Entries store codes (`case`, `monthly_amount`) so the chain's hashes never depend on wording. Each app names its
object types on its AppConfig — `audit_objects = {"case": AuditObject("案件", "benefits.Case")}` — and a field's
name comes from that model's verbose_name (already Chinese), else from the shared table below, else the code. The
core never imports an app: models are looked up by label through Django's registry."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class AuditObject:
    label: str  # 案件
    model: str = ""  # "app_label.ModelName": field names from its verbose names


# The platform's own object types (apps add theirs through AppConfig.audit_objects).
CORE_OBJECTS = {
    "user": AuditObject("用户", "core.User"), "region": AuditObject("行政区划", "core.Region"),
    "api_token": AuditObject("接口令牌", "core.ApiToken"), "stored_file": AuditObject("存储文件", "core.StoredFile"),
    "key": AuditObject("密钥"), "backup": AuditObject("备份"), "request": AuditObject("请求"),
    "audit": AuditObject("审计日志"), "job": AuditObject("后台任务", "core.Job"),
}

# Keys used across apps, for changes that are not fields of the object's model.
FIELD_LABELS = {
    "reason": "原因", "note": "说明", "status": "状态", "state": "状态", "month": "月份", "program": "救助项目",
    "amount": "金额", "total": "合计", "lines": "笔数", "rows": "行数", "rejected": "拒绝行数", "created": "新增",
    "updated": "更新", "unchanged": "未变", "count": "数量", "username": "用户名", "role": "角色", "region": "区划",
    "region_code": "区划", "is_active": "启用", "can_unmask": "可查看明文", "failed_logins": "连续登录失败次数",
    "locked_until": "锁定至", "label": "名称", "format": "格式", "file_name": "文件名", "filename": "文件名",
    "source": "来源", "entitlement": "待遇", "case": "案件", "person": "人员", "household": "家庭", "payee": "领取人",
    "beneficiary": "救助对象", "applicant": "申请人", "outcome": "处理结果", "rule": "比对规则", "due_on": "期限",
    "engine": "比对引擎", "findings": "命中数", "conclusion": "结论", "members": "成员数", "difference": "差异",
    "account": "银行账号", "bank_account": "银行账号", "bank_name": "开户行", "name": "名称", "action": "动作",
    "kind": "类别", "version": "版本", "key_version": "密钥版本", "seconds": "耗时（秒）", "as_of": "数据日期",
    "start_month": "起始月份", "end_month": "终止月份", "from_month": "起始月份", "to_month": "终止月份",
    "monthly_amount": "月金额", "effective_month": "生效月份", "relation": "与户主关系", "head": "户主",
    "merged_into": "合并到", "review_due": "复核期限", "unmasked": "查看明文", "field": "字段", "print": "打印",
    "path": "路径", "method": "方法", "target": "目标", "target_region": "目标区划", "expires_at": "到期时间",
    "pending": "待启用", "item": "标准项", "value": "数值", "unit": "单位", "area": "城乡",
    "effective_from": "生效日期", "effective_to": "终止日期", "document": "材料", "ref": "编号", "repaid": "已退回",
    "persons": "人数", "households": "户数", "files": "文件数", "kept_rows": "保留行数", "delegated": "已委托",
    "result": "结果", "checked": "已校验条数", "first_bad_seq": "第一处异常（序号）",
    "id_number": "身份证号", "phone": "联系电话", "disability_cert_no": "残疾人证号",
}


def _configs():
    from minzheng.core.app_registry import configs

    return configs()


@cache
def objects() -> dict[str, AuditObject]:
    table = dict(CORE_OBJECTS)
    for config in _configs():
        table.update(getattr(config, "audit_objects", {}) or {})
    return table


def object_label(object_type: str) -> str:
    found = objects().get(object_type)
    return found.label if found else object_type


@cache
def field_label(object_type: str, key: str) -> str:
    found = objects().get(object_type)
    if found and found.model:
        try:
            model = apps.get_model(found.model)
            return str(model._meta.get_field(key).verbose_name)
        except (LookupError, FieldDoesNotExist):
            pass
        if key.endswith("_id"):
            return field_label(object_type, key[:-3])
    return FIELD_LABELS.get(key, key)


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def changes_text(object_type: str, changes: dict | None, hide=None) -> str:
    """`字段：旧 → 新；…` with Chinese field names; `hide(key, value)` → a replacement text for values a reader may
    not see (the auditor: core.redaction), or None to show the value."""
    parts = []
    for key, value in (changes or {}).items():
        name = field_label(object_type, key)
        hidden = hide(key, value) if hide else None
        if hidden is not None:
            parts.append(f"{name}：{hidden}")
        elif isinstance(value, list) and len(value) == 2:
            old, new = (_value(v) for v in value)
            parts.append(f"{name}：{old} → {new}" if old != "" else f"{name}：{new}")
        else:
            parts.append(f"{name}：{_value(value)}")
    return "；".join(parts)
