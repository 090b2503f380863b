"""Sign-in and sign-out. A locked account is told when it can try again (lockout: core.auth)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from minzheng.core import selectors
from minzheng.core.auth import is_locked
from minzheng.core.forms import StyledForm


class LoginForm(StyledForm):
    username = forms.CharField(label="用户名", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(request.GET.get("next") or "home")
        known = selectors.account(form.cleaned_data["username"])
        if known is not None and is_locked(known):
            local = known.locked_until.astimezone().strftime("%H:%M")
            form.add_error(None, f"账户已锁定：连续登录失败次数过多。请于 {local} 后重试，或联系安全管理员解锁。")
        else:
            form.add_error(None, "用户名或密码错误")
    return render(request, "core/login.html", {"form": form})


def logout_view(request):
    logout(request)
    return redirect("login")
