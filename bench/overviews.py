"""Benchmark of the cockpits (驾驶舱) at national scale: a province's, a city's and a zone's
cockpit page, the overview API, the cockpits' kept figures refreshed after one stage move, and
the monthly pack of a province.

Reads the nation bench/national.py made in this database (2,700 zones, a million projects, ten
million monthly reports; generated first when there is none, or without --reuse), then measures
server time in-process with Django's test client next to a bare authenticated endpoint doing
one primary-key lookup (GET /api/me) measured in the same run. Output:
bench/results/overviews.txt.

    DATABASE_URL=postgres://…/national python bench/overviews.py --reuse [--runs 20]

With --province-scale, one province of 300 zones and 50,000 projects (half a million monthly
reports) instead, made once in a data directory of its own (SQLite unless DATABASE_URL says
otherwise) and reused with --reuse; only the cockpits are measured:

    python bench/overviews.py --province-scale --reuse --runs 20

(results in bench/results/overviews-province.txt; --output - prints them only)
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
# A province's scale (--province-scale): sizes, and a data directory kept for --reuse.
PROVINCE_SCALE = {"zones": 300, "projects": 50_000, "reports": 500_000, "cities": 13}
if "--province-scale" in sys.argv:
    os.environ.setdefault(
        "ZONETRACK_DATA_DIR", str(Path(tempfile.gettempdir()) / "zonetrack-bench-province")
    )
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from measure import ok, signed_in
from national import PASSWORD, Nation, database_size, existing_nation, generate_nation

from zonetrack.dashboards.cockpit import default_period
from zonetrack.projects import services as project_services
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project
from zonetrack.projects.services import projects_changed, projects_changing
from zonetrack.registry.models import Zone

HEADER = f"{'measurement':<58}{'median ms':>10}{'p90 ms':>9}{'cpu ms':>8}{'× me':>7}{'queries':>9}"


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median and 90th percentile of wall time, and median CPU time of this process (the
    server's own work, without the database's), in ms, after two warm-up calls."""
    for _ in range(2):
        call()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    walls.sort()
    return (
        statistics.median(walls),
        walls[max(0, int(len(walls) * 0.9) - 1)],
        statistics.median(cpus),
    )


class Table:
    """Rows of measurements with their ratio to the first (the baseline), printed as they come
    and kept in ``lines``; the slowest queries of each row in ``queries``."""

    def __init__(self, lines: list[str], runs: int) -> None:
        self.lines, self.runs = lines, runs
        self.baseline: float | None = None
        self.queries: dict[str, list[tuple[float, str]]] = {}

    def row(self, label: str, call: Callable[[], object], runs: int | None = None) -> float:
        median, p90, cpu = timed(call, runs or self.runs)
        with CaptureQueriesContext(connection) as captured:
            call()
        self.queries[label] = sorted(
            ((float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries),
            reverse=True,
        )
        self.baseline = self.baseline or median
        self.lines.append(
            f"{label:<58}{median:>10.1f}{p90:>9.1f}{cpu:>8.1f}"
            f"{median / self.baseline:>7.1f}{len(captured):>9}"
        )
        print(self.lines[-1], flush=True)
        return median


class _Undo(Exception):
    """Raised to roll a measured write back."""


@contextmanager
def _rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _Undo
    except _Undo:
        pass


@contextmanager
def _receivers_timed(spent: dict[str, list[float]]) -> Iterator[None]:
    """Each receiver of ``projects_changed`` timed on its own (ms, by its module), so the kept
    figures' refresh is measured apart from the rest of the write; the notes they take before
    the write (``projects_changing``) are added to their module's time."""
    saved = []
    for signal in (projects_changed, projects_changing):
        live, _async = signal._live_receivers(Project)
        saved.append((signal, list(signal.receivers)))
        signal.receivers = []
        signal.sender_receivers_cache.clear()
        for receiver in live:
            name = getattr(receiver, "__module__", "?").removeprefix("zonetrack.")
            signal.connect(
                _timing(receiver, name, spent),
                weak=False,
                dispatch_uid=f"timed.{name}.{receiver.__name__}",
            )
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def _timing(receiver: Any, name: str, spent: dict[str, list[float]]) -> Callable[..., Any]:
    """``receiver``, adding its time to the last entry of ``spent[name]`` when it notes before a
    write, and opening a new entry when it refreshes after one."""
    noting = receiver.__name__ in ("rollup_note", "projects_noted")

    @functools.wraps(receiver)  # the notes are handed back by the receiver they came from
    def timing(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return receiver(*args, **kwargs)
        finally:
            took = (time.perf_counter() - start) * 1000
            parts = spent.setdefault(name, [])
            if noting:
                _pending[name] = _pending.get(name, 0.0) + took
            else:
                parts.append(took + _pending.pop(name, 0.0))

    return timing


_pending: dict[str, float] = {}  # time noted before a write, not yet added to its refresh


def _stage_move(project: Project, actor: Any) -> Callable[[], object]:
    """One claim of a start (signed → started) dated today, as the project page makes it."""

    def move() -> object:
        fresh = Project.objects.get(pk=project.pk)
        return project_services.project_transition(
            actor=actor, project=fresh, to_stage=Stage.STARTED, happened_on=timezone.localdate()
        )

    return move


def _move_rows(lines: list[str], label: str, zone: Zone, actor: Any, runs: int) -> None:
    """The whole write of one stage move, and the receivers' part of it, over ``runs`` moves
    each rolled back."""
    project = (
        Project.objects.active()
        .filter(zone=zone, stage=Stage.SIGNED, signed_on__lte=timezone.localdate())
        .order_by("pk")
        .first()
    )
    if project is None:
        lines.append(f"{label}: no signed project to move")
        return
    move = _stage_move(project, actor)
    whole: list[float] = []
    spent: dict[str, list[float]] = {}
    queries = 0
    with _receivers_timed(spent):
        for n in range(runs + 2):
            with _rolled_back(), CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                move()
                took = (time.perf_counter() - start) * 1000
            if n >= 2:  # two warm-up moves
                whole.append(took)
                queries = len(captured)
    for parts in spent.values():
        del parts[:2]
    projects = Project.objects.filter(zone=zone).count()
    lines.append(
        f"{label} ({zone.name}, {projects} projects): whole write median "
        f"{statistics.median(whole):.1f} ms, {queries} queries; of it "
        + ", ".join(
            f"{name} {statistics.median(ms):.1f} ms" for name, ms in sorted(spent.items()) if ms
        )
    )
    print(lines[-1], flush=True)


def _pack(lines: list[str], nation: Nation, period: date) -> None:
    """The monthly pack of the measured province and of its city, when the dashboards app
    makes one: run as its job runs (``core.jobs.execute``), timed, then again traced for the
    peak of Python's memory (tracing slows Python several times, so that run is not timed)."""
    try:
        from zonetrack.dashboards.pack import services as pack
    except ImportError:
        lines.append("monthly pack: not in this checkout")
        return
    if not callable(getattr(pack, "pack_start", None)):
        lines.append("monthly pack: no pack_start in zonetrack.dashboards.pack.services")
        return
    from zonetrack.core import jobs

    for user, organisation in (
        (nation.city_manager, nation.city),
        (nation.manager, nation.province),
    ):
        zones = Zone.objects.active().filter(organisation__path__startswith=organisation.path)
        job = pack.pack_start(actor=user, organisation=organisation, period=period)
        start = time.perf_counter()
        jobs.execute(job.pk)
        seconds = time.perf_counter() - start
        job.refresh_from_db()
        if job.status != "done":
            lines.append(f"monthly pack of {organisation.name}: {job.status} — {job.message}")
            print(lines[-1], flush=True)
            continue
        traced = pack.pack_start(actor=user, organisation=organisation, period=period)
        tracemalloc.start()
        jobs.execute(traced.pk)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        sizes = ", ".join(
            f"{kind} {default_storage.size(name) / 1e6:.1f} MB"
            for kind, name in pack.pack_files(job).items()
        )
        rows = (job.result or {}).get("rows") or {}
        lines.append(
            f"monthly pack of {organisation.name} ({zones.count()} zones): {seconds:.1f} s, "
            f"peak Python memory {peak:.0f} MB (a second, traced run); {sizes}; rows {rows}"
        )
        print(lines[-1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--zones", type=int, default=2700)
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=10_000_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the nation a previous run generated in this database, if there is one",
    )
    parser.add_argument(
        "--province-scale",
        action="store_true",
        help="measure the cockpits of one province of 300 zones and 50,000 projects",
    )
    parser.add_argument(
        "--only",
        choices=["cockpits"],
        help="measure only the cockpit pages and requests (no stage moves, no monthly pack)",
    )
    parser.add_argument(
        "--output",
        help='where to write the results ("-" for nowhere: printed only); by default '
        "bench/results/overviews.txt, or overviews-province.txt with --province-scale",
    )
    args = parser.parse_args()
    results = "overviews-province.txt" if args.province_scale else "overviews.txt"
    args.output = args.output or str(ROOT / "bench" / "results" / results)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    sizes: dict[str, int] = {"zones": args.zones, "projects": args.projects}
    sizes["reports"] = args.reports
    if args.province_scale:
        sizes, args.only = {**PROVINCE_SCALE, "provinces": 1}, "cockpits"
    data = (existing_nation() if args.reuse else None) or generate_nation(**sizes)
    period = default_period()
    province_zones = Zone.objects.filter(organisation__path__startswith=data.province.path)
    city_zones = Zone.objects.filter(organisation__path__startswith=data.city.path)
    lines = [
        f"zonetrack overviews benchmark — {connection.vendor}, Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, {timezone.localdate():%Y-%m-%d}",
        f"data: {Zone.objects.count()} zones in {len(data.provinces)} provinces, "
        f"{Project.objects.count()} projects, {ProgressReport.objects.count()} monthly reports, "
        f"database {database_size()} "
        + (f"(generated in {data.seconds:.0f} s)" if data.seconds else "(generated earlier)"),
        f"code: {_revision()}",
        f"measured: {data.province.name} ({province_zones.count()} zones), {data.city.name} "
        f"({city_zones.count()} zones), {data.zone.name}; period {period:%Y-%m}",
        "",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    clients = signed_in(data.manager, data.city_manager, data.zone_manager)
    province, province_auth = clients[data.manager.username]
    city, _city_auth = clients[data.city_manager.username]
    zone, _zone_auth = clients[data.zone_manager.username]
    table = Table(lines, args.runs)

    def page(organisation_id: int) -> str:
        return reverse("dashboards:cockpit", kwargs={"organisation_id": organisation_id})

    table.row(
        "baseline: GET /api/me (token auth + one user lookup)",
        lambda: ok(province.get("/api/me", headers=province_auth)),
    )
    table.row(
        "province cockpit page, province manager", lambda: ok(province.get(page(data.province.pk)))
    )
    table.row("city cockpit page, city manager", lambda: ok(city.get(page(data.city.pk))))
    table.row(
        "zone cockpit page, zone manager",
        lambda: ok(zone.get(page(data.zone.organisation_id))),
    )
    table.row(
        "province cockpit's map (its zones' target colours, fetched apart)",
        lambda: ok(province.get(f"/overview/{data.province.pk}/map.json")),
    )
    overview = f"/api/overview?organisation={data.province.pk}&period={period:%Y-%m}"
    table.row(
        "GET /api/overview, province, period",
        lambda: ok(province.get(overview, headers=province_auth)),
    )
    # Query counts stay the same whatever the number of zones: another province's cockpit.
    other = max(
        data.provinces,
        key=lambda p: Zone.objects.filter(organisation__path__startswith=p.path).count(),
    )
    if other.pk != data.province.pk:
        n = Zone.objects.filter(organisation__path__startswith=other.path).count()
        other_client, _auth = signed_in(_manager_of(other))["national_largest"]
        table.row(
            f"province cockpit page, largest province ({n} zones)",
            lambda: ok(other_client.get(page(other.pk))),
        )
    lines.append("")
    if args.only != "cockpits":
        _writes_and_pack(lines, data, period, args.runs)
    lines += ["", "Slowest queries of each page (ms, one run):"]
    for label, found in table.queries.items():
        if label.startswith("baseline"):
            continue
        lines.append(f"  {label}:")
        for ms, sql in found[:3]:
            lines.append(f"    {ms:7.1f}  {sql[:300]}")
    text = "\n".join(lines)
    print("\n".join(lines[lines.index("Slowest queries of each page (ms, one run):") :]))
    if args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text + "\n", "utf-8")


def _writes_and_pack(lines: list[str], data: Nation, period: date, runs: int) -> None:
    """The kept figures after one stage move (the zone manager's zone, and the largest zone),
    and the province's monthly pack."""
    largest = Zone.objects.annotate(n=Count("projects")).order_by("-n", "pk").first() or data.zone
    _move_rows(lines, "stage move, signed → started", data.zone, data.zone_manager, runs)
    superuser = _superuser()
    _move_rows(lines, "stage move in the largest zone", largest, superuser, runs)
    lines.append("")
    _pack(lines, data, period)


def _revision() -> str:
    """The commit measured, and whether src/ had changes not yet committed."""
    import subprocess

    def git(*args: str) -> str:
        found = subprocess.run(  # noqa: S603 - git on the benchmark's own checkout
            ["git", *args],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        return found.stdout.strip()

    dirty = git("status", "--porcelain", "--", "src")
    return git("rev-parse", "--short", "HEAD") + (
        " with uncommitted changes in src/" if dirty else ""
    )


def _manager_of(organisation: Any) -> Any:
    """A manager of another province (made once, kept for the next runs)."""
    from zonetrack.accounts.choices import Role
    from zonetrack.accounts.models import User
    from zonetrack.accounts.services import membership_set, user_create

    found = User.objects.filter(username="national_largest").first()
    if found is None:
        found = user_create(actor=None, username="national_largest", password=PASSWORD)
        membership_set(actor=None, user=found, organisation=organisation, role=Role.MANAGER)
    return found


def _superuser() -> Any:
    from zonetrack.accounts.models import User
    from zonetrack.accounts.services import user_create

    found = User.objects.filter(username="national_admin").first()
    return found or user_create(
        actor=None,
        username="national_admin",
        password=PASSWORD,
        is_superuser=True,
    )


if __name__ == "__main__":
    main()
