"""Forms of the 养老服务 pages. They only shape what a person types; the services validate it again
(eldercare.schemas) and their Chinese errors land on these fields. An elder is picked by ID number (found through
the blind index, inside the user's region)."""

from __future__ import annotations

from django import forms

from minzheng.assistance import codes as assistance_codes
from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.eldercare import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"}
MONEY_ERRORS = {"invalid": "应为金额，例如 30.00", "max_decimal_places": "最多两位小数（到分）"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages=DATE_ERRORS)


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


def _money(label: str, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=0, max_value=99999.99, max_digits=7, decimal_places=2,
                              required=required, error_messages=MONEY_ERRORS)


def _count(label: str, high: int, required: bool = True, initial=None) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=high, required=required, initial=initial)


def _id_number(label: str = "老人身份证号") -> forms.CharField:
    return forms.CharField(label=label, max_length=18, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ChoicesForm(StyledForm):
    """A form with choice lists filled by the page from selectors (institutions, providers, workers …)."""

    def set_choices(self, field: str, choices: list[tuple]) -> None:
        self.fields[field].choices = [("", "请选择"), *choices]


class ProfileForm(StyledForm):
    ownership = forms.ChoiceField(label="性质", choices=_choices(codes.OWNERSHIP))
    licence_kind = forms.ChoiceField(label="登记方式", choices=_choices(codes.LICENCE_KINDS))
    licence_no = forms.CharField(label="备案回执/许可证号", max_length=60, required=False)
    licence_on = _date("备案/许可日期", required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    beds_nursing = _count("护理型床位", 100000, initial=0)
    beds_dementia = _count("认知症床位", 100000, initial=0)
    beds_general = _count("普通床位", 100000, initial=0)


class InstitutionForm(ProfileForm):
    name = forms.CharField(label="机构名称", max_length=100)
    kind = forms.ChoiceField(label="机构类型", choices=_choices(assistance_codes.INSTITUTION_KINDS))
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    operator = forms.CharField(label="运营方", max_length=100, required=False)
    bank_name = forms.CharField(label="开户行", max_length=100)
    account = forms.CharField(label="银行账号", max_length=40,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    field_order = ["name", "kind", "ownership", "region_code", "operator", "licence_kind", "licence_no", "licence_on",
                   "credit_code", "beds_nursing", "beds_dementia", "beds_general", "bank_name", "account"]


class AdmitForm(StyledForm):
    id_number = _id_number()
    bed_type = forms.ChoiceField(label="床位类型", choices=_choices(codes.BED_TYPES))
    room = forms.CharField(label="房间/床位号", max_length=40, required=False)
    payer = forms.ChoiceField(label="费用来源", choices=_choices(codes.PAYERS))
    admitted_on = _date("入住日期")


class EndForm(StyledForm):
    on = _date("日期")
    reason = forms.CharField(label="原因", max_length=200)


class WorkerForm(ChoicesForm):
    employer = forms.ChoiceField(label="机构或服务组织", choices=[])
    name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="岗位", choices=_choices(codes.STAFF_ROLES))
    certificate = forms.ChoiceField(label="证书", choices=list(codes.CERTIFICATES.items()))
    certificate_no = forms.CharField(label="证书编号", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel"}))
    hired_on = _date("入职日期")


class GradingForm(StyledForm):
    assessed_on = _date("评定日期")
    environment = forms.DecimalField(label="环境得分（满分120）", min_value=0, max_value=120, decimal_places=1)
    facilities = forms.DecimalField(label="设施设备得分（满分130）", min_value=0, max_value=130, decimal_places=1)
    management = forms.DecimalField(label="运营管理得分（满分150）", min_value=0, max_value=150, decimal_places=1)
    service = forms.DecimalField(label="服务得分（满分600）", min_value=0, max_value=600, decimal_places=1)
    vetoes = forms.MultipleChoiceField(label="否决项（有则勾选）", choices=list(codes.VETOES.items()), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    assessors = forms.CharField(label="评定人员", max_length=200)
    note = forms.CharField(label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def style_fields(self) -> None:
        super().style_fields()
        self.fields["vetoes"].widget.attrs["class"] = "form-check-input"


class DrawForm(ChoicesForm):
    title = forms.CharField(label="检查任务", max_length=100)
    institutions = forms.IntegerField(label="抽取机构数", min_value=1, max_value=500)
    team_size = forms.IntegerField(label="每组检查人员数", min_value=1, max_value=10, initial=2)
    inspector_ids = forms.TypedMultipleChoiceField(label="检查人员库（勾选参加抽取的人员）", coerce=int, choices=[],
                                                   widget=forms.CheckboxSelectMultiple)

    def style_fields(self) -> None:
        super().style_fields()
        self.fields["inspector_ids"].widget.attrs["class"] = "form-check-input"

    def set_inspectors(self, choices):
        self.fields["inspector_ids"].choices = choices


class InspectionForm(StyledForm):
    inspected_on = _date("检查日期")
    result = forms.ChoiceField(label="检查结果", choices=_choices(codes.INSPECTION_RESULTS))
    findings = forms.CharField(label="发现问题", max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    veto_found = forms.BooleanField(label="发现否决项情形（列入失信名单）", required=False)
    rectify_by = _date("整改期限", required=False)


class RectifyForm(StyledForm):
    rectified_on = _date("整改完成日期")
    note = forms.CharField(label="整改情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ProviderForm(StyledForm):
    name = forms.CharField(label="服务组织名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.PROVIDER_KINDS))
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    bank_name = forms.CharField(label="开户行", max_length=100, required=False)
    account = forms.CharField(label="银行账号（结算款支付到该账户）", max_length=40, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class ItemForm(StyledForm):
    name = forms.CharField(label="服务项目（如 助浴、助洁、陪诊）", max_length=60)
    unit = forms.ChoiceField(label="计价单位", choices=_choices(codes.ITEM_UNITS))
    price = _money("单价（元）")


class QuotaForm(StyledForm):
    id_number = _id_number()
    source = forms.ChoiceField(label="额度来源", choices=_choices(codes.QUOTA_SOURCES))
    monthly = _money("每月额度（元）")
    from_month = forms.CharField(label="起始月份（YYYY-MM）", max_length=7,
                                 widget=forms.TextInput(attrs={"type": "month"}))
    to_month = forms.CharField(label="终止月份（YYYY-MM，可空）", max_length=7, required=False,
                               widget=forms.TextInput(attrs={"type": "month"}))


class OrderForm(ChoicesForm):
    id_number = _id_number()
    item_id = forms.TypedChoiceField(label="服务项目", coerce=int, choices=[])
    quantity = forms.IntegerField(label="数量", min_value=1, max_value=1000, initial=1)
    scheduled_on = _date("预约日期")
    source = forms.ChoiceField(label="来源", choices=list(codes.ORDER_SOURCES.items()))
    note = forms.CharField(label="需求说明", max_length=200, required=False)


class DispatchForm(ChoicesForm):
    worker_id = forms.TypedChoiceField(label="服务人员", coerce=int, choices=[])


class PlaceForm(StyledForm):
    """签到/签退: the place as the worker's phone reports it (filled by the page's script when allowed)."""

    lat = forms.DecimalField(label="纬度（可空）", required=False, min_value=-90, max_value=90, decimal_places=6)
    lng = forms.DecimalField(label="经度（可空）", required=False, min_value=-180, max_value=180, decimal_places=6)


class ConfirmForm(StyledForm):
    rating = forms.TypedChoiceField(label="老人评价", coerce=int,
                                    choices=[("", "请选择"), (5, "5 非常满意"), (4, "4 满意"), (3, "3 一般"),
                                             (2, "2 不满意"), (1, "1 很不满意")])
    feedback = forms.CharField(label="评价意见", max_length=200, required=False)


class CancelForm(StyledForm):
    reason = forms.CharField(label="取消原因", max_length=200)


class SettleForm(StyledForm):
    month = forms.CharField(label="结算月份（YYYY-MM）", max_length=7, widget=forms.TextInput(attrs={"type": "month"}))


class MealPointForm(ChoicesForm):
    name = forms.CharField(label="助餐点名称", max_length=100)
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    provider_id = forms.TypedChoiceField(label="运营服务组织", coerce=int, choices=[], required=False,
                                         empty_value=None)
    seats = _count("就餐座位", 10000, initial=0)
    meal_price = _money("餐标（元/餐）")


class MealRecordForm(StyledForm):
    served_on = _date("日期")
    meals = _count("供餐数", 100000)
    elderly_meals = _count("其中老年人用餐", 100000)
    delivered = _count("其中送餐上门", 100000, initial=0)


class DayCenterForm(ChoicesForm):
    name = forms.CharField(label="中心名称", max_length=100)
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    provider_id = forms.TypedChoiceField(label="运营服务组织", coerce=int, choices=[], required=False,
                                         empty_value=None)
    services = forms.CharField(label="服务内容（如 助餐、午休、康复、文娱）", max_length=300)
    places = _count("日托床位/位数", 10000, initial=0)


class AttendanceForm(StyledForm):
    id_number = _id_number()
    on = _date("日期")
    services = forms.CharField(label="接受服务", max_length=200, required=False)


class BedForm(ChoicesForm):
    id_number = _id_number()
    provider_id = forms.TypedChoiceField(label="服务组织", coerce=int, choices=[])
    agreement_no = forms.CharField(label="服务协议编号", max_length=40)
    agreement_from = _date("协议起始日期")
    agreement_to = _date("协议终止日期", required=False)
    address = forms.CharField(label="床位地址", max_length=200)
    required_visits = forms.IntegerField(label="每月应服务次数（留空按能力等级）", min_value=1, max_value=62,
                                         required=False)


class DeviceForm(ChoicesForm):
    serial = forms.CharField(label="设备编号", max_length=40)
    kind = forms.ChoiceField(label="设备类型", choices=_choices(codes.DEVICE_KINDS))
    id_number = forms.CharField(label="老人身份证号（设备装在家庭养老床位时可空）", max_length=18, required=False)
    bed_id = forms.TypedChoiceField(label="家庭养老床位", coerce=int, choices=[], required=False, empty_value=None)
    provider_id = forms.TypedChoiceField(label="响应服务组织", coerce=int, choices=[], required=False,
                                         empty_value=None)


class AlarmCloseForm(StyledForm):
    outcome = forms.ChoiceField(label="处置结果", choices=_choices(codes.ALARM_OUTCOMES))
    action_taken = forms.CharField(label="处置情况", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class NoFieldsForm(StyledForm):
    """A step with nothing to type (响应告警)."""
