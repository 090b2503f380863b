"""The citizen's pages (/portal/): phone-first, plain Chinese, large-text mode, no inline script (static
portal/portal.js: the device draft, the large-text switch). Every page but sign-in is `citizen_page` (the portal
session; staff sessions do not count); reads through portal.selectors, writes through portal.services.

Staff answer complaints at /portal/staff/complaints/ (a ListPage with permission, and the answer form)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minzheng.benefits.services import documents
from minzheng.core import roles
from minzheng.core.errors import Forbidden, ServiceError, ValidationFailed
from minzheng.core.pages.columns import CodeColumn, DateColumn, LinkColumn, PageTable, RegionColumn, TextColumn
from minzheng.core.pages.filters import ChoiceFilter, PageFilterSet
from minzheng.core.pages.lists import ListPage
from minzheng.portal import codes, conf, policy, selectors, selfcheck
from minzheng.portal.services import applications, binding, complaints, signin
from minzheng.portal.session import account_of, citizen_page, clear_cookie, set_cookie


def _errors(exc: ServiceError) -> dict[str, str]:
    if isinstance(exc, ValidationFailed):
        return {e.field.split(".")[0]: e.message for e in exc.errors}
    return {"form": exc.message}


def _page(request, template: str, **context):
    context.setdefault("account", getattr(request, "citizen", None) or account_of(request))
    return render(request, f"portal/{template}", context, status=context.pop("status", 200))


# ---- sign-in, consent, binding ---------------------------------------------------------------------------------------


def login(request):
    """Phone → code sent → phone + code → signed in (then consent and binding if not yet done)."""
    nxt = request.GET.get("next") or request.POST.get("next") or ""
    if not (nxt.startswith("/portal/") and url_has_allowed_host_and_scheme(nxt, None)):
        nxt = ""
    context = {"phone": request.POST.get("phone", ""), "next": nxt, "sent": False, "errors": {}}
    if request.method == "POST":
        try:
            if request.POST.get("step") == "code":
                signin.request_code(request.POST.get("phone"))
                context["sent"] = True
            else:
                context["sent"] = True
                account, token = signin.login(request.POST.get("phone"), request.POST.get("code"))
                target = ("portal_consent" if not account.consent_version else
                          "portal_bind" if account.person_id is None else None)
                response = redirect(target or nxt or "portal_home")
                set_cookie(response, token)
                return response
        except ServiceError as exc:
            context["errors"] = _errors(exc)
            context["status"] = 422 if isinstance(exc, ValidationFailed) else exc.status
    return _page(request, "login.html", title="登录", code_seconds=conf.CODE_SECONDS() // 60, **context)


@require_POST
def logout(request):
    signin.logout(request.COOKIES.get(conf.COOKIE))
    response = redirect("portal_login")
    clear_cookie(response)
    return response


@citizen_page(bound=False)
def consent(request):
    if request.method == "POST":
        if request.POST.get("agree") == "1":
            signin.consent(request.citizen, request.POST.get("version", ""))
            return redirect("portal_bind" if request.citizen.person_id is None else "portal_home")
        return _page(request, "consent.html", title="个人信息保护告知", version=codes.PRIVACY_VERSION,
                     errors={"agree": "请阅读告知书并勾选同意"}, status=422)
    return _page(request, "consent.html", title="个人信息保护告知", version=codes.PRIVACY_VERSION, errors={})


@citizen_page(bound=False)
def bind(request):
    if not request.citizen.consent_version:
        return redirect("portal_consent")
    if request.citizen.person_id is not None:
        return redirect("portal_home")
    errors = {}
    if request.method == "POST":
        try:
            binding.bind(request.citizen, request.POST.get("id_number", ""), request.POST.get("name", ""))
            messages.success(request, "实名认证成功")
            return redirect("portal_home")
        except ServiceError as exc:
            errors = _errors(exc)
    return _page(request, "bind.html", title="实名认证", errors=errors, name=request.POST.get("name", ""),
                 status=422 if errors else 200)


# ---- home, apply, track ----------------------------------------------------------------------------------------------


@citizen_page()
def home(request):
    cases = [selectors.progress(c) for c in selectors.own_cases(request.citizen)[:50]]
    requests = selectors.request_views(request.citizen, selectors.own_requests(request.citizen)[:50])
    return _page(request, "home.html", title="掌上民政", cases=cases, person=request.citizen.person,
                 requests=requests, unread=selectors.unread_notices(request.citizen))


@citizen_page()
def apply_choose(request):
    return _page(request, "apply_choose.html", title="我要申请", forms=applications.offered())


def _photos(request) -> list[applications.Photo]:
    photos = []
    for i, f in enumerate(request.FILES.getlist("photos")[: applications.MAX_PHOTOS + 1]):
        name = request.POST.get(f"photo_name_{i}") or codes.PHOTO_NAMES[min(i, len(codes.PHOTO_NAMES) - 1)]
        photos.append(applications.Photo(name[:50], f.name or "", f.read(documents.MAX_BYTES + 1)))
    return photos


@citizen_page()
def apply_form(request, program: str):
    try:
        spec = applications.form(program)
    except ValidationFailed:
        return redirect("portal_apply")
    people = selectors.members(request.citizen)
    errors, values = {}, request.POST
    if request.method == "POST":
        data = {k: values.get(k, "") for k in ("subtype", "requested_amount", "bank_account", "bank_name",
                                               "statement", "authorisation_signed_by")}
        data |= {"program": program, "authorise": values.get("authorise") == "1"}
        raw = values.get("beneficiary_id", "")
        data["beneficiary_id"] = int(raw) if raw.isdigit() and len(raw) < 19 else None
        try:
            case = applications.apply(request.citizen, data, _photos(request))
            messages.success(request, f"申请已提交（编号 {case.pk}），请留意办理进度")
            response = redirect("portal_case", case_id=case.pk)
            return response
        except ServiceError as exc:
            errors = _errors(exc)
            if any(k.startswith("photos") for k in errors):
                errors["photos"] = next(v for k, v in errors.items() if k.startswith("photos"))
    return _page(request, "apply_form.html", title=f"申请{spec.name}", spec=spec, people=people, errors=errors,
                 values=values, photo_names=codes.PHOTO_NAMES, person=request.citizen.person,
                 authorisation_version=codes.AUTHORISATION_VERSION, status=422 if errors else 200)


@citizen_page()
def case_detail(request, case_id: int):
    case = selectors.own_case(request.citizen, case_id)
    return _page(request, "case.html", title=f"申请进度 {case.pk}", p=selectors.progress(case),
                 complaint_kinds=codes.COMPLAINT_KINDS)


@citizen_page()
def letter(request, case_id: int):
    context = selectors.letter_context(request.citizen, case_id)
    applications.letter_opened(request.citizen, context["case"])
    return render(request, "benefits/print_decision.html", context)


@citizen_page()
def payments(request):
    return _page(request, "payments.html", title="到账记录", payments=selectors.payments(request.citizen))


@citizen_page(bound=False)
def self_check(request):
    account = request.citizen
    results, errors = None, {}
    rows = range(1, 7)
    if request.method == "POST":
        try:
            answers = []
            if request.POST.get("use") != "registry":
                for i in rows:
                    age = request.POST.get(f"age_{i}", "").strip()
                    if not age:
                        continue
                    if not age.isdigit() or int(age) > 120:
                        raise ValidationFailed.one("members", f"第 {i} 位成员的年龄请填 0 至 120 的整数")
                    grade = request.POST.get(f"grade_{i}", "")
                    income = request.POST.get(f"income_{i}", "").strip() or "0"
                    answers.append(policy.Answer(
                        age=int(age), disability_grade=int(grade) if grade in ("1", "2", "3", "4") else None,
                        serious_illness=request.POST.get(f"ill_{i}") == "1",
                        labour=request.POST.get(f"labour_{i}") if request.POST.get(f"labour_{i}") in codes.LABOUR
                        else "full", monthly_income=_money(income, i)))
            area = request.POST.get("area") if request.POST.get("area") in codes.AREAS else None
            results = selfcheck.run(account, request.POST.get("region_code") or None, area, answers or None)
        except ServiceError as exc:
            errors = _errors(exc)
    return _page(request, "selfcheck.html", title="政策找人：看看能申请什么", results=results, errors=errors,
                 rows=rows, values=request.POST, areas=codes.AREAS, labour=codes.LABOUR,
                 bound=account.person_id is not None and bool(account.consent_version),
                 status=422 if errors else 200)


def _money(text: str, i: int):
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed.one("members", f"第 {i} 位成员的月收入请填数字（元）") from None
    if not value.is_finite() or value < 0 or value > 10**7:
        raise ValidationFailed.one("members", f"第 {i} 位成员的月收入请填 0 至 10000000 元")
    return value.quantize(Decimal("0.01"))


@citizen_page()
def complaint_list(request):
    account = request.citizen
    errors = {}
    if request.method == "POST":
        raw = request.POST.get("case_id", "")
        try:
            complaints.file(account, request.POST.get("kind", ""), request.POST.get("text", ""),
                            int(raw) if raw.isdigit() and len(raw) < 19 else None, request.POST.get("subject", ""))
            messages.success(request, "已提交，工作人员将在期限内答复")
            return redirect("portal_complaints")
        except ServiceError as exc:
            errors = _errors(exc)
    return _page(request, "complaints.html", title="投诉、异议和举报", rows=selectors.own_complaints(account),
                 cases=selectors.own_cases(account), kinds=codes.COMPLAINT_KINDS, errors=errors,
                 values=request.POST, selected=request.GET.get("case", ""), kind=request.GET.get("kind", ""),
                 status=422 if errors else 200)


# ---- staff: complaints from the portal -----------------------------------------------------------------------------


class ComplaintFilters(PageFilterSet):
    kind = ChoiceFilter("kind", label="类别", choices=codes.COMPLAINT_KINDS)
    state = ChoiceFilter("state", label="状态", choices=codes.COMPLAINT_STATES)


class ComplaintTable(PageTable):
    id = LinkColumn("编号", "portal_staff_complaint", url_args=("pk",))
    kind = CodeColumn(codes.COMPLAINT_KINDS, "类别")
    case = TextColumn("所涉申请编号", accessor="case_id")
    region_code = RegionColumn("区划")
    filed_on = DateColumn("提出日期")
    due_on = DateColumn("答复期限")
    state = CodeColumn(codes.COMPLAINT_STATES, "状态")


class ComplaintList(ListPage):
    title = "群众诉求（掌上民政）"
    permission = "people.view"
    selector = staticmethod(selectors.complaint_rows)
    filterset_class = ComplaintFilters
    table_class = ComplaintTable
    ordering = ("due_on", "id")
    export_permission = "people.export"


@login_required
def staff_complaint(request, pk: int):
    user = request.user
    if not roles.has_perm(user, "people.view"):
        raise Forbidden("您的角色无权查看群众诉求")
    row = selectors.get_complaint(user, pk)
    errors = {}
    if request.method == "POST":
        try:
            complaints.answer(user, pk, request.POST.get("answer", ""))
            messages.success(request, "已答复")
            return redirect("portal_staff_complaint", pk=pk)
        except ServiceError as exc:
            if not isinstance(exc, ValidationFailed):
                raise
            errors = _errors(exc)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    may_answer = roles.has_perm(user, "people.change") and user.role != roles.VILLAGE and row.state == "open"
    return render(request, "portal/staff_complaint.html", {
        "title": f"群众诉求 {row.pk}", "row": row, "kind": codes.COMPLAINT_KINDS[row.kind],
        "state": codes.COMPLAINT_STATES[row.state], "errors": errors, "may_answer": may_answer},
        status=422 if errors else 200)
