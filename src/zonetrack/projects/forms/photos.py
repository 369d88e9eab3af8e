"""The site-photo input of a form (several photos from the phone's camera, with the time and
position the page's script read for each), shared by the monthly report and the problem form."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..services import PhotoUpload

# The hidden field's JSON: one small object per photo; a few hundred bytes each at most.
META_MAX = 8000
PHOTO_HELP = _(
    "JPEG, PNG or WebP, several at once; the page makes them smaller before sending and adds "
    "the time and, if you allow it, the position."
)


class PhotosInput(forms.FileInput):
    """A file input for several photos that opens the phone's back camera; ``photos.js``
    compresses what is chosen and fills the form's ``photo_meta`` field."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several uploaded files (a list, maybe empty); their content is the service's to check."""

    widget = PhotosInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Site photos"))
        kwargs.setdefault("help_text", PHOTO_HELP)
        kwargs.setdefault(
            "widget",
            PhotosInput(
                attrs={
                    "accept": "image/*",
                    "capture": "environment",
                    "multiple": True,
                    "data-zt-photos": "",
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files if item]


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip()[:40].replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def photo_uploads(files: list[UploadedFile], meta: str) -> list[PhotoUpload]:
    """The uploaded photos with what the page's script said about each, in the order chosen
    (a list of ``{"taken_at": ISO time, "lat": …, "lng": …}``). Anything unreadable in it is
    ignored: the photo still counts, with the server's own time."""
    try:
        entries = json.loads(meta) if meta else []
    except ValueError:
        entries = []
    if not isinstance(entries, list):
        entries = []
    uploads = []
    for index, upload in enumerate(files):
        entry = entries[index] if index < len(entries) else None
        entry = entry if isinstance(entry, dict) else {}
        uploads.append(
            PhotoUpload(
                file=upload,
                taken_at=_when(entry.get("taken_at")),
                latitude=_number(entry.get("lat")),
                longitude=_number(entry.get("lng")),
            )
        )
    return uploads


class PhotosFormMixin:
    """A form with ``photo`` (the photos) and ``photo_meta``; ``cleaned_data["photos"]`` is
    the list of ``PhotoUpload`` the services take."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        data["photos"] = photo_uploads(data.get("photo") or [], data.get("photo_meta") or "")
        return data


class PhotoMetaField(forms.CharField):
    """The hidden JSON the page's script writes: time and position of each photo chosen."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", META_MAX)
        kwargs.setdefault("widget", forms.HiddenInput(attrs={"data-zt-photo-meta": ""}))
        super().__init__(**kwargs)
