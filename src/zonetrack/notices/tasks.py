"""Background job of the notices app: the daily alert run of every app's conditions."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .delivery import run_daily


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_alerts() -> None:
    """Every morning: each app's steps (colours, escalation), then announce what is newly
    late, in every app."""
    run_daily()
