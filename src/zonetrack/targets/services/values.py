"""Reported statistics: values written while a window of a level above is open for the
organisation and it has not submitted them, from the grid, an imported file or the API, all
or nothing, each change in the history with its source."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_bulk_create, tracked_bulk_set

from .. import permissions, selectors
from ..choices import SubmissionState, ValueSource
from ..models import Indicator, ReportedValue, ReportingWindow
from . import rollups
from .checks import figure_problem
from .windows import month_start


def value_cell(indicator_id: int) -> str:
    """The name of one cell of the entry form (and of its errors)."""
    return f"v_{indicator_id}"


@dataclass(frozen=True)
class ValueItem:
    """One value to write; ``key`` names the field its errors are reported on (a grid cell,
    a spreadsheet cell such as "C7", an API item)."""

    organisation: Organisation
    indicator: Indicator
    period: date
    value: Decimal | None
    key: str


def window_refusal(organisation: Organisation, period: date) -> str | None:
    """Why values of this organisation and month cannot be changed now, or None when a window
    of a level above it is open for it and it has not submitted them (or its part of the
    window was reopened for a correction)."""
    return _refusal(organisation, period)[1]


def _refusal(organisation: Organisation, period: date) -> tuple[ReportingWindow | None, str | None]:
    window = selectors.covering_window(organisation=organisation, period=period)
    if window is None:
        return None, _(
            "No reporting window is open for %(month)s: values are entered only while the "
            "level above opens the month."
        ) % {"month": f"{period:%Y-%m}"}
    submission = selectors.submission_of(window=window, organisation=organisation)
    if submission is not None and submission.state == SubmissionState.REOPENED:
        return window, None
    if not window.is_open:
        return window, _(
            "The reporting window for %(month)s was closed by %(by)s and its values are locked. "
            "A correction needs %(by)s to reopen the window, with a reason."
        ) % {"month": f"{period:%Y-%m}", "by": window.organisation.name}
    if submission is not None and submission.is_submitted:
        assert submission.submitted_at is not None
        return window, _(
            "%(name)s submitted the values of %(month)s on %(when)s and they are locked. "
            "A correction needs %(by)s to reopen the window for %(name)s, with a reason."
        ) % {
            "name": organisation.name,
            "month": f"{period:%Y-%m}",
            "when": date_format(timezone.localtime(submission.submitted_at), "Y-m-d H:i"),
            "by": window.organisation.name,
        }
    return window, None


def _cell_name(item: ValueItem, period: date) -> str:
    return f"{item.organisation.name} · {item.indicator.name} · {period:%Y-%m}"


@transaction.atomic
def values_write(
    *,
    actor: User | None,
    items: Iterable[ValueItem],
    source: str = ValueSource.ENTERED,
    period_field: str | None = None,
) -> list[ReportedValue]:
    """Write values of any organisations and months, all or nothing; blank values are left
    as they are, and a value equal to the one stored writes nothing.

    Refused: an organisation the actor may not report for (PermissionDenied, nothing
    written); on the item's own field: a month to come, a change without an open window or
    after the organisation submitted (or the window closed) — the message names the cell —,
    a computed indicator or one the window does not ask for, an impossible figure, the same
    cell twice. ``period_field`` also names the window's refusal on that field (the
    one-month grid)."""
    items = [i for i in items if i.value is not None]
    # Blank values write nothing: the plan below holds figures only.
    for organisation in {i.organisation.pk: i.organisation for i in items}.values():
        if not permissions.can_report_values(actor, organisation):
            raise PermissionDenied
    this_month = month_start(timezone.localdate())
    locks: dict[tuple[int, date], tuple[ReportingWindow | None, str | None]] = {}
    asked: dict[int, set[int]] = {}
    existing = {
        (v.organisation_id, v.indicator_id, v.period): v
        for v in ReportedValue.objects.filter(
            organisation__in={i.organisation.pk for i in items},
            period__in={month_start(i.period) for i in items},
            indicator__in={i.indicator.pk for i in items},
        )
    }
    errors: dict[str, list[str]] = {}
    seen: set[tuple[int, int, date]] = set()
    plan: list[tuple[ValueItem, Decimal, date, ReportingWindow | None, ReportedValue | None]] = []

    def refuse(key: str, message: str) -> None:
        if message not in errors.setdefault(key, []):
            errors[key].append(message)

    for item in items:
        assert item.value is not None
        period = month_start(item.period)
        where = (item.organisation.pk, item.indicator.pk, period)
        if where in seen:
            refuse(item.key, _("%(cell)s is given twice.") % {"cell": _cell_name(item, period)})
            continue
        seen.add(where)
        if period >= this_month:
            message = _("This month is not over yet: its figures are reported after it ends.")
            refuse(item.key, message)
            if period_field:
                refuse(period_field, message)
            continue
        if (item.organisation.pk, period) not in locks:
            locks[(item.organisation.pk, period)] = _refusal(item.organisation, period)
        window, refusal = locks[(item.organisation.pk, period)]
        current = existing.get(where)
        if current is not None and current.value == item.value and not current.is_archived:
            continue
        if refusal:
            refuse(item.key, f"{_cell_name(item, period)}: {refusal}")
            if period_field:
                refuse(period_field, refusal)
            continue
        assert window is not None
        if window.pk not in asked:
            asked[window.pk] = set(window.indicators.values_list("pk", flat=True))
        if item.indicator.is_computed:
            refuse(
                item.key,
                _("%(name)s is computed from the projects, not reported.")
                % {"name": item.indicator.name},
            )
        elif asked[window.pk] and item.indicator.pk not in asked[window.pk]:
            refuse(
                item.key,
                _("%(name)s is not reported in the window of %(month)s.")
                % {"name": item.indicator.name, "month": f"{period:%Y-%m}"},
            )
        elif problem := figure_problem(item.indicator, item.value):
            refuse(item.key, problem)
        else:
            plan.append((item, item.value, period, window, current))
    if errors:
        raise ValidationError(errors)
    written: list[ReportedValue] = []
    new_rows: list[ReportedValue] = []
    changes: list[tuple[ReportedValue, dict]] = []
    by = actor_user(actor)
    for item, value, period, window, current in plan:
        if current is None:
            # Checked above (figure, window, indicator): a grid or a sheet of new values is
            # inserted in a few statements, each row with its creation in the history.
            new_rows.append(
                ReportedValue(
                    organisation=item.organisation,
                    indicator=item.indicator,
                    period=period,
                    value=value,
                    window=window,
                    entered_by=by,
                    source=source,
                )
            )
        else:
            # The loaded organisation and indicator name the row in its history without a query.
            current.organisation, current.indicator = item.organisation, item.indicator
            changes.append(
                (current, {"value": value, "window": window, "entered_by": by, "source": source})
            )
    # Changed values are written together as well: one UPDATE run per row, each version
    # moved and checked, one history insert.
    written.extend(tracked_bulk_set(changes, actor=actor))
    if new_rows:
        written.extend(tracked_bulk_create(ReportedValue, new_rows, actor=actor))
    # The kept figures follow in the same transaction, whichever way the values came (grid,
    # sheet, API).
    rollups.values_written((row.organisation_id, row.indicator_id, row.period) for row in written)
    return written


def values_report(
    *,
    actor: User | None,
    organisation: Organisation,
    period: date,
    values: Mapping[Indicator, Decimal | None],
    source: str = ValueSource.ENTERED,
) -> list[ReportedValue]:
    """Save an organisation's values of one month (blank cells are left as they are), the
    window's refusal named on ``period`` and each cell's on its own field (``v_<id>``)."""
    if not permissions.can_report_values(actor, organisation):
        raise PermissionDenied
    period = month_start(period)
    if period >= month_start(timezone.localdate()):
        raise ValidationError(
            {"period": _("This month is not over yet: its figures are reported after it ends.")}
        )
    return values_write(
        actor=actor,
        items=[
            ValueItem(organisation, indicator, period, value, value_cell(indicator.pk))
            for indicator, value in values.items()
        ],
        source=source,
        period_field="period",
    )
