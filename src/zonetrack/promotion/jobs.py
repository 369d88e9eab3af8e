"""Promotion's import as jobs: a lead list checked in a preview, then written when confirmed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core import jobs, uploads
from zonetrack.core.models import Job
from zonetrack.registry.models import Zone
from zonetrack.sheets.reader import SheetError
from zonetrack.sheets.writer import Column, write_xlsx

from .services.sheets import leads_import
from .sheets import LeadPlan, plan_leads, read_table

PREVIEW = "promotion.lead_preview"
IMPORT = "promotion.lead_import"


def plan_to_result(plan: LeadPlan) -> dict[str, Any]:
    """A plan as the preview job keeps it for its page (and the API): the summary, and each
    row shown with its faults by column."""
    return {
        "ok": plan.ok,
        "summary": plan.summary,
        "problems": plan.problems,
        "unknown_columns": plan.unknown_columns,
        "rows_total": len(plan.rows),
        "rows": [
            {
                "number": row.number,
                "name": row.name,
                "action": row.action,
                "cells": [{"column": column, "message": text} for column, text in row.cells],
                "problems": row.problems,
                "errors": row.errors,
                "warnings": row.warnings,
            }
            for row in jobs.rows_to_show(plan.rows)
        ],
    }


REPORT_COLUMNS = [
    Column("number", "行号", 8),
    Column("name", "线索名称", 30),
    Column("action", "处理", 8),
    Column("column", "列", 18),
    Column("note", "问题与提示", 60),
]
ACTION_WORDS = {"create": "新增", "reject": "拒绝"}


def _report_rows(plan: LeadPlan) -> Any:
    for row in plan.rows:
        first = {"number": row.number, "name": row.name, "action": ACTION_WORDS[row.action]}
        notes = [
            *((column, message) for column, message in row.cells),
            *(("", text) for text in [*row.problems, *row.warnings]),
        ]
        if not notes:
            yield first
        for column, message in notes:  # one line per fault, its row named on each
            yield {**first, "column": column, "note": message}


def _attach_report(job: Job, plan: LeadPlan) -> None:
    """Every row's outcome as a spreadsheet, one line per fault, to fix the list by."""
    stream = ContentFile(b"")
    write_xlsx(
        stream,
        sheet_name="导入报告",
        title="招商线索导入报告",
        columns=REPORT_COLUMNS,
        rows=_report_rows(plan),
    )
    stream.seek(0)
    jobs.attach(job, f"lead-import-report-{timezone.localdate():%Y%m%d}.xlsx", stream)


def _zone(job: Job, zone_id: int) -> Zone:
    return access.get_visible(
        Zone.objects.active().select_related("organisation"), job.owner, pk=zone_id
    )


@jobs.handler(PREVIEW, template="promotion/includes/lead_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and check an uploaded lead list; keep the plan for the import; write no lead."""
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(job.params) as stored:
            table = read_table(stored, job.params["name"])
    except SheetError as exc:
        uploads.discard(job.params)
        raise jobs.JobRefused(str(exc)) from exc
    plan = plan_leads(
        table,
        zone=_zone(job, job.params["zone"]),
        progress=lambda done: progress.step(done, 0, _("Checking rows")),
    )
    job.result = plan_to_result(plan)
    _attach_report(job, plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:  # a rejected file is never imported: nothing to keep
        uploads.discard(job.params)


@jobs.handler(IMPORT, template="promotion/includes/lead_import_job.html")
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Write the plan its preview kept, all rows or none, once."""
    preview = jobs.preview_of(job, PREVIEW)
    job.result = dict(preview.result)
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan: LeadPlan = jobs.load_plan(preview)
    zone = _zone(job, plan.zone_id)
    drafts = plan.drafts()
    progress.step(0, len(drafts), _("Writing leads"))
    try:
        with transaction.atomic():  # the plan is marked written with the leads, or neither
            if not jobs.claim_plan(preview):
                job.result["already"] = True
                return
            created = leads_import(
                actor=job.owner,
                zone=zone,
                drafts=drafts,
                progress=lambda done: progress.step(done, len(drafts), _("Writing leads")),
            )
    except PermissionDenied as exc:
        raise jobs.JobRefused(_("You may not add leads to this zone.")) from exc
    except ValidationError as exc:
        raise jobs.JobRefused(" ".join(exc.messages)) from exc
    job.result["imported"] = {"create": len(created), "update": 0, "unchanged": 0}
    job.result["zone"] = zone.pk
    uploads.discard(preview.params)
