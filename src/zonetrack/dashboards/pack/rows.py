"""The rows of the monthly pack's sheets, read for the pack's owner through the access gate.

Zones come from the cockpit (``cockpit.cockpit``: its lines are the organisation's children, a
province's cities, and its figures are ``zone_figures``'), in a fixed number of queries. Key
projects, problems and signings are streamed in chunks with one grouped query a chunk for what
each row adds (plans, reports, colours, problems), so memory stays flat however many there are.
Each source ends with its total row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from zonetrack.dispatch.choices import Colour
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.official import chinese_number
from zonetrack.dispatch.selectors import ProblemFilters, problem_list, warnings
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project, YearPlan
from zonetrack.projects.selectors import ProjectFilters, project_list
from zonetrack.registry.models import Zone

from ..cockpit import Cockpit, Figures
from ..cockpit.links import FIGURES
from .fields import KEY_PROJECTS, PROBLEMS, SIGNINGS, ZONES

# Projects and problems read at a time: the memory of one chunk and its grouped queries.
CHUNK = 2000
ZERO = Decimal("0.00")


@dataclass
class Row:
    """One row of a sheet: ``item``, ``subtotal`` or ``total``; ``values`` by field key, and
    ``label`` (a subtotal's or total's name) written in the name column, or the first text
    column when the sheet has none."""

    style: str
    values: dict[str, Any]
    label: str = ""


@dataclass
class Scope:
    """What one pack reads: for whom, which organisation's zones, which month."""

    user: Any
    zones: QuerySet[Zone]
    period: date
    today: date
    board: Cockpit
    counts: dict[str, int] = field(default_factory=dict)  # rows written, by kind

    @property
    def month_end(self) -> date:
        following = (self.period.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)


def rate(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """A rate in per cent to one decimal, as the cockpits compute theirs."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


class _Labels:
    """The labels of a model's choices in the active language, looked up once: the model's
    ``get_…_display`` translates its label again for every row."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.found: dict[str, dict[Any, str]] = {}

    def __call__(self, obj: Any, name: str) -> str:
        return self.of(name, getattr(obj, name))

    def key_level(self, project: Project) -> str:
        """省重点 or 市重点 (a project may be both: the higher one)."""
        if "key" not in self.found:
            self.found["key"] = {1: _("Provincial key project"), 2: _("City key project")}
        level = 1 if project.is_provincial_key else 2 if project.is_city_key else 0
        return self.found["key"].get(level, "")

    def of(self, name: str, value: Any) -> str:
        if name not in self.found:
            choices = self.model._meta.get_field(name).flatchoices
            self.found[name] = {key: str(label) for key, label in choices}
        return self.found[name].get(value, "" if value in (None, "") else str(value))


def _figures(figures: Figures) -> dict[str, Any]:
    return {key: definition.read(figures) for key, definition in FIGURES.items()}


def _chunks(queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- zones --------------------------------------------------------------------------------------


def zone_rows(scope: Scope, *, subtotals: bool) -> Iterator[Row]:
    """Every zone with its figures; with ``subtotals``, grouped by the organisation's children
    (a province's cities), each group after its subtotal row; then the total."""
    board = scope.board
    managed = dict(scope.zones.values_list("pk", "management"))
    labels = _Labels(Zone)
    line_of = {p.zone.pk: line for line in board.lines for p in line.zones}
    number = 0

    def item(point: Any) -> Row:
        nonlocal number
        number += 1
        zone = point.zone
        line = line_of.get(zone.pk)
        values = _figures(point.figures) | {
            "seq": number,
            "name": zone.name,
            "city": line.organisation.name if line else "",
            "kind": labels(zone, "kind"),
            "level": labels(zone, "level"),
            "management": labels.of("management", managed.get(zone.pk, "")),
        }
        return Row("item", values)

    if subtotals:
        for index, line in enumerate(board.lines, start=1):
            values = _figures(line.figures) | {"seq": f"{chinese_number(index)}、"}
            yield Row("subtotal", values, label=line.organisation.name)
            for point in line.zones:
                yield item(point)
    else:
        for point in board.zones:
            yield item(point)
    scope.counts[ZONES] = number
    yield Row("total", _figures(board.total), label=_("Total"))


# -- projects -----------------------------------------------------------------------------------


def _project_values(project: Project, number: int, labels: _Labels) -> dict[str, Any]:
    return {
        "seq": number,
        "name": project.name,
        "code": project.code,
        "zone": project.zone.name,
        "investor": project.investor.name if project.investor else "",
        "key_level": labels.key_level(project),
        "kind": labels(project, "kind"),
        "stage": labels(project, "stage"),
        "total_investment_wan": project.total_investment_wan,
    }


# What a project row reads (a province's thousands of rows are read without the rest).
_PERSON = ("display_name", "first_name", "last_name", "username")
_PROJECT_FIELDS = (
    "name",
    "code",
    "zone__name",
    "investor__name",
    "cluster__name",
    "is_provincial_key",
    "is_city_key",
    "kind",
    "stage",
    "total_investment_wan",
    "construction_status",
    "signed_on",
    "origin_region",
    "source_channel",
    *[f"leader__{name}" for name in _PERSON],
)


def _in_scope(projects: QuerySet[Project], scope: Scope) -> QuerySet[Project]:
    return (
        projects.filter(zone__in=scope.zones.values("pk"))
        .exclude(stage=Stage.TERMINATED)
        .select_related(None)
        .select_related("zone", "investor", "cluster", "leader")
        .only(*_PROJECT_FIELDS)
    )


def _key_projects(scope: Scope) -> QuerySet[Project]:
    return (
        _in_scope(project_list(user=scope.user, filters=ProjectFilters()), scope)
        .filter(Q(is_provincial_key=True) | Q(is_city_key=True))
        .order_by("-is_provincial_key", "zone__name", "name", "pk")
    )


def _signings(scope: Scope) -> QuerySet[Project]:
    signed = project_list(user=scope.user, filters=ProjectFilters(signed=scope.period))
    return _in_scope(signed, scope).order_by("signed_on", "pk")


def _problems(scope: Scope) -> QuerySet[Problem]:
    # Joined rather than prefetched: a prefetch of a chunk's projects is written on SQLite as
    # one OR per project, past its limit of 1,000 at a chunk of 2,000.
    return (
        problem_list(user=scope.user, filters=ProblemFilters(status="open"))
        .filter(zone__in=scope.zones.values("pk"))
        .prefetch_related(None)
        .select_related("project", "zone", "responsible_unit", "responsible_person")
        .only(
            "description",
            "category",
            "raised_on",
            "deadline_on",
            "status",
            "escalation_level",
            "project__name",
            "zone__name",
            "responsible_unit__name",
            *[f"responsible_person__{name}" for name in _PERSON],
        )
    )


def key_project_rows(scope: Scope) -> Iterator[Row]:
    """Provincial and city key projects (provincial first), each with its year plan, the
    investment and funds reported in the year up to the month, its last visible progress,
    colour and open problems."""
    projects = _key_projects(scope)
    labels = _Labels(Project)
    colours = {value: str(label) for value, label in Colour.choices}
    totals: dict[str, Any] = defaultdict(lambda: ZERO)
    number = 0
    for chunk in _chunks(projects):
        ids = [p.pk for p in chunk]
        plans = dict(
            YearPlan.objects.filter(project_id__in=ids, year=scope.period.year).values_list(
                "project_id", "planned_investment_wan"
            )
        )
        reported: dict[int, list[Any]] = {}
        for pk, invested, funds, progress, percent in (
            ProgressReport.objects.filter(
                project_id__in=ids, month__year=scope.period.year, month__lte=scope.period
            )
            .order_by("project_id", "month")
            .values_list(
                "project_id", "invested_wan", "funds_in_place_wan", "progress", "percent_complete"
            )
        ):
            found = reported.setdefault(pk, [ZERO, ZERO, "", None])
            found[0] += invested or ZERO
            found[1] += funds or ZERO
            found[2], found[3] = progress or found[2], percent if percent is not None else found[3]
        shown = dict(
            warnings(user=scope.user, projects_only=True, today=scope.today)
            .filter(project_id__in=ids)
            .values_list("project_id", F("shown"))
        )
        problems = dict(
            problem_list(user=scope.user, filters=ProblemFilters(status="open"))
            .filter(project_id__in=ids)
            .order_by()
            .values_list("project_id")
            .annotate(n=Count("pk"))
        )
        for project in chunk:
            number += 1
            invested, funds, progress, percent = reported.get(project.pk, [ZERO, ZERO, "", None])
            planned = plans.get(project.pk)
            values = _project_values(project, number, labels) | {
                "construction_status": labels(project, "construction_status"),
                "planned_wan": planned,
                "invested_wan": invested,
                "investment_rate": rate(invested, planned),
                "funds_wan": funds,
                "progress": progress,
                "percent_complete": percent,
                "colour": colours.get(shown.get(project.pk, ""), ""),
                "problems_open": problems.get(project.pk, 0),
                "leader": str(project.leader) if project.leader else "",
            }
            for key in ("total_investment_wan", "planned_wan", "invested_wan", "funds_wan"):
                totals[key] += values[key] or ZERO
            totals["problems_open"] += values["problems_open"]
            yield Row("item", values)
    scope.counts[KEY_PROJECTS] = number
    totals["investment_rate"] = rate(totals["invested_wan"], totals["planned_wan"])
    totals["problems_open"] = int(totals["problems_open"])
    yield Row("total", dict(totals), label=_("Total (%(count)s)") % {"count": number})


def signing_rows(scope: Scope) -> Iterator[Row]:
    """Projects signed in the year up to the month's end, as the cockpits count signings (the
    project list's ``signed`` filter), by signing date."""
    projects = _signings(scope)
    labels = _Labels(Project)
    total = ZERO
    number = 0
    for chunk in _chunks(projects):
        for project in chunk:
            number += 1
            values = _project_values(project, number, labels) | {
                "signed_on": project.signed_on,
                "cluster": project.cluster.name if project.cluster else "",
                "origin_region": project.origin_region,
                "source_channel": labels(project, "source_channel"),
            }
            total += project.total_investment_wan or ZERO
            yield Row("item", values)
    scope.counts[SIGNINGS] = number
    yield Row(
        "total",
        {"total_investment_wan": total},
        label=_("Total (%(count)s)") % {"count": number},
    )


# -- problems -----------------------------------------------------------------------------------


def problem_rows(scope: Scope) -> Iterator[Row]:
    """Open problems of the zones' projects, soonest deadline first."""
    problems = _problems(scope)
    labels = _Labels(Problem)
    yes, no = _("Yes"), _("No")
    number = overdue = 0
    for chunk in _chunks(problems):
        for problem in chunk:
            number += 1
            late = (scope.today - problem.deadline_on).days
            overdue += late > 0
            values = {
                "seq": number,
                "project": problem.project.name,
                "zone": problem.zone.name,
                "category": labels(problem, "category"),
                "description": problem.description,
                "raised_on": problem.raised_on,
                "responsible_unit": (
                    problem.responsible_unit.name if problem.responsible_unit else ""
                ),
                "responsible_person": (
                    str(problem.responsible_person) if problem.responsible_person else ""
                ),
                "deadline_on": problem.deadline_on,
                "status": labels(problem, "status"),
                "escalation_level": labels(problem, "escalation_level"),
                "overdue": yes if late > 0 else no,
                "days_overdue": late if late > 0 else None,
            }
            yield Row("item", values)
    scope.counts[PROBLEMS] = number
    yield Row(
        "total",
        {"overdue": str(overdue)},
        label=_("Total (%(count)s)") % {"count": number},
    )


SOURCES = {
    KEY_PROJECTS: key_project_rows,
    PROBLEMS: problem_rows,
    SIGNINGS: signing_rows,
}


def row_count(scope: Scope, kind: str, *, subtotals: bool = False) -> int:
    """How many rows a sheet listing ``kind`` will have (for the job's progress)."""
    if kind == ZONES:
        return len(scope.board.zones) + (len(scope.board.lines) if subtotals else 0) + 1
    found = {KEY_PROJECTS: _key_projects, PROBLEMS: _problems, SIGNINGS: _signings}[kind](scope)
    return found.order_by().count() + 1


def rows_of(scope: Scope, kind: str, *, subtotals: bool = False) -> Iterator[Row]:
    """The rows of a sheet listing ``kind``."""
    if kind == ZONES:
        return zone_rows(scope, subtotals=subtotals)
    return SOURCES[kind](scope)
