"""Documents of a case through the pages: encrypted at rest, scoped, audited; unsupported files refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from minzheng import home
from minzheng.benefits.models import CaseDocument
from minzheng.benefits.tests.factories import today
from minzheng.benefits.tests.pages import apply_for_dibao, login
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
    stored = next(home.home_dir("documents").rglob(f"{doc.storage_key}.bin")).read_bytes()
    assert b"WANG Fang" not in stored and len(stored) > len(content)
    assert case.events.filter(action="record_document").count() == 1

    got = village.get(f"/benefits/cases/{case.pk}/documents/{doc.pk}/")
    assert got.status_code == 200 and got.content == content
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
