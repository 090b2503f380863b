"""Applications filed by a resident: one transaction that creates the case through the kernel's own
`benefits.services.cases.create_case` (channel 网上申请) with the citizen's narrow actor (portal.channel: their own
household only, audited as the citizen), stores the photos through the kernel's `documents.upload` (the encrypted
file store, category case_document) and records the signed household-check authorisation. The case then sits in the
township's inbox exactly like a clerk-filed one (awaiting 受理)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from minzheng.benefits import programs
from minzheng.benefits.services import cases, documents
from minzheng.core import audit
from minzheng.core.errors import FieldError, ValidationFailed
from minzheng.portal import codes, policy, selectors
from minzheng.portal.models import Application, PortalAccount

PHOTO_TYPES = (".jpg", ".jpeg", ".png", ".pdf")
MAX_PHOTOS = 6


@dataclass
class Photo:
    name: str  # what the document is (身份证照片 …)
    filename: str
    data: bytes


def offered() -> list[policy.FormSpec]:
    """The programs a resident may apply for here (declared in the kernel, in codes.APPLY_PROGRAMS order)."""
    return [policy.form_for(p) for code in codes.APPLY_PROGRAMS if (p := programs.get(code)) is not None]


def form(code: str) -> policy.FormSpec:
    program = programs.get(code) if code in codes.APPLY_PROGRAMS else None
    if program is None:
        raise ValidationFailed([FieldError("program", "该项目暂不能网上申请，请到乡镇（街道）或村（社区）办理")])
    return policy.form_for(program)


def _check_photos(photos: list[Photo]) -> list[FieldError]:
    errors = []
    if len(photos) > MAX_PHOTOS:
        errors.append(FieldError("photos", f"最多上传 {MAX_PHOTOS} 张照片"))
    for i, p in enumerate(photos):
        suffix = ("." + p.filename.rsplit(".", 1)[-1].lower()) if "." in p.filename else ""
        if suffix not in PHOTO_TYPES:
            errors.append(FieldError(f"photos[{i}]", "只能上传 JPG、PNG 照片或 PDF 文件"))
        elif not p.data or len(p.data) > documents.MAX_BYTES or not documents.content_matches(suffix, p.data):
            errors.append(FieldError(f"photos[{i}]", "照片无法读取或超过 10 MB，请重新拍照上传"))
    return errors


def apply(account: PortalAccount, data: dict, photos: list[Photo] | None = None):
    """File an application for the citizen's own household; answers the kernel case (201 with its number)."""
    photos = photos or []
    household = selectors.own_household(account)
    spec = form(data.get("program", ""))
    person = account.person
    errors = _check_photos(photos)
    if spec.authorisation:
        signed = (data.get("authorisation_signed_by") or "").strip()
        if not data.get("authorise") or signed != person.name:
            errors.append(FieldError("authorisation_signed_by",
                                     "请阅读《家庭经济状况核对授权书》，勾选同意并签上您的姓名（与身份证一致）"))
    member_ids = [m.pk for m in selectors.members(account)]
    beneficiary = data.get("beneficiary_id")
    if spec.person and beneficiary not in member_ids:
        errors.append(FieldError("beneficiary_id", "请选择为哪位家庭成员申请"))
    if errors:
        raise ValidationFailed(errors)
    kernel = {"program": spec.program, "household_id": household.pk, "applicant_id": person.pk,
              "beneficiary_id": beneficiary if spec.person else None, "subtype": data.get("subtype") or "",
              "channel": "online", "bank_account": data.get("bank_account") or "",
              "bank_name": data.get("bank_name") or ""}
    if spec.requested_amount and data.get("requested_amount") not in (None, ""):
        kernel["facts"] = {"requested_amount": data["requested_amount"]}
    actor = selectors.actor_for(account, household)
    with transaction.atomic():
        case = cases.create_case(actor, kernel)
        now = timezone.now()
        Application.objects.create(
            account=account, case=case, program=spec.program, region_code=case.region_code,
            authorisation_version=codes.AUTHORISATION_VERSION if spec.authorisation else "",
            authorisation_signed_by=person.name if spec.authorisation else "",
            authorised_at=now if spec.authorisation else None, statement=(data.get("statement") or "")[:1000])
        audit.record(actor, audit.Event("portal_apply", "case", case.pk, case.region_code, {
            "program": [None, spec.program], "channel": [None, "online"], "photos": [None, len(photos)],
            "authorisation": [None, codes.AUTHORISATION_VERSION if spec.authorisation else ""]}))
        for photo in photos:
            documents.upload(actor, case.pk, photo.name or "申请材料照片", photo.filename, photo.data,
                             note="申请人在掌上民政上传")
    return case




def add_photo(account: PortalAccount, case, photo: Photo) -> None:
    """A photo added later to an own case (what 一次性告知 asked for); the kernel refuses it once decided."""
    errors = _check_photos([photo])
    if errors:
        raise ValidationFailed(errors)
    actor = selectors.actor_for(account)
    documents.upload(actor, case.pk, photo.name or "申请材料照片", photo.filename, photo.data,
                     note="申请人在掌上民政上传")


def letter_opened(account: PortalAccount, case) -> None:
    """The citizen opened (to print or save) the decision letter: audited as a print of personal data."""
    audit.record(selectors.actor_for(account), audit.Event("export", "case", case.pk, case.region_code,
                                                           {"print": [None, "decision"], "channel": [None, "portal"]}))
