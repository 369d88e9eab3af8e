"""Claims against records: accepted facts of a zone beside what zonetrack records (issue 16)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import World, api_client_for, client_for
from tests.targets.factories import open_month, report, set_targets
from zonetrack.articles import claims
from zonetrack.articles.models import Article, Fact, Review
from zonetrack.projects.services import project_create, project_transition

from .factories import ArticleFactory, FactFactory

YEAR = 2025


def article_of(world: World, **extra: Any) -> Article:
    return ArticleFactory(organisation=world.org_a, published_on=date(YEAR, 7, 10), **extra)


def accepted(article: Article, kind: str, zone: Any, **fields: Any) -> Fact:
    return FactFactory(article=article, kind=kind, fields=fields, review=Review.ACCEPTED, zone=zone)


def signed_project(
    world: World, wan: int, on: date, *, start_on: date | None = None, zone: Any = None
) -> Any:
    """A project of zone A (or `zone`) pursued a year before it was signed on `on`."""
    project = project_create(
        actor=world.superuser,
        zone=zone or world.zone_a,
        name=f"项目{wan}-{on}",
        total_investment_wan=wan,
        pursued_on=date(on.year - 1, 1, 1),
    )
    project_transition(
        actor=world.superuser,
        project=project,
        to_stage="signed",
        happened_on=on,
        skipped={"packaged": on},
    )
    if start_on:
        project.refresh_from_db()
        project_transition(
            actor=world.superuser, project=project, to_stage="started", happened_on=start_on
        )
    return project


def verdicts(found: list[claims.Claim]) -> list[tuple[str, str, Decimal | None]]:
    return [(c.fact.kind, c.verdict, c.recorded) for c in found]


@pytest.fixture
def signed(world: World) -> World:
    """Zone A: a project of 5亿元 signed in March of YEAR and started in May; another of
    3亿元 signed the year before."""
    signed_project(world, 50000, date(YEAR, 3, 2), start_on=date(YEAR, 5, 6))
    signed_project(world, 30000, date(YEAR - 1, 6, 1))
    return world


def test_a_signed_amount_is_set_beside_the_signed_projects_total(signed: World) -> None:
    article = article_of(signed)
    accepted(article, "amount", signed.zone_a, amount_yuan=500_000_000, status="signed")
    accepted(article, "amount", signed.zone_a, amount_yuan=900_000_000, status="signed")
    agrees, differs = claims.article_claims(user=signed.a_manager, article=article)
    assert (agrees.verdict, agrees.recorded) == ("agrees", Decimal(500_000_000))
    assert differs.verdict == "differs"
    assert differs.difference == Decimal(400_000_000)
    assert differs.percent == Decimal("80.0")


def test_a_floor_is_borne_out_by_any_record_above_it(signed: World) -> None:
    article = article_of(signed)
    accepted(
        article, "amount", signed.zone_a, amount_yuan=400_000_000, status="signed", qualifier=">="
    )
    (claim,) = claims.article_claims(user=signed.a_manager, article=article)
    assert claim.verdict == "agrees"


def test_a_project_count_is_set_beside_the_pipeline_at_its_stage(signed: World) -> None:
    article = article_of(signed)
    accepted(article, "project_count", signed.zone_a, count=1, status="started")
    accepted(article, "project_count", signed.zone_a, count=4, status="signed")
    accepted(
        article,
        "project_count",
        signed.zone_a,
        count=1,
        status="signed",
        threshold_yuan=600_000_000,
    )
    found = claims.article_claims(user=signed.a_manager, article=article)
    assert verdicts(found) == [
        ("project_count", "agrees", Decimal(1)),
        ("project_count", "differs", Decimal(1)),
        ("project_count", "differs", Decimal(0)),
    ]


def test_a_target_is_set_beside_the_target_record(world: World) -> None:
    set_targets(YEAR, (world.org_a, "industrial_value_added", 120000))
    article = article_of(world)
    accepted(
        article,
        "target",
        world.zone_a,
        metric="规模以上工业增加值",
        value=1_200_000_000,
        unit="元",
        year=YEAR,
    )
    accepted(
        article, "target", world.zone_a, metric="规上工业增加值", value=2e9, unit="元", year=YEAR
    )
    accepted(article, "target", world.zone_a, metric="园区绿化率", value=40, unit="%", year=YEAR)
    found = claims.article_claims(user=world.a_manager, article=article)
    assert verdicts(found) == [
        ("target", "agrees", Decimal(1_200_000_000)),
        ("target", "differs", Decimal(1_200_000_000)),
        ("target", "not_recorded", None),
    ]


def test_an_achieved_figure_is_set_beside_the_reported_months(world: World) -> None:
    for month, value in ((1, 1000), (2, 1500), (3, 2000), (4, 9000)):
        open_month(world.city, date(YEAR, month, 1))
        report(world.org_a, date(YEAR, month, 1), industrial_value_added=value)
    article = article_of(world)
    accepted(
        article,
        "quantity",
        world.zone_a,
        metric=f"规上工业增加值（{YEAR}年1-3月）",
        value=45_000_000,
        unit="元",
    )
    accepted(
        article,
        "quantity",
        world.zone_a,
        metric=f"规上工业增加值（{YEAR}年1-3月）",
        value=90_000_000,
        unit="元",
    )
    found = claims.article_claims(user=world.a_manager, article=article)
    assert verdicts(found) == [
        ("quantity", "agrees", Decimal(45_000_000)),
        ("quantity", "differs", Decimal(45_000_000)),
    ]


def test_facts_not_accepted_or_without_a_zone_are_no_claims(signed: World) -> None:
    article = article_of(signed)
    FactFactory(
        article=article,
        kind="amount",
        fields={"amount_yuan": 1, "status": "signed"},
        zone=signed.zone_a,
    )
    accepted(article, "amount", None, amount_yuan=1, status="signed")
    accepted(article, "zone", signed.zone_a, name="甲区")
    assert claims.article_claims(user=signed.a_manager, article=article) == []


def test_records_the_user_may_not_see_are_not_recorded(signed: World) -> None:
    article = article_of(signed)
    accepted(article, "amount", signed.zone_a, amount_yuan=500_000_000, status="signed")
    (claim,) = claims.article_claims(user=signed.b_manager, article=article)
    assert claim.verdict == "not_recorded"


def test_the_city_sees_differing_claims_of_its_zones_largest_first(signed: World) -> None:
    article = article_of(signed)
    accepted(article, "amount", signed.zone_a, amount_yuan=500_000_000, status="signed")
    accepted(article, "amount", signed.zone_a, amount_yuan=600_000_000, status="signed")
    accepted(article, "project_count", signed.zone_a, count=9, status="signed")
    found = claims.differing_claims(user=signed.city_manager)
    assert [(c.fact.kind, c.percent) for c in found] == [
        ("project_count", Decimal("800.0")),
        ("amount", Decimal("20.0")),
    ]
    # a wider tolerance lets the 20 % pass
    wide = claims.differing_claims(user=signed.city_manager, tolerance=Decimal("0.25"))
    assert [c.fact.kind for c in wide] == ["project_count"]
    assert claims.differing_claims(user=signed.b_manager) == []


# ---- pages and API -----------------------------------------------------------------------------


def test_the_article_page_shows_each_claim_beside_the_record(signed: World) -> None:
    article = article_of(signed)
    fact = accepted(article, "amount", signed.zone_a, amount_yuan=900_000_000, status="signed")
    page = client_for(signed.a_manager).get(
        reverse("articles:article_detail", kwargs={"article_id": article.pk})
    )
    html = page.content.decode()
    assert 'id="claims"' in html
    assert f'data-fact="{fact.pk}" data-verdict="differs"' in html
    assert "9亿元" in html and "5亿元" in html and "+4亿元（80.0%）" in html


def test_the_city_page_lists_differing_claims_and_checks_its_tolerance(signed: World) -> None:
    article = article_of(signed, title="甲区半年工作通报")
    accepted(article, "amount", signed.zone_a, amount_yuan=600_000_000, status="signed")
    url = reverse("articles:claim_list")
    city = client_for(signed.city_manager)
    html = city.get(url).content.decode()
    assert "甲区半年工作通报" in html and 'data-verdict="differs"' in html
    assert "no-claims" in city.get(url, {"tolerance": "25"}).content.decode()
    refused = city.get(url, {"tolerance": "-3"})
    assert refused.status_code == 200 and "invalid-feedback" in refused.content.decode()
    zone_b_only = city.get(url, {"zone": signed.zone_b.pk}).content.decode()
    assert "no-claims" in zone_b_only
    # another zone's manager sees nothing of zone A
    assert "甲区半年工作通报" not in client_for(signed.b_manager).get(url).content.decode()


def test_the_city_page_uses_a_fixed_number_of_queries(
    signed: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(signed.city_manager)
    url = reverse("articles:claim_list")
    article = article_of(signed)
    accepted(article, "amount", signed.zone_a, amount_yuan=600_000_000, status="signed")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for i in range(8):
        other = article_of(signed)
        accepted(other, "amount", signed.zone_a, amount_yuan=700_000_000 + i, status="signed")
        accepted(other, "project_count", signed.zone_b, count=5 + i, status="signed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-verdict="differs"') == 9 + 8


def test_the_api_sets_claims_beside_records(signed: World) -> None:
    article = article_of(signed)
    accepted(article, "amount", signed.zone_a, amount_yuan=900_000_000, status="signed")
    client, auth = api_client_for(signed.a_manager)
    (claim,) = client.get(f"/api/articles/{article.pk}/claims", headers=auth).json()
    assert claim["verdict"] == "differs"
    assert (claim["claimed"], claim["recorded"], claim["unit"]) == (9e8, 5e8, "元")
    assert claim["difference_percent"] == 80.0
    listed = client.get("/api/articles/claims", headers=auth).json()
    assert [c["fact_id"] for c in listed] == [claim["fact_id"]]
    assert client.get("/api/articles/claims?tolerance_percent=90", headers=auth).json() == []
    bad = client.get("/api/articles/claims?tolerance_percent=-1", headers=auth)
    assert bad.status_code in (400, 422)
    outsider, outsider_auth = api_client_for(signed.b_manager)
    hidden = outsider.get(f"/api/articles/{article.pk}/claims", headers=outsider_auth)
    assert hidden.status_code == 404


def test_a_growth_rate_is_set_beside_the_latest_month_it_covers(world: World) -> None:
    for month, value in ((5, "8.0"), (6, "12.5"), (7, "30.0")):
        open_month(world.city, date(YEAR, month, 1))
        report(world.org_a, date(YEAR, month, 1), fai_growth=value)
    article = article_of(world)
    metric = f"固定资产投资同比增长（{YEAR}年1-6月）"
    accepted(article, "quantity", world.zone_a, metric=metric, value=12.5, unit="%")
    accepted(article, "quantity", world.zone_a, metric=metric, value=25, unit="%（以上）")
    found = claims.article_claims(user=world.a_manager, article=article)
    assert verdicts(found) == [
        ("quantity", "agrees", Decimal("12.5")),
        ("quantity", "differs", Decimal("12.5")),
    ]


def test_the_article_page_checks_claims_in_a_fixed_number_of_queries(
    signed: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(signed.a_manager)
    small = article_of(signed)
    accepted(small, "amount", signed.zone_a, amount_yuan=500_000_000, status="signed")
    url = reverse("articles:article_detail", kwargs={"article_id": small.pk})
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    big = article_of(signed)
    for i in range(6):
        accepted(big, "amount", signed.zone_a, amount_yuan=500_000_000 + i, status="signed")
        accepted(big, "project_count", signed.zone_b, count=i + 1, status="started")
        accepted(
            big, "target", signed.zone_a, metric="规上工业增加值", value=i, unit="元", year=YEAR
        )
    url = reverse("articles:article_detail", kwargs={"article_id": big.pk})
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        response = client.get(url)
    assert response.content.decode().count("data-verdict=") == 18
