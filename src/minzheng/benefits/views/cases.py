"""Case pages: the inbox (待办/已办), case search, a new application from a household, the case page with its
action forms, the facts form and documents. Reads through case_selectors, writes through cases.act — the same
rules, scoping and Chinese errors as the API."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from minzheng.benefits.views import action_forms
from minzheng.benefits import selectors as case_selectors
from minzheng.benefits import case_evaluation as casepolicy
from minzheng.benefits import cases
from minzheng.benefits import documents, panels
from minzheng.benefits import workflow
from minzheng.benefits import entitlements as ent_service
from minzheng.benefits import catalogue
from minzheng.benefits.views.case_forms import ApplicationForm, DocumentForm, FactsForm
from minzheng.benefits.models import Entitlement, MissingItemsNotice, Objection
from minzheng.core import clock, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from minzheng.core.views import apply_errors
from minzheng.registry import selectors as registry


def _error_text(exc) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(e.message for e in exc.errors)
    return exc.message


CASE_FILTERS = ("program", "state", "region_code", "overdue", "household_id")


@login_required
def case_list(request):
    f = {k: request.GET.get(k, "").strip() for k in CASE_FILTERS}
    try:
        qs = case_selectors.search(request.user, program=f["program"], state=f["state"], region_code=f["region_code"],
                                   household_id=int(f["household_id"]) if f["household_id"].isdigit() else None,
                                   overdue=True if f["overdue"] == "1" else None)
    except ValidationFailed as exc:
        messages.error(request, _error_text(exc))
        qs = case_selectors.cases_for(request.user).none()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = clock.today()
    return render(request, "benefits/case_list.html", {
        "page": page, "rows": [case_selectors.row_out(c, today) for c in page], "filters": f,
        "programs": catalogue.PROGRAMS, "states": workflow.STATES})


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request, household_id: int):
    user = request.user
    cases.require_can_apply(user)
    household = registry.get_household(user, household_id)
    members = casepolicy.household_members(household.pk, clock.today())
    form = ApplicationForm(request.POST or None, members=members, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            case = cases.create_case(user, form.case_data(household.pk))
        except ValidationFailed as exc:
            for e in exc.errors:  # facts recorded from this form's own fields
                if e.field == "facts.requested_amount":
                    e.field = "requested_amount"
            apply_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已登记{catalogue.PROGRAMS[case.program]}申请 #{case.pk}")
            return redirect("case_detail", case_id=case.pk)
    return render(request, "benefits/case_form.html", {"form": form, "household": household,
                                                         "members": members})


def _case_context(request, case, forms_override: dict | None = None) -> dict:
    user = request.user
    info = case_selectors.detail(user, case)
    today = clock.today()
    members = casepolicy.household_members(case.household_id, today)
    action_list = []
    for a in info["allowed_actions"]:
        code = a["action"]
        if code in ("update_facts", "record_document"):
            continue  # their own forms below
        form = (forms_override or {}).get(code) or action_forms.form_for(
            code, members=members, initial=_initial(code, case))
        action_list.append({"code": code, "label": a["label"], "form": form, "rule": workflow.ACTIONS[code].rule,
                            "danger": code in action_forms.DANGER,
                            "open": bool(forms_override and code in forms_override)})
    allowed = {a["action"] for a in info["allowed_actions"]}
    facts_form = (forms_override or {}).get("update_facts") or (
        FactsForm(members=members, facts=case.facts, case=case) if "update_facts" in allowed else None)
    document_form = (forms_override or {}).get("record_document") or (
        DocumentForm() if "record_document" in allowed else None)
    return {
        "case": case, "info": info, "household": case.household, "members": members, "actions": action_list,
        "facts_form": facts_form, "document_form": document_form, "documents": documents.documents_of(case),
        "deadline_labels": workflow.DUE_LABELS, "program_name": catalogue.PROGRAMS[case.program],
        **_policy(case, today),
        "objections": Objection.objects.filter(case=case).order_by("id"),
        "missing": MissingItemsNotice.objects.filter(case=case).order_by("id"),
        "entitlements": Entitlement.objects.filter(source_case=case).select_related("payee"),
        "awaiting_label": roles.ROLE_LABEL.get(info["awaiting_role"] or "", ""),
        "can_change_payee": user.role in (roles.TOWNSHIP, roles.COUNTY),
        "panels": panels.render(request, case),
    }


def _policy(case, today) -> dict:
    """The stored evaluation (initial review, confirmation); before that, or when only a summary was kept, a live
    evaluation with today's standards and the recorded facts, marked as such."""
    stored = case.policy_result or {}
    if stored.get("breakdown"):
        return {"policy": stored, "policy_live": False}
    try:
        live = casepolicy.evaluate(case, workflow.first_of_month(today)).as_dict()
    except ValidationFailed as exc:
        return {"policy": None, "policy_error": _error_text(exc)}
    return {"policy": live, "policy_live": True}


def _initial(action: str, case) -> dict:
    if action == "confirm":
        return {"payee_id": str(case.applicant_id), "bank_name": case.bank_name,
                "amount": f"{case.policy_amount:.2f}" if case.policy_amount is not None else ""}
    if action == "initial_review":
        return {"irregular_income": case.irregular_income}
    return {}


@login_required
def case_detail(request, case_id: int):
    case = case_selectors.get_case(request.user, case_id)
    return render(request, "benefits/case_detail.html", _case_context(request, case))


def _submit(request, case, key: str, form, run, done: str, anchor: str = ""):
    """Run a case action from a posted form: back to the case page with a message when it went through (or the
    role/state refused it, 403/409), or the page again with the form's Chinese field errors (422)."""
    if form.is_valid():
        try:
            run()
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except (Conflict, Forbidden) as exc:
            messages.error(request, exc.message)
            return redirect("case_detail", case_id=case.pk)
        else:
            messages.success(request, done)
            return redirect(reverse("case_detail", args=[case.pk]) + anchor)
    case.refresh_from_db()
    return render(request, "benefits/case_detail.html", _case_context(request, case, {key: form}), status=422)


@login_required
@require_POST
def case_act(request, case_id: int, action: str):
    user = request.user
    case = case_selectors.get_case(user, case_id)
    if action not in workflow.ACTIONS or action in ("update_facts", "record_document"):
        raise NotFound("没有这个办理环节")
    members = casepolicy.household_members(case.household_id, clock.today())
    form = action_forms.form_for(action, request.POST, members=members)
    return _submit(request, case, action, form,
                   lambda: cases.act(user, case.pk, action, action_forms.action_data(action, form)),
                   f"已办理：{workflow.LABELS[action]}")


@login_required
@require_POST
def case_facts(request, case_id: int):
    user = request.user
    case = case_selectors.get_case(user, case_id)
    members = casepolicy.household_members(case.household_id, clock.today())
    form = FactsForm(request.POST, members=members, facts=case.facts, case=case)
    return _submit(request, case, "update_facts", form,
                   lambda: cases.act(user, case.pk, "update_facts", form.action_data()), "已更新调查核实的家庭情况")


@login_required
@require_POST
def document_upload(request, case_id: int):
    user = request.user
    case = case_selectors.get_case(user, case_id)
    form = DocumentForm(request.POST, request.FILES)

    def run():
        d, upload = form.cleaned_data, form.cleaned_data.get("file")
        if upload is None:  # a paper document seen and registered, no scan
            cases.act(user, case.pk, "record_document", {"name": d["name"], "note": d["note"]})
        else:
            documents.upload(user, case.pk, d["name"], upload.name, upload.read(), d["note"])

    return _submit(request, case, "record_document", form, run,
                   f"已登记材料：{request.POST.get('name', '')}", anchor="#documents")


@login_required
@require_POST
def change_payee(request, case_id: int, entitlement_id: int):
    """变更领取人 from the case page (township or county; entitlements.act checks role, scope and the member)."""
    case = case_selectors.get_case(request.user, case_id)
    ent = Entitlement.objects.filter(source_case=case, pk=entitlement_id).first()
    if ent is None:
        raise NotFound()
    data = {k: request.POST.get(k, "") for k in ("payee_id", "bank_account", "bank_name", "reason")}
    try:
        ent_service.act(request.user, ent.pk, "change_payee", data)
    except (ValidationFailed, Conflict, Forbidden) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, "已变更领取人")
    return redirect(reverse("case_detail", args=[case.pk]) + "#entitlements")


@login_required
def document_download(request, case_id: int, document_id: int):
    try:
        doc = documents.download(request.user, case_id, document_id)
    except ValidationFailed as exc:
        messages.error(request, _error_text(exc))
        return redirect("case_detail", case_id=case_id)
    response = HttpResponse(doc.data, content_type=doc.content_type)
    response["Content-Disposition"] = content_disposition_header(True, doc.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
