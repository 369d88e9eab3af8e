"""The battle map in a real browser: the zone leader reads the list by urgency and the node
schedule, opens the big screen; the city manager prints the map, the list and the schedule."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.dispatch.services import colours_refresh
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save, project_create
from zonetrack.registry.models import Park, Zone

from .test_shell import REPO_ROOT, sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[111.5, 36.0], [111.6, 36.0], [111.6, 36.1], [111.5, 36.1], [111.5, 36.0]]],
}


def _shot(page: Page, tmp_path: Path, name: str, *, full_page: bool = False) -> None:
    """A screenshot to look at; ZONETRACK_SCREENSHOTS=1 writes it to docs/screenshots/."""
    if os.environ.get("ZONETRACK_SCREENSHOTS") == "1":
        target = REPO_ROOT / "docs" / "screenshots" / f"{name}.png"
    else:
        target = tmp_path / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=full_page)
    assert target.stat().st_size > 0


def _seed(world: World) -> tuple[int, int]:
    today = timezone.localdate()
    Zone.objects.filter(pk=world.zone_a.pk).update(boundary=SQUARE)
    Park.objects.filter(pk=world.park_a.pk).update(boundary=SQUARE)
    Project.objects.filter(pk=world.project_a.pk).update(
        location={"type": "Point", "coordinates": [111.55, 36.05]}
    )
    worst = project_create(actor=None, zone=world.zone_a, name="严重滞后项目")
    slight = project_create(actor=None, zone=world.zone_a, name="轻微滞后项目")
    milestone_save(
        actor=None, project=worst, name="主体封顶", planned_on=today - timedelta(days=40)
    )
    milestone_save(actor=None, project=slight, name="开工", planned_on=today - timedelta(days=3))
    colours_refresh()
    return worst.pk, slight.pk


def test_zone_leader_reads_the_map_by_urgency_and_opens_the_big_screen(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
    tmp_path: Path,
) -> None:
    worst, slight = _seed(world)
    sign_in(page, server_url, "am")
    page.goto(f"/dispatch/map/{world.zone_a.pk}/")
    expect(page.locator("#battle-map")).to_have_attribute("data-ready", "1")
    items = page.locator("#battle-projects > li")
    expect(items.nth(0)).to_have_attribute("data-project", str(worst))
    expect(items.nth(1)).to_have_attribute("data-project", str(slight))
    expect(items.nth(0)).to_contain_text("主体封顶")
    expect(items.nth(0)).to_contain_text("40")
    expect(page.locator("#node-schedule tbody tr").first).to_have_attribute("data-days-late", "40")
    expect(page.locator(".zt-park-outline")).to_have_count(1)
    expect(page.locator(".zt-map-label.zt-park-label")).to_have_text(world.park_a.name)
    expect(page.locator(".zt-map-label.zt-zone-label")).to_have_text(world.zone_a.name)
    _shot(page, tmp_path, "battle-map", full_page=True)

    page.click("#battle-screen-link")
    expect(page).to_have_url(re.compile(r"/screen/$"))
    expect(page.locator("#battle-map")).to_have_attribute("data-ready", "1")
    expect(page.locator("#battle-screen")).to_have_attribute("data-bs-theme", "dark")
    expect(page.locator("header.navbar, #dispatch-nav")).to_have_count(0)
    expect(page.locator("meta[http-equiv=refresh]")).to_have_attribute("content", "300")
    _shot(page, tmp_path, "battle-map-screen")
    page.click("#battle-screen-exit")
    expect(page.locator("#dispatch-nav")).to_be_visible()


def test_city_manager_prints_the_map_with_list_and_schedule(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    worst, _slight = _seed(world)
    sign_in(page, server_url, "cm")
    page.goto(f"/dispatch/map/{world.zone_a.pk}/?colour=red")
    page.click("#battle-print-a3-link")
    expect(page.locator("#battle-print")).to_have_attribute("data-paper", "a3")
    expect(page.locator("#battle-map")).to_have_attribute("data-ready", "1")
    # The filter follows: green projects are left out of the printed list.
    expect(page.locator(f'#battle-projects li[data-project="{worst}"]')).to_have_count(1)
    expect(page.locator(f'#battle-projects li[data-project="{world.project_a.pk}"]')).to_have_count(
        0
    )
    page.emulate_media(media="print")
    expect(page.locator(".zt-print-tools")).to_be_hidden()
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
