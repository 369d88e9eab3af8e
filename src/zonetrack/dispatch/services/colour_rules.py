"""The colour rules applied to a range of projects in bulk: planned nodes missed, investment
behind the time elapsed (序时进度), overdue open problems by level, missing monthly reports.
Each rule reads its rows once per range; a project takes the worst colour and every reason."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from zonetrack.projects.choices import MilestoneStatus
from zonetrack.projects.models import Milestone, ProgressReport, YearPlan
from zonetrack.projects.selectors import report_month, reports_for
from zonetrack.projects.services import report_due

from ..choices import COLOUR_RANK, OPEN_STATUSES, Colour, ColourRuleKind
from ..models import ColourRule, Problem


def milestone_colour(
    *,
    planned_on: date,
    actual_on: date | None,
    status: str,
    today: date,
    grace: int,
    rule: ColourRule | None = None,
) -> str:
    """Green on schedule; once the planned date (plus grace days) has passed without it being
    reached, the rule's colour for the days late (by default red at once); yellow when it was
    reached late — red once, since caught up."""
    if status == MilestoneStatus.CANCELLED:
        return Colour.GREEN
    limit = planned_on + timedelta(days=grace)
    if actual_on is not None:
        return Colour.YELLOW if actual_on > limit else Colour.GREEN
    if today <= limit:
        return Colour.GREEN
    return rule.colour_of((today - planned_on).days) if rule else Colour.RED


def worst(colours: Iterable[str]) -> str:
    """A project's colour: the worst of its rules' (green when none fired)."""
    return max(colours, key=lambda c: COLOUR_RANK[Colour(c)], default=Colour.GREEN)


# The thresholds the migration seeds (yellow, red): nodes red once late, as before the rules.
DEFAULT_THRESHOLDS: dict[str, tuple[int, int]] = {
    ColourRuleKind.MILESTONE_LATE: (0, 0),
    ColourRuleKind.INVESTMENT_LAG: (10, 20),
    ColourRuleKind.PROBLEM_OVERDUE: (0, 2),
    ColourRuleKind.REPORT_MISSING: (0, 15),
}


@dataclass
class Rules:
    """The colour rules as read once per refresh: a rule is used for a zone when it is on and
    not switched off for that zone."""

    by_kind: dict[str, ColourRule]
    off: dict[str, set[int]]

    @classmethod
    def load(cls) -> Rules:
        # A rule without its row (a database made without the seeding migration) holds with
        # its default thresholds.
        rules = {
            kind: ColourRule(kind=kind, yellow_at=yellow, red_at=red)
            for kind, (yellow, red) in DEFAULT_THRESHOLDS.items()
        }
        rules.update({r.kind: r for r in ColourRule.objects.all()})
        off: dict[str, set[int]] = {kind: set() for kind in rules}
        through = ColourRule.disabled_zones.through
        for kind, zone_id in through.objects.values_list("colourrule__kind", "zone_id"):
            off[kind].add(zone_id)
        return cls(rules, off)

    def get(self, kind: str, zone_id: int) -> ColourRule | None:
        rule = self.by_kind.get(kind)
        if rule is None or not rule.is_active or zone_id in self.off[kind]:
            return None
        return rule


def investment_lag_points(*, planned_wan: Decimal, completed_wan: Decimal, today: date) -> int:
    """Points by which the investment completed this year (to the end of last month, the
    months reported) lags the time elapsed (序时进度: the months past, out of twelve)."""
    if planned_wan <= 0:
        return 0
    elapsed = Decimal(today.month - 1) * 100 / 12
    done = completed_wan * 100 / planned_wan
    return max(0, int((elapsed - done).to_integral_value(ROUND_HALF_UP)))


Key = tuple[int, int | None]


class Found:
    """What one refresh learns about one project: its colour, reasons and days late."""

    __slots__ = ("colour", "days", "reasons")

    def __init__(self) -> None:
        self.colour: str = Colour.GREEN
        self.reasons: list[dict[str, Any]] = []
        self.days = 0

    def fire(self, colour: str, reason: dict[str, Any], days: int = 0) -> None:
        if colour == Colour.GREEN:
            return
        self.colour = worst([self.colour, colour])
        self.reasons.append({**reason, "colour": colour})
        self.days = max(self.days, days)


def apply_milestones(
    found: dict[int, Found],
    zones: dict[int, int],
    low: int,
    high: int,
    today: date,
    grace: int,
    rules: Rules,
) -> dict[Key, str]:
    """Each milestone's colour; the project takes the worst, with the node and days late."""
    colours: dict[Key, str] = {}
    rows = Milestone.objects.filter(project_id__gte=low, project_id__lte=high).values_list(
        "pk", "project_id", "name", "planned_on", "actual_on", "status"
    )
    worst_of: dict[int, tuple[int, int, dict[str, Any], str]] = {}
    for pk, project_id, name, planned_on, actual_on, milestone_status in rows:
        if project_id not in zones:
            continue
        rule = rules.get(ColourRuleKind.MILESTONE_LATE, zones[project_id])
        if rule is None:
            colours[(project_id, pk)] = Colour.GREEN
            continue
        colour = milestone_colour(
            planned_on=planned_on,
            actual_on=actual_on,
            status=milestone_status,
            today=today,
            grace=grace,
            rule=rule,
        )
        colours[(project_id, pk)] = colour
        if colour == Colour.GREEN:
            continue
        reached = actual_on is not None
        days = ((actual_on or today) - planned_on).days
        reason: dict[str, Any] = {
            "rule": ColourRuleKind.MILESTONE_LATE.value,
            "milestone": pk,
            "name": name,
            "days": days,
            "reached": reached,
        }
        # One reason per project: the worst node, and of those the latest.
        key = (COLOUR_RANK[Colour(colour)], 0 if reached else days)
        best = worst_of.get(project_id)
        if best is None or key > best[:2]:
            worst_of[project_id] = (*key, reason, colour)
    for project_id, (_rank, _days, reason, colour) in worst_of.items():
        found[project_id].fire(colour, reason, 0 if reason["reached"] else reason["days"])
    return colours


def apply_investment(
    found: dict[int, Found],
    zones: dict[int, int],
    low: int,
    high: int,
    today: date,
    rules: Rules,
) -> None:
    """This year's investment completed against the time elapsed."""
    if today.month == 1:
        return  # no month of the year has been reported yet
    planned = dict(
        YearPlan.objects.filter(
            project_id__gte=low, project_id__lte=high, year=today.year, planned_investment_wan__gt=0
        ).values_list("project_id", "planned_investment_wan")
    )
    if not planned:
        return
    done = dict(
        ProgressReport.objects.filter(
            project_id__gte=low,
            project_id__lte=high,
            month__gte=date(today.year, 1, 1),
            month__lt=today.replace(day=1),
        )
        .values("project_id")
        .annotate(total=Sum("invested_wan"))
        .values_list("project_id", "total")
    )
    for project_id, planned_wan in planned.items():
        if project_id not in zones:
            continue
        rule = rules.get(ColourRuleKind.INVESTMENT_LAG, zones[project_id])
        if rule is None:
            continue
        points = investment_lag_points(
            planned_wan=planned_wan,
            completed_wan=done.get(project_id) or Decimal(0),
            today=today,
        )
        found[project_id].fire(
            rule.colour_of(points), {"rule": ColourRuleKind.INVESTMENT_LAG.value, "points": points}
        )


def apply_problems(
    found: dict[int, Found],
    zones: dict[int, int],
    low: int,
    high: int,
    today: date,
    rules: Rules,
) -> None:
    """Open problems past their deadline, by the highest escalation level they reached."""
    per: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for pk, project_id, level, deadline in Problem.objects.filter(
        project_id__gte=low,
        project_id__lte=high,
        archived_at__isnull=True,
        status__in=OPEN_STATUSES,
        deadline_on__lt=today,
    ).values_list("pk", "project_id", "escalation_level", "deadline_on"):
        if project_id in zones:
            per[project_id][level].append((pk, (today - deadline).days))
    for project_id, levels in per.items():
        rule = rules.get(ColourRuleKind.PROBLEM_OVERDUE, zones[project_id])
        if rule is None:
            continue
        level = max(levels)
        late = levels[level]
        found[project_id].fire(
            rule.colour_of(level),
            {
                "rule": ColourRuleKind.PROBLEM_OVERDUE.value,
                "level": level,
                "count": len(late),
                "problems": sorted(pk for pk, _d in late)[:20],
                "days": max(d for _pk, d in late),
            },
            max(d for rows in levels.values() for _pk, d in rows),
        )


def apply_reports(
    found: dict[int, Found],
    projects: list[tuple[int, int, str, date | None, date | None]],
    low: int,
    high: int,
    today: date,
    rules: Rules,
) -> None:
    """Last month's report, missing after its due day, of the projects that owe it by the one
    definition every page and the alert job use (``projects.selectors.owing_report``)."""
    month = report_month(today)
    due = report_due(month)
    if today <= due:
        return
    owing = [
        (pk, zone_id)
        for pk, zone_id, stage, started_on, stage_on in projects
        if reports_for(stage, started_on, stage_on, month)
    ]
    if not owing:
        return
    reported = set(
        ProgressReport.objects.filter(
            project_id__gte=low, project_id__lte=high, month=month
        ).values_list("project_id", flat=True)
    )
    days = (today - due).days
    for pk, zone_id in owing:
        rule = rules.get(ColourRuleKind.REPORT_MISSING, zone_id)
        if rule is None or pk in reported:
            continue
        found[pk].fire(
            rule.colour_of(days),
            {
                "rule": ColourRuleKind.REPORT_MISSING.value,
                "month": month.strftime("%Y-%m"),
                "days": days,
            },
            days,
        )
