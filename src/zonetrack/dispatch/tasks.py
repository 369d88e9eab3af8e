"""Background job of the dispatch app: the hourly colour refresh (its daily alert conditions
run in the notices app's daily job, ``notices.tasks``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import colours_refresh


@db_periodic_task(crontab(minute="20"))
def hourly_colours() -> None:
    """Keep the stored colours current through the day as milestones are reached."""
    colours_refresh()
