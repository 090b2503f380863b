"""Duplicate-person pages (疑似重复人员): list, side-by-side comparison, merge / dismiss, re-scan.

Reads go through registry.dedup's scoped selectors (people.view), writes through its services (people.change)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_POST

from minzheng.core.errors import Conflict, NotFound, ValidationFailed
from minzheng.registry import codes, dedup, selectors
from minzheng.registry.models import DuplicateCandidate, Person


def _message(exc) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(e.message for e in exc.errors)
    return exc.message


def _masked(person: Person) -> str:
    return dedup.masked_id(person)


@login_required
def duplicate_list(request):
    f = {"status": request.GET.get("status", "open").strip(), "min_score": request.GET.get("min_score", "").strip(),
         "region_code": request.GET.get("region_code", "").strip()}
    qs = dedup.search_candidates(request.user, **f)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [{"c": c, "pair": [(c.person_a, _masked(c.person_a)), (c.person_b, _masked(c.person_b))],
             "status": DuplicateCandidate.STATUS.get(c.status, c.status)} for c in page]
    return render(request, "registry/duplicate_list.html", {
        "page": page, "rows": rows, "filters": f, "statuses": list(DuplicateCandidate.STATUS.items())})


def _side(person: Person) -> dict:
    current = selectors.current_household(person)
    return {
        "p": person, "id_number": _masked(person), "current": current,
        "memberships": person.memberships.count(), "incomes": person.incomes.count(),
        "ethnicity": codes.ETHNICITIES.get(person.ethnicity, ""),
        "region": person.region.full_name(),
    }


@login_required
def duplicate_detail(request, candidate_id: int):
    cand = dedup.get_candidate(request.user, candidate_id)
    a, b = _side(cand.person_a), _side(cand.person_b)
    compare = [
        (N_("姓名"), a["p"].name, b["p"].name),
        (N_("姓名拼音"), a["p"].name_pinyin, b["p"].name_pinyin),
        (N_("身份证号"), a["id_number"], b["id_number"]),
        (N_("性别"), a["p"].get_sex_display(), b["p"].get_sex_display()),
        (N_("出生日期"), a["p"].birth_date.isoformat(), b["p"].birth_date.isoformat()),
        (N_("民族"), a["ethnicity"], b["ethnicity"]),
        (N_("经常居住地"), a["region"], b["region"]),
        (N_("死亡日期"), a["p"].death_date.isoformat() if a["p"].death_date else "",
         b["p"].death_date.isoformat() if b["p"].death_date else ""),
        (N_("家庭成员关系记录数"), a["memberships"], b["memberships"]),
        (N_("收入记录数"), a["incomes"], b["incomes"]),
        (N_("登记时间"), a["p"].created_at.strftime("%Y-%m-%d %H:%M"), b["p"].created_at.strftime("%Y-%m-%d %H:%M")),
    ]
    return render(request, "registry/duplicate_detail.html", {
        # Labels are translated in the template. Masked ID numbers may look alike: they always differ.
        "cand": cand, "sides": [a, b],
        "compare": [(label, x, y, x != y or label == "身份证号") for label, x, y in compare],
        "status_label": DuplicateCandidate.STATUS.get(cand.status, cand.status),
    })


@login_required
@require_POST
def duplicate_merge(request, candidate_id: int):
    try:
        keep = dedup.merge(request.user, candidate_id, request.POST.get("keep_person_id"), request.POST.get("note", ""))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, _message(exc))
        return redirect("duplicate_detail", candidate_id=candidate_id)
    messages.success(request, f"已合并，保留 {keep.name}（编号 {keep.pk}）")
    return redirect("person_detail", person_id=keep.pk)


@login_required
@require_POST
def duplicate_dismiss(request, candidate_id: int):
    try:
        dedup.dismiss(request.user, candidate_id, request.POST.get("note", ""))
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, _message(exc))
        return redirect("duplicate_detail", candidate_id=candidate_id)
    messages.success(request, "已排除：两条记录不是同一人")
    return redirect("duplicate_list")


@login_required
@require_POST
def duplicate_scan(request):
    """Re-run detection for the user's whole region (synchronous; a county of 10⁶ persons takes well under a minute
    on PostgreSQL — see dedup's module notes)."""
    try:
        s = dedup.find_candidates(request.user, request.user.region_id)
    except (ValidationFailed, NotFound) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, f"查找完成：比对 {s['pairs_checked']} 对，疑似重复 {s['candidates']} 对"
                                  f"（新增 {s['created']}，已处理的 {s['kept_decided']} 对保持不变），用时 {s['seconds']} 秒")
    return redirect("duplicate_list")
