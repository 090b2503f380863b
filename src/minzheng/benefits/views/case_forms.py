"""Forms of the case pages that are not a single workflow action: the application (申请), the facts found by the
investigation (调查核实的家庭情况, in Case.facts' JSON shape) and a document."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minzheng.benefits import catalogue, programs, workflow
from minzheng.core import roles
from minzheng.core.forms import StyledForm
from minzheng.core.validation import MONEY_TEXT as MONEY

SUBTYPE_LABELS = {"": _("（不分类别）"), "dispersed": _("分散供养/散居"), "centralised": _("集中供养/集中养育"),
                  "expense": _("支出型（临时救助）"), "emergency": _("急难型（临时救助，先行救助）")}
LABOUR = [("", _("按登记信息")), ("none", _("无劳动能力")), ("partial", _("部分劳动能力")), ("full", _("有劳动能力"))]


class ApplicationForm(StyledForm):
    program = forms.ChoiceField(label=_("救助项目"))
    subtype = forms.ChoiceField(label=_("类别（特困、孤儿、事实无人抚养儿童、临时救助）"), required=False,
                                choices=list(SUBTYPE_LABELS.items()))
    requested_amount = forms.CharField(label=_("申请救助金额（元，临时救助）"), required=False, max_length=14)
    applicant_id = forms.ChoiceField(label=_("申请人"))
    beneficiary_id = forms.ChoiceField(label=_("救助对象（按人申请的项目）"), required=False)
    channel = forms.ChoiceField(label=_("申请方式"))
    proxy_document = forms.CharField(label=_("委托书（代为申请时必填：委托书编号或说明）"), required=False,
                                     max_length=200)
    applied_on = forms.DateField(label=_("申请日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    special_case = forms.BooleanField(label=_("人户分离、异地申请等特殊情况"), required=False)
    irregular_income = forms.BooleanField(label=_("收入不固定"), required=False)
    bank_name = forms.CharField(label=_("开户行"), required=False, max_length=100)
    bank_account = forms.CharField(label=_("银行账号"), required=False, max_length=40)

    def __init__(self, *args, members=(), user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(code, catalogue.PROGRAMS[code]) for code in programs.PROCEDURES]
        people = [(str(p.pk), p.name) for p in members]
        self.fields["applicant_id"].choices = people
        self.fields["beneficiary_id"].choices = [("", _("（以家庭为单位）")), *people]
        channels = {k: v for k, v in workflow.CHANNELS.items() if k != "migration"}
        self.fields["channel"].choices = list(channels.items())
        self.fields["channel"].initial = "clerk" if user is not None and user.role == roles.VILLAGE else "family"

    def case_data(self, household_id: int) -> dict[str, Any]:
        d = self.cleaned_data
        out: dict[str, Any] = {"household_id": household_id, "program": d["program"],
                               "applicant_id": int(d["applicant_id"]), "channel": d["channel"],
                               "proxy_document": d["proxy_document"], "special_case": d["special_case"],
                               "irregular_income": d["irregular_income"], "bank_name": d["bank_name"],
                               "bank_account": d["bank_account"]}
        if d.get("subtype"):
            out["subtype"] = d["subtype"]
        if d.get("beneficiary_id"):
            out["beneficiary_id"] = int(d["beneficiary_id"])
        if d.get("applied_on"):
            out["applied_on"] = d["applied_on"].isoformat()
        if d.get("requested_amount"):
            out["facts"] = {"requested_amount": d["requested_amount"].strip()}
        return out




def _money_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=14)


class FactsForm(StyledForm):
    """Assets and per-member facts the registry does not hold. Member fields are named m<person id>_<fact>."""

    financial = _money_field(_("金融资产合计（元）"))
    vehicles = forms.CharField(label=_("机动车价值（元，多辆用逗号分隔）"), required=False, max_length=200)
    housing_units = forms.IntegerField(label=_("住房套数"), required=False, min_value=0, max_value=99)
    support_payer_able = forms.ChoiceField(label=_("赡养、抚养、扶养义务人有无能力"), required=False, choices=[
        ("", _("未认定")), ("no", _("无履行能力")), ("yes", _("有履行能力"))])
    irregular_income = forms.BooleanField(label=_("收入不固定"), required=False)
    special_case = forms.BooleanField(label=_("人户分离等特殊情况"), required=False)

    def __init__(self, *args, members=(), facts=None, case=None, **kwargs):
        facts = facts or {}
        self.facts = facts
        assets = facts.get("assets") or {}
        initial = {"financial": assets.get("financial", ""),
                   "vehicles": ", ".join(str(v.get("value", "")) for v in assets.get("vehicles") or []),
                   "housing_units": assets.get("housing_units"),
                   "support_payer_able": {True: "yes", False: "no"}.get(facts.get("support_payer_able"), ""),
                   "irregular_income": getattr(case, "irregular_income", False),
                   "special_case": getattr(case, "special_case", False)}
        given = {str(k): v for k, v in (facts.get("members") or {}).items()}
        self.members = list(members)
        for p in self.members:
            m = given.get(str(p.pk), {})
            initial.update({f"m{p.pk}_labour_capacity": m.get("labour_capacity", ""),
                            f"m{p.pk}_serious_illness": m.get("serious_illness", p.serious_illness),
                            f"m{p.pk}_self_care_unmet": m.get("self_care_unmet")})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for p in self.members:
            self.fields[f"m{p.pk}_labour_capacity"] = forms.ChoiceField(label=_("劳动能力"), choices=LABOUR,
                                                                        required=False)
            self.fields[f"m{p.pk}_serious_illness"] = forms.BooleanField(label=_("重病"), required=False)
            self.fields[f"m{p.pk}_self_care_unmet"] = forms.IntegerField(
                label=_("生活自理六项中不能完成的项数"), required=False, min_value=0, max_value=6)
        self.style_fields()

    def member_rows(self):
        return [(p, self[f"m{p.pk}_labour_capacity"], self[f"m{p.pk}_serious_illness"],
                 self[f"m{p.pk}_self_care_unmet"]) for p in self.members]

    def clean_financial(self):
        value = (self.cleaned_data.get("financial") or "").strip()
        if value and not MONEY.match(value):
            raise forms.ValidationError(_("金额格式不正确：应为不小于 0 的金额，最多两位小数"))
        return value

    def clean_vehicles(self):
        values = [v for v in re.split(r"[,，、\s]+", self.cleaned_data.get("vehicles") or "") if v]
        for v in values:
            if not MONEY.match(v):
                raise forms.ValidationError(_("机动车价值“%(v)s”格式不正确：应为金额，多辆用逗号分隔") % {"v": v})
        return values

    def action_data(self) -> dict[str, Any]:
        d = self.cleaned_data
        # Keep what this form does not edit (incomes, recognised programs, rigid expenses given through the API).
        assets: dict[str, Any] = {k: v for k, v in (self.facts.get("assets") or {}).items()
                                  if k not in ("financial", "vehicles", "housing_units")}
        if d.get("financial"):
            assets["financial"] = f"{Decimal(d['financial']):.2f}"
        if d.get("vehicles"):
            assets["vehicles"] = [{"value": f"{Decimal(v):.2f}"} for v in d["vehicles"]]
        if d.get("housing_units") is not None:
            assets["housing_units"] = d["housing_units"]
        facts: dict[str, Any] = {k: v for k, v in self.facts.items() if k not in ("assets", "support_payer_able",
                                                                                   "members")}
        if assets:
            facts["assets"] = assets
        if d.get("support_payer_able"):
            facts["support_payer_able"] = d["support_payer_able"] == "yes"
        given = {str(k): v for k, v in (self.facts.get("members") or {}).items()}
        members: dict[str, Any] = {}
        for p in self.members:
            m: dict[str, Any] = {k: v for k, v in (given.get(str(p.pk)) or {}).items()
                                 if k not in ("labour_capacity", "serious_illness", "self_care_unmet")}
            if d.get(f"m{p.pk}_labour_capacity"):
                m["labour_capacity"] = d[f"m{p.pk}_labour_capacity"]
            if bool(d.get(f"m{p.pk}_serious_illness")) != bool(p.serious_illness):
                m["serious_illness"] = bool(d.get(f"m{p.pk}_serious_illness"))
            if d.get(f"m{p.pk}_self_care_unmet") is not None:
                m["self_care_unmet"] = d[f"m{p.pk}_self_care_unmet"]
            if m:
                members[str(p.pk)] = m
        if members:
            facts["members"] = members
        return {"facts": facts, "irregular_income": d["irregular_income"], "special_case": d["special_case"]}


class DocumentForm(StyledForm):
    name = forms.CharField(label=_("材料名称"), max_length=200)
    file = forms.FileField(label=_("文件（可不上传，仅登记已查验的纸质材料）"), required=False)
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)

