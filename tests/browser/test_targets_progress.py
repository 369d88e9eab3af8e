"""Targets in a real browser: the city manager sets a zone's target on the grid, the zone
enters the month's figure, the progress row turns from "not judged" to green with its trend,
and the indicator's page draws its history with ECharts."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.targets import services
from zonetrack.targets.models import Indicator

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def _shot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("ZONETRACK_SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_target_set_and_a_value_entered_turn_the_row_green(
    transactional_db: None, server_url: str, world: World, page: Page, tmp_path: Path
) -> None:
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    services.window_open(
        actor=None, organisation=world.city, period=last_month, due_on=today + timedelta(days=5)
    )
    iva = Indicator.objects.get(code="industrial_value_added")
    year = today.year

    sign_in(page, server_url, world.city_manager.username)
    page.goto(f"/targets/organisations/{world.city.pk}/targets/?year={year}")
    page.fill(f"#id_{services.target_cell(world.org_a.pk, iva.pk)}", "1200")
    page.click("#save-targets")
    page.goto(f"/targets/organisations/{world.org_a.pk}/?year={year}")
    row = page.locator('#own-progress tr[data-indicator="industrial_value_added"]')
    expect(row).to_have_attribute("data-status", "none")  # a target, nothing reported yet
    _shot(page, tmp_path, "targets-progress-before")

    page.context.clear_cookies()
    sign_in(page, server_url, world.a_manager.username)
    page.goto(f"/targets/organisations/{world.org_a.pk}/values/?period={last_month:%Y-%m}")
    page.fill(f"#id_{services.value_cell(iva.pk)}", "1200")
    page.locator("form button[type=submit]").last.click()
    page.goto(f"/targets/organisations/{world.org_a.pk}/?year={year}")
    expect(row).to_have_attribute("data-status", "green")  # 1,200 of 1,200: ahead of time
    expect(row.locator("td[data-actual]")).to_contain_text("1,200")
    _shot(page, tmp_path, "targets-progress-after")

    row.locator("td a").first.click()
    expect(page.locator("#history-chart svg")).to_have_count(1)
    expect(page.locator(f'#history-years tr[data-year="{year}"]')).to_have_attribute(
        "data-status", "green"
    )
    _shot(page, tmp_path, "targets-indicator-history")
