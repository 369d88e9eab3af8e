"""What projects owe: the one definition of "owes a monthly report" read by every page that
counts reports owed, and the milestones coming due."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from ..choices import MilestoneStatus, Stage
from ..models import Milestone, ProgressReport, Project

# Only projects being built or producing report their monthly investment: a pursued or signed
# project has nothing to report yet, a terminated one nothing any more.
REPORTING_STAGES = (Stage.STARTED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY)


def report_month(today: date) -> date:
    """The last complete month (its first day): the month whose report is owed on ``today``."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def _month_after(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def owes_report_q(month: date) -> Q:
    """A project owes the report of ``month`` when it is under construction or in production
    (started, in production or at capacity), is not known to have started after that month
    (its start date, or the date it reached its stage when it was entered without one) and
    has no progress report for that month. ``reports_for`` is the same rule for rows in hand."""
    reported = ProgressReport.objects.filter(project=OuterRef("pk"), month=month)
    after = _month_after(month)
    # Not known to have started after the month: a project entered without dates owes.
    started = Q(started_on__lt=after) | Q(
        Q(stage_on__lt=after) | Q(stage_on__isnull=True), started_on__isnull=True
    )
    return Q(stage__in=REPORTING_STAGES) & started & ~Q(Exists(reported))


def reports_for(stage: str, started_on: date | None, stage_on: date | None, month: date) -> bool:
    """Whether a project in this stage, started on this day, reports for ``month`` (whether
    it has reported is the caller's to check): ``owes_report_q`` for rows already read."""
    since = started_on or stage_on
    return stage in REPORTING_STAGES and (since is None or since < _month_after(month))


def with_owes_report(projects: QuerySet[Project], month: date) -> QuerySet[Project]:
    """The projects, each with ``owes_report`` (``owes_report_q``) as a boolean."""
    return projects.annotate(
        owes_report=ExpressionWrapper(owes_report_q(month), output_field=BooleanField())
    )


def owing_report(projects: QuerySet[Project], month: date) -> QuerySet[Project]:
    """Those of the projects that owe the report of ``month``."""
    return projects.filter(owes_report_q(month))


def milestones_due(
    projects: QuerySet[Project], *, today: date, days: int = 14
) -> QuerySet[Milestone]:
    """The milestones of the projects still to be reached and planned within ``days`` days
    from ``today`` (today included), soonest first."""
    return (
        Milestone.objects.filter(
            project__in=projects.values("pk"),
            actual_on__isnull=True,
            planned_on__gte=today,
            planned_on__lte=today + timedelta(days=days),
        )
        .exclude(status__in=[MilestoneStatus.DONE, MilestoneStatus.CANCELLED])
        .select_related("project")
        .order_by("planned_on", "pk")
    )
