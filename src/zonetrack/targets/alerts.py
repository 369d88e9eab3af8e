"""Targets' alert conditions, announced by the notices app in its daily job (each once, in the
app, by e-mail and to webhooks, like dispatch's):

- a reporting window past its deadline: each organisation that should report and has not is
  told (its reporters: officers and above of that organisation), and the window's opener (the
  managers of the organisation that opened it) gets one summary naming them;
- an overdue key task (open, its deadline passed): its person in charge and its owner unit
  (officers and above) are told.

Registered here, in the module the notices app imports at start-up: targets names no dispatch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership, Organisation
from zonetrack.notices.conditions import Condition
from zonetrack.notices.delivery import register_source
from zonetrack.notices.kinds import register_kinds

from . import selectors
from .choices import SubmissionState
from .models import ReportingWindow, Submission, Task

# A window whose deadline passed longer ago than this is history, not news: the first run on
# an installation with years of windows announces only the recent ones.
WINDOW_LOOKBACK_DAYS = 31
# Who reports an organisation's statistics and works its tasks (``permissions``: officers and
# above), and who answers for a window it opened (its managers).
ACTING_ROLES = (Role.OFFICER, Role.MANAGER, Role.ADMIN)
MANAGING_ROLES = (Role.MANAGER, Role.ADMIN)
# How many late organisations the opener's summary names in its text (the page lists all).
SUMMARY_NAMES = 10


class TargetsAlertKind(models.TextChoices):
    """The kinds of alert targets raises (codes stored with each alert)."""

    REPORT_LATE = "targets_report_late", gettext_lazy("Statistics not reported by the deadline")
    WINDOW_LATE = "targets_window_late", gettext_lazy("Reporting window: organisations late")
    TASK_OVERDUE = "targets_task_overdue", gettext_lazy("Key task overdue")


def late_reporters(window: ReportingWindow, day: date) -> list[Organisation]:
    """The organisations that should report in ``window`` and, on ``day``, have not: once its
    deadline has passed, those of the window (by default the ones right below its opener, not
    archived) without a submission, or reopened for a correction and not submitted again.
    Values entered but not submitted do not count: only a submission locks them. In tree
    order."""
    if day <= window.due_on:
        return []
    should = selectors.window_organisations(window=window)
    submitted = set(
        Submission.objects.filter(
            window=window, organisation__in=[o.pk for o in should], state=SubmissionState.SUBMITTED
        ).values_list("organisation_id", flat=True)
    )
    return [organisation for organisation in should if organisation.pk not in submitted]


def _members(organisation_ids: Iterable[int], roles: Iterable[str]) -> dict[int, set[int]]:
    """Active users holding one of ``roles`` in each organisation itself (not above it: a
    member of a sibling or of the level above is no reporter of this one)."""
    found: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation__in=list(organisation_ids), role__in=list(roles), user__is_active=True
    ).values_list("organisation_id", "user_id"):
        found[organisation_id].add(user_id)
    return found


def _late_windows(day: date) -> list[Condition]:
    windows = list(
        ReportingWindow.objects.active()
        .filter(
            due_on__lt=day,
            due_on__gte=day - timedelta(days=WINDOW_LOOKBACK_DAYS),
            organisation__archived_at__isnull=True,
        )
        .select_related("organisation")
        .order_by("due_on", "pk")
    )
    late = {window.pk: late_reporters(window, day) for window in windows}
    reporters = _members({o.pk for orgs in late.values() for o in orgs}, ACTING_ROLES)
    openers = _members({w.organisation_id for w in windows if late[w.pk]}, MANAGING_ROLES)
    found: list[Condition] = []
    for window in windows:
        orgs = late[window.pk]
        if not orgs:
            continue
        month = window.period.strftime("%Y-%m")
        due = window.due_on.isoformat()
        link = reverse("targets:window_detail", kwargs={"window_id": window.pk})
        for org in orgs:
            found.append(
                Condition(
                    key=f"tw:{window.pk}:{org.pk}:{due}",
                    kind=TargetsAlertKind.REPORT_LATE,
                    organisation_id=org.pk,
                    title=_("%(organisation)s: the statistics of %(month)s were due on %(date)s.")
                    % {"organisation": org.name, "month": month, "date": due},
                    body=_("Reporting window opened by %(opener)s.")
                    % {"opener": window.organisation.name},
                    link=link,
                    recipients=set(reporters.get(org.pk, set())),
                    deadline=window.due_on,
                    figures=[
                        (_("Organisation"), org.name),
                        (_("Month"), month),
                        (_("Deadline"), due),
                        (_("Days late"), str((day - window.due_on).days)),
                    ],
                )
            )
        names = "、".join(o.name for o in orgs[:SUMMARY_NAMES])
        if len(orgs) > SUMMARY_NAMES:
            names += _("…and %(n)s more items") % {"n": len(orgs) - SUMMARY_NAMES}
        found.append(
            Condition(
                key=f"tws:{window.pk}:{due}",
                kind=TargetsAlertKind.WINDOW_LATE,
                organisation_id=window.organisation_id,
                title=_("%(month)s statistics: %(n)s organisations have not reported: %(names)s")
                % {"month": month, "n": len(orgs), "names": names},
                link=link,
                recipients=set(openers.get(window.organisation_id, set())),
                deadline=window.due_on,
                figures=[
                    (_("Month"), month),
                    (_("Deadline"), due),
                    (_("Not reported"), str(len(orgs))),
                ],
            )
        )
    return found


def _task_people(task: Task, units: dict[int, set[int]]) -> set[int]:
    """The task's person in charge and its owner unit's officers and above."""
    people = set(units.get(task.organisation_id, set()))
    if task.owner_id:
        people.add(task.owner_id)
    return people


def _overdue_tasks(day: date) -> list[Condition]:
    rows = list(
        Task.objects.active()
        .filter(selectors.overdue_q(day), organisation__archived_at=None)
        .select_related("organisation")
        .order_by("due_on", "pk")
    )
    units = _members({t.organisation_id for t in rows}, ACTING_ROLES)
    return [
        Condition(
            key=f"tt:{task.pk}:{task.due_on.isoformat()}",
            kind=TargetsAlertKind.TASK_OVERDUE,
            organisation_id=task.organisation_id,
            title=_("%(organisation)s: the key task %(title)s was due on %(date)s.")
            % {
                "organisation": task.organisation.name,
                "title": task.title,
                "date": task.due_on.isoformat(),
            },
            link=reverse("targets:task_detail", kwargs={"task_id": task.pk}),
            recipients=_task_people(task, units),
            deadline=task.due_on,
            figures=[
                (_("Owner unit"), task.organisation.name),
                (_("Key task"), task.title),
                (_("Deadline"), task.due_on.isoformat()),
                (_("Days overdue"), str((day - task.due_on).days)),
            ],
        )
        for task in rows
    ]


def conditions(day: date) -> list[Condition]:
    """Every targets condition true on ``day``: late reporters of windows past their deadline
    (with a summary to each window's opener) and overdue key tasks."""
    return [*_late_windows(day), *_overdue_tasks(day)]


register_kinds(TargetsAlertKind)
register_source("targets", conditions)
