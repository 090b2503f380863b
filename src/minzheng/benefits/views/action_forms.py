"""The forms the case page shows for each workflow action. A form only collects and shapes the input into the
action's data (the same JSON the API takes); every rule is checked by services.cases.act, whose Chinese field errors are
shown back on the form.

Irreversible actions (CONFIRMED) take a second step: the entered values are shown for checking and a required
comment is asked for, which becomes the action's `reason` or `note` (the refusal reason is printed on the
不予确认通知书, a return or termination reason goes on the timeline)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minzheng.core.forms import StyledForm

NAME_SPLIT = re.compile(r"[,，、;；\s]+")


def _names(text: str) -> list[str]:
    return [n for n in NAME_SPLIT.split(text or "") if n]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _text(label, required=False, rows=0, initial=None, max_length=2000):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=required, widget=widget, initial=initial, max_length=max_length)


def _date(label):
    return forms.DateField(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}))


def _choice(label, choices, initial=None):
    return forms.ChoiceField(label=label, choices=list(choices), initial=initial)


NOTE = {"note": lambda: _text(_("说明"), rows=2)}
VISIT = {
    "investigators": lambda: _text(_("调查人员（不少于2人，用逗号或顿号分隔）"), required=True),
    "member_signature": lambda: _text(_("在场家庭成员签字"), required=True, max_length=50),
    "visited_on": lambda: _date(_("调查日期")),
    "method": lambda: _choice(_("调查方式"), [("home_visit", _("入户调查")), ("video", _("视频调查")),
                                          ("phone", _("电话调查"))], "home_visit"),
    "emergency": lambda: forms.BooleanField(label=_("重大突发事件期间（可用电话、视频代替入户）"), required=False),
    "findings": lambda: _text(_("调查情况"), required=True, rows=4),
}

# action -> {field name: factory}
FIELDS: dict[str, dict[str, Any]] = {
    "request_missing": {"items": lambda: _text(_("需补齐的全部材料（每行一项，一次性告知）"), required=True, rows=4)},
    "supplement": NOTE, "accept": NOTE, "start_investigation": NOTE, "request_verification": NOTE, "submit": NOTE,
    "reinvestigate": NOTE,
    "record_home_visit": VISIT, "county_home_visit": VISIT,
    "record_verification": {
        "result": lambda: _choice(_("核对结果"), [("passed", _("符合")), ("failed", _("不符合"))]),
        "started_on": lambda: _date(_("启动核对日期")),
        "report_ref": lambda: _text(_("核对报告编号"), required=True, max_length=100),
        "summary": lambda: _text(_("核对情况"), rows=3),
    },
    "initial_review": {
        "recommend": lambda: _choice(_("初审结论"), [("approve", _("拟同意")), ("refuse", _("拟不同意"))]),
        "opinion": lambda: _text(_("初审意见"), required=True, rows=3),
        "irregular_income": lambda: forms.BooleanField(label=_("收入不固定（每6个月核查一次）"), required=False),
    },
    "publish_notice": {"place": lambda: _text(_("公示地点"), initial="村(居)务公开栏", max_length=200)},
    "record_objection": {"content": lambda: _text(_("异议内容"), required=True, rows=3),
                         "raised_by": lambda: _text(_("异议人"), max_length=100)},
    "community_review": {"participants": lambda: _text(_("参加民主评议人员（用逗号或顿号分隔）"), required=True),
                         "outcome": lambda: _text(_("评议结果"), required=True, rows=3)},
    "record_complaint": {"content": lambda: _text(_("投诉举报内容"), required=True, rows=3),
                         "source": lambda: _text(_("来源"), max_length=100)},
    "spot_check": {"result": lambda: _choice(_("抽查结论"), [("consistent", _("情况属实")),
                                                         ("inconsistent", _("情况不符"))]),
                   "findings": lambda: _text(_("抽查情况"), required=True, rows=3)},
    # The reason or note of these actions is the comment of their confirmation step (CONFIRMED below).
    "return": {}, "refuse": {}, "withdraw": {}, "terminate": {},
    "confirm": {
        "amount": lambda: forms.CharField(label=_("核定月金额（元；留空则按政策测算金额）"), required=False,
                                          max_length=14),
        "override_reason": lambda: _text(_("调整金额理由（金额与测算不一致时必填）"), rows=2),
        "payee_id": lambda: forms.ChoiceField(label=_("领取人"), choices=[]),
        "bank_name": lambda: _text(_("开户行"), max_length=100),
        "bank_account": lambda: _text(_("银行账号（不改可留空）"), max_length=40),
    },
    "issue_decision": {"document_no": lambda: _text(_("确认通知书/低保证编号"), max_length=100)},
    "notify_refusal": {"method": lambda: _text(_("告知方式"), initial="书面送达", max_length=50)},
}
NAME_FIELDS = {"investigators", "participants"}
LINE_FIELDS = {"items"}
# Actions that end or turn back an application: shown in red.
DANGER = {"refuse", "withdraw", "terminate", "return"}


@dataclass(frozen=True)
class Comment:
    """The confirmation step of an irreversible action: its comment goes into the action's data as `key`."""

    key: str  # "reason" or "note": what services.cases.act reads for the action
    label: str
    help_text: str
    warning: str


COMMENT_LIMIT = 2000  # what services.cases.act accepts for a reason or note
CONFIRMED: dict[str, Comment] = {
    "refuse": Comment("reason", "不予确认理由", "将写入不予确认通知书，书面告知申请人。",
                      "作出不予确认决定后不能撤销。"),
    "return": Comment("reason", "退回理由", "说明需要补充调查的内容，将记入办理记录。",
                      "退回后申请回到乡镇（街道）补充调查，须重新公示、报送。"),
    "withdraw": Comment("reason", "撤回理由", "记录申请人撤回申请的情况（书面撤回的请上传撤回申请）。",
                        "撤回后本申请办结，不能恢复；申请人可以重新申请。"),
    "terminate": Comment("reason", "终止理由", "说明终止审核确认的依据和情况，将记入办理记录。",
                         "终止后本申请办结，不能恢复。"),
    "confirm": Comment("note", "审核确认意见", "说明审核确认的依据和情况。",
                       "确认后即生成救助待遇，自次月起发放；确认决定不能撤销。"),
    "issue_decision": Comment("note", "送达情况", "记录送达方式、时间和签收人。",
                              "登记送达后本申请办结。"),
    "notify_refusal": Comment("note", "告知情况", "记录书面告知的时间和签收人。",
                              "登记告知后本申请办结。"),
}


def form_for(action: str, data=None, members: list | None = None, initial: dict | None = None) -> StyledForm:
    fields = {name: make() for name, make in FIELDS.get(action, NOTE).items()}
    form_class = type(f"{action.title().replace('_', '')}Form", (StyledForm,), dict(fields))
    form = form_class(data, prefix=action, initial=initial or {})
    if "payee_id" in form.fields:
        form.fields["payee_id"].choices = [(str(p.pk), p.name) for p in members or []]
    return form


def action_data(action: str, form: StyledForm) -> dict[str, Any]:
    """The cleaned form as the action's data (lists split, empty optional values left out)."""
    out: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        if name in NAME_FIELDS:
            out[name] = _names(value)
        elif name in LINE_FIELDS:
            out[name] = _lines(value)
        elif isinstance(value, bool):
            out[name] = value
        elif value not in (None, ""):
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    if action == "confirm" and "payee_id" in out:
        out["payee_id"] = int(out["payee_id"])
    return out
