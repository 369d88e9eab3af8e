"""Articles in a real browser: paste a report, accept the zone it names, attach the fact to
that zone, and find it on the zone's page with the article as its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from tests.conftest import World
from zonetrack.articles.models import Article, Fact, Review

from .test_shell import sign_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip("playwright.sync_api", reason="needs the 'playwright' package").expect

pytestmark = pytest.mark.browser

# Written for this test.
REPORT = (
    "甲区召开一季度项目推进会\n"
    "记者从甲区管委会获悉，一季度甲区新签约项目6个，总投资约24亿元，"
    "其中新材料项目3个。会议要求各园区加快项目落地。"
)


def test_paste_accept_attach_and_see_on_zone_page(
    transactional_db: None,
    live_server,  # type: ignore[no-untyped-def]
    world: World,
    page: Page,
    server_url: str,
) -> None:
    sign_in(page, server_url, "am")
    page.goto(reverse("articles:article_create"))
    page.fill("#id_text", REPORT)
    page.click("#save-article")
    expect(page.locator("#clean-text")).to_contain_text("总投资约24亿元")
    article = Article.objects.get()
    fact = Fact.objects.filter(article=article, kind="zone", fields__name="甲区").first()
    assert fact is not None

    card = page.locator(f"#fact-{fact.pk}")
    # Pointing at the fact lights up its quote in the text.
    quote = page.locator(f"#clean-text .zt-f{fact.pk}").first
    plain = quote.evaluate("el => getComputedStyle(el).backgroundColor")
    card.hover()
    expect(quote).not_to_have_css("background-color", plain)

    card.get_by_role("button", name="接受").or_(card.locator("button[value=accept]")).first.click()
    expect(page.locator(f"#fact-{fact.pk}.zt-review-accepted")).to_be_visible()
    card = page.locator(f"#fact-{fact.pk}")
    expect(card.locator("input[name=zone]")).to_have_value("甲区")
    card.locator(".zt-attach button[type=submit]").click()
    expect(page.locator(f"#fact-{fact.pk} .zt-attached")).to_have_text("甲区")
    fact.refresh_from_db()
    assert fact.review == Review.ACCEPTED and fact.zone == world.zone_a

    # The zone's page lists the accepted fact, linking back to the article.
    page.goto(reverse("registry:zone_detail", kwargs={"zone_id": world.zone_a.pk}))
    facts = page.locator("#zone-article-facts")
    expect(facts).to_contain_text(article.title)
    expect(facts.locator(f'[data-fact="{fact.pk}"]')).to_be_visible()
