"""Filters of the charity lists, shared by pages and API."""

from __future__ import annotations

from minzheng.charity import codes
from minzheng.core.pages.filters import (
    ChoiceFilter,
    ContainsFilter,
    DateRangeFilter,
    PageFilterSet,
    RegionFilter,
    YesNoFilter,
    filter_errors_to_validation,
)


class OrganisationFilters(PageFilterSet):
    name = ContainsFilter("name", label="名称")
    form = ChoiceFilter("form", label="组织形式", choices=codes.ORG_FORMS)
    region_code = RegionFilter("region_code")


class ProjectFilters(PageFilterSet):
    name = ContainsFilter("name", label="项目名称")
    domain = ChoiceFilter("domain", label="领域", choices=codes.DOMAINS)
    status = ChoiceFilter("status", label="状态", choices=codes.PROJECT_STATUS)
    accepts_referrals = YesNoFilter("accepts_referrals", label="接受民政转介")
    region_code = RegionFilter("region_code")


class FilingFilters(PageFilterSet):
    platform = ChoiceFilter("platform", label="平台", choices=codes.PLATFORMS)
    starts_on = DateRangeFilter("starts_on", label="募捐开始日期")
    region_code = RegionFilter("region_code")


class DonationFilters(PageFilterSet):
    donor_name = ContainsFilter("donor_name", label="捐赠人")
    form = ChoiceFilter("form", label="捐赠形式", choices=codes.DONATION_FORMS)
    received_on = DateRangeFilter("received_on", label="接收日期")
    region_code = RegionFilter("region_code")


class DisclosureFilters(PageFilterSet):
    kind = ChoiceFilter("kind", label="公开事项", choices=codes.DISCLOSURE_KINDS)
    region_code = RegionFilter("region_code")


class TrustFilters(PageFilterSet):
    name = ContainsFilter("name", label="信托名称")
    region_code = RegionFilter("region_code")


class ComplaintFilters(PageFilterSet):
    status = ChoiceFilter("status", label="状态", choices=codes.COMPLAINT_STATUS)
    region_code = RegionFilter("region_code")


def apply(filterset_class, data, queryset, user):
    filterset = filterset_class(data, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise filter_errors_to_validation(filterset)
    return filterset.qs
