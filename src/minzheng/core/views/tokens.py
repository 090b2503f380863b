"""API tokens: each user lists, creates and revokes their own (我的接口令牌); the security administrator lists and
revokes every token of their region (令牌管理). A token is shown once, when made; only its digest is kept."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.core import auth, selectors
from minzheng.core.errors import Conflict, NotFound
from minzheng.core.forms import StyledForm
from minzheng.core.pages.base import parse_pk
from minzheng.core.pages.columns import DateTimeColumn, PageTable, TextColumn
from minzheng.core.pages.filters import ContainsFilter, PageFilterSet
from minzheng.core.pages.lists import ListPage


class TokenForm(StyledForm):
    label = forms.CharField(label="用途说明", max_length=100, required=False)
    days = forms.IntegerField(label="有效天数", min_value=1, max_value=366,
                              help_text="到期后令牌自动失效")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.MINZHENG_TOKEN_DAYS or 90


@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request):
    form = TokenForm(request.POST or None)
    created = ""
    if request.method == "POST" and form.is_valid():
        created = auth.create_token(request.user, form.cleaned_data["label"], form.cleaned_data["days"])
        form = TokenForm()
    return render(request, "core/tokens.html", {"title": "我的接口令牌", "form": form, "created": created,
                                                "tokens": selectors.own_tokens(request.user)[:100]},
                  status=422 if request.method == "POST" and not created else 200)


@login_required
@require_POST
def token_revoke(request):
    pk = parse_pk(request.POST.get("token_id", ""))
    if pk is None:
        raise NotFound()
    row = selectors.get_token(request.user, pk)  # own token, or any in the secadmin's region; else 404
    try:
        auth.revoke_token(request.user, row)
        messages.success(request, "令牌已吊销")
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect("token_admin" if row.user_id != request.user.pk else "my_tokens")


class TokenFilters(PageFilterSet):
    user = ContainsFilter("user__username", label="用户名")
    label = ContainsFilter("label", label="用途说明")


class TokenTable(PageTable):
    id = TextColumn("编号")
    user = TextColumn("用户", accessor="user__username", orderable=False)
    label = TextColumn("用途说明")
    created_at = DateTimeColumn("创建时间")
    expires_at = DateTimeColumn("到期时间")
    last_used_at = DateTimeColumn("最近使用")
    status = TextColumn("状态", accessor="status_label", orderable=False)


class TokenAdmin(ListPage):
    title = "令牌管理"
    permission = "security.manage"
    selector = staticmethod(selectors.tokens_for)
    filterset_class = TokenFilters
    table_class = TokenTable
    ordering = ("-created_at",)
    export_object = "api_token"
    template_name = "core/token_admin.html"
    description = "本辖区全部接口令牌。吊销后立即失效；最近使用时间每 5 分钟更新一次。"
