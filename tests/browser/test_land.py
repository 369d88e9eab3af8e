"""Land in a real browser: find land for a project, reserve a parcel, see it on the map."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tests.conftest import World
from tests.land.factories import make_parcel, square
from zonetrack.land.choices import ParcelStatus
from zonetrack.projects.models import Project

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_find_land_for_a_project_reserve_it_and_see_it_on_the_map(
    transactional_db: None, live_server, world: World, page: Page, server_url: str
) -> None:  # type: ignore[no-untyped-def]
    Project.objects.filter(pk=world.project_a.pk).update(land_mu=Decimal(14), park=world.park_a)
    make_parcel(world.zone_a, "甲-小", area_mu=None, geometry=square(0, 0, 0.0005))
    make_parcel(
        world.zone_a,
        "甲-标准地",
        area_mu=None,
        geometry=square(2, 0),
        status=ParcelStatus.STANDARD,
        park=world.park_a,
    )
    sign_in(page, server_url, "ao")
    page.goto(f"/projects/{world.project_a.pk}/")
    page.click("#find-land-link")
    rows = page.locator("#match-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-parcel", "甲-标准地")
    rows.first.locator("button").click()
    expect(page.locator("#reserved-parcels [data-parcel='甲-标准地']")).to_be_visible()
    expect(page.locator("#match-table tbody tr")).to_have_count(1)
    page.click("#land-map-link")
    expect(page.locator("#land-map path.zt-shape-parcel-reserved")).to_have_count(1)
    expect(page.locator("#land-map path.zt-shape-parcel-reserve")).to_have_count(1)
