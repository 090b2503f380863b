"""Forms of the funeral pages: flat fields a clerk fills in; views turn them into the services' input."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.funeral import codes


def _choices(table: dict) -> list[tuple[str, str]]:
    return list(table.items())


class DeathForm(StyledForm):
    id_number = forms.CharField(label="逝者身份证号", max_length=18)
    death_date = forms.DateField(label="死亡日期", widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(label="死亡信息来源", choices=_choices(codes.DEATH_SOURCES))
    certificate_no = forms.CharField(label="死亡证明编号", max_length=40, required=False,
                                     help_text="家属申报未带死亡证明时留空：各项待遇先暂停发放，补交证明后停发")
    place = forms.CharField(label="死亡地点", max_length=100, required=False)
    informant_id_number = forms.CharField(label="申报家属身份证号（同户）", max_length=18, required=False,
                                          help_text="丧葬补助、异地火化报销、生态安葬奖补的领取人")
    informant_relation = forms.CharField(label="与逝者关系", max_length=20, required=False)
    bank_account = forms.CharField(label="领取丧葬补助的银行账号", max_length=40, required=False,
                                   help_text="申报家属的账号；待补死亡证明的，随登记加密留存，办结时按此发放")
    bank_name = forms.CharField(label="开户行", max_length=100, required=False)
    disposal = forms.ChoiceField(label="遗体处理方式", choices=_choices(codes.DISPOSALS))
    funeral_home = forms.TypedChoiceField(label="火化殡仪馆", coerce=int, required=False, empty_value=None)
    outside_region = forms.CharField(label="异地火化地（区划代码）", max_length=12, required=False)
    cremated_on = forms.DateField(label="火化日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    storage_days = forms.IntegerField(label="暂存天数", min_value=0, max_value=365, required=False)
    ash_storage_months = forms.IntegerField(label="骨灰寄存月数", min_value=0, max_value=1200, required=False)
    transport_km = forms.IntegerField(label="接运公里数", min_value=0, max_value=2000, required=False)

    def __init__(self, *args, homes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funeral_home"].choices = [("", "（未火化或异地火化）")] + [(h.pk, h.name) for h in homes]


class CertificateForm(StyledForm):
    certificate_no = forms.CharField(label="死亡证明编号", max_length=40)
    source = forms.ChoiceField(label="证明出具机关",
                               choices=[(k, codes.DEATH_SOURCES[k]) for k in ("hospital", "police")])
    bank_account = forms.CharField(label="领取丧葬补助的银行账号", max_length=40, required=False)
    bank_name = forms.CharField(label="开户行", max_length=100, required=False)

    def __init__(self, *args, kept: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Only the masked form of the family's account is shown; a new one replaces it.
        self.fields["bank_account"].widget.attrs.update(
            placeholder=f"留空按留存账号 {kept} 发放" if kept else "家属未留存账号，请填写", autocomplete="off")


class BookingForm(StyledForm):
    slot = forms.TypedChoiceField(label="祭扫时段", coerce=int)
    visitor_name = forms.CharField(label="预约人", max_length=50)
    party_size = forms.IntegerField(label="人数", min_value=1, max_value=10, initial=1)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.pk, (f"{s.cemetery.name} {s.day} {s.starts_text}-{s.ends_text}"
                                                f"（余 {max(s.capacity - s.booked, 0)} 人）")) for s in slots]


class SlotForm(StyledForm):
    cemetery = forms.TypedChoiceField(label="公墓", coerce=int)
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.CharField(label="开始时间", max_length=5, initial="08:00")
    ends = forms.CharField(label="结束时间", max_length=5, initial="10:00")
    capacity = forms.IntegerField(label="可预约人数", min_value=1, max_value=100000)

    def __init__(self, *args, cemeteries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cemetery"].choices = [(c.pk, c.name) for c in cemeteries]


class CemeteryForm(StyledForm):
    name = forms.CharField(label="公墓名称", max_length=100)
    region_code = forms.CharField(label="所在区划代码", max_length=12)
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.CEMETERY_KINDS))
    address = forms.CharField(label="地址", max_length=200, required=False)
    operator = forms.CharField(label="经营管理单位", max_length=100, required=False)


class EcoForm(StyledForm):
    kind = forms.ChoiceField(label="安葬方式", choices=_choices(codes.ECO_KINDS))
    buried_on = forms.DateField(label="安葬日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="安葬地点", max_length=100, required=False)


class SettleForm(StyledForm):
    month = forms.CharField(label="结算月份（YYYY-MM）", max_length=7)
