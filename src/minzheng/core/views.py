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
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from minzheng.core import app_registry, audit, clock, regioncodes, roles, users
from minzheng.core.auth import is_locked
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.models import AuditEntry, User



@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


def nav_context(request):
    """The nav (every app's entries from the app registry that the user's role may open) and who is signed in."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    entries, seen = [], set()
    for entry in app_registry.nav_entries():
        if roles.has_perm(user, entry.permission) and (entry.url_name, entry.label) not in seen:
            seen.add((entry.url_name, entry.label))
            entries.append((reverse(entry.url_name), entry.label))
    # The current section is the longest entry the path lies under ("/" only for the home page itself).
    under = [url for url, _label in entries if request.path == url or (url != "/" and request.path.startswith(url))]
    current = max(under, key=len, default=None)
    items = [NavItem(url, label, url == current) for url, label in entries]
    return {"nav_items": items, "role_label": roles.ROLE_LABEL.get(user.role, ""),
            "can_change_people": roles.has_perm(user, "people.change"), "can_unmask": roles.may_unmask(user),
            "can_export": roles.has_perm(user, "people.export"),
            "can_apply": roles.has_perm(user, "people.change") and user.role in (roles.VILLAGE, roles.TOWNSHIP)}


INBOX_ROWS = 50  # per section; each links to its full list


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
    """The home page: the tiles the apps declare (the inbox summary, registry figures, funds paid …)."""
    user = request.user
    tiles = []
    for tile in app_registry.home_tiles():
        if roles.has_perm(user, tile.permission):
            context = tile.context(user)
            if context is not None:
                tiles.append(render_to_string(tile.template, context, request))
    return render(request, "core/home.html", {"region": user.region, "tiles": tiles})


@login_required
def inbox(request):
    """待办 (work awaiting my role, most urgent first, overdue marked) and 已办 (what I handled): one section per
    inbox provider an app declares (core.app_registry)."""
    user = request.user
    tab = "done" if request.GET.get("tab") == "done" else "todo"
    sections = []
    for provider in app_registry.inbox_providers():
        if not roles.has_perm(user, provider.permission):
            continue
        fetch = provider.done if tab == "done" else provider.todo
        if fetch is None:
            continue
        section = fetch(user, INBOX_ROWS)
        sections.append({"provider": provider, "section": section,
                         "url": reverse(provider.url_name) if provider.url_name else ""})
    todo = sum(s["section"].count for s in sections) if tab == "todo" else None
    overdue = sum(s["section"].overdue for s in sections) if tab == "todo" else None
    return render(request, "core/inbox.html", {"tab": tab, "sections": sections, "todo_count": todo,
                                               "overdue_count": overdue, "today": clock.today()})


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
