"""Dispatch's alert conditions: overdue milestones, missing monthly reports and overdue
problems, each a ``notices.Condition`` the notices app announces once (in the app, by e-mail,
to webhooks). Its daily steps (escalating overdue problems, refreshing colours) run first, and
its section of the webhooks' daily digest names red projects, overdue problems and reports
owed. All registered here, in the module the notices app imports at start-up.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.notices.conditions import Condition
from zonetrack.notices.delivery import RunResult, register_source, register_step, run_daily
from zonetrack.notices.digest import DigestSection, register_digest_section
from zonetrack.notices.kinds import register_kinds
from zonetrack.notices.models import Webhook
from zonetrack.notices.robots import Item, absolute
from zonetrack.projects.choices import MilestoneStatus, Stage
from zonetrack.projects.models import Milestone, Project
from zonetrack.projects.selectors import owing_report, report_month
from zonetrack.projects.services import report_due

from . import conf, services
from .choices import OPEN_STATUSES, AlertKind, Colour
from .models import ColourStatus, Problem

logger = logging.getLogger(__name__)

BATCH = 2000

__all__ = ["conditions", "run_alerts"]


def _people(*ids: int | None) -> set[int]:
    return {pk for pk in ids if pk}


def _overdue_milestones(today: date) -> list[Condition]:
    grace = conf.grace_days()
    rows = Milestone.objects.filter(
        actual_on__isnull=True,
        status=MilestoneStatus.PLANNED,
        planned_on__lt=today - timedelta(days=grace),
        project__archived_at__isnull=True,
    ).exclude(project__stage=Stage.TERMINATED)
    return [
        Condition(
            key=f"m:{pk}:{planned_on.isoformat()}",
            kind=AlertKind.MILESTONE_OVERDUE,
            organisation_id=organisation_id,
            deadline=planned_on,
            title=_("%(project)s: milestone %(name)s was due on %(date)s.")
            % {"project": project_name, "name": name, "date": planned_on.isoformat()},
            link=f"/projects/{project_id}/",
            recipients=_people(officer, leader),
            figures=[
                (_("Project"), project_name),
                (_("Milestone"), name),
                (_("Due on"), planned_on.isoformat()),
                (_("Days late"), str((today - planned_on).days)),
            ],
        )
        for pk, name, planned_on, project_id, project_name, organisation_id, officer, leader in (
            rows.values_list(
                "pk",
                "name",
                "planned_on",
                "project_id",
                "project__name",
                "project__zone__organisation_id",
                "project__officer_id",
                "project__leader_id",
            ).iterator(chunk_size=BATCH)
        )
    ]


def _missing_reports(today: date) -> list[Condition]:
    """Projects that owe last month's report after its due day — by the one definition of
    owing a report (``projects.selectors.owing_report``) every page counts with."""
    month = report_month(today)
    if today <= report_due(month):
        return []
    projects = owing_report(Project.objects.active(), month)
    label = month.strftime("%Y-%m")
    return [
        Condition(
            key=f"r:{pk}:{label}",
            kind=AlertKind.REPORT_MISSING,
            organisation_id=organisation_id,
            title=_("%(project)s: the monthly report for %(month)s is missing.")
            % {"project": name, "month": label},
            link=f"/projects/{pk}/#reports",
            recipients=_people(officer, leader),
            figures=[(_("Project"), name), (_("Month"), label)],
        )
        for pk, name, organisation_id, officer, leader in projects.values_list(
            "pk", "name", "zone__organisation_id", "officer_id", "leader_id"
        ).iterator(chunk_size=BATCH)
    ]


def _overdue_problems(today: date) -> list[Condition]:
    rows = Problem.objects.filter(
        archived_at__isnull=True, status__in=OPEN_STATUSES, deadline_on__lt=today
    )
    return [
        Condition(
            key=f"p:{pk}:{deadline.isoformat()}",
            kind=AlertKind.PROBLEM_OVERDUE,
            organisation_id=organisation_id,
            deadline=deadline,
            title=_("%(project)s: a problem was due on %(date)s: %(text)s")
            % {"project": project_name, "date": deadline.isoformat(), "text": text[:80]},
            link=f"/dispatch/problems/{pk}/",
            recipients=_people(person, raiser, officer),
            figures=[
                (_("Project"), project_name),
                (_("Deadline"), deadline.isoformat()),
                (_("Days overdue"), str((today - deadline).days)),
            ],
        )
        for pk, deadline, text, project_name, organisation_id, person, raiser, officer in (
            rows.values_list(
                "pk",
                "deadline_on",
                "description",
                "project__name",
                "zone__organisation_id",
                "responsible_person_id",
                "raised_by_id",
                "project__officer_id",
            ).iterator(chunk_size=BATCH)
        )
    ]


def conditions(today: date) -> list[Condition]:
    """Every dispatch condition true on ``today``: overdue milestones, missing monthly reports
    and overdue problems."""
    return [*_overdue_milestones(today), *_missing_reports(today), *_overdue_problems(today)]


def run_alerts(*, today: date | None = None) -> RunResult:
    """The daily alert job (``notices.delivery.run_daily``), by the name dispatch has always
    called it: escalate overdue problems, refresh colours, then announce each new condition of
    every app once."""
    return run_daily(today=today)


def _escalate(today: date) -> int:
    return services.problems_escalate_overdue(today=today)


def _colours(today: date) -> int:
    return services.colours_refresh(today=today)


def _scope(queryset: QuerySet[Any], webhook: Webhook) -> QuerySet[Any]:
    """The rows a webhook hears of: its organisation's own, or its whole subtree."""
    if webhook.covers_below:
        return access.within(queryset, webhook.organisation)
    return queryset.filter(zone__organisation=webhook.organisation_id)


def digest_section(
    webhook: Webhook, found: list[Condition], *, today: date, top: int
) -> DigestSection:
    """Dispatch's part of an organisation's daily digest: red projects, overdue problems and
    reports owed — each a count and the first few with their links."""
    red = _scope(
        ColourStatus.objects.filter(
            milestone__isnull=True, colour=Colour.RED, project__archived_at__isnull=True
        ),
        webhook,
    )
    problems = _scope(
        Problem.objects.filter(
            archived_at__isnull=True, status__in=OPEN_STATUSES, deadline_on__lt=today
        ),
        webhook,
    )
    owed = [f for f in found if f.kind == AlertKind.REPORT_MISSING]
    red_count, problem_count = red.count(), problems.count()
    items = [
        Item(
            _("Red: %(project)s (%(days)s days late)") % {"project": name, "days": days},
            absolute(reverse("projects:project_detail", kwargs={"project_id": pk})),
        )
        for pk, name, days in red.order_by("-days_late", "project_id").values_list(
            "project_id", "project__name", "days_late"
        )[:top]
    ]
    items += [
        Item(
            _("Overdue since %(date)s: %(project)s — %(text)s")
            % {"date": deadline.isoformat(), "project": name, "text": text[:60]},
            absolute(reverse("dispatch:problem_detail", kwargs={"problem_id": pk})),
        )
        for pk, deadline, name, text in problems.order_by("deadline_on", "pk").values_list(
            "pk", "deadline_on", "project__name", "description"
        )[:top]
    ]
    items += [Item(f.title, absolute(f.link)) for f in owed[:top]]
    return DigestSection(
        figures=[
            (_("Red projects"), str(red_count)),
            (_("Overdue problems"), str(problem_count)),
            (_("Reports owed"), str(len(owed))),
        ],
        items=items,
    )


register_kinds(AlertKind)
# Escalate first: the problem rule colours a project by the level its problems reached.
register_step("escalated", _escalate)
register_step("colours_changed", _colours)
register_source("dispatch", conditions)
register_digest_section("dispatch", digest_section, kinds=AlertKind.values)
