"""Project lists read a page at a time: the same rows, order and total as the whole list, in
a fixed number of queries; and the visibility rule reads a user's zones once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonetrack.accounts import access
from zonetrack.projects import selectors
from zonetrack.projects.models import Project
from zonetrack.projects.selectors import ProjectFilters
from zonetrack.registry.models import Cluster

from ..conftest import World, api_client_for, make_zone
from .factories import ProjectFactory


def _projects(world: World) -> list[Project]:
    clusters = list(Cluster.objects.order_by("pk")[:2])
    made = []
    for i in range(9):
        made.append(
            ProjectFactory(
                zone=world.zone_a if i % 3 else world.zone_b,
                name=f"分页项目{i}",
                total_investment_wan=Decimal(100 * (i % 4)),
                cluster=clusters[i % 2],
                is_city_key=bool(i % 2),
                leader=world.city_manager if i % 3 == 1 else None,
                officer=world.a_officer if i % 3 == 2 else None,
            )
        )
    return made


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "-investment"},
        {"sort": "zone"},
        {"stage": "pursued", "key": "city"},
        {"cluster": "__first__", "sort": "name"},
    ],
)
def test_pages_hold_the_rows_of_the_whole_list_in_its_order(
    world: World, params: dict[str, str]
) -> None:
    _projects(world)
    if params.get("cluster") == "__first__":
        params = {**params, "cluster": Cluster.objects.order_by("pk").first().code}  # type: ignore[union-attr]
    filters = ProjectFilters.from_params(params)
    whole = list(selectors.project_list(user=world.city_manager, filters=filters))
    rows = selectors.project_list(user=world.city_manager, filters=filters, for_page=True)
    assert rows.count() == len(whole) > 2
    paged = [p for start in range(0, len(whole), 4) for p in rows[start : start + 4]]
    assert [p.pk for p in paged] == [p.pk for p in whole]
    assert [(str(p.leader or ""), str(p.officer or "")) for p in paged] == [
        (str(p.leader or ""), str(p.officer or "")) for p in whole
    ]
    assert [p.zone.name for p in paged] == [p.zone.name for p in whole]


def test_a_page_is_two_queries_however_many_people_it_names(world: World) -> None:
    _projects(world)
    rows = selectors.project_list(user=world.city_manager, filters=None, for_page=True)
    with CaptureQueriesContext(connection) as captured:
        page = rows[0:50]
        shown = [(p.name, p.zone.name, str(p.leader or ""), str(p.officer or "")) for p in page]
    assert len(shown) == 11  # the world's two projects and the nine made here
    assert len(captured) == 2  # the rows, then the people they name


def test_the_api_lists_a_filtered_page_with_its_total(world: World) -> None:
    made = _projects(world)
    client, auth = api_client_for(world.a_viewer)
    answer = client.get("/api/projects", {"key": "city", "page_size": 2}, headers=auth).json()
    expected = [p for p in made if p.zone_id == world.zone_a.pk and p.is_city_key]
    assert answer["count"] == len(expected) == 3
    assert {item["name"] for item in answer["items"]} <= {p.name for p in expected}
    assert len(answer["items"]) == 2
    led = next(p for p in expected if p.leader_id)
    one = client.get("/api/projects", {"q": led.name}, headers=auth).json()["items"][0]
    assert one["leader"]["username"] == world.city_manager.username
    assert one["investor"] == led.investor.name if led.investor_id else one["investor"] is None


def test_the_zones_a_user_sees_are_read_once_per_user(
    world: World, django_assert_num_queries: Any
) -> None:
    user = world.city_manager
    with django_assert_num_queries(3):  # memberships, the zones, then the projects
        assert len(list(access.visible(Project.objects.all(), user))) == 2
    with django_assert_num_queries(1):
        assert len(list(access.visible(Project.objects.all(), user))) == 2
    # A zone made later is seen by the next request's user (a fresh object), and by this one
    # once its memberships are read again.
    ProjectFactory(zone=make_zone("新设开发区", world.city), name="新区项目")
    access.forget_memberships(user)
    assert "新区项目" in {p.name for p in access.visible(Project.objects.all(), user)}
    assert access.visible(Project.objects.all(), world.nobody).count() == 0
