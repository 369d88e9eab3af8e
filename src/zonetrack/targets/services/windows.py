"""Reporting windows (填报窗口): a level opens a month for the organisations below it, closes it
(the values lock), and may reopen it with a reason kept in history."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import tracked_create, tracked_update

from .. import permissions
from ..choices import WindowState
from ..models import ReportingWindow


def month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def window_open(
    *, actor: User | None, organisation: Organisation, period: date, due_on: date
) -> ReportingWindow:
    """Open a month for reporting by the organisations below ``organisation``. A month is
    opened once; a closed one is reopened (``window_reopen``), never opened twice."""
    if not permissions.can_open_window(actor, organisation):
        raise PermissionDenied
    period = month_start(period)
    errors: dict[str, str] = {}
    if period >= month_start(timezone.localdate()):
        errors["period"] = _("This month is not over yet: its figures are reported after it ends.")
    if due_on < period:
        errors["due_on"] = _("The deadline cannot fall before the month reported.")
    if ReportingWindow.objects.filter(organisation=organisation, period=period).exists():
        errors["period"] = _(
            "This month already has a reporting window; reopen it from its page instead."
        )
    if errors:
        raise ValidationError(errors)
    window = ReportingWindow(organisation=organisation, period=period, due_on=due_on)
    return tracked_create(actor=actor, obj=window)


@transaction.atomic
def window_close(
    *, actor: User | None, window: ReportingWindow, expected_version: int | None = None
) -> ReportingWindow:
    """Close a window: the month's values lock."""
    if not permissions.can_change_window(actor, window):
        raise PermissionDenied
    if not window.is_open:
        raise ValidationError(_("This reporting window is already closed."))
    return tracked_update(
        actor=actor,
        obj=window,
        changes={"state": WindowState.CLOSED},
        expected_version=expected_version,
    )


@transaction.atomic
def window_reopen(
    *,
    actor: User | None,
    window: ReportingWindow,
    reason: str,
    due_on: date | None = None,
    expected_version: int | None = None,
) -> ReportingWindow:
    """Reopen a closed window for a correction: the reason is required and kept in history."""
    if not permissions.can_change_window(actor, window):
        raise PermissionDenied
    if window.is_open:
        raise ValidationError(_("This reporting window is open already."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the window is reopened.")})
    changes: dict[str, object] = {"state": WindowState.OPEN, "reason": reason}
    if due_on is not None:
        if due_on < window.period:
            raise ValidationError(
                {"due_on": _("The deadline cannot fall before the month reported.")}
            )
        changes["due_on"] = due_on
    return tracked_update(
        actor=actor, obj=window, changes=changes, expected_version=expected_version
    )
