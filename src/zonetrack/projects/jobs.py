"""The project ledger's large imports and exports, run as background jobs (core.jobs)."""

from __future__ import annotations

import tempfile
from datetime import date
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core import jobs, uploads
from zonetrack.core.models import Job
from zonetrack.registry.models import Zone
from zonetrack.sheets.writer import Column, write_xlsx

from .ledger import (
    LedgerPlan,
    LedgerRefused,
    apply_ledger,
    export_ledger,
    ledger_title,
    plan_ledger,
    read_ledger,
)
from .selectors import ProjectFilters, project_list

EXPORT = "projects.ledger_export"
PREVIEW = "projects.ledger_preview"
IMPORT = "projects.ledger_import"


def ledger_as_of(year: int) -> date:
    """A past year's ledger is the whole year's; the current one runs to today."""
    today = timezone.localdate()
    return date(year, 12, 31) if year < today.year else today


def export_file_name(year: int) -> str:
    return f"ledger-{year}-{timezone.localdate():%Y%m%d}.xlsx"


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
        jobs.attach(job, export_file_name(year), File(stream))
        job.save()


def plan_to_result(plan: LedgerPlan) -> dict[str, Any]:
    """A plan as the job keeps it: its summary and every row's outcome."""
    return {
        "ok": plan.ok,
        "summary": plan.summary,
        "problems": plan.problems,
        "notes": plan.notes,
        "unknown_columns": plan.unknown_columns,
        "rows": [
            {
                "number": row.number,
                "name": row.name,
                "action": row.action,
                "changed": row.changed,
                "errors": row.errors,
                "warnings": row.warnings,
            }
            for row in plan.rows
        ],
    }


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
}


def write_report(plan: LedgerPlan, stream: Any) -> None:
    """The row-by-row report of an import as a spreadsheet, to fix a ledger by."""
    rows = (
        {
            "number": row.number,
            "name": row.name,
            "action": ACTION_WORDS.get(row.action, row.action),
            "changed": "、".join(row.changed),
            "notes": "；".join([*row.errors, *row.warnings]),
        }
        for row in plan.rows
    )
    write_xlsx(
        stream, sheet_name="导入报告", title="项目台账导入报告", columns=REPORT_COLUMNS, rows=rows
    )


def _plan(job: Job, progress: jobs.Progress) -> tuple[LedgerPlan, Zone]:
    params = job.params
    zone = access.get_visible(Zone.objects.active(), job.owner, pk=params["zone"])
    table = read_ledger(uploads.read(params), params["name"])
    progress.step(0, 0, _("Counting rows"))
    total = sum(1 for _row in table.rows())
    plan = plan_ledger(
        table,
        user=job.owner,
        zone=zone,
        year=int(params["year"]),
        as_of=timezone.localdate(),
        progress=lambda done: progress.step(done, total, _("Checking rows")),
    )
    return plan, zone


def _attach_report(job: Job, plan: LedgerPlan) -> None:
    stream = ContentFile(b"")
    write_report(plan, stream)
    stream.seek(0)
    jobs.attach(job, f"import-report-{timezone.localdate():%Y%m%d}.xlsx", stream)


@jobs.handler(PREVIEW, template="projects/includes/ledger_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Plan a large ledger import: every row's outcome, and the report as a file."""
    plan, _zone = _plan(job, progress)
    job.result = plan_to_result(plan)
    _attach_report(job, plan)


@jobs.handler(IMPORT, template="projects/includes/ledger_import_job.html")
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Plan again and write a large ledger import, all rows or none."""
    plan, zone = _plan(job, progress)
    job.result = plan_to_result(plan)
    _attach_report(job, plan)
    progress.step(len(plan.rows), len(plan.rows), _("Writing projects"))
    try:
        job.result["imported"] = apply_ledger(plan, actor=job.owner, zone=zone)
    except LedgerRefused as exc:
        job.save()  # the report stays downloadable
        raise LedgerRefused(str(exc)) from exc
    uploads.discard(job.params)
