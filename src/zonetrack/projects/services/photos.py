"""Site photos taken on a phone: checked, dated and placed, attached to a monthly report or to a
record of an app built on projects (a dispatch problem)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zonetrack.audit.services import actor_user, tracked_create

from .. import files
from ..models import ProgressReport, Project, SitePhoto

if TYPE_CHECKING:
    from zonetrack.accounts.models import User

# How many photos one report (or problem) takes, and how large each may be before the browser's
# compression; both can be set in the settings.
DEFAULT_PHOTOS_PER_RECORD = 6


def photos_per_record() -> int:
    """The most photos one report or problem takes (``ZONETRACK_PHOTOS_PER_REPORT``)."""
    return int(getattr(settings, "ZONETRACK_PHOTOS_PER_REPORT", DEFAULT_PHOTOS_PER_RECORD))


def photo_max_bytes() -> int:
    """The largest photo accepted (``ZONETRACK_PHOTO_MAX_MB``, default 10 MB)."""
    return int(getattr(settings, "ZONETRACK_PHOTO_MAX_MB", files.MAX_FILE_BYTES >> 20)) << 20


@dataclass(frozen=True)
class PhotoUpload:
    """One uploaded photo with what the phone said about it (the time the camera or the file
    gave, the position the browser was allowed to read); all optional."""

    file: UploadedFile
    taken_at: datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class CheckedPhoto:
    """A photo ready to store: its cleaned copy, its time and its position."""

    content: ContentFile
    taken_at: datetime
    latitude: Decimal | None
    longitude: Decimal | None


def _position(value: Decimal | None, bound: int) -> Decimal | None:
    if value is None or not value.is_finite() or not -bound <= value <= bound:
        return None
    return value.quantize(Decimal("0.000001"))


def photos_check(uploads: Sequence[PhotoUpload], *, field: str = "photo") -> list[CheckedPhoto]:
    """Every photo checked by its content (JPEG, PNG or WebP, size and pixel caps), at most
    ``photos_per_record()`` of them; errors are one ``ValidationError`` under ``field``, each
    message naming its file.

    The time is the photo's own EXIF time when it has one (a photo sent without the page's
    script), else what the phone gave, else now; the position likewise, kept only in pair and
    within WGS-84's ranges, and dropped when the position given is missing or out of range.
    """
    limit = photos_per_record()
    if len(uploads) > limit:
        raise ValidationError(
            {
                field: ngettext(
                    "At most %(count)d photo can be attached.",
                    "At most %(count)d photos can be attached.",
                    limit,
                )
                % {"count": limit}
            }
        )
    now = timezone.now()
    checked: list[CheckedPhoto] = []
    messages: list[str] = []
    for upload in uploads:
        name = upload.file.name or _("photo")
        try:
            content = files.checked_photo(upload.file, limit=photo_max_bytes())
        except ValidationError as exc:
            messages.extend(f"{name}: {message}" for message in exc.messages)
            continue
        upload.file.seek(0)
        facts = files.photo_facts(upload.file.read(photo_max_bytes() + 1))
        upload.file.seek(0)
        latitude, longitude = facts.latitude, facts.longitude
        if latitude is None or longitude is None:
            latitude = _position(upload.latitude, 90)
            longitude = _position(upload.longitude, 180)
            if latitude is None or longitude is None:
                latitude = longitude = None
        taken_at = facts.taken_at or upload.taken_at or now
        # A clock set wrong (or a forged field) does not put a photo in the future.
        checked.append(CheckedPhoto(content, min(taken_at, now), latitude, longitude))
    if messages:
        raise ValidationError({field: messages})
    return checked


def photos_store(
    *,
    actor: User | None,
    project: Project,
    photos: Sequence[CheckedPhoto],
    report: ProgressReport | None = None,
    attached_to: models.Model | None = None,
) -> list[SitePhoto]:
    """Store checked photos of a project, each recorded in the history. The caller has decided
    that the actor may write the report or record they belong to."""
    attached_type = (
        ContentType.objects.get_for_model(attached_to) if attached_to is not None else None
    )
    person = actor_user(actor)
    stored = []
    for photo in photos:
        row = SitePhoto(
            project=project,
            report=report,
            attached_type=attached_type,
            attached_id=attached_to.pk if attached_to is not None else None,
            taken_at=photo.taken_at,
            latitude=photo.latitude,
            longitude=photo.longitude,
            uploaded_by=person,
        )
        # checked_photo names every copy it makes.
        row.file.save(cast(str, photo.content.name), photo.content, save=False)
        stored.append(tracked_create(actor=actor, obj=row))
    return stored
