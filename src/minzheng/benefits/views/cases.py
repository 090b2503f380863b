"""The case page (申请 #n): the household and its members, the policy estimate, entitlements, documents, deadlines,
the timeline and one form per action the user's role may take now; the facts form, documents and 变更领取人.

Reads go through `benefits.selectors`, writes through `services.cases.act` (the same rules, scoping and Chinese errors
as the API). Irreversible actions (`action_forms.CONFIRMED`) go through a confirmation step with a required comment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from minzheng.benefits import case_evaluation as casepolicy
from minzheng.benefits import panels, programs, selectors, workflow
from minzheng.benefits.services import cases, documents, entitlements
from minzheng.benefits.views import action_forms
from minzheng.benefits.views.case_forms import DocumentForm, FactsForm
from minzheng.benefits.views.prints import offered_prints
from minzheng.benefits.views.tables import MemberTable
from minzheng.core import clock, roles
from minzheng.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from minzheng.core.pages.forms import COMMENT_FIELD, STEP_FIELD, summary
from minzheng.core.views import apply_errors

OWN_FORMS = ("update_facts", "record_document")  # actions with their own form and URL
NOT_REPOSTED = {"csrfmiddlewaretoken", COMMENT_FIELD, STEP_FIELD, "edit"}


def _error_text(exc) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(e.message for e in exc.errors)
    return exc.message


def _members(case):
    return selectors.members_of(case.household_id, clock.today())


def _case_context(request, case, forms_override: dict | None = None) -> dict:
    user = request.user
    info = selectors.detail(user, case)
    today = clock.today()
    memberships = _members(case)
    people = [m.person for m in memberships]
    forms_override = forms_override or {}
    action_list = []
    for a in info["allowed_actions"]:
        code = a["action"]
        if code in OWN_FORMS:
            continue
        form = forms_override.get(code) or action_forms.form_for(code, members=people, initial=_initial(code, case))
        action_list.append({"code": code, "label": a["label"], "form": form, "rule": workflow.ACTIONS[code].rule,
                            "danger": code in action_forms.DANGER, "confirmed": code in action_forms.CONFIRMED,
                            "comment_label": getattr(action_forms.CONFIRMED.get(code), "label", ""),
                            "open": code in forms_override})
    for event in info["timeline"]:
        event["role_label"] = roles.ROLE_LABEL.get(event["role"], "")
    allowed = {a["action"] for a in info["allowed_actions"]}
    facts_form = forms_override.get("update_facts") or (
        FactsForm(members=people, facts=case.facts, case=case) if "update_facts" in allowed else None)
    document_form = forms_override.get("record_document") or (
        DocumentForm() if "record_document" in allowed else None)
    return {
        "case": case, "info": info, "household": case.household, "members": people,
        "member_table": MemberTable(memberships, empty_text="没有在册成员"), "actions": action_list,
        "facts_form": facts_form, "document_form": document_form, "documents": selectors.documents_of(case),
        "program_name": programs.name(case.program), "prints": offered_prints(case),
        **_policy(case, today),
        "objections": selectors.objections_of(case),
        "missing": selectors.missing_notices_of(case),
        "entitlements": selectors.entitlements_of(case),
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
    except ServiceError as exc:  # invalid facts, or a standard not set for the region (never a 500 on the page)
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
    case = selectors.get_case(request.user, case_id)
    return render(request, "benefits/case_detail.html", _case_context(request, case))


def _may_change(user) -> None:
    """The role first (403 before the case lookup's 404 and before the form): reading roles (city staff) and the
    administrators change no case."""
    if not roles.has_perm(user, "people.change"):
        raise Forbidden("您的角色不能办理案件")


def _again(request, case, key: str, form, status: int = 422):
    """The case page again with this action's form open (its errors shown)."""
    case.refresh_from_db()
    return render(request, "benefits/case_detail.html", _case_context(request, case, {key: form}), status=status)


def _submit(request, case, key: str, form, run, done: str, anchor: str = ""):
    """Run a case action from a posted form: back to the case page with a message when it went through (or the
    role/state refused it, 403/409), or the page again with the form's Chinese field errors (422)."""
    if not form.is_valid():
        return _again(request, case, key, form)
    try:
        run()
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _again(request, case, key, form)
    except (Conflict, Forbidden) as exc:
        messages.error(request, exc.message)
        return redirect("case_detail", case_id=case.pk)
    messages.success(request, done)
    return redirect(reverse("case_detail", args=[case.pk]) + anchor)


@login_required
@require_POST
def case_act(request, case_id: int, action: str):
    user = request.user
    _may_change(user)
    case = selectors.get_case(user, case_id)
    if action not in workflow.ACTIONS or action in OWN_FORMS:
        raise NotFound("没有这个办理环节")
    form = action_forms.form_for(action, request.POST, members=[m.person for m in _members(case)])
    comment = action_forms.CONFIRMED.get(action)
    done = f"已办理：{workflow.LABELS[action]}"
    if comment is None:
        return _submit(request, case, action, form,
                       lambda: cases.act(user, case.pk, action, action_forms.action_data(action, form)), done)
    if not form.is_valid():
        return _again(request, case, action, form)
    if "edit" in request.POST:  # 返回修改: the case page with the form as it was filled in
        return _again(request, case, action, form, status=200)
    if request.POST.get(STEP_FIELD) != "1":
        return _confirmation(request, case, action, form, comment)
    text = request.POST.get(COMMENT_FIELD, "").strip()
    limit = action_forms.COMMENT_LIMIT
    problem = (f"请填写{comment.label}" if not text else
               f"{comment.label}最多 {limit} 个字" if len(text) > limit else "")
    if problem:
        return _confirmation(request, case, action, form, comment, text, problem)
    data = action_forms.action_data(action, form) | {comment.key: text}
    try:
        cases.act(user, case.pk, action, data)
    except ValidationFailed as exc:
        about_comment = [e.message for e in exc.errors if e.field == comment.key]
        if about_comment:
            return _confirmation(request, case, action, form, comment, text, "；".join(about_comment))
        apply_errors(form, exc)
        return _again(request, case, action, form)
    except (Conflict, Forbidden) as exc:
        messages.error(request, exc.message)
        return redirect("case_detail", case_id=case.pk)
    messages.success(request, done)
    return redirect("case_detail", case_id=case.pk)


def _confirmation(request, case, action: str, form, comment, text: str = "", problem: str = ""):
    """The second step of an irreversible action: what was entered, the consequence, the required comment. The
    entered values travel as hidden inputs, so the second POST runs exactly what was confirmed."""
    hidden = [(key, value) for key in request.POST if key not in NOT_REPOSTED for value in request.POST.getlist(key)]
    return render(request, "benefits/case_confirm.html", {
        "title": f"{workflow.LABELS[action]}：请确认", "case": case, "action": action,
        "label": workflow.LABELS[action], "program_name": programs.name(case.program),
        "state_label": workflow.STATES.get(case.state, case.state), "summary": summary(form) if form.fields else [],
        "hidden": hidden, "comment": comment, "comment_text": text, "comment_error": problem,
        "comment_field": COMMENT_FIELD, "step_field": STEP_FIELD, "comment_limit": action_forms.COMMENT_LIMIT,
        "danger": action in action_forms.DANGER}, status=422 if problem else 200)


@login_required
@require_POST
def case_facts(request, case_id: int):
    user = request.user
    _may_change(user)
    case = selectors.get_case(user, case_id)
    people = [m.person for m in _members(case)]
    form = FactsForm(request.POST, members=people, facts=case.facts, case=case)
    return _submit(request, case, "update_facts", form,
                   lambda: cases.act(user, case.pk, "update_facts", form.action_data()),
                   "已更新调查核实的家庭情况")


@login_required
@require_POST
def document_upload(request, case_id: int):
    user = request.user
    _may_change(user)
    case = selectors.get_case(user, case_id)
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
    _may_change(request.user)
    case = selectors.get_case(request.user, case_id)
    ent = selectors.entitlement_of(case, entitlement_id)
    data = {k: request.POST.get(k, "") for k in ("payee_id", "bank_account", "bank_name", "reason")}
    try:
        entitlements.act(request.user, ent.pk, "change_payee", data)
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
    response["Cache-Control"] = "no-store"
    return response
