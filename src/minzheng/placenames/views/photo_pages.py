"""Photos of place names and of boundary markers (界桩): the upload pages (a phone opens its camera) and the views
that serve one photo, decrypted from the encrypted file store, to a user whose region holds the record (404
otherwise; 403 first for a role that may not see place names). Reads through placenames.selectors, writes and
the file store through placenames.services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from minzheng.core import roles
from minzheng.core.errors import Forbidden
from minzheng.core.pages.forms import ServiceFormPage
from minzheng.placenames import forms, selectors
from minzheng.placenames.services import boundaries, places

VIEW, CHANGE = "placenames.view", "placenames.change"


def _require_view(user) -> None:
    if not roles.has_perm(user, VIEW):
        raise Forbidden("您的角色无权查看区划地名")


class PlacePhotoUpload(ServiceFormPage):
    title = "上传地名照片"
    description = "照片加密保存，在地名页显示；手机上可直接拍照上传。"
    permission = CHANGE
    form_class = forms.PlacePhotoForm
    object_selector = staticmethod(lambda user, pk: selectors.get_placename(user, pk, "change"))
    submit_label = "上传"
    success_message = "已上传照片"
    success_url = staticmethod(lambda row: reverse("placenames_detail", args=[row.place_id]))

    def call_service(self, data, comment):
        return places.add_photo(self.request.user, self.object.pk, data.get("photo"), data.get("caption") or "")


class MarkerPhotoUpload(ServiceFormPage):
    title = "上传界桩照片"
    description = "照片加密保存；新照片替换原有照片。手机上可直接拍照上传。"
    permission = CHANGE
    form_class = forms.MarkerPhotoForm
    object_selector = staticmethod(lambda user, pk: selectors.get_marker(user, pk, "change"))
    submit_label = "上传"
    success_message = "已上传界桩照片"
    success_url = staticmethod(lambda row: reverse("placenames_line", args=[row.line_id]))

    def call_service(self, data, comment):
        return boundaries.set_marker_photo(self.request.user, self.object.pk, data.get("photo"))


@login_required
def place_photo(request, pk: int, photo_id: int):
    """One photo of a place name, inline (the place's page shows it as a thumbnail)."""
    _require_view(request.user)
    return places.photo_response(request.user, pk, photo_id)


@login_required
def marker_photo(request, pk: int):
    """The photo of a boundary marker, inline."""
    _require_view(request.user)
    return boundaries.marker_photo_response(request.user, pk)
