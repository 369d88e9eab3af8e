"""The notices the daily work of targets raises as it happens, each told once to the people who
act on it (in the app, by e-mail and to the organisation's webhooks, by the notices app):

- a key task given to a unit: its person in charge and the unit's officers and managers;
- a key task marked done: the managers of the level that gave it;
- a reporting window opened, or reopened: the officers and managers of every organisation
  reporting in it;
- a month submitted: the managers of the window's level;
- one organisation's month sent back for a correction: that organisation's officers and
  managers, with the reason.

Each is sent after the writing transaction commits, so a refused write tells nobody.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership, Organisation
from zonetrack.notices import Condition, deliver, is_quiet
from zonetrack.notices.kinds import register_kind

from .models import ReportingWindow, Submission, Task

TASK_GIVEN = "task_given"
TASK_DONE = "task_done"
WINDOW_OPENED = "window_opened"
MONTH_SUBMITTED = "month_submitted"
MONTH_SENT_BACK = "month_sent_back"
register_kind(TASK_GIVEN, gettext_lazy("Key task given"))
register_kind(TASK_DONE, gettext_lazy("Key task done"))
register_kind(WINDOW_OPENED, gettext_lazy("Reporting window opened"))
register_kind(MONTH_SUBMITTED, gettext_lazy("Month submitted"))
register_kind(MONTH_SENT_BACK, gettext_lazy("Month sent back for a correction"))

WORKERS = (Role.OFFICER, Role.MANAGER)
LEADERS = (Role.MANAGER,)


def _people(organisation_ids: Iterable[int], roles: Iterable[str]) -> dict[int, set[int]]:
    """The active people holding one of ``roles`` in each organisation."""
    found: dict[int, set[int]] = {}
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=list(organisation_ids), role__in=list(roles), user__is_active=True
    ).values_list("organisation_id", "user_id"):
        found.setdefault(organisation_id, set()).add(user_id)
    return found


def _send(conditions: list[Condition]) -> None:
    if is_quiet():
        return  # a backfill of past months
    wanted = [c for c in conditions if c.recipients]
    for condition in wanted:
        condition.title = condition.title[:300]  # a notification's one line
    if wanted:
        transaction.on_commit(lambda: deliver(wanted, day=timezone.localdate()))


def task_given(task: Task) -> None:
    people = _people([task.organisation_id], WORKERS).get(task.organisation_id, set())
    if task.owner_id:
        people.add(task.owner_id)
    _send(
        [
            Condition(
                key=f"{TASK_GIVEN}:{task.pk}",
                kind=TASK_GIVEN,
                organisation_id=task.organisation_id,
                title=_("New key task: %(title)s, due %(due)s")
                % {"title": task.title, "due": task.due_on.isoformat()},
                link=reverse("targets:task_detail", kwargs={"task_id": task.pk}),
                recipients=people,
                deadline=task.due_on,
            )
        ]
    )


def task_done(task: Task) -> None:
    """Tell the level that gave the task (the parent task's unit, else the unit above)."""
    giver = task.parent.organisation_id if task.parent is not None else task.organisation.parent_id
    if giver is None:
        return
    _send(
        [
            Condition(
                key=f"{TASK_DONE}:{task.pk}:{task.done_on}",
                kind=TASK_DONE,
                organisation_id=giver,
                title=_("%(unit)s has done the key task: %(title)s")
                % {"unit": task.organisation.name, "title": task.title},
                link=reverse("targets:task_detail", kwargs={"task_id": task.pk}),
                recipients=_people([giver], LEADERS).get(giver, set()),
            )
        ]
    )


def window_opened(window: ReportingWindow, reporting: list[Organisation], *, again: bool) -> None:
    """Tell every reporting organisation the month is open (``again``: reopened)."""
    people = _people([o.pk for o in reporting], WORKERS)
    month = f"{window.period:%Y-%m}"
    title = (
        _("The reporting of %(month)s is reopened until %(due)s")
        if again
        else _("Report the figures of %(month)s by %(due)s")
    ) % {"month": month, "due": window.due_on.isoformat()}
    link = reverse("targets:window_detail", kwargs={"window_id": window.pk})
    stamp = f"{window.version}" if again else "0"
    _send(
        [
            Condition(
                key=f"{WINDOW_OPENED}:{window.pk}:{stamp}:{organisation.pk}",
                kind=WINDOW_OPENED,
                organisation_id=organisation.pk,
                title=title,
                link=link,
                recipients=people.get(organisation.pk, set()),
                deadline=window.due_on,
            )
            for organisation in reporting
        ]
    )


def month_submitted(submission: Submission) -> None:
    window = submission.window
    level = window.organisation_id
    _send(
        [
            Condition(
                key=f"{MONTH_SUBMITTED}:{submission.pk}:{submission.version}",
                kind=MONTH_SUBMITTED,
                organisation_id=level,
                title=_("%(unit)s has submitted the figures of %(month)s")
                % {"unit": submission.organisation.name, "month": f"{window.period:%Y-%m}"},
                link=reverse("targets:window_detail", kwargs={"window_id": window.pk}),
                recipients=_people([level], LEADERS).get(level, set()),
            )
        ]
    )


def month_sent_back(submission: Submission) -> None:
    window = submission.window
    unit = submission.organisation_id
    _send(
        [
            Condition(
                key=f"{MONTH_SENT_BACK}:{submission.pk}:{submission.version}",
                kind=MONTH_SENT_BACK,
                organisation_id=unit,
                title=_("The figures of %(month)s are sent back for a correction: %(reason)s")
                % {"month": f"{window.period:%Y-%m}", "reason": submission.reason},
                link=reverse("targets:window_detail", kwargs={"window_id": window.pk}),
                recipients=_people([unit], WORKERS).get(unit, set()),
            )
        ]
    )
