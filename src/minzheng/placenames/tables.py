"""Tables of the place-name pages (typed columns: names and labels, exports as people read them)."""

from __future__ import annotations

from minzheng.core.pages.columns import CodeColumn, DateColumn, LinkColumn, PageTable, RegionColumn, TextColumn
from minzheng.placenames import codes


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
    full_text = TextColumn("标准地址")
    region = RegionColumn("所在村(社区)", accessor="region_id")
    place = TextColumn("道路街巷或小区", accessor="place__name")
    state = CodeColumn(codes.ADDRESS_STATES, "状态")


class DoorplateTable(PageTable):
    address = LinkColumn("标准地址", "placenames_doorplate_label", url_args=("pk",), accessor="address__full_text")
    region = RegionColumn("所在村(社区)", accessor="region_id")
    kind = CodeColumn(codes.DOORPLATE_KINDS, "类型")
    installed_on = DateColumn("安装日期")
    condition = CodeColumn(codes.CONDITIONS, "状况")


class LineTable(PageTable):
    name = LinkColumn("界线名称", "placenames_line", url_args=("pk",))
    level = CodeColumn(codes.BOUNDARY_LEVELS, "界线级别")
    left = RegionColumn("一侧", accessor="left_region_id")
    right = RegionColumn("另一侧", accessor="right_region_id")
    length_km = TextColumn("长度（千米）")
    agreement = TextColumn("界线协议书")


class MarkerTable(PageTable):
    number = TextColumn("界桩编号")
    line = TextColumn("界线", accessor="line__name")
    kind = CodeColumn(codes.MARKER_KINDS, "类型")
    lon = TextColumn("经度")
    lat = TextColumn("纬度")
    condition = CodeColumn(codes.CONDITIONS, "状况")


class SegmentTable(PageTable):
    seq = TextColumn("段号")
    description = TextColumn("走向说明")


class DisputeTable(PageTable):
    title = TextColumn("争议事项")
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
