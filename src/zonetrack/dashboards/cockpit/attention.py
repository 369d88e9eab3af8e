"""What needs attention in a cockpit's zones: the first few of each kind, most urgent first,
each linking to its record (the lists behind the cockpit's figures show the rest)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.dispatch.selectors import ProblemFilters, problem_list, reddest
from zonetrack.land.choices import FollowUpStatus
from zonetrack.land.models import FollowUp
from zonetrack.registry.models import Zone
from zonetrack.targets.selectors import overdue_q, tasks_visible

from .figures import Figures, in_zones, open_incentive_follow_ups

# How many of each kind a cockpit lists.
SHOWN = 8


@dataclass
class Attention:
    red: list[Any] = field(default_factory=list)  # ColourStatus rows, with their project
    problems: list[Any] = field(default_factory=list)  # overdue problems
    tasks: list[Any] = field(default_factory=list)  # overdue key tasks
    reports: list[tuple[Zone, int]] = field(default_factory=list)  # zones owing most reports
    land: list[Any] = field(default_factory=list)  # open follow-ups of failed land promises
    incentives: list[Any] = field(default_factory=list)  # of failed incentive conditions

    def __bool__(self) -> bool:
        return any((self.red, self.problems, self.tasks, self.reports, self.land, self.incentives))


def attention(
    *,
    user: Any,
    organisation: Organisation,
    zone_ids: list[int],
    figures: dict[int, tuple[Zone, Figures]],
    today: date,
) -> Attention:
    """The first few of each kind in the zones counted (``zone_ids``, already in view and in
    scope), one query a kind."""
    scope = sorted(zone_ids)
    red = reddest(Zone.objects.filter(pk__in=scope), SHOWN, today)
    problems = list(
        problem_list(user=user, filters=ProblemFilters(overdue=True))
        .filter(zone__in=scope)
        .prefetch_related(None)
        .select_related("project", "zone", "responsible_unit")[:SHOWN]
    )
    tasks = list(
        access.within(tasks_visible(user), organisation)
        .filter(overdue_q(today))
        .select_related("organisation")
        .order_by("due_on", "pk")[:SHOWN]
    )
    for task in tasks:
        task.days_late = (today - task.due_on).days  # type: ignore[attr-defined]
    owing = sorted(
        ((zone, f.reports_owed) for zone, f in figures.values() if f.reports_owed),
        key=lambda item: (-item[1], item[0].name),
    )[:SHOWN]
    land = list(
        access.visible(FollowUp.objects.active(), user, ordered_scan=True)
        .filter(in_zones("commitment__parcel__zone_id", scope), status=FollowUpStatus.OPEN)
        .select_related("commitment__parcel__zone", "commitment__project")
        .order_by("opened_on", "pk")[:SHOWN]
    )
    incentives = list(
        open_incentive_follow_ups(user=user, zone_ids=scope)
        .select_related("agreement__project__zone")
        .order_by("opened_on", "pk")[:SHOWN]
    )
    return Attention(
        red=red, problems=problems, tasks=tasks, reports=owing, land=land, incentives=incentives
    )
