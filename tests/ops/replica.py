"""What the replica test observes, run in a `zonetrack` process with DATABASE_URL (the primary)
and DATABASE_REPLICA_URL (its streaming replica) set: ``python -m tests.ops.replica``.

Prints, as JSON, where each kind of read went: the queries each connection ran for a dashboard,
a list page, a detail page, a write and the list page right after it, and a read inside a
transaction.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any


def _queries(action: Callable[[], Any]) -> dict[str, Any]:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        result = action()
    status = getattr(result, "status_code", None)
    return {
        "status": status,
        "primary": [q["sql"] for q in primary.captured_queries],
        "replica": len(replica.captured_queries),
        "replica_sql": " ".join(q["sql"] for q in replica.captured_queries),
    }


def observe() -> dict[str, Any]:
    from django.db import connections, transaction
    from django.test import Client

    from zonetrack.accounts.choices import OrganisationKind, Role
    from zonetrack.accounts.services import membership_set, organisation_create, user_create
    from zonetrack.core.routers import replica_reads
    from zonetrack.projects.models import Project
    from zonetrack.projects.services import project_create
    from zonetrack.registry.choices import ZoneKind, ZoneLevel
    from zonetrack.registry.models import Region
    from zonetrack.registry.services import zone_create

    committee = organisation_create(
        actor=None, name="副本管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=None
    )
    manager = user_create(actor=None, username="replica_manager", password="a long password 1")
    membership_set(actor=None, user=manager, organisation=committee, role=Role.MANAGER)
    zone = zone_create(
        actor=None,
        name="副本区",
        kind=ZoneKind.ETDZ,
        level=ZoneLevel.PROVINCIAL,
        region=Region.objects.get(code="141002"),
        organisation=committee,
        approved_on=date(2006, 3, 8),
        planned_area_km2=Decimal("30.5"),
    )
    project = project_create(
        actor=manager, zone=zone, name="副本项目", total_investment_wan=Decimal("1000")
    )
    # The replica has what the primary committed once it has replayed it (a moment).
    deadline = time.monotonic() + 20
    while not Project.objects.using("replica").filter(pk=project.pk).exists():
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.1)
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        in_recovery = cursor.fetchone()[0]

    client = Client(HTTP_HOST="localhost")
    client.force_login(manager)

    def in_transaction() -> int:
        with replica_reads(), transaction.atomic():
            return Project.objects.filter(pk=project.pk).count()

    def outside_transaction() -> int:
        with replica_reads():
            return Project.objects.filter(pk=project.pk).count()

    facts = {
        "replica_in_recovery": in_recovery,
        "dashboard": _queries(lambda: client.get("/")),
        "project_list": _queries(lambda: client.get("/projects/")),
        "zone_list": _queries(lambda: client.get("/registry/zones/")),
        "project_detail": _queries(lambda: client.get(f"/projects/{project.pk}/")),
        "read_in_transaction": _queries(in_transaction),
        "read_outside_transaction": _queries(outside_transaction),
    }
    # A browser that has just written reads its list from the primary.
    client.post("/jobs/0/retry/")
    facts["project_list_after_write"] = _queries(lambda: client.get("/projects/"))
    return facts


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
    os.environ.setdefault("ZONETRACK_JOBS_IMMEDIATE", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.test import override_settings

    # Pages render without collected static files (as in the suite).
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}):
        print(json.dumps(observe(), ensure_ascii=False))


if __name__ == "__main__":
    main()
