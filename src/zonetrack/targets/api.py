"""API routes of the targets app: the indicator catalogue, an organisation's progress, reported
values (bulk read and write) and reporting windows (open, submit, reopen, close, roster)."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id
from zonetrack.projects.validators import month_from_text

from . import permissions, selectors, services
from .choices import ValueSource
from .models import Indicator, ReportingWindow
from .schemas import (
    IndicatorOut,
    Month,
    ProgressCellOut,
    ProgressLineOut,
    ProgressOut,
    ReopenIn,
    RosterOut,
    RosterRowOut,
    SubmitIn,
    ValueOut,
    ValuesIn,
    ValuesWrittenOut,
    WindowIn,
    WindowOut,
)

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


# -- reported values ---------------------------------------------------------------------------


class ValueQuery(Schema):
    organisation: Id | None = None
    indicator: Id | None = None
    period: Month | None = None
    period_from: Month | None = None
    period_to: Month | None = None


def _month(text: str | None, name: str) -> Any:
    if not text:
        return None
    try:
        return month_from_text(text)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages}) from exc


@router.get("/targets/values", response=list[ValueOut])
@paginate(Pages, page_size=500)
def value_list(request: HttpRequest, filters: Query[ValueQuery]) -> Any:
    """Reported values the user sees, by organisation, month and indicator; ``period`` is one
    month (YYYY-MM), ``period_from``/``period_to`` a range. `count` is the total."""
    user = request.user
    if filters.organisation:
        selectors.organisation_get(user=user, organisation_id=filters.organisation)
    period = _month(filters.period, "period")
    return selectors.value_list(
        user=user,
        organisation=filters.organisation,
        indicator=filters.indicator,
        period_from=period or _month(filters.period_from, "period_from"),
        period_to=period or _month(filters.period_to, "period_to"),
    )


@router.post("/targets/values", response=ValuesWrittenOut)
def value_write(request: HttpRequest, payload: ValuesIn) -> Any:
    """Write many values in one transaction, all or none; every refusal names its item
    (``items.<n>.value``: a locked or submitted cell, an impossible figure …). Writing an
    organisation one may not report for refuses the whole request (403)."""
    user = request.user
    org_ids = {item.organisation_id for item in payload.items}
    organisations = {
        o.pk: o for o in access.visible(Organisation.objects.active(), user).filter(pk__in=org_ids)
    }
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            is_active=True, pk__in={item.indicator_id for item in payload.items}
        )
    }
    errors: dict[str, list[str]] = {}
    items: list[services.ValueItem] = []
    for n, item in enumerate(payload.items):
        organisation = organisations.get(item.organisation_id)
        indicator = indicators.get(item.indicator_id)
        if organisation is None:
            errors[f"items.{n}.organisation_id"] = [_("Unknown organisation.")]
        if indicator is None:
            errors[f"items.{n}.indicator_id"] = [_("Unknown indicator.")]
        try:
            period = month_from_text(item.period)
        except ValidationError as exc:
            errors[f"items.{n}.period"] = exc.messages
            continue
        if organisation is not None and indicator is not None:
            items.append(
                services.ValueItem(organisation, indicator, period, item.value, f"items.{n}.value")
            )
    if errors:
        raise ValidationError(errors)
    written = services.values_write(
        actor=access.request_user(request), items=items, source=ValueSource.API
    )
    return {"written": len(written)}


# -- reporting windows -------------------------------------------------------------------------


def _roster(request: HttpRequest, window: ReportingWindow) -> dict[str, Any]:
    """A window and its roster as ``RosterOut`` reads them (the window's own fields are read
    from the record by ``WindowOut``)."""
    roster = selectors.window_roster(user=request.user, window=window)
    return {
        "window": window,
        "indicator_ids": [i.pk for i in selectors.window_indicators(window=window)],
        "required": roster.required,
        "counts": roster.counts,
        "rows": [
            RosterRowOut(
                organisation_id=row.organisation.pk,
                organisation=row.organisation.name,
                state=row.state,
                values=row.values,
                last_at=row.last_at,
                submitted_at=row.submission.submitted_at if row.submission else None,
                submitted_by=str(row.submission.submitted_by)
                if row.submission and row.submission.submitted_by
                else None,
                reason=row.submission.reason if row.submission else "",
            )
            for row in roster.rows
        ],
    }


def _window_organisation(request: HttpRequest, window: ReportingWindow, pk: int) -> Any:
    found = next(
        (o for o in selectors.window_organisations(window=window, user=request.user) if o.pk == pk),
        None,
    )
    if found is None:
        raise ValidationError(
            {"organisation_id": _("This organisation does not report in this window.")}
        )
    return found


@router.get("/targets/windows", response=list[WindowOut])
@paginate(Pages, page_size=50)
def window_list(request: HttpRequest) -> Any:
    """The reporting windows the user sees: those opened by organisations in view, and those
    opened above the user's organisations (the ones they report in)."""
    return selectors.window_list(user=request.user)


@router.post("/targets/windows", response={201: RosterOut})
def window_open(request: HttpRequest, payload: WindowIn) -> Any:
    """Open a month for reporting (managers of the organisation); without ``organisation_ids``
    every organisation below reports, without ``indicator_ids`` every reported indicator."""
    user = request.user
    organisation = selectors.organisation_get(user=user, organisation_id=payload.organisation_id)
    period = _month(payload.period, "period")
    organisations = None
    if payload.organisation_ids is not None:
        found = access.visible(Organisation.objects.active(), user).filter(
            pk__in=payload.organisation_ids
        )
        if found.count() != len(set(payload.organisation_ids)):
            raise ValidationError({"organisation_ids": _("Unknown organisation.")})
        organisations = list(found)
    indicators = None
    if payload.indicator_ids is not None:
        chosen = Indicator.objects.filter(is_active=True, pk__in=payload.indicator_ids)
        if chosen.count() != len(set(payload.indicator_ids)):
            raise ValidationError({"indicator_ids": _("Unknown indicator.")})
        indicators = list(chosen)
    window = services.window_open(
        actor=access.request_user(request),
        organisation=organisation,
        period=period,
        due_on=payload.due_on,
        organisations=organisations,
        indicators=indicators,
    )
    return Status(201, _roster(request, selectors.window_get(user=user, window_id=window.pk)))


@router.get("/targets/windows/{window_id}", response=RosterOut)
def window_get(request: HttpRequest, window_id: int) -> Any:
    """A window with its roster: every organisation's state (on_time, late, pending, missing,
    reopened), its values entered, and who submitted when."""
    return _roster(request, selectors.window_get(user=request.user, window_id=window_id))


@router.post("/targets/windows/{window_id}/submissions", response=RosterOut)
def window_submit(request: HttpRequest, window_id: int, payload: SubmitIn) -> Any:
    """An organisation submits its values of the window; they lock until reopened."""
    window = selectors.window_get(user=request.user, window_id=window_id)
    actor = access.request_user(request)
    # Who reports for none of the window's organisations may not submit at all (403), whatever
    # the organisation asked for.
    access.require(
        any(
            permissions.can_submit_window(actor, o)
            for o in selectors.window_organisations(window=window, user=request.user)
        )
    )
    organisation = _window_organisation(request, window, payload.organisation_id)
    services.window_submit(actor=actor, window=window, organisation=organisation)
    return _roster(request, window)


@router.post("/targets/windows/{window_id}/reopen", response=RosterOut)
def window_reopen(request: HttpRequest, window_id: int, payload: ReopenIn) -> Any:
    """Reopen a closed window, or one organisation's part of it, with a reason (managers of
    the window's level)."""
    window = selectors.window_get(user=request.user, window_id=window_id)
    actor = access.request_user(request)
    access.require(permissions.can_change_window(actor, window))
    if payload.organisation_id is not None:
        organisation = _window_organisation(request, window, payload.organisation_id)
        services.submission_reopen(
            actor=actor, window=window, organisation=organisation, reason=payload.reason
        )
    else:
        services.window_reopen(
            actor=actor, window=window, reason=payload.reason, due_on=payload.due_on
        )
    return _roster(request, window)


@router.post("/targets/windows/{window_id}/close", response=RosterOut)
def window_close(request: HttpRequest, window_id: int) -> Any:
    """Close a window: every value of its month locks."""
    window = selectors.window_get(user=request.user, window_id=window_id)
    services.window_close(actor=access.request_user(request), window=window)
    return _roster(request, window)
