"""Background jobs of the dispatch app: the hourly colour refresh and the nightly recount of
problems whose deadline passed (its daily alert conditions run in the notices app's daily
job, ``notices.tasks``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import colours_refresh, deadlines_passed


@db_periodic_task(crontab(minute="20"))
def hourly_colours() -> None:
    """Keep the stored colours current through the day as milestones are reached."""
    colours_refresh()


@db_periodic_task(crontab(hour="0", minute="10"))
def nightly_deadlines() -> None:
    """A deadline passing changes no record: announce the zones of problems left open past it,
    so that the share of problems closed on time counts them."""
    deadlines_passed()
