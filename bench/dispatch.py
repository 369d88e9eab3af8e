"""Benchmark of the dispatch app at province scale: problem lists, warnings, battle map, the
alert job and the meeting briefing.

Makes the projects benchmark's province (bench/generate.py: 1,000 zones, 200,000 projects,
monthly reports), then 300,000 problems, a milestone per signed or started project and an
officer per zone, in a fresh database (SQLite in a temporary data directory unless
DATABASE_URL is set). Server time is measured in-process with Django's test client, next to a
bare authenticated endpoint doing one primary-key lookup (GET /api/me) in the same run.

    python bench/dispatch.py [--zones 1000] [--projects 200000] [--reports 1000000]
                             [--problems 300000] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("ZONETRACK_DATA_DIR", tempfile.mkdtemp(prefix="zonetrack-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonetrack.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction
from generate import generate_province
from measure import HEADER, Table, ok, signed_in

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership, User
from zonetrack.dispatch import services
from zonetrack.dispatch.alerts import run_alerts
from zonetrack.dispatch.briefing import briefing_docx
from zonetrack.dispatch.choices import ProblemCategory, ProblemStatus
from zonetrack.dispatch.models import Alert, ColourStatus, Notification, Problem
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Milestone, ProgressReport, Project

BATCH = 5000


@transaction.atomic
def dispatch_data(zones: list, problems: int, seed: int = 11) -> dict[str, float]:
    """Officers, milestones, problems; and 10 % of last month's reports left missing."""
    rng = random.Random(seed)
    today = timezone.localdate()
    officers = User.objects.bulk_create(
        [User(username=f"bench_officer_{z.pk}", display_name=f"专员{z.pk}") for z in zones],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation_id=z.organisation_id, role=Role.OFFICER)
            for u, z in zip(officers, zones, strict=True)
        ],
        batch_size=BATCH,
    )
    for user, zone in zip(officers, zones, strict=True):
        Project.objects.filter(zone=zone).update(officer=user)
    projects = list(Project.objects.values_list("pk", "zone_id", "stage", "officer_id"))
    milestones = []
    for pk, _zone, stage, _officer in projects:
        if stage in (Stage.SIGNED, Stage.STARTED):
            planned = today + timedelta(days=rng.randint(-120, 120))
            done = planned < today and rng.random() < 0.6
            late = rng.random() < 0.3
            milestones.append(
                Milestone(
                    project_id=pk,
                    name="主体结构封顶",
                    planned_on=planned,
                    actual_on=(planned + timedelta(days=10 if late else -2)) if done else None,
                    status="done" if done else "planned",
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    reports = list(ProgressReport.objects.filter(month=last_month).values_list("pk", flat=True))
    missing = rng.sample(reports, len(reports) // 10)
    for start in range(0, len(missing), BATCH):
        ProgressReport.objects.filter(pk__in=missing[start : start + BATCH]).delete()
    categories = ProblemCategory.values
    statuses = [
        ProblemStatus.ASSIGNED,
        ProblemStatus.IN_HAND,
        ProblemStatus.ANSWERED,
        ProblemStatus.CLOSED,
    ]
    rows = []
    for i in range(problems):
        pk, zone_id, _stage, officer = projects[rng.randrange(len(projects))]
        raised = today - timedelta(days=rng.randint(0, 400))
        deadline = raised + timedelta(days=rng.choice([7, 15, 30, 60, 90]))
        status = rng.choices(statuses, [0.15, 0.15, 0.05, 0.65])[0]
        rows.append(
            Problem(
                project_id=pk,
                zone_id=zone_id,
                category=categories[i % len(categories)],
                description=f"基准问题{i:07d}：用地手续办理滞后",
                raised_on=raised,
                raised_by_id=officer,
                responsible_unit_id=None,
                responsible_person_id=officer,
                deadline_on=deadline,
                status=status,
                closed_on=deadline if status == ProblemStatus.CLOSED else None,
            )
        )
        if len(rows) >= BATCH:
            Problem.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    Problem.objects.bulk_create(rows, batch_size=BATCH)
    return {"milestones": len(milestones), "missing_reports": len(missing)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", type=int, default=1000)
    parser.add_argument("--projects", type=int, default=200_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--problems", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data = generate_province(zones=args.zones, projects=args.projects, reports=args.reports)
    started = time.perf_counter()
    extra = dispatch_data(data.zones, args.problems)
    generated = time.perf_counter() - started
    start = time.perf_counter()
    changed = services.colours_refresh()
    first_refresh = time.perf_counter() - start
    if connection.vendor == "postgresql":
        # As routine maintenance (autovacuum) leaves a production database: statistics and
        # the visibility map, which lets counts read the indexes alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    today = timezone.localdate()
    open_late = Problem.objects.filter(
        status__in=["assigned", "in_hand", "answered"], deadline_on__lt=today
    ).count()
    lines = [
        f"zonetrack dispatch benchmark — {connection.vendor}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores",
        f"data: {len(data.zones)} zones, {Project.objects.count()} projects, "
        f"{ProgressReport.objects.count()} monthly reports ({extra['missing_reports']} of last "
        f"month's left missing), {extra['milestones']} milestones, "
        f"{Problem.objects.count()} problems ({open_late} open and overdue)",
        f"generated: projects {data.seconds:.0f} s, dispatch data {generated:.0f} s; "
        f"first colour computation of every project and milestone: {first_refresh:.1f} s "
        f"({ColourStatus.objects.count()} colours, {changed} history rows)",
        "",
        HEADER,
    ]
    print("\n".join(lines), flush=True)
    clients = signed_in(data.manager, data.zone_manager)
    province, province_auth = clients["bench_province"]
    zone_client, zone_auth = clients["bench_zone"]
    zone_id = data.zones[0].pk

    row = Table(lines, args.runs).row

    row(
        "baseline: GET /api/me (token auth + one user lookup)",
        lambda: ok(province.get("/api/me", headers=province_auth)),
    )
    row(
        "problems API, province, overdue, page 1 (with total)",
        lambda: ok(province.get("/api/problems?overdue=true", headers=province_auth)),
    )
    row(
        "problem list page, province, overdue, page 1",
        lambda: ok(province.get("/dispatch/problems/", {"overdue": "1"})),
    )
    row(
        "problems API, one zone, open, as its manager",
        lambda: ok(zone_client.get(f"/api/problems?zone={zone_id}&status=open", headers=zone_auth)),
    )
    row(
        "warnings of a zone (GET /api/warnings?zone=…)",
        lambda: ok(zone_client.get(f"/api/warnings?zone={zone_id}", headers=zone_auth)),
    )
    row(
        "warnings of a zone, province manager",
        lambda: ok(province.get(f"/api/warnings?zone={zone_id}", headers=province_auth)),
    )
    row(
        "battle map data of a zone (GET /api/battlemap/{zone})",
        lambda: ok(zone_client.get(f"/api/battlemap/{zone_id}", headers=zone_auth)),
    )
    row(
        "battle map page of a zone",
        lambda: ok(zone_client.get(f"/dispatch/map/{zone_id}/")),
    )

    # The briefing of a 30-project agenda of the first zone.
    agenda = list(
        Problem.objects.filter(zone_id=zone_id, status__in=["assigned", "in_hand"])
        .order_by("project_id")
        .values_list("project_id", flat=True)
        .distinct()[:30]
    )
    meeting = services.meeting_create(
        actor=data.zone_manager,
        organisation=data.zones[0].organisation,
        title="基准调度会",
        held_on=today,
        project_ids=agenda,
    )
    row(
        f"briefing .docx, {meeting.agenda.count()}-project agenda (GET …/briefing.docx)",
        lambda: ok(zone_client.get(f"/api/meetings/{meeting.pk}/briefing.docx", headers=zone_auth)),
    )
    start = time.perf_counter()
    size = len(briefing_docx(meeting=meeting, user=data.zone_manager))
    lines.append(f"briefing built directly: {(time.perf_counter() - start):.2f} s, {size} bytes")

    # The alert job over everything, then again: the second run must send nothing.
    for label in ("first run", "second run"):
        start = time.perf_counter()
        result = run_alerts()
        seconds = time.perf_counter() - start
        lines.append(
            f"alert job, {label}: {seconds:.1f} s — {result.alerts} new alerts "
            f"({', '.join(f'{k} {n}' for k, n in sorted(result.by_kind.items())) or 'none'}), "
            f"{result.notifications} notifications, {result.escalated} problems escalated, "
            f"{result.colours_changed} colours changed"
        )
        print(lines[-1], flush=True)
    lines.append(
        f"stored: {Alert.objects.count()} alerts, {Notification.objects.count()} notifications"
    )
    print(lines[-1])
    _write_results("\n".join(lines))


def _write_results(text: str) -> None:
    """Keep one section per database in bench/results/dispatch.txt: this run's replaces the
    earlier run's on the same database, the other database's stays."""
    path = ROOT / "bench" / "results" / "dispatch.txt"
    path.parent.mkdir(exist_ok=True)
    marker = "zonetrack dispatch benchmark — "
    old = path.read_text("utf-8") if path.exists() else ""
    sections = [marker + part.strip() for part in old.split(marker) if part.strip()]
    kept = [s for s in sections if not s.startswith(f"{marker}{connection.vendor},")]
    ordered = sorted([*kept, text.strip()], key=lambda s: "postgresql" in s.split("\n")[0])
    path.write_text("\n\n".join(ordered) + "\n", "utf-8")


if __name__ == "__main__":
    main()
