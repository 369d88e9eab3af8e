"""Background jobs of the dashboards: the nightly recount of the cockpits' kept figures."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import rollup_rebuild


@db_periodic_task(crontab(hour="0", minute="40"))
def nightly_rollups() -> None:
    """A new month asks every started project for its report, which no write announces:
    recount every zone's figures once a night (a job bounded by the zones, never a page's)."""
    rollup_rebuild()
