"""Reads of reporting windows (填报): the window covering a month, the windows a user sees,
who has and has not reported, a month's values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from ..models import ReportedValue, ReportingWindow
from .common import _ancestor_ids, children_of


def covering_window(*, organisation: Organisation, period: date) -> ReportingWindow | None:
    """The reporting window of a level above the organisation for the month (the nearest level
    when several opened one), or None."""
    windows = ReportingWindow.objects.active().filter(
        organisation__in=_ancestor_ids(organisation), period=period
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
    rows = ReportingWindow.objects.active().select_related("organisation")
    if access.is_superuser(user):
        return rows
    return rows.filter(_windows_seen(user))


def window_get(*, user: Any, window_id: int) -> ReportingWindow:
    from django.http import Http404

    window = window_list(user=user).filter(pk=window_id).first()
    if window is None:
        raise Http404
    return window


@dataclass
class Submitter:
    organisation: Organisation
    values: int
    last_at: Any


def window_submitters(*, user: Any, window: ReportingWindow) -> list[Submitter]:
    """The organisations that report in a window (those right below its organisation that the
    user sees), each with how many values it entered for the month."""
    children = children_of(user=user, organisation=window.organisation)
    counts: dict[int, dict[str, Any]] = {
        row["organisation"]: dict(row)
        for row in ReportedValue.objects.active()
        .filter(period=window.period, organisation__in=[c.pk for c in children])
        .values("organisation")
        .annotate(n=Count("pk"), last=Max("updated_at"))
    }
    return [
        Submitter(c, counts.get(c.pk, {}).get("n", 0), counts.get(c.pk, {}).get("last"))
        for c in children
    ]


def month_values(*, organisation: Organisation, period: date) -> dict[int, ReportedValue]:
    """An organisation's values of one month, by indicator id."""
    return {
        v.indicator_id: v
        for v in ReportedValue.objects.active().filter(organisation=organisation, period=period)
    }
