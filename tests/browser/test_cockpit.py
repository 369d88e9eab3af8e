"""The cockpits in a real browser, as the province's viewer: the province at once, down to a
city, down to a zone, to the red project behind the zone's warning; and the monthly pack
generated, downloaded and opened as a spreadsheet."""

from __future__ import annotations

import io
import os
import re
from typing import TYPE_CHECKING

import openpyxl
import pytest

from tests.conftest import World
from tests.dashboards.test_cockpit import PERIOD, _busy
from zonetrack.registry.models import Zone

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("ZONETRACK_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_province_to_city_to_zone_to_red_project_and_the_pack(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    _busy(world)
    Zone.objects.filter(pk=world.zone_a.pk).update(center_lat=36.08, center_lng=111.52)
    Zone.objects.filter(pk=world.zone_b.pk).update(center_lat=36.12, center_lng=111.60)
    sign_in(page, server_url, "pv")

    # The province's cockpit: its one city, the red projects counted, the charts drawn.
    page.click("[data-nav=cockpit] a")
    expect(page).to_have_url(re.compile(rf"/overview/{world.province.pk}/$"))
    red = page.locator("#fig-red [data-figure=red]")
    expect(red).not_to_have_text("0")
    expect(page.locator("#cockpit-funnel svg")).to_have_count(1)
    # The map fetches its zones with their targets' colours, then draws them.
    expect(page.locator("#cockpit-map-chart[data-drawn='1'] svg")).to_have_count(1)
    expect(page.locator(f"#cockpit-lines [data-line='{world.city.pk}']")).to_be_visible()
    _shot(page, "cockpit_province")

    # Down to the city, then to zone A's committee.
    page.click(f"#cockpit-lines [data-line='{world.city.pk}'] a")
    expect(page).to_have_url(re.compile(rf"/overview/{world.city.pk}/\?period="))
    expect(page.locator("#page-title")).to_have_text(world.city.name)
    page.click(f"#cockpit-lines [data-line='{world.org_a.pk}'] a")
    expect(page.locator("#page-title")).to_have_text(world.org_a.name)
    _shot(page, "cockpit_zone")

    # The red figure breaks down by zone; zone A's number opens its red projects; the
    # attention list opens the red project itself.
    page.click("#fig-red [data-figure=red]")
    expect(page.locator(f"#figure-zones [data-zone='{world.zone_a.pk}']")).to_be_visible()
    page.click(f"#figure-zones [data-zone='{world.zone_a.pk}'] [data-records]")
    expect(page.locator("body")).to_contain_text(world.project_a.name)
    page.go_back()
    page.go_back()
    page.click(f"#attention-red [data-project='{world.project_a.pk}']")
    expect(page).to_have_url(re.compile(rf"/projects/{world.project_a.pk}/$"))
    expect(page.locator("#page-title")).to_contain_text(world.project_a.name)

    # The monthly pack of the province: generated, downloaded, opened.
    page.goto(f"/overview/{world.province.pk}/")
    page.click("#cockpit-pack")
    page.fill("#pack-start input[name=period]", f"{PERIOD:%Y-%m}")
    page.click("#pack-start-submit")
    # The job's page follows it to the end and offers both files.
    link = page.locator("#pack-download-xlsx")
    expect(link).to_be_visible()
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as downloaded:
        workbook = openpyxl.load_workbook(io.BytesIO(downloaded.read()))
    cells = {
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert world.zone_a.name in cells and world.zone_b.name in cells
    _shot(page, "cockpit_pack")
