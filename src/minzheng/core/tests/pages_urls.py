"""Throw-away pages on real core models (AuditEntry, User), routed for the page building-block tests.

Each page is declared the way an app declares one; the selectors and services here stand in for an app's."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import include, path

from minzheng.core import audit, jobs, regioncodes, roles, spreadsheets
from minzheng.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from minzheng.core.forms import StyledForm
from minzheng.core.models import AuditEntry, User
from minzheng.core.pages.base import PageAction
from minzheng.core.pages.bulk import BulkAction
from minzheng.core.pages.columns import (
    BooleanColumn,
    CodeColumn,
    DateColumn,
    LinkColumn,
    MaskedColumn,
    MoneyColumn,
    MonthColumn,
    PageTable,
    RegionColumn,
    TextColumn,
)
from minzheng.core.pages.detail import DetailPage, Related, Section
from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    DateRangeFilter,
    IdNumberFilter,
    MonthFilter,
    PageFilterSet,
    RegionFilter,
    TextFilter,
    YesNoFilter,
)
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.core.pages.imports import ImportPage, job_result, uploaded_file
from minzheng.core.pages.lists import ListPage

# --- selectors and services an app would own ----------------------------------------------------------------


TEST_OBJECTS = ("person", "household")  # the rows tests write; region loads, user creation and exports stay out


def entries_for(user):
    return AuditEntry.objects.filter(object_type__in=TEST_OBJECTS,
                                     **regioncodes.subtree_lookup("region_code", user.region_prefix))


def users_for(user):
    return User.objects.filter(**regioncodes.subtree_lookup("region_id", user.region_prefix))


def get_user(user, pk):
    found = users_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def entries_of(user, target):
    return entries_for(user).filter(Q(actor_id=target.pk)).order_by("-seq")


calls: list[tuple] = []  # what the services below were called with (tests clear it)


def lock_users(user, ids, comment):
    visible = set(users_for(user).filter(pk__in=ids).values_list("pk", flat=True))
    calls.append(("lock", user.username, sorted(visible), comment))
    return len(visible)


def grant_allowance(user, data, comment=None):
    if data["amount"] > 1000:
        raise ValidationFailed([FieldError("amount", "金额超过本级审批上限 1000 元"),
                                FieldError("household.members[0]", "家庭成员信息不完整")])
    if data["note"] == "冲突":
        raise Conflict("该家庭本月已有一笔临时救助，不能重复发放")
    calls.append(("grant", user.username, data["kind"], str(data["amount"]), comment))
    return data


@jobs.job("test_pages_import")
def import_regions_job(job, progress) -> dict:
    """Checks a region file row by row (nothing is written): the shape of a real import's report."""
    errors, good = [], 0
    with uploaded_file(job) as (fh, name):
        header, rows = spreadsheets.iter_rows(fh, name)
        for number, row in enumerate(rows, start=2):
            values = dict(zip(header, row, strict=False))  # short rows: missing cells are empty
            try:
                regioncodes.normalize(values.get("区划代码", ""))
                good += 1
            except regioncodes.RegionCodeError as exc:
                errors.append(spreadsheets.RowError(number, "区划代码", values.get("区划代码", ""), str(exc)))
    return job_result([("正确行数", good), ("错误行数", len(errors))], errors, "区划检查", job.created_by)


# --- declarations ---------------------------------------------------------------------------------------------


class EntryFilters(PageFilterSet):
    actor = ContainsFilter("actor_name", label="操作人")
    action = ChoiceFilter("action", label="动作", choices=audit.ACTIONS)
    object_type = TextFilter("object_type", label="对象类型")
    region = RegionFilter("region_code")
    at = DateRangeFilter("at", label="日期")
    month = MonthFilter("at", label="月份")
    id_number = IdNumberFilter("object_id")


class EntryTable(PageTable):
    seq = TextColumn("序号")
    actor_name = TextColumn("操作人")
    action = CodeColumn(audit.ACTIONS, "动作")
    region_code = RegionColumn("区划")
    amount = MoneyColumn("金额", accessor="changes__amount", orderable=False)
    fen = MoneyColumn("金额（分存储）", fen=True, accessor="changes__fen", orderable=False)
    at = DateColumn("日期")
    month = MonthColumn("月份", accessor="at", orderable=False)
    masked = MaskedColumn("身份证号", accessor="changes__id_masked")
    note = TextColumn("备注", accessor="changes__note", orderable=False, wrap=True)


class EntryList(ListPage):
    title = "审计记录测试"
    permission = "people.view"
    selector = staticmethod(entries_for)
    filterset_class = EntryFilters
    table_class = EntryTable
    ordering = ("seq",)
    export_permission = "people.export"
    export_object = "audit_entry"


class EntryListNoExport(EntryList):
    export_permission = False


class UserFilters(PageFilterSet):
    username = ContainsFilter("username", label="用户名")
    role = ChoiceFilter("role", label="角色", choices=roles.ROLE_CHOICES)
    active = YesNoFilter("is_active", label="启用")
    region = RegionFilter("region_id")


class UserTable(PageTable):
    username = LinkColumn("用户名", "test_user_detail", url_args=("pk",))
    role = CodeColumn(roles.ROLE_CHOICES, "角色")
    region = RegionColumn("所属区划")
    is_active = BooleanColumn("启用")
    date_joined = DateColumn("创建日期")


class UserList(ListPage):
    title = "用户测试"
    permission = "people.view"
    selector = staticmethod(users_for)
    filterset_class = UserFilters
    table_class = UserTable
    ordering = ("username",)
    actions = [PageAction("user_create", "新建用户", "users.manage"), PageAction("test_grant", "发放", "people.change")]
    bulk_actions = [BulkAction("lock", "批量停用", "people.change", service=lock_users,
                               summary="选中的账户将停用，停用后不能登录。")]


class EntryMiniTable(PageTable):
    seq = TextColumn("序号")
    action = CodeColumn(audit.ACTIONS, "动作")


class UserDetail(DetailPage):
    title = "用户"
    permission = "people.view"
    selector = staticmethod(get_user)
    sections = [Section("基本信息", {"username": TextColumn("用户名"), "role": CodeColumn(roles.ROLE_CHOICES, "角色"),
                                     "region": RegionColumn("所属区划"), "is_active": BooleanColumn("启用")})]
    related = [Related("操作记录", EntryMiniTable, entries_of, limit=3)]
    actions = [PageAction("test_user_detail", "刷新", None, url_args=("pk",))]


class UserEntryList(ListPage):
    """A list whose rows depend on the URL (the user's id), like a payroll's lines."""

    permission = "people.view"
    table_class = EntryTable
    ordering = ("seq",)
    export_permission = "people.export"

    def queryset(self):
        target = get_user(self.request.user, self.kwargs["pk"])
        self.title = f"{target.username}的操作记录"
        return entries_of(self.request.user, target)


class GrantForm(StyledForm):
    kind = forms.ChoiceField(label="救助类型", choices=[("urgent", "急难型临时救助"), ("expense", "支出型临时救助")])
    amount = forms.DecimalField(label="金额（元）", max_digits=12, decimal_places=2)
    note = forms.CharField(label="情况说明", max_length=200)


class GrantPage(ServiceFormPage):
    title = "临时救助发放"
    permission = "people.change"
    form_class = GrantForm
    service = staticmethod(grant_allowance)
    success_message = "已发放"
    success_url = "test_users"
    confirm = True


class GrantNowPage(GrantPage):
    confirm = False


class RegionImport(ImportPage):
    title = "区划检查导入"
    permission = "people.change"
    job_kind = "test_pages_import"


urlpatterns = [
    path("t/entries/", EntryList.as_view(), name="test_entries"),
    path("t/entries-no-export/", EntryListNoExport.as_view(), name="test_entries_no_export"),
    path("t/users/", UserList.as_view(), name="test_users"),
    path("t/users/<int:pk>/", UserDetail.as_view(), name="test_user_detail"),
    path("t/users/<int:pk>/entries/", UserEntryList.as_view(), name="test_user_entries"),
    path("t/grant/", GrantPage.as_view(), name="test_grant"),
    path("t/grant-now/", GrantNowPage.as_view(), name="test_grant_now"),
    path("t/import/", RegionImport.as_view(), name="test_import"),
    path("", include("minzheng.urls")),
]
