"""Reads of the overview pages: the leader's projects with colours and open problems."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zonetrack.dashboards import selectors
from zonetrack.dispatch import services
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save

from ..conftest import World
from ..dispatch.factories import ProblemFactory

TODAY = timezone.localdate()


def test_leader_projects_are_those_led_or_followed_with_colour_and_problems(
    world: World,
) -> None:
    Project.objects.filter(pk=world.project_a.pk).update(leader=world.a_manager)
    Project.objects.filter(pk=world.project_b.pk).update(leader=world.a_manager)
    milestone_save(
        actor=None, project=world.project_a, name="开工", planned_on=TODAY - timedelta(days=30)
    )
    services.colours_refresh()
    ProblemFactory(
        actor=world.a_officer,
        project=world.project_a,
        raised_on=TODAY - timedelta(days=5),
        deadline_on=TODAY - timedelta(days=1),
    )
    projects = selectors.leader_projects(user=world.a_manager)
    # Project B is led by name, but on a branch the leader does not see.
    assert [(p.pk, p.colour, p.open_problems, p.overdue_problems) for p in projects] == [
        (world.project_a.pk, "red", 1, 1)
    ]
    assert selectors.leader_projects(user=world.a_viewer) == []


def test_leader_problems_are_the_open_ones_of_the_given_projects(world: World) -> None:
    open_one = ProblemFactory(actor=world.a_officer, project=world.project_a)
    closed = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_answer(actor=world.a_manager, problem=closed, note="好")
    services.problem_accept(actor=world.a_officer, problem=closed)
    other = ProblemFactory(actor=world.b_manager, project=world.project_b)
    problems = list(
        selectors.leader_problems(user=world.city_manager, project_ids=[world.project_a.pk])
    )
    assert problems == [open_one] and other not in problems
