"""Tables of the place-name pages (typed columns: names and labels, exports as people read them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html

from minzheng.core.pages.columns import (
    CodeColumn,
    DateColumn,
    LinkColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    permitted_url,
)
from minzheng.placenames import codes


class ActionColumn(TextColumn):
    """A fixed link text to a row's page (更正, 编制门牌): not exported."""

    def __init__(self, text: str, url_name: str, **kwargs):
        super().__init__("", accessor="pk", orderable=False, exclude_from_export=True, **kwargs)
        self.text, self.url_name = text, url_name

    def display(self, raw, record, table):
        url = permitted_url(self.url_name, [record.pk])
        return format_html('<a href="{}">{}</a>', url, self.text) if url else ""


class PlateColumn(TextColumn):
    """The doorplate of an address, or a link to issue one."""

    def display(self, raw, record, table):
        plate = getattr(record, "doorplate", None) if hasattr(record, "doorplate") else None
        if plate is not None:
            return format_html('<a href="{}">门牌</a>', reverse("placenames_doorplate_label", args=[plate.pk]))
        if record.state != "active":
            return "—"
        url = permitted_url("placenames_doorplate_create", [record.pk])
        return format_html('<a href="{}">编制门牌</a>', url) if url else "—"


class RectifyColumn(TextColumn):
    """A link to record the rectification of a finding not yet rectified."""

    def display(self, raw, record, table):
        if record.rectified_on is not None:
            return "已整改"
        url = permitted_url("placenames_finding_rectify", [record.pk])
        return format_html('<a href="{}">登记整改</a>', url) if url else "未整改"


class PlaceNameTable(PageTable):
    name = LinkColumn("标准名称", "placenames_detail", url_args=("pk",))
    pinyin = TextColumn("汉语拼音")
    initials = TextColumn("首字母")
    category = TextColumn("类别", accessor="category__name")
    region = RegionColumn("所在区划", accessor="region_id")
    status = CodeColumn(codes.STATUS, "状态")
    cleanup_task = TextColumn("清理整治任务")


class ApplicationTable(PageTable):
    proposed_name = LinkColumn("拟用名称", "placenames_application", url_args=("pk",))
    kind = CodeColumn(codes.APPLICATION_KINDS, "类型")
    region = RegionColumn("所在区划", accessor="region_id")
    applicant = TextColumn("申请人")
    state = CodeColumn(codes.APPLICATION_STATES, "状态")
    consultation_end = DateColumn("公示截止")
    certificate_no = TextColumn("证书编号")


class AddressTable(PageTable):
    full_text = LinkColumn("标准地址", "placenames_address_edit", url_args=("pk",))
    region = RegionColumn("所在村(社区)", accessor="region_id")
    place = TextColumn("道路街巷或小区", accessor="place__name")
    state = CodeColumn(codes.ADDRESS_STATES, "状态")
    plate = PlateColumn("门牌", accessor="pk", orderable=False, exclude_from_export=True)


class DoorplateTable(PageTable):
    address = LinkColumn("标准地址", "placenames_doorplate_label", url_args=("pk",), accessor="address__full_text")
    region = RegionColumn("所在村(社区)", accessor="region_id")
    kind = CodeColumn(codes.DOORPLATE_KINDS, "类型")
    installed_on = DateColumn("安装日期")
    condition = CodeColumn(codes.CONDITIONS, "状况")
    edit = ActionColumn("更正", "placenames_doorplate_edit")


class LineTable(PageTable):
    name = LinkColumn("界线名称", "placenames_line", url_args=("pk",))
    level = CodeColumn(codes.BOUNDARY_LEVELS, "界线级别")
    left = RegionColumn("一侧", accessor="left_region_id")
    right = RegionColumn("另一侧", accessor="right_region_id")
    length_km = TextColumn("长度（千米）")
    agreement = TextColumn("界线协议书")


class MarkerPhotoColumn(TextColumn):
    """A marker's photo: 查看 (opens it) and 更换, or 上传 where there is none; exports 有/无."""

    def __init__(self, verbose_name: str, **kwargs):
        super().__init__(verbose_name, accessor="photo_id", orderable=False, **kwargs)

    def render(self, record, bound_column, table):
        upload = permitted_url("placenames_marker_photo_upload", [record.pk])
        if record.photo_id is None:
            return format_html('<a href="{}">上传</a>', upload) if upload else "无"
        view = format_html('<a href="{}" target="_blank" rel="noopener">查看</a>',
                           reverse("placenames_marker_photo", args=[record.pk]))
        return format_html('{} · <a href="{}">更换</a>', view, upload) if upload else view

    def value(self, record, bound_column, table):
        return "有" if record.photo_id is not None else "无"


class PhotoThumbColumn(TextColumn):
    """A place-name photo as a small thumbnail linking to the full photo (served decrypted, inline)."""

    def __init__(self, verbose_name: str, **kwargs):
        super().__init__(verbose_name, accessor="pk", orderable=False, exclude_from_export=True, **kwargs)

    def display(self, raw, record, table):
        url = reverse("placenames_photo", args=[record.place_id, record.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" loading="lazy" '
                           'class="border rounded" style="max-width:160px;max-height:120px"></a>',
                           url, url, record.caption or "地名照片")


class PlaceNamePhotoTable(PageTable):
    thumb = PhotoThumbColumn("照片")
    caption = TextColumn("说明", wrap=True)
    name = TextColumn("文件名", accessor="file__name")


class MarkerTable(PageTable):
    number = TextColumn("界桩编号")
    line = TextColumn("界线", accessor="line__name")
    kind = CodeColumn(codes.MARKER_KINDS, "类型")
    lon = TextColumn("经度")
    lat = TextColumn("纬度")
    condition = CodeColumn(codes.CONDITIONS, "状况")
    photo = MarkerPhotoColumn("照片")


class SegmentTable(PageTable):
    seq = TextColumn("段号")
    description = TextColumn("走向说明")


class DisputeTable(PageTable):
    title = LinkColumn("争议事项", "placenames_dispute", url_args=("pk",))
    line = TextColumn("界线", accessor="line__name")
    parties = TextColumn("争议各方")
    opened_on = DateColumn("发生日期")
    state = CodeColumn(codes.DISPUTE_STATES, "状态")


class ProposalTable(PageTable):
    title = LinkColumn("方案名称", "placenames_proposal", url_args=("pk",))
    kind = CodeColumn(codes.PROPOSAL_KINDS, "调整类型")
    region = RegionColumn("涉及区划", accessor="region_id")
    state = CodeColumn(codes.PROPOSAL_STATES, "状态")
    submitted_on = DateColumn("上报日期")
    approved_on = DateColumn("批准日期")


class InspectionTable(PageTable):
    name = LinkColumn("联检名称", "placenames_inspection", url_args=("pk",))
    round_no = TextColumn("轮次")
    region = RegionColumn("组织区划", accessor="region_id")
    started_on = DateColumn("开始日期")
    finished_on = DateColumn("结束日期")


class FindingTable(PageTable):
    line = TextColumn("界线", accessor="line__name")
    marker = TextColumn("界桩", accessor="marker__number", default="—")
    kind = CodeColumn(codes.FINDING_KINDS, "问题类型")
    description = TextColumn("情况", wrap=True)
    rectification = TextColumn("整改措施", wrap=True)
    rectified_on = DateColumn("整改完成")
    act = RectifyColumn("", accessor="pk", orderable=False, exclude_from_export=True)


class MediationTable(PageTable):
    on = TextColumn("调处日期")
    by = TextColumn("调处人")
    record = TextColumn("调处记录", wrap=True)


class OutlineTable(PageTable):
    region = RegionColumn("区划", accessor="region_id")
    code = TextColumn("区划代码", accessor="region_id")
    state = CodeColumn(codes.GEOMETRY_STATES, "状态")
    source = TextColumn("来源")
    updated_at = DateColumn("更新时间")
