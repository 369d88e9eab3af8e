"""Reads of reporting windows (填报): the window covering a month, the windows a user sees, a
window's organisations and indicators, its roster (who has submitted, late, missing), and the
values of a month or of a window."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from ..choices import RosterState, Source, SubmissionState
from ..models import Indicator, ReportedValue, ReportingWindow, Submission
from .common import _ancestor_ids


def covering_window(*, organisation: Organisation, period: date) -> ReportingWindow | None:
    """The reporting window of a level above the organisation for the month that the
    organisation reports in (the nearest level when several opened one), or None."""
    windows = (
        ReportingWindow.objects.active()
        .filter(organisation__in=_ancestor_ids(organisation), period=period)
        # A window names its organisations; one without any (opened before they were
        # recorded) covers everything below its level.
        .filter(Q(organisations=organisation) | Q(organisations__isnull=True))
        .distinct()
    )
    # The nearest level first.
    found = sorted(windows.select_related("organisation"), key=lambda w: -w.organisation.depth)
    open_ones = [w for w in found if w.is_open]
    chosen = open_ones or found
    return chosen[0] if chosen else None


def _windows_seen(user: Any) -> Q:
    """Windows the user sees: those of organisations in view, and those opened above any of
    the user's organisations (the windows the user reports in)."""
    above = {pk for m in access.memberships(user) for pk in _ancestor_ids(m.organisation)}
    in_view = access.visible(ReportingWindow.objects.all(), user).values("pk")
    return Q(pk__in=in_view) | Q(organisation__in=above)


def window_list(*, user: Any) -> QuerySet[ReportingWindow]:
    """The windows the user sees, each with how many organisations have submitted."""
    rows = (
        ReportingWindow.objects.active()
        .select_related("organisation")
        .annotate(
            submitted=Count("submissions", filter=Q(submissions__state=SubmissionState.SUBMITTED))
        )
        # An aggregate drops the model's ordering: pages need a stable one.
        .order_by("-period", "organisation", "pk")
    )
    if access.is_superuser(user):
        return rows
    return rows.filter(_windows_seen(user))


def window_get(*, user: Any, window_id: int) -> ReportingWindow:
    from django.http import Http404

    window = window_list(user=user).filter(pk=window_id).first()
    if window is None:
        raise Http404
    return window


def window_indicators(*, window: ReportingWindow) -> list[Indicator]:
    """The indicators reported in the window, in the catalogue's order (a window without a
    recorded set: every reported indicator in use)."""
    chosen = list(window.indicators.all())
    if chosen:
        return sorted(chosen, key=lambda i: (i.sort_order, i.code))
    return list(Indicator.objects.filter(is_active=True, source=Source.REPORTED))


def window_organisations(*, window: ReportingWindow, user: Any = None) -> list[Organisation]:
    """The organisations that report in the window, in tree order; those the user sees when
    a user is given (a window without a recorded set: the opener's children)."""
    rows = window.organisations.filter(archived_at__isnull=True)
    if not rows.exists():
        rows = window.organisation.children.active()
    if user is not None:
        rows = access.visible(rows, user)
    return list(rows.order_by("path"))


def window_reports(*, window: ReportingWindow, organisation: Organisation) -> bool:
    """Whether the organisation reports in the window."""
    if window.organisations.exists():
        return window.organisations.filter(pk=organisation.pk).exists()
    return organisation.parent_id == window.organisation_id


def submission_of(*, window: ReportingWindow, organisation: Organisation) -> Submission | None:
    return (
        Submission.objects.filter(window=window, organisation=organisation)
        .select_related("submitted_by")
        .first()
    )


@dataclass
class RosterRow:
    """One organisation of a window's roster: its state, its values and who submitted when."""

    organisation: Organisation
    state: RosterState
    values: int
    last_at: datetime | None
    submission: Submission | None

    @property
    def is_submitted(self) -> bool:
        return self.submission is not None and self.submission.is_submitted

    @property
    def badge_class(self) -> str:
        return str(RosterState.badge_colours[self.state])  # type: ignore[attr-defined]


@dataclass
class Roster:
    """A window's roster with its counts by state."""

    rows: list[RosterRow]
    required: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def late_or_missing(self) -> list[RosterRow]:
        return [r for r in self.rows if r.state in (RosterState.LATE, RosterState.MISSING)]


def roster_state(
    window: ReportingWindow, submission: Submission | None, today: date
) -> RosterState:
    """Where an organisation stands: on time or late by its first submission, reopened, or
    not submitted (missing once the deadline has passed)."""
    if submission is not None and submission.state == SubmissionState.REOPENED:
        return RosterState.REOPENED
    if submission is not None and submission.is_submitted:
        first = submission.first_submitted_at or submission.submitted_at
        assert first is not None
        on = timezone.localtime(first).date()
        return RosterState.ON_TIME if on <= window.due_on else RosterState.LATE
    return RosterState.MISSING if today > window.due_on else RosterState.PENDING


def window_roster(*, user: Any, window: ReportingWindow, today: date | None = None) -> Roster:
    """Every organisation of the window the user sees, with its state, how many of the
    window's values it entered and when last, and who submitted when (a fixed number of
    queries, whatever the number of organisations)."""
    today = today or timezone.localdate()
    organisations = window_organisations(window=window, user=user)
    indicators = window_indicators(window=window)
    ids = [o.pk for o in organisations]
    counts: dict[int, dict[str, Any]] = {
        row["organisation"]: dict(row)
        for row in ReportedValue.objects.active()
        .filter(period=window.period, organisation__in=ids, indicator__in=indicators)
        .values("organisation")
        .annotate(n=Count("pk"), last=Max("updated_at"))
    }
    submissions = {
        s.organisation_id: s
        for s in Submission.objects.filter(window=window, organisation__in=ids).select_related(
            "submitted_by"
        )
    }
    rows = []
    for organisation in organisations:
        found = counts.get(organisation.pk, {})
        submission = submissions.get(organisation.pk)
        rows.append(
            RosterRow(
                organisation=organisation,
                state=roster_state(window, submission, today),
                values=found.get("n", 0),
                last_at=found.get("last"),
                submission=submission,
            )
        )
    tally = {state.value: 0 for state in RosterState}
    for row in rows:
        tally[row.state] += 1
    return Roster(rows=rows, required=len(indicators), counts=tally)


def month_values(*, organisation: Organisation, period: date) -> dict[int, ReportedValue]:
    """An organisation's values of one month, by indicator id."""
    return {
        v.indicator_id: v
        for v in ReportedValue.objects.active().filter(organisation=organisation, period=period)
    }


def window_values(
    *, window: ReportingWindow, organisations: Iterable[Organisation]
) -> dict[tuple[int, int], ReportedValue]:
    """The window's month's values of these organisations, by (organisation, indicator)."""
    return {
        (v.organisation_id, v.indicator_id): v
        for v in ReportedValue.objects.active().filter(
            period=window.period, organisation__in=[o.pk for o in organisations]
        )
    }


def value_list(
    *,
    user: Any,
    organisation: int | None = None,
    indicator: int | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
) -> QuerySet[ReportedValue]:
    """The reported values the user sees, filtered, in a stable order (organisation, month,
    indicator)."""
    rows = access.visible(ReportedValue.objects.active(), user).select_related(
        "organisation", "indicator"
    )
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if period_from is not None:
        rows = rows.filter(period__gte=period_from)
    if period_to is not None:
        rows = rows.filter(period__lte=period_to)
    return rows.order_by(access.tree_order(ReportedValue), "period", "indicator__sort_order", "pk")
