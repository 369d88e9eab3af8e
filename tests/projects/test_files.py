"""Site photos and stage evidence are checked by their content and served only as downloads."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from datetime import timedelta
from typing import Any

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from zonetrack.projects import services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, StageTransition

from ..conftest import World, client_for

TODAY = timezone.localdate()
PREVIOUS_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def image_bytes(fmt: str, size: tuple[int, int] = (40, 20), **options: Any) -> bytes:
    # Noise, so that the compressed data is long enough to cut in the middle of the pixels.
    image = Image.merge("RGB", [Image.effect_noise(size, 60)] * 3)
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (40, 20)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "PhoneModel 12"  # Model
    exif[ORIENTATION] = 6  # the camera was turned: rotate 90° clockwise to show it upright
    exif[GPS_IFD] = {1: "N", 2: (36.0, 5.0, 17.0), 3: "E", 4: (111.0, 31.0, 4.0)}
    return image_bytes("JPEG", size, exif=exif.tobytes(), comment=b"taken at the site gate")


def png_bomb() -> bytes:
    """A valid small PNG made by Pillow whose header then claims 100,000 × 100,000 pixels."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    ihdr = 8 + 4  # signature, then the IHDR chunk's length
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", 100_000, 100_000)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 4 + 13]))
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def png_of_zeros(width: int, height: int) -> bytes:
    """A true bomb: a PNG of ``width × height`` black pixels whose data is a few hundred KB."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = bytes(1 + width * 3)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def submit_photo(world: World, name: str, data: bytes) -> ProgressReport:
    return services.report_submit(
        actor=world.a_manager,
        project=world.project_a,
        month=PREVIOUS_MONTH,
        invested_wan=1,
        photo=SimpleUploadedFile(name, data),
    )


def stored(field: Any) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_a_photo_is_stored_upright_without_exif_gps_or_comments(world: World) -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the test's premise
    report = submit_photo(world, "工地.jpeg", original)
    kept = stored(report.photo)
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG" and report.photo.name.endswith("工地.jpg")
    assert dict(image.getexif()) == {} and "exif" not in image.info
    assert "comment" not in image.info
    for secret in (b"Exif", b"CameraMaker", b"PhoneModel", b"site gate"):
        assert secret not in kept
    assert image.size == (20, 40)  # turned upright before its orientation tag was dropped


def test_a_png_photo_loses_its_text_chunks_and_a_webp_stays_webp(world: World) -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "GPS 36.088 111.518")
    report = submit_photo(world, "site.png", image_bytes("PNG", pnginfo=text))
    kept = stored(report.photo)
    assert b"GPS 36.088" not in kept and Image.open(io.BytesIO(kept)).size == (40, 20)
    report.delete()
    webp = submit_photo(world, "site", image_bytes("WEBP"))
    assert webp.photo.name.endswith("site.webp")
    assert Image.open(io.BytesIO(stored(webp.photo))).format == "WEBP"


GARBAGE = b"\x13garbage" * 400
HOSTILE_PHOTOS = {
    "truncated JPEG": ("site.jpg", lambda: image_bytes("JPEG", (200, 200))[:1500]),
    "JPEG header then garbage": (
        "site.jpg",
        lambda: image_bytes("JPEG")[:20] + b"\x13garbage" * 400,
    ),
    "PNG decompression bomb": ("site.png", png_bomb),
    "PNG of 52 million pixels in a small file": ("site.png", lambda: png_of_zeros(7500, 7000)),
    "HTML named .jpg": ("site.jpg", lambda: b"<html><script>alert(1)</script></html>"),
}


@pytest.mark.parametrize("case", HOSTILE_PHOTOS)
def test_a_photo_that_does_not_decode_in_full_is_a_field_error(world: World, case: str) -> None:
    name, make = HOSTILE_PHOTOS[case]
    url = reverse("projects:report_create", kwargs={"project_id": world.project_a.pk})
    response = client_for(world.a_manager).post(
        url,
        {
            "month": PREVIOUS_MONTH.strftime("%Y-%m"),
            "invested_wan": "10",
            "photo": SimpleUploadedFile(name, make()),
        },
    )
    assert response.status_code == 400
    assert "photo" in response.context["report_form"].errors
    assert not world.project_a.reports.exists()


def test_a_bomb_is_refused_with_the_pixel_limit(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        submit_photo(world, "site.png", png_bomb())
    assert "50" in caught.value.message_dict["photo"][0]


def docx_bytes() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("开工报告")
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["纳税凭证", 120])
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def ofd_bytes() -> bytes:
    return zip_bytes(
        {"OFD.xml": b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>'}
    )


def macro_docx() -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    return zip_bytes(members)


def move_with(world: World, name: str, data: bytes) -> StageTransition:
    [made] = services.project_transition(
        actor=world.a_manager,
        project=world.project_a,
        to_stage=Stage.PACKAGED,
        happened_on=TODAY,
        evidence=SimpleUploadedFile(name, data),
    )
    return made


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EVIDENCE = {
    "PDF": (
        "合同.pdf",
        lambda: b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n",
        ".pdf",
        "application/pdf",
    ),
    "JPEG": ("开工照片.JPG", jpeg_with_gps, ".jpg", "image/jpeg"),
    "PNG": ("permit.png", lambda: image_bytes("PNG"), ".png", "image/png"),
    "WebP": ("site.webp", lambda: image_bytes("WEBP"), ".webp", "image/webp"),
    "Word": ("说明.docx", docx_bytes, ".docx", "wordprocessingml.document"),
    "Excel": ("产值.xlsx", xlsx_bytes, ".xlsx", "spreadsheetml.sheet"),
    "OFD": ("发票.ofd", ofd_bytes, ".ofd", "application/ofd"),
    "Word sent without an extension": ("report", docx_bytes, ".docx", "wordprocessingml"),
}


@pytest.mark.parametrize("case", EVIDENCE)
def test_evidence_is_kept_as_sent_and_downloaded_as_its_type(world: World, case: str) -> None:
    name, make, extension, content_type = EVIDENCE[case]
    data = make()
    transition = move_with(world, name, data)
    assert transition.evidence.name.endswith(extension)
    assert stored(transition.evidence) == data  # images too: a verifier may judge their EXIF
    url = reverse(
        "projects:transition_detail",
        kwargs={"project_id": world.project_a.pk, "transition_id": transition.pk},
    )
    response = client_for(world.a_manager).get(url, {"file": "1"})
    assert response.status_code == 200
    assert content_type in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == data
    assert client_for(world.b_manager).get(url, {"file": "1"}).status_code == 404


BAD_EVIDENCE = {
    "HTML named .pdf": ("contract.pdf", lambda: b"<html><script>alert(1)</script></html>"),
    "SVG named .png": ("permit.png", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "a plain zip named .docx": ("report.docx", lambda: zip_bytes({"a.txt": b"x"})),
    "a macro-enabled Word document": ("report.docx", macro_docx),
    "an old binary Word file": ("report.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 64),
    "a program": ("permit.pdf.exe", lambda: b"MZ\x90\x00" + b"\x00" * 200),
    "a truncated JPEG": ("photo.jpg", lambda: image_bytes("JPEG", (200, 200))[:1500]),
    "a PNG bomb": ("photo.png", png_bomb),
}


@pytest.mark.parametrize("case", BAD_EVIDENCE)
def test_evidence_of_another_type_is_a_field_error(world: World, case: str) -> None:
    name, make = BAD_EVIDENCE[case]
    with pytest.raises(ValidationError) as caught:
        move_with(world, name, make())
    assert list(caught.value.message_dict) == ["evidence"]
    assert not StageTransition.objects.filter(project=world.project_a, evidence__gt="").exists()


def test_refused_evidence_names_what_is_accepted_on_the_page(world: World) -> None:
    url = reverse("projects:project_transition", kwargs={"project_id": world.project_a.pk})
    response = client_for(world.a_manager).post(
        url,
        {
            "stage": Stage.PACKAGED,
            "date": TODAY.isoformat(),
            "version": world.project_a.version,
            "evidence": SimpleUploadedFile("合同.pdf", b"<html>not a contract</html>"),
        },
    )
    assert response.status_code == 400
    [message] = response.context["transition_form"].errors["evidence"]
    for accepted in ("PDF", "JPEG", "PNG", "WebP", ".docx", ".xlsx", "OFD"):
        assert accepted in message


def test_files_stored_before_the_checks_are_still_only_downloads(world: World) -> None:
    [transition] = world.project_a.transitions.all()
    transition.evidence.save("old.html", ContentFile(b"<script>alert(1)</script>"))
    report = ProgressReport.objects.create(
        project=world.project_a, month=PREVIOUS_MONTH, invested_wan=1
    )
    report.photo.save("old.svg", ContentFile(b"<svg onload=alert(1)></svg>"))
    client = client_for(world.a_manager)
    evidence = reverse(
        "projects:transition_detail",
        kwargs={"project_id": world.project_a.pk, "transition_id": transition.pk},
    )
    photo = reverse(
        "projects:report_photo",
        kwargs={"project_id": world.project_a.pk, "report_id": report.pk},
    )
    for response in (client.get(evidence, {"file": "1"}), client.get(photo)):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
