"""Load test: a bounded mixed read/write load against two `zonetrack serve` processes on PostgreSQL.

Uses the national data (bench/national.py; generated here at the given scale unless --reuse finds
it), makes load users in it (managers of provinces, cities and zones spread over the nation, each
with an API token and a password), starts a Redis and two app servers on 127.0.0.1 as the
several-server layout of docs/operations.md has them (`zonetrack serve --no-jobs`, one
SECRET_KEY, REDIS_URL), then runs closed-loop simulated users on threads, each with its own
urllib3 pool of one keep-alive connection to one of the servers: a request from a weighted mix,
a short think time, again. After a warm-up, a fixed window is measured: per endpoint the count,
errors (non-2xx or no answer, with the first bodies), p50/p95/p99 and throughput, beside the
bare authenticated GET /api/me measured in the same run; the CPU used by the servers, the
database and this client; then each read endpoint alone at saturation (no think time), as its
throughput against /api/me alone.

Writes are bounded: a monthly report for the current month (not yet reported) of at most
``--writes-per-user`` projects per user, so a run adds at most users × that many reports.

    DATABASE_URL=postgres://…/national python bench/load.py --reuse [--users 50] [--seconds 60]
        [--warmup 10] [--workers 2] [--think 0.5 1.5] [--capacity 8] [--out FILE]
        [--pgoptions '-c from_collapse_limit=16']   # a what-if: planner settings of the servers
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

import urllib3
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from national import PASSWORD, database_size, existing_nation, generate_nation

from tests.ops.conftest import Processes, base_env, free_port, redis_server_binary
from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import ApiToken, Organisation, User
from zonetrack.accounts.services import membership_set, token_create, token_revoke, user_create
from zonetrack.projects import permissions
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import ProgressReport, Project
from zonetrack.registry.models import Zone

REPORTING = [Stage.STARTED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY]
TOKEN_NAME = "load test"  # noqa: S105 - the name the load tokens are given, not a secret
KEEP_BODY = 300  # characters of an error's body kept for the report
SHOWN_ERRORS = 3  # bodies shown per endpoint


# --- the users ---------------------------------------------------------------------------------


@dataclass
class Persona:
    """A load user and what it asks for: its organisation, zones, projects and write targets."""

    username: str
    level: str  # province, city or zone
    organisation: int
    zones: list[int]
    projects: list[int]
    writes: list[int]
    token: str = ""
    cookie: str = ""


def _spread(rng: random.Random, items: list[Any], n: int) -> list[Any]:
    """``n`` items, as evenly over the list as a seeded shuffle makes them."""
    if not items:
        return []
    shuffled = rng.sample(items, len(items))
    return [shuffled[i % len(shuffled)] for i in range(n)]


def personas(users: int, writes_per_user: int, seed: int) -> list[Persona]:
    """Managers of provinces (a fifth), cities (three tenths) and zone committees (the rest),
    each of another organisation across the nation; made once, kept for the next runs."""
    rng = random.Random(seed)
    n_province = max(1, users // 5)
    n_city = max(1, users * 3 // 10)
    n_zone = max(1, users - n_province - n_city)
    levels = {
        "province": _spread(
            rng,
            list(
                Organisation.objects.filter(
                    parent=None, kind=OrganisationKind.PROVINCE_DEPT
                ).order_by("pk")
            ),
            n_province,
        ),
        "city": _spread(rng, _cities_with_zones(), n_city),
        "zone": _spread(
            rng,
            list(Organisation.objects.filter(zones__isnull=False).distinct().order_by("pk")),
            n_zone,
        ),
    }
    month = timezone.localdate().replace(day=1)
    made = []
    taken: set[int] = set()  # scopes overlap (a city in a province): one writer per project
    for level, organisations in levels.items():
        for i, organisation in enumerate(organisations):
            username = f"load_{level}_{i + 1:02d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(actor=None, username=username, password=PASSWORD)
            if not user.memberships.filter(organisation=organisation).exists():
                user.memberships.all().delete()
                membership_set(actor=None, user=user, organisation=organisation, role=Role.MANAGER)
            zones = list(
                Zone.objects.filter(organisation__path__startswith=organisation.path)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            ids = list(
                Project.objects.active()
                .filter(zone_id__in=zones)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            sample = rng.sample(ids, min(len(ids), 400))
            reported = set(
                ProgressReport.objects.filter(project_id__in=sample, month=month).values_list(
                    "project_id", flat=True
                )
            )
            writes: list[int] = []
            for project in Project.objects.filter(
                pk__in=[p for p in sample if p not in reported], stage__in=REPORTING
            ).select_related("zone__organisation"):
                if (
                    len(writes) < writes_per_user
                    and project.pk not in taken
                    and permissions.can_report(user, project)
                ):
                    writes.append(project.pk)
                    taken.add(project.pk)
            made.append(
                Persona(
                    username=username,
                    level=level,
                    organisation=organisation.pk,
                    zones=zones,
                    projects=sample[:200],
                    writes=writes,
                )
            )
    # Fresh tokens each run; the earlier runs' are revoked.
    for token in ApiToken.objects.filter(
        user__username__in=[p.username for p in made], name=TOKEN_NAME, revoked_at=None
    ):
        token_revoke(token=token)
    for persona in made:
        user = User.objects.get(username=persona.username)
        persona.token = token_create(user=user, name=TOKEN_NAME)
    return [p for p in made if p.zones and p.projects]


def _cities_with_zones() -> list[Organisation]:
    parents = Organisation.objects.filter(zones__isnull=False).values("parent_id")
    return list(
        Organisation.objects.filter(pk__in=parents, kind=OrganisationKind.CITY_BUREAU).order_by(
            "pk"
        )
    )


# --- the servers -------------------------------------------------------------------------------


@dataclass
class Layout:
    """Redis and two app servers on 127.0.0.1, ended by ``stop``."""

    directory: Path
    processes: Processes
    redis: subprocess.Popen[bytes] | None = None
    redis_port: int = 0
    bases: list[str] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)

    def stop(self) -> None:
        self.processes.stop()
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)


def _wait(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start")
        time.sleep(0.2)


def start_layout(database_url: str, workers: int, pgoptions: str = "") -> Layout:
    directory = Path(tempfile.mkdtemp(prefix="zonetrack-load-"))
    layout = Layout(directory, Processes(directory))
    try:
        _start(layout, database_url, workers, pgoptions)
    except BaseException:
        layout.stop()
        raise
    return layout


def _start(layout: Layout, database_url: str, workers: int, pgoptions: str) -> None:
    directory = layout.directory
    binary = redis_server_binary()
    if binary is None:
        raise SystemExit("needs Debian's redis-server (apt-get install redis-server)")
    layout.redis_port = free_port()
    layout.redis = subprocess.Popen(  # noqa: S603 - the system's redis-server
        [
            binary,
            *("--bind", "127.0.0.1", "--port", str(layout.redis_port), "--protected-mode", "yes"),
            *("--save", "", "--appendonly", "no", "--dir", str(directory)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def redis_answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", layout.redis_port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    _wait(redis_answers, 10, "redis-server")
    shared = {
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{layout.redis_port}/0",
        "SECRET_KEY": "one key for every server of the load test",
        "ALLOWED_HOSTS": "127.0.0.1",  # not this process's testserver
    }
    if pgoptions:  # libpq's: planner settings of the servers' sessions, for a what-if run
        shared["PGOPTIONS"] = pgoptions
    for name in ("a", "b"):
        port = free_port()
        env = base_env(**shared, ZONETRACK_DATA_DIR=str(directory / name))
        layout.processes.start(
            f"server-{name}",
            env,
            *("serve", "--host", "127.0.0.1", "--port", str(port)),
            *("--workers", str(workers), "--no-jobs"),
        )
        layout.ports.append(port)
        layout.bases.append(f"http://127.0.0.1:{port}")
    for port in layout.ports:
        pool = urllib3.HTTPConnectionPool("127.0.0.1", port, retries=False, timeout=2)

        def healthy(pool: urllib3.HTTPConnectionPool = pool) -> bool:
            try:
                return pool.request("GET", "/healthz").status == 200
            except urllib3.exceptions.HTTPError:
                return False

        _wait(healthy, 120, f"the server on port {port}")


def sign_in(pool: urllib3.HTTPConnectionPool, username: str) -> str:
    """Sign in through the login page as a browser does; the Cookie header of the session."""
    page = pool.request("GET", "/accounts/login/", redirect=False)
    csrf = _cookie(page, "csrftoken")
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.data.decode())
    assert found is not None and csrf, "no CSRF token on the login page"
    answer = pool.request(
        "POST",
        "/accounts/login/",
        body=urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": found.group(1)}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"http://127.0.0.1:{pool.port}/accounts/login/",
        },
        redirect=False,
    )
    session = _cookie(answer, "sessionid")
    assert answer.status == 302 and session, f"sign-in of {username}: {answer.status}"
    return f"csrftoken={csrf}; sessionid={session}"


def _cookie(response: urllib3.BaseHTTPResponse, name: str) -> str:
    for value in response.headers.getlist("Set-Cookie"):
        key, _, rest = value.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    return ""


# --- the mix -----------------------------------------------------------------------------------


@dataclass
class Call:
    method: str
    path: str
    api: bool = True  # token auth; else the session cookie
    body: dict[str, Any] | None = None


Maker = Callable[[Persona, random.Random], Call | None]


def _zone(p: Persona, rng: random.Random) -> int:
    return rng.choice(p.zones)


def _list_zone(p: Persona, rng: random.Random) -> Call:
    extra = rng.choice(["", "&stage=started", "&key=city", "&sort=-investment", "&stage=signed"])
    return Call("GET", f"/api/projects?zone={_zone(p, rng)}{extra}")


def _write(p: Persona, rng: random.Random) -> Call | None:
    if not p.writes:
        return None
    project = p.writes.pop()
    month = timezone.localdate()
    return Call(
        "POST",
        f"/api/projects/{project}/reports",
        body={
            "month": f"{month:%Y-%m}",
            "invested_wan": str(rng.randint(50, 3000)),
            "progress": "主体施工（压力测试）",
            "percent_complete": rng.randint(10, 90),
        },
    )


# label, weight in the mixed load, maker of one request
MIX: list[tuple[str, int, Maker]] = [
    ("GET /api/me", 10, lambda p, r: Call("GET", "/api/me")),
    ("GET /api/projects?zone=… (list, filters)", 14, _list_zone),
    (
        "GET /api/projects?stage=… (list, whole scope)",
        6,
        lambda p, r: Call("GET", f"/api/projects?stage={r.choice(['started', 'signed'])}"),
    ),
    (
        "GET /api/projects/{id} (detail)",
        18,
        lambda p, r: Call("GET", f"/api/projects/{r.choice(p.projects)}"),
    ),
    ("GET /api/pipeline (whole scope)", 6, lambda p, r: Call("GET", "/api/pipeline")),
    ("GET /api/pipeline?zone=…", 8, lambda p, r: Call("GET", f"/api/pipeline?zone={_zone(p, r)}")),
    (
        "GET /api/overview?organisation=…",
        3,
        lambda p, r: Call("GET", f"/api/overview?organisation={p.organisation}"),
    ),
    ("GET /projects/ (list page, whole scope)", 5, lambda p, r: Call("GET", "/projects/", False)),
    (
        "GET /projects/?zone=… (list page)",
        7,
        lambda p, r: Call("GET", f"/projects/?zone={_zone(p, r)}", False),
    ),
    (
        "GET /projects/{id}/ (detail page)",
        16,
        lambda p, r: Call("GET", f"/projects/{r.choice(p.projects)}/", False),
    ),
    ("POST /api/projects/{id}/reports (write)", 7, _write),
]
BASELINE = MIX[0][0]
READ_MIX = "the mix above without the writes"


# --- running users -----------------------------------------------------------------------------


@dataclass
class Sample:
    label: str
    started: float  # seconds since the phase began
    ms: float
    status: int  # 0: no answer
    level: str = ""  # the user's: province, city or zone
    idle: float = 0.0  # seconds its connection was idle before the request
    body: str = ""


def run_phase(
    people: list[Persona],
    pools: list[urllib3.HTTPConnectionPool],
    mix: list[tuple[str, int, Maker]],
    *,
    seconds: float,
    think: tuple[float, float],
    seed: int,
) -> list[Sample]:
    """Closed-loop users for ``seconds``: each picks a request of the mix by weight, waits for
    its answer, thinks, again. Every request's start, time and status."""
    samples: list[Sample] = []
    began = time.monotonic()
    stop_at = began + seconds
    labels = [m[0] for m in mix]
    weights = [m[1] for m in mix]

    def user(i: int, persona: Persona, pool: urllib3.HTTPConnectionPool) -> None:
        rng = random.Random(seed * 1000 + i)
        time.sleep(rng.uniform(0, min(1.0, think[1] or 0.2)))  # users do not start in step
        last = time.monotonic()
        while time.monotonic() < stop_at:
            k = rng.choices(range(len(mix)), weights)[0]
            call = mix[k][2](persona, rng)
            if call is None:  # nothing left of this kind to do for this user
                continue
            headers = (
                {"Authorization": f"Bearer {persona.token}"}
                if call.api
                else {"Cookie": persona.cookie}
            )
            body = None
            if call.body is not None:
                body = json.dumps(call.body)
                headers["Content-Type"] = "application/json"
            start = time.monotonic()
            try:
                answer = pool.request(
                    call.method, call.path, body=body, headers=headers, redirect=False
                )
                status, text = answer.status, ""
                if not 200 <= status < 300:
                    text = answer.data.decode(errors="replace")[:KEEP_BODY]
            except urllib3.exceptions.HTTPError as error:
                status, text = 0, f"{type(error).__name__}: {error}"[:KEEP_BODY]
            end = time.monotonic()
            samples.append(
                Sample(
                    labels[k],
                    start - began,
                    (end - start) * 1000,
                    status,
                    persona.level,
                    start - last,
                    f"{call.path} {text}",
                )
            )
            last = end
            if think[1]:
                time.sleep(rng.uniform(*think))

    threads = [
        threading.Thread(target=user, args=(i, p, pools[i]), daemon=True)
        for i, p in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    return samples


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted ``values``."""
    if not values:
        return float("nan")
    return values[max(0, math.ceil(q * len(values)) - 1)]


# --- CPU of the processes ----------------------------------------------------------------------


TICK = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, float]]:
    """Per live process: its parent and its CPU seconds, with those of its ended children."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[1] is the parent; utime, stime, cutime, cstime are fields[11:15]
        table[int(entry)] = (int(fields[1]), sum(int(x) for x in fields[11:15]) / TICK)
    return table


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds of the processes ``roots`` and all their live descendants."""
    table = _proc_table()
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _cpu) in table.items():
        children[parent].append(pid)
    total, todo, seen = 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][1]
        todo.extend(children[pid])
    return total


def machine_busy() -> tuple[float, float]:
    """Busy and total CPU seconds of the machine since boot (all cores)."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / TICK, sum(values) / TICK


def postmaster_pid() -> int | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            directory = cursor.fetchone()[0]
        return int(Path(directory, "postmaster.pid").read_text().split("\n", 1)[0])
    except Exception:  # without it the database's CPU is just not reported
        return None


@dataclass
class Meter:
    """CPU used between ``start`` and ``stop`` by the servers, the database, this process and
    the whole machine."""

    servers: list[int]
    database: int | None
    values: dict[str, float] = field(default_factory=dict)

    def _read(self) -> dict[str, float]:
        busy, total = machine_busy()
        found = {
            "servers": tree_cpu(self.servers),
            "client": time.process_time(),
            "busy": busy,
            "total": total,
            "wall": time.monotonic(),
        }
        if self.database is not None:
            found["database"] = tree_cpu([self.database])
        return found

    def start(self) -> None:
        self.values = self._read()

    def stop(self) -> dict[str, float]:
        end = self._read()
        return {k: end[k] - self.values[k] for k in end}


# --- the report --------------------------------------------------------------------------------


def table(
    samples: list[Sample], window: tuple[float, float], labels: list[str]
) -> tuple[list[str], list[str], dict[str, dict[str, float]]]:
    """The per-endpoint rows of the requests started inside ``window``, the error bodies shown
    and the figures per label."""
    start, end = window
    seconds = end - start
    by: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        if start <= s.started < end:
            by[s.label].append(s)
    figures: dict[str, dict[str, float]] = {}
    for label in [*labels, "all"]:
        got = [s for ss in by.values() for s in ss] if label == "all" else by.get(label, [])
        if not got:
            continue
        ms = sorted(s.ms for s in got)
        figures[label] = {
            "count": len(got),
            "errors": sum(1 for s in got if not 200 <= s.status < 300),
            "rate": len(got) / seconds,
            "p50": percentile(ms, 0.5),
            "p95": percentile(ms, 0.95),
            "p99": percentile(ms, 0.99),
            "max": ms[-1],
        }
    me = figures.get(BASELINE)
    rows = [
        f"{'endpoint':<48}{'count':>7}{'errors':>7}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
        f"{'p99 ms':>8}{'max ms':>8}{'× me p50':>9}"
    ]
    for label, f in figures.items():
        ratio_p50 = f"{f['p50'] / me['p50']:.1f}" if me and label != "all" else ""
        rows.append(
            f"{label:<48}{f['count']:>7.0f}{f['errors']:>7.0f}{f['rate']:>8.1f}{f['p50']:>8.1f}"
            f"{f['p95']:>8.1f}{f['p99']:>8.1f}{f['max']:>8.0f}{ratio_p50:>9}"
        )
    errors = []
    for label in labels:
        bad = [s for s in by.get(label, []) if not 200 <= s.status < 300]
        if bad:
            statuses: dict[int | str, int] = defaultdict(int)
            for s in bad:
                statuses[s.status or "no answer"] += 1
            errors.append(f"  {label}: " + ", ".join(f"{k} ×{n}" for k, n in statuses.items()))
            errors += [
                f"    {s.status} at {s.started:.1f} s, connection idle {s.idle:.2f} s before: "
                f"{s.body}"
                for s in bad[:SHOWN_ERRORS]
            ]
    return rows, errors, figures


def by_level(samples: list[Sample], window: tuple[float, float], labels: list[str]) -> list[str]:
    """p50 and p95 of each endpoint per kind of user (province, city, zone managers)."""
    levels = ("province", "city", "zone")
    got: dict[tuple[str, str], list[float]] = defaultdict(list)
    for s in samples:
        if window[0] <= s.started < window[1]:
            got[(s.label, s.level)].append(s.ms)
    rows = [f"{'endpoint (p50 / p95 ms)':<48}" + "".join(f"{level:>16}" for level in levels)]
    for label in labels:
        cells = []
        for level in levels:
            ms = sorted(got.get((label, level), []))
            cells.append(
                f"{percentile(ms, 0.5):>7.0f} /{percentile(ms, 0.95):>6.0f}" if ms else "-"
            )
        rows.append(f"{label:<48}" + "".join(f"{c:>16}" for c in cells))
    return rows


def cpu_line(used: dict[str, float], cores: int) -> str:
    wall = used["wall"]
    parts = [
        f"machine busy {used['busy'] / used['total'] * 100:.0f}% of {cores} cores",
        f"app servers {used['servers'] / wall:.2f} cores",
    ]
    if "database" in used:
        parts.append(f"PostgreSQL {used['database'] / wall:.2f} cores")
    parts.append(f"this load client {used['client'] / wall:.2f} cores")
    # The kernel's share not charged to a process, and anything else running (should be ~0).
    rest = used["busy"] - used["servers"] - used.get("database", 0.0) - used["client"]
    parts.append(f"the rest {max(rest, 0.0) / wall:.2f} cores")
    return ", ".join(parts)


def redis_version() -> str:
    binary = redis_server_binary()
    if binary is None:
        return "?"
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout  # noqa: S603
    found = re.search(r"v=(\S+)", out)
    return found.group(1) if found else "?"


def pg_settings() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers'), "
            "current_setting('fsync'), current_setting('max_connections')"
        )
        version, buffers, fsync, most = cursor.fetchone()
    return (
        f"PostgreSQL {version.split()[0]} (shared_buffers {buffers}, fsync {fsync}, "
        f"max_connections {most})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers of each server (serve's default)"
    )
    parser.add_argument(
        "--think", type=float, nargs=2, default=(0.5, 1.5), metavar=("MIN", "MAX"),
        help="a user's think time between its requests, uniform, in seconds",
    )  # fmt: skip
    parser.add_argument(
        "--capacity",
        type=float,
        default=8,
        help="seconds each read endpoint is measured alone at saturation (0: not measured)",
    )
    parser.add_argument("--writes-per-user", type=int, default=8)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--zones", type=int, default=2700)
    parser.add_argument("--projects", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=10_000_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="load the nation a previous run generated in this database, if there is one",
    )
    parser.add_argument(
        "--pgoptions",
        default="",
        help="PGOPTIONS of the servers' database sessions, e.g. '-c from_collapse_limit=16' "
        "(a what-if run; said in the results)",
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "load.txt"))
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("set DATABASE_URL to a PostgreSQL database: two servers need one")
    call_command("migrate", verbosity=0)
    nation = (existing_nation() if args.reuse else None) or generate_nation(
        zones=args.zones, projects=args.projects, reports=args.reports
    )
    cores = os.cpu_count() or 1
    head = [
        f"zonetrack load test — {connection.vendor}, Python {platform.python_version()}, "
        f"{cores} cores, {timezone.localdate():%Y-%m-%d}",
        f"data: {Zone.objects.count()} zones in {len(nation.provinces)} provinces, "
        f"{Project.objects.count()} projects, {ProgressReport.objects.count()} monthly reports, "
        f"database {database_size()} "
        + (f"(generated in {nation.seconds:.0f} s)" if nation.seconds else "(generated earlier)"),
    ]
    print("\n".join(head), flush=True)
    mark = time.perf_counter()
    people = personas(args.users, args.writes_per_user, args.seed)
    counts: dict[str, int] = defaultdict(int)
    for p in people:
        counts[p.level] += 1
    provinces_touched = len(
        {Organisation.objects.get(pk=p.organisation).path.split(".", 1)[0] for p in people}
    )
    print(f"users ready in {time.perf_counter() - mark:.0f} s", flush=True)
    database_settings = pg_settings()
    database = postmaster_pid()
    connection.close()

    layout = start_layout(database_url, args.workers, args.pgoptions)
    errors: list[str] = []
    try:
        servers = [proc.pid for proc, _log in layout.processes.started]
        pools = [
            urllib3.HTTPConnectionPool(
                "127.0.0.1",
                layout.ports[i % 2],
                maxsize=1,
                block=True,
                retries=False,
                timeout=urllib3.Timeout(connect=10, read=120),
            )
            for i in range(len(people))
        ]
        for persona, pool in zip(people, pools, strict=True):
            persona.cookie = sign_in(pool, persona.username)
        print(f"{len(people)} users signed in; warm-up {args.warmup:.0f} s", flush=True)
        labels = [m[0] for m in MIX]
        meter = Meter(servers, database)
        cpu: dict[str, float] = {}

        def measure() -> None:
            time.sleep(args.warmup)
            meter.start()
            time.sleep(args.seconds)
            cpu.update(meter.stop())

        clock = threading.Thread(target=measure, daemon=True)
        clock.start()
        samples = run_phase(
            people,
            pools,
            MIX,
            seconds=args.warmup + args.seconds,
            think=tuple(args.think),
            seed=args.seed,
        )
        clock.join()
        window = (args.warmup, args.warmup + args.seconds)
        rows, errors, figures = table(samples, window, labels)
        levels = by_level(samples, window, labels)
        writes_done = sum(
            1 for s in samples if s.label.startswith("POST") and 200 <= s.status < 300
        )
        print("\n".join(rows), flush=True)

        capacity: list[str] = []
        if args.capacity:
            alone: dict[str, float] = {}
            reads = [m for m in MIX if not m[0].startswith("POST")]
            alone_each = [(m[0], [(m[0], 1, m[2])]) for m in reads]
            # /api/me first: the others are stated against it.
            phases = [alone_each[0], (READ_MIX, reads), *alone_each[1:]]
            for label, mix in phases:
                got = run_phase(
                    people,
                    pools,
                    [(label, w, maker) for _l, w, maker in mix],
                    seconds=2 + args.capacity,
                    think=(0.0, 0.0),
                    seed=args.seed + 1,
                )
                inside = [s for s in got if 2 <= s.started < 2 + args.capacity]
                bad = sum(1 for s in inside if not 200 <= s.status < 300)
                alone[label] = len(inside) / args.capacity
                ms = sorted(s.ms for s in inside)
                floor = alone.get(BASELINE)
                capacity.append(
                    f"{label:<48}{alone[label]:>8.1f}{percentile(ms, 0.5):>8.0f}"
                    f"{percentile(ms, 0.95):>8.0f}{bad:>7}"
                    f"{(alone[label] / floor if floor else 1):>11.2f}"
                )
                print(capacity[-1], flush=True)
        logs = {name: layout.processes.log(f"server-{name}") for name in ("a", "b")}
    finally:
        layout.stop()
        kept = None
        if errors or sys.exc_info()[0] is not None:  # the servers' logs, to see why
            kept = Path(tempfile.mkdtemp(prefix="zonetrack-load-logs-"))
            for log in layout.directory.glob("*.log"):
                shutil.copy(log, kept)
            print(f"the servers' logs are kept in {kept}", flush=True)
        shutil.rmtree(layout.directory, ignore_errors=True)

    served = [
        sum(1 for line in log.splitlines() if '"' in line and " HTTP/1.1" in line)
        for log in logs.values()
    ]
    tracebacks = sum(log.count("Traceback") for log in logs.values())
    total = figures.get("all", {})
    me = figures.get(BASELINE, {})
    targeted = [
        label for label in labels if any(word in label for word in ("list", "detail", "pipeline"))
    ]
    missed = [
        f"{label} p95 {figures[label]['p95']:.0f} ms"
        for label in targeted
        if label in figures and figures[label]["p95"] >= 300
    ]
    lines = [
        *head,
        f"servers: two `zonetrack serve --no-jobs` on 127.0.0.1:{layout.ports[0]} and "
        f":{layout.ports[1]}, each gunicorn gthread with {args.workers} workers × 4 threads "
        f"(serve's --workers, default 2; threads fixed at 4), so {2 * args.workers} worker "
        f"processes, {8 * args.workers} threads; one SECRET_KEY, a data directory each, "
        f"REDIS_URL to redis-server {redis_version()} on 127.0.0.1 (cache; no persistence); "
        f"{database_settings} on 127.0.0.1, the same machine"
        + (f"; the servers' sessions with PGOPTIONS='{args.pgoptions}'" if args.pgoptions else ""),
        f"users: {len(people)} closed-loop ({counts['province']} province, {counts['city']} city, "
        f"{counts['zone']} zone managers, in {provinces_touched} provinces), half on each "
        f"server, one keep-alive urllib3 connection each, API by token, pages by a session "
        f"signed in through /accounts/login/; think time {args.think[0]:g}–{args.think[1]:g} s "
        f"(uniform); {args.warmup:.0f} s warm-up, {args.seconds:.0f} s measured",
        "mix (weights): " + ", ".join(f"{label.split(' (')[0]} {w}" for label, w, _m in MIX),
        f"writes: {writes_done} monthly reports filed for {timezone.localdate():%Y-%m} "
        f"(at most {args.writes_per_user} per user; a user with none left does something else)",
        "",
        "Mixed load, requests started in the measured window ('× me p50': the endpoint's p50 "
        "over that of GET /api/me in the same window; each endpoint's req/s is its weight's "
        "share of the total):",
        *rows,
        f"throughput: {total.get('rate', 0):.1f} req/s in all, {me.get('rate', 0):.1f} of them "
        f"GET /api/me; the servers' logs over the whole run (warm-up and the capacity runs "
        f"below too): {sum(served)} requests answered, {tracebacks} tracebacks",
        "CPU in the measured window: " + (cpu_line(cpu, cores) if cpu else "not measured"),
        "",
        "By kind of user (zones in a user's scope, on average: "
        + ", ".join(
            f"{level} {sum(len(p.zones) for p in people if p.level == level) / n:.0f}"
            for level, n in counts.items()
        )
        + "):",
        *levels,
        "",
        "errors (non-2xx or no answer; first bodies):",
        *(errors or ["  none"]),
        "",
        f"target: zero errors, p95 under 300 ms on the list, detail and pipeline routes at "
        f"{len(people)} users — "
        + (
            "met"
            if not missed and not total.get("errors")
            else "missed: "
            + "; ".join(
                [*missed, *([f"{total['errors']:.0f} errors"] if total.get("errors") else [])]
            )
        ),
    ]
    if capacity:
        lines += [
            "",
            f"Each read endpoint alone, {len(people)} users without think time, "
            f"{args.capacity:.0f} s after 2 s of warm-up (capacity; '× me': its throughput "
            f"over /api/me's alone):",
            f"{'endpoint':<48}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'errors':>7}"
            f"{'× me req/s':>11}",
            *capacity,
        ]
    text = "\n".join(lines)
    print("\n".join(lines[len(head) :]), flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
