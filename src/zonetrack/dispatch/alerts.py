"""The daily alert job: overdue milestones, missing monthly reports and overdue problems
become in-app notifications, and — when configured — e-mails and webhook messages.

Each condition has a key (what and which date), stored with the alert, so it is announced
once: a second run the same day, or the next day while nothing changed, sends nothing.

Webhooks (``Webhook`` rows, edited by the managers of their organisation): an alert goes to
the webhooks of the organisation owning its project's zone, and to those of the organisations
above it that ask for what lies below (``covers_below``). An alert no such webhook hears goes
to the installation's fallback (ZONETRACK_ALERT_WEBHOOK), one list message per run. A webhook
that hears at most ``digest_threshold`` new alerts in a run gets one card per alert; above
that, its organisation's daily digest (red projects, overdue problems, reports owed: counts
and the first few, each a link) — once a day, a sent digest is recorded — or, with the digest
switched off, one list message.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import User
from zonetrack.projects.choices import MilestoneStatus, Stage
from zonetrack.projects.models import Milestone, Project
from zonetrack.projects.selectors import owing_report, report_month
from zonetrack.projects.services import report_due

from . import conf, services
from .choices import OPEN_STATUSES, AlertKind, Channel, DeliveryStatus
from .digest import announce
from .models import Alert, Notification, Problem, Webhook
from .robots import post_webhook, validate_webhook_url

logger = logging.getLogger(__name__)

BATCH = 2000

__all__ = ["RunResult", "post_webhook", "run_alerts", "settings_problems", "validate_webhook_url"]


@dataclass
class Candidate:
    key: str
    kind: str
    zone_id: int
    project_id: int
    text: str
    url: str
    recipients: set[int] = field(default_factory=set)
    # The key figures a chat card shows (label, value).
    figures: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RunResult:
    """What one run found and sent."""

    alerts: int = 0
    notifications: int = 0
    emails: int = 0
    webhooks: int = 0
    failures: int = 0
    escalated: int = 0
    colours_changed: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def _people(*ids: int | None) -> set[int]:
    return {pk for pk in ids if pk}


def _overdue_milestones(today: date) -> list[Candidate]:
    grace = conf.grace_days()
    rows = Milestone.objects.filter(
        actual_on__isnull=True,
        status=MilestoneStatus.PLANNED,
        planned_on__lt=today - timedelta(days=grace),
        project__archived_at__isnull=True,
    ).exclude(project__stage=Stage.TERMINATED)
    return [
        Candidate(
            key=f"m:{pk}:{planned_on.isoformat()}",
            kind=AlertKind.MILESTONE_OVERDUE,
            zone_id=zone_id,
            project_id=project_id,
            text=_("%(project)s: milestone %(name)s was due on %(date)s.")
            % {"project": project_name, "name": name, "date": planned_on.isoformat()},
            url=f"/projects/{project_id}/",
            recipients=_people(officer, leader),
            figures=[
                (_("Project"), project_name),
                (_("Milestone"), name),
                (_("Due on"), planned_on.isoformat()),
                (_("Days late"), str((today - planned_on).days)),
            ],
        )
        for pk, name, planned_on, project_id, project_name, zone_id, officer, leader in (
            rows.values_list(
                "pk",
                "name",
                "planned_on",
                "project_id",
                "project__name",
                "project__zone_id",
                "project__officer_id",
                "project__leader_id",
            ).iterator(chunk_size=BATCH)
        )
    ]


def _missing_reports(today: date) -> list[Candidate]:
    """Projects that owe last month's report after its due day — by the one definition of
    owing a report (``projects.selectors.owing_report``) every page counts with."""
    month = report_month(today)
    if today <= report_due(month):
        return []
    projects = owing_report(Project.objects.active(), month)
    label = month.strftime("%Y-%m")
    return [
        Candidate(
            key=f"r:{pk}:{label}",
            kind=AlertKind.REPORT_MISSING,
            zone_id=zone_id,
            project_id=pk,
            text=_("%(project)s: the monthly report for %(month)s is missing.")
            % {"project": name, "month": label},
            url=f"/projects/{pk}/#reports",
            recipients=_people(officer, leader),
            figures=[(_("Project"), name), (_("Month"), label)],
        )
        for pk, name, zone_id, officer, leader in projects.values_list(
            "pk", "name", "zone_id", "officer_id", "leader_id"
        ).iterator(chunk_size=BATCH)
    ]


def _overdue_problems(today: date) -> list[Candidate]:
    rows = Problem.objects.filter(
        archived_at__isnull=True, status__in=OPEN_STATUSES, deadline_on__lt=today
    )
    return [
        Candidate(
            key=f"p:{pk}:{deadline.isoformat()}",
            kind=AlertKind.PROBLEM_OVERDUE,
            zone_id=zone_id,
            project_id=project_id,
            text=_("%(project)s: a problem was due on %(date)s: %(text)s")
            % {"project": project_name, "date": deadline.isoformat(), "text": text[:80]},
            url=f"/dispatch/problems/{pk}/",
            recipients=_people(person, raiser, officer),
            figures=[
                (_("Project"), project_name),
                (_("Deadline"), deadline.isoformat()),
                (_("Days overdue"), str((today - deadline).days)),
            ],
        )
        for pk, deadline, text, project_id, project_name, zone_id, person, raiser, officer in (
            rows.values_list(
                "pk",
                "deadline_on",
                "description",
                "project_id",
                "project__name",
                "zone_id",
                "responsible_person_id",
                "raised_by_id",
                "project__officer_id",
            ).iterator(chunk_size=BATCH)
        )
    ]


def _new_only(candidates: list[Candidate]) -> list[Candidate]:
    """Drop the conditions already announced (their key is stored)."""
    fresh: list[Candidate] = []
    for start in range(0, len(candidates), BATCH):
        chunk = candidates[start : start + BATCH]
        known = set(
            Alert.objects.filter(key__in=[c.key for c in chunk]).values_list("key", flat=True)
        )
        fresh += [c for c in chunk if c.key not in known]
    return fresh


def _send_emails(notes: list[Notification]) -> tuple[int, int]:
    """One e-mail per person per run with their new alerts."""
    by_user: dict[int, list[str]] = defaultdict(list)
    for note in notes:
        by_user[note.user_id].append(note.text)
    sent = failed = 0
    users = User.objects.filter(pk__in=list(by_user), is_active=True).exclude(email="")
    for user in users.only("pk", "email"):
        lines = by_user[user.pk]
        subject = _("zonetrack: %(n)s new alerts") % {"n": len(lines)}
        body = "\n".join(lines[:200])
        status, error = DeliveryStatus.SENT, ""
        try:
            send_mail(subject, body, None, [user.email])
            sent += 1
        except Exception as exc:  # a mail server's failure must not stop the job
            status, error = DeliveryStatus.FAILED, str(exc)[:1000]
            failed += 1
        services.delivery_record(
            channel=Channel.EMAIL,
            target=user.email,
            payload={"n": len(lines)},
            status=status,
            attempts=1,
            last_error=error,
        )
    return sent, failed


def run_alerts(*, today: date | None = None) -> RunResult:
    """The daily job: escalate overdue problems, refresh colours, then announce each new
    condition once (in the app, and by e-mail and webhook when configured)."""
    today = today or timezone.localdate()
    result = RunResult()
    # Escalate first: the problem rule colours a project by the level its problems reached.
    result.escalated = services.problems_escalate_overdue(today=today)
    result.colours_changed = services.colours_refresh(today=today)
    candidates = [
        *_overdue_milestones(today),
        *_missing_reports(today),
        *_overdue_problems(today),
    ]
    fresh = _new_only(candidates)
    _alerts, notes = services.alerts_record(fresh)
    result.alerts = len(fresh)
    result.notifications = len(notes)
    for c in fresh:
        result.by_kind[c.kind] = result.by_kind.get(c.kind, 0) + 1
    if not fresh:
        return result
    if conf.email_enabled():
        result.emails, failed = _send_emails(notes)
        result.failures += failed
    result.webhooks, failed = announce(fresh, candidates, today=today)
    result.failures += failed
    return result


def settings_problems() -> list[str]:
    """What is wrong with the alert configuration (shown to administrators)."""
    problems = []
    url = conf.webhook_url()
    if url and (error := validate_webhook_url(url)):
        problems.append(error)
    hooked = conf.webhook_url() or Webhook.objects.active().filter(is_active=True).exists()
    if hooked and not conf.site_url():
        problems.append(
            _("ZONETRACK_SITE_URL is not set: the links in chat messages cannot open zonetrack.")
        )
    if conf.email_enabled() and not getattr(settings, "EMAIL_HOST", ""):
        problems.append(_("E-mail alerts are on but no mail server is configured."))
    return problems
