"""The background job that computes a ranking of a large group, with progress."""

from __future__ import annotations

from zonetrack.core import jobs
from zonetrack.core.models import Job

COMPUTE = "rankings.compute"
# Groups larger than this compute in the background; smaller ones within the request.
JOB_ORGANISATIONS = 60


@jobs.handler(COMPUTE, template="rankings/includes/compute_job.html")
def run_compute(job: Job, progress: jobs.Progress) -> None:
    """Compute the draft ranking the owner asked for; the result names it."""
    from . import selectors, services

    scheme = selectors.scheme_get(user=job.owner, scheme_id=int(job.params["scheme"]))
    ranking = services.ranking_compute(
        actor=job.owner,
        scheme=scheme,
        period=job.params["period"],
        progress=lambda done, total, stage: progress.step(done, total, stage),
    )
    job.result = {"ranking": ranking.pk, "url": ranking_url(ranking.pk)}


def ranking_url(ranking_id: int) -> str:
    from django.urls import reverse

    return reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking_id})
