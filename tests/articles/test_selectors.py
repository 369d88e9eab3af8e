"""Reads of the articles app: every selector returns what the visibility rule lets the user see."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from tests.conftest import World
from zonetrack.articles import selectors
from zonetrack.articles.models import ArticleStatus, Review

from .factories import ArticleFactory, FactFactory


def test_article_list_scopes_filters_and_counts(world: World) -> None:
    mine = ArticleFactory(organisation=world.org_a, title="招商快讯", source_url="https://a.cn/1")
    FactFactory(article=mine)
    FactFactory(article=mine, review=Review.ACCEPTED)
    FactFactory(article=mine, review=Review.REJECTED, zone=world.zone_a)
    FactFactory(article=mine, archived_at=timezone.now())
    theirs = ArticleFactory(organisation=world.org_b, status=ArticleStatus.REVIEWED)
    gone = ArticleFactory(organisation=world.org_a, archived_at=timezone.now())

    assert list(selectors.article_list(user=world.a_viewer)) == [mine]
    assert set(selectors.article_list(user=world.city_manager)) == {mine, theirs}
    assert list(selectors.article_list(user=world.nobody)) == []
    row = selectors.article_list(user=world.a_viewer).get()
    # archived facts are not counted
    assert (row.fact_count, row.proposed_count, row.accepted_count) == (3, 1, 1)
    assert (row.rejected_count, row.attached_count) == (1, 1)

    def listed(**params: str) -> set:
        filters = selectors.ArticleFilters.from_params(params)
        return set(selectors.article_list(user=world.city_manager, filters=filters))

    assert listed(q="招商") == {mine}
    assert listed(q="a.cn") == {mine}
    assert listed(status="reviewed") == {theirs}
    assert listed(status="nonsense") == {mine, theirs}
    assert listed(archived="1") == {mine, theirs, gone}


def test_article_list_is_newest_first(world: World) -> None:
    first = ArticleFactory(organisation=world.org_a)
    second = ArticleFactory(organisation=world.org_a)
    assert list(selectors.article_list(user=world.a_manager)) == [second, first]


def test_article_and_fact_get_answer_404_outside_the_users_subtree(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, archived_at=timezone.now())
    fact = FactFactory(article=article)
    # an archived article is still found (to restore it); its facts are too
    assert selectors.article_get(user=world.a_viewer, article_id=article.pk) == article
    assert selectors.fact_get(user=world.province_viewer, fact_id=fact.pk) == fact
    for user in (world.b_manager, world.nobody):
        with pytest.raises(Http404):
            selectors.article_get(user=user, article_id=article.pk)
        with pytest.raises(Http404):
            selectors.fact_get(user=user, fact_id=fact.pk)
    archived = FactFactory(article=article, archived_at=timezone.now())
    with pytest.raises(Http404):
        selectors.fact_get(user=world.a_manager, fact_id=archived.pk)


def test_fact_list_and_review_counts_leave_out_archived_facts(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a)
    late = FactFactory(article=article, start=5, end=7)
    early = FactFactory(article=article, review=Review.EDITED)
    FactFactory(article=article, review=Review.REJECTED)
    FactFactory(article=article, archived_at=timezone.now())
    facts = selectors.fact_list(article=article)
    assert facts[0] == early and facts[-1] == late and len(facts) == 3
    assert selectors.review_counts(article=article) == {
        "proposed": 1,
        "accepted": 1,
        "rejected": 1,
    }
    assert selectors.review_counts(article=ArticleFactory(organisation=world.org_a)) == {
        "proposed": 0,
        "accepted": 0,
        "rejected": 0,
    }


def test_attachable_zones_are_the_active_zones_the_user_may_change(world: World) -> None:
    assert selectors.attachable_zones(user=world.a_manager) == [world.zone_a]
    assert selectors.attachable_zones(user=world.a_viewer) == []
    assert set(selectors.attachable_zones(user=world.city_manager)) == {
        world.zone_a,
        world.zone_b,
    }
    world.zone_b.archived_at = timezone.now()
    world.zone_b.save()
    assert selectors.attachable_zones(user=world.city_manager) == [world.zone_a]


def test_attach_zone_get_finds_visible_active_zones_only(world: World) -> None:
    assert selectors.attach_zone_get(user=world.a_viewer, zone_id=world.zone_a.pk) == world.zone_a
    assert selectors.attach_zone_get(user=world.a_manager, zone_id=world.zone_b.pk) is None
    assert selectors.attach_zone_get(user=world.a_manager, zone_id=None) is None
    assert selectors.attach_zone_get(user=world.a_manager, zone_id=0) is None


def test_suggested_zone_by_name_then_short_name(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a)
    zones = [world.zone_a, world.zone_b]
    assert selectors.suggested_zone(FactFactory(article=article, name="乙区"), zones) == (
        world.zone_b
    )
    world.zone_b.short_name = "乙开"
    amount = FactFactory(article=article, kind="amount", fields={"zone": "乙开"})
    assert selectors.suggested_zone(amount, zones) == world.zone_b
    assert selectors.suggested_zone(FactFactory(article=article, name="丙区"), zones) is None
    unnamed = FactFactory(article=article, kind="amount", fields={"amount_yuan": 5})
    assert selectors.suggested_zone(unnamed, zones) is None
    edited = FactFactory(article=article, review=Review.EDITED, edited_fields={"name": "甲区"})
    edited.fields = {"name": "乙区"}
    assert selectors.suggested_zone(edited, zones) == world.zone_a  # the corrected name wins


def test_facts_for_zone_are_accepted_visible_and_of_live_articles(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a)
    accepted = FactFactory(article=article, review=Review.ACCEPTED, zone=world.zone_a)
    FactFactory(article=article, review=Review.PROPOSED, zone=world.zone_a)
    FactFactory(article=article, review=Review.REJECTED, zone=world.zone_a)
    gone = ArticleFactory(organisation=world.org_a, archived_at=timezone.now())
    FactFactory(article=gone, review=Review.ACCEPTED, zone=world.zone_a)
    assert selectors.facts_for_zone(world.zone_a, world.a_viewer) == [accepted]
    assert selectors.facts_for_zone(world.zone_a, world.b_manager) == []
    assert selectors.facts_for_zone(world.zone_a, world.a_viewer, limit=0) == []


def test_zone_gazetteer_names_active_zones(world: World) -> None:
    assert sorted(selectors.zone_gazetteer()) == ["乙区", "甲区"]
    world.zone_b.archived_at = timezone.now()
    world.zone_b.save()
    assert selectors.zone_gazetteer() == ["甲区"]


def test_organisations_an_article_may_go_to(world: World) -> None:
    assert selectors.creatable_organisations(world.a_manager) == [world.org_a, world.dept_a]
    assert selectors.creatable_organisations(world.a_viewer) == []
    assert selectors.default_organisation(world.a_manager) == world.org_a
    assert selectors.default_organisation(world.city_manager) == world.city
    assert selectors.default_organisation(world.a_officer) is None
    get = selectors.ingest_organisation_get
    assert get(user=world.a_manager, organisation_id=world.dept_a.pk) == world.dept_a
    assert get(user=world.a_manager, organisation_id=world.org_b.pk) is None
    assert get(user=world.a_viewer, organisation_id=world.org_a.pk) is None


def test_article_review_holds_facts_counts_suggestions_and_zones(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a)
    loose = FactFactory(article=article, review=Review.ACCEPTED, name="甲区")
    FactFactory(article=article, review=Review.ACCEPTED, zone=world.zone_a)
    FactFactory(article=article)
    FactFactory(article=article, review=Review.REJECTED)
    review = selectors.article_review(user=world.a_manager, article=article)
    assert review.can_review and review.zones == [world.zone_a]
    assert review.counts == {"proposed": 1, "accepted": 2, "rejected": 1}
    assert review.accepted_loose == [loose]
    assert review.bulk_suggestion == world.zone_a
    assert [f.suggested for f in review.facts] == [world.zone_a, None, None, None]
    assert all(f.article is article for f in review.facts)

    seen = selectors.article_review(user=world.a_viewer, article=article)
    assert not seen.can_review and seen.zones == [] and seen.bulk_suggestion is None
    article.archived_at = timezone.now()
    assert not selectors.article_review(user=world.a_manager, article=article).can_review


def test_fact_card_suggests_among_the_users_zones(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a)
    fact = FactFactory(article=article, review=Review.ACCEPTED, name="乙区")
    assert selectors.fact_card(user=world.city_manager, fact_id=fact.pk).suggested == (world.zone_b)
    assert selectors.fact_card(user=world.a_manager, fact_id=fact.pk).suggested is None
