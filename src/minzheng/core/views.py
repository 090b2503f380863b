"""Pages of the platform core: login, home, audit viewer, user and security administration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from minzheng.core import audit, clock, regioncodes, roles, users
from minzheng.core.auth import is_locked
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.models import AuditEntry, User

NAV = [
    # (url name, label, permission); nav_context translates the labels
    ("home", gettext_noop("首页"), None),
    ("case_inbox", gettext_noop("待办"), "people.view"),
    ("case_list", gettext_noop("救助申请"), "people.view"),
    ("person_list", gettext_noop("人员"), "people.view"),
    ("household_list", gettext_noop("家庭"), "people.view"),
    ("duplicate_list", gettext_noop("疑似重复"), "people.view"),
    ("finding_list", gettext_noop("核实待办"), "verification.view"),
    ("standard_list", gettext_noop("救助标准"), "people.view"),
    ("payroll_list", gettext_noop("资金发放"), "payroll.view"),
    ("funds_stats", gettext_noop("发放统计"), "payroll.view"),
    ("audit_list", gettext_noop("审计日志"), "audit.view"),
    ("user_list", gettext_noop("用户管理"), "users.manage"),
    ("user_list", gettext_noop("安全管理"), "security.manage"),
]


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_context(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    entries = [(reverse(name), gettext(label)) for name, label, perm in NAV
               if perm is None or roles.has_perm(user, perm)]
    # The current section is the longest entry the path lies under ("/" only for the home page itself).
    under = [url for url, _label in entries if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(under, key=len, default=None)
    items = [NavItem(url, label, url == current) for url, label in entries]
    return {"nav_items": items, "role_label": roles.ROLE_LABEL.get(user.role, ""),
            "can_change_people": roles.has_perm(user, "people.change"), "can_unmask": roles.may_unmask(user),
            "can_export": roles.has_perm(user, "people.export"),
            "can_apply": roles.has_perm(user, "people.change") and user.role in (roles.VILLAGE, roles.TOWNSHIP)}


def require(user, perm: str) -> None:
    if not roles.has_perm(user, perm):
        raise Forbidden("您的角色无权访问此页面")


def apply_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """Show service validation errors on the matching form fields (others at the top of the form)."""
    for err in exc.errors:
        field = err.field.split(".")[0].split("[")[0]
        form.add_error(field if field in form.fields else None, err.message)


class LoginForm(StyledForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(request.GET.get("next") or "home")
        known = User.objects.filter(username=form.cleaned_data["username"]).first()
        if known is not None and is_locked(known):
            local = known.locked_until.astimezone().strftime("%H:%M")
            form.add_error(None, f"账户已锁定：连续登录失败次数过多。请于 {local} 后重试，或联系安全管理员解锁。")
        else:
            form.add_error(None, "用户名或密码错误")
    return render(request, "core/login.html", {"form": form})


def logout_view(request):
    logout(request)
    return redirect("login")


@login_required
def home(request):
    user = request.user
    context = {"region": user.region}
    if roles.has_perm(user, "people.view"):
        from minzheng.registry import selectors

        persons = selectors.persons_for(user)
        context.update(
            person_count=persons.count(),
            household_count=selectors.households_for(user).count(),
            disabled_count=persons.exclude(disability_category="").count(),
            elderly_count=persons.filter(birth_date__lte=dt.date.today().replace(year=dt.date.today().year - 80)).count(),
            recent=persons.order_by("-id")[:8],
        )
        from minzheng.assistance import case_selectors

        todo = case_selectors.inbox(user)
        context.update(todo_count=todo.count(), overdue_count=todo.filter(task_due__lt=clock.today()).count())
    if roles.has_perm(user, "payroll.view"):
        from minzheng.payroll import stats

        funds = stats.funds(user)  # year to date, locked payroll lines only
        context.update(funds=funds, funds_chart=stats.bar_chart(funds["by_month"]))
    return render(request, "core/home.html", context)


@login_required
def audit_list(request):
    require(request.user, "audit.view")
    qs = AuditEntry.objects.order_by("-seq")
    prefix = request.user.region_prefix
    # The auditor sees entries of their region subtree and entries with no region (logins by name etc.).
    from django.db.models import Q

    qs = qs.filter(Q(**regioncodes.subtree_lookup("region_code", prefix)) | Q(region_code=""))
    f = request.GET
    if f.get("actor"):
        qs = qs.filter(actor_name__contains=f["actor"].strip())
    if f.get("action"):
        qs = qs.filter(action=f["action"])
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"])
    if f.get("object_id"):
        qs = qs.filter(object_id=f["object_id"].strip())
    for key, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if f.get(key):
            try:
                qs = qs.filter(**{lookup: dt.date.fromisoformat(f[key])})
            except ValueError:
                messages.error(request, f"日期“{f[key]}”格式不正确，应为 YYYY-MM-DD")
    page = Paginator(qs, 50).get_page(f.get("page"))
    for entry in page:
        entry.action_label = audit.ACTIONS.get(entry.action, entry.action)
    return render(request, "core/audit_list.html", {"page": page, "actions": audit.ACTIONS.items(), "filters": f})


class UserForm(StyledForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=roles.ROLE_CHOICES)
    region_code = forms.CharField(label=_("所属区划代码"), max_length=12)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)


@login_required
def user_list(request):
    if not (roles.has_perm(request.user, "users.manage") or roles.has_perm(request.user, "security.manage")):
        raise Forbidden("您的角色无权访问此页面")
    qs = User.objects.select_related("region").filter(**regioncodes.subtree_lookup("region__code", request.user.region_prefix))
    if request.GET.get("q"):
        qs = qs.filter(username__contains=request.GET["q"].strip())
    page = Paginator(qs.order_by("username"), 50).get_page(request.GET.get("page"))
    return render(request, "core/user_list.html", {"page": page, "now": timezone.now(), "is_sysadmin": request.user.role == roles.SYSADMIN,
                                                   "is_secadmin": request.user.role == roles.SECADMIN})


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    require(request.user, "users.manage")
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        code = d["region_code"]
        try:
            if not regioncodes.in_subtree(regioncodes.normalize(code), request.user.region_id):
                raise ValidationFailed.one("region_code", "区划不在您的管辖范围内")
            users.create_user(request.user, d["username"], d["role"], code, d["password"], d["full_name"])
        except regioncodes.RegionCodeError as exc:
            form.add_error("region_code", str(exc))
        except ValidationFailed as exc:
            for err in exc.errors:
                field = {"region": "region_code"}.get(err.field, err.field)
                form.add_error(field if field in form.fields else None, err.message)
        else:
            messages.success(request, f"已创建用户 {d['username']}")
            return redirect("user_list")
    return render(request, "core/user_form.html", {"form": form})


@login_required
@require_http_methods(["POST"])
def user_security(request, user_id: int):
    target = User.objects.filter(pk=user_id, **regioncodes.subtree_lookup("region__code", request.user.region_prefix)).first()
    if target is None:
        raise Http404
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
    return redirect("user_list")
