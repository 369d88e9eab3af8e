"""The counts the cockpits read (``warning_counts_by_zone``) and their red list (``reddest``)
agree with the warning list: an override that ran out shows the computed colour again, and an
archived or terminated project's colour leaves them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from zonetrack.dispatch import selectors, services
from zonetrack.dispatch.choices import EscalationLevel
from zonetrack.dispatch.models import ColourStatus, Problem
from zonetrack.projects.models import EndReason
from zonetrack.projects.services import project_archive, project_create, project_transition
from zonetrack.registry.models import Zone

from ..conftest import World
from .factories import make_problem

TODAY = timezone.localdate()


def _red(world: World, name: str) -> ColourStatus:
    project = project_create(
        actor=None, zone=world.zone_a, name=name, total_investment_wan=Decimal(1000)
    )
    problem = make_problem(world.superuser, project)
    Problem.objects.filter(pk=problem.pk).update(
        escalation_level=EscalationLevel.PROVINCE, deadline_on=TODAY - timedelta(days=3)
    )
    services.colours_refresh(project_ids=[project.pk])
    return ColourStatus.objects.get(project=project, milestone__isnull=True)


def test_cockpit_counts_and_red_list_agree_with_the_warning_list(world: World) -> None:
    reds = [_red(world, f"红色项目{i}") for i in range(4)]
    # An override to green that ran out yesterday: red again, as the list shows it.
    ColourStatus.objects.filter(pk=reds[0].pk).update(
        override_colour="green", colour="green", override_until=TODAY - timedelta(days=1)
    )
    # One archived, one terminated: neither counts.
    project_archive(actor=None, project=reds[1].project)
    project_transition(
        actor=None,
        project=reds[2].project,
        to_stage="terminated",
        happened_on=TODAY,
        note="投资方撤回",
        end_reason=EndReason.objects.first(),
    )
    zones = Zone.objects.filter(pk=world.zone_a.pk)
    listed = selectors.zone_colour_counts(user=world.superuser)
    assert selectors.warning_counts_by_zone(zones) == listed
    assert listed[world.zone_a.pk]["red"] == 2
    red_list = selectors.warnings(user=world.superuser, colour="red", projects_only=True)
    assert {s.pk for s in selectors.reddest(zones, 8)} == {s.pk for s in red_list}
    assert [s.pk for s in selectors.reddest(zones, 1)] == [red_list[0].pk]
