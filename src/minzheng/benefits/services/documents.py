"""Uploaded case documents (申请材料): recorded on the case timeline through the `record_document` action (so the
same role and state rules apply), stored SM4-encrypted under MINZHENG_HOME/documents, read back only through
the case's scoping, and every download audited (documents carry ID copies and income proofs)."""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from dataclasses import dataclass

from django.db import transaction

from minzheng import home
from minzheng.benefits.models import CaseDocument
from minzheng.benefits.services import cases
from minzheng.core import audit, crypto
from minzheng.core.errors import FieldError, NotFound, ValidationFailed

MAX_BYTES = 10 * 1024 * 1024
# What a clerk scans or photographs, and office documents; nothing executable.
ALLOWED = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
           ".tif": "image/tiff", ".tiff": "image/tiff", ".ofd": "application/ofd",
           ".doc": "application/msword",
           ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           ".xls": "application/vnd.ms-excel",
           ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Download:
    filename: str
    content_type: str
    data: bytes


def _path(key: str):
    return home.home_dir("documents", key[:2]) / f"{key}.bin"


def _suffix(filename: str) -> str:
    return ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""


def upload(actor, case_id, name: str, filename: str, data: bytes, note: str = "") -> CaseDocument:
    """Attach a file to a case: validates it (Chinese reasons, 422), records the action, writes the encrypted
    bytes, then the row — the file is removed again when the transaction does not commit."""
    filename = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    errors = []
    suffix = _suffix(filename)
    if not data:
        errors.append(FieldError("file", "请选择要上传的文件（文件不能为空）"))
    elif len(data) > MAX_BYTES:
        errors.append(FieldError("file", f"文件过大：{len(data) // 1024} KB，"
                                         f"单个文件不能超过 {MAX_BYTES // 1024 // 1024} MB"))
    if data and suffix not in ALLOWED:
        errors.append(FieldError("file", f"不支持的文件类型“{suffix or '无扩展名'}”，"
                                         f"可上传：{'、'.join(sorted(ALLOWED))}"))
    if not (name or "").strip():
        errors.append(FieldError("name", "须填写材料名称"))
    if errors:
        raise ValidationFailed(errors)
    key = uuid.uuid4().hex
    path = _path(key)
    with transaction.atomic():
        case = cases.act(actor, case_id, "record_document",
                         {"name": name.strip(), "note": (note or "").strip() or f"上传文件：{filename}"})
        path.write_bytes(crypto.encrypt_bytes(data))
        try:
            doc = CaseDocument.objects.create(
                case=case, event=case.events.order_by("-id").first(), name=name.strip()[:200], filename=filename,
                content_type=ALLOWED[suffix], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                storage_key=key, uploaded_by=actor)
            audit.record(actor, audit.Event("create", "case_document", doc.pk, case.region_code,
                                            {"case": [None, case.pk], "name": [None, doc.name],
                                             "filename": [None, filename], "sha256": [None, doc.sha256]}))
        except Exception:
            path.unlink(missing_ok=True)
            raise
    return doc


def download(actor, case_id, document_id) -> Download:
    """The decrypted file, for a user who can see the case (404 otherwise); audited as an export."""
    from minzheng.benefits.selectors import get_case

    case = get_case(actor, case_id)
    doc = CaseDocument.objects.filter(case=case, pk=document_id).first()
    if doc is None:
        raise NotFound()
    data = crypto.decrypt_bytes(_path(doc.storage_key).read_bytes())
    if hashlib.sha256(data).hexdigest() != doc.sha256:  # tampered or swapped file on disk
        raise ValidationFailed.one("file", "文件校验失败（与上传时的摘要不符），请联系系统管理员")
    audit.record(actor, audit.Event("export", "case_document", doc.pk, case.region_code,
                                    {"case": [None, case.pk], "filename": [None, doc.filename]}))
    return Download(doc.filename, doc.content_type or mimetypes.guess_type(doc.filename)[0] or
                    "application/octet-stream", data)
