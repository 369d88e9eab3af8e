"""The project ledger's large imports and exports, run as background jobs (core.jobs)."""

from __future__ import annotations

import tempfile
from datetime import date
from typing import Any, BinaryIO, cast

from django.core.files import File
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core import jobs, uploads
from zonetrack.core.chunked import Superseded
from zonetrack.core.models import Job
from zonetrack.registry.models import Zone
from zonetrack.sheets.reader import SheetError
from zonetrack.sheets.writer import Column, write_xlsx

from .ledger import (
    Action,
    LedgerPlan,
    LedgerRefused,
    LedgerRow,
    apply_ledger,
    export_ledger,
    last_complete_day,
    ledger_file_name,
    ledger_title,
    ledger_year,
    plan_ledger,
    read_ledger,
)
from .ledger.reading import ledger_run
from .selectors import ProjectFilters, project_list

EXPORT = "projects.ledger_export"
PREVIEW = "projects.ledger_preview"
IMPORT = "projects.ledger_import"


def ledger_as_of(year: int) -> date:
    """A past year's ledger is the whole year's; the current one runs to today."""
    return min(date(year, 12, 31), last_complete_day(timezone.localdate()))


def export_file_name(zone_name: str = "") -> str:
    """The file's name: the zone's and today's (RFC 5987 ``filename*`` carries it)."""
    return ledger_file_name(zone_name, timezone.localdate())


@jobs.handler(EXPORT)
def run_export(job: Job, progress: jobs.Progress) -> None:
    """Write the project list the owner filtered as the ledger file of the job."""
    params = QueryDict(job.params.get("query", ""))
    filters = ProjectFilters.from_params(params)
    year = int(job.params["year"])
    projects = project_list(user=job.owner, filters=filters)
    zone = Zone.objects.filter(pk=filters.zone).first() if filters.zone else None
    with tempfile.TemporaryFile() as stream:
        export_ledger(
            projects,
            stream,
            year=year,
            as_of=ledger_as_of(year),
            title=ledger_title(zone.name if zone else "", year, ledger_as_of(year)),
            progress=lambda done, total: progress.step(done, total, _("Writing projects")),
        )
        stream.seek(0)
        # run_job stores the attached file with the job's outcome.
        jobs.attach(job, export_file_name(zone.name if zone else ""), File(stream))


def plan_to_result(plan: LedgerPlan) -> dict[str, Any]:
    """A plan as the job keeps it: its summary and every row's outcome."""
    return {
        "ok": plan.ok,
        "summary": plan.summary,
        "problems": plan.problems,
        "notes": plan.notes,
        "unknown_columns": plan.unknown_columns,
        "rows_total": len(plan.rows),
        # Rows changed in zonetrack since the export: offered to tick, each with its changes.
        "stale": [
            {"number": row.number, "name": row.name, "diffs": [list(d) for d in row.diffs]}
            for row in plan.rows
            if row.action == Action.STALE
        ],
        "rows": [
            {
                "number": row.number,
                "name": row.name,
                "action": row.action,
                "changed": row.changed,
                "diffs": [list(diff) for diff in row.diffs],
                "errors": row.errors,
                "warnings": row.warnings,
            }
            for row in jobs.rows_to_show(changed_first(plan.rows))
        ],
    }


# The preview lists what the import will change first, then what it refuses, then the rest.
_ORDER = {Action.UPDATE: 0, Action.CREATE: 0, Action.STALE: 1, Action.REJECT: 1}


def changed_first(rows: list[LedgerRow]) -> list[LedgerRow]:
    """The rows that change something first, then the rejected ones, each in file order."""
    return sorted(rows, key=lambda row: _ORDER.get(row.action, 2))


def diff_text(row: LedgerRow) -> str:
    """A row's changes as one line: "总投资（万元）：50,000.00 → 52,000.00；…"."""
    return "；".join(f"{label}：{before} → {after}" for label, before, after in row.diffs)


REPORT_COLUMNS = [
    Column("number", "行号", 8),
    Column("name", "项目名称", 36),
    Column("action", "处理", 10),
    Column("changed", "变更内容", 30),
    Column("notes", "问题与提示", 80),
]
ACTION_WORDS = {
    "create": "新增",
    "update": "更新",
    "unchanged": "无变化",
    "reject": "拒绝",
    "subtotal": "小计",
    "total": "合计",
    "skip": "略过",
    "stale": "保留系统数据",
}


def write_report(plan: LedgerPlan, stream: Any) -> None:
    """The row-by-row report of an import as a spreadsheet, to fix a ledger by."""
    rows = (
        {
            "number": row.number,
            "name": row.name,
            "action": ACTION_WORDS.get(row.action, row.action),
            "changed": diff_text(row) or "、".join(row.changed),
            "notes": "；".join([*row.errors, *row.warnings]),
        }
        for row in plan.rows
    )
    write_xlsx(
        stream, sheet_name="导入报告", title="项目台账导入报告", columns=REPORT_COLUMNS, rows=rows
    )


def _plan(job: Job, progress: jobs.Progress) -> LedgerPlan:
    params = job.params
    zone = access.get_visible(Zone.objects.active(), job.owner, pk=params["zone"])
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(params) as stored:
            # A stored File proxies the binary file it opened; the reader only reads from it.
            table = read_ledger(cast(BinaryIO, stored), params["name"])
        progress.step(0, 0, _("Counting rows"))
        total = sum(1 for _row in table.rows())
    except SheetError as exc:
        uploads.discard(params)
        raise jobs.JobRefused(str(exc)) from exc
    # The year the form gave, else the one the ledger's title names, else this year.
    year = params.get("year") or ledger_year(table.title) or timezone.localdate().year
    job.params = {**params, "year": year, "zone_name": zone.name}
    return plan_ledger(
        table,
        user=job.owner,
        zone=zone,
        year=int(year),
        as_of=timezone.localdate(),
        progress=lambda done: progress.step(done, total, _("Checking rows")),
    )


def _attach_report(job: Job, plan: LedgerPlan) -> None:
    stream = ContentFile(b"")
    write_report(plan, stream)
    stream.seek(0)
    jobs.attach(job, f"import-report-{timezone.localdate():%Y%m%d}.xlsx", stream)


@jobs.handler(PREVIEW, template="projects/includes/ledger_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and plan an uploaded ledger: every row's outcome, and the report as a file; the
    plan is kept for the import."""
    plan = _plan(job, progress)
    job.result = plan_to_result(plan)
    _attach_report(job, plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:  # a rejected ledger is never imported: nothing to keep
        uploads.discard(job.params)


def undo_import(job: Job) -> None:
    """Take back the chunks an import wrote before its worker died."""
    zone = Zone.objects.filter(pk=job.params.get("zone")).first()
    if zone is not None:
        ledger_run(zone, f"job{job.pk}").undo()


@jobs.handler(IMPORT, template="projects/includes/ledger_import_job.html", undo=undo_import)
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Write the plan its preview kept, all rows or none, once."""
    preview = jobs.preview_of(job, PREVIEW)
    leftovers = job.attempts > 1 and not job.result.get("undone")
    job.result = dict(preview.result)
    job.params = {**job.params, "zone": preview.params["zone"], "year": preview.params["year"]}
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan = jobs.load_plan(preview)
    overwrite = set(job.params.get("overwrite", []))
    for row in plan.rows:
        # The user ticked it: the file's values overwrite the later change in zonetrack.
        if row.action == Action.STALE and row.number in overwrite:
            row.action = Action.UPDATE
    zone = access.get_visible(Zone.objects.active(), job.owner, pk=preview.params["zone"])
    run = ledger_run(zone, f"job{job.pk}")
    if leftovers:  # an earlier attempt died midway: take its chunks back first
        progress.step(0, 0, _("Undoing the unfinished attempt"))
        run.undo()
    try:
        job.result["imported"] = apply_ledger(
            plan,
            actor=job.owner,
            zone=zone,
            run=run,
            progress=lambda done, total: progress.step(done, total, _("Writing projects")),
            publish=lambda: jobs.claim_plan(preview),
        )
    except Superseded:
        job.result["already"] = True
        return
    except LedgerRefused as exc:
        raise jobs.JobRefused(str(exc)) from exc
    uploads.discard(preview.params)
