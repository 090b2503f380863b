"""Forms of the place-name pages. They only shape what a person types; the services validate it again
(placenames.schemas) and their Chinese errors land on these fields."""

from __future__ import annotations

import json

from django import forms

from minzheng.core.forms import StyledForm
from minzheng.core.pages.region_picker import RegionField
from minzheng.placenames import codes


def _choices(table: dict, blank: str = "请选择") -> list[tuple]:
    return [("", blank), *table.items()]


class PlaceNameForm(StyledForm):
    name = forms.CharField(label="标准名称", max_length=100)
    region_code = forms.CharField(label="所在区划代码（12位）", max_length=12)
    category = forms.CharField(label="类别代码（GB/T 18521，4位）", max_length=4, required=False)
    status = forms.ChoiceField(label="状态", choices=list(codes.STATUS.items()))
    meaning = forms.CharField(label="含义", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    history_notes = forms.CharField(label="历史沿革和文化内涵", required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(StyledForm):
    index = forms.IntegerField(label="第几个字（从0起）", min_value=0, max_value=99)
    syllable = forms.CharField(label="正确读音（如 cháo）", max_length=8)


class ApplicationForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.APPLICATION_KINDS))
    place_id = forms.IntegerField(label="更名的地名编号（更名时填写）", required=False, min_value=1)
    proposed_name = forms.CharField(label="拟用名称", max_length=100)
    region_code = forms.CharField(label="所在区划代码（命名时填写）", max_length=12, required=False)
    category = forms.CharField(label="类别代码", max_length=4, required=False)
    applicant = forms.CharField(label="申请人", max_length=100)
    reason = forms.CharField(label="理由（含义、来源）", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.MultipleChoiceField(label="已收材料", choices=list(codes.MATERIALS.items()), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    approval_level = forms.ChoiceField(label="批准层级", choices=_choices(codes.APPROVAL_LEVELS))
    consultation_days = forms.IntegerField(label="公示天数", min_value=1, max_value=365, initial=30)


class ExpertForm(StyledForm):
    expert_opinion = forms.CharField(label="专家论证意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(StyledForm):
    approve = forms.TypedChoiceField(label="审批结果", choices=[("1", "批准"), ("0", "不予批准")],
                                     coerce=lambda v: v == "1")
    decision_document = forms.CharField(label="批准文号", max_length=100, required=False)
    consultation_result = forms.CharField(label="公示意见", max_length=2000, required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))


class ArtefactForm(StyledForm):
    artefact = forms.ChoiceField(label="材料或工作", choices=_choices({**codes.ARTEFACTS, **codes.AFTER_STEPS}))
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}),
                              input_formats=["%Y-%m-%d"])
    note = forms.CharField(label="结论或说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class ProposalForm(StyledForm):
    title = forms.CharField(label="方案名称", max_length=200)
    kind = forms.ChoiceField(label="调整类型", choices=_choices(codes.PROPOSAL_KINDS))
    region_code = forms.CharField(label="涉及区划代码", max_length=12)
    summary = forms.CharField(label="方案内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


# ---- entry forms: addresses and doorplates, boundaries, region outlines ---------------------------------------------


class GeoJSONField(forms.CharField):
    """GeoJSON typed or pasted as text: parsed here (a Chinese error when it is not JSON); the service validates the
    geometry itself."""

    widget = forms.Textarea(attrs={"rows": 4, "placeholder": '{"type": "LineString", "coordinates": [[122.1, 30.0], '
                                                             '[122.1, 30.1]]}'})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError("不是有效的 GeoJSON（JSON 格式不正确）") from None


class AddressForm(StyledForm):
    region_code = RegionField(label="所在村(社区)")
    place_id = forms.TypedChoiceField(label="道路街巷或小区（地名）", coerce=int, choices=[])
    number = forms.CharField(label="门牌号", max_length=20, required=False)
    building = forms.CharField(label="楼栋", max_length=20, required=False)
    unit = forms.CharField(label="单元", max_length=20, required=False)
    room = forms.CharField(label="户室", max_length=20, required=False)


class AddressCorrectForm(StyledForm):
    number = forms.CharField(label="门牌号", max_length=20, required=False)
    building = forms.CharField(label="楼栋", max_length=20, required=False)
    unit = forms.CharField(label="单元", max_length=20, required=False)
    room = forms.CharField(label="户室", max_length=20, required=False)
    state = forms.ChoiceField(label="状态", choices=list(codes.ADDRESS_STATES.items()))
    lon = forms.CharField(label="经度", max_length=12, required=False)
    lat = forms.CharField(label="纬度", max_length=12, required=False)


class DoorplateForm(StyledForm):
    kind = forms.ChoiceField(label="类型", choices=list(codes.DOORPLATE_KINDS.items()))
    installed_on = forms.DateField(label="安装日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                   input_formats=["%Y-%m-%d"])


class DoorplateCorrectForm(DoorplateForm):
    condition = forms.ChoiceField(label="状况", choices=list(codes.CONDITIONS.items()))


class LineForm(StyledForm):
    name = forms.CharField(label="界线名称", max_length=100)
    level = forms.ChoiceField(label="界线级别", choices=_choices(codes.BOUNDARY_LEVELS))
    left_region = RegionField(label="一侧区划")
    right_region = RegionField(label="另一侧区划")
    agreement = forms.CharField(label="界线协议书", max_length=200, required=False)
    length_km = forms.CharField(label="长度（千米）", max_length=12, required=False)
    geometry = GeoJSONField(label="走向（GeoJSON，可空）", required=False)


class MarkerForm(StyledForm):
    number = forms.CharField(label="界桩编号", max_length=30)
    kind = forms.ChoiceField(label="类型", choices=_choices(codes.MARKER_KINDS))
    lon = forms.CharField(label="经度（如 122.106000）", max_length=12)
    lat = forms.CharField(label="纬度（如 30.018000）", max_length=12)
    condition = forms.ChoiceField(label="状况", choices=list(codes.CONDITIONS.items()))


class InspectionForm(StyledForm):
    name = forms.CharField(label="联检名称", max_length=100)
    round_no = forms.IntegerField(label="轮次", min_value=1, max_value=99)
    started_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}),
                                 input_formats=["%Y-%m-%d"])


class FindingForm(StyledForm):
    line_id = forms.TypedChoiceField(label="界线", coerce=int, choices=[])
    marker_id = forms.TypedChoiceField(label="界桩（界桩问题必选）", coerce=int, choices=[], required=False,
                                       empty_value=None)
    kind = forms.ChoiceField(label="问题类型", choices=_choices(codes.FINDING_KINDS))
    description = forms.CharField(label="情况", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    rectification = forms.CharField(label="整改措施（已整改时填写）", max_length=500, required=False)
    rectified_on = forms.DateField(label="整改完成日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                   input_formats=["%Y-%m-%d"])


class RectifyForm(StyledForm):
    rectification = forms.CharField(label="整改措施", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    rectified_on = forms.DateField(label="整改完成日期", widget=forms.DateInput(attrs={"type": "date"}),
                                   input_formats=["%Y-%m-%d"])


class FinishForm(StyledForm):
    finished_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}),
                                  input_formats=["%Y-%m-%d"])


class DisputeForm(StyledForm):
    line_id = forms.TypedChoiceField(label="界线", coerce=int, choices=[])
    title = forms.CharField(label="争议事项", max_length=200)
    parties = forms.CharField(label="争议各方", max_length=300)
    opened_on = forms.DateField(label="发生日期", widget=forms.DateInput(attrs={"type": "date"}),
                                input_formats=["%Y-%m-%d"])


class MediationForm(StyledForm):
    on = forms.DateField(label="调处日期", widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"])
    by = forms.CharField(label="调处人", max_length=100)
    record = forms.CharField(label="调处记录", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    state = forms.ChoiceField(label="调处后状态", choices=list(codes.DISPUTE_STATES.items()))


class OutlineForm(StyledForm):
    region_code = RegionField(label="区划")
    geometry = GeoJSONField(label="界域（GeoJSON Polygon 或 MultiPolygon）")
    source = forms.CharField(label="来源（如 第二次全国地名普查成果）", max_length=200, required=False)


class _PhotoInput(forms.FileInput):
    """A file input that opens the camera on a phone (the back one) and offers only images elsewhere."""

    def __init__(self):
        super().__init__(attrs={"accept": "image/*", "capture": "environment"})


# Not required here: the service says "请选择照片" (one message for the page and any other caller).
PHOTO_LABEL = "照片（JPEG、PNG 或 WebP，不超过 10 MB；手机上可直接拍照）"


class PlacePhotoForm(StyledForm):
    photo = forms.FileField(label=PHOTO_LABEL, widget=_PhotoInput(), required=False)
    caption = forms.CharField(label="说明（拍摄位置、朝向等）", max_length=200, required=False)


class MarkerPhotoForm(StyledForm):
    photo = forms.FileField(label=PHOTO_LABEL, widget=_PhotoInput(), required=False)
