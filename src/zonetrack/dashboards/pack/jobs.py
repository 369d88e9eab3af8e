"""The monthly pack's background job, registered with core's jobs wherever Django runs (the
web server and the consumer alike): ``dashboards.models`` imports this package's models, and
the package imports this module. The work itself is ``services.run_pack``, imported when a job
runs."""

from __future__ import annotations

from zonetrack.core import jobs
from zonetrack.core.models import Job

KIND = "dashboards.pack"


@jobs.handler(KIND, template="dashboards/pack/pack_job.html")
def run(job: Job, progress: jobs.Progress) -> None:
    from .services import run_pack

    run_pack(job, progress)
