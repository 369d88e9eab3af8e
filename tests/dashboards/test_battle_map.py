"""The battle map page, its big screen and its print view: who may open them, the list by
urgency, the node schedule, the filter, and a query count that does not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zonetrack.dispatch import services
from zonetrack.projects.services import milestone_save, project_create

from ..conftest import World, client_for

TODAY = timezone.localdate()


def _url(name: str, world: World, query: str = "") -> str:
    return reverse(f"dashboards:{name}", kwargs={"zone_id": world.zone_a.pk}) + query


def _late(world: World, name: str, days: int) -> int:
    project = project_create(actor=None, zone=world.zone_a, name=name, officer=world.a_officer)
    milestone_save(
        actor=None, project=project, name="开工", planned_on=TODAY - timedelta(days=days)
    )
    return project.pk


@pytest.mark.parametrize("name", ["battle_map", "battle_map_screen", "battle_map_print"])
def test_battle_map_views_open_to_who_sees_the_zone_only(world: World, name: str) -> None:
    assert client_for(world.a_viewer).get(_url(name, world)).status_code == 200
    assert client_for(world.city_manager).get(_url(name, world)).status_code == 200
    assert client_for(world.b_manager).get(_url(name, world)).status_code == 404
    assert client_for(world.nobody).get(_url(name, world)).status_code == 404


def test_battle_map_lists_red_first_says_why_and_links_screen_and_print(world: World) -> None:
    slight, worst = _late(world, "轻微滞后项目", 3), _late(world, "严重滞后项目", 40)
    services.colours_refresh()
    body = client_for(world.a_manager).get(_url("battle_map", world)).content.decode()
    listed = re.findall(r'<li class="list-group-item py-1" data-project="(\d+)"', body)
    assert listed == [str(worst), str(slight), str(world.project_a.pk)]
    assert "40" in body.split(f'data-project="{worst}"')[1].split("</li>")[0]
    assert f'href="{_url("battle_map_screen", world)}"' in body
    assert f'href="{_url("battle_map_print", world)}"' in body
    assert 'id="node-schedule"' in body
    rows = re.findall(r'<tr data-milestone="\d+" data-colour="(\w+)" data-days-late="(\d+)"', body)
    assert rows == [("red", "40"), ("red", "3")]


def test_battle_map_filter_narrows_list_and_schedule_and_reports_bad_input(
    world: World,
) -> None:
    late = _late(world, "滞后项目", 10)
    services.colours_refresh()
    client = client_for(world.a_manager)
    body = client.get(_url("battle_map", world, "?colour=green")).content.decode()
    assert f'data-project="{late}"' not in body and 'data-milestone="' not in body
    assert f'data-project="{world.project_a.pk}"' in body
    assert f"{_url('battle_map_screen', world)}?colour=green" in body
    response = client.get(_url("battle_map", world, "?colour=purple&stage=pursued"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="form-select is-invalid"' in body and "purple" in body
    # The colour in error filters nothing; the valid stage still does.
    assert f'data-project="{late}"' in body


def test_big_screen_has_no_navigation_and_reloads_every_n_minutes(world: World) -> None:
    client = client_for(world.a_manager)
    body = client.get(_url("battle_map_screen", world)).content.decode()
    assert '<meta http-equiv="refresh" content="300">' in body
    assert 'id="dispatch-nav"' not in body and "navbar" not in body
    assert 'data-bs-theme="dark"' in body and 'id="battle-projects"' in body
    assert 'id="node-schedule"' in body
    body = client.get(_url("battle_map_screen", world, "?refresh=2")).content.decode()
    assert '<meta http-equiv="refresh" content="120">' in body
    for wrong in ("0", "9999", "abc"):
        body = client.get(_url("battle_map_screen", world, f"?refresh={wrong}")).content.decode()
        assert '<meta http-equiv="refresh" content="300">' in body


def test_print_view_is_a4_landscape_or_a3_with_map_list_and_schedule(world: World) -> None:
    client = client_for(world.city_manager)
    body = client.get(_url("battle_map_print", world)).content.decode()
    assert "dashboards/battle-print.css" in body and "battle-print-a3.css" not in body
    assert 'id="battle-map"' in body and 'id="battle-projects"' in body
    assert 'id="node-schedule"' in body and "navbar" not in body
    body = client.get(_url("battle_map_print", world, "?paper=a3")).content.decode()
    assert "dashboards/battle-print-a3.css" in body and 'data-paper="a3"' in body


@pytest.mark.parametrize("name", ["battle_map", "battle_map_screen", "battle_map_print"])
def test_battle_map_pages_take_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any, name: str
) -> None:
    _late(world, "基线项目", 1)
    services.colours_refresh()
    client = client_for(world.a_manager)
    url = _url(name, world)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for number in range(12):
        _late(world, f"项目{number}", number + 1)
    services.colours_refresh()
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "项目11" in body
