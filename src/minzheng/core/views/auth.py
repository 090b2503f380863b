"""Sign-in, sign-out and the self-service password change.

The sign-in page answers an unknown name, a wrong password and a locked account with the same words, so it never
tells whether a name exists (lockout itself: core.auth). `next` is followed only to a path on this site. Sign-out is
a POST with the CSRF token (the nav's 退出 button): a link or an image elsewhere cannot sign anyone out."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core import auth, users
from minzheng.core.errors import ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.pages.forms import apply_errors


class LoginForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


def login_failed_message() -> str:
    return (f"用户名或密码错误，或账户暂时不能登录。连续失败 {settings.MINZHENG_LOCKOUT_THRESHOLD} 次后账户将锁定 "
            f"{settings.MINZHENG_LOCKOUT_MINUTES} 分钟；如需帮助请联系安全管理员。")


def safe_next(request, default: str = "home") -> str:
    """Where to go after signing in: `next` if it is a path on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    relative = target.startswith("/") and not target.startswith("//") and "\\" not in target
    if relative and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            if auth.must_change_password(user):
                return redirect("password_change")
            return redirect(safe_next(request))
        form.add_error(None, login_failed_message())
    return render(request, "core/login.html", {"form": form}, status=200)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


class PasswordChangeForm(StyledForm):
    old_password = forms.CharField(label="当前密码", widget=forms.PasswordInput)
    new_password1 = forms.CharField(label="新密码", widget=forms.PasswordInput,
                                    help_text="至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类，"
                                              "不能与最近用过的密码相同")
    new_password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    user = request.user
    reason = ("首次登录或密码被重置后，请先设置您自己的新密码" if user.must_change_password else
              "您的密码已过期，请设置新密码" if auth.password_expired(user) else "")
    form = PasswordChangeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                users.change_password(user, data["old_password"], data["new_password1"], data["new_password2"])
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                update_session_auth_hash(request, user)  # stay signed in here; other sessions end
                messages.success(request, "密码已修改")
                return redirect(safe_next(request))
        status = 422
    return render(request, "core/password_change.html", {"form": form, "reason": reason, "title": "修改密码",
                                                          "max_age": settings.MINZHENG_PASSWORD_MAX_AGE_DAYS},
                  status=status)
