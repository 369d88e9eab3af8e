"""What zonetrack records for zones and years, read for checking articles' claims.

The one module of articles that reads the projects and targets apps (an adapter: the claims
check sees plain rows, so the apps it reads can change without touching it). Every read is
scoped to what the user may see, and the whole read is a fixed number of queries whatever the
number of zones, years and facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.accounts import access
from zonetrack.projects.models import Project
from zonetrack.targets.models import Indicator, ReportedValue, Target


@dataclass(frozen=True)
class ProjectRow:
    """One project as the claims check reads it."""

    stage: str
    signed_on: date | None
    started_on: date | None
    production_on: date | None
    investment_wan: Decimal | None


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of the catalogue: its name and unit, and how its year adds up."""

    pk: int
    name: str
    unit: str
    accumulates: bool


@dataclass
class ZoneRecords:
    """A zone's projects, targets by (indicator, year), and reported values by (indicator,
    year) as (month, value) pairs in month order."""

    has_projects: bool = False
    projects: list[ProjectRow] = field(default_factory=list)
    targets: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    reported: dict[tuple[int, int], list[tuple[int, Decimal]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def indicators() -> list[IndicatorRow]:
    """The indicators in use (one query)."""
    return [
        IndicatorRow(pk, name, unit, accumulates)
        for pk, name, unit, accumulates in Indicator.objects.filter(is_active=True)
        .order_by("sort_order", "code")
        .values_list("pk", "name", "unit", "accumulates")
    ]


def zone_records(
    *, user: Any, zones: Iterable[Any], years: Iterable[int]
) -> dict[int, ZoneRecords]:
    """The records of these zones (by zone id) for these years, as far as the user may see
    them: three queries."""
    zone_list = list(zones)
    years = sorted(set(years))
    found: dict[int, ZoneRecords] = {zone.pk: ZoneRecords() for zone in zone_list}
    if not zone_list:
        return found
    projects = access.visible(Project.objects.filter(zone__in=zone_list), user)
    for zone_id, stage, signed_on, started_on, production_on, investment in projects.order_by(
        "pk"
    ).values_list(
        "zone_id", "stage", "signed_on", "started_on", "production_on", "total_investment_wan"
    ):
        records = found[zone_id]
        records.has_projects = True
        records.projects.append(ProjectRow(stage, signed_on, started_on, production_on, investment))
    organisation_zone = {zone.organisation_id: zone.pk for zone in zone_list}
    if years:
        targets = access.visible(
            Target.objects.filter(organisation_id__in=organisation_zone, year__in=years), user
        )
        for organisation_id, indicator_id, year, value in targets.values_list(
            "organisation_id", "indicator_id", "year", "value"
        ):
            found[organisation_zone[organisation_id]].targets[(indicator_id, year)] = value
        values = access.visible(
            ReportedValue.objects.filter(
                organisation_id__in=organisation_zone, period__year__in=years
            ),
            user,
        )
        for organisation_id, indicator_id, period, value in values.order_by("period").values_list(
            "organisation_id", "indicator_id", "period", "value"
        ):
            reported = found[organisation_zone[organisation_id]].reported
            reported[(indicator_id, period.year)].append((period.month, value))
    return found
