"""Pages of the charity app, mounted at /charity/."""

from django.urls import path

from minzheng.charity import views

urlpatterns = [
    path("", views.OrganisationList.as_view(), name="charity_org_list"),
    path("new/", views.OrganisationAdd.as_view(), name="charity_org_add"),
    path("<int:pk>/", views.OrganisationDetail.as_view(), name="charity_org_detail"),
    path("<int:pk>/qualify/", views.Qualify.as_view(), name="charity_qualify"),
    path("projects/", views.ProjectList.as_view(), name="charity_projects"),
    path("projects/new/", views.ProjectAdd.as_view(), name="charity_project_add"),
    path("filings/", views.FilingList.as_view(), name="charity_filings"),
    path("filings/new/", views.FilingAdd.as_view(), name="charity_filing_add"),
    path("donations/", views.DonationList.as_view(), name="charity_donations"),
    path("donations/new/", views.DonationAdd.as_view(), name="charity_donation_add"),
    path("donations/<int:pk>/receipt/", views.receipt, name="charity_receipt"),
    path("disclosures/", views.DisclosureList.as_view(), name="charity_disclosures"),
    path("trusts/", views.TrustList.as_view(), name="charity_trusts"),
    path("trusts/new/", views.TrustAdd.as_view(), name="charity_trust_add"),
    path("complaints/", views.ComplaintList.as_view(), name="charity_complaints"),
    path("complaints/new/", views.ComplaintAdd.as_view(), name="charity_complaint_add"),
    path("complaints/<int:pk>/close/", views.ComplaintClose.as_view(), name="charity_complaint_close"),
]
