"""Benchmark of the project lists and the pipeline at national scale, per kind of user.

Reads the nation bench/national.py made in this database (2,700 zones, a million projects, ten
million monthly reports; it does not make one, nor migrate the database), then measures
server time in-process with Django's test client for a province, a city and a zone manager:
the /projects/ page (whole scope, one zone, a cluster, a key-project flag), GET /api/projects
with the same filters, and GET /api/pipeline (whole scope and filtered), each timed in turns
with a bare authenticated endpoint doing one primary-key lookup (GET /api/me): "× me" is the
ratio of their medians, which holds better than either alone on a machine shared with others.
Output: bench/results/projects-national.txt (or the file --out names).

    DATABASE_URL=postgres://…/national python bench/projects_national.py [--runs 15] [--only 'city']

PGOPTIONS (libpq's) set in the environment applies to the measured sessions, for what-if runs
of planner settings; the results file records it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from measure import ok, signed_in
from national import Nation, database_size, existing_nation
from overviews import _revision

from zonetrack.accounts.models import User
from zonetrack.projects.models import ProgressReport, Project
from zonetrack.registry.models import Cluster, Zone

HEADER = (
    f"{'measurement':<58}{'median ms':>10}{'p90 ms':>9}{'cpu ms':>8}{'me ms':>7}{'× me':>7}"
    f"{'queries':>9}"
)


class Table:
    """Rows of measurements, each timed in turns with the baseline (GET /api/me): one call of
    each per run, so that both meet the same load of a shared machine, and the ratio of their
    medians is the row's cost in units of the bare authenticated request."""

    def __init__(
        self, lines: list[str], runs: int, baseline: Callable[[], object], match: str = ""
    ) -> None:
        self.lines, self.runs, self.baseline, self.match = lines, runs, baseline, match
        self.queries: dict[str, list[tuple[float, str]]] = {}

    def row(self, label: str, call: Callable[[], object]) -> float:
        if self.match and self.match not in label and not label.startswith("baseline"):
            return 0.0
        for _ in range(2):
            self.baseline()
            call()
        walls, cpus, mes = [], [], []
        for _ in range(self.runs):
            start = time.perf_counter()
            self.baseline()
            mes.append((time.perf_counter() - start) * 1000)
            wall, cpu = time.perf_counter(), time.process_time()
            call()
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        with CaptureQueriesContext(connection) as captured:
            call()
        self.queries[label] = sorted(
            ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries),
            reverse=True,
        )
        walls.sort()
        median, me = statistics.median(walls), statistics.median(mes)
        p90 = walls[max(0, int(len(walls) * 0.9) - 1)]
        self.lines.append(
            f"{label:<58}{median:>10.1f}{p90:>9.1f}{statistics.median(cpus):>8.1f}"
            f"{me:>7.1f}{median / me:>7.1f}{len(captured):>9}"
        )
        print(self.lines[-1], flush=True)
        return median


# The zone manager whose list the load test found slowest (768 ms for ~150 started projects).
LOAD_ZONE_MANAGER = "load_zone_01"


def _cluster_code() -> str:
    """The most common cluster: its filter keeps the most rows (the hardest case)."""
    found = (
        Cluster.objects.annotate(n=Count("projects"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
    )
    return str(found)


def _rows(
    table: Table, label: str, client: Any, auth: dict[str, str], zone_id: int, cluster: str
) -> None:
    """The rows of one kind of user."""

    def get(path: str, **params: Any) -> Callable[[], object]:
        return lambda: ok(client.get(path, params, headers=auth))

    def page(**params: Any) -> Callable[[], object]:
        return lambda: ok(client.get("/projects/", params))

    table.row(f"{label}: /projects/ page", page())
    table.row(f"{label}: /projects/?zone=…", page(zone=zone_id))
    table.row(f"{label}: /projects/?cluster=…", page(cluster=cluster))
    table.row(f"{label}: /projects/?key=provincial", page(key="provincial"))
    table.row(f"{label}: /projects/?stage=started&key=city", page(stage="started", key="city"))
    table.row(f"{label}: GET /api/projects", get("/api/projects"))
    table.row(f"{label}: GET /api/projects?stage=started", get("/api/projects", stage="started"))
    table.row(f"{label}: GET /api/projects?zone=…", get("/api/projects", zone=zone_id))
    table.row(f"{label}: GET /api/projects?cluster=…", get("/api/projects", cluster=cluster))
    table.row(f"{label}: GET /api/projects?key=city", get("/api/projects", key="city"))
    table.row(f"{label}: GET /api/pipeline", get("/api/pipeline"))
    table.row(f"{label}: GET /api/pipeline?cluster=…", get("/api/pipeline", cluster=cluster))
    table.row(f"{label}: GET /api/pipeline?key=provincial", get("/api/pipeline", key="provincial"))
    table.row(f"{label}: /projects/board/", lambda: ok(client.get("/projects/board/")))
    table.row(f"{label}: /projects/board/?cluster=…", page_board(client, cluster=cluster))
    table.row(f"{label}: /projects/board/?key=provincial", page_board(client, key="provincial"))


def page_board(client: Any, **params: Any) -> Callable[[], object]:
    """The pipeline board (five columns of cards) with these filters."""
    return lambda: ok(client.get("/projects/board/", params))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", default="projects-national.txt")
    parser.add_argument("--only", default="", help="measure only rows of this kind of user")
    parser.add_argument("--match", default="", help="measure only rows whose label has this")
    args = parser.parse_args()
    # No migrate here: the national database is shared; bench/national.py makes it.
    call_command("collectstatic", interactive=False, verbosity=0)
    data: Nation | None = existing_nation()
    if data is None:
        sys.exit("no national data in this database: run bench/national.py first")
    cluster = _cluster_code()
    load_at_start = os.getloadavg()[0]
    kinds = [
        ("province manager", data.manager, data.province),
        ("city manager", data.city_manager, data.city),
        ("zone manager", data.zone_manager, data.zone.organisation),
    ]
    load_zone = User.objects.filter(username=LOAD_ZONE_MANAGER).first()
    if load_zone is not None:
        kinds.append(("load test's zone manager", load_zone, None))
    scope = []
    for label, user, organisation in kinds:
        path = (
            organisation.path
            if organisation is not None
            else user.memberships.select_related("organisation").first().organisation.path
        )
        zones = Zone.objects.filter(organisation__path__startswith=path)
        projects = Project.objects.filter(zone__in=zones).count()
        scope.append(f"{label} {user.username}: {zones.count()} zones, {projects} projects")
    lines = [
        f"zonetrack project lists benchmark — {connection.vendor}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, {timezone.localdate():%Y-%m-%d}",
        f"data: {Zone.objects.count()} zones, {Project.objects.count()} projects, "
        f"{ProgressReport.objects.count()} monthly reports, database {database_size()}",
        f"code: {_revision()}"
        + (
            f"; sessions with PGOPTIONS='{os.environ['PGOPTIONS']}'"
            if "PGOPTIONS" in os.environ
            else ""
        ),
        "measured: " + "; ".join(scope) + f"; cluster filter {cluster}",
        "",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    users = [user for _label, user, _org in kinds]
    clients = signed_in(*users)
    first, first_auth = clients[users[0].username]
    table = Table(
        lines, args.runs, lambda: ok(first.get("/api/me", headers=first_auth)), args.match
    )
    table.row(
        "baseline: GET /api/me (token auth + one user lookup)",
        lambda: ok(first.get("/api/me", headers=first_auth)),
    )
    for label, user, _organisation in kinds:
        if args.only and args.only not in label:
            continue
        client, auth = clients[user.username]
        zone_id = (
            Zone.objects.filter(
                organisation__path__startswith=user.memberships.first().organisation.path
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if label.startswith("load"):
            table.row(
                f"{label}: GET /api/projects?stage=started",
                lambda c=client, a=auth: ok(
                    c.get("/api/projects", {"stage": "started"}, headers=a)
                ),
            )
            table.row(f"{label}: /projects/ page", lambda c=client: ok(c.get("/projects/")))
            continue
        _rows(table, label, client, auth, zone_id, cluster)
    lines.append(
        "machine load average (1 min) at the start {:.1f}, at the end {:.1f} ({} cores{})".format(
            load_at_start,
            os.getloadavg()[0],
            os.cpu_count(),
            ", shared with other work" if max(load_at_start, os.getloadavg()[0]) > 1.5 else "",
        )
    )
    lines += ["", "Slowest queries of each row (ms, one run):"]
    for label, found in table.queries.items():
        if label.startswith("baseline"):
            continue
        lines.append(f"  {label}:")
        for ms, sql in found[:2]:
            lines.append(f"    {ms:7.1f}  {sql[:240]}")
    text = "\n".join(lines)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / args.out).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
