"""Staff accounts under three-officer separation (三员分立, core.users): the system administrator creates accounts,
resets passwords, activates or deactivates them; the security administrator activates pending accounts by
assigning their role and region, moves staff, unlocks and grants the unmask right. Each is shown only their own
half of a one-time password, once. Neither sees people's data."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core import roles, selectors, users
from minzheng.core.errors import Conflict, Forbidden, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.columns import BooleanColumn, CodeColumn, LinkColumn, PageTable, RegionColumn, TextColumn
from minzheng.core.pages.filters import ChoiceFilter, ContainsFilter, PageFilterSet, RegionFilter, YesNoFilter
from minzheng.core.pages.forms import apply_errors, bind_user
from minzheng.core.pages.lists import ListPage
from minzheng.core.pages.region_picker import RegionField

ADMINS = ("users.manage", "security.manage")
SECURITY_ACTIONS = {"unlock": "解锁", "grant_unmask": "授予明文查看权限", "revoke_unmask": "收回明文查看权限"}
ACCOUNT_ACTIONS = {"activate": "启用", "deactivate": "停用", "reset_password": "重置密码"}


class UserFilters(PageFilterSet):
    username = ContainsFilter("username", label="用户名")
    role = ChoiceFilter("role", label="角色", choices=roles.ROLE_CHOICES)
    region_code = RegionFilter("region_id", label="所属区划")
    is_active = YesNoFilter("is_active", label="启用")
    pending = YesNoFilter("pending_activation", label="待安全管理员启用")


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
    description = "系统管理员新建的账户须经安全管理员分配角色和区划后才能使用（三员分立）。"
    actions = [PageAction("user_create", "新建用户", "users.manage")]


class UserForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    role = forms.ChoiceField(label="拟任角色", choices=roles.ROLE_CHOICES, help_text="由安全管理员确认后生效")
    region_code = RegionField(label="拟属区划")


class AssignForm(StyledForm):
    role = forms.ChoiceField(label="角色", choices=roles.ROLE_CHOICES)
    region_code = RegionField(label="所属区划")


def _region_field(exc: ValidationFailed) -> ValidationFailed:
    for err in exc.errors:  # the services name the region field "region"; the forms "region_code"
        err.field = "region_code" if err.field == "region" else err.field
    return exc


def _half_page(request, target, half: str, which: str, status: int = 200):
    return render(request, "core/user_half.html", {"target": target, "half": half, "which": which,
                                                   "title": f"初始密码{which}"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    if not roles.has_perm(request.user, "users.manage"):
        raise Forbidden("您的角色无权访问此页面")
    form = bind_user(UserForm(request.POST or None), request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = users.create_user(request.user, data["username"], data["role"], data["region_code"],
                                       full_name=data["full_name"])
        except ValidationFailed as exc:
            apply_errors(form, _region_field(exc))
        else:
            return _half_page(request, target, target.mz_first_half, "前半段")
    status = 422 if request.method == "POST" else 200
    return render(request, "core/pages/form.html", {"form": form, "title": "新建用户", "submit_label": "创建",
                                                    "object": None}, status=status)


@login_required
def user_detail(request, user_id: int):
    if not roles.has_perm(request.user, ADMINS):
        raise Forbidden("您的角色无权访问此页面")
    target = selectors.get_managed_user(request.user, user_id)
    actions, own = {}, target.pk == request.user.pk
    if roles.has_perm(request.user, "security.manage") and not own and not target.pending_activation:
        actions["unlock"] = SECURITY_ACTIONS["unlock"]
        if target.can_unmask:
            actions["revoke_unmask"] = SECURITY_ACTIONS["revoke_unmask"]
        elif target.role in roles.UNMASKABLE_ROLES:
            actions["grant_unmask"] = SECURITY_ACTIONS["grant_unmask"]
    if roles.has_perm(request.user, "users.manage") and not own:
        key = "deactivate" if target.is_active else "activate"
        actions[key] = ACCOUNT_ACTIONS[key]
        actions["reset_password"] = ACCOUNT_ACTIONS["reset_password"]
    may_assign = roles.has_perm(request.user, "security.manage") and not own
    return render(request, "core/user_detail.html", {
        "target": target, "actions": actions, "title": target.username, "may_assign": may_assign,
        "role_name": roles.ROLE_LABEL.get(target.role, target.role)})


@login_required
@require_http_methods(["GET", "POST"])
def user_assign(request, user_id: int):
    """The security administrator activates a pending account (or moves an active one): role and region."""
    if not roles.has_perm(request.user, "security.manage"):
        raise Forbidden("只有安全管理员可以分配角色和区划")
    target = selectors.get_managed_user(request.user, user_id)
    if target.pk == request.user.pk:
        raise Forbidden("不能对自己的账户执行此操作（三员分立）")
    initial = {"role": target.role, "region_code": target.region_id}
    form = bind_user(AssignForm(request.POST or None, initial=initial), request.user)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            second = users.assign(request.user, target, form.cleaned_data["role"], form.cleaned_data["region_code"])
        except ValidationFailed as exc:
            apply_errors(form, _region_field(exc))
        except Conflict as exc:
            error = exc.message
        else:
            if second is not None:
                return _half_page(request, target, second, "后半段")
            messages.success(request, f"已调整 {target.username} 的角色和区划")
            return redirect("user_detail", user_id=target.pk)
    title = "启用账户：分配角色和区划" if target.pending_activation else "调整角色和区划"
    status = 422 if request.method == "POST" else 200
    return render(request, "core/pages/form.html", {"form": form, "title": f"{title}（{target.username}）",
                                                    "submit_label": "启用" if target.pending_activation else "保存",
                                                    "object": None, "service_error": error}, status=status)


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
        elif action == "reset_password":
            half = users.reset_password(request.user, target)
            return _half_page(request, target, half, "前半段")
        else:
            messages.error(request, "未知操作")
    except ValidationFailed as exc:
        messages.error(request, exc.errors[0].message)
    return redirect("user_detail", user_id=target.pk)
