"""Bulk actions on a list page: tick rows, choose the action, confirm with a comment, one service call.

    class CaseList(ListPage):
        ...
        bulk_actions = [BulkAction("close", "批量结案", "people.change", service=cases.close_many,
                                   summary="选中的申请将结案，结案后不能再办理。")]

`service(user, ids, comment)` gets the ids that the list's selector still shows the user (the service re-checks
scope and permission itself) and returns the number of records handled (or None: all of them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect

from minzheng.core import roles
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.pages.base import error_page, parse_pk

COMMENT_LIMIT = 500


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: str
    permission: str
    service: Callable
    summary: str = ""
    success_message: str = "已{label} {n} 条"
    max_rows: int = 500

    def allowed(self, user) -> bool:
        return roles.has_perm(user, self.permission)


class BulkActionsMixin:
    """POST handling for `bulk_actions` on a ListPage (the form posts back to the list's own URL)."""

    bulk_actions: list = []
    bulk_template = "core/pages/bulk_confirm.html"

    def allowed_bulk_actions(self) -> list[BulkAction]:
        return [a for a in self.bulk_actions if a.allowed(self.request.user)]

    def post(self, request, *args, **kwargs):
        action = next((a for a in self.bulk_actions if a.name == request.POST.get("bulk")), None)
        if action is None:
            return error_page(request, 400, "未知的批量操作")
        if not action.allowed(request.user):
            raise Forbidden("您的角色无权执行此批量操作")
        raw = request.POST.getlist("ids")
        ids = [parse_pk(v) for v in raw]
        if None in ids:
            return error_page(request, 400, "选中的记录编号不正确")
        back = request.get_full_path()
        if not ids:
            messages.error(request, "请先勾选要办理的记录")
            return redirect(back)
        if len(set(ids)) > action.max_rows:
            return error_page(request, 400, f"一次最多选择 {action.max_rows} 条记录")
        records = list(self.queryset().filter(pk__in=set(ids)).order_by("pk"))
        context = {"action": action, "records": self.table_class(records, empty_text="选中的记录都不在您的管辖范围内"),
                   "ids": [r.pk for r in records], "missing": len(set(ids)) - len(records), "back": back}
        if "confirm" not in request.POST:
            return self.render(context, template=self.bulk_template)
        comment = request.POST.get("comment", "").strip()
        problem = ("请填写确认办理说明" if not comment else
                   f"确认办理说明最多 {COMMENT_LIMIT} 个字" if len(comment) > COMMENT_LIMIT else
                   "没有可办理的记录" if not records else "")
        if problem:
            return self.render({**context, "comment": comment, "comment_error": problem}, status=422,
                               template=self.bulk_template)
        try:
            done = action.service(request.user, context["ids"], comment)
        except ValidationFailed as exc:
            errors = [e.message for e in exc.errors]
            return self.render({**context, "comment": comment, "errors": errors}, status=422,
                               template=self.bulk_template)
        except (Conflict, Forbidden, NotFound) as exc:
            return self.render({**context, "comment": comment, "errors": [exc.message]}, status=exc.status,
                               template=self.bulk_template)
        count = len(records) if done is None else done
        messages.success(request, action.success_message.format(label=action.label, n=count))
        return redirect(back)
