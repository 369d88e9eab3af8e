"""Reporting windows (填报窗口): a level opens a month for a set of organisations below it and a
set of indicators; each organisation submits its own values (they lock); the level closes the
window (all lock), and reopens it — whole, or for one organisation — with a reason kept in
history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import actor_user, tracked_create, tracked_update

from .. import notify, permissions, selectors
from ..choices import SubmissionState, WindowState
from ..models import Indicator, ReportedValue, ReportingWindow, Submission


def month_start(day: date) -> date:
    return day.replace(day=1)


def _sets_problems(
    organisation: Organisation,
    organisations: list[Organisation],
    indicators: list[Indicator],
    all_organisations: bool,
    all_indicators: bool,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    outside = [
        o.name
        for o in organisations
        if o.pk == organisation.pk or not access.is_within(o, organisation)
    ]
    if outside:
        errors["organisations"] = _(
            "Only organisations below %(by)s report in its window: %(names)s."
        ) % {"by": organisation.name, "names": "、".join(outside)}
    elif not organisations and not all_organisations:
        errors["organisations"] = _("Choose the organisations that report in this window.")
    computed = [i.name for i in indicators if i.is_computed or not i.is_active]
    if computed:
        errors["indicators"] = _(
            "These indicators are computed from the projects, not reported: %(names)s."
        ) % {"names": "、".join(computed)}
    elif not indicators and not all_indicators:
        errors["indicators"] = _("Choose the indicators reported in this window.")
    return errors


@transaction.atomic
def window_open(
    *,
    actor: User | None,
    organisation: Organisation,
    period: date,
    due_on: date,
    indicators: Iterable[Indicator] | None = None,
    organisations: Iterable[Organisation] | None = None,
) -> ReportingWindow:
    """Open a month for reporting by organisations below ``organisation`` (default: all its
    children, and any added later) of a set of indicators (default: every reported indicator
    in use). A month is
    opened once; a closed one is reopened (``window_reopen``), never opened twice."""
    if not permissions.can_open_window(actor, organisation):
        raise PermissionDenied
    period = month_start(period)
    # Without a choice the sets stay empty, which means every organisation below (one added
    # later reports too) and every reported indicator in use.
    chosen_orgs = list(dict.fromkeys(organisations or []))
    chosen_indicators = list(dict.fromkeys(indicators or []))
    errors = _sets_problems(
        organisation, chosen_orgs, chosen_indicators, organisations is None, indicators is None
    )
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
    window = tracked_create(
        actor=actor,
        obj=window,
        m2m={"organisations": chosen_orgs, "indicators": chosen_indicators},
    )
    notify.window_opened(window, selectors.window_organisations(window=window), again=False)
    return window


@transaction.atomic
def window_close(
    *, actor: User | None, window: ReportingWindow, expected_version: int | None = None
) -> ReportingWindow:
    """Close a window: the month's values lock, submitted or not."""
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
    """Reopen a closed window for a correction: the reason is required and kept in history.
    (One organisation's submission is reopened by ``submission_reopen``.)"""
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
    window = tracked_update(
        actor=actor, obj=window, changes=changes, expected_version=expected_version
    )
    notify.window_opened(window, selectors.window_organisations(window=window), again=True)
    return window


def _reporting(window: ReportingWindow, organisation: Organisation) -> None:
    if not selectors.window_reports(window=window, organisation=organisation):
        raise ValidationError(
            {
                "organisation": _("%(name)s does not report in this window.")
                % {"name": organisation.name}
            }
        )


@transaction.atomic
def window_submit(
    *, actor: User | None, window: ReportingWindow, organisation: Organisation
) -> Submission:
    """An organisation submits its values of the window's month: every indicator of the
    window must have one (the missing ones are named); its values lock until the window's
    level reopens it for that organisation."""
    if not permissions.can_submit_window(actor, organisation):
        raise PermissionDenied
    _reporting(window, organisation)
    submission = Submission.objects.filter(window=window, organisation=organisation).first()
    if submission is not None and submission.is_submitted:
        raise ValidationError(
            {
                "organisation": _("%(name)s has submitted this month already.")
                % {"name": organisation.name}
            }
        )
    reopened = submission is not None and submission.state == SubmissionState.REOPENED
    if not window.is_open and not reopened:
        raise ValidationError(
            {"organisation": _("This reporting window is closed; its values are locked.")}
        )
    indicators = selectors.window_indicators(window=window)
    entered = set(
        ReportedValue.objects.active()
        .filter(organisation=organisation, period=window.period, indicator__in=indicators)
        .values_list("indicator_id", flat=True)
    )
    missing = [i for i in indicators if i.pk not in entered]
    if missing:
        raise ValidationError(
            {
                "values": _("Enter every value before submitting; missing: %(names)s.")
                % {"names": "、".join(i.name for i in missing)}
            }
        )
    now = timezone.now()
    changes: dict[str, object] = {
        "state": SubmissionState.SUBMITTED,
        "submitted_at": now,
        "submitted_by": actor_user(actor),
    }
    if submission is None:
        submission = tracked_create(
            actor=actor,
            obj=Submission(
                window=window, organisation=organisation, first_submitted_at=now, **changes
            ),
        )
    else:
        submission = tracked_update(actor=actor, obj=submission, changes=changes)
    notify.month_submitted(submission)
    return submission


@transaction.atomic
def submission_reopen(
    *,
    actor: User | None,
    window: ReportingWindow,
    organisation: Organisation,
    reason: str,
) -> Submission:
    """Reopen one organisation's part of a window for a correction (a manager of the window's
    level): its values may be changed again, even in a closed window, until it submits again.
    The reason is required and kept in history."""
    if not permissions.can_change_window(actor, window):
        raise PermissionDenied
    _reporting(window, organisation)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the window is reopened.")})
    submission = Submission.objects.filter(window=window, organisation=organisation).first()
    if submission is None and window.is_open:
        raise ValidationError(
            {
                "organisation": _("%(name)s has not submitted: its values are open already.")
                % {"name": organisation.name}
            }
        )
    if submission is not None and submission.state == SubmissionState.REOPENED:
        raise ValidationError(
            {"organisation": _("%(name)s is reopened already.") % {"name": organisation.name}}
        )
    changes: dict[str, object] = {"state": SubmissionState.REOPENED, "reason": reason}
    if submission is None:
        submission = tracked_create(
            actor=actor,
            obj=Submission(window=window, organisation=organisation, **changes),
        )
    else:
        submission = tracked_update(actor=actor, obj=submission, changes=changes)
    notify.month_sent_back(submission)
    return submission
