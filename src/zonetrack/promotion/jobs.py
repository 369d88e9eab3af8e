"""Promotion's imports as jobs: a lead list, or a zone's chain map, checked in a preview, then
written when confirmed."""

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

from .services.sheets import chain_map_import, leads_import
from .sheets import (
    ChainPlan,
    ChainRow,
    LeadPlan,
    plan_chain_firms,
    plan_leads,
    read_chain_table,
    read_table,
)

PREVIEW = "promotion.lead_preview"
IMPORT = "promotion.lead_import"
CHAIN_PREVIEW = "promotion.chain_preview"
CHAIN_IMPORT = "promotion.chain_import"


def plan_to_result(plan: LeadPlan | ChainPlan) -> dict[str, Any]:
    """A plan as the preview job keeps it for its page (and the API): the summary, and each
    row shown with its faults by column (a chain map's rows with their link)."""
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
                **({"link": row.link} if isinstance(row, ChainRow) else {}),
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
CHAIN_REPORT_COLUMNS = [
    Column("number", "行号", 8),
    Column("link", "产业链 · 环节", 30),
    Column("name", "企业名称", 30),
    *REPORT_COLUMNS[2:],
]
ACTION_WORDS = {"create": "新增", "unchanged": "不变", "reject": "拒绝"}


def _report_rows(plan: LeadPlan | ChainPlan) -> Any:
    for row in plan.rows:
        first = {
            "number": row.number,
            "name": row.name,
            "link": getattr(row, "link", ""),
            "action": ACTION_WORDS[row.action],
        }
        notes = [
            *((column, message) for column, message in row.cells),
            *(("", text) for text in [*row.problems, *row.warnings]),
        ]
        if not notes:
            yield first
        for column, message in notes:  # one line per fault, its row named on each
            yield {**first, "column": column, "note": message}


def _attach_report(job: Job, plan: LeadPlan | ChainPlan) -> None:
    """Every row's outcome as a spreadsheet, one line per fault, to fix the list by."""
    chain = isinstance(plan, ChainPlan)
    stream = ContentFile(b"")
    write_xlsx(
        stream,
        sheet_name="导入报告",
        title="产业链图谱导入报告" if chain else "招商线索导入报告",
        columns=CHAIN_REPORT_COLUMNS if chain else REPORT_COLUMNS,
        rows=_report_rows(plan),
    )
    stream.seek(0)
    stem = "chain-import-report" if chain else "lead-import-report"
    jobs.attach(job, f"{stem}-{timezone.localdate():%Y%m%d}.xlsx", stream)


def _zone(job: Job, zone_id: int) -> Zone:
    return access.get_visible(
        Zone.objects.active().select_related("organisation"), job.owner, pk=zone_id
    )


def _preview(job: Job, progress: jobs.Progress, read: Any, plan_with: Any) -> None:
    """Read and check an uploaded sheet with ``read`` and ``plan_with``; keep the plan for its
    import; write nothing."""
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(job.params) as stored:
            table = read(stored, job.params["name"])
    except SheetError as exc:
        uploads.discard(job.params)
        raise jobs.JobRefused(str(exc)) from exc
    plan = plan_with(
        table,
        zone=_zone(job, job.params["zone"]),
        progress=lambda done: progress.step(done, 0, _("Checking rows")),
    )
    job.result = plan_to_result(plan)
    job.result["zone"] = plan.zone_id
    _attach_report(job, plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:  # a rejected file is never imported: nothing to keep
        uploads.discard(job.params)


def _write(
    job: Job, progress: jobs.Progress, *, preview_kind: str, write: Any, step: str, refused: str
) -> None:
    """Write the plan its preview kept with ``write``, all rows or none, once."""
    preview = jobs.preview_of(job, preview_kind)
    job.result = dict(preview.result)
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan = jobs.load_plan(preview)
    zone = _zone(job, plan.zone_id)
    drafts = plan.drafts()
    progress.step(0, len(drafts), step)
    try:
        with transaction.atomic():  # the plan is marked written with the rows, or neither
            if not jobs.claim_plan(preview):
                job.result["already"] = True
                return
            written = write(
                actor=job.owner,
                zone=zone,
                drafts=drafts,
                progress=lambda done: progress.step(done, len(drafts), step),
            )
    except PermissionDenied as exc:
        raise jobs.JobRefused(refused) from exc
    except ValidationError as exc:
        raise jobs.JobRefused(" ".join(exc.messages)) from exc
    unchanged = plan.summary["unchanged"]
    job.result["imported"] = {"create": len(written), "update": 0, "unchanged": unchanged}
    job.result["zone"] = zone.pk
    uploads.discard(preview.params)


@jobs.handler(PREVIEW, template="promotion/includes/lead_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and check an uploaded lead list; keep the plan for the import; write no lead."""
    _preview(job, progress, read_table, plan_leads)


@jobs.handler(IMPORT, template="promotion/includes/lead_import_job.html")
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Write the leads its preview kept, all rows or none, once."""
    _write(
        job,
        progress,
        preview_kind=PREVIEW,
        write=leads_import,
        step=_("Writing leads"),
        refused=_("You may not add leads to this zone."),
    )


@jobs.handler(CHAIN_PREVIEW, template="promotion/includes/chain_preview_job.html")
def run_chain_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and check an uploaded chain map; keep the plan for the import; write no firm."""
    _preview(job, progress, read_chain_table, plan_chain_firms)


@jobs.handler(CHAIN_IMPORT, template="promotion/includes/chain_import_job.html")
def run_chain_import(job: Job, progress: jobs.Progress) -> None:
    """Write the chain map its preview kept, all new firms or none, once."""
    _write(
        job,
        progress,
        preview_kind=CHAIN_PREVIEW,
        write=chain_map_import,
        step=_("Writing firms"),
        refused=_("You may not change this zone's chain map."),
    )
