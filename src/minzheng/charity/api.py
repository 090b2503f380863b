"""Charity endpoints (/api/v1/charity/…): organisations, projects (and the active ones covering a village — the
referral targets), fundraising filings, donations. Lists paged and filtered like the pages; writes check the role
before the body."""


from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from minzheng.charity import filters, selectors, services
from minzheng.charity.schemas import (
    DonationIn,
    DonationOut,
    FilingIn,
    FilingOut,
    OrganisationOut,
    ProjectOut,
)
from minzheng.core.api_auth import requires
from minzheng.core.api_schemas import Page, responses
from minzheng.core.validation import Field

router = Router(tags=["charity"])


class OrgQuery(Schema):
    name: str = Field("", description="名称（包含）")
    form: str = Field("", description="association、foundation、service")
    region_code: str = Field("", description="区划代码（含下级）")


class ProjectQuery(Schema):
    name: str = Field("", description="项目名称（包含）")
    domain: str = Field("", description="领域代码")
    status: str = Field("", description="active、closed")
    region_code: str = Field("", description="区划代码（含下级）")


class TargetQuery(Schema):
    region_code: str = Field(..., description="被转介人员所在村（社区）的区划代码", max_length=12)


class FilingQuery(Schema):
    platform: str = Field("", description="平台代码")
    region_code: str = Field("", description="区划代码（含下级）")


class DonationQuery(Schema):
    donor_name: str = Field("", description="捐赠人（包含）")
    form: str = Field("", description="money、goods")
    region_code: str = Field("", description="区划代码（含下级）")


@router.get("/charity/organisations", response=responses(list[OrganisationOut]), summary="慈善组织")
@paginate(Page)
def list_orgs(request, query: Query[OrgQuery]):
    return filters.apply(filters.OrganisationFilters, request.GET, selectors.organisations_for(request.user),
                         request.user).order_by("region_code", "name", "id")


@router.get("/charity/projects", response=responses(list[ProjectOut]), summary="慈善项目")
@paginate(Page)
def list_projects(request, query: Query[ProjectQuery]):
    return filters.apply(filters.ProjectFilters, request.GET, selectors.projects_for(request.user),
                         request.user).order_by("-starts_on", "id")


@router.get("/charity/referral-targets", response=responses(list[ProjectOut]),
            summary="可转介的慈善项目（实施中、接受转介、服务区域覆盖该村（社区））")
@paginate(Page)
def referral_targets(request, query: Query[TargetQuery]):
    return selectors.active_projects(request.user, query.region_code)


@router.get("/charity/filings", response=responses(list[FilingOut]), summary="公开募捐备案")
@paginate(Page)
def list_filings(request, query: Query[FilingQuery]):
    return filters.apply(filters.FilingFilters, request.GET, selectors.filings_for(request.user),
                         request.user).order_by("-filed_on", "-id")


@router.post("/charity/filings", auth=requires("charity.manage"), response=responses(FilingOut, 201),
             summary="公开募捐方案备案（须有公开募捐资格、民政部指定平台、募捐开始前备案）")
def add_filing(request, body: FilingIn):
    return Status(201, services.file_fundraising(request.user, body.model_dump()))


@router.get("/charity/donations", response=responses(list[DonationOut]), summary="慈善捐赠")
@paginate(Page)
def list_donations(request, query: Query[DonationQuery]):
    return filters.apply(filters.DonationFilters, request.GET, selectors.donations_for(request.user),
                         request.user).order_by("-received_on", "-id")


@router.post("/charity/donations", auth=requires("charity.manage"), response=responses(DonationOut, 201),
             summary="登记捐赠（资金或物资，开具捐赠票据号）")
def add_donation(request, body: DonationIn):
    return Status(201, services.record_donation(request.user, body.model_dump()))
