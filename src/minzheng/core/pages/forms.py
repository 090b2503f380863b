"""A page with a Django form whose valid data goes to a service; optional confirmation for irreversible steps.

    class CloseCase(ServiceFormPage):
        title = "结案"
        permission = "people.change"
        form_class = CloseForm
        object_selector = staticmethod(case_selectors.get_case)  # optional: (user, pk) -> object (404 otherwise)
        service = staticmethod(cases.close)     # (user, [object,] cleaned_data[, comment=...]) -> result
        success_message = "已结案"
        success_url = staticmethod(lambda result: reverse("case_detail", args=[result.pk]))  # or a URL name
        confirm = True                          # first POST: summary + required 确认办理说明; second POST: service

Service errors land where a person looks: `ValidationFailed` on the matching fields (others at the top),
`Conflict`/`Forbidden` as a message on the page; the status code says the same (422, 409, 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from minzheng.core import crypto, idnumber
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.pages.base import Page, declared, parse_pk

COMMENT_FIELD = "confirm_comment"
COMMENT_LIMIT = 500
STEP_FIELD = "_confirm_step"
NOT_REPOSTED = {"csrfmiddlewaretoken", COMMENT_FIELD, STEP_FIELD, "edit"}


def apply_errors(form: forms.Form, exc: ValidationFailed) -> None:
    """A service's field errors onto the matching form fields (`facts.members.3.incomes` → `facts`); the others at
    the top of the form."""
    for err in exc.errors:
        field = err.field.split(".")[0].split("[")[0]
        form.add_error(field if field in form.fields else None, err.message)


def bind_user(form: forms.Form, user) -> forms.Form:
    """Fields that depend on who is acting (a region picker rooted at the user's region) learn the user."""
    for field in form.fields.values():
        if hasattr(field, "bind_user"):
            field.bind_user(user)
    return form


def _display(field: forms.Field, value) -> str:
    if isinstance(field, forms.BooleanField):
        return "是" if value else "否"
    if value is None or value == "":
        return ""
    values = list(value) if isinstance(value, (list, tuple, QuerySet)) else [value]
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = dict(field.choices)
        values = [labels.get(v, v) for v in values]
    return "、".join(str(v) for v in values)


# The confirmation step shows a sensitive value masked, as every other page does (the glossary's field names: an
# ID number, a bank account, a phone): enough to check against the paper, not a full number on the screen.
MASKS = (("id_number", idnumber.mask), ("account", crypto.mask_account), ("phone", crypto.mask_phone))


def _mask_for(name: str):
    return next((mask for suffix, mask in MASKS if name.endswith(suffix)), None)


def summary(form: forms.Form) -> list[tuple[str, str]]:
    """(label, value as a person reads it) for the confirmation step: choice labels, 是/否, several values joined,
    sensitive values masked."""
    out = []
    for name, field in form.fields.items():
        shown, mask = _display(field, form.cleaned_data.get(name)), _mask_for(name)
        out.append((str(field.label or name), mask(shown) if mask and shown else shown))
    return out


class ServiceFormPage(Page):
    template_name = "core/pages/form.html"
    confirm_template = "core/pages/confirm.html"
    form_class = None
    service = None
    object_selector = None
    pk_url_kwarg = "pk"
    success_message = "已办理"
    success_url = None
    submit_label = "提交"
    description = ""  # a sentence under the title: what the step does
    confirm = False
    confirm_text = "此操作办理后不能撤销。请核对以下内容，填写确认办理说明后确认。"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def load_object(self):
        if self.object_selector is None:
            return
        pk = self.kwargs.get(self.pk_url_kwarg)
        if isinstance(pk, int):
            pk = parse_pk(pk)
        if pk is None:
            raise NotFound()
        self.object = declared(self, "object_selector")(self.request.user, pk)

    def initial(self) -> dict:
        return {}

    def make_form(self, data=None):
        if data is None:
            return bind_user(self.form_class(initial=self.initial()), self.request.user)
        return bind_user(self.form_class(data, self.request.FILES or None, initial=self.initial()), self.request.user)

    def call_service(self, data: dict, comment: str | None):
        args = [self.request.user] + ([self.object] if self.object is not None else []) + [data]
        kwargs = {"comment": comment} if self.confirm else {}
        return declared(self, "service")(*args, **kwargs)

    def success_location(self, result) -> str:
        target = self.success_url
        if target is None:
            return self.request.get_full_path()
        if callable(target):
            return declared(self, "success_url")(result)
        try:
            return reverse(target)
        except NoReverseMatch:
            return target

    def page(self, form, status=200, **extra):
        return self.render({"form": form, "object": self.object, "submit_label": self.submit_label,
                            "confirm": self.confirm, "description": self.description, **extra}, status=status)

    def get(self, request, *args, **kwargs):
        self.load_object()
        return self.page(self.make_form())

    def post(self, request, *args, **kwargs):
        self.load_object()
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.page(form, status=422)
        comment = None
        if self.confirm:
            if "edit" in request.POST:  # 返回修改: the form again, with what was entered
                return self.page(form)
            if request.POST.get(STEP_FIELD) != "1":
                return self.confirmation(form)
            comment = request.POST.get(COMMENT_FIELD, "").strip()
            problem = ("请填写确认办理说明" if not comment else
                       f"确认办理说明最多 {COMMENT_LIMIT} 个字" if len(comment) > COMMENT_LIMIT else "")
            if problem:
                return self.confirmation(form, comment=comment, comment_error=problem, status=422)
        try:
            result = self.call_service(form.cleaned_data, comment)
        except ValidationFailed as exc:
            apply_errors(form, exc)
            return self.page(form, status=422)
        except (Conflict, Forbidden) as exc:
            return self.page(form, status=exc.status, service_error=exc.message)
        messages.success(request, self.success_message)
        return redirect(self.success_location(result))

    def confirmation(self, form, comment: str = "", comment_error: str = "", status: int = 200):
        # The entered values travel as hidden inputs, so the second POST validates exactly what was confirmed.
        post = self.request.POST
        hidden = [(key, value) for key in post if key not in NOT_REPOSTED for value in post.getlist(key)]
        return self.render({"form": form, "object": self.object, "summary": summary(form), "hidden": hidden,
                            "confirm_text": self.confirm_text, "comment": comment, "comment_error": comment_error,
                            "comment_field": COMMENT_FIELD, "step_field": STEP_FIELD},
                           status=status, template=self.confirm_template)
