"""Land's imports as jobs (a preview, then the confirmed import): the parcel list and a
year's firm figures of the per-mu evaluation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core import jobs, uploads
from zonetrack.core.models import Job
from zonetrack.registry.models import Zone
from zonetrack.sheets.reader import SheetError

from .models import Evaluation
from .services import firms_replace, parcels_bulk_create
from .sheets import FirmPlan, ImportPlan, plan_firms, plan_import, read_firm_table, read_table

PREVIEW = "land.parcel_preview"
IMPORT = "land.parcel_import"


def plan_to_result(plan: ImportPlan | FirmPlan) -> dict[str, Any]:
    """A plan as the preview job keeps it for its page: the summary and the rows to show."""
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
                "errors": row.errors,
                "warnings": row.warnings,
            }
            for row in jobs.rows_to_show(plan.rows)
        ],
    }


def _zone(job: Job, zone_id: int) -> Zone:
    return access.get_visible(
        Zone.objects.active().select_related("organisation"), job.owner, pk=zone_id
    )


@jobs.handler(PREVIEW, template="land/includes/parcel_preview_job.html")
def run_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and check an uploaded parcel list; keep the plan for the import; write no parcel."""
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(job.params) as stored:
            table = read_table(stored, job.params["name"])
    except SheetError as exc:
        uploads.discard(job.params)
        raise jobs.JobRefused(str(exc)) from exc
    plan = plan_import(
        table,
        zone=_zone(job, job.params["zone"]),
        progress=lambda done: progress.step(done, 0, _("Checking rows")),
    )
    job.result = plan_to_result(plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:  # a rejected file is never imported: nothing to keep
        uploads.discard(job.params)


@jobs.handler(IMPORT, template="land/includes/parcel_import_job.html")
def run_import(job: Job, progress: jobs.Progress) -> None:
    """Write the plan its preview kept, all rows or none, once."""
    preview = jobs.preview_of(job, PREVIEW)
    job.result = dict(preview.result)
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan: ImportPlan = jobs.load_plan(preview)
    zone = _zone(job, plan.zone_id)
    progress.step(0, len(plan.rows), _("Writing parcels"))
    try:
        with transaction.atomic():  # the plan is marked written with the parcels, or neither
            if not jobs.claim_plan(preview):
                job.result["already"] = True
                return
            created = parcels_bulk_create(actor=job.owner, zone=zone, parcels=plan.parcels())
    except PermissionDenied as exc:
        raise jobs.JobRefused(_("You may not add parcels to this zone.")) from exc
    except ValidationError as exc:
        raise jobs.JobRefused(" ".join(exc.messages)) from exc
    job.result["imported"] = {"create": len(created), "update": 0, "unchanged": 0}
    uploads.discard(preview.params)


FIRMS_PREVIEW = "land.firm_preview"
FIRMS_IMPORT = "land.firm_import"


def _evaluation(job: Job, evaluation_id: int) -> Evaluation:
    return access.get_visible(
        Evaluation.objects.select_related("organisation"), job.owner, pk=evaluation_id
    )


@jobs.handler(FIRMS_PREVIEW, template="land/includes/firm_preview_job.html")
def run_firms_preview(job: Job, progress: jobs.Progress) -> None:
    """Read and check a year's firm figures; keep the plan; write nothing."""
    progress.step(0, 0, _("Reading the file"))
    try:
        with uploads.open_stashed(job.params) as stored:
            table = read_firm_table(stored, job.params["name"])
    except SheetError as exc:
        uploads.discard(job.params)
        raise jobs.JobRefused(str(exc)) from exc
    evaluation = _evaluation(job, job.params["evaluation"])
    zones = access.visible(Zone.objects.active(), job.owner)
    plan = plan_firms(
        table,
        evaluation_id=evaluation.pk,
        zones=zones,
        progress=lambda done: progress.step(done, 0, _("Checking rows")),
    )
    job.result = plan_to_result(plan)
    if plan.ok:
        jobs.keep_plan(job, plan)
    else:
        uploads.discard(job.params)


@jobs.handler(FIRMS_IMPORT, template="land/includes/firm_import_job.html")
def run_firms_import(job: Job, progress: jobs.Progress) -> None:
    """Put the previewed firm figures in place of the draft's, all rows or none, once."""
    preview = jobs.preview_of(job, FIRMS_PREVIEW)
    job.result = dict(preview.result)
    if preview.applied_at is not None:
        job.result["already"] = True
        return
    plan: FirmPlan = jobs.load_plan(preview)
    evaluation = _evaluation(job, plan.evaluation_id)
    progress.step(0, len(plan.rows), _("Writing firms"))
    try:
        with transaction.atomic():
            if not jobs.claim_plan(preview):
                job.result["already"] = True
                return
            created = firms_replace(actor=job.owner, evaluation=evaluation, firms=plan.firms)
    except PermissionDenied as exc:
        raise jobs.JobRefused(_("You may not change this evaluation.")) from exc
    except ValidationError as exc:
        raise jobs.JobRefused(" ".join(exc.messages)) from exc
    job.result["imported"] = {"create": len(created), "update": 0, "unchanged": 0}
    uploads.discard(preview.params)
