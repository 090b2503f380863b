"""Forms of the 特困 care pages. They only shape what a person types; the services validate it again
(assistance.schemas) and their Chinese errors land on these fields."""

from __future__ import annotations

from django import forms

from minzheng.assistance import codes
from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"}


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages=DATE_ERRORS)


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


class YesNo(forms.RadioSelect):
    template_name = "assistance/widgets/yes_no.html"
    option_template_name = "registry/widgets/radio_option.html"


def _item(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=[("1", "能够达到"), ("0", "不能达到")],
                                  coerce=lambda v: v == "1", widget=YesNo,
                                  error_messages={"required": f"请选择“{label}”能否达到"})


class AssessmentForm(StyledForm):
    assessed_on = _date("评估日期（缺省为今天）", required=False)
    eating = _item(codes.SELF_CARE_ITEMS["eating"])
    dressing = _item(codes.SELF_CARE_ITEMS["dressing"])
    transfer = _item(codes.SELF_CARE_ITEMS["transfer"])
    toileting = _item(codes.SELF_CARE_ITEMS["toileting"])
    walking = _item(codes.SELF_CARE_ITEMS["walking"])
    bathing = _item(codes.SELF_CARE_ITEMS["bathing"])
    note = forms.CharField(label="说明（评估方式、在场人员等）", required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def style_fields(self) -> None:
        super().style_fields()
        for key in codes.SELF_CARE_ITEMS:
            self.fields[key].widget.attrs["class"] = "form-check-input"


class AgreementForm(StyledForm):
    carer_name = forms.CharField(label="照料人姓名", max_length=50)
    carer_relation = forms.CharField(label="与特困人员关系（如 侄子、邻居）", max_length=20)
    carer_phone = forms.CharField(label="照料人电话", max_length=20, required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "tel"}))
    duties = forms.CharField(label="照料服务内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    monthly_fee = forms.DecimalField(label="照料服务费（元/月）", min_value=0, max_digits=10, decimal_places=2,
                                     error_messages={"invalid": "应为金额，例如 300.00",
                                                     "max_decimal_places": "最多两位小数（到分）"})
    visit_frequency = forms.ChoiceField(label="探访频次", choices=_choices(codes.VISIT_FREQUENCIES))
    start_on = _date("协议起始日期")
    end_on = _date("协议终止日期", required=False)
    signed_on = _date("签订日期")


class EndForm(StyledForm):
    on = _date("终止日期")
    reason = forms.CharField(label="终止原因", max_length=200)


class LeaveForm(StyledForm):
    on = _date("离开日期")
    reason = forms.CharField(label="离开原因（如 回家分散供养、死亡、转院）", max_length=200)


class InstitutionForm(StyledForm):
    name = forms.CharField(label="机构名称", max_length=100)
    kind = forms.ChoiceField(label="机构类型", choices=_choices(codes.INSTITUTION_KINDS))
    region_code = RegionField(label="所在区划", error_messages={"required": "请选择所在区划"})
    beds = forms.IntegerField(label="床位数", min_value=0, max_value=100000)
    operator = forms.CharField(label="运营方", max_length=100, required=False)
    bank_name = forms.CharField(label="开户行", max_length=100)
    account = forms.CharField(label="银行账号（供养金支付到该账户）", max_length=40,
                              widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class PlacementForm(StyledForm):
    institution_id = forms.TypedChoiceField(label="供养服务机构", coerce=int, choices=[])
    from_on = _date("入住日期")
    room = forms.CharField(label="房间/床位", max_length=40, required=False)
    reason = forms.CharField(label="入住原因（如 完全丧失生活自理能力、本人申请）", max_length=200)

    def set_institutions(self, choices: list[tuple[int, str]]) -> None:
        self.fields["institution_id"].choices = [("", "请选择"), *choices]


# ---- 临时救助备用金 ------------------------------------------------------------------------------------------------


class TopUpForm(StyledForm):
    region_code = RegionField(label="乡镇(街道)", error_messages={"required": "请选择乡镇(街道)"})
    amount = forms.DecimalField(label="金额（元）", max_digits=12, decimal_places=2, min_value=0)
    on = _date("拨付日期")
    note = forms.CharField(label="说明（如 文号）", max_length=200, required=False)


class AdvanceForm(StyledForm):
    case_id = forms.IntegerField(label="临时救助案件编号（急难型）", min_value=1, max_value=2**63 - 1)
    amount = forms.DecimalField(label="先行救助金额（元）", max_digits=12, decimal_places=2, min_value=0)
    on = _date("支付日期")
    note = forms.CharField(label="说明（领取人、方式，如 现金，户主签收）", max_length=200)


class ReimburseForm(StyledForm):
    case_id = forms.IntegerField(label="临时救助案件编号", min_value=1, max_value=2**63 - 1)
    note = forms.CharField(label="说明", max_length=200, required=False)
