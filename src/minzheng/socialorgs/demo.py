"""The demo county's social organisations: 社会团体, 社会服务机构 and 基金会 with valid credit codes; last year's
annual reports in every state (filed, with the supervisor, concluded; foundations' spending checked); evaluations
(graded 5A–2A, one refused, one downgraded); the abnormal list; a 双随机 round. Through the services (audited),
deterministic from the seed; skipped when the county already has organisations."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from stdnum.cn import uscc as stdnum_uscc

from minzheng.core import regioncodes
from minzheng.core.app_registry import DemoContext
from minzheng.core.models import Region

NAMES = [("association", "老年人体育协会"), ("association", "志愿者协会"), ("association", "书法家协会"),
         ("association", "个体劳动者协会"), ("association", "渔业协会"), ("association", "社会工作协会"),
         ("service", "阳光居家养老服务中心"), ("service", "心桥社会工作服务中心"), ("service", "晨曦幼儿园"),
         ("service", "康乐残疾人康复中心"), ("service", "邻里互助服务社"), ("service", "启明职业培训学校"),
         ("foundation", "教育发展基金会"), ("foundation", "慈善扶贫基金会")]
DOMAINS = {"association": ["sports", "social_service", "culture", "industry", "agriculture", "social_service"],
           "service": ["social_service", "social_service", "education", "health", "community", "education"],
           "foundation": ["education", "social_service"]}
KIND_CHAR = {"association": "1", "service": "2", "foundation": "3"}


def _uscc(kind: str, region: str, n: int) -> str:
    body = f"5{KIND_CHAR[kind]}{region[:6]}{n:08d}X"[:17]
    return body + stdnum_uscc.calc_check_digit(body)


def seed(context: DemoContext) -> dict:
    from minzheng.core import clock
    from minzheng.socialorgs import selectors
    from minzheng.socialorgs.models import AnnualReport, Evaluation, SocialOrg
    from minzheng.socialorgs.services import evaluations, oversight, register, reports, rules

    county = context.county.code
    if SocialOrg.objects.filter(**regioncodes.subtree_lookup("region_code", county)).exists():
        return {"skipped": 1}
    registry, township = context.users.get("county"), context.users.get("township")
    if registry is None or township is None:
        return {"skipped": 1}
    rules.load_sample()
    rng = random.Random(context.seed + 1818)
    today = clock.today()
    last = today.year - 1
    townships = list(Region.objects.filter(parent_id=county).order_by("code").values_list("code", "name"))
    place = dict(townships)
    home = township.region_id
    orgs = []
    for n, (kind, suffix) in enumerate(NAMES, start=1):
        region = home if n % 2 else rng.choice(list(place))
        prefix = place.get(region, context.county.name)
        orgs.append(register.add_org(registry, {
            "name": f"{prefix}{suffix}", "kind": kind, "uscc": _uscc(kind, county, 20000 + n),
            "fundraising": ("public" if n % 2 else "private") if kind == "foundation" else "",
            "domain": DOMAINS[kind][n % len(DOMAINS[kind])], "supervisor": "" if n % 5 == 0 else place.get(
                region, "县民政局") + "办事处", "legal_rep": "王" + "伟芳敏静强磊军洋"[n % 8],
            "responsible": [{"name": "李" + "明华平刚"[n % 4], "post": "秘书长"}], "region_code": region,
            "registered_on": (dt.date(last, 6, 1) if n == len(NAMES)  # a young one: not yet evaluable
                              else dt.date(2012 + n % 10, 1 + n % 12, 1 + n % 27))}))
    counts = {"orgs": len(orgs), "reports": 0, "evaluations": 0}
    for n, o in enumerate(orgs):
        if o.registered_on.year > last:
            continue
        for year in range(max(o.registered_on.year, last - 2), last + 1):
            body = {"year": year, "summary": "按章程开展活动，组织服务 20 余次", "audited": o.kind == "foundation",
                    "income": f"{rng.randint(200, 3000) * 1000}.00", "net_assets": f"{rng.randint(50, 5000) * 1000}.00",
                    "filed_on": dt.date(year + 1, 3, rng.randint(1, 28))}
            spend = Decimal(body["income"]) * Decimal("0.9")
            body["total_spending"] = f"{spend:.2f}"
            if o.kind == "foundation":
                body.update(mission_spending=f"{spend * Decimal('0.85'):.2f}",
                            pay_and_admin=f"{spend * Decimal('0.08' if n % 3 else '0.12'):.2f}",
                            last_year_income=body["income"],
                            last_year_fund_balance=f"{Decimal(body['net_assets']):.2f}")
            row = reports.file_report(township, o, body)
            counts["reports"] += 1
            stage = "concluded" if year < last else ["filed", "supervised", "concluded"][n % 3]
            if stage != "filed" and row.state == "filed":
                reports.supervisor_review(township, row, {"decision": "agree", "opinion": "同意报送"})
            if stage == "concluded":
                result = "pass" if row.checks_ok else "basic"
                reports.registry_review(registry, row, {"decision": result, "opinion": "年检结论"})
    for n, o in enumerate(orgs[:8]):
        applied = today - dt.timedelta(days=60 + 40 * n)
        if not AnnualReport.objects.filter(org=o, year=applied.year - 1, state="concluded").exists():
            continue
        ev = evaluations.evaluate(registry, o, {"applied_on": applied, "awarded_on": applied + dt.timedelta(days=20),
                                                "score": str(560 + 55 * n), "committee_size": 9, "present": 8,
                                                "votes_for": 7})
        counts["evaluations"] += 1
        if n == 5 and ev.grade and ev.grade > 1:
            evaluations.sanction(registry, ev, {"sanction": "downgrade", "reason": "年检基本合格，整改不到位",
                                                "on": ev.awarded_on + dt.timedelta(days=30)})
    # one too young to be evaluated: refused with its reasons
    young = max(orgs, key=lambda o: o.registered_on)
    evaluations.evaluate(registry, young, {"applied_on": today - dt.timedelta(days=10)})
    counts["evaluations"] += 1
    unreported = [o for o in orgs if not o.reports.filter(year=last).exists()][:1] or orgs[-1:]
    for o in unreported:
        oversight.put_on_list(registry, {"org_id": o.pk, "list": "abnormal", "reason": "no_report",
                                         "detail": f"未按期报送 {last} 年度工作报告", "listed_on": today})
    pool = [pk for pk, _ in selectors.inspector_choices(registry)]
    if len(pool) >= 2:
        oversight.draw_round(registry, {"title": f"{today.year} 年社会组织双随机抽查", "count": 3, "team_size": 2,
                                        "inspector_ids": pool[:6], "seed": context.seed})
    counts["graded"] = Evaluation.objects.filter(org__in=orgs, grade__gt=0).count()
    counts.update(_applications(context, registry, township, rng))
    # one on the abnormal list since more than two years: the daily job moves it to the blacklist
    old = next(o for o in orgs[3:] if not o.list_entries.exists())
    oversight.put_on_list(registry, {"org_id": old.pk, "list": "abnormal", "reason": "unreachable",
                                     "detail": "通过登记的住所无法取得联系",
                                     "listed_on": today - dt.timedelta(days=800)})
    counts["blacklisted"] = oversight.promote_overdue(registry)["moved"]
    return counts


MATERIALS = ["application", "supervisor_approval", "statute", "capital_proof", "premises_proof", "leaders_id",
             "members_list", "directors_list"]


def _applications(context: DemoContext, registry, township, rng) -> dict:
    """成立登记 applications in every state: waiting for review, reviewed, approved (a second county officer
    decides, when the demo county has one), refused."""
    from django.contrib.auth import get_user_model

    from minzheng.core import clock, roles
    from minzheng.socialorgs import selectors
    from minzheng.socialorgs.services import register

    today = clock.today()
    county = context.county.code
    decider = (get_user_model().objects.filter(role=roles.COUNTY, region_id=county, is_active=True)
               .exclude(pk=registry.pk).order_by("pk").first())
    made = {"applications": 0}
    plans = [("association", "社区广场舞协会", "submitted"), ("service", "颐康居家养老服务中心", "reviewed"),
             ("association", "新乡贤促进会", "approved"), ("foundation", "助学公益基金会", "refused")]
    for n, (kind, suffix, state) in enumerate(plans):
        region = township.region_id
        app = register.apply_register(registry, {
            "name": f"{selectors.region_name(region)}{suffix}", "kind": kind,
            "fundraising": "private" if kind == "foundation" else "", "domain": "social_service",
            "supervisor": "" if kind == "foundation" else f"{selectors.region_name(region)}办事处",
            "legal_rep": "赵" + "建国志华"[n], "address": f"{selectors.region_name(region)}人民路 {10 + n} 号",
            "region_code": region, "funds": "2000000.00" if kind == "foundation" else f"{rng.randint(3, 20)}0000.00",
            "members": 80 if kind == "association" else None, "materials": MATERIALS,
            "responsible": [{"name": "赵" + "建国志华"[n], "post": "负责人"}],
            "received_on": today - dt.timedelta(days=5 + 6 * n)})
        made["applications"] += 1
        if state == "submitted":
            continue
        register.review(registry, app, {"decision": "refuse" if state == "refused" else "approve",
                                        "opinion": "材料齐全，符合条件" if state != "refused" else "原始基金来源不明"})
        if state == "reviewed" or decider is None:
            continue
        register.decide(decider, app, {"approve": state == "approved", "decided_on": today,
                                       "uscc": _uscc(kind, county, 30000 + n) if state == "approved" else None,
                                       "note": "准予成立登记" if state == "approved" else "不符合成立条件"})
    return made
