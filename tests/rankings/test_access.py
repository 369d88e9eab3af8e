"""The one rule rankings add to the gate: a published ranking is visible to the organisations
it ranks (and those above them); nothing else widens what a user sees."""

from __future__ import annotations

import pytest
from django.test import Client

from zonetrack.accounts.models import User
from zonetrack.rankings import permissions, services
from zonetrack.rankings.models import Ranking, Scheme

from ..conftest import World, client_for
from .conftest import PERIOD


def english(user: User) -> Client:
    User.objects.filter(pk=user.pk).update(language="en")
    user.refresh_from_db()
    return client_for(user)


@pytest.mark.usefixtures("reported")
def test_published_ranking_visible_to_the_ranked_only(world: World, scheme: Scheme) -> None:
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    rows = Ranking.objects.all()
    assert list(permissions.rankings_visible(rows, world.a_viewer)) == []
    assert list(permissions.rankings_visible(rows, world.city_manager)) == [ranking]
    services.ranking_publish(actor=world.city_manager, ranking=ranking)
    assert list(permissions.rankings_visible(rows, world.a_viewer)) == [ranking]
    assert list(permissions.rankings_visible(rows, world.nobody)) == []
    assert list(permissions.rankings_visible(rows, world.province_viewer)) == [ranking]
    entry = ranking.entries.get(organisation=world.org_b)
    assert permissions.can_see_inputs(world.a_viewer, ranking, world.org_a)
    assert not permissions.can_see_inputs(world.a_viewer, ranking, entry.organisation)
    assert permissions.can_see_inputs(world.city_manager, ranking, entry.organisation)
    assert not permissions.can_publish_ranking(world.a_manager, ranking)
