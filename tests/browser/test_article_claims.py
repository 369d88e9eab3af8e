"""The city's page of differing claims in a real browser (here, beside the other browser
tests, so that one Chromium serves them all): a zone's article claims more signed
investment than its projects hold, and the city's manager sees the claim beside the record."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from tests.articles.test_claims import YEAR, accepted, article_of, signed_project
from tests.conftest import World

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser


def test_the_city_manager_sees_a_claim_that_differs_from_the_records(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    signed_project(world, 50000, date(YEAR, 3, 2))
    article = article_of(world, title="甲区上半年招商引资成效显著")
    fact = accepted(article, "amount", world.zone_a, amount_yuan=1_200_000_000, status="signed")

    sign_in(page, server_url, "cm")
    page.goto(reverse("articles:article_list"))
    page.click("#claims-link")
    row = page.locator(f"#claims-table tr[data-fact='{fact.pk}']")
    expect(row).to_have_attribute("data-verdict", "differs")
    expect(row).to_contain_text("甲区上半年招商引资成效显著")
    expect(row).to_contain_text("12亿元")
    expect(row).to_contain_text("5亿元")
    expect(row.locator(".claim-difference")).to_have_text("+7亿元（140.0%）")
    if shots := os.environ.get("ZONETRACK_SCREENSHOTS"):
        page.screenshot(path=str(Path(shots) / "claims-city.png"), full_page=True)

    # a wider tolerance than the difference empties the list; a bad one is refused on its field
    page.fill("#id_tolerance", "200")
    page.click("#claim-filter button[type=submit]")
    expect(page.locator("#no-claims")).to_be_visible()
    page.fill("#id_tolerance", "-5")
    page.click("#claim-filter button[type=submit]")
    expect(page.locator("#claim-filter .invalid-feedback")).to_be_visible()

    # the claim's link leads to the article, where the same claim stands beside the record
    page.goto(reverse("articles:claim_list"))
    row.locator("a").first.click()
    expect(page.locator(f"#claims tr[data-fact='{fact.pk}']")).to_have_attribute(
        "data-verdict", "differs"
    )
    if shots:
        page.screenshot(path=str(Path(shots) / "claims-article.png"), full_page=True)
