"""Staff accounts, for the system administrator (create, activate, deactivate) and the security administrator
(unlock, grant or revoke the right to see plaintext). Neither sees people's data (三员分立)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from minzheng.core import roles, selectors, users
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import BooleanColumn, CodeColumn, LinkColumn, PageTable, RegionColumn, TextColumn
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, PageFilterSet, RegionFilter, YesNoFilter
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.lists import ListPage
from minzheng.core.pages.region_picker import RegionField

ADMINS = ("users.manage", "security.manage")
SECURITY_ACTIONS = {"unlock": "解锁", "grant_unmask": "授予明文查看权限", "revoke_unmask": "收回明文查看权限"}
ACCOUNT_ACTIONS = {"activate": "启用", "deactivate": "停用"}


class UserFilters(PageFilterSet):
    username = ContainsFilter("username", label="用户名")
    role = ChoiceFilter("role", label="角色", choices=roles.ROLE_CHOICES)
    region_code = RegionFilter("region_id", label="所属区划")
    is_active = YesNoFilter("is_active", label="启用")


class UserTable(PageTable):
    username = LinkColumn("用户名", "user_detail", url_args=("pk",))
    full_name = TextColumn("姓名")
    role = CodeColumn(dict(roles.ROLE_CHOICES), "角色")
    region = RegionColumn("所属区划", orderable=False)
    status = TextColumn("状态", accessor="status_label", orderable=False)
    can_unmask = BooleanColumn("可查看明文")


class UserList(ListPage):
    title = "用户"
    permission = ADMINS
    selector = staticmethod(selectors.users_for)
    filterset_class = UserFilters
    table_class = UserTable
    ordering = ("username",)
    export_object = "user"
    actions = [PageAction("user_create", "新建用户", "users.manage")]


class UserForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    role = forms.ChoiceField(label="角色", choices=roles.ROLE_CHOICES)
    region_code = RegionField(label="所属区划")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)


def _create(actor, data: dict):
    try:
        return users.create_user(actor, data["username"], data["role"], data["region_code"], data["password"],
                                 data["full_name"])
    except ValidationFailed as exc:  # the service names the region field "region"; the form "region_code"
        for err in exc.errors:
            err.field = "region_code" if err.field == "region" else err.field
        raise


class UserCreate(ServiceFormPage):
    title = "新建用户"
    permission = "users.manage"
    form_class = UserForm
    service = staticmethod(_create)
    success_message = "已创建用户"
    success_url = "user_list"
    submit_label = "创建"


@login_required
def user_detail(request, user_id: int):
    if not roles.has_perm(request.user, ADMINS):
        raise Forbidden("您的角色无权访问此页面")
    target = selectors.get_managed_user(request.user, user_id)
    actions = {}
    if roles.has_perm(request.user, "security.manage"):
        actions.update({"unlock": SECURITY_ACTIONS["unlock"]},
                       **({"revoke_unmask": SECURITY_ACTIONS["revoke_unmask"]} if target.can_unmask else
                          {"grant_unmask": SECURITY_ACTIONS["grant_unmask"]}))
    if roles.has_perm(request.user, "users.manage"):
        key = "deactivate" if target.is_active else "activate"
        actions[key] = ACCOUNT_ACTIONS[key]
    return render(request, "core/user_detail.html", {"target": target, "actions": actions, "title": target.username,
                                                     "role_name": roles.ROLE_LABEL.get(target.role, target.role)})


@login_required
@require_POST
def user_security(request, user_id: int):
    if not roles.has_perm(request.user, ADMINS):  # the role first (403), then the subtree (404), as user_detail
        raise Forbidden("您的角色无权访问此页面")
    target = selectors.get_managed_user(request.user, user_id)  # 404 outside the administrator's subtree
    action = request.POST.get("action")
    try:
        if action == "unlock":
            users.unlock(request.user, target)
            messages.success(request, f"已解锁 {target.username}")
        elif action in ("grant_unmask", "revoke_unmask"):
            users.set_unmask(request.user, target, action == "grant_unmask")
            messages.success(request, f"已更新 {target.username} 的明文查看权限")
        elif action in ("activate", "deactivate"):
            users.set_active(request.user, target, action == "activate")
            messages.success(request, f"已更新 {target.username} 的状态")
        else:
            messages.error(request, "未知操作")
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
    return redirect("user_detail", user_id=target.pk)
