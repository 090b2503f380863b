"""Forms of the marriage registry's pages: they only shape what a person types; the services validate it again
(marriage.schemas) and their Chinese errors land on these fields (`party_a.birth_date` → `a_birth_date`)."""

from __future__ import annotations

from django import forms

from minzheng.core import documents
from minzheng.core.forms import StyledForm
from minzheng.marriage import codes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "日期格式不正确，应为 YYYY-MM-DD", "required": "请填写日期"}
SEX = [("", "请选择"), ("M", "男"), ("F", "女")]


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"],
                           error_messages=DATE_ERRORS)


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


class RegistryField(forms.ChoiceField):
    """The registries in the user's region (filled in when the page binds the user)."""

    def __init__(self, **kwargs):
        super().__init__(choices=[], **kwargs)

    def bind_user(self, user) -> None:
        from minzheng.marriage import selectors

        self.choices = [("", "请选择"), *selectors.registry_choices(user)]


class RegistrationForm(StyledForm):
    type = forms.ChoiceField(label="登记类型", choices=_choices(codes.REQUEST_KINDS))
    registry = RegistryField(label="婚姻登记机关")
    date = _date("登记（受理）日期（缺省为今天）", required=False)
    a_name = forms.CharField(label="甲方姓名", max_length=50)
    a_sex = forms.ChoiceField(label="甲方性别", choices=SEX)
    a_document_type = forms.ChoiceField(label="甲方证件类型", choices=list(documents.TYPES.items()),
                                        initial=documents.ID_CARD, required=False)
    a_id_number = forms.CharField(label="甲方证件号码", max_length=30)
    a_nationality = forms.CharField(label="甲方国籍（持护照、外国人永久居留身份证的填三字母代码，如 USA）",
                                     max_length=3, required=False)
    a_birth_date = _date("甲方出生日期")
    a_voluntary = forms.BooleanField(label="甲方本人完全自愿", required=False, initial=True)
    a_phone = forms.CharField(label="甲方手机号（离婚登记申请：冷静期提醒短信）", max_length=20, required=False)
    b_name = forms.CharField(label="乙方姓名", max_length=50)
    b_sex = forms.ChoiceField(label="乙方性别", choices=SEX)
    b_document_type = forms.ChoiceField(label="乙方证件类型", choices=list(documents.TYPES.items()),
                                        initial=documents.ID_CARD, required=False)
    b_id_number = forms.CharField(label="乙方证件号码", max_length=30)
    b_nationality = forms.CharField(label="乙方国籍（持护照、外国人永久居留身份证的填三字母代码，如 USA）",
                                     max_length=3, required=False)
    b_birth_date = _date("乙方出生日期")
    b_voluntary = forms.BooleanField(label="乙方本人完全自愿", required=False, initial=True)
    b_phone = forms.CharField(label="乙方手机号（离婚登记申请：冷静期提醒短信）", max_length=20, required=False)
    declaration_signed = forms.BooleanField(label="双方已签署无配偶、无禁止结婚亲属关系的声明（结婚登记）",
                                            required=False, initial=True)
    marriage_certificate_no = forms.CharField(label="结婚证字号（离婚登记申请）", max_length=40, required=False)
    counselling = forms.BooleanField(label="双方同意转介婚姻家庭辅导（离婚登记申请）", required=False)

    @staticmethod
    def to_request(data: dict) -> dict:
        def party(p):
            return {"name": data[f"{p}_name"], "sex": data[f"{p}_sex"], "id_number": data[f"{p}_id_number"],
                    "document_type": data.get(f"{p}_document_type") or documents.ID_CARD,
                    "nationality": data.get(f"{p}_nationality", ""),
                    "birth_date": data[f"{p}_birth_date"], "voluntary": data[f"{p}_voluntary"],
                    "phone": data.get(f"{p}_phone", "")}

        return {"type": data["type"], "registry": data["registry"], "date": data.get("date"),
                "party_a": party("a"), "party_b": party("b"), "declaration_signed": data["declaration_signed"],
                "marriage_certificate_no": data.get("marriage_certificate_no", ""),
                "counselling": data.get("counselling", False)}


class RevokeForm(StyledForm):
    basis = forms.ChoiceField(label="撤销依据", choices=_choices(codes.REVOCATION_BASIS))
    decision = forms.CharField(label="判决书或决定书文号", max_length=100)
    reason = forms.CharField(label="撤销理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    date = _date("撤销日期（缺省为今天）", required=False)


class WithdrawForm(StyledForm):
    party = forms.ChoiceField(label="撤回方", choices=_choices(codes.PARTIES))
    date = _date("撤回日期（缺省为今天）", required=False)


class AppearForm(StyledForm):
    date = _date("到场日期（缺省为今天）", required=False)
    both_present = forms.BooleanField(label="双方亲自到场", required=False, initial=True)


class AppointmentForm(StyledForm):
    registry = RegistryField(label="婚姻登记机关")
    day = _date("预约日期")
    slot = forms.ChoiceField(label="时段", choices=_choices(codes.SLOTS))
    kind = forms.ChoiceField(label="业务", choices=_choices(codes.KINDS))
    name_a = forms.CharField(label="甲方姓名", max_length=50)
    name_b = forms.CharField(label="乙方姓名", max_length=50, required=False)


class SessionForm(StyledForm):
    held_on = _date("辅导日期")
    counsellor = forms.CharField(label="辅导员", max_length=50)
    minutes = forms.IntegerField(label="时长（分钟）", min_value=1, max_value=600)
    both_present = forms.BooleanField(label="双方到场", required=False, initial=True)
    note = forms.CharField(label="记录", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseCounsellingForm(StyledForm):
    outcome = forms.ChoiceField(label="辅导结果", choices=_choices(codes.COUNSELLING_OUTCOMES))
    date = _date("结束日期（缺省为今天）", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)


class StatsForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, required=False)
