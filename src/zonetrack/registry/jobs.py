"""The zone list's import (a preview, then the confirmed import) and long exports as jobs."""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core import jobs, uploads
from zonetrack.core.chunked import Run, Superseded
from zonetrack.core.errors import StaleVersion
from zonetrack.core.models import Job
from zonetrack.sheets.reader import SheetError
from zonetrack.sheets.writer import Column, write_xlsx

from .imports import (
    ImportPlan,
    ImportRefused,
    apply_import,
    export_zones,
    plan_import,
    read_table,
)
from .selectors import ZoneFilters, zone_list

EXPORT = "registry.zone_export"
PREVIEW = "registry.zone_preview"
IMPORT = "registry.zone_import"

REPORT_COLUMNS = [
    Column("number", "行号", 8),
    Column("name", "开发区名称", 36),
    Column("action", "处理", 10),
    Column("notes", "问题与提示", 80),
]
ACTION_WORDS = {"create": "新增", "update": "更新", "unchanged": "无变化", "reject": "拒绝"}


def export_file_name() -> str:
    return f"zones-{timezone.localdate():%Y%m%d}.xlsx"


@jobs.handler(EXPORT)
def run_export(job: Job, progress: jobs.Progress) -> None:
    """Write the zone list the owner filtered as the job's file."""
    filters = ZoneFilters.from_params(QueryDict(job.params.get("query", "")))
    zones = zone_list(user=job.owner, filters=filters).select_related("region__parent__parent")
    progress.step(0, 0, _("Writing zones"))
    with tempfile.TemporaryFile() as stream:
        export_zones(zones, stream)
        stream.seek(0)
        jobs.attach(job, export_file_name(), File(stream))


def plan_to_result(plan: ImportPlan) -> dict[str, Any]:
    """A plan as the preview job keeps it for its page: the summary and the rows to show."""
    return {
        "ok": plan.ok,
        "summary": plan.summary,
        "problems": plan.problems,
        "unknown_columns": plan.unknown_columns,
        "unmatched": plan.unmatched[:100],
        "rows_total": len(plan.rows),
        "rows": [
            {
                "number": row.number,
                "name": row.name,
                "action": row.action,
                "errors": row.errors,
                "warnings": row.warnings,
            }
            for row in jobs.rows_to_show(plan.rows)
        ],
    }


def _attach_report(job: Job, plan: ImportPlan) -> None:
    rows = (
        {
            "number": row.number,
            "name": row.name,
            "action": ACTION_WORDS.get(row.action, row.action),
            "notes": "；".join([*row.errors, *row.warnings]),
        }
        for row in plan.rows
    )
    stream = ContentFile(b"")
    write_xlsx(
        stream, sheet_name="导入报告", title="开发区名录导入报告", columns=REPORT_COLUMNS, rows=rows
    )
    stream.seek(0)
    jobs.attach(job, f"zone-import-report-{timezone.localdate():%Y%m%d}.xlsx", stream)


@jobs.handler(PREVIEW, template="registry/includes/zone_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and plan an uploaded zone list; keep the plan for the import; write no zone."""
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(job.params) as stored:
            table = read_table(stored, job.params["name"])
        progress.step(0, 0, _("Counting rows"))
        total = sum(1 for _row in table.rows())
    except SheetError as exc:
        uploads.discard(job.params)
        raise jobs.JobRefused(str(exc)) from exc
    plan = plan_import(
        table,
        user=job.owner,
        progress=lambda done: progress.step(done, total, _("Checking rows")),
    )
    job.result = plan_to_result(plan)
    _attach_report(job, plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:  # a rejected file is never imported: nothing to keep
        uploads.discard(job.params)


def undo_import(job: Job) -> None:
    """Take back the chunks an import wrote before its worker died."""
    Run(f"job{job.pk}").undo()


@jobs.handler(IMPORT, template="registry/includes/zone_import_job.html", undo=undo_import)
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Write the plan its preview kept, all rows or none, once."""
    preview = jobs.preview_of(job, PREVIEW)
    leftovers = job.attempts > 1 and not job.result.get("undone")
    job.result = dict(preview.result)
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan = jobs.load_plan(preview)
    parent = access.get_visible(
        Organisation.objects.active(), job.owner, pk=preview.params["parent"]
    )
    run = Run(f"job{job.pk}")
    if leftovers:
        # An earlier attempt died midway: take its chunks back first.
        progress.step(0, 0, _("Undoing the unfinished attempt"))
        run.undo()
    try:
        job.result["imported"] = apply_import(
            plan,
            actor=job.owner,
            parent=parent,
            run=run,
            progress=lambda done, total: progress.step(done, total, _("Writing zones")),
            publish=lambda: jobs.claim_plan(preview),
        )
    except Superseded:
        job.result["already"] = True
        return
    except PermissionDenied as exc:
        raise jobs.JobRefused(_("You may not add zones there.")) from exc
    except ImportRefused as exc:
        raise jobs.JobRefused(str(exc)) from exc
    except StaleVersion as exc:
        # The records changed between the preview and the confirmation.
        raise jobs.JobRefused(
            _("Zones changed since the preview; nothing was imported. Upload the file again.")
        ) from exc
    uploads.discard(preview.params)
