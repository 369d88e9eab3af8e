"""Background jobs of the dispatch app: the daily alert run and the hourly colour refresh."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .alerts import run_alerts
from .services import colours_refresh


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_alerts() -> None:
    """Every morning: refresh colours, escalate, announce what is newly late."""
    run_alerts()


@db_periodic_task(crontab(minute="20"))
def hourly_colours() -> None:
    """Keep the stored colours current through the day as milestones are reached."""
    colours_refresh()
