"""Photos of place names and of boundary markers (issue 17): uploaded through the pages (a phone's camera input),
stored encrypted in the file store, served back inline to a user whose region holds the record and 404 to a user of
another county, refused in Chinese when not an image, audited; a marker's new photo replaces the previous one."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from minzheng.core import filestore
from minzheng.core.errors import Forbidden, ValidationFailed
from minzheng.core.models import AuditEntry, StoredFile
from minzheng.placenames.models import BoundaryMarker, PlaceNamePhoto
from minzheng.placenames.services import boundaries, places
from minzheng.placenames.tests.factories import place

pytestmark = pytest.mark.django_db

# A complete 1×1 PNG: signature, IHDR, IDAT, IEND.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
LINE = {"name": "城东—昌国界线", "level": "township", "left_region": "330902001000",
        "right_region": "330902002000", "length_km": "7.8",
        "geometry": {"type": "LineString", "coordinates": [[122.1, 30.0], [122.1, 30.1]]}, "segments": []}


def _png(name: str = "路牌.png", data: bytes = PNG, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def other_county(make_user):
    return make_user("county", "330903000000")  # 普陀区


@pytest.fixture
def marker(county):
    line = boundaries.create_line(county, LINE)
    return boundaries.add_marker(county, line.pk, {"number": "330902-007", "kind": "single", "lon": "122.1",
                                                   "lat": "30.02"})


def test_place_photo_uploaded_on_the_page_stored_encrypted_and_served_in_scope(county, other_county, make_user):
    row = place(county, "定海路")
    client = _client(county)
    form = client.get(f"/placenames/{row.pk}/photos/new/")
    html = form.content.decode()
    assert form.status_code == 200 and 'accept="image/*"' in html and 'capture="environment"' in html
    detail = client.get(f"/placenames/{row.pk}/").content.decode()
    assert f"/placenames/{row.pk}/photos/new/" in detail and "暂无照片" in detail

    answer = client.post(f"/placenames/{row.pk}/photos/new/", {"photo": _png(), "caption": "路口东侧路牌"})
    assert answer.status_code == 302 and answer["Location"] == f"/placenames/{row.pk}/"
    photo = PlaceNamePhoto.objects.get(place=row)
    assert photo.caption == "路口东侧路牌" and photo.file.category == "placename_photo"
    on_disk = filestore.path_of(photo.file.key).read_bytes()
    assert on_disk.startswith(filestore.MAGIC) and PNG not in on_disk and b"IHDR" not in on_disk

    url = f"/placenames/{row.pk}/photos/{photo.pk}/"
    detail = client.get(f"/placenames/{row.pk}/").content.decode()
    assert f'src="{url}"' in detail and "路口东侧路牌" in detail
    served = client.get(url)
    assert served.status_code == 200 and _body(served) == PNG and served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("inline") and served["Cache-Control"] == "no-store"
    township = _client(make_user("township", "330902001000"))  # 城东街道: the place is the county's, above it
    assert township.get(url).status_code == 404
    assert _client(make_user("county", "330902000000")).get(url).status_code == 200
    assert _client(other_county).get(url).status_code == 404
    assert _client(other_county).get(f"/placenames/{row.pk}/photos/new/").status_code == 404
    assert _client(make_user("auditor", "330902000000")).get(url).status_code == 403  # no placenames.view

    entry = AuditEntry.objects.filter(object_type="placename", object_id=str(row.pk),
                                      action="update").order_by("seq").last()
    assert entry.actor_id == county.pk and "路牌.png" in entry.changes["photo"][1]


def test_place_photo_refuses_what_is_not_an_image(county, make_user):
    row = place(county, "昌国路")
    client = _client(county)
    answer = client.post(f"/placenames/{row.pk}/photos/new/", {"photo": _png("说明.txt", b"hello", "text/plain")})
    assert answer.status_code == 422 and "照片应为 JPEG、PNG 或 WebP 格式" in answer.content.decode()
    answer = client.post(f"/placenames/{row.pk}/photos/new/", {"caption": "无文件"})
    assert answer.status_code == 422 and "请选择照片" in answer.content.decode()
    # A text file that claims to be a PNG: refused by its first bytes.
    with pytest.raises(ValidationFailed) as exc:
        places.add_photo(county, row.pk, _png("假.png", b"<html>not an image</html>"))
    assert exc.value.errors[0].message == "文件内容不是 JPEG、PNG 或 WebP 图片"
    big = _png()
    big.size = places.PHOTO_LIMIT + 1
    with pytest.raises(ValidationFailed) as exc:
        places.add_photo(county, row.pk, big)
    assert "10 MB" in exc.value.errors[0].message
    with pytest.raises(Forbidden):
        places.add_photo(make_user("township", "330902001000"), row.pk, _png())
    assert not PlaceNamePhoto.objects.exists() and not StoredFile.objects.filter(category="placename_photo").exists()


def test_marker_photo_uploaded_replaced_served_in_scope(county, other_county, make_user, marker,
                                                        django_capture_on_commit_callbacks):
    client = _client(county)
    listing = client.get("/placenames/markers/").content.decode()
    assert "<th" in listing and "照片" in listing and f"/placenames/markers/{marker.pk}/photo/new/" in listing
    form = client.get(f"/placenames/markers/{marker.pk}/photo/new/").content.decode()
    assert 'accept="image/*"' in form and 'capture="environment"' in form

    answer = client.post(f"/placenames/markers/{marker.pk}/photo/new/", {"photo": _png("界桩.png")})
    assert answer.status_code == 302 and answer["Location"] == f"/placenames/boundaries/{marker.line_id}/"
    first = BoundaryMarker.objects.select_related("photo").get(pk=marker.pk).photo
    assert first.category == "marker_photo"
    assert PNG not in filestore.path_of(first.key).read_bytes()
    url = f"/placenames/markers/{marker.pk}/photo/"
    assert f'href="{url}"' in client.get("/placenames/markers/").content.decode()
    served = client.get(url)
    assert served.status_code == 200 and _body(served) == PNG and served["Content-Type"] == "image/png"
    assert _client(make_user("township", "330902001000")).get(url).status_code == 404  # line managed by the county
    assert _client(other_county).get(url).status_code == 404
    assert _client(other_county).post(f"/placenames/markers/{marker.pk}/photo/new/",
                                      {"photo": _png()}).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        boundaries.set_marker_photo(county, marker.pk, SimpleUploadedFile("新.jpg", JPEG, "image/jpeg"))
    second = BoundaryMarker.objects.get(pk=marker.pk).photo
    assert second.pk != first.pk and not StoredFile.objects.filter(pk=first.pk).exists()
    assert not filestore.path_of(first.key).exists()  # the replaced photo's encrypted file is gone too
    assert _body(client.get(url)) == JPEG
    entries = AuditEntry.objects.filter(object_type="boundary_marker", object_id=str(marker.pk), action="update")
    assert [e.changes["photo"] for e in entries.order_by("seq")] == [[None, "界桩.png"], ["界桩.png", "新.jpg"]]

    answer = client.post(f"/placenames/markers/{marker.pk}/photo/new/",
                         {"photo": _png("界桩.pdf", b"%PDF-1.4", "application/pdf")})
    assert answer.status_code == 422 and "照片应为 JPEG、PNG 或 WebP 格式" in answer.content.decode()
    assert BoundaryMarker.objects.get(pk=marker.pk).photo_id == second.pk


def test_marker_without_photo_is_404_and_roles_refused(county, make_user, marker):
    assert _client(county).get(f"/placenames/markers/{marker.pk}/photo/").status_code == 404
    township = make_user("township", "330902001000")
    with pytest.raises(Forbidden):
        boundaries.set_marker_photo(township, marker.pk, _png())
    assert _client(make_user("auditor", "330902000000")).get(
        f"/placenames/markers/{marker.pk}/photo/").status_code == 403
