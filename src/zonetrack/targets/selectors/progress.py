"""Reads of targets and their decomposition, and the progress of an organisation's targets
with its children's against the time elapsed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.audit.models import Change
from zonetrack.core.badges import colour_for
from zonetrack.projects.choices import Verification
from zonetrack.projects.models import StageTransition

from .. import progress
from ..choices import Computation, Source, Status
from ..models import Indicator, ReportedValue, Target
from .common import children_of, indicator_list


def target_grid(
    *, user: Any, organisation: Organisation, year: int
) -> tuple[list[Organisation], dict[tuple[int, int], Target]]:
    """The organisation and its children in view, and their targets of the year by
    (organisation id, indicator id)."""
    orgs = [organisation, *children_of(user=user, organisation=organisation)]
    targets = {
        (t.organisation_id, t.indicator_id): t
        for t in Target.objects.active().filter(year=year, organisation__in=[o.pk for o in orgs])
    }
    return orgs, targets


def target_history(*, targets: list[Target], limit: int = 30) -> list[Change]:
    """The latest changes of these targets."""
    if not targets:
        return []
    kind = ContentType.objects.get_for_model(Target)
    return list(
        Change.objects.filter(
            content_type=kind, object_id__in=[str(t.pk) for t in targets]
        ).order_by("-created_at", "-pk")[:limit]
    )


# --- progress --------------------------------------------------------------------------------


@dataclass
class Cell:
    """One indicator of one organisation: target, actual, and the judgement."""

    indicator: Indicator
    target: Decimal | None = None
    actual: Decimal | None = None
    # How the actual was found: "reported", "summed" (from the organisations below) or
    # "computed" (from projects); "" when there is none.
    basis: str = ""
    latest: date | None = None
    completion: Decimal | None = None
    status: Status = Status.NONE

    @property
    def completion_percent(self) -> Decimal | None:
        return None if self.completion is None else self.completion * 100

    @property
    def css(self) -> str:
        return colour_for(Status.choices, self.status)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class Line:
    organisation: Organisation
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Progress:
    organisation: Organisation
    year: int
    as_of: date
    share: Decimal
    indicators: list[Indicator]
    own: Line
    children: list[Line]
    # For additive indicators: the sum of the children's targets, by indicator id.
    children_sum: dict[int, Decimal]

    @property
    def share_percent(self) -> Decimal:
        return self.share * 100


def _cutoff(year: int, as_of: date) -> date:
    """Figures count up to the end of the last month whose figures are in."""
    months = progress.months_elapsed(year, as_of)
    return date(year, months + 1, 1) if months < 12 else date(year + 1, 1, 1)


def _reported(
    organisation: Organisation, indicators: list[Indicator], year: int, cutoff: date
) -> dict[tuple[int, int], list[tuple[date, Decimal]]]:
    rows = access.within(
        ReportedValue.objects.active().filter(
            indicator__in=[i.pk for i in indicators],
            period__gte=date(year, 1, 1),
            period__lt=cutoff,
        ),
        organisation,
    ).values_list("organisation_id", "indicator_id", "period", "value")
    found: dict[tuple[int, int], list[tuple[date, Decimal]]] = defaultdict(list)
    for org_id, ind_id, period, value in rows:
        found[(org_id, ind_id)].append((period, value))
    return found


def _computed(
    organisation: Organisation, indicators: list[Indicator], year: int, cutoff: date
) -> list[tuple[int, str, Decimal | None, int]]:
    stages = {i.stage for i in indicators if i.computation == Computation.STAGE_REACHED}
    if not stages:
        return []
    return list(
        access.within(
            StageTransition.objects.filter(
                to_stage__in=stages,
                verification=Verification.VERIFIED,
                happened_on__gte=date(year, 1, 1),
                happened_on__lt=cutoff,
                project__archived_at__isnull=True,
            ),
            organisation,
        ).values_list(
            "project_id",
            "to_stage",
            "project__total_investment_wan",
            "project__zone__organisation_id",
        )
    )


def counted(indicator: Indicator, stage: str, investment: Decimal | None) -> bool:
    """Whether a project reaching ``stage`` with this investment counts for the indicator."""
    if stage != indicator.stage:
        return False
    threshold = indicator.min_investment_wan
    return threshold is None or (investment is not None and investment >= threshold)


def progress_of(*, user: Any, organisation: Organisation, year: int, as_of: date) -> Progress:
    """Each target of the organisation and of its children against the actual and the time
    elapsed, coloured by the rule of ``targets.progress``. The queries do not grow with the
    number of children: the subtree, targets, values and stage changes are read once each."""
    indicators = list(indicator_list(user=user))
    children = children_of(user=user, organisation=organisation)
    lines_orgs = [organisation, *children]
    targets = {
        (t.organisation_id, t.indicator_id): t.value
        for t in Target.objects.active().filter(
            year=year, organisation__in=[o.pk for o in lines_orgs]
        )
    }
    shown = [i for i in indicators if any((o.pk, i.pk) in targets for o in lines_orgs)]
    share = progress.time_share(year, as_of)
    cutoff = _cutoff(year, as_of)
    reported_inds = [i for i in shown if i.source == Source.REPORTED]
    computed_inds = [i for i in shown if i.source == Source.COMPUTED]
    values = _reported(organisation, reported_inds, year, cutoff) if reported_inds else {}
    transitions = _computed(organisation, computed_inds, year, cutoff)
    tree: dict[int | None, list[int]] = defaultdict(list)
    if values or transitions:
        subtree = access.within(Organisation.objects.active(), organisation).values_list(
            "pk", "parent_id"
        )
        for pk, parent_id in subtree:
            tree[parent_id].append(pk)

    def reported_figure(org_id: int, ind: Indicator) -> tuple[Decimal | None, str, date | None]:
        own = values.get((org_id, ind.pk))
        if own:
            latest = max(p for p, _ in own)
            if ind.accumulates:
                return sum((v for _, v in own), Decimal(0)), "reported", latest
            return next(v for p, v in own if p == latest), "reported", latest
        if not (ind.is_additive and ind.accumulates):
            return None, "", None
        parts = [reported_figure(child, ind) for child in tree.get(org_id, [])]
        found = [(v, latest) for v, _, latest in parts if v is not None]
        if not found:
            return None, "", None
        return (
            sum((v for v, _ in found), Decimal(0)),
            "summed",
            max((latest for _, latest in found if latest), default=None),
        )

    def below(org_id: int) -> set[int]:
        """The organisation and every one under it, from the subtree read once."""
        found, todo = {org_id}, [org_id]
        while todo:
            for child in tree.get(todo.pop(), []):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    def line(org: Organisation) -> Line:
        cells = []
        under = below(org.pk) if transitions else set()
        for ind in shown:
            cell = Cell(indicator=ind, target=targets.get((org.pk, ind.pk)))
            if ind.source == Source.REPORTED:
                cell.actual, cell.basis, cell.latest = reported_figure(org.pk, ind)
            else:
                projects = {
                    pk
                    for pk, stage, investment, owner_id in transitions
                    if owner_id in under and counted(ind, stage, investment)
                }
                cell.actual, cell.basis = Decimal(len(projects)), "computed"
            cell.completion = progress.completion(cell.target, cell.actual)
            cell.status = progress.status(ind, cell.target, cell.actual, share)
            cells.append(cell)
        return Line(organisation=org, cells=cells)

    children_sum = {
        ind.pk: sum((targets.get((c.pk, ind.pk)) or Decimal(0) for c in children), Decimal(0))
        for ind in shown
        if ind.is_additive
    }
    return Progress(
        organisation=organisation,
        year=year,
        as_of=as_of,
        share=share,
        indicators=shown,
        own=line(organisation),
        children=[line(c) for c in children],
        children_sum=children_sum,
    )


def computed_projects(
    *, user: Any, organisation: Organisation, indicator: Indicator, year: int, as_of: date
) -> list[StageTransition]:
    """The verified stage changes a computed figure counts, one per project (the first in the
    year), each with its project: the records behind the number."""
    if indicator.computation != Computation.STAGE_REACHED:
        return []
    rows = (
        access.within(
            access.visible(StageTransition.objects.all(), user).filter(
                to_stage=indicator.stage,
                verification=Verification.VERIFIED,
                happened_on__gte=date(year, 1, 1),
                happened_on__lt=_cutoff(year, as_of),
                project__archived_at__isnull=True,
            ),
            organisation,
        )
        .select_related("project", "project__zone")
        .order_by("happened_on", "pk")
    )
    seen: set[int] = set()
    found = []
    for row in rows:
        if row.project_id in seen:
            continue
        if counted(indicator, row.to_stage, row.project.total_investment_wan):
            seen.add(row.project_id)
            found.append(row)
    return found


# --- key tasks -------------------------------------------------------------------------------
