"""Content checks of the files attached to projects: site photos and stage evidence."""

from __future__ import annotations

import contextlib
import io
import struct
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

MAX_FILE_BYTES = 10 * 1024 * 1024
# A 50-megapixel camera's photo. Pillow's own cap (about 89 million pixels) would still let one
# upload of a few kilobytes take a worker over 250 MB and seconds to decode.
MAX_IMAGE_PIXELS = 50_000_000
# [Content_Types].xml of a real document is a few kilobytes; this much is read of it at most.
MAX_CONTENT_TYPES_BYTES = 256 * 1024


@dataclass(frozen=True)
class Kind:
    """A file type accepted by content: its extension and the type it is served with."""

    extension: str
    content_type: str
    image_format: str = ""  # Pillow's name of an image format


JPEG = Kind(".jpg", "image/jpeg", "JPEG")
PNG = Kind(".png", "image/png", "PNG")
WEBP = Kind(".webp", "image/webp", "WEBP")
PDF = Kind(".pdf", "application/pdf")
DOCX = Kind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
OFD = Kind(".ofd", "application/ofd")

IMAGE_KINDS = {kind.image_format: kind for kind in (JPEG, PNG, WEBP)}
KINDS = (JPEG, PNG, WEBP, PDF, DOCX, XLSX, OFD)
# The main part an Office document declares in its [Content_Types].xml.
OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}


def content_type_of(name: str) -> str:
    """The type a stored file is served with: by its extension, which the checks below chose
    from its content (files kept before them are sent as plain bytes unless their extension
    is one of ours)."""
    suffix = PurePath(name.lower()).suffix
    suffix = ".jpg" if suffix == ".jpeg" else suffix
    return next(
        (kind.content_type for kind in KINDS if kind.extension == suffix),
        "application/octet-stream",
    )


def _read(upload: UploadedFile, too_big: str, limit: int = MAX_FILE_BYTES) -> bytes:
    if upload.size and upload.size > limit:
        raise ValidationError(too_big, code="too_big")
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(too_big, code="too_big")
    return data


def _stored_name(upload: UploadedFile, kind: Kind, fallback: str) -> str:
    """The sender's file name with the extension of what the file really is."""
    stem = PurePath(upload.name or "").stem.strip() or fallback
    return f"{stem[:60]}{kind.extension}"


def decoded_image(data: bytes) -> tuple[Image.Image, Kind]:
    """The image in ``data`` decoded in full, if it is a JPEG, PNG or WebP image of at most
    ``MAX_IMAGE_PIXELS`` pixels; else a ``ValidationError`` with the code ``not_image``,
    ``too_large`` or ``damaged``."""
    not_an_image = ValidationError(
        _("The file must be a JPEG, PNG or WebP image."), code="not_image"
    )
    too_large = ValidationError(
        _("The image is too large: at most %(count)d million pixels.")
        % {"count": MAX_IMAGE_PIXELS // 1_000_000},
        code="too_large",
    )
    formats = list(IMAGE_KINDS)
    try:
        # verify() checks the structure (chunk checksums) without decoding; the image has to
        # be opened again after it. Opening reads only the header, so the size is known
        # before any pixel is decoded.
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise too_large
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=formats)
        image.load()
    except Image.DecompressionBombError as exc:
        raise too_large from exc
    except UnidentifiedImageError as exc:
        raise not_an_image from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        # Pillow reports truncated and corrupt data with these, depending on the format.
        raise ValidationError(_("The image is damaged or incomplete."), code="damaged") from exc
    kind = IMAGE_KINDS.get(image.format or "")
    if kind is None:
        raise not_an_image
    return image, kind


def clean_image(data: bytes) -> tuple[bytes, Kind]:
    """The image re-encoded in its own format without its metadata (EXIF with GPS position and
    camera, XMP, comments), turned upright first as its EXIF orientation said."""
    image, kind = decoded_image(data)
    # In place: a second copy of a large photo's pixels would double what a worker holds. A
    # broken EXIF block leaves the photo as it is; the block is dropped below all the same.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)
    # Only what the pixels need survives: the colour profile and PNG's transparent colour.
    keep = {k: v for k, v in image.info.items() if k in ("icc_profile", "transparency")}
    # A comprehension, not dict(): it takes the wider key type Pillow gives ``info``.
    image.info = {k: v for k, v in keep.items()}
    options: dict[str, object] = dict(keep)
    if kind is not PNG:
        options["quality"] = 90
    out = io.BytesIO()
    image.save(out, format=kind.image_format, **options)
    return out.getvalue(), kind


def _code(error: ValidationError) -> str | None:
    return error.error_list[0].code if error.error_list else None


def checked_photo(upload: UploadedFile, *, limit: int = MAX_FILE_BYTES) -> ContentFile:
    """A site photo: a JPEG, PNG or WebP image of at most ``limit`` bytes (10 MB) judged by
    decoding it in full, stored as a re-encoded copy without metadata."""
    data = _read(upload, _("Photos are limited to %(count)d MB.") % {"count": limit >> 20}, limit)
    try:
        clean, kind = clean_image(data)
    except ValidationError as exc:
        if _code(exc) == "not_image":
            raise ValidationError(_("The photo must be a JPEG, PNG or WebP image.")) from exc
        raise
    return ContentFile(clean, name=_stored_name(upload, kind, "photo"))


@dataclass(frozen=True)
class PhotoFacts:
    """When and where a photo says it was taken (its EXIF), as far as it says."""

    taken_at: datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


_EXIF_TIME = 0x9003  # DateTimeOriginal
_EXIF_TIME_PLAIN = 0x0132  # DateTime, when the camera wrote no DateTimeOriginal


def _degrees(value: object, ref: object, negative: str, bound: int) -> Decimal | None:
    """EXIF's (degrees, minutes, seconds) rationals and N/S or E/W as signed decimal degrees."""
    try:
        d, m, sec = (float(part) for part in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    number = d + m / 60 + sec / 3600
    if str(ref or "").strip().upper() == negative:
        number = -number
    if not -bound <= number <= bound or number != number:  # NaN compares false
        return None
    return Decimal(f"{number:.6f}")


def photo_facts(data: bytes) -> PhotoFacts:
    """The time (DateTimeOriginal, read as local time) and GPS position in a photo's EXIF, read
    from its header without decoding pixels; whatever is missing or malformed is None. Called
    before ``checked_photo`` drops the metadata from the copy it keeps."""
    taken_at = latitude = longitude = None
    try:
        with Image.open(io.BytesIO(data), formats=list(IMAGE_KINDS)) as image:
            exif = image.getexif()
            text = exif.get_ifd(ExifTags.IFD.Exif).get(_EXIF_TIME) or exif.get(_EXIF_TIME_PLAIN)
            if isinstance(text, str):
                with contextlib.suppress(ValueError):
                    taken_at = timezone.make_aware(
                        datetime.strptime(text.strip()[:19], "%Y:%m:%d %H:%M:%S")
                    )
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
            if gps:
                latitude = _degrees(gps.get(2), gps.get(1), "S", 90)
                longitude = _degrees(gps.get(4), gps.get(3), "W", 180)
    except Exception:
        # Metadata is a bonus; judging the content is checked_photo's work.
        return PhotoFacts()
    if latitude is None or longitude is None:
        latitude = longitude = None
    return PhotoFacts(taken_at, latitude, longitude)


def _office_or_ofd(data: bytes) -> Kind | None:
    """DOCX, XLSX or OFD told from the zip's directory (and, for Office, the main part its
    [Content_Types].xml declares); a macro-enabled document is not one of them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {info.filename for info in archive.infolist()}
        if "OFD.xml" in names:
            return OFD
        if "[Content_Types].xml" not in names or any(
            PurePath(name).name.lower() == "vbaproject.bin" for name in names
        ):
            return None
        with archive.open("[Content_Types].xml") as stream:
            types = stream.read(MAX_CONTENT_TYPES_BYTES)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    found = {kind for marker, kind in OFFICE_MAIN_PARTS.items() if marker in types}
    return found.pop() if len(found) == 1 else None


def checked_evidence(upload: UploadedFile) -> ContentFile:
    """Stage evidence of at most 10 MB whose content is a PDF, a JPEG, PNG or WebP image, a
    Word (.docx) or Excel (.xlsx) document, or an OFD document; stored as sent, under the
    extension of what it is.

    Images are decoded in full but not re-encoded: evidence is a record, and the date and
    place a photo was taken are part of what a verifier judges.
    """
    data = _read(upload, _("Evidence files are limited to 10 MB."))
    refused = ValidationError(
        _(
            "Evidence must be a PDF, a JPEG, PNG or WebP image, a Word (.docx) or Excel (.xlsx) "
            "document, or an OFD document."
        )
    )
    kind: Kind | None
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        kind = PDF
    elif data.startswith(b"PK\x03\x04"):
        kind = _office_or_ofd(data)
    else:
        try:
            _image, kind = decoded_image(data)
        except ValidationError as exc:
            if _code(exc) == "not_image":
                raise refused from exc
            raise
    if kind is None:
        raise refused
    return ContentFile(data, name=_stored_name(upload, kind, "evidence"))
