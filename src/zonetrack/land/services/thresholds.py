"""Writes of the entry thresholds (准入) and a project's checks against them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_create
from zonetrack.projects.models import Project

from .. import permissions
from ..choices import CheckOutcome, Comparison, ControlIndicator
from ..geometry import M2_PER_MU
from ..models import Threshold, ThresholdCheck
from ..models.thresholds import canonical_unit


def threshold_create(*, actor: User | None, organisation: Organisation, **fields: Any) -> Threshold:
    """Set an entry threshold for the authority's zones (or one of them)."""
    access.require(permissions.can_set_thresholds(actor, organisation))
    return tracked_create(actor=actor, obj=Threshold(organisation=organisation, **fields))


def _more_specific(row: Threshold, current: Threshold) -> bool:
    """A zone's rule before an authority's, a cluster's before all industries', then the
    lower authority's before the higher one's."""
    first = (row.zone_id is not None, row.cluster_id is not None)
    second = (current.zone_id is not None, current.cluster_id is not None)
    if first != second:
        return first > second
    return row.organisation_id != current.organisation_id and access.is_within(
        row.organisation, current.organisation
    )


def applicable(project: Project) -> dict[str, Threshold]:
    """The threshold of each indicator that applies to a project: those of its zone's
    committee and the authorities above it, for its zone or all zones, for its cluster or all
    industries; the most specific wins (a zone's over an authority's, a cluster's over all)."""
    organisation = project.zone.organisation
    rows = (
        Threshold.objects.active()
        .filter(Q(zone__isnull=True) | Q(zone_id=project.zone_id))
        .filter(Q(cluster__isnull=True) | Q(cluster_id=project.cluster_id))
        .select_related("organisation")
    )
    chosen: dict[str, Threshold] = {}
    for row in rows:
        if not access.is_within(organisation, row.organisation):
            continue  # another branch's rule
        current = chosen.get(row.indicator)
        if current is None or _more_specific(row, current):
            chosen[row.indicator] = row
    return chosen


def derived(project: Project) -> dict[str, Decimal]:
    """What the project record itself says of the indicators: investment intensity (fixed-asset
    investment over land) and plot ratio (floor area over land area)."""
    values: dict[str, Decimal] = {}
    land = project.land_mu
    if land:
        if project.fixed_asset_investment_wan is not None:
            values[ControlIndicator.INVESTMENT_INTENSITY] = (
                project.fixed_asset_investment_wan / land
            )
        if project.floor_m2 is not None:
            values[ControlIndicator.PLOT_RATIO] = project.floor_m2 / (land * Decimal(M2_PER_MU))
    return values


def project_check(
    *, actor: User | None, project: Project, stated: dict[str, Decimal | None] | None = None
) -> ThresholdCheck:
    """Check a project against the thresholds that apply to it: pass, fail or not stated per
    indicator. ``stated`` gives a proposal's figures (in each indicator's first unit; the
    environmental standard as 1 for met, 0 for not), over what the project record says."""
    access.require(permissions.can_check_project(actor, project))
    figures = {**derived(project), **{k: v for k, v in (stated or {}).items() if v is not None}}
    results = []
    counts = {outcome: 0 for outcome in CheckOutcome.values}
    for indicator, threshold in sorted(applicable(project).items()):
        limit = threshold.canonical_value
        actual = figures.get(indicator)
        if actual is None:
            outcome = CheckOutcome.NOT_STATED
        elif threshold.comparison == Comparison.AT_LEAST:
            outcome = CheckOutcome.PASS if actual >= limit else CheckOutcome.FAIL
        else:
            outcome = CheckOutcome.PASS if actual <= limit else CheckOutcome.FAIL
        counts[outcome] += 1
        results.append(
            {
                "indicator": indicator,
                "comparison": threshold.comparison,
                "limit": f"{limit.quantize(Decimal('0.0001')).normalize():f}",
                "unit": canonical_unit(indicator),
                "actual": None if actual is None else str(actual.quantize(Decimal("0.01"))),
                "outcome": str(outcome),
                "source": threshold.source,
            }
        )
    check = ThresholdCheck(
        project=project,
        checked_by=actor_user(actor),
        results=results,
        passed=counts[CheckOutcome.PASS],
        failed=counts[CheckOutcome.FAIL],
        not_stated=counts[CheckOutcome.NOT_STATED],
    )
    check.save()
    return check
