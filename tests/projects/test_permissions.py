"""The named permissions of the projects app as a table: every persona of the shared world
against every rule, on zone A's project."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from zonetrack.projects import permissions, services

from ..conftest import World

PERSONAS = [
    "superuser",
    "province_viewer",
    "city_manager",
    "city_admin",
    "a_manager",
    "a_officer",
    "a_viewer",
    "b_manager",
    "nobody",
]

# Each rule on project A (of zone A, owned by org_a under the city): who is allowed.
TABLE: dict[str, tuple[Callable[[Any, World], bool], set[str]]] = {
    "view": (
        lambda user, w: permissions.can_view_project(user, w.project_a),
        {"superuser", "province_viewer", "city_manager", "city_admin", "a_manager"}
        | {"a_officer", "a_viewer"},
    ),
    "change": (
        lambda user, w: permissions.can_change_project(user, w.project_a),
        {"superuser", "city_manager", "city_admin", "a_manager"},
    ),
    "work_on": (
        lambda user, w: permissions.can_work_on_project(user, w.project_a),
        {"superuser", "city_manager", "city_admin", "a_manager"},
    ),
    "archive": (
        lambda user, w: permissions.can_archive_project(user, w.project_a),
        {"superuser", "city_manager", "city_admin", "a_manager"},
    ),
    "report": (
        lambda user, w: permissions.can_report(user, w.project_a),
        {"superuser", "city_manager", "city_admin", "a_manager"},
    ),
    # The supervising level: a manager strictly above the zone committee, never its own.
    "verify_stage": (
        lambda user, w: permissions.can_verify_stage(user, w.project_a),
        {"superuser", "city_manager", "city_admin"},
    ),
    "create_in_zone_a": (
        lambda user, w: permissions.can_create_project(user, w.zone_a),
        {"superuser", "city_manager", "city_admin", "a_manager", "a_officer"},
    ),
    "create_anywhere": (
        lambda user, w: permissions.can_create_any_project(user),
        {"superuser", "city_manager", "city_admin", "a_manager", "a_officer", "b_manager"},
    ),
}


@pytest.mark.parametrize("rule", sorted(TABLE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_table(world: World, persona: str, rule: str) -> None:
    check, allowed = TABLE[rule]
    assert check(getattr(world, persona), world) is (persona in allowed)


def test_permission_an_assigned_officer_changes_the_project_but_does_not_verify(
    world: World,
) -> None:
    project = services.project_update(
        actor=None, project=world.project_a, changes={"officer": world.a_officer}
    )
    assert permissions.can_change_project(world.a_officer, project)
    assert permissions.can_report(world.a_officer, project)
    assert not permissions.can_verify_stage(world.a_officer, project)


def test_permission_nobody_works_on_an_archived_project_but_its_changers_restore_it(
    world: World,
) -> None:
    project = services.project_archive(actor=None, project=world.project_a)
    assert not permissions.can_work_on_project(world.a_manager, project)
    assert permissions.can_archive_project(world.a_manager, project)


def test_permission_zonetrack_itself_may_do_everything(world: World) -> None:
    assert permissions.can_change_project(None, world.project_a)
    assert permissions.can_verify_stage(None, world.project_a)
    assert permissions.can_create_project(None, world.zone_b)


def test_permission_the_old_service_names_still_answer(world: World) -> None:
    assert services.can_verify(world.city_manager, world.project_a)
    assert not services.can_verify(world.a_manager, world.project_a)
    assert services.can_create_project(world.a_officer, world.zone_a)
