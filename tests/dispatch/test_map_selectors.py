"""The battle map's reads: the projects by severity saying why, the filter, the zone's parks,
and the node schedule (节点计划表) in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from zonetrack.dispatch import selectors, services
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save, project_create
from zonetrack.registry.models import Park

from ..conftest import World

TODAY = timezone.localdate()
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[111.5, 36.0], [111.6, 36.0], [111.6, 36.1], [111.5, 36.1], [111.5, 36.0]]],
}


def _projects(world: World) -> dict[str, int]:
    """Four projects of zone A: red 30 days late, red 5 days late, yellow (reached late), green."""
    made = {
        "red_5": project_create(actor=None, zone=world.zone_a, name="甲 五天"),
        "red_30": project_create(actor=None, zone=world.zone_a, name="乙 三十天"),
        "yellow": project_create(actor=None, zone=world.zone_a, name="丙 黄色"),
    }
    milestone_save(
        actor=None, project=made["red_5"], name="开工", planned_on=TODAY - timedelta(days=5)
    )
    milestone_save(
        actor=None, project=made["red_30"], name="封顶", planned_on=TODAY - timedelta(days=30)
    )
    milestone_save(
        actor=None,
        project=made["yellow"],
        name="投产",
        planned_on=TODAY - timedelta(days=40),
        actual_on=TODAY - timedelta(days=20),
    )
    services.colours_refresh()
    ids = {key: project.pk for key, project in made.items()}
    ids["green"] = world.project_a.pk
    return ids


def test_battle_list_is_red_then_yellow_then_days_late_then_name_and_says_why(
    world: World,
) -> None:
    ids = _projects(world)
    data = selectors.battle_map(user=world.a_viewer, zone=world.zone_a)
    ranked = data["ranked"]
    assert [p["id"] for p in ranked] == [ids["red_30"], ids["red_5"], ids["yellow"], ids["green"]]
    assert [p["colour"] for p in ranked] == ["red", "red", "yellow", "green"]
    assert [p["days_late"] for p in ranked[:2]] == [30, 5]
    assert "封顶" in ranked[0]["reasons"][0] and "30" in ranked[0]["reasons"][0]
    assert "投产" in ranked[2]["reasons"][0]
    assert ranked[3]["reasons"] == []
    assert data["counts"] == {"red": 2, "yellow": 1, "green": 1}


def test_battle_map_filter_narrows_projects_to_a_colour_and_a_stage(world: World) -> None:
    ids = _projects(world)
    red = selectors.battle_map(
        user=world.a_viewer, zone=world.zone_a, filters=selectors.MapFilters(colour="red")
    )
    assert {p["id"] for p in red["ranked"]} == {ids["red_30"], ids["red_5"]}
    assert {f["properties"]["id"] for f in red["features"]} <= {ids["red_30"], ids["red_5"]}
    signed = selectors.battle_map(
        user=world.a_viewer, zone=world.zone_a, filters=selectors.MapFilters(stage="signed")
    )
    assert signed["ranked"] == []


def test_battle_map_draws_the_parks_the_registry_outlines_and_no_others(world: World) -> None:
    Park.objects.filter(pk=world.park_a.pk).update(boundary=SQUARE)
    data = selectors.battle_map(user=world.a_viewer, zone=world.zone_a)
    assert [(f["properties"]["name"], f["geometry"]) for f in data["parks"]] == [("甲一园", SQUARE)]
    # Zone B's park has no outline: nothing is drawn for it, nor for another zone's parks.
    Park.objects.filter(pk=world.park_b.pk).update(boundary=SQUARE)
    assert len(selectors.battle_map(user=world.a_viewer, zone=world.zone_a)["parks"]) == 1


def test_node_schedule_rows_late_first_with_responsible_dates_and_bars(world: World) -> None:
    ids = _projects(world)
    schedule = selectors.node_schedule(zone=world.zone_a, project_ids=list(ids.values()))
    rows = schedule["rows"]
    assert [(r["name"], r["days_late"], r["colour"]) for r in rows] == [
        ("封顶", 30, "red"),
        ("开工", 5, "red"),
        ("投产", 20, "yellow"),
    ]
    assert rows[2]["actual_on"] == TODAY - timedelta(days=20) and rows[2]["is_done"]
    assert rows[0]["responsible"] == ""  # no officer nor leader named on the project
    # Each bar runs from the planned date to the actual date (or today), on the month axis.
    assert schedule["months"][0] <= TODAY - timedelta(days=40)
    assert 0 <= rows[0]["bar_left"] < schedule["today"] <= 100
    assert abs(rows[0]["bar_left"] + rows[0]["bar_width"] - schedule["today"]) < 0.1
    # Only the projects asked for (the map's filter) are in the schedule.
    only = selectors.node_schedule(zone=world.zone_a, project_ids=[ids["red_5"]])
    assert [r["name"] for r in only["rows"]] == ["开工"]


def test_node_schedule_names_the_project_officer_as_responsible(world: World) -> None:
    project = project_create(actor=None, zone=world.zone_a, name="有专员", officer=world.a_officer)
    milestone_save(actor=None, project=project, name="签约", planned_on=TODAY + timedelta(days=3))
    rows = selectors.node_schedule(zone=world.zone_a, project_ids=[project.pk])["rows"]
    assert rows[0]["responsible"] == str(world.a_officer)
    assert rows[0]["days_late"] == 0 and rows[0]["colour"] == "green"


def test_node_schedule_takes_two_queries_however_many_nodes(
    world: World, django_assert_num_queries: Any
) -> None:
    projects = [
        project_create(actor=None, zone=world.zone_a, name=f"项目{n}", officer=world.a_officer)
        for n in range(6)
    ]
    ids = [p.pk for p in projects]
    assert Project.objects.filter(pk__in=ids, officer=world.a_officer).count() == 6
    for project in projects:
        for step in range(4):
            milestone_save(
                actor=None,
                project=project,
                name=f"节点{step}",
                planned_on=TODAY - timedelta(days=10 * step),
            )
    with django_assert_num_queries(2):
        rows = selectors.node_schedule(zone=world.zone_a, project_ids=ids)["rows"]
        assert {r["responsible"] for r in rows} == {str(world.a_officer)}
    assert len(rows) == 24
