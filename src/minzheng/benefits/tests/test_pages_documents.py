"""Documents of a case through the pages: encrypted at rest, scoped, audited; unsupported files refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng.benefits.models import CaseDocument
from minzheng.benefits.services import documents
from minzheng.benefits.tests.factories import today
from minzheng.benefits.tests.pages import apply_for_dibao, login
from minzheng.core import filestore
from minzheng.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_documents_are_encrypted_at_rest_scoped_and_audited(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    case = apply_for_dibao(village, poor_family)
    content = b"%PDF-1.4 ID copy of WANG Fang 330902198003150000"

    response = village.post(f"/benefits/cases/{case.pk}/documents/", {
        "name": "身份证复印件", "note": "", "file": SimpleUploadedFile("id.pdf", content, "application/pdf")})
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = CaseDocument.objects.get(case=case)
    on_disk = filestore.path_of(doc.storage_key)
    stored = on_disk.read_bytes()
    assert b"WANG Fang" not in stored and len(stored) > len(content) and on_disk.stat().st_mode & 0o777 == 0o600
    assert case.events.filter(action="record_document").count() == 1

    got = village.get(f"/benefits/cases/{case.pk}/documents/{doc.pk}/")
    assert got.status_code == 200 and got.content == content and got["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="export", object_type="case_document", object_id=str(doc.pk)).exists()
    other = login(staff["other_village"])
    assert other.get(f"/benefits/cases/{case.pk}/documents/{doc.pk}/").status_code == 404

    bad = village.post(f"/benefits/cases/{case.pk}/documents/", {
        "name": "脚本", "file": SimpleUploadedFile("run.exe", b"MZ...", "application/octet-stream")})
    assert bad.status_code == 422 and "不支持的文件类型" in bad.content.decode()
    assert CaseDocument.objects.filter(case=case).count() == 1


def test_a_paper_document_is_registered_without_a_file(staff, poor_family, demo_standards, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    case = apply_for_dibao(village, poor_family)
    response = village.post(f"/benefits/cases/{case.pk}/documents/",
                            {"name": "户口簿（已查验原件）", "note": "原件已退还"})
    assert response.status_code == 302 and response["Location"].endswith("#documents")
    event = case.events.get(action="record_document")
    assert event.data == {"name": "户口簿（已查验原件）", "note": "原件已退还"}
    assert not CaseDocument.objects.filter(case=case).exists()


def _case(staff, poor_family, monkeypatch):
    today(monkeypatch, "2026-11-02")
    village = login(staff["village"])
    return village, apply_for_dibao(village, poor_family)


def test_content_must_match_the_declared_type(staff, poor_family, demo_standards, monkeypatch):
    """Issue 11 defect 16: HTML bytes named .pdf were accepted."""
    village, case = _case(staff, poor_family, monkeypatch)
    for name, data in [("证明.pdf", b"<html><script>alert(1)</script></html>"), ("照片.jpg", b"%PDF-1.4 not a jpeg"),
                       ("表.xlsx", b"PK\x03\x04 truncated zip"), ("申请.docx", b"<html></html>")]:
        bad = village.post(f"/benefits/cases/{case.pk}/documents/", {
            "name": "材料", "file": SimpleUploadedFile(name, data, "application/pdf")})
        assert bad.status_code == 422 and "文件内容与扩展名" in bad.content.decode(), name
    assert not CaseDocument.objects.filter(case=case).exists()
    assert documents.content_matches(".png", b"\x89PNG\r\n\x1a\n....")
    assert documents.content_matches(".pdf", b"%PDF-1.7\n...")


def test_the_ten_megabyte_limit(staff, poor_family, demo_standards, monkeypatch):
    """Issue 11 defect 15: the 10 MB limit was untested."""
    village, case = _case(staff, poor_family, monkeypatch)
    limit = documents.MAX_BYTES
    over = village.post(f"/benefits/cases/{case.pk}/documents/", {
        "name": "扫描件", "file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"0" * (limit - 7), "application/pdf")})
    assert over.status_code == 422 and "单个文件不能超过 10 MB" in over.content.decode()
    at = village.post(f"/benefits/cases/{case.pk}/documents/", {
        "name": "扫描件", "file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"0" * (limit - 8), "application/pdf")})
    assert at.status_code == 302
    assert CaseDocument.objects.get(case=case).size == limit


def test_a_changed_stored_file_is_refused_on_download(staff, poor_family, demo_standards, monkeypatch):
    """Issue 11 defect 15: a changed digest on read was untested. A flipped byte in the encrypted file, a file
    swapped for another document's, and a row whose digest no longer matches are all refused."""
    village, case = _case(staff, poor_family, monkeypatch)
    for name in ("a.pdf", "b.pdf"):
        village.post(f"/benefits/cases/{case.pk}/documents/", {
            "name": name, "file": SimpleUploadedFile(name, b"%PDF-1.4 " + name.encode() * 50, "application/pdf")})
    first, second = CaseDocument.objects.filter(case=case).order_by("id")
    url = f"/benefits/cases/{case.pk}/documents/{first.pk}/"
    assert village.get(url).status_code == 200
    path = filestore.path_of(first.storage_key)
    original = path.read_bytes()

    flipped = bytearray(original)
    flipped[-20] ^= 1
    path.write_bytes(bytes(flipped))
    refused = village.get(url, follow=True)
    assert "文件校验失败" in refused.content.decode()
    path.write_bytes(filestore.path_of(second.storage_key).read_bytes())  # another document's ciphertext
    assert "文件校验失败" in village.get(url, follow=True).content.decode()
    path.write_bytes(original)
    CaseDocument.objects.filter(pk=first.pk).update(sha256="0" * 64)  # the recorded digest changed
    assert "文件校验失败" in village.get(url, follow=True).content.decode()
    assert AuditEntry.objects.filter(action="export", object_type="case_document",
                                     object_id=str(first.pk)).count() == 1  # only the download that succeeded
