"""Who may do what with articles and facts: persona × permission, on one article of zone A."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import World
from zonetrack.articles import permissions

from .factories import ArticleFactory, FactFactory

# persona → (view, ingest into org A, ingest anywhere, archive, review, attach to zone A)
TABLE = {
    "superuser": (True, True, True, True, True, True),
    "province_viewer": (True, False, False, False, False, False),
    "city_manager": (True, True, True, True, True, True),
    "a_manager": (True, True, True, True, True, True),
    "a_officer": (True, False, False, False, False, False),
    "a_viewer": (True, False, False, False, False, False),
    "b_manager": (False, False, True, False, False, False),
    "nobody": (False, False, False, False, False, False),
}


@pytest.mark.parametrize("persona", sorted(TABLE))
def test_permissions_by_persona(world: World, persona: str) -> None:
    user = getattr(world, persona)
    article = ArticleFactory(organisation=world.org_a)
    fact = FactFactory(article=article)
    found = (
        permissions.can_view_article(user, article),
        permissions.can_ingest_article(user, world.org_a),
        permissions.can_ingest_articles(user),
        permissions.can_archive_article(user, article),
        permissions.can_review_fact(user, fact),
        permissions.can_attach_to_zone(user, world.zone_a),
    )
    assert found == TABLE[persona]
    assert permissions.can_attach_article_facts(user, article) == TABLE[persona][3]
    assert permissions.can_review_article(user, article) == TABLE[persona][4]


def test_the_officer_who_added_an_article_reviews_it(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, created_by=world.a_officer)
    fact = FactFactory(article=article)
    assert permissions.can_review_fact(world.a_officer, fact)
    assert permissions.can_review_article(world.a_officer, article)
    assert not permissions.can_ingest_article(world.a_officer, world.org_a)


def test_archived_articles_and_zones_take_no_review(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, archived_at=timezone.now())
    assert permissions.can_archive_article(world.a_manager, article)  # to restore it
    assert not permissions.can_review_article(world.a_manager, article)
    world.zone_a.archived_at = timezone.now()
    assert not permissions.can_attach_to_zone(world.a_manager, world.zone_a)
