"""Targets in a real browser: the city sets a zone's target and opens a month, the zone's
officer enters the month's figure, and the zone's leader sees the colour change."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.targets.models import Indicator
from zonetrack.targets.services import target_cell, value_cell

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_set_a_target_enter_a_value_and_see_the_colour(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
) -> None:
    year = timezone.localdate().year - 1  # a year that is over: the time share is 100 %
    trade = Indicator.objects.get(code="trade_total")
    january = date(year, 1, 1)

    # The city manager sets zone A's target and opens January for the zones.
    sign_in(page, server_url, "cm")
    page.goto(f"/targets/organisations/{world.city.pk}/targets/?year={year}")
    page.fill(f"input[name={target_cell(world.org_a.pk, trade.pk)}]", "1200")
    page.click("#save-targets")
    expect(page.locator("#target-grid tr[data-indicator=trade_total] [data-sum]")).to_contain_text(
        "1,200"
    )
    page.goto("/targets/windows/new/")
    page.select_option("#window-form select[name=organisation]", str(world.city.pk))
    page.fill("#window-form input[name=period]", f"{january:%Y-%m}")
    page.fill("#window-form input[name=due_on]", (january + timedelta(days=40)).isoformat())
    page.click("#window-submit")
    expect(page.locator("#submitters")).to_contain_text(world.org_a.name)

    # The zone's officer enters the month: half of the year's target.
    officer = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    officer_page = officer.new_page()
    sign_in(officer_page, server_url, "ao")
    officer_page.goto(f"/targets/organisations/{world.org_a.pk}/values/?period={january:%Y-%m}")
    officer_page.fill(f"input[name={value_cell(trade.pk)}]", "600")
    officer_page.click("#save-values")
    expect(officer_page.locator(f"input[name={value_cell(trade.pk)}]")).to_have_value("600")

    # The zone's leader reads red; the officer raises the figure and the leader reads green.
    leader = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    leader_page = leader.new_page()
    sign_in(leader_page, server_url, "am")
    row = leader_page.locator("#own-progress tr[data-indicator=trade_total]")
    leader_page.goto(f"/targets/?year={year}")
    expect(row).to_have_attribute("data-status", "red")
    officer_page.fill(f"input[name={value_cell(trade.pk)}]", "1250")
    officer_page.click("#save-values")
    expect(officer_page.locator(f"input[name={value_cell(trade.pk)}]")).to_have_value("1250")
    leader_page.reload()
    expect(row).to_have_attribute("data-status", "green")
    officer.close()
    leader.close()
