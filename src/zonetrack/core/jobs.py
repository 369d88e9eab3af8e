"""Background jobs: long imports and exports run by the huey consumer, with progress.

An app registers a handler for a kind of job (``@handler("projects.ledger_export")``); a view
calls ``start`` and sends the user to the job's page, which shows a progress bar until the
job is done and then its result and its file. Progress lives in huey's store, not in the
database, so it is visible while the job's own transaction is still open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey.contrib.djhuey import HUEY, db_task

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

# Lists and files larger than this run as background jobs; smaller ones are answered at once.
JOB_ROWS = 3000
# An uploaded spreadsheet above this size is taken to hold more than JOB_ROWS rows.
JOB_BYTES = 200 * 1024


@dataclass
class Progress:
    """Reports how far a job has come: ``step(done, total, stage)``."""

    job_id: int

    def step(self, done: int, total: int, stage: str = "") -> None:
        HUEY.put(_key(self.job_id), {"done": done, "total": total, "stage": stage})


Handler = Callable[[Job, Progress], None]
_HANDLERS: dict[str, Handler] = {}
_TEMPLATES: dict[str, str] = {}


def handler(kind: str, *, template: str = "") -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``. It fills ``job.result`` and may attach
    a file with ``attach``; an exception fails the job with its message. ``template`` shows
    the result on the job's page (it gets ``job`` and ``result``)."""

    def register(function: Handler) -> Handler:
        _HANDLERS[kind] = function
        if template:
            _TEMPLATES[kind] = template
        return function

    return register


def result_template(job: Job) -> str:
    """The template that shows a finished job's result, or "" for none."""
    return _TEMPLATES.get(job.kind, "")


def start(*, kind: str, owner: Any, title: str, params: dict[str, Any]) -> Job:
    """Queue a job for ``owner`` and return it (run at once when jobs run immediately)."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    job = Job.objects.create(kind=kind, owner=owner, title=title[:200], params=params)
    run_job(job.pk)
    job.refresh_from_db()
    return job


def attach(job: Job, name: str, content: File) -> None:
    """Keep ``content`` as the job's downloadable file, offered under ``name``."""
    job.file.save(name, content, save=False)
    job.file_name = name


@db_task()
def run_job(job_id: int) -> None:
    """Run one job; a failure is recorded on the job, never raised into the consumer."""
    job = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).first()
    if job is None:
        return
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        # Messages in the result speak the owner's language, as their pages do.
        with translation.override(getattr(job.owner, "language", "") or settings.LANGUAGE_CODE):
            _HANDLERS[job.kind](job, Progress(job.pk))
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.message = str(exc) or _("The job failed.")
    else:
        job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.save()
    HUEY.get(_key(job.pk))  # a finished job's progress is not needed any more


def progress_of(job: Job) -> dict[str, Any]:
    """``{"done", "total", "percent", "stage"}`` of a job, as far as it has come."""
    if job.status == JobStatus.DONE:
        return {"done": 1, "total": 1, "percent": 100, "stage": ""}
    found = HUEY.get(_key(job.pk), peek=True) or {}
    done, total = found.get("done", 0), found.get("total", 0)
    percent = min(99, round(100 * done / total)) if total else 0
    return {"done": done, "total": total, "percent": percent, "stage": found.get("stage", "")}


def jobs_of(user: Any) -> QuerySet[Job]:
    """The jobs a user sees: their own."""
    if not getattr(user, "pk", None):
        return Job.objects.none()
    return Job.objects.filter(owner=user)


def _key(job_id: int) -> str:
    return f"zonetrack-job-progress-{job_id}"
