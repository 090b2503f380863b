"""Tables of the 养老服务 pages (typed columns: names and labels, masked numbers, money in yuan from integer fen,
exports as people read them)."""

from __future__ import annotations

from django.utils.html import format_html

from minzheng.assistance import codes as assistance_codes
from minzheng.core.pages.columns import (
    EMPTY,
    BooleanColumn,
    CodeColumn,
    CountColumn,
    DateColumn,
    DateTimeColumn,
    LinkColumn,
    MaskedColumn,
    MoneyColumn,
    MonthColumn,
    PageTable,
    RegionColumn,
    TextColumn,
    TypedColumn,
    permitted_url,
)
from minzheng.eldercare import codes, selectors

LEVELS = {str(k): v for k, v in codes.GRADE_LEVELS.items()}


class StepColumn(TypedColumn):
    """A link to the next step of a record (离院, 登记结果 …) while `when(record)` holds; not exported."""

    def __init__(self, verbose_name, url_name: str, label, when=lambda r: True, **kwargs):
        kwargs.setdefault("orderable", False)
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(verbose_name, accessor="pk", **kwargs)
        self.url_name, self.label, self.when = url_name, label, when

    def raw(self, record, bound_column):
        return record.pk if self.when(record) else None

    def display(self, raw, record, table):
        label = self.label(record) if callable(self.label) else self.label
        url = permitted_url(self.url_name, [raw])
        return format_html('<a href="{}">{}</a>', url, label) if url else EMPTY


class ListColumn(TypedColumn):
    """A list of codes as their labels (否决项)."""

    def __init__(self, choices, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)
        self.labels = choices

    def raw(self, record, bound_column):
        values = super().raw(record, bound_column) or []
        return "；".join(self.labels.get(v, v) for v in values)


class CreditColumn(TypedColumn):
    """The credit level from the row's inspection counts (selectors.credit_of → policy.oversight)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("orderable", False)
        super().__init__(*args, accessor="pk", **kwargs)

    def raw(self, record, bound_column):
        return codes.CREDIT_LEVELS[selectors.credit_of(record)]


class InstitutionTable(PageTable):
    name = LinkColumn("机构名称", "eldercare_institution", accessor="name")
    ownership = CodeColumn(codes.OWNERSHIP, "性质", accessor="eldercare_profile__ownership")
    kind = CodeColumn(assistance_codes.INSTITUTION_KINDS, "机构类型")
    region = RegionColumn("所在区划", accessor="region_code")
    beds = CountColumn("床位数")
    nursing = CountColumn("护理型", accessor="eldercare_profile__beds_nursing", orderable=False)
    dementia = CountColumn("认知症", accessor="eldercare_profile__beds_dementia", orderable=False)
    residents = CountColumn("在院老人")
    placements = CountColumn("特困集中供养", accessor="placements_open")
    level = CodeColumn(LEVELS, "等级")
    licence = CodeColumn(codes.LICENCE_KINDS, "登记方式", accessor="eldercare_profile__licence_kind", orderable=False)
    active = BooleanColumn("在用")


class CreditTable(PageTable):
    name = LinkColumn("机构名称", "eldercare_institution", accessor="name")
    region = RegionColumn("所在区划", accessor="region_code")
    level = CodeColumn(LEVELS, "等级")
    findings = CountColumn("近两年发现问题")
    overdue = CountColumn("逾期未整改")
    serious_overdue = CountColumn("其中严重问题")
    vetoes = CountColumn("否决项情形")
    credit = CreditColumn("信用等级")


class ResidentTable(PageTable):
    person = TextColumn("老人姓名", accessor="person__name")
    institution = LinkColumn("机构", "eldercare_institution", url_args=("institution_id",),
                             accessor="institution__name")
    home = RegionColumn("原居住地", accessor="home_region_code")
    bed_type = CodeColumn(codes.BED_TYPES, "床位类型")
    room = TextColumn("房间/床位号")
    payer = CodeColumn(codes.PAYERS, "费用来源")
    admitted_on = DateColumn("入住日期")
    discharged_on = DateColumn("离院日期")
    discharge = StepColumn("办理", "eldercare_resident_discharge", "办理离院", lambda r: r.open)


class InstitutionResidentTable(ResidentTable):
    class Meta:
        exclude = ("institution",)


class PlacementTable(PageTable):
    person = TextColumn("特困人员", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    from_on = DateColumn("入住日期")
    to_on = DateColumn("离开日期")
    room = TextColumn("房间/床位")


class WorkerTable(PageTable):
    name = TextColumn("姓名")
    employer = TextColumn("机构", accessor="institution__name", orderable=False)
    provider = TextColumn("服务组织", accessor="provider__name", orderable=False)
    region = RegionColumn("区划", accessor="region_code")
    role = CodeColumn(codes.STAFF_ROLES, "岗位")
    certificate = CodeColumn(codes.CERTIFICATES, "证书")
    certificate_no = TextColumn("证书编号")
    phone = MaskedColumn("联系电话", accessor="phone_masked")
    hired_on = DateColumn("入职日期")
    active = BooleanColumn("在职", orderable=False)


class GradingTable(PageTable):
    institution = LinkColumn("机构", "eldercare_institution", url_args=("institution_id",),
                             accessor="institution__name")
    assessed_on = DateColumn("评定日期")
    environment = TextColumn("环境")
    facilities = TextColumn("设施设备")
    management = TextColumn("运营管理")
    service = TextColumn("服务")
    total = TextColumn("总分")
    level = CodeColumn(LEVELS, "等级")
    vetoes = ListColumn(codes.VETOES, "否决项")
    assessors = TextColumn("评定人员")


class InstitutionGradingTable(GradingTable):
    class Meta:
        exclude = ("institution",)


class RoundTable(PageTable):
    title = LinkColumn("检查任务", "eldercare_round", accessor="title")
    drawn_on = DateColumn("抽取日期")
    pool_size = CountColumn("名录机构数")
    drawn = CountColumn("抽中机构数")
    team_size = CountColumn("每组人数")
    seed = TextColumn("随机种子")


class InspectionTable(PageTable):
    institution = LinkColumn("机构", "eldercare_institution", url_args=("institution_id",),
                             accessor="institution__name")
    round = TextColumn("检查任务", accessor="round__title")
    inspectors = TextColumn("检查人员", accessor="inspector_names")
    inspected_on = DateColumn("检查日期")
    result = CodeColumn(codes.INSPECTION_RESULTS, "检查结果")
    findings = TextColumn("发现问题", wrap=True)
    rectify_by = DateColumn("整改期限")
    rectified_on = DateColumn("整改完成")
    step = StepColumn("办理", "eldercare_inspection", lambda r: "登记结果" if not r.result else "登记整改",
                      lambda r: not r.result or (r.result != "pass" and r.rectified_on is None))


class ProviderTable(PageTable):
    name = LinkColumn("服务组织", "eldercare_provider", accessor="name")
    kind = CodeColumn(codes.PROVIDER_KINDS, "类型")
    region = RegionColumn("所在区划", accessor="region_code")
    contact_name = TextColumn("联系人")
    phone = MaskedColumn("联系电话", accessor="phone_masked")
    bank_name = TextColumn("开户行")
    account = MaskedColumn("银行账号", accessor="account_masked")
    active = BooleanColumn("在用")


class ItemTable(PageTable):
    provider = LinkColumn("服务组织", "eldercare_provider", url_args=("provider_id",), accessor="provider__name")
    name = TextColumn("服务项目")
    unit = CodeColumn(codes.ITEM_UNITS, "计价单位")
    price = MoneyColumn("单价（元）", accessor="price_fen", fen=True)
    active = BooleanColumn("在用")


class QuotaTable(PageTable):
    person = TextColumn("老人姓名", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    source = CodeColumn(codes.QUOTA_SOURCES, "额度来源")
    monthly = MoneyColumn("每月额度（元）", accessor="monthly_fen", fen=True)
    from_month = MonthColumn("起始月份")
    to_month = MonthColumn("终止月份")


class OrderTable(PageTable):
    id = LinkColumn("订单号", "eldercare_order", accessor="pk")
    person = TextColumn("老人姓名", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    provider = TextColumn("服务组织", accessor="provider__name")
    item = TextColumn("服务项目", accessor="item__name")
    quantity = CountColumn("数量")
    amount = MoneyColumn("金额（元）", accessor="amount_fen", fen=True)
    scheduled_on = DateColumn("预约日期")
    state = CodeColumn(codes.ORDER_STATES, "状态")
    source = CodeColumn(codes.ORDER_SOURCES, "来源")
    worker = TextColumn("服务人员", accessor="worker__name")
    checkin_at = DateTimeColumn("签到", seconds=False)
    checkout_at = DateTimeColumn("签退", seconds=False)
    rating = TextColumn("评价")
    gov = MoneyColumn("政府支付（元）", accessor="gov_fen", fen=True)


class BedOrderTable(OrderTable):
    class Meta:
        exclude = ("person", "region", "provider", "gov")


class SettlementTable(PageTable):
    provider = LinkColumn("服务组织", "eldercare_settlement", accessor="provider__name")
    month = MonthColumn("结算月份")
    orders = CountColumn("订单数")
    persons = CountColumn("服务人数")
    total = MoneyColumn("服务金额（元）", accessor="total_fen", fen=True)
    gov = MoneyColumn("政府支付（元）", accessor="gov_fen", fen=True)
    own = MoneyColumn("个人支付（元）", accessor="self_fen", fen=True)
    state = CodeColumn(codes.SETTLEMENT_STATES, "状态")


class SettlementLineTable(PageTable):
    person = TextColumn("老人姓名", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    orders = CountColumn("订单数")
    total = MoneyColumn("服务金额（元）", accessor="total_fen", fen=True)
    gov = MoneyColumn("政府支付（元）", accessor="gov_fen", fen=True)
    own = MoneyColumn("个人支付（元）", accessor="self_fen", fen=True)


class MealPointTable(PageTable):
    name = TextColumn("助餐点")
    region = RegionColumn("所在区划", accessor="region_code")
    provider = TextColumn("运营服务组织", accessor="provider__name")
    seats = CountColumn("座位")
    price = MoneyColumn("餐标（元）", accessor="meal_price_fen", fen=True)
    record = StepColumn("办理", "eldercare_meal_record", "登记供餐", lambda r: r.active)


class MealRecordTable(PageTable):
    point = TextColumn("助餐点", accessor="point__name")
    region = RegionColumn("区划", accessor="region_code")
    served_on = DateColumn("日期")
    meals = CountColumn("供餐数")
    elderly_meals = CountColumn("老年人用餐")
    delivered = CountColumn("送餐上门")


class DayCenterTable(PageTable):
    name = TextColumn("日间照料中心")
    region = RegionColumn("所在区划", accessor="region_code")
    provider = TextColumn("运营服务组织", accessor="provider__name")
    services = TextColumn("服务内容", wrap=True)
    places = CountColumn("日托位数")
    attend = StepColumn("办理", "eldercare_day_center_attend", "登记签到", lambda r: r.active)


class AttendanceTable(PageTable):
    center = TextColumn("日间照料中心", accessor="center__name")
    person = TextColumn("老人姓名", accessor="person__name")
    on = DateColumn("日期")
    services = TextColumn("接受服务")


class BedTable(PageTable):
    person = LinkColumn("老人姓名", "eldercare_bed", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    provider = TextColumn("服务组织", accessor="provider__name")
    agreement_no = TextColumn("协议编号")
    assessed_level = TextColumn("能力等级")
    required = CountColumn("每月应服务", accessor="required_visits")
    visits = CountColumn("本月已服务")
    state = CodeColumn(codes.BED_STATES, "状态")
    agreement_from = DateColumn("协议起始")


class DeviceTable(PageTable):
    serial = TextColumn("设备编号")
    kind = CodeColumn(codes.DEVICE_KINDS, "设备类型")
    person = TextColumn("老人", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    provider = TextColumn("响应服务组织", accessor="provider__name")
    last_seen_at = DateTimeColumn("最近上报", seconds=False)
    active = BooleanColumn("在用")


class AlarmTable(PageTable):
    id = LinkColumn("告警号", "eldercare_alarm", accessor="pk")
    kind = CodeColumn(codes.ALARM_KINDS, "类型")
    state = CodeColumn(codes.ALARM_STATES, "状态")
    person = TextColumn("老人", accessor="person__name")
    region = RegionColumn("村(社区)", accessor="region_code")
    target = CodeColumn(codes.ALARM_TARGETS, "派送至")
    provider = TextColumn("服务组织", accessor="provider__name")
    received_at = DateTimeColumn("接收时间")
    ack_seconds = CountColumn("响应用时（秒）")
    outcome = CodeColumn(codes.ALARM_OUTCOMES, "处置结果")
