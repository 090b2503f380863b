"""Filter sets of the marriage registry's lists, shared by the pages and the API (a bad value is the same Chinese
422). Registrations are found by either party's ID number (blind index), name or certificate number."""

from __future__ import annotations

from django.db.models import Q

from minzheng.core import crypto, documents
from minzheng.core.pages.filters import (
    ChoiceFilter,
    DateRangeFilter,
    IdNumberFilter,
    PageFilterSet,
    TextFilter,
)
from minzheng.core.pages.region_picker import RegionFilter
from minzheng.marriage import codes


class EitherPartyIdFilter(IdNumberFilter):
    """Either party's ID number (two blind-indexed columns)."""

    def filter(self, qs, value):
        if not value:
            return qs
        index = crypto.blind_index(value)
        return qs.filter(Q(id_a_index=index) | Q(id_b_index=index))


class RegistrationFilters(PageFilterSet):
    id_number = EitherPartyIdFilter("id_a_index", label="身份证号（任一方）")
    name = TextFilter(label="姓名（任一方）", method="filter_name")
    document_no = TextFilter(label="其他证件号码（任一方：通行证、居住证、护照、永久居留证）", method="filter_document")
    nationality = TextFilter(label="国籍（查护照时填三字母代码）", method="filter_nothing")
    certificate_no = TextFilter("certificate_no", label="证件字号")
    kind = ChoiceFilter("kind", label="登记类型", choices=codes.KINDS)
    status = ChoiceFilter("status", label="状态", choices=codes.REGISTRATION_STATUS)
    registry = TextFilter("registry__code", label="登记机关代码")
    region_code = RegionFilter("region_code", label="登记机关所在区划")
    registered_on = DateRangeFilter("registered_on", label="登记日期")

    def filter_name(self, qs, name, value):
        return qs.filter(Q(name_a=value) | Q(name_b=value)) if value else qs

    def filter_document(self, qs, name, value):
        """Any party whose document of another type has this number (each type's blind-index key; a passport's
        only with its nationality)."""
        if not value:
            return qs
        nationality = (self.form.cleaned_data.get("nationality") or "").strip().upper()
        keys = set()
        for doc_type in documents.TYPES:
            try:
                keys.add(documents.parse(doc_type, value, nationality).index_key)
            except documents.DocumentError:
                continue
        indexes = [crypto.blind_index(k) for k in keys]
        return qs.filter(Q(id_a_index__in=indexes) | Q(id_b_index__in=indexes))

    def filter_nothing(self, qs, name, value):
        return qs  # read by filter_document


class RefusalFilters(PageFilterSet):
    kind = ChoiceFilter("kind", label="业务", choices=codes.KINDS)
    region_code = RegionFilter("region_code", label="登记机关所在区划")
    day = DateRangeFilter("day", label="日期")


class DivorceFilters(PageFilterSet):
    status = ChoiceFilter("status", label="状态（登记）", choices=codes.DIVORCE_STATUS)
    region_code = RegionFilter("region_code", label="登记机关所在区划")
    received = DateRangeFilter("received", label="收到申请日期")
    appearance_deadline = DateRangeFilter("appearance_deadline", label="到场期限")


class AppointmentFilters(PageFilterSet):
    registry = TextFilter("registry__code", label="登记机关代码")
    status = ChoiceFilter("status", label="状态", choices=codes.APPOINTMENT_STATUS)
    kind = ChoiceFilter("kind", label="业务", choices=codes.KINDS)
    region_code = RegionFilter("region_code", label="登记机关所在区划")
    day = DateRangeFilter("day", label="预约日期")


class CounsellingFilters(PageFilterSet):
    status = ChoiceFilter("status", label="状态", choices=codes.COUNSELLING_STATUS)
    outcome = ChoiceFilter("outcome", label="辅导结果", choices=codes.COUNSELLING_OUTCOMES)
    region_code = RegionFilter("region_code", label="登记机关所在区划")
    referred_on = DateRangeFilter("referred_on", label="转介日期")
