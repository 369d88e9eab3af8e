"""API routes of the targets app: the indicator catalogue and an organisation's progress."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from zonetrack.core.validators import Id

from . import selectors
from .schemas import IndicatorOut, ProgressCellOut, ProgressLineOut, ProgressOut

router = Router(tags=["targets"])


class ProgressQuery(Schema):
    organisation: Id | None = None
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None


@router.get("/targets/indicators", response=list[IndicatorOut])
def indicator_list(request: HttpRequest) -> Any:
    """The indicators in use."""
    return list(selectors.indicator_list(user=request.user))


def _line(line: selectors.Line) -> ProgressLineOut:
    return ProgressLineOut(
        organisation_id=line.organisation.pk,
        organisation=line.organisation.name,
        cells=[
            ProgressCellOut(
                indicator_id=c.indicator.pk,
                indicator=c.indicator.name,
                unit=c.indicator.unit,
                target=c.target,
                actual=c.actual,
                basis=c.basis,
                completion=c.completion,
                status=c.status,
            )
            for c in line.cells
        ],
    )


@router.get("/targets/progress", response=ProgressOut)
def progress(request: HttpRequest, filters: Query[ProgressQuery]) -> Any:
    """An organisation's targets of a year (default: the topmost organisation in view, this
    year) against actual and time elapsed, with its children's: see targets.progress."""
    user = request.user
    organisation = (
        selectors.organisation_get(user=user, organisation_id=filters.organisation)
        if filters.organisation
        else selectors.default_organisation(user=user)
    )
    today = timezone.localdate()
    year = filters.year or today.year
    if organisation is None:
        from django.http import Http404

        raise Http404
    result = selectors.progress_of(user=user, organisation=organisation, year=year, as_of=today)
    return ProgressOut(
        organisation_id=organisation.pk,
        year=year,
        as_of=today,
        time_share=result.share,
        own=_line(result.own),
        children=[_line(line) for line in result.children],
    )
