"""Background jobs: imports and long exports run by the huey consumer, with progress.

An app registers a handler for a kind of job (``@handler("projects.ledger_export")``); a view
calls ``start`` and sends the user to the job's page, which shows a progress bar until the
job is done and then its result and its file. Progress lives in huey's store, not in the
database, so it is visible while the job's own transaction is still open.

A running job writes a heartbeat; a job whose heartbeat stops (its worker was killed) is found
by ``detect_dead`` — on its page and every few minutes — and failed, and its owner may retry it.
A job runs once per queueing (``run_job`` claims it), and an import writes its plan once
(``claim_plan``), so a retry or a second delivery never doubles an effect. A periodic job (the
daily alerts) runs once per scheduled time however many consumers enqueue it: each consumer's
scheduler enqueues it, and the first to start it claims that time in the queue's storage
(``once_per_schedule``), shared by every consumer (Redis, or the SQLite queue on one machine).
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.api import PeriodicTask, Task
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.exceptions import CancelExecution

from . import uploads
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

# Lists larger than this run as background jobs; smaller ones are answered at once.
JOB_ROWS = 3000
# An import file up to this size is checked and written within the request (the same jobs,
# run at once); a larger one waits in the queue for the consumer.
JOB_BYTES = 200 * 1024
# An import's preview page lists this many rows; its report file holds them all.
ROWS_SHOWN = 1000
# How often a running job's worker says it is alive, and when silence means it died.
HEARTBEAT_SECONDS = 10
STALE_AFTER = timedelta(minutes=2)


class JobRefused(Exception):
    """A job that cannot do what it was asked, for a reason its owner can act on."""


@dataclass
class Progress:
    """Reports how far a job has come: ``step(done, total, stage)``."""

    job_id: int

    def step(self, done: int, total: int, stage: str = "") -> None:
        HUEY.put(_key(self.job_id), {"done": done, "total": total, "stage": stage})


Handler = Callable[[Job, Progress], None]
_HANDLERS: dict[str, Handler] = {}
_TEMPLATES: dict[str, str] = {}
_UNDO: dict[str, Callable[[Job], Any]] = {}


def handler(
    kind: str, *, template: str = "", undo: Callable[[Job], Any] | None = None
) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of ``kind``. It fills ``job.result`` and may attach
    a file with ``attach``; an exception fails the job with its message (having undone its
    writes). ``template`` shows the result on the job's page (it gets ``job`` and ``result``).
    ``undo(job)`` takes back what a job of this kind wrote when its worker died midway."""

    def register(function: Handler) -> Handler:
        _HANDLERS[kind] = function
        if template:
            _TEMPLATES[kind] = template
        if undo is not None:
            _UNDO[kind] = undo
        return function

    return register


def result_template(job: Job) -> str:
    """The template that shows a finished job's result, or "" for none."""
    return _TEMPLATES.get(job.kind, "")


def start(
    *, kind: str, owner: Any, title: str, params: dict[str, Any], at_once: bool = False
) -> Job:
    """Queue a job for ``owner`` and return it. ``at_once`` runs it in this process before
    returning (small imports: the same code as the consumer's, within the request)."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    job = Job.objects.create(kind=kind, owner=owner, title=title[:200], params=params)
    if at_once:
        execute(job.pk)
    else:
        _enqueue(job.pk)
    job.refresh_from_db()
    return job


def attach(job: Job, name: str, content: File) -> None:
    """Keep ``content`` as the job's downloadable file, offered under ``name``."""
    job.file.save(name, content, save=False)
    job.file_name = name


def _enqueue(job_id: int) -> None:
    if HUEY.immediate:
        run_job(job_id)
    else:  # queued once the job's row is committed, so the consumer always finds it
        transaction.on_commit(lambda: run_job(job_id))


@db_task()
def run_job(job_id: int) -> None:
    """The consumer's task: run one job (with a heartbeat while it runs)."""
    execute(job_id, heartbeat=not HUEY.immediate)


def execute(job_id: int, *, heartbeat: bool = False) -> None:
    """Run one queued job; a failure is recorded on the job, never raised. The job is claimed
    by a conditional update first, so a second delivery of the same job does nothing."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        message="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return
    job = Job.objects.select_related("owner").get(pk=job_id)
    beat = _Heartbeat(job.pk) if heartbeat else None
    try:
        # Messages in the result speak the owner's language, as their pages do.
        with translation.override(getattr(job.owner, "language", "") or settings.LANGUAGE_CODE):
            _HANDLERS[job.kind](job, Progress(job.pk))
    except Exception as exc:
        if not isinstance(exc, JobRefused):
            logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.message = str(exc) or _("The job failed.")
        if isinstance(exc, JobRefused):  # retrying would be refused again
            job.result = {**job.result, "refused": True}
        if job.kind in _UNDO:  # a handler's failure has undone its writes already
            job.result = {**job.result, "undone": True}
    else:
        job.status = JobStatus.DONE
    finally:
        if beat is not None:
            beat.stop()
    job.finished_at = timezone.now()
    # Saved only while it is still this run's: a job failed meanwhile as dead stays failed.
    fields = ("status", "message", "result", "file", "file_name", "finished_at", "params")
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
        **{name: getattr(job, name) for name in fields}
    )
    HUEY.get(_key(job.pk))  # a finished job's progress is not needed any more


class _Heartbeat:
    """A thread that stamps the job's heartbeat every HEARTBEAT_SECONDS until stopped."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"job-{job_id}-heartbeat")
        self.thread.daemon = True
        self.thread.start()

    def _run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    beat(self.job_id)
                except Exception:  # a busy database skips one beat; the next one comes
                    logger.warning("heartbeat of job %s failed", self.job_id, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)


def beat(job_id: int) -> None:
    """Say that the running job ``job_id`` is alive."""
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(heartbeat_at=timezone.now())


def _dead(now: datetime) -> Q:
    cutoff = now - STALE_AFTER
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def detect_dead(*, now: datetime | None = None, job: Job | None = None) -> int:
    """Fail the running jobs whose worker stopped beating (killed, or the machine restarted);
    their owners may retry them. Returns how many were found."""
    now = now or timezone.now()
    found = Job.objects.filter(_dead(now))
    if job is not None:
        found = found.filter(pk=job.pk)
    count = found.update(
        status=JobStatus.FAILED,
        finished_at=now,
        message=_("The job stopped: the process running it ended. Retry it."),
    )
    if count:
        logger.warning("%d background job(s) lost their worker and were failed", count)
    return count


def can_retry(job: Job) -> bool:
    """A failed job may be retried, unless it was refused for a reason a retry keeps."""
    return (
        job.status == JobStatus.FAILED and job.kind in _HANDLERS and not job.result.get("refused")
    )


def retry(job: Job, *, at_once: bool = False) -> bool:
    """Queue a failed job again; False when it is not failed (any more). What it already wrote
    is not written again: an import's plan is claimed once."""
    requeued = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED, message="", finished_at=None
    )
    if requeued:
        if at_once:
            execute(job.pk)
        else:
            _enqueue(job.pk)
    return bool(requeued)


@db_periodic_task(crontab(minute="*/5"))
def watch_jobs() -> None:
    """Every five minutes: fail jobs that lost their worker, and take back what they wrote."""
    detect_dead()
    undo_dead()


def undo_dead() -> int:
    """Undo the writes of failed jobs whose worker died midway (not yet undone)."""
    count = 0
    for job in Job.objects.filter(status=JobStatus.FAILED, kind__in=list(_UNDO)).exclude(
        result__has_key="undone"
    ):
        _UNDO[job.kind](job)
        Job.objects.filter(pk=job.pk).update(result={**job.result, "undone": True})
        count += 1
    return count


@db_periodic_task(crontab(minute="23"))
def purge_previews() -> None:
    """Every hour: delete the uploads and plans of previews nobody confirmed within a day."""
    uploads.purge_stale()


# -- periodic jobs: once per scheduled time, however many consumers run -----------------------

# How far back a periodic job's scheduled time is looked for (a day: the longest period used).
_SLOT_LOOKBACK_MINUTES = 24 * 60 + 1
# Redis: set the key to the claimed time only when it is later than the one stored (atomic).
_CLAIM_LUA = """
local current = redis.call('GET', KEYS[1])
if current and current >= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
return 1
"""
_claims_lock = threading.Lock()
_claims: dict[str, str] = {}


def scheduled_slot(task: PeriodicTask, now: datetime) -> datetime:
    """The scheduled time a run of ``task`` at ``now`` belongs to: the latest minute at or before
    ``now`` that its schedule names (a run delayed behind a long import still finds its own)."""
    minute = now.replace(second=0, microsecond=0)
    for _step in range(_SLOT_LOOKBACK_MINUTES):
        if task.validate_datetime(minute):
            return minute
        minute -= timedelta(minutes=1)
    return now.replace(second=0, microsecond=0)


def claim_run(name: str, slot: str, *, storage: Any = None) -> bool:
    """Claim the run of the periodic job ``name`` at ``slot`` (an ISO time); False when a
    consumer claimed it, or a later one, already. One key per job, in the queue's storage
    (``storage``: another queue's, for tests)."""
    storage = storage if storage is not None else HUEY.storage
    key = f"zonetrack-periodic-{name}"
    conn = getattr(storage, "conn", None)
    if storage.__class__.__name__.startswith("Redis") and conn is not None:
        return bool(conn.eval(_CLAIM_LUA, 1, f"{storage.name}:{key}", slot))
    if hasattr(storage, "db") and hasattr(storage, "table_kv"):  # SQLite: one upsert, atomic
        with storage.db(commit=True) as cursor:
            cursor.execute(
                "insert into kv (queue, key, value) values (?, ?, ?) "
                "on conflict (queue, key) do update set value = excluded.value "
                "where kv.value < excluded.value",
                (storage.name, key, slot.encode()),
            )
            return bool(cursor.rowcount)
    with _claims_lock:  # an in-memory queue serves one process only
        if _claims.get(key, "") >= slot:
            return False
        _claims[key] = slot
        return True


@HUEY.pre_execute()
def once_per_schedule(task: Task) -> None:
    """Cancel a periodic job another consumer has run (or is running) for the same scheduled
    time: each consumer's scheduler enqueues it, one run does its work. Jobs run at once (tests,
    scripts) are called on purpose and always run."""
    if HUEY.immediate or not isinstance(task, PeriodicTask):
        return
    slot = scheduled_slot(task, HUEY._get_timestamp()).isoformat()
    if not claim_run(task.name, slot):
        logger.info("periodic job %s of %s already run by another consumer", task.name, slot)
        raise CancelExecution(f"{task.name} of {slot} already run")


# -- plans kept between a preview and its import ----------------------------------------------


def keep_plan(job: Job, plan: Any) -> None:
    """Keep a preview's plan for its import, so confirming does not read the file again. It is
    written and read by this application only, never by a user."""
    path = default_storage.save(
        f"{uploads.FOLDER}/plans/job-{job.pk}.pickle",
        ContentFile(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)),
    )
    job.params = {**job.params, "plan_path": path}


def load_plan(preview: Job) -> Any:
    """The plan a preview kept; JobRefused when it has expired or was deleted."""
    path = preview.params.get("plan_path")
    if not path or not default_storage.exists(path):
        raise JobRefused(_("This preview has expired; upload the file again."))
    with default_storage.open(path, "rb") as stored:
        return pickle.load(stored)  # noqa: S301 - written by keep_plan, never user data


def claim_plan(preview: Job) -> bool:
    """Within the import's transaction: mark the preview's plan as written; False when it was
    already (a retry, a second confirmation), so the caller writes nothing."""
    return bool(
        Job.objects.filter(pk=preview.pk, applied_at__isnull=True).update(applied_at=timezone.now())
    )


def preview_of(job: Job, kind: str) -> Job:
    """The preview job an import job confirms, of the same owner and kind."""
    preview = Job.objects.filter(pk=job.params.get("preview"), owner=job.owner, kind=kind).first()
    if preview is None:
        raise JobRefused(_("This preview has expired; upload the file again."))
    return preview


def can_confirm(preview: Job) -> bool:
    """Whether a finished preview may still be imported: its plan is clean, kept and unused."""
    return (
        preview.status == JobStatus.DONE
        and bool(preview.result.get("ok"))
        and preview.applied_at is None
        and bool(preview.params.get("plan_path"))
        and default_storage.exists(preview.params["plan_path"])
    )


def rows_to_show(rows: list[Any], limit: int = ROWS_SHOWN) -> list[Any]:
    """The rows a preview page lists: all of them, in file order, up to ``limit``; beyond
    that, those with an error or a warning first, then the others, ``limit`` in all."""
    if len(rows) <= limit:
        return rows
    noted = [row for row in rows if row.errors or row.warnings][:limit]
    chosen = {id(row) for row in noted}
    rest = [row for row in rows if id(row) not in chosen][: limit - len(noted)]
    return noted + rest


# -- reading ----------------------------------------------------------------------------------


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
