"""Helpers of the two-server test, each run in a `zonetrack` process of its own.

Run as ``python -m tests.ops.cluster ACTION [ARGS]`` with an installation's environment
(DATABASE_URL, REDIS_URL, ZONETRACK_DATA_DIR):

- ``seed``: a manager with a password, a zone and a project, a failed zone-export job to queue
  again through a server, and a running job whose progress another process writes; prints JSON;
- ``progress JOB DONE TOTAL``: say how far the job has come, as a worker's ``Progress`` does;
- ``enqueue-alerts N``: put the daily alert job in the queue N times, as N consumers'
  schedulers do at 07:00.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from decimal import Decimal

PASSWORD = "two servers, one database"


def seed() -> dict[str, object]:
    from django.utils import timezone

    from zonetrack.accounts.choices import OrganisationKind, Role
    from zonetrack.accounts.services import (
        membership_set,
        organisation_create,
        token_create,
        user_create,
    )
    from zonetrack.core.models import Job, JobStatus
    from zonetrack.projects.services import project_create
    from zonetrack.registry.choices import ZoneKind, ZoneLevel
    from zonetrack.registry.jobs import EXPORT
    from zonetrack.registry.models import Region
    from zonetrack.registry.services import zone_create

    committee = organisation_create(
        actor=None, name="双机管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=None
    )
    manager = user_create(actor=None, username="cluster_manager", password=PASSWORD)
    membership_set(actor=None, user=manager, organisation=committee, role=Role.MANAGER)
    zone = zone_create(
        actor=None,
        name="双机区",
        kind=ZoneKind.ETDZ,
        level=ZoneLevel.PROVINCIAL,
        region=Region.objects.get(code="141002"),
        organisation=committee,
        approved_on=date(2006, 3, 8),
        planned_area_km2=Decimal("30.5"),
    )
    project = project_create(
        actor=manager, zone=zone, name="双机项目", total_investment_wan=Decimal("1000")
    )
    failed = Job.objects.create(
        kind=EXPORT,
        owner=manager,
        title="zone list",
        params={"query": ""},
        status=JobStatus.FAILED,
        message="stopped",
    )
    running = Job.objects.create(
        kind=EXPORT,
        owner=manager,
        title="zone list, running",
        params={"query": ""},
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    return {
        "username": manager.username,
        "password": PASSWORD,
        "token": token_create(user=manager),
        "zone": zone.pk,
        "project": project.pk,
        "version": project.version,
        "failed_job": failed.pk,
        "running_job": running.pk,
    }


def progress(job_id: int, done: int, total: int) -> None:
    from zonetrack.core.jobs import Progress

    Progress(job_id).step(done, total, "第二台服务器可见")


def enqueue_alerts(times: int) -> None:
    from huey.contrib.djhuey import HUEY

    from zonetrack.notices.tasks import daily_alerts

    for _ in range(times):
        HUEY.enqueue(daily_alerts.s())


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
    import django

    django.setup()
    action, args = sys.argv[1], sys.argv[2:]
    if action == "seed":
        print(json.dumps(seed()))
    elif action == "progress":
        progress(*(int(arg) for arg in args))
    elif action == "enqueue-alerts":
        enqueue_alerts(int(args[0]))
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main()
