"""Uploaded case documents (申请材料): recorded on the case timeline through the `record_document` action (so the
same role and state rules apply), stored SM4-encrypted in the file store (core.filestore, category "case_document",
kept; segments bound to the stored file), read back only through the case's scoping, and every download audited
(documents carry ID copies and income proofs).

The content must be what the name says: the first bytes are checked against the declared type's signature (HTML
named .pdf is refused), office and OFD files must be the zip or OLE container their type uses. A stored file whose
bytes no longer match the digest recorded at upload is refused on download. Documents stored before the file store
(MINZHENG_HOME/documents/*.bin) are still read, their digest checked the same way."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import zipfile
from dataclasses import dataclass

from django.db import transaction

from minzheng import home
from minzheng.benefits.models import CaseDocument
from minzheng.benefits.services import cases
from minzheng.core import audit, crypto, filestore
from minzheng.core.errors import FieldError, NotFound, ValidationFailed
from minzheng.core.models import StoredFile

MAX_BYTES = 10 * 1024 * 1024
# What a clerk scans or photographs, and office documents; nothing executable.
ALLOWED = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
           ".tif": "image/tiff", ".tiff": "image/tiff", ".ofd": "application/ofd",
           ".doc": "application/msword",
           ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           ".xls": "application/vnd.ms-excel",
           ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


PDF, JPEG, PNG = (b"%PDF-",), (b"\xff\xd8\xff",), (b"\x89PNG\r\n\x1a\n",)
TIFF, ZIP, OLE = (b"II*\x00", b"MM\x00*"), (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# Declared type → the signatures its bytes must start with, and (zip containers) a member the format always has.
SIGNATURES = {".pdf": (PDF, None), ".jpg": (JPEG, None), ".jpeg": (JPEG, None), ".png": (PNG, None),
              ".tif": (TIFF, None), ".tiff": (TIFF, None), ".ofd": (ZIP, "OFD.xml"), ".doc": (OLE, None),
              ".xls": (OLE, None), ".docx": (ZIP, "word/document.xml"), ".xlsx": (ZIP, "xl/workbook.xml")}
TYPE_NAMES = {".pdf": "PDF", ".jpg": "JPEG 图片", ".jpeg": "JPEG 图片", ".png": "PNG 图片", ".tif": "TIFF 图片",
              ".tiff": "TIFF 图片", ".ofd": "OFD 版式文件", ".doc": "Word 文档", ".xls": "Excel 表格",
              ".docx": "Word 文档", ".xlsx": "Excel 表格"}


def content_matches(suffix: str, data: bytes) -> bool:
    """Whether the bytes are the type the file name declares (magic bytes; for zip containers, their member)."""
    starts, member = SIGNATURES[suffix]
    if not data.startswith(starts):
        return False
    if member is None:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(n == member or n.endswith("/" + member) for n in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@dataclass
class Download:
    filename: str
    content_type: str
    data: bytes


def _legacy_path(key: str):
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
    elif data and len(data) <= MAX_BYTES and not content_matches(suffix, data):
        errors.append(FieldError("file", f"文件内容与扩展名“{suffix}”不符：不是有效的{TYPE_NAMES[suffix]}，"
                                         "请上传原始文件"))
    if not (name or "").strip():
        errors.append(FieldError("name", "须填写材料名称"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        case = cases.act(actor, case_id, "record_document",
                         {"name": name.strip(), "note": (note or "").strip() or f"上传文件：{filename}"})
        stored = filestore.save(data, category="case_document", name=filename, actor=actor,
                                region_code=case.region_code, content_type=ALLOWED[suffix])
        try:
            doc = CaseDocument.objects.create(
                case=case, event=case.events.order_by("-id").first(), name=name.strip()[:200], filename=filename,
                content_type=ALLOWED[suffix], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                storage_key=stored.key, uploaded_by=actor)
            audit.record(actor, audit.Event("create", "case_document", doc.pk, case.region_code,
                                            {"case": [None, case.pk], "name": [None, doc.name],
                                             "filename": [None, filename], "sha256": [None, doc.sha256]}))
        except Exception:
            filestore.path_of(stored.key).unlink(missing_ok=True)
            raise
    return doc


def _read(doc: CaseDocument) -> bytes:
    """The decrypted bytes; a file that fails to decrypt or whose digest differs from the upload's is refused."""
    stored = StoredFile.objects.filter(key=doc.storage_key, category="case_document").first()
    if stored is not None:
        data = filestore.read_bytes(stored)  # segments authenticated, digest checked
    else:
        try:
            data = crypto.decrypt_bytes(_legacy_path(doc.storage_key).read_bytes())
        except Exception:
            raise filestore.TamperedFile() from None
    if hashlib.sha256(data).hexdigest() != doc.sha256:  # tampered or swapped file on disk
        raise filestore.TamperedFile()
    return data


def download(actor, case_id, document_id) -> Download:
    """The decrypted file, for a user who can see the case (404 otherwise); audited as an export."""
    from minzheng.benefits.selectors import get_case

    case = get_case(actor, case_id)
    doc = CaseDocument.objects.filter(case=case, pk=document_id).first()
    if doc is None:
        raise NotFound()
    data = _read(doc)
    audit.record(actor, audit.Event("export", "case_document", doc.pk, case.region_code,
                                    {"case": [None, case.pk], "filename": [None, doc.filename]}))
    return Download(doc.filename, doc.content_type or mimetypes.guess_type(doc.filename)[0] or
                    "application/octet-stream", data)
