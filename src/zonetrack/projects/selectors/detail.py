"""The reads of a project's page: its stage steps, transitions, reports with their running
total, plans, milestones and the plan-and-actual chart of a year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, QuerySet, Subquery
from django.utils import formats
from django.utils.translation import gettext as _

from zonetrack.audit.selectors import history_for

from ..choices import STAGE_ORDER, Stage
from ..models import Milestone, ProgressReport, Project, StageTransition, YearPlan
from .owing import owes_report_q
from .projects import my_projects, stage_rules

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def stage_steps(project: Project) -> list[dict[str, Any]]:
    """The pipeline stages as steps, the reached ones with the date each was entered."""
    labels = {value: str(label) for value, label in Stage.choices}
    dates = {
        Stage.SIGNED: project.signed_on,
        Stage.STARTED: project.started_on,
        Stage.IN_PRODUCTION: project.production_on,
    }
    current = STAGE_ORDER.index(Stage(project.stage)) if project.stage in STAGE_ORDER else -1
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        when = project.stage_on if index == current else dates.get(stage)
        steps.append(
            {
                "label": labels[stage.value],
                "date": when if index <= current else None,
                "active": index == current,
                "done": index < current,
            }
        )
    return steps


def with_cumulative(reports: list[ProgressReport]) -> list[ProgressReport]:
    """Newest first, each with the investment completed up to and including its month."""
    total = Decimal(0)
    for report in sorted(reports, key=lambda r: r.month):
        total += report.invested_wan
        report.cumulative_wan = total  # type: ignore[attr-defined]
    return sorted(reports, key=lambda r: r.month, reverse=True)


def chart_data(
    reports: list[ProgressReport], plans: list[YearPlan], year: int, today: date
) -> dict[str, Any]:
    """One year's monthly investment, its running total and the year's plan, for charts.js.
    Amounts stay decimal strings; the chart turns them into numbers only to draw them."""
    by_month = {r.month.month: r.invested_wan for r in reports if r.month.year == year}
    if year < today.year:
        last = 12
    elif year == today.year:
        last = max([today.month, *by_month])
    else:
        last = max(by_month, default=0)
    running = Decimal(0)
    cumulative: list[str | None] = []
    for month in range(1, 13):
        running += by_month.get(month, Decimal(0))
        cumulative.append(str(running) if month <= last else None)
    plan = next((p.planned_investment_wan for p in plans if p.year == year), None)
    return {
        "summary": {
            "planned": plan,
            "done": running,
            "percent": running * 100 / plan if plan else None,
        },
        "year": year,
        "months": [formats.date_format(date(year, m, 1), "M") for m in range(1, 13)],
        "invested": [str(by_month[m]) if m in by_month else None for m in range(1, 13)],
        "cumulative": cumulative,
        "plan": str(plan) if plan is not None else None,
        "labels": {
            "invested": _("Invested this month"),
            "cumulative": _("Cumulative this year"),
            "plan": _("Planned for the year"),
            "unit": _("万元"),
        },
    }


@dataclass
class ProjectPage:
    """What a project's page shows besides the project and its forms."""

    transitions: list[StageTransition]
    reports: list[ProgressReport]
    plans: list[YearPlan]
    milestones: list[Milestone]
    task_force: list[Any]
    steps: list[dict[str, Any]]
    chart: dict[str, Any]
    chart_summary: dict[str, Any]
    chart_years: list[int]
    chart_year: int
    history: Any


def project_page(*, project: Project, today: date, chart_year: str = "") -> ProjectPage:
    """The records of a project's page, each read once; ``chart_year`` (as asked for, checked
    here) picks the year of the chart, by default this one."""
    transitions = list(
        project.transitions.select_related("actor", "verified_by").order_by("-happened_on", "-id")
    )
    reports = with_cumulative(
        list(project.reports.select_related("submitted_by").prefetch_related("photos"))
    )
    plans = list(project.year_plans.order_by("-year"))
    years = sorted({today.year} | {r.month.year for r in reports} | {p.year for p in plans})
    year = (
        int(chart_year)
        if chart_year.isdecimal() and len(chart_year) <= 4 and int(chart_year) in years
        else today.year
    )
    milestones = list(project.milestones.all())
    chart = chart_data(reports, plans, year, today)
    return ProjectPage(
        transitions=transitions,
        reports=reports,
        plans=plans,
        milestones=milestones,
        task_force=list(project.task_force.all()),
        steps=stage_steps(project),
        chart=chart,
        chart_summary=chart.pop("summary"),
        chart_years=years,
        chart_year=year,
        history=history_for(project),
    )


class OwingAnnotations(TypedDict):
    """What ``my_projects_owing`` adds to each project."""

    owes_report: bool
    has_previous: bool
    last_report: date | None


def my_projects_owing(
    *, user: Any, month: date
) -> QuerySet[WithAnnotations[Project, OwingAnnotations]]:
    """The user's projects (``my_projects``), each with whether it owes the report of
    ``month`` (``owes_report``, the one definition of ``owing``), ``has_previous`` its
    opposite (nothing owed for ``month``: reported, or not a stage that reports) and the month
    of its latest report (``last_report``)."""
    reports = ProgressReport.objects.filter(project=OuterRef("pk"))
    owes = owes_report_q(month)
    return my_projects(user=user).annotate(
        owes_report=ExpressionWrapper(owes, output_field=BooleanField()),
        has_previous=ExpressionWrapper(~owes, output_field=BooleanField()),
        last_report=Subquery(reports.order_by("-month").values("month")[:1]),
    )


def verification_claims(claims: list[StageTransition]) -> list[StageTransition]:
    """Each claim with the rule of its stage (``rule``), to judge it by what the stage calls
    for beside what was sent."""
    rules = {rule.stage: rule for rule in stage_rules()}
    for claim in claims:
        claim.rule = rules.get(claim.to_stage)  # type: ignore[attr-defined]
    return claims
