"""The project search behind every project chooser: only visible projects, by name or code,
at most twenty, in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zonetrack.projects import selectors, services
from zonetrack.projects.models import Project

from ..conftest import World, client_for

URL = reverse("projects:project_search")


def search(user: Any, q: str) -> list[dict[str, Any]]:
    response = client_for(user).get(URL, {"q": q})
    assert response.status_code == 200
    return response.json()["results"]


def test_a_zone_officer_never_finds_another_zones_project(world: World) -> None:
    services.project_update(actor=None, project=world.project_b, changes={"name": "乙区共用名"})
    services.project_update(actor=None, project=world.project_a, changes={"name": "甲区共用名"})
    found = search(world.a_officer, "共用名")
    assert [p["id"] for p in found] == [world.project_a.pk]
    assert search(world.a_officer, world.project_b.code) == []
    both = {p["id"] for p in search(world.city_manager, "共用名")}
    assert both == {world.project_a.pk, world.project_b.pk}
    assert search(world.nobody, "共用名") == []


def test_search_by_code_gives_name_code_and_zone(world: World) -> None:
    [found] = search(world.a_manager, world.project_a.code)
    assert found["id"] == world.project_a.pk and found["name"] == world.project_a.name
    assert found["zone"] == world.zone_a.name and world.project_a.code in found["label"]
    assert search(world.a_manager, "   ") == []


def test_archived_projects_are_not_offered(world: World) -> None:
    services.project_archive(actor=None, project=world.project_a)
    assert search(world.city_manager, world.project_a.name) == []


def test_search_answers_at_most_twenty_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.city_manager)
    for i in range(3):
        services.project_create(actor=None, zone=world.zone_a, name=f"批量搜索{i:02d}")
    client.get(URL, {"q": "批量搜索"})
    with django_assert_max_num_queries(10) as few:
        assert len(client.get(URL, {"q": "批量搜索"}).json()["results"]) == 3
    for i in range(3, 30):
        services.project_create(actor=None, zone=world.zone_b, name=f"批量搜索{i:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = client.get(URL, {"q": "批量搜索"}).json()["results"]
    assert len(found) == selectors.SEARCH_LIMIT == 20
    assert found[0]["name"] == "批量搜索00"


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    assert Client().get(URL, {"q": "甲"}).status_code == 302
    assert Project.objects.count() == 2
