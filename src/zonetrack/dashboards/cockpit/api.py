"""``GET /api/overview``: a cockpit's figures as JSON, for provincial big-screen platforms —
the same figures, filters and access rule as the cockpit page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from zonetrack.core.validators import Id, QueryText
from zonetrack.projects.choices import FIVE_BATCHES

from .figures import Figures
from .filters import CockpitFilters, parse_period
from .selectors import cockpit, default_cockpit
from .views import organisation_get

router = Router(tags=["overview"])


class CockpitQuery(Schema):
    organisation: Id | None = None
    period: QueryText = ""
    kind: QueryText = ""
    level: QueryText = ""
    management: QueryText = ""
    cluster: QueryText = ""


class CockpitBatch(Schema):
    stage: str
    label: str
    claimed: int
    verified: int


class CockpitFigures(Schema):
    zones: int
    batches: list[CockpitBatch]
    pipeline_wan: Decimal
    planned_wan: Decimal
    invested_wan: Decimal
    invested_before_wan: Decimal
    invested_growth: Decimal | None
    planned_before_wan: Decimal
    investment_rate_before: Decimal | None
    started_before: int
    planned_starts_before: int
    start_rate_before: Decimal | None
    investment_rate: Decimal | None
    funds_wan: Decimal
    funds_rate: Decimal | None
    planned_starts: int
    started: int
    start_rate: Decimal | None
    planned_completions: int
    completed: int
    completion_rate: Decimal | None
    double_half: bool
    signed: int
    signed_wan: Decimal
    signed_before: int
    reports_owed: int
    red: int
    yellow: int
    problems_open: int
    problems_overdue: int
    tasks_overdue: int
    leads_open: int
    supplied_mu: Decimal
    idle_mu: Decimal
    land_follow_ups: int
    incentive_follow_ups: int


class CockpitLine(Schema):
    organisation: int
    name: str
    zones: list[int]
    rank: int | None
    targets: dict[str, int]
    figures: CockpitFigures


class CockpitRankEntry(Schema):
    organisation: int
    name: str
    rank: int
    previous_rank: int | None
    total: Decimal


class CockpitRanking(Schema):
    id: int
    scheme: str
    period: str
    entries: list[CockpitRankEntry]


class CockpitOut(Schema):
    organisation: int
    name: str
    period: str
    time_elapsed: Decimal
    behind_schedule: bool
    targets: dict[str, int]
    total: CockpitFigures
    lines: list[CockpitLine]
    ranking: CockpitRanking | None


def figures_out(f: Figures) -> dict[str, Any]:
    """A ``Figures`` as the API gives it: every count, sum and rate."""
    plain = {
        name: getattr(f, name)
        for name in CockpitFigures.model_fields
        if name not in {"batches", "double_half"}
    }
    return {
        **plain,
        "double_half": f.double_half(),
        "batches": [
            {
                "stage": stage.value,
                "label": str(stage.label),
                "claimed": f.batches[stage.value][0],
                "verified": f.batches[stage.value][1],
            }
            for stage in FIVE_BATCHES
        ],
    }


@router.get("/overview", response=CockpitOut)
def overview(request: HttpRequest, query: Query[CockpitQuery]) -> Any:
    """The cockpit of ``organisation`` (default: the user's topmost) for ``period``
    (``YYYY-MM``, default: the last complete month), counting the zones of the given kind,
    level, management (``city``/``county``) and leading cluster (its code)."""
    today = timezone.localdate()
    params = query.dict()
    if params["period"] and parse_period(params["period"], today) is None:
        raise ValidationError({"period": _("Write the month as YYYY-MM, not after this month.")})
    if query.organisation is not None:
        organisation = organisation_get(user=request.user, organisation_id=query.organisation)
    else:
        found = default_cockpit(user=request.user)
        if found is None:
            raise ValidationError({"organisation": _("You have no zones in view.")})
        organisation = found
    filters = CockpitFilters.from_params(params, today)
    c = cockpit(
        user=request.user,
        organisation=organisation,
        filters=filters,
        today=today,
        with_attention=False,
    )
    return {
        "organisation": organisation.pk,
        "name": organisation.name,
        "period": filters.period_label,
        "time_elapsed": c.time_elapsed,
        "behind_schedule": c.behind,
        "targets": dict(c.targets),
        "total": figures_out(c.total),
        "lines": [
            {
                "organisation": line.organisation.pk,
                "name": line.organisation.name,
                "zones": [p.zone.pk for p in line.zones],
                "rank": line.rank.rank if line.rank else None,
                "targets": dict(line.targets),
                "figures": figures_out(line.figures),
            }
            for line in c.lines
        ],
        "ranking": _ranking_out(c),
    }


def _ranking_out(c: Any) -> dict[str, Any] | None:
    if c.ranking is None:
        return None
    ranking = c.ranking.ranking
    return {
        "id": ranking.pk,
        "scheme": ranking.scheme.name,
        "period": ranking.period,
        "entries": [
            {
                "organisation": e.organisation_id,
                "name": e.organisation.name,
                "rank": e.rank,
                "previous_rank": e.previous_rank,
                "total": e.total,
            }
            for e in c.ranking.entries
        ],
    }
