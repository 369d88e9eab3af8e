"""Site photos of a monthly report: several per report, checked by content within the limits,
dated and placed from their EXIF or from what the phone said, shown and served through the gate."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from zonetrack.audit.models import Change
from zonetrack.projects import services
from zonetrack.projects.models import SitePhoto

from ..conftest import World, client_for
from .test_files import image_bytes, jpeg_with_gps, png_bomb

TODAY = timezone.localdate()
PREVIOUS_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    # The services' messages in English (pages are in the user's language, Chinese first).
    with translation.override("en"):
        yield


def jpeg_taken_at(when: str) -> bytes:
    """A JPEG whose EXIF says when it was taken (and where: 36°5'17"N 111°31'4"E)."""
    exif = Image.open(io.BytesIO(jpeg_with_gps())).getexif()
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = when
    return image_bytes("JPEG", (60, 40), exif=exif.tobytes())


def upload(name: str, data: bytes, **meta: Any) -> services.PhotoUpload:
    return services.PhotoUpload(file=SimpleUploadedFile(name, data), **meta)


def submit(world: World, *photos: services.PhotoUpload) -> Any:
    return services.report_submit(
        actor=world.a_manager,
        project=world.project_a,
        month=PREVIOUS_MONTH,
        invested_wan=Decimal(1),
        photos=list(photos),
    )


def test_a_report_keeps_several_photos_with_the_time_and_place_their_exif_gives(
    world: World,
) -> None:
    report = submit(
        world,
        upload("东门.jpg", jpeg_taken_at("2026:11:03 09:15:00")),
        upload("塔吊.png", image_bytes("PNG")),
    )
    first, second = report.photos.all()
    assert timezone.localtime(first.taken_at).replace(tzinfo=None) == datetime(2026, 11, 3, 9, 15)
    assert (first.latitude, first.longitude) == (Decimal("36.088056"), Decimal("111.517778"))
    assert first.file.name.endswith("东门.jpg") and second.file.name.endswith("塔吊.png")
    # The stored copy has lost its EXIF (position, camera): the row keeps what was needed.
    with first.file.open("rb") as handle:
        assert not Image.open(handle).getexif()
    assert second.latitude is None and second.longitude is None
    assert abs(second.taken_at - timezone.now()) < timedelta(minutes=1)
    assert {photo.uploaded_by for photo in (first, second)} == {world.a_manager}
    photo_type = ContentType.objects.get_for_model(SitePhoto)
    assert Change.objects.filter(content_type=photo_type, action="create").count() == 2


def test_a_photo_without_exif_takes_the_time_and_position_the_phone_gave(world: World) -> None:
    taken = timezone.now() - timedelta(hours=3)
    report = submit(
        world,
        upload(
            "a.jpg",
            image_bytes("JPEG"),
            taken_at=taken,
            latitude=Decimal("30.25"),
            longitude=Decimal("120.1666667"),
        ),
        # Out of WGS-84's ranges: the position is dropped, the photo kept.
        upload("b.jpg", image_bytes("JPEG"), latitude=Decimal("95"), longitude=Decimal("10")),
        # A phone clock in the future does not date a photo after its upload.
        upload("c.jpg", image_bytes("JPEG"), taken_at=timezone.now() + timedelta(days=30)),
    )
    a, b, c = sorted(report.photos.all(), key=lambda photo: photo.file.name)
    assert a.taken_at == taken
    assert (a.latitude, a.longitude) == (Decimal("30.250000"), Decimal("120.166667"))
    assert b.latitude is None and b.longitude is None
    assert c.taken_at <= timezone.now()


def test_more_photos_than_the_settings_allow_are_refused_with_nothing_kept(
    world: World, settings: Any
) -> None:
    settings.ZONETRACK_PHOTOS_PER_REPORT = 2
    photos = [upload(f"{n}.png", image_bytes("PNG")) for n in range(3)]
    with pytest.raises(ValidationError) as caught:
        submit(world, *photos)
    assert caught.value.message_dict["photo"] == ["At most 2 photos can be attached."]
    assert not world.project_a.reports.exists() and not SitePhoto.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("site.jpg", b"%PDF-1.4 not a photo", "The photo must be a JPEG, PNG or WebP image."),
        (
            "site.svg",
            b"<svg onload=alert(1)></svg>",
            "The photo must be a JPEG, PNG or WebP image.",
        ),
        ("cut.jpg", image_bytes("JPEG", (200, 200))[:1500], "The image is damaged or incomplete."),
        ("bomb.png", png_bomb(), "The image is too large: at most 50 million pixels."),
    ],
)
def test_a_bad_photo_among_good_ones_is_named_in_the_field_error(
    world: World, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        submit(world, upload("good.png", image_bytes("PNG")), upload(name, data))
    assert caught.value.message_dict["photo"] == [f"{name}: {message}"]
    assert not SitePhoto.objects.exists()


def test_a_photo_over_the_configured_size_is_refused(world: World, settings: Any) -> None:
    settings.ZONETRACK_PHOTO_MAX_MB = 1
    big = image_bytes("PNG") + b"\x00" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        submit(world, upload("big.png", big))
    assert caught.value.message_dict["photo"] == ["big.png: Photos are limited to 1 MB."]


def test_a_position_is_a_pair_within_wgs84(world: World) -> None:
    photo = SitePhoto(
        project=world.project_a, taken_at=timezone.now(), latitude=Decimal("91"), file="x.jpg"
    )
    with pytest.raises(ValidationError) as caught:
        photo.full_clean()
    assert "latitude" in caught.value.message_dict
    assert "__all__" in caught.value.message_dict  # a latitude without a longitude


def post_report(client: Any, world: World, files: list[Any], meta: Any) -> Any:
    url = reverse("projects:report_create", kwargs={"project_id": world.project_a.pk})
    data = {
        "month": PREVIOUS_MONTH.strftime("%Y-%m"),
        "invested_wan": "10",
        "photo": files,
        "photo_meta": meta if isinstance(meta, str) else json.dumps(meta),
    }
    return client.post(url, data)


def test_the_report_form_files_photos_shown_on_the_page_and_served_only_to_insiders(
    world: World,
) -> None:
    client = client_for(world.a_manager)
    taken = "2026-11-20T14:05:00+08:00"
    response = post_report(
        client,
        world,
        [
            SimpleUploadedFile("一.jpg", image_bytes("JPEG")),
            SimpleUploadedFile("二.png", image_bytes("PNG")),
        ],
        [{"taken_at": taken, "lat": 36.1, "lng": 111.5}, {"taken_at": "nonsense", "lat": "x"}],
    )
    assert response.status_code == 302
    one, two = world.project_a.reports.get().photos.order_by("file")
    assert one.taken_at == datetime.fromisoformat(taken)
    assert (one.latitude, one.longitude) == (Decimal("36.1"), Decimal("111.5"))
    assert two.latitude is None
    page = client.get(reverse("projects:project_detail", kwargs={"project_id": world.project_a.pk}))
    text = page.content.decode()
    url = reverse(
        "projects:site_photo", kwargs={"project_id": world.project_a.pk, "photo_id": one.pk}
    )
    assert f'src="{url}"' in text
    assert "11-20 14:05" in text and "36.1000, 111.5000" in text
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    # Another zone's people, and the right photo under another project's URL, get nothing.
    assert client_for(world.b_manager).get(url).status_code == 404
    other = reverse(
        "projects:site_photo", kwargs={"project_id": world.project_b.pk, "photo_id": one.pk}
    )
    assert client.get(other).status_code == 404


def test_a_bad_photo_in_the_form_is_a_field_error_not_a_500(world: World) -> None:
    client = client_for(world.a_manager)
    response = post_report(
        client, world, [SimpleUploadedFile("假.jpg", b"GIF89a not really")], "{broken json"
    )
    assert response.status_code == 400
    assert response.context["report_form"].errors["photo"] == [
        "假.jpg: 照片须为 JPEG、PNG 或 WebP 格式的图片。"
    ]
    assert not world.project_a.reports.exists()


def test_the_photo_input_opens_the_camera_for_several_photos(world: World) -> None:
    # The report form, as the project page's fold fetches it.
    page = client_for(world.a_manager).get(
        reverse("projects:report_create", kwargs={"project_id": world.project_a.pk}),
        headers={"HX-Request": "true"},
    )
    text = page.content.decode()
    assert 'accept="image/*"' in text and 'capture="environment"' in text
    assert "multiple" in text and "zonetrack/photos.js" in text


def test_the_project_page_reads_photos_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.a_manager)
    url = reverse("projects:project_detail", kwargs={"project_id": world.project_a.pk})
    submit(world, upload("a.png", image_bytes("PNG")))
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    for months_back in range(1, 6):
        month = (PREVIOUS_MONTH - timedelta(days=28 * months_back)).replace(day=1)
        services.report_submit(
            actor=world.a_manager,
            project=world.project_a,
            month=month,
            invested_wan=Decimal(1),
            photos=[upload(f"{months_back}-{n}.png", image_bytes("PNG")) for n in range(2)],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
