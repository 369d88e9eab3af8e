"""A reporting window in a real browser: the city opens a month, the zone's officer enters its
figure and submits, the city sees it submitted, a correction is refused until the city reopens
the window for that zone with a reason, then accepted."""

from __future__ import annotations

import os
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.targets.models import Indicator, ReportedValue
from zonetrack.targets.services import value_cell

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def _shot(page: Page, name: str) -> None:
    # Screenshots for a person to look at, only when asked for (ZONETRACK_SCREENSHOTS=folder).
    folder = os.environ.get("ZONETRACK_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_open_submit_refuse_a_correction_reopen_and_correct(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
) -> None:
    year = timezone.localdate().year - 1
    trade = Indicator.objects.get(code="trade_total")
    january = date(year, 1, 1)
    cell = f"input[name={value_cell(trade.pk)}]"

    # The city manager opens January for its zones, for one indicator.
    sign_in(page, server_url, "cm")
    page.goto("/targets/windows/new/")
    page.select_option("#window-form select[name=organisation]", str(world.city.pk))
    page.fill("#window-form input[name=period]", f"{january:%Y-%m}")
    page.fill("#window-form input[name=due_on]", (january + timedelta(days=40)).isoformat())
    page.select_option("#window-form select[name=indicators]", [str(trade.pk)])
    page.click("#window-submit")
    zone_row = page.locator(f"#submitters tr[data-organisation-id='{world.org_a.pk}']")
    expect(zone_row).to_have_attribute("data-state", "missing")
    window_url = page.url

    # The zone's officer fills in the grid from the window's page and submits.
    officer = browser.new_context(
        base_url=server_url, viewport={"width": 1280, "height": 800}, locale="zh-CN"
    )
    officer_page = officer.new_page()
    sign_in(officer_page, server_url, "ao")
    officer_page.goto(window_url)
    # A zone sees its own line only.
    expect(officer_page.locator("#submitters tbody tr")).to_have_count(1)
    officer_page.click(f"#submitters tr[data-organisation-id='{world.org_a.pk}'] td a")
    officer_page.fill(cell, "600")
    officer_page.click("#save-values")
    expect(officer_page.locator(cell)).to_have_value("600")
    officer_page.goto(window_url)
    officer_page.click(f"[data-submit='{world.org_a.pk}']")
    own = officer_page.locator(f"#submitters tr[data-organisation-id='{world.org_a.pk}']")
    expect(own).to_have_attribute("data-state", "late")  # the deadline of last January passed
    _shot(officer_page, "window-zone-submitted")

    # The city sees it submitted.
    page.reload()
    expect(zone_row).to_have_attribute("data-state", "late")
    expect(zone_row).to_contain_text("ao")
    _shot(page, "window-city-roster")

    # A correction is refused: the grid says the values are locked and takes no input.
    officer_page.goto(f"/targets/organisations/{world.org_a.pk}/values/?period={january:%Y-%m}")
    expect(officer_page.locator(cell)).to_be_disabled()
    expect(officer_page.locator("#window-state")).to_contain_text(world.org_a.name)
    expect(officer_page.locator("#save-values")).to_have_count(0)
    assert ReportedValue.objects.get().value == 600
    _shot(officer_page, "window-correction-refused")

    # The city reopens the window for the zone, with a reason; the zone corrects its figure.
    page.fill(f"[data-reason='{world.org_a.pk}']", "统计局核定数据更正")
    page.click(f"[data-reopen='{world.org_a.pk}']")
    expect(zone_row).to_have_attribute("data-state", "reopened")
    expect(zone_row).to_contain_text("统计局核定数据更正")
    officer_page.goto(f"/targets/organisations/{world.org_a.pk}/values/?period={january:%Y-%m}")
    officer_page.fill(cell, "650")
    officer_page.click("#save-values")
    expect(officer_page.locator(cell)).to_have_value("650")
    assert ReportedValue.objects.get().value == 650
    officer.close()
