"""Rankings in a real browser: the city computes and publishes the second half-year's 龙虎榜,
a ranked zone opens it, its own item explanation and why its rank changed."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import pytest

from tests.conftest import World
from tests.rankings.conftest import draft, report_half
from tests.targets.factories import LAST_YEAR, set_targets
from zonetrack.rankings import services

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser
# Where to keep screenshots for a person to look at (unset: none are taken).
SHOTS = os.environ.get("ZONETRACK_SCREENSHOTS", "")


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_compute_publish_and_explain_as_the_ranked_zone(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    browser: Browser,
    server_url: str,
) -> None:
    report_half(world, org_a=(100, "1.5"), org_b=(50, "1.0"))
    report_half(world, half=2, org_a=(10, "1.5"), org_b=(90, "1.0"))
    set_targets(LAST_YEAR, (world.org_a, "trade_total", 1000))
    scheme = services.scheme_save(actor=None, draft=draft(world))
    first = services.ranking_compute(actor=None, scheme=scheme, period=f"{LAST_YEAR}H1")
    services.ranking_publish(actor=None, ranking=first)

    # The city manager's editor sums the weights as they are typed.
    sign_in(page, server_url, "cm")
    page.goto(f"/rankings/schemes/{scheme.pk}/edit/")
    expect(page.locator("#weight-sum")).to_have_text("100")
    page.fill("input[name=items-0-weight]", "50")
    expect(page.locator("#weight-sum")).to_have_text("90")
    _shot(page, "scheme_editor")

    # It computes the second half-year and publishes it.
    page.goto(f"/rankings/schemes/{scheme.pk}/")
    _shot(page, "scheme_detail")
    page.fill("#compute-form input[name=period]", f"{LAST_YEAR}H2")
    page.click("#compute-submit")
    expect(page.locator("#publish-form")).to_be_visible()
    page.click("#publish-submit")
    expect(page.locator("#publish-form")).to_have_count(0)
    ranking_url = page.url
    _shot(page, "ranking_owner")

    # Zone A's viewer opens the published 龙虎榜: the whole table, B first, A down one place.
    zone = browser.new_context(base_url=server_url, viewport={"width": 1280, "height": 800})
    zone_page = zone.new_page()
    sign_in(zone_page, server_url, "av")
    zone_page.goto(ranking_url)
    expect(zone_page.locator("#chart svg")).to_have_count(1)
    expect(
        zone_page.locator(f"#ranking tr[data-organisation='{world.org_b.pk}']")
    ).to_have_attribute("data-rank", "1")
    row = zone_page.locator(f"#ranking tr[data-organisation='{world.org_a.pk}']")
    expect(row).to_contain_text("▼1")
    expect(zone_page.locator(f"#ranking tr[data-organisation='{world.org_b.pk}'] a")).to_have_count(
        0
    )
    _shot(zone_page, "ranking_zone")

    # Its own score opens the explanation: raw value, source, rule as applied.
    row.locator("a.zt-score").click()
    expect(zone_page.locator("#explanation")).to_contain_text("60.00")
    # The rule as applied reads as figures: the group's maximum 60, not "60.0000".
    expect(zone_page.locator("#explanation")).to_contain_text(re.compile(r"60(?![.\d])"))
    expect(zone_page.locator("#explanation")).not_to_contain_text("60.0000")
    _shot(zone_page, "item_explanation")

    # Why did my rank change: trade fell the most.
    zone_page.click("#why-changed")
    expect(zone_page.locator("#change-summary")).to_contain_text("1")
    expect(zone_page.locator("#contributions tbody tr").first).to_contain_text("进出口")
    expect(zone_page.locator("#contributions tbody tr").first).to_contain_text("-60.00")
    _shot(zone_page, "rank_change")
    zone.close()
