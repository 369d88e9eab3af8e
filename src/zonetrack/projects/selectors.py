"""Reads of the projects app: lists, the pipeline counts and the verification queue, always
through the visibility rule."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.core.validators import query_text
from zonetrack.registry.models import Zone

from .choices import FIVE_BATCHES, Stage, Verification
from .models import PipelineTotal, ProgressReport, Project, StageTransition

PROJECT_SORTS = {
    "name": ("name",),
    "investment": ("total_investment_wan",),
    "stage": ("stage",),
    "updated": ("updated_at",),
    "zone": ("zone__name", "name"),
}


# Years a filter or a report may name; others are typing errors (and out of Python's dates).
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class ProjectFilters:
    """What project lists, the pipeline board and exports may be filtered by."""

    q: str = ""
    zone: int | None = None
    park: int | None = None
    cluster: str = ""
    stage: str = ""
    leader: int | None = None
    key: str = ""  # "provincial", "city" or "" for any
    year: int | None = None
    sort: str = "-updated"
    include_archived: bool = False

    @classmethod
    def from_params(cls, params: Any) -> ProjectFilters:
        def number(name: str) -> int | None:
            value = str(params.get(name) or "").strip()
            return int(value) if value.isdecimal() and len(value) < 10 else None

        sort = query_text(params.get("sort")) or "-updated"
        if sort.lstrip("-") not in PROJECT_SORTS:
            sort = "-updated"
        stage = query_text(params.get("stage"))
        return cls(
            q=query_text(params.get("q")),
            zone=number("zone"),
            park=number("park"),
            cluster=query_text(params.get("cluster")),
            stage=stage if stage in Stage.values else "",
            leader=number("leader"),
            key=params.get("key") if params.get("key") in {"provincial", "city"} else "",
            year=year if (year := number("year")) and YEAR_MIN <= year <= YEAR_MAX else None,
            sort=sort,
            include_archived=params.get("archived") in {"1", "true", "on"},
        )


# A list over more zones than this is read page-wise along its sort index (see access.visible).
BROAD_ZONES = 50


def _filtered(user: Any, f: ProjectFilters, *, ordered_scan: bool = False) -> QuerySet[Project]:
    projects = Project.objects.all() if f.include_archived else Project.objects.active()
    projects = access.visible(projects, user, ordered_scan=ordered_scan)
    if f.q:
        projects = projects.filter(
            Q(name__icontains=f.q) | Q(code__icontains=f.q) | Q(investor__name__icontains=f.q)
        )
    if f.zone:
        projects = projects.filter(zone_id=f.zone)
    if f.park:
        projects = projects.filter(park_id=f.park)
    if f.cluster:
        projects = projects.filter(cluster__code=f.cluster)
    if f.leader:
        projects = projects.filter(leader_id=f.leader)
    if f.key == "provincial":
        projects = projects.filter(is_provincial_key=True)
    elif f.key == "city":
        projects = projects.filter(is_city_key=True)
    if f.year:
        projects = projects.filter(stage_on__year=f.year)
    return projects


def project_list(
    *, user: Any, filters: ProjectFilters | None = None, for_page: bool = False
) -> QuerySet[Project]:
    """Projects the user can see, filtered and sorted, with what a list shows loaded.

    ``for_page``: the result is only sliced for one page (its total is known otherwise), so
    when it spans many zones it is read along the sort order rather than collected and sorted.
    """
    f = filters or ProjectFilters()
    broad = (
        for_page
        and not (f.zone or f.park)
        and access.visible(Zone.objects.all(), user).count() > BROAD_ZONES
    )
    projects = _filtered(user, f, ordered_scan=broad)
    if f.stage:
        projects = projects.filter(stage=f.stage)
    descending = f.sort.startswith("-")
    ordering = [f"-{k}" if descending else k for k in PROJECT_SORTS[f.sort.lstrip("-")]]
    return projects.select_related(
        "zone", "park", "investor", "cluster", "leader", "officer"
    ).order_by(*ordering, "-pk")


def project_get(*, user: Any, project_id: int) -> Project:
    return access.get_visible(
        Project.objects.select_related(
            "zone", "zone__organisation", "park", "investor", "cluster", "leader", "officer"
        ),
        user,
        pk=project_id,
    )


@dataclass
class StageCount:
    stage: str
    label: str
    count: int
    investment_wan: Decimal


def stage_totals(
    *, user: Any, filters: ProjectFilters | None = None, verified_only: bool = False
) -> dict[str, tuple[int, Decimal]]:
    """Projects and total investment per stage (every stage, terminated too), in one query.
    The stage filter is ignored: the totals are what a stage filter chooses from."""
    f = filters or ProjectFilters()
    column = "verified_stage" if verified_only else "stage"
    if _reads_totals(f):
        # The kept totals (a few rows per zone) answer for every project of the zones seen.
        totals = access.visible(PipelineTotal.objects.all(), user)
        if f.zone:
            totals = totals.filter(zone_id=f.zone)
        rows = (
            totals.order_by()
            .values(column)
            .annotate(n=Sum("projects"), total=Sum("investment_wan"))
        )
    else:
        rows = (
            _filtered(user, f)
            .order_by()
            .values(column)
            .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
        )
    totals = {stage: (0, Decimal(0)) for stage in Stage.values}
    for row in rows:
        totals[row[column]] = (row["n"], row["total"] or Decimal(0))
    return totals


def _reads_totals(f: ProjectFilters) -> bool:
    """Whether the kept pipeline totals answer for these filters: none but the zone."""
    return not (f.q or f.park or f.cluster or f.leader or f.key or f.year or f.include_archived)


def five_batches(totals: dict[str, tuple[int, Decimal]]) -> list[StageCount]:
    """The five batches (五个一批) from stage totals; at capacity counts as in production."""
    counts = {stage: list(value) for stage, value in totals.items()}
    counts[Stage.IN_PRODUCTION][0] += counts[Stage.AT_CAPACITY][0]
    counts[Stage.IN_PRODUCTION][1] += counts[Stage.AT_CAPACITY][1]
    return [
        StageCount(
            stage.value,
            str(stage.label),
            counts[stage][0],
            Decimal(counts[stage][1]).quantize(Decimal("0.01")),  # the same on every database
        )
        for stage in FIVE_BATCHES
    ]


def pipeline_counts(
    *, user: Any, filters: ProjectFilters | None = None, verified_only: bool = False
) -> list[StageCount]:
    """Projects and total investment in each of the five batches (五个一批), in one query.

    With ``verified_only`` a project counts at the furthest stage the supervising level has
    accepted; otherwise at the stage its zone claims. Projects at capacity count as in
    production.
    """
    return five_batches(stage_totals(user=user, filters=filters, verified_only=verified_only))


def list_count(totals: dict[str, tuple[int, Decimal]], filters: ProjectFilters) -> int:
    """How many projects a list with these filters shows, read off the claimed stage totals
    (so a list page that shows the pipeline needs no separate COUNT over its projects)."""
    if filters.stage:
        return totals.get(filters.stage, (0, Decimal(0)))[0]
    return sum(count for count, _total in totals.values())


def verification_queue(*, user: Any) -> QuerySet[StageTransition]:
    """Claims waiting for verification in what the user supervises: zones strictly below an
    organisation where the user is a manager (never the user's own zone committee)."""
    pending = StageTransition.objects.filter(verification=Verification.PENDING)
    if not access.is_superuser(user):
        paths = [
            m.organisation.path
            for m in access.memberships(user)
            if m.role in (Role.MANAGER, Role.ADMIN)
        ]
        if not paths:
            return pending.none()
        lookup = "project__zone__organisation__path"
        pending = pending.filter(
            reduce(or_, (Q(**{f"{lookup}__startswith": p}) & ~Q(**{lookup: p}) for p in paths))
        )
    return pending.select_related("project", "project__zone", "actor").order_by("created_at")


def duplicate_investors(*, user: Any) -> dict[int, list[Project]]:
    """Investors (by credit code) claimed as a new project by more than one zone."""
    visible = access.visible(Project.objects.active(), user).filter(
        investor__credit_code__isnull=False
    )
    shared = (
        visible.order_by()
        .values("investor_id")
        .annotate(zones=Count("zone", distinct=True))
        .filter(zones__gt=1)
        .values_list("investor_id", flat=True)
    )
    result: dict[int, list[Project]] = {}
    for project in visible.filter(investor_id__in=list(shared)).select_related("zone", "investor"):
        result.setdefault(project.investor_id, []).append(project)
    return result


def my_projects(*, user: Any) -> QuerySet[Project]:
    """Projects the user answers for: as officer, leader or task-force member."""
    return (
        access.visible(Project.objects.active(), user)
        .filter(Q(officer=user) | Q(leader=user) | Q(task_force=user))
        .distinct()
        .select_related("zone", "investor")
        .order_by("name")
    )


@dataclass
class Kpis:
    """The dispatch KPIs of a year (REFERENCE.md), each a percentage or None when undefined."""

    year: int
    time_elapsed: Decimal  # 序时进度: the share of the year gone, by month
    start_rate: Decimal | None  # 开工率
    started: int
    planned_starts: int
    investment_rate: Decimal | None  # 投资完成率
    invested_wan: Decimal
    planned_wan: Decimal
    funds_rate: Decimal | None  # 资金到位率
    funds_wan: Decimal
    completion_rate: Decimal | None  # 按期竣工率
    completed: int
    planned_completions: int

    @property
    def double_half(self) -> bool:
        """双过半: both the start rate and the investment rate at 50 % or more."""
        return bool(
            self.start_rate is not None
            and self.investment_rate is not None
            and self.start_rate >= 50
            and self.investment_rate >= 50
        )

    @property
    def behind_schedule(self) -> bool:
        return self.investment_rate is not None and self.investment_rate < self.time_elapsed


def _rate(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def dispatch_kpis(
    *, user: Any, year: int, month: int, filters: ProjectFilters | None = None
) -> Kpis:
    """开工率, 投资完成率 (against 序时进度), 资金到位率 and 按期竣工率 for a year up to a month,
    from the year plans and monthly reports of the projects in view; a fixed number of
    queries whatever the number of projects."""
    from .models import ProgressReport, YearPlan

    f = ProjectFilters(**{**(filters or ProjectFilters()).__dict__, "year": None})
    projects = _filtered(user, f).exclude(stage=Stage.TERMINATED).values("pk")
    plans = YearPlan.objects.filter(project__in=projects, year=year)
    planned = plans.aggregate(
        wan=Sum("planned_investment_wan"),
        starts=Count("pk", filter=Q(planned_start=True)),
        completions=Count("pk", filter=Q(planned_completion=True)),
    )
    started = plans.filter(planned_start=True, project__started_on__year=year).count()
    completed = plans.filter(
        planned_completion=True, project__construction_status="completed"
    ).count()
    reports = ProgressReport.objects.filter(
        project__in=projects, month__year=year, month__month__lte=month
    ).aggregate(invested=Sum("invested_wan"), funds=Sum("funds_in_place_wan"))
    invested = reports["invested"] or Decimal(0)
    funds = reports["funds"] or Decimal(0)
    planned_wan = planned["wan"] or Decimal(0)
    return Kpis(
        year=year,
        time_elapsed=(Decimal(month) * 100 / 12).quantize(Decimal("0.1")),
        start_rate=_rate(started, planned["starts"]),
        started=started,
        planned_starts=planned["starts"],
        investment_rate=_rate(invested, planned_wan),
        invested_wan=invested.quantize(Decimal("0.01")),
        planned_wan=planned_wan.quantize(Decimal("0.01")),
        funds_rate=_rate(funds, planned_wan),
        funds_wan=funds.quantize(Decimal("0.01")),
        completion_rate=_rate(completed, planned["completions"]),
        completed=completed,
        planned_completions=planned["completions"],
    )


def leader_choices(*, user: Any) -> QuerySet[Any]:
    """People who may lead projects in view: managers of the visible organisations. Read from
    the memberships, not by scanning every project for its leader."""
    from zonetrack.accounts.models import Organisation, User

    organisations = access.visible(Organisation.objects.all(), user)
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation__in=organisations,
            memberships__role__in=[Role.MANAGER, Role.ADMIN],
        )
        .distinct()
        .order_by("username")
    )


def stage_rules() -> list[Any]:
    """The evidence each claimed stage calls for, in pipeline order (shown where stages move)."""
    from .models import StageRule

    order = {stage: index for index, stage in enumerate(Stage.values)}
    rules = [rule for rule in StageRule.objects.all() if rule.evidence]
    return sorted(rules, key=lambda rule: order.get(rule.stage, 99))


@dataclass
class LeaderLoad:
    """One responsible leader's (包联领导) projects: how many in each batch, their investment,
    and how many of those under construction or in production owe last month's report."""

    leader_id: int | None
    name: str
    projects: int
    investment_wan: Decimal
    by_batch: list[int]
    reports_owed: int


def leader_workload(
    *, user: Any, filters: ProjectFilters | None = None, month: date
) -> list[LeaderLoad]:
    """Every leader of the projects in view, busiest first, in two grouped queries; projects
    without a leader come last, as one row, since someone has to take them on."""
    f = replace(filters or ProjectFilters(), leader=None)
    projects = _filtered(user, f).exclude(stage=Stage.TERMINATED)
    # At capacity counts as in production, as in the five batches everywhere.
    batches = {
        stage.value: Count(
            "pk",
            filter=Q(stage__in=[stage, Stage.AT_CAPACITY])
            if stage == Stage.IN_PRODUCTION
            else Q(stage=stage),
        )
        for stage in FIVE_BATCHES
    }
    rows = (
        projects.order_by()
        .values("leader_id", "leader__display_name", "leader__username")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"), **batches)
    )
    building = projects.filter(
        stage__in=[Stage.STARTED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY]
    ).exclude(Exists(ProgressReport.objects.filter(project=OuterRef("pk"), month=month)))
    owed = dict(
        building.order_by()
        .values("leader_id")
        .annotate(n=Count("pk"))
        .values_list("leader_id", "n")
    )
    loads = [
        LeaderLoad(
            leader_id=row["leader_id"],
            name=row["leader__display_name"] or row["leader__username"] or "",
            projects=row["n"],
            investment_wan=(row["total"] or Decimal(0)).quantize(Decimal("0.01")),
            by_batch=[row[stage.value] for stage in FIVE_BATCHES],
            reports_owed=owed.get(row["leader_id"], 0),
        )
        for row in rows
    ]
    loads.sort(key=lambda load: (load.leader_id is None, -load.projects, load.name))
    return loads
