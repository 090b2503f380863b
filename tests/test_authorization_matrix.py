"""The authorization matrix (issue 11): every page of the URL conf and every operation of the OpenAPI document ×
every role (and anonymous) × a record in the caller's own region and one in another county, each answer checked
against what the declarations say it must be:

- anonymous: a page redirects to the login page, the API answers 401;
- a role without the permission: 403 (the role may not act — never an empty 200 list, issue 11 defect 16);
- a record outside the caller's region subtree: 404 (existence not revealed);
- otherwise: 200 for a read; for a write (sent without data) anything but 403/404/5xx — it reached validation.

The permission comes from the page class's `permission` (core.pages, Page subclasses) and, where a view or an API
operation checks it in code, from DECLARED below; a URL or operation missing from both fails the test, so a new
page must say who may see it. Objects are made once per region (payroll.tests.factories.make_world: households,
persons, granted cases and entitlements in 定海区 and 普陀区, April's payrolls) and substituted for the ids."""

from __future__ import annotations

import os
import re
import time
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from minzheng.core import regioncodes, roles

OWN, OTHER = "330902001001", "330903001001"  # 定海区 甲社区, 普陀区 丁社区
HOME_REGION = {"village": OWN, "township": "330902001000", "county": "330902000000", "city": "330900000000",
               "auditor": "330902000000", "sysadmin": "330902000000", "secadmin": "330902000000"}
ADMINS = ("users.manage", "security.manage")
MISSING = 999_999_999  # an id no record has: the answer must still follow the role first

# Permissions checked in code (function views, API operations): URL name or "METHOD /path" → permission.
# None = every signed-in user. "owner" = only the user who started it (jobs).
DECLARED: dict[str, str | tuple[str, ...] | None] = {
    # pages
    "home": None, "import_template": "people.change", "export_households": "people.export",
    "person_reveal": "unmask", "case_todo": ("answer", 302), "inbox": "people.view",
    "case_create": frozenset({"village", "township"}), "standard_add": frozenset({"county", "city"}),
    "case_detail": "people.view", "case_facts": "people.change", "case_document_upload": "people.change",
    "case_document_download": "people.view", "entitlement_change_payee": "people.change", "case_act": "people.change",
    "case_print": "people.view", "notice_sheet": "people.view", "verification_request": "verification.request",
    "feed_spec": None, "payroll_export": "payroll.export", "payroll_reconcile": "payroll.reconcile",
    "user_detail": ADMINS, "user_security": ADMINS, "job_detail": "owner", "job_report": ("answer", 404),
    "job_export": ("answer", 404),
    # one's own account (every signed-in user), and the officers' account pages (issue 11: 三员分立)
    "password_change": None, "my_tokens": None, "token_revoke": ("answer", 404),  # POST without a token: 404
    "user_create": "users.manage", "user_assign": "security.manage",
    # issue 12: 特困 care, the comparison from the pages, feed templates, the audit chain check
    "care_certificate": "people.view", "feed_template": "verification.manage",
    # API: reads of people's data need people.view, writes people.change (registry, benefits)
    "GET /persons": "people.view", "POST /persons": "people.change", "GET /persons/{person_id}": "people.view",
    "PATCH /persons/{person_id}": "people.change", "POST /persons/{person_id}/move": "people.change",
    "GET /households": "people.view", "POST /households": "people.change",
    "GET /households/{household_id}": "people.view", "PATCH /households/{household_id}": "people.change",
    "POST /households/{household_id}/members": "people.change",
    "POST /households/{household_id}/members/{person_id}/remove": "people.change",
    "POST /households/{household_id}/head": "people.change",
    # reference data (code tables, the standards and their catalogue) is no one's personal data
    "GET /codes": None, "GET /standards": None, "GET /standards/items": None, "GET /standards/history": None,
    "GET /standards/resolve": None, "POST /standards": frozenset({"county", "city"}),
    "POST /policy/evaluate": "people.view",
    "POST /cases": frozenset({"village", "township"}), "GET /cases": "people.view", "GET /cases/inbox": "people.view",
    "GET /cases/done": "people.view", "GET /cases/{case_id}": "people.view",
    "POST /cases/{case_id}/actions": "people.change",
    "GET /entitlements": "people.view", "GET /entitlements/{entitlement_id}": "people.view",
    "POST /entitlements/{entitlement_id}/actions": "people.change", "GET /reviews": "people.view",
    "GET /delegations": "people.view", "POST /delegations": frozenset({"county"}),
    "GET /conflict-register": "people.view", "POST /conflict-register": frozenset({"township", "county"}),
    # verification and payroll: their own permissions (VerificationConfig, PayrollConfig)
    "GET /findings": "verification.view", "GET /findings/{finding_id}": "verification.view",
    "POST /findings/{finding_id}/confirm": "findings.handle", "POST /findings/{finding_id}/dismiss": "findings.handle",
    "POST /cases/{case_id}/verification-report": "verification.request",
    "GET /verification-reports/{report_id}": "verification.view", "GET /feed-snapshots": "verification.manage",
    "GET /payrolls": "payroll.view", "GET /payrolls/pending": "payroll.view",
    "POST /payrolls/generate": "payroll.generate", "GET /payrolls/{payroll_id}": "payroll.view",
    "GET /payrolls/{payroll_id}/lines": "payroll.view",
    "POST /payrolls/{payroll_id}/actions": ("payroll.check", "payroll.approve"),
    "GET /payroll-lines/failed": "payroll.view", "POST /payrolls/{payroll_id}/fix-account": "payroll.generate",
    "GET /recoveries": "payroll.view", "POST /recoveries/{recovery_id}/repay": "payroll.generate",
    "GET /funds/stats": "payroll.view", "GET /sample/allowances": "sample.view",
    "GET /households/{household_id}/chain": "people.view",
    "GET /care/assessments": "people.view", "POST /care/assessments": "care.record",
    "GET /care/agreements": "people.view", "POST /care/agreements": "care.record",
    "POST /care/agreements/{agreement_id}/end": "care.record",
    "GET /care/institutions": "people.view", "POST /care/institutions": "care.institutions",
    "GET /care/placements": "people.view", "POST /care/placements": "care.institutions",
    "POST /care/placements/{placement_id}/end": "care.institutions",
    # issue 14: elderly care (the register, GB/T 42195-2022 assessments, survival checks)
    "elderly_assessment_report": "people.view",
    "GET /elderly/persons": "people.view", "GET /elderly/assessments": "people.view",
    "POST /elderly/assessments": "elderly.assess", "GET /elderly/assessments/{assessment_id}": "people.view",
    "POST /elderly/assessments/{assessment_id}/dispute": "elderly.assess",
    "GET /elderly/survival-checks": "people.view", "POST /elderly/survival-checks": "elderly.survival",
    # issue 14: 养老服务 (eldercare): the settlement file and the bed label are checked in the view; the device
    # intake is authenticated by the device's signature, not a user (401 without it, whoever calls)
    "eldercare_settlement_file": "eldercare.export", "eldercare_bed_label": "eldercare.view",
    "eldercare_bed_scan": "eldercare.view",
    "GET /elderly/institutions": "eldercare.view", "GET /elderly/institutions/{institution_id}/grade": "eldercare.view",
    "GET /elderly/orders": "eldercare.view", "POST /elderly/orders": "eldercare.serve",
    "POST /elderly/orders/{order_id}/actions": "eldercare.serve", "GET /elderly/settlements": "eldercare.view",
    "POST /elderly/settlements": "eldercare.manage", "GET /elderly/beds": "eldercare.view",
    "GET /elderly/alarms": "eldercare.view", "POST /elderly/alarms/{alarm_id}/actions": "eldercare.serve",
    "POST /elderly/alarms": None,
    # issue 13: low-income monitoring (MonitoringConfig); rules are reference data read by every monitoring role
    "GET /monitored-persons": "monitoring.view", "POST /monitored-persons": "monitoring.add",
    "GET /warnings": "monitoring.view", "GET /warnings/{warning_id}": "monitoring.view",
    "POST /warnings/{warning_id}/outcome": "warnings.handle", "POST /referrals/{referral_id}/answer": "warnings.handle",
    "GET /discoveries": "monitoring.view", "GET /monitoring-rules": "monitoring.view",
    "POST /monitoring-rules": "monitoring.rules", "GET /visit-plans": "monitoring.view",
    "POST /visit-plans": "monitoring.rules",
    # issue 19: plan indicators (IndicatorsConfig)
    "GET /indicators": "indicators.view", "GET /indicators/{code}/values": "indicators.view",
    # issue 18: volunteers, charity, social work (their own permissions: VolunteersConfig, CharityConfig,
    # SocialWorkConfig); the certificate and the donation receipt are printable function views
    "volunteer_certificate": "volunteers.view", "charity_receipt": "charity.view",
    "GET /volunteers": "volunteers.view", "POST /volunteers": "volunteers.record",
    "GET /volunteers/{volunteer_id}": "volunteers.view", "GET /volunteers/{volunteer_id}/hours": "volunteers.view",
    "POST /volunteers/{volunteer_id}/hours": "volunteers.record",
    "GET /volunteers/{volunteer_id}/certificate": "volunteers.view",
    "GET /volunteer-activities": "volunteers.view", "POST /volunteer-activities": "volunteers.record",
    "GET /charity/organisations": "charity.view", "GET /charity/projects": "charity.view",
    "GET /charity/referral-targets": "charity.view", "GET /charity/filings": "charity.view",
    "POST /charity/filings": "charity.manage", "GET /charity/donations": "charity.view",
    "POST /charity/donations": "charity.manage",
    "GET /social-workers": "socialwork.view", "POST /social-workers": "socialwork.manage",
    "GET /social-work-stations": "socialwork.view", "POST /social-work-stations": "socialwork.manage",
    "GET /social-work/indicators": "socialwork.view",
    # issue 18: communities and social organisations (their own permissions)
    "GET /communities/indicators": "communities.view",
    "GET /socialorgs": "socialorgs.view", "GET /socialorgs/{org_id}": "socialorgs.view",
    "POST /socialorgs/{org_id}/annual-reports": "socialorgs.file",
    "POST /socialorgs/{org_id}/evaluations": "socialorgs.manage",
    "POST /socialorgs/applications": "socialorgs.manage",
    "GET /socialorgs/applications/{application_id}": "socialorgs.view",
    "POST /socialorgs/applications/{application_id}/review": "socialorgs.manage",
    "POST /socialorgs/applications/{application_id}/decision": "socialorgs.manage",
    # issue 17: 区划地名 (PlacenamesConfig): public facts read by every staff role, kept by the county
    "placenames_application": "placenames.view", "placenames_application_step": "placenames.change",
    "placenames_certificate": "placenames.view", "placenames_doorplate_label": "placenames.view",
    "placenames_proposal": "placenames.view", "placenames_map_data": "placenames.view",
    "placenames_map_csv": "placenames.view",
    # issue 17: a place name's photo and a boundary marker's photo, served decrypted (placenames.views.photo_pages)
    "placenames_photo": "placenames.view", "placenames_marker_photo": "placenames.view",
    "GET /placenames": "placenames.view", "GET /placenames/{place_id}": "placenames.view",
    "GET /placenames/applications": "placenames.view", "POST /placenames/applications": "placenames.change",
    "GET /placenames/applications/{app_id}": "placenames.view",
    "POST /placenames/applications/{app_id}/expert-opinion": "placenames.change",
    "POST /placenames/applications/{app_id}/consultation": "placenames.change",
    "POST /placenames/applications/{app_id}/decision": "placenames.approve",
    "POST /placenames/applications/{app_id}/publication": "placenames.approve",
    "GET /addresses": "placenames.view", "GET /addresses/match": "placenames.view",
    "GET /placenames-map": "placenames.view",
    # issue 17 (finish): address, doorplate, boundary and region-outline writes
    "POST /addresses": "placenames.address", "PATCH /addresses/{address_id}": "placenames.address",
    "POST /addresses/{address_id}/doorplate": "placenames.address",
    "PATCH /doorplates/{doorplate_id}": "placenames.address",
    "POST /boundaries": "placenames.change", "POST /boundaries/{line_id}/markers": "placenames.change",
    "POST /boundary-inspections": "placenames.change",
    "POST /boundary-inspections/{inspection_id}/findings": "placenames.change",
    "POST /boundary-inspections/{inspection_id}/finish": "placenames.change",
    "POST /boundary-findings/{finding_id}/rectification": "placenames.change",
    "POST /boundary-disputes": "placenames.change",
    "POST /boundary-disputes/{dispute_id}/mediation": "placenames.change",
    "POST /region-outlines": "placenames.change",
    # from marriage
    "marriage_certificate": "marriage.view",
    "adoption_certificate": "adoption.view",
    "POST /marriage/registrations": "marriage.register",
    "GET /marriage/registrations": "marriage.view",
    "GET /marriage/registrations/{registration_id}": "marriage.view",
    "POST /marriage/registrations/{registration_id}/revoke": "marriage.register",
    "GET /marriage/divorce-applications": "marriage.view",
    "GET /marriage/divorce-applications/{application_id}": "marriage.view",
    "POST /marriage/divorce-applications/{application_id}/withdraw": "marriage.register",
    "POST /marriage/divorce-applications/{application_id}/appear": "marriage.register",
    "GET /marriage/appointments": "marriage.view",
    "POST /marriage/appointments": "marriage.register",
    "GET /marriage/registries/{registry_code}/slots": "marriage.view",
    "GET /marriage/counselling": "marriage.view",
    "POST /marriage/counselling": "marriage.register",
    "POST /marriage/counselling/{counselling_id}/sessions": "marriage.register",
    "POST /marriage/counselling/{counselling_id}/close": "marriage.register",
    "GET /marriage/statistics": "marriage.view",
    "GET /adoption/applications": "adoption.view",
    "POST /adoption/applications": "adoption.register",
    "GET /adoption/applications/{adoption_id}": "adoption.view",
    "POST /adoption/applications/{adoption_id}/assessment": "adoption.register",
    "POST /adoption/applications/{adoption_id}/register": "adoption.register",
    "POST /adoption/applications/{adoption_id}/dissolve": "adoption.register",
    # from funeral
    "POST /funeral/deaths": "funeral.register",
    "GET /funeral/deaths": "funeral.view",
    "GET /funeral/deaths/{death_id}": "funeral.view",
    "POST /funeral/deaths/{death_id}/certificate": "funeral.register",
    "POST /funeral/deaths/{death_id}/cremation": "funeral.register",
    "GET /funeral/slots": "funeral.view",
    "POST /funeral/slots": "funeral.manage",
    "GET /funeral/bookings": "funeral.view",
    "POST /funeral/bookings": "funeral.book",
    "POST /funeral/bookings/{booking_id}/cancel": "funeral.book",
    "POST /funeral/check-in": "funeral.checkin",
    "GET /funeral/cemeteries": "funeral.view",
    "POST /funeral/cemeteries": "funeral.manage",
    "GET /funeral/plots": "funeral.view",
    "POST /funeral/plots": "funeral.manage",
    "POST /funeral/plots/{plot_id}/assign": "funeral.manage",
    "POST /funeral/plots/{plot_id}/renew": "funeral.manage",
    "POST /funeral/plots/{plot_id}/transfer": "funeral.manage",
    "POST /funeral/eco-burials": "funeral.register",
    "POST /funeral/settlements": "funeral.manage",
    "GET /funeral/indicators": "funeral.view",
    # from children
    "GET /children": "people.view",
    "GET /children/{child_id}": "people.view",
    "GET /children/visits/due": "people.view",
    "POST /children/visits": "children.visit",
    "POST /minors/reports": "minors.report",
    "GET /minors/cases": "minors.view",
    "GET /minors/cases/{minors_case_id}": "minors.view",
    # from homeless
    "disability_reconciliation": "people.export",
    "GET /disability/coverage": "people.view",
    "POST /disability/reviews": "people.change",
    "homeless_intake": "homeless.view",
    "homeless_photo": "homeless.view",
    "homeless_notice": "homeless.view",
    "GET /homeless/intakes": "homeless.view",
    "POST /homeless/intakes": "homeless.change",
    "GET /homeless/intakes/{intake_id}": "homeless.view",
    "GET /homeless/intakes/{intake_id}/matches": "homeless.view",
    "POST /homeless/intakes/{intake_id}/matches": "homeless.change",
    "POST /homeless/intakes/{intake_id}/expenses": "homeless.change",
    "POST /homeless/intakes/{intake_id}/escort": "homeless.change",
    "GET /homeless/missing-persons": "homeless.view",
    "POST /homeless/missing-persons": "homeless.change",
    "GET /homeless/dashboard": "homeless.view",
    # issue 20: the citizen channel — its staff page (complaints from the portal); the citizen pages and the portal
    # API are not staff endpoints: test_portal_is_citizen_only below
    "portal_staff_complaint": "people.view",
    # issue 22: disaster relief and the relief-material reserve (ReliefConfig)
    "GET /relief/events": "relief.view", "POST /relief/events": "relief.manage",
    "POST /relief/events/{event_id}/end": "relief.manage", "GET /relief/events/{event_id}/damage": "relief.view",
    "GET /relief/reports": "relief.view", "POST /relief/reports": "relief.report",
    "GET /relief/households": "relief.view", "POST /relief/households": "relief.report",
    "POST /relief/cases": "relief.report", "GET /relief/warehouses": "relief.view",
    "POST /relief/warehouses": "relief.store", "POST /relief/receipts": "relief.store",
    "POST /relief/dispatches": "relief.store", "GET /relief/dispatches": "relief.view",
    "POST /relief/dispatches/{dispatch_id}/sign": "relief.store",
    "POST /relief/dispatches/{dispatch_id}/returns": "relief.store", "POST /relief/stocktakes": "relief.store",
    "GET /relief/stock": "relief.view", "GET /relief/ledger": "relief.view",
    # issue 22: special care (SpecialcareConfig); the annual adjustment is the county's (checked in the service)
    "GET /specialcare/persons": "specialcare.view", "POST /specialcare/persons": "specialcare.manage",
    "POST /specialcare/persons/{entitled_id}/end": "specialcare.manage",
    "GET /specialcare/certifications": "specialcare.view", "POST /specialcare/certifications": "specialcare.manage",
    "GET /specialcare/residents": "specialcare.view", "POST /specialcare/residents": "specialcare.manage",
    "POST /specialcare/cases": "specialcare.manage", "POST /specialcare/adjustments": frozenset({"county"}),
    "GET /specialcare/timely-rate": "specialcare.view",
    # issue 22: the welfare-lottery fund (LotteryConfig)
    "lottery_disclosure": "lottery.view", "GET /lottery/fund": "lottery.view",
    "GET /lottery/receipts": "lottery.view", "POST /lottery/receipts": "lottery.manage",
    "GET /lottery/projects": "lottery.view", "POST /lottery/projects": "lottery.manage",
    "POST /lottery/projects/{project_id}/progress": "lottery.manage",
    # issue 22 (finish): exchange files with 应急管理 and 退役军人事务 departments; rosters, shelters, claims, 三难
    "relief_exchange_export": "relief.manage", "specialcare_exchange_download": "specialcare.manage",
    "GET /relief/officers": "relief.view", "GET /relief/shelters": "relief.view",
    "GET /specialcare/medical-claims": "specialcare.view", "POST /specialcare/medical-claims": "specialcare.manage",
    "GET /specialcare/hardships": "specialcare.view",
}
# Signing in and out: tests of core.views.auth; the region picker is an HTMX fragment answering 400 without its
# parameters (core.tests).
SKIPPED_PAGES = {"login", "logout", "region_picker",
                 "placenames_doorplate_scan"}  # a doorplate's QR scan is public by design (placenames tests)
# Liveness, readiness and metrics answer without sign-in by design (no personal data; /metrics only from this host or
# with its token): core.tests.test_ops.
SKIPPED_PAGES |= {"healthz", "readyz", "metrics"}
QUERY = {"GET /standards/history": "?program=dibao&item=standard&region_code=330902&area=all",
         "GET /charity/referral-targets": "?region_code=330902001001", "GET /social-work/indicators": "?year=2025",
         "GET /standards/resolve": "?region_code=330902001001&area=urban&month=2026-04",
         "GET /addresses/match": "?text=城东3幢2单元101室",
         "GET /marriage/statistics": "?year=2026",
         "GET /marriage/registries/{registry_code}/slots": "?day=2026-04-10",}
# The failed-payment row to correct: none failed, so every permitted user gets 404.
MISSING_ROUTES = {"payroll_fix_account"}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield "/" + prefix + str(p.pattern), p


def _page_permission(name: str, pattern: URLPattern):
    cls = getattr(pattern.callback, "view_class", None)
    if name in DECLARED:
        return DECLARED[name]
    if cls is not None and getattr(cls, "permission", None):
        return cls.permission
    raise AssertionError(f"page {name} declares no permission: add it to the page class or to DECLARED")


def _citizen_only(route: str, pattern: URLPattern) -> bool:
    """A page or API operation of the citizen channel (portal.session): no staff role ever opens it."""
    return route.startswith("/portal/api/") or getattr(pattern.callback, "citizen_only", False) or (
        pattern.name in PORTAL_OPEN)


PORTAL_OPEN = {"portal_login", "portal_logout"}  # the portal's own sign-in and sign-out (portal/tests)


class World:
    """The records substituted for URL ids: kind → {"own": id, "other": id} (region of each)."""

    def __init__(self, make_user):
        from minzheng.core.models import Job
        from minzheng.payroll.models import Payroll
        from minzheng.payroll.services import generate
        from minzheng.payroll.tests.factories import make_world

        world = make_world(make_user)
        generate.generate(None, "2026-04")
        own, other = world["paid"]["dibao_a"][0], world["paid"]["far"][0]
        self.users = {role: make_user(role, region) for role, region in HOME_REGION.items()}
        payroll = {k: Payroll.objects.filter(region_code=regioncodes.parent_code(e.region_code)).first().pk
                   for k, e in (("own", own), ("other", other))}
        self.ids = {
            "person": {"own": own.payee_id, "other": other.payee_id},
            "household": {"own": own.household_id, "other": other.household_id},
            "case": {"own": own.source_case_id, "other": other.source_case_id},
            "entitlement": {"own": own.pk, "other": other.pk},
            "payroll": payroll,
            "user": {"own": make_user("village", OWN).pk, "other": make_user("village", OTHER).pk},
        }
        self.regions = {"own": OWN, "other": OTHER}
        # A job belongs to whoever started it: the county officer's.
        job = Job.objects.create(kind="matrix", created_by=self.users["county"], region_code=HOME_REGION["county"])
        self.job_owner = self.users["county"]
        self.ids["job"] = {"own": job.pk, "other": job.pk}


# URL parameter → record kind ("pk" depends on the page: by its URL name's first word).
PARAM_KIND = {"person_id": "person", "household_id": "household", "case_id": "case", "entitlement_id": "entitlement",
              "payroll_id": "payroll", "user_id": "user", "job_id": "job"}
PK_KIND = {"person": "person", "household": "household", "member": "household", "head": "household",
           "payroll": "payroll"}
FIXED = {"field": "id_number", "action": "accept", "kind": "notice", "program": "dibao", "item": "standard",
         "region_code": "330902", "area": "all"}


def _fill(route: str, name: str, world: World, which: str) -> tuple[str, str | None]:
    """The URL with ids of `which` ("own"/"other") records, and the kind of record it names (None: no record or a
    record kind the matrix does not make, given MISSING)."""
    kinds: list[str | None] = []

    def value(match):
        param = match.group(1).split(":")[-1]
        if param in FIXED:
            return FIXED[param]
        kind = PARAM_KIND.get(param) or (PK_KIND.get(name.split("_", maxsplit=1)[0]) if param == "pk" else None)
        if name in MISSING_ROUTES or (param == "pk" and name == "payroll_repay"):
            kind = None
        kinds.append(kind)
        return str(world.ids[kind][which]) if kind else str(MISSING)

    url = re.sub(r"<([^>]+)>", value, route)
    url = re.sub(r"\{([^}]+)\}", value, url)
    if None in kinds:
        return url, "missing"  # a record the matrix does not make: permitted users get 404
    return url, (kinds[0] if kinds else None)


KIND_VIEW = {"person": "people.view", "household": "people.view", "case": "people.view",
             "entitlement": "people.view", "payroll": "payroll.view", "user": ADMINS}


def _allowed(user, permission) -> bool:
    if permission == "unmask":
        return roles.may_unmask(user)
    if isinstance(permission, frozenset):
        return user.role in permission
    return roles.has_perm(user, permission)


def _expected(user, permission, kind, which, owner, write=False) -> str:
    """The status a GET must answer ("200", "403", "404", …); a write expected to succeed may answer any status
    but 403/404/5xx (it reached validation, sent no data)."""
    if isinstance(permission, tuple) and permission[0] == "answer":
        return str(permission[1])
    if permission == "owner":
        return "200" if user == owner else "404"
    outside = kind not in (None, "missing", "job") and not regioncodes.in_subtree(
        {"own": OWN, "other": OTHER}[which], user.region_id)
    if write and outside and roles.has_perm(user, KIND_VIEW[kind]):
        # A write looks the record up in the caller's region (404) and checks the role (403): ADR 0009 puts the
        # lookup first; a view checking the role first refuses as well and reveals nothing.
        return "404" if _allowed(user, permission) else "403|404"
    if not _allowed(user, permission):
        return "403"
    if kind == "missing":
        return "404"
    if kind in (None, "job"):
        return "200"
    region = {"own": OWN, "other": OTHER}[which]
    return "200" if regioncodes.in_subtree(region, user.region_id) else "404"


REFUSED_LATE: list[str] = []  # writes refused by validation (422) before the role or region check: recorded


def _judge(expected: str, status: int, write: bool, label: str) -> bool:
    if write and expected in ("403", "404", "403|404"):
        # A write sent without data by a role that may not act, or on a record outside the region: refused,
        # nothing written. The ADR 0009 order answers 403/404 first; a 422 (body checked first) is recorded.
        if status == 422 or (status == 302 and label.startswith("page")):
            REFUSED_LATE.append(label)
            return True
        return str(status) in expected.split("|")
    if expected != "200":
        return str(status) == expected
    if write:
        return status not in (403, 404) and status < 500
    return status == 200


TABLE_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
HREF = re.compile(r'href="(/[^"?#]*)')


def _links_refused(user, url: str, html: str) -> list[str]:
    """The links in the page's tables to pages the user's role may not open (core.pages.columns.permitted_url
    shows such a row's text without its link, and leaves out the action)."""
    from django.urls import Resolver404, resolve

    refused = []
    for body in TABLE_BODY.findall(html):
        for href in set(HREF.findall(body)):
            try:
                match = resolve(href)
            except Resolver404:
                continue
            try:
                permission = _page_permission(match.url_name, SimpleNamespace(callback=match.func))
            except AssertionError:
                continue
            if isinstance(permission, (str, frozenset)) and permission not in ("owner", "unmask") \
                    and not _allowed(user, permission):
                refused.append(f"{user.role} sees a link on {url} to {href}, a page its role may not open")
    return refused


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_and_endpoint_by_every_role_and_region(make_user, monkeypatch, api_client, request, capsys):
    from minzheng.core import auth

    monkeypatch.setenv("MINZHENG_TODAY", "2026-04-10")
    world = World(make_user)
    started = time.monotonic()
    failures, cases = [], 0
    anonymous = Client()
    browsers = {}
    for role, user in world.users.items():
        browsers[role] = Client()
        browsers[role].force_login(user)

    # Pages: GET (a form page shows its form); a POST-only view (405 to GET) is posted to without data.
    for route, pattern in _walk(get_resolver().url_patterns):
        name = pattern.name
        if route.startswith("/api/") or name in SKIPPED_PAGES or _citizen_only(route, pattern):
            continue
        permission = _page_permission(name, pattern)
        for which in ("own", "other"):
            url, kind = _fill(route, name, world, which)
            if which == "other" and kind in (None, "missing", "job"):
                continue  # nothing region-specific in this URL
            response = anonymous.get(url)
            cases += 1
            if response.status_code != 302 or not response["Location"].startswith("/login/"):
                failures.append(f"anonymous GET {url}: {response.status_code}")
            write = False
            for role, user in world.users.items():
                response = browsers[role].get(url)
                if response.status_code == 405:
                    write, response = True, browsers[role].post(url, {})
                expected = _expected(user, permission, kind, which, world.job_owner, write)
                cases += 1
                if not _judge(expected, response.status_code, write, f"page {role} {url}"):
                    failures.append(f"{role} {'POST' if write else 'GET'} {url} ({which}): "
                                    f"{response.status_code}, expected {expected}")
                elif (response.status_code == 200 and not write and not response.streaming
                      and response["Content-Type"].startswith("text/html")):
                    failures += _links_refused(user, url, response.content.decode())

    # The API: every operation of the OpenAPI document; writes are sent an empty object.
    schema = api_client(world.users["county"]).get("/api/v1/openapi.json").json()
    tokens = {role: Client(HTTP_AUTHORIZATION=f"Bearer {auth.create_token(user)}")
              for role, user in world.users.items()}
    for path, methods in schema["paths"].items():
        for method in methods:
            key = f"{method.upper()} {path.removeprefix('/api/v1')}"
            assert key in DECLARED, f"API operation {key} declares no permission: add it to DECLARED"
            permission = DECLARED[key]
            for which in ("own", "other"):
                url, kind = _fill(path, key, world, which)
                if which == "other" and kind in (None, "missing"):
                    continue
                write = method != "get"
                url += QUERY.get(key, "")

                def send(client, url=url, method=method):
                    if method == "get":
                        return client.get(url)
                    return getattr(client, method)(url, "{}", content_type="application/json")

                cases += 1
                status = send(Client()).status_code
                if status != 401:
                    failures.append(f"anonymous {key} ({which}): {status}")
                for role, user in world.users.items():
                    status = send(tokens[role]).status_code
                    expected = _expected(user, permission, kind, which, None, write)
                    cases += 1
                    if not _judge(expected, status, write, f"api {role} {key} ({which})"):
                        failures.append(f"{role} {key} ({which}): {status}, expected {expected}")

    seconds = round(time.monotonic() - started, 1)
    with capsys.disabled():
        print(f"\nauthorization matrix: {cases} cases, {len(failures)} failures in {seconds} s; "
              f"{len(REFUSED_LATE)} writes refused by validation before the role/region check")
        if os.environ.get("MINZHENG_MATRIX_LATE"):
            print("\n".join(sorted(REFUSED_LATE)))
    assert failures == [], "\n".join(failures)
    # The ADR 0009 order everywhere: the role (403) and the region (404) before the input (422) — the API declares
    # `auth=requires(perm, found=…)` (core.api_auth), pages check the role first.
    assert REFUSED_LATE == [], "\n".join(REFUSED_LATE)
    assert cases > 1000


@pytest.mark.django_db
def test_portal_is_citizen_only(make_user):
    """The citizen channel (issue 20) opens for a citizen's portal session only: anonymous callers and every staff
    role — browser session or API token — are sent to the portal's sign-in (pages) or get 401 (the portal API, its
    own NinjaAPI outside /api/v1), whatever record the URL names."""
    from minzheng.core import auth
    from minzheng.portal.api import api as portal_api

    users = {role: make_user(role, region) for role, region in HOME_REGION.items()}
    sessions, tokens = {}, {}
    for role, user in users.items():
        sessions[role] = Client()
        sessions[role].force_login(user)
        tokens[role] = Client(HTTP_AUTHORIZATION=f"Bearer {auth.create_token(user)}")
    callers = {"anonymous": Client(), **{f"{r} session": c for r, c in sessions.items()},
               **{f"{r} token": c for r, c in tokens.items()}}
    failures, cases = [], 0
    for route, pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("/portal/") or route.startswith("/portal/api/") or pattern.name in PORTAL_OPEN:
            continue
        if not getattr(pattern.callback, "citizen_only", False):
            continue  # a staff page under /portal/ (portal_staff_*): the main matrix checks it
        url = re.sub(r"<([^>]+)>", lambda m: "dibao" if m.group(1).startswith("slug") else "1", route)
        for who, client in callers.items():
            cases += 1
            response = client.get(url)
            if response.status_code != 302 or not response["Location"].startswith("/portal/login/"):
                failures.append(f"{who} GET {url}: {response.status_code}")
    document = portal_api.get_openapi_schema()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if not operation.get("security"):
                continue  # signing in: open to anyone, rate-limited (portal/tests/test_signin.py)
            url = "/portal/api" + re.sub(r"\{[^}]+\}", "1", path.removeprefix("/portal/api"))
            for who, client in callers.items():
                cases += 1
                response = (client.get(url) if method == "get"
                            else client.generic(method.upper(), url, "{}", content_type="application/json"))
                if response.status_code != 401:
                    failures.append(f"{who} {method.upper()} {url}: {response.status_code}")
    assert failures == [], "\n".join(failures)
    assert cases > 300
    # and the staff API's document names no portal operation
    staff_doc = Client()
    staff_doc.force_login(users["county"])
    assert not [p for p in staff_doc.get("/api/v1/openapi.json").json()["paths"] if "portal" in p]
