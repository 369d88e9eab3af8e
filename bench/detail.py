"""Benchmark of a project's page (GET /projects/{id}/) in-process: time, queries and where the
Python time goes (templates, forms), for zone and city managers of the national data or the
demo data of SQLite.

    DATABASE_URL=postgres://…/national python bench/detail.py [--runs 30] [--profile]

Zone managers (load_zone_NN, bench/load.py) may change their projects, so the page carries
every workflow form they may open; city managers see the page as readers mostly do.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.models import User
from zonetrack.projects import permissions
from zonetrack.projects.models import Project
from zonetrack.registry.models import Zone


def _project_of(user: User) -> Project:
    """A project the user may work on, with reports and transitions to show."""
    organisation = user.memberships.get().organisation
    zones = Zone.objects.filter(organisation__path__startswith=organisation.path).values("pk")
    for project in (
        Project.objects.active()
        .filter(zone__in=zones, stage__in=["started", "in_production"])
        .order_by("pk")[:50]
    ):
        if permissions.can_view_project(user, project) and project.reports.count() > 6:
            return project
    raise SystemExit(f"{user.username}: no project with reports")


def _profile(client: object, url: str) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        ok(client.get(url))  # type: ignore[attr-defined]
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    shares = {}
    for name, pattern in (
        ("templates (render)", "template/base.py"),
        ("forms (BoundField, widgets)", "forms/"),
        ("database (execute)", "db/backends/utils.py"),
    ):
        cumulative = max(
            (row[3] for func, row in stats.stats.items() if pattern in func[0]),  # type: ignore[attr-defined]
            default=0.0,
        )
        shares[name] = cumulative
    print(f"  profile of 20 requests: {total * 1000 / 20:.1f} ms each (profiled)")
    for name, seconds in shares.items():
        print(f"    {name:<30}{seconds * 1000 / 20:>8.1f} ms  (largest cumulative frame)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    lines = [
        f"project page benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    table = Table(lines, args.runs)
    users = list(User.objects.filter(username__in=["load_zone_01", "load_city_01"]))
    if not users:  # demo data: any manager
        users = list(User.objects.filter(memberships__role="manager").order_by("pk")[:1])
    for user in users:
        project = _project_of(user)
        clients = signed_in(user)
        client = clients[user.username][0]
        url = f"/projects/{project.pk}/"
        can_change = permissions.can_work_on_project(user, project)
        table.row(
            f"project page, {user.username} ({'changer' if can_change else 'reader'})",
            lambda client=client, url=url: ok(client.get(url)),
        )
        cpu = []
        for _ in range(args.runs):
            start = time.process_time()
            ok(client.get(url))
            cpu.append((time.process_time() - start) * 1000)
        cpu.sort()
        print(f"  CPU of the process per request: median {cpu[len(cpu) // 2]:.1f} ms", flush=True)
        lines.append(f"  CPU of the process per request: median {cpu[len(cpu) // 2]:.1f} ms")
        if args.profile:
            _profile(client, url)


if __name__ == "__main__":
    main()
