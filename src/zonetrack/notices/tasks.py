"""Background job of the notices app: the daily alert run of every app's conditions."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import delivery


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_alerts() -> None:
    """Every morning: each app's steps (colours, escalation), then announce what is newly
    late, in every app."""
    delivery.run_daily()
