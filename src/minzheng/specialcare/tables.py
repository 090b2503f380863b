"""Tables of the special-care pages."""

from __future__ import annotations

from minzheng.core.pages.columns import CodeColumn, DateColumn, LinkColumn, PageTable, RegionColumn, TextColumn
from minzheng.specialcare import codes


class EntitledTable(PageTable):
    name = LinkColumn("姓名", "specialcare_detail", url_args=("pk",), accessor="person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别")
    nature = CodeColumn(codes.NATURES, "残疾性质")
    grade = CodeColumn(codes.GRADES, "残疾等级")
    region_code = RegionColumn("区划")
    certificate_no = TextColumn("证件编号")
    id_verified_on = DateColumn("身份核验")
    registered_on = DateColumn("登记日期")
    status = CodeColumn(codes.STATUS, "状态")


class CertificationTable(PageTable):
    name = TextColumn("姓名", accessor="entitled__person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别", accessor="entitled__category")
    year = TextColumn("年度")
    certified_on = DateColumn("确认日期")
    method = CodeColumn(codes.CERTIFICATION_METHODS, "方式")
    region_code = RegionColumn("区划")


class ResidentTable(PageTable):
    name = TextColumn("姓名", accessor="entitled__person__name")
    category = CodeColumn(codes.CATEGORIES, "优抚类别", accessor="entitled__category")
    home = TextColumn("光荣院")
    room = TextColumn("房间")
    admitted_on = DateColumn("入院日期")
    left_on = DateColumn("离院日期")
    region_code = RegionColumn("区划")
