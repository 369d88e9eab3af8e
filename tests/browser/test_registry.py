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
