"""Background jobs of the notices app: the daily alert run of every app's conditions, and the
scheduled delivery of subscriptions. Each runs once per scheduled time however many consumers
run (``core.jobs.once_per_schedule``)."""

from __future__ import annotations

from datetime import time

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import delivery, scheduled

# When the day's subscriptions are delivered (the zones' time).
SUBSCRIPTIONS_AT = time(6, 30)


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_alerts() -> None:
    """Every morning: each app's steps (colours, escalation), then announce what is newly
    late, in every app."""
    delivery.run_daily()


@db_periodic_task(crontab(hour="6", minute="30"))
def subscription_deliveries() -> None:
    """Every morning at 06:30: deliver the subscriptions due today (each once)."""
    scheduled.deliver_due()


@db_periodic_task(crontab(minute="5-59/10"))
def subscription_files() -> None:
    """Every ten minutes: send the deliveries whose pack has been made (or fail them with
    their job); and, after 06:30, deliver what is due today and was not yet — a consumer that
    was down at 06:30, a subscription added or switched on later in its day."""
    scheduled.send_finished()
    if timezone.localtime().time() >= SUBSCRIPTIONS_AT:
        scheduled.deliver_due()
