"""Forms of the 城乡社区治理 pages: they only shape what a person types; the services validate again."""

from __future__ import annotations

from django import forms

from minzheng.communities import codes
from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages={"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"})


def _choices(table: dict) -> list[tuple]:
    return [("", "请选择"), *table.items()]


def _region(label="村（社区）"):
    return RegionField(label=label, error_messages={"required": "请选择区划"})


class MemberForm(StyledForm):
    region_code = _region()
    name = forms.CharField(label="姓名", max_length=50)
    committee = forms.ChoiceField(label="组织", choices=_choices(codes.COMMITTEES))
    post = forms.ChoiceField(label="职务", choices=_choices(codes.POSTS))
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    from_on = _date("任职日期")


class EndForm(StyledForm):
    on = _date("离任日期")


class ElectionForm(StyledForm):
    region_code = _region()
    held_on = _date("选举日期")
    term_years = forms.IntegerField(label="任期（年）", min_value=1, max_value=10, initial=5)
    electorate = forms.IntegerField(label="登记选民数", min_value=1, max_value=10_000_000)
    voted = forms.IntegerField(label="参加投票人数", min_value=0, max_value=10_000_000)
    results = forms.CharField(label="选举结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label="说明", max_length=300, required=False)


class MeetingForm(StyledForm):
    region_code = _region()
    kind = forms.ChoiceField(label="会议类型", choices=_choices(codes.MEETING_KINDS))
    held_on = _date("召开日期")
    topic = forms.CharField(label="议题", max_length=200)
    attendance = forms.IntegerField(label="参会人数", min_value=1, max_value=100000)
    decisions = forms.CharField(label="议定事项", max_length=4000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))


class TaskForm(StyledForm):
    region_code = _region("适用区划")
    list_kind = forms.ChoiceField(label="清单", choices=_choices(codes.TASK_LISTS))
    title = forms.CharField(label="事项", max_length=200)
    department = forms.CharField(label="责任部门", max_length=100, required=False)
    basis = forms.CharField(label="依据", max_length=200, required=False)
    effective_from = _date("生效日期")


class StationForm(StyledForm):
    region_code = _region()
    name = forms.CharField(label="名称", max_length=100)
    floor_area = forms.DecimalField(label="建筑面积（m²）", min_value=0.01, max_digits=10, decimal_places=2)
    functions = forms.MultipleChoiceField(label="功能", choices=list(codes.FUNCTIONS.items()), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    opened_on = _date("启用日期")


class CatalogueForm(StyledForm):
    region_code = _region("适用区划")
    name = forms.CharField(label="服务事项", max_length=100)
    department = forms.CharField(label="办理部门", max_length=100, required=False)
    pledge_days = forms.IntegerField(label="承诺时限（工作日）", min_value=1, max_value=60)
    materials = forms.CharField(label="申请材料", max_length=300, required=False)


class TicketForm(StyledForm):
    region_code = _region("受理村（社区）")
    item_id = forms.TypedChoiceField(label="服务事项", coerce=int, choices=[])
    applicant = forms.CharField(label="申请人", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    received_on = _date("受理日期", required=False)


class CloseForm(StyledForm):
    done_on = _date("办结日期")
    rejected = forms.BooleanField(label="不予受理", required=False)
    result = forms.CharField(label="办理结果", max_length=300)


class FundForm(StyledForm):
    region_code = _region()
    on = _date("日期")
    direction = forms.ChoiceField(label="收支", choices=_choices(codes.FUND_DIRECTIONS))
    category = forms.ChoiceField(label="科目", choices=_choices(codes.FUND_CATEGORIES))
    amount = forms.DecimalField(label="金额", min_value=0.01, max_digits=14, decimal_places=2)
    note = forms.CharField(label="摘要", max_length=200)
