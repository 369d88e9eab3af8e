"""Reported statistics: an organisation's values of one month, entered while a window of a level
above it is open, all or nothing, each change in the history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update

from .. import permissions, selectors
from ..models import Indicator, ReportedValue
from . import rollups
from .checks import figure_problem
from .windows import month_start


def value_cell(indicator_id: int) -> str:
    """The name of one cell of the entry form (and of its errors)."""
    return f"v_{indicator_id}"


def window_refusal(organisation: Organisation, period: date) -> str | None:
    """Why values of this organisation and month cannot be entered now, or None when a window
    of a level above it is open for the month."""
    window = selectors.covering_window(organisation=organisation, period=period)
    if window is None:
        return _(
            "No reporting window is open for %(month)s: values are entered only while the "
            "level above opens the month."
        ) % {"month": f"{period:%Y-%m}"}
    if not window.is_open:
        return _(
            "The reporting window for %(month)s was closed by %(by)s and its values are locked. "
            "A correction needs %(by)s to reopen the window, with a reason."
        ) % {"month": f"{period:%Y-%m}", "by": window.organisation.name}
    return None


@transaction.atomic
def values_report(
    *,
    actor: User | None,
    organisation: Organisation,
    period: date,
    values: Mapping[Indicator, Decimal | None],
) -> list[ReportedValue]:
    """Save an organisation's values of one month (blank cells are left as they are).

    Refused: without the right to report for the organisation (PermissionDenied); a month to
    come, or one without an open window (an error on ``period``); a computed indicator or an
    impossible figure (an error on its cell). Nothing is saved unless everything is."""
    if not permissions.can_report_values(actor, organisation):
        raise PermissionDenied
    period = month_start(period)
    if period >= month_start(timezone.localdate()):
        raise ValidationError(
            {"period": _("This month is not over yet: its figures are reported after it ends.")}
        )
    refusal = window_refusal(organisation, period)
    if refusal:
        raise ValidationError({"period": refusal})
    window = selectors.covering_window(organisation=organisation, period=period)
    errors: dict[str, str] = {}
    for indicator, value in values.items():
        if value is None:
            continue
        if indicator.is_computed:
            errors[value_cell(indicator.pk)] = _(
                "%(name)s is computed from the projects, not reported."
            ) % {"name": indicator.name}
        elif problem := figure_problem(indicator, value):
            errors[value_cell(indicator.pk)] = problem
    if errors:
        raise ValidationError(errors)
    existing = {
        v.indicator_id: v
        for v in ReportedValue.objects.filter(organisation=organisation, period=period)
    }
    written: list[ReportedValue] = []
    for indicator, value in values.items():
        if value is None:
            continue
        current = existing.get(indicator.pk)
        if current is None:
            row = ReportedValue(
                organisation=organisation,
                indicator=indicator,
                period=period,
                value=value,
                window=window,
                entered_by=actor_user(actor),
            )
            written.append(tracked_create(actor=actor, obj=row))
        elif current.value != value:
            written.append(
                tracked_update(
                    actor=actor,
                    obj=current,
                    changes={"value": value, "window": window, "entered_by": actor_user(actor)},
                )
            )
    rollups.values_written((organisation.pk, row.indicator_id, period) for row in written)
    return written
