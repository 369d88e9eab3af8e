"""Helpers of the fault tests, each run in a `zonetrack` process of its own.

Run as ``python -m tests.ops.faults ACTION [ARGS]`` with an installation's environment:

- ``seed-import N``: a city manager and a checked zone list of N new zones (the preview run
  here), whose import job is put in the queue for a worker; prints JSON;
- ``queue-export``: a zone-list export job in the queue; prints its id;
- ``worker-died JOB``: time passes (the job's heartbeat is old) and the periodic watch runs, as
  it does every five minutes in the worker;
- ``retry JOB``: the owner presses the retry button (the job goes back to the queue);
- ``state JOB``: the job and the zones of the import, as JSON.
"""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import timedelta

PREFIX = "故障区"


def seed_import(rows: int) -> dict[str, object]:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zonetrack.accounts.choices import OrganisationKind, Role
    from zonetrack.accounts.services import membership_set, organisation_create, user_create
    from zonetrack.core import jobs, uploads
    from zonetrack.core.models import JobStatus
    from zonetrack.registry.jobs import IMPORT, PREVIEW

    city = organisation_create(
        actor=None, name="故障市局", kind=OrganisationKind.CITY_BUREAU, parent=None
    )
    manager = user_create(actor=None, username="fault_manager", password="a long password 1")
    membership_set(actor=None, user=manager, organisation=city, role=Role.MANAGER)
    workbook = openpyxl.Workbook()
    workbook.active.append(["开发区名称", "行政区划代码", "规划面积"])
    for n in range(rows):
        workbook.active.append([f"{PREFIX}{n:05d}", "141023", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("zones.xlsx", buffer.getvalue())
    pending = uploads.stash(upload, upload.name, parent=city.pk)
    preview = jobs.start(kind=PREVIEW, owner=manager, title="preview", params=pending, at_once=True)
    assert preview.status == JobStatus.DONE and jobs.can_confirm(preview), preview.message
    job = jobs.start(
        kind=IMPORT,
        owner=manager,
        title="import",
        params={"preview": preview.pk, "name": upload.name},
    )
    return {"job": job.pk, "rows": rows}


def queue_export() -> int:
    from zonetrack.accounts.models import User
    from zonetrack.core import jobs
    from zonetrack.registry.jobs import EXPORT

    owner = User.objects.get(username="fault_manager")
    return jobs.start(kind=EXPORT, owner=owner, title="export", params={"query": ""}).pk


def worker_died(job_id: int) -> None:
    from django.utils import timezone

    from zonetrack.core import jobs
    from zonetrack.core.models import Job

    long_ago = timezone.now() - jobs.STALE_AFTER - timedelta(seconds=1)
    Job.objects.filter(pk=job_id).update(heartbeat_at=long_ago)
    jobs.watch_jobs.call_local()


def retry(job_id: int) -> None:
    from zonetrack.core import jobs
    from zonetrack.core.models import Job

    job = Job.objects.get(pk=job_id)
    assert jobs.can_retry(job), (job.status, job.result)
    assert jobs.retry(job)


def state(job_id: int) -> dict[str, object]:
    import openpyxl
    from django.db.models import Count

    from zonetrack.core import jobs
    from zonetrack.core.models import Job
    from zonetrack.registry.models import Zone

    job = Job.objects.get(pk=job_id)
    zones = Zone.objects.filter(name__startswith=PREFIX)
    rows = None
    if job.file:
        with job.file.open("rb") as file:
            sheet = openpyxl.load_workbook(file, read_only=True).active
            rows = sum(1 for _row in sheet.iter_rows(values_only=True))
    return {
        "status": job.status,
        "result": job.result,
        "attempts": job.attempts,
        "can_retry": jobs.can_retry(job),
        "file_rows": rows,
        "zones": zones.count(),
        "distinct_names": zones.values("name").annotate(n=Count("pk")).count(),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
    import django

    django.setup()
    action, args = sys.argv[1], sys.argv[2:]
    if action == "seed-import":
        print(json.dumps(seed_import(int(args[0]))))
    elif action == "queue-export":
        print(queue_export())
    elif action == "worker-died":
        worker_died(int(args[0]))
    elif action == "retry":
        retry(int(args[0]))
    elif action == "state":
        print(json.dumps(state(int(args[0])), ensure_ascii=False))
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
