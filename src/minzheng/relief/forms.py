"""Forms of the relief pages. They only shape what a person types; the services validate it again
(relief.schemas) and their Chinese errors land on these fields."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.relief import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages=DATE_ERRORS)


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


def _count(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=10_000_000, required=required, initial=0)


def _area(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_value=9999999999, max_digits=12, decimal_places=2,
                              required=False, initial=0,
                              error_messages={"invalid": "应为数字，最多两位小数"})


class EventForm(StyledForm):
    name = forms.CharField(label="灾害名称", max_length=100)
    kind = forms.ChoiceField(label="灾害种类", choices=_choices(codes.DISASTER_KINDS))
    region_code = RegionField(label="受灾区划")
    area = forms.CharField(label="受灾区域", max_length=300, required=False)
    started_on = _date("发生日期")
    ended_on = _date("灾情稳定日期", required=False)
    description = forms.CharField(label="灾情概述", max_length=2000, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))


class ReportForm(StyledForm):
    region_code = RegionField(label="村(社区)")
    stage = forms.ChoiceField(label="报送阶段", choices=_choices(codes.STAGES))
    reported_on = _date("报送日期", required=False)
    affected_persons = _count("受灾人口（人）")
    relocated_persons = _count("紧急转移安置人口（人）")
    needing_help = _count("需紧急生活救助人口（人）")
    deaths = _count("死亡失踪人口（人）")
    houses_collapsed = _count("倒塌房屋（间）")
    houses_severe = _count("严重损坏房屋（间）")
    houses_general = _count("一般损坏房屋（间）")
    crop_affected = _area("农作物受灾面积（公顷）")
    crop_failed = _area("农作物绝收面积（公顷）")
    direct_loss = _area("直接经济损失（万元）")
    officer_id = forms.TypedChoiceField(label="灾害信息员（名册）", coerce=int, required=False, empty_value=None,
                                        choices=[("", "—")])
    reporter = forms.CharField(label="灾害信息员姓名（未选名册时填写）", max_length=50, required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer_id"].choices = [("", "—"), *((o.pk, f"{o.name}（{o.region_code}）") for o in officers)]


class WarehouseForm(StyledForm):
    name = forms.CharField(label="储备库名称", max_length=100)
    level = forms.ChoiceField(label="层级", choices=_choices(codes.WAREHOUSE_LEVELS))
    region_code = RegionField(label="所在区划")
    address = forms.CharField(label="地址", max_length=200, required=False)
    keeper = forms.CharField(label="保管员", max_length=50, required=False)


class ReceiptForm(StyledForm):
    item = forms.CharField(label="物资名称", max_length=50)
    unit = forms.CharField(label="计量单位", max_length=10)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=1_000_000_000)
    source = forms.ChoiceField(label="入库来源", choices=_choices(codes.RECEIPT_SOURCES))
    supplier = forms.CharField(label="供货/调拨/捐赠单位", max_length=100, required=False)
    received_on = _date("入库日期", required=False)
    expires_on = _date("有效期至", required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class DispatchForm(StyledForm):
    item = forms.CharField(label="物资名称", max_length=50)
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=1_000_000_000)
    region_code = RegionField(label="调往区划")
    event_id = forms.IntegerField(label="灾害事件编号", min_value=1, required=False)
    recipient = forms.CharField(label="接收人", max_length=50, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class SignForm(StyledForm):
    signed_by = forms.CharField(label="签收人", max_length=50)
    signed_on = _date("签收日期", required=False)


class OfficerForm(StyledForm):
    region_code = RegionField(label="村(社区)")
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="职责", choices=_choices(codes.OFFICER_ROLES))
    phone = forms.CharField(label="联系电话", max_length=11, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    trained_on = _date("最近培训日期", required=False)
    training = forms.CharField(label="培训内容", max_length=200, required=False)


class TrainingForm(StyledForm):
    trained_on = _date("培训日期")
    training = forms.CharField(label="培训内容", max_length=200)


class ShelterForm(StyledForm):
    name = forms.CharField(label="场所名称", max_length=100)
    kind = forms.ChoiceField(label="场所类型", choices=_choices(codes.SHELTER_KINDS))
    region_code = RegionField(label="所在区划")
    address = forms.CharField(label="地址", max_length=200, required=False)
    capacity = forms.IntegerField(label="容纳人数", min_value=1, max_value=1_000_000)
    area_m2 = forms.IntegerField(label="有效面积（平方米）", min_value=1, max_value=100_000_000, required=False)
    facilities = forms.MultipleChoiceField(label="设施", choices=list(codes.FACILITIES.items()), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    manager = forms.CharField(label="管理人", max_length=50, required=False)


class ShelterOpenForm(StyledForm):
    event_id = forms.TypedChoiceField(label="灾害事件", coerce=int, choices=[("", "请选择")])
    opened_on = _date("启用日期", required=False)
    occupancy = _count("安置人数")

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_id"].choices = [("", "请选择"), *((e.pk, f"{e.name}（{e.started_on}）") for e in events)]


class OpeningForm(StyledForm):
    occupancy = _count("当前安置人数", required=True)
    close = forms.BooleanField(label="关闭避难场所（人员已全部离开）", required=False)
    closed_on = _date("关闭日期", required=False)


def stocktake_form(stock) -> type[StyledForm]:
    """A stocktake form for one warehouse: the counted quantity of each item held (the book figure as the initial
    value) and the reason of a difference."""
    fields = {"counted_by": forms.CharField(label="盘点人", max_length=100),
              "counted_on": _date("盘点日期", required=False)}
    for s in stock:
        fields[f"counted_{s.item_id}"] = forms.IntegerField(
            label=f"{s.item.name}实盘数量（{s.item.unit}，账面 {s.quantity}）", min_value=0,
            max_value=1_000_000_000, initial=s.quantity)
        fields[f"explanation_{s.item_id}"] = forms.CharField(label=f"{s.item.name}差异原因", max_length=300,
                                                             required=False)
    fields["note"] = forms.CharField(label="说明", max_length=300, required=False)
    return type("StocktakeForm", (StyledForm,), fields)


def clean(data: dict) -> dict:
    """Form values as the services take them: no empty optional values, decimals as text (never float)."""
    return {k: (str(v) if hasattr(v, "as_tuple") else v) for k, v in data.items() if v not in (None, "")}
