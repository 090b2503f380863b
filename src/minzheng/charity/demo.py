"""Demo data of the charity app (`make demo`): the county's charity federation and a few foundations and service
bodies (recognised, two with the public-fundraising qualification), projects across the townships (referral
targets), online fundraising filings, donations in money and kind with receipts, disclosures, a charitable trust,
complaints. Deterministic from context.seed; only on a county without charity organisations."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from minzheng.charity import codes, services
from minzheng.charity.models import CharityOrganisation
from minzheng.core import clock, regioncodes
from minzheng.core.models import Region

DONORS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周婷", "吴刚"]
COMPANIES = ["舟山海洋渔业有限公司", "定海港务集团", "东海水产合作社", "城东商贸有限公司"]


def seed(context) -> dict:
    county = context.county.code
    if CharityOrganisation.objects.filter(**regioncodes.subtree_lookup("region_code", county)).exists():
        return {}
    rnd = random.Random(context.seed + 19)
    actor = context.users["county"]
    today = clock.today()
    name = context.county.name
    specs = [(f"{name}慈善总会", "association", "2010-05-01"),
             (f"{name}关爱基金会", "foundation", "2015-09-01"),
             (f"{name}阳光社会工作服务中心", "service", "2019-03-01"),
             (f"{name}助学基金会", "foundation", "2024-11-01")]
    orgs = []
    for i, (org_name, form, registered) in enumerate(specs):
        orgs.append(services.add_organisation(actor, {
            "name": org_name, "credit_code": f"53{county[:6]}MJ{i:07d}X", "form": form, "region_code": county,
            "registered_on": registered, "recognised_on": registered, "recognition_no": f"{name}民认〔{i + 1}〕号"}))
    for org in orgs[:2]:
        services.grant_qualification(actor, org.pk, {"qualified_on": org.registered_on + dt.timedelta(days=800),
                                                     "qualification_no": f"GMZG{org.pk:05d}"})
    townships = list(Region.objects.filter(parent_id=county).order_by("code"))
    projects = []
    for i, (domain, label) in enumerate(list(codes.DOMAINS.items())[:6]):
        region = county if i < 2 else townships[i % len(townships)].code
        projects.append(services.add_project(actor, {
            "org_id": orgs[i % 3].pk, "name": f"{label}项目{i + 1}", "region_code": region, "domain": domain,
            "starts_on": today.replace(month=1, day=1), "budget": str(rnd.randint(5, 50) * 10000),
            "beneficiaries": "低收入家庭、困境儿童、独居老人", "contact": "0580-2020000"}))
    filings = 0
    for i, platform in enumerate(("tencent", "alipay", "qingsong")):
        start = today + dt.timedelta(days=10 + i)
        services.file_fundraising(actor, {"org_id": orgs[i % 2].pk, "project_id": projects[i % 2].pk
                                          if projects[i % 2].org_id == orgs[i % 2].pk else None,
                                          "title": f"{projects[i].name}网络募捐", "platform": platform,
                                          "starts_on": start, "ends_on": start + dt.timedelta(days=60),
                                          "target": str(rnd.randint(10, 100) * 10000)})
        filings += 1
    donations = 0
    for i in range(60):
        org = orgs[i % 3]
        day = today - dt.timedelta(days=rnd.randint(0, 180))
        if i % 5 == 4:
            data = {"form": "goods", "goods_description": rnd.choice(["棉被 100 床", "米油 50 套", "学习用品 80 份"]),
                    "goods_value": str(rnd.randint(20, 300) * 100), "donor_name": rnd.choice(COMPANIES),
                    "donor_kind": "organisation"}
        else:
            data = {"form": "money", "amount": str(Decimal(rnd.randint(100, 500000)) / 100),
                    "donor_name": rnd.choice(DONORS), "donor_kind": "person"}
        services.record_donation(actor, {"org_id": org.pk, "received_on": day, **data})
        donations += 1
    for org in orgs[:3]:
        services.add_disclosure(actor, {"org_id": org.pk, "kind": "annual",
                                        "title": f"{org.name}{today.year - 1}年度工作报告",
                                        "published_on": today.replace(month=5, day=31) if today.month > 5 else today})
    services.add_trust(actor, {"name": f"{name}乡村振兴慈善信托", "region_code": county, "trustee": "浙江某信托公司",
                               "settlor": "东海水产合作社", "purpose": "扶贫济困", "property_value": "1000000.00",
                               "filed_on": today - dt.timedelta(days=200), "filing_no": f"CSXT{county[:6]}001"})
    c = services.add_complaint(actor, {"org_id": orgs[1].pk, "region_code": county, "received_on": today,
                                       "content": "募捐款使用情况未按期公开"})
    services.add_complaint(actor, {"region_code": county, "received_on": today - dt.timedelta(days=20),
                                   "content": "有人冒用慈善组织名义街头募捐"})
    services.close_complaint(actor, c.pk, {"result": "已督促公开"}, comment="演示数据")
    return {"organisations": len(orgs), "projects": len(projects), "filings": filings, "donations": donations,
            "trusts": 1, "complaints": 2}
