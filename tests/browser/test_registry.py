"""The zone registry in a real browser: filter the list, open a zone, see it on the map."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tests.conftest import World

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_filter_zones_open_one_and_see_its_marker(
    transactional_db: None, live_server, world: World, page: Page, server_url: str
) -> None:  # type: ignore[no-untyped-def]
    for zone, lat, lng in ((world.zone_a, "36.04", "111.52"), (world.zone_b, "35.62", "111.37")):
        zone.center_lat, zone.center_lng = Decimal(lat), Decimal(lng)
        zone.save()
    sign_in(page, server_url, "cm")
    page.goto("/registry/zones/")
    rows = page.locator("#zone-table tbody tr")
    expect(rows).to_have_count(2)
    page.fill("#q", "乙")
    page.click("#zone-filter-submit")
    expect(page).to_have_url(re.compile(r"q=%E4%B9%99"))
    expect(rows).to_have_count(1)
    page.click("#zone-table tbody tr a")
    expect(page.locator("#page-title")).to_contain_text("乙区")
    expect(page.locator("#zone-map .zt-marker")).to_have_count(1)
    page.goto("/registry/map/")
    expect(page.locator("#zone-map .zt-marker")).to_have_count(2)


def test_import_a_zone_list_preview_then_confirm(
    transactional_db: None, live_server, world: World, page: Page, server_url: str, tmp_path
) -> None:
    import openpyxl

    from zonetrack.registry.models import Zone

    workbook = openpyxl.Workbook()
    workbook.active.append(["开发区名称", "行政区划代码", "规划面积"])
    workbook.active.append(["浏览器导入区", "141023", 3])
    path = tmp_path / "zones.xlsx"
    workbook.save(path)
    sign_in(page, server_url, "cm")
    page.goto("/registry/zones/import/")
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_parent", str(world.city.pk))
    page.click("#import-upload")
    # The preview is the job's page: the row report, nothing written yet.
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("#import-rows tr[data-action='create']")).to_have_count(1)
    assert not Zone.objects.filter(name="浏览器导入区").exists()
    page.click("#import-confirm")
    expect(page).to_have_url(re.compile(r"/registry/zones/$"))
    assert Zone.objects.filter(name="浏览器导入区").count() == 1
