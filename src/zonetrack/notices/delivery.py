"""Delivering conditions, and the daily alert job that gathers them from every app.

``deliver(conditions, day=...)`` announces each condition once: a condition whose key is
already stored sends nothing. A new one becomes an alert with an in-app notification to each
recipient, one e-mail per person per run (when ZONETRACK_ALERT_EMAIL is on) and webhook
messages (``notices.digest``: one card per alert, or the organisation's daily digest when
there are many, or one list; what no organisation's webhook hears goes to the installation's
fallback, ZONETRACK_ALERT_WEBHOOK).

The daily job (``run_daily``) runs each app's steps (dispatch escalates overdue problems and
refreshes colours first), then each app's conditions, and delivers them together. An app
registers both in its ``alerts`` module, which the notices app imports at start-up, so the
notices app names no other app.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts.models import User

from . import conf, services
from .choices import Channel, DeliveryStatus
from .conditions import Condition
from .digest import announce
from .models import Alert, Webhook
from .robots import validate_webhook_url

logger = logging.getLogger(__name__)

BATCH = 2000

# name -> (day) -> how many rows it changed; run before the conditions are gathered.
_STEPS: dict[str, Callable[[date], int]] = {}
# name -> (day) -> the conditions of that day.
_SOURCES: dict[str, Callable[[date], list[Condition]]] = {}


def register_step(name: str, step: Callable[[date], int]) -> None:
    """Run ``step(day)`` in the daily job before any condition is gathered (e.g. escalating
    overdue problems, which the conditions then read); its count is in the run's result."""
    _STEPS[name] = step


def register_source(name: str, conditions: Callable[[date], list[Condition]]) -> None:
    """Gather ``conditions(day)`` in the daily job; each is delivered once."""
    _SOURCES[name] = conditions


@dataclass
class RunResult:
    """What one run found and sent."""

    alerts: int = 0
    notifications: int = 0
    emails: int = 0
    webhooks: int = 0
    failures: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    # What each registered step changed, by its name.
    steps: dict[str, int] = field(default_factory=dict)


def _new_only(conditions: Sequence[Condition]) -> list[Condition]:
    """Drop the conditions already announced (their key is stored), and repeats in the list."""
    fresh: list[Condition] = []
    seen: set[str] = set()
    for start in range(0, len(conditions), BATCH):
        chunk = conditions[start : start + BATCH]
        known = set(
            Alert.objects.filter(key__in=[c.key for c in chunk]).values_list("key", flat=True)
        )
        for c in chunk:
            if c.key not in known and c.key not in seen:
                seen.add(c.key)
                fresh.append(c)
    return fresh


def _send_emails(fresh: Sequence[Condition]) -> tuple[int, int]:
    """One e-mail per person per run with their new alerts (each its title, and its body when
    it has one)."""
    by_user: dict[int, list[str]] = defaultdict(list)
    for c in fresh:
        line = f"{c.title}\n  {c.body}" if c.body else c.title
        for user_id in sorted(c.recipients):
            by_user[user_id].append(line)
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


def deliver(
    conditions: Sequence[Condition], *, day: date, result: RunResult | None = None
) -> RunResult:
    """Announce each new condition once: in the app, by e-mail and to webhooks. ``conditions``
    is everything found that day (the digest counts what is still true, not only what is
    new)."""
    result = result or RunResult()
    fresh = _new_only(conditions)
    _alerts, notes = services.alerts_record(fresh)
    result.alerts += len(fresh)
    result.notifications += len(notes)
    for c in fresh:
        result.by_kind[c.kind] = result.by_kind.get(c.kind, 0) + 1
    if not fresh:
        return result
    if conf.email_enabled():
        sent, failed = _send_emails(fresh)
        result.emails += sent
        result.failures += failed
    sent, failed = announce(fresh, conditions, today=day)
    result.webhooks += sent
    result.failures += failed
    return result


def run_daily(*, today: date | None = None) -> RunResult:
    """The daily job: every app's steps, then every app's conditions, delivered once each."""
    today = today or timezone.localdate()
    result = RunResult()
    for name, step in _STEPS.items():
        result.steps[name] = step(today)
    found: list[Condition] = []
    for source in _SOURCES.values():
        found += source(today)
    return deliver(found, day=today, result=result)


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
