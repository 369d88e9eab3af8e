"""Site photos on a phone (390 × 844, touch): the zone's project officer files a monthly report
with a camera photo chosen in the file chooser (made smaller in the browser, dated and placed)
and sees its thumbnail; then raises a problem with a photo."""

from __future__ import annotations

import io
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from PIL import Image

from tests.conftest import World
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.selectors import problem_photos
from zonetrack.projects.models import Project, SitePhoto

from .test_shell import REPO_ROOT, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WHERE = {"latitude": 36.0885, "longitude": 111.5183}


@pytest.fixture
def viewport() -> dict[str, int]:
    return PHONE


@pytest.fixture
def context(browser, server_url: str) -> Any:  # type: ignore[no-untyped-def]
    """A phone: small touch screen, and the position the officer allows the site to read."""
    context = browser.new_context(
        base_url=server_url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        geolocation=WHERE,
        permissions=["geolocation"],
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


def camera_photo() -> bytes:
    """A 3000 × 2000 JPEG like a phone camera's (noise, so it does not compress to nothing)."""
    image = Image.merge("RGB", [Image.effect_noise((3000, 2000), 40)] * 3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def screenshot(page: Page, name: str, tmp_path: Path) -> None:
    """ZONETRACK_SCREENSHOTS=1 keeps it in docs/screenshots/, like the other screenshots."""
    folder = REPO_ROOT / "docs" / "screenshots"
    target = folder if os.environ.get("ZONETRACK_SCREENSHOTS") == "1" else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=True)


def choose(page: Page, selector: str, name: str, data: bytes) -> None:
    """Pick a file through the file chooser the input opens (the camera on a real phone)."""
    with page.expect_file_chooser() as chooser:
        page.locator(selector).click()
    chooser.value.set_files([{"name": name, "mimeType": "image/jpeg", "buffer": data}])


def test_the_officer_files_a_report_with_a_photo_and_raises_a_problem_with_one(
    transactional_db: None,
    server_url: str,
    world: World,
    page: Page,
    context: BrowserContext,
    tmp_path: Path,
) -> None:
    Project.objects.filter(pk=world.project_a.pk).update(officer=world.a_officer)
    today = timezone.localdate()
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    original = camera_photo()
    sign_in(page, server_url, world.a_officer.username)

    page.goto(f"/projects/{world.project_a.pk}/")
    page.click("#file-report")
    page.fill("#report-form input[name=month]", month)
    page.fill("#report-form input[name=invested_wan]", "300")
    page.fill("#report-form textarea[name=progress]", "主体结构封顶")
    page.check("#report-form [data-zt-photo-locate]")
    expect(page.locator("#report-form [data-zt-photo-locate]")).to_be_checked()
    choose(page, "#report-form input[name=photo]", "IMG_0001.jpg", original)
    # Made smaller before sending: a JPEG of at most 1600 px, its time and position noted.
    expect(page.locator("#report-form [data-zt-photo-picked] li")).to_contain_text("IMG_0001.jpg")
    sent = page.evaluate(
        "() => { const f = document.querySelector('#report-form input[name=photo]').files[0];"
        " return {size: f.size, type: f.type}; }"
    )
    assert sent["type"] == "image/jpeg" and sent["size"] < len(original) / 2
    meta = json.loads(page.input_value("#report-form input[name=photo_meta]"))
    assert meta[0]["lat"] == WHERE["latitude"] and meta[0]["lng"] == WHERE["longitude"]
    screenshot(page, "phone-report-photo-form.png", tmp_path)
    page.click("#save-report")

    thumbnail = page.locator("#report-table [data-site-photo] img")
    expect(thumbnail).to_be_visible()
    expect(page.locator("#report-table [data-photo-strip]")).to_contain_text("36.0885, 111.5183")
    thumbnail.scroll_into_view_if_needed()  # loaded lazily, when it comes into view
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    photo = SitePhoto.objects.get()
    with photo.file.open("rb") as handle:
        assert max(Image.open(handle).size) == 1600
    assert photo.report is not None and photo.report.progress == "主体结构封顶"
    # The page does not scroll sideways on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-report-photos.png", tmp_path)

    # Raising a problem with a photo.
    page.goto(f"/dispatch/problems/new/?project={world.project_a.pk}")
    page.select_option("#problem-form select[name=category]", index=1)
    page.fill("#problem-form textarea[name=description]", "施工便道被占用")
    page.fill("#problem-form input[name=deadline_on]", (today + timedelta(days=7)).isoformat())
    choose(page, "#problem-form input[name=photo]", "IMG_0002.jpg", original)
    expect(page.locator("#problem-form [data-zt-photo-picked] li")).to_contain_text("IMG_0002.jpg")
    page.locator("#problem-form button[type=submit]").click()
    expect(page.locator("#problem-photos [data-site-photo] img")).to_be_visible()
    [raised] = problem_photos(Problem.objects.get())
    assert raised.file.name.endswith(".jpg")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-problem-photo.png", tmp_path)
