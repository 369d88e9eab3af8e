"""The monthly pack: generating it as a background job (one kept version per run), reading its
versions and files, and a province's layout of it (changed with its history, never deleted).

Whoever may open an organisation's cockpit (``cockpit_organisations``) may generate its pack and
download its versions: the pack lists only that organisation's zones, which each of them sees
whole. A province's managers and administrators change its layout; the cities and zones below
use it.
"""

from __future__ import annotations

import tempfile
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import tracked_create, tracked_restore, tracked_update
from zonetrack.core import jobs
from zonetrack.core.models import Job, JobStatus

from ..cockpit import CockpitFilters, cockpit, cockpit_organisations, zones_in_scope
from . import build
from .jobs import KIND
from .layout import default_layout, normalised, placeholders, validate
from .models import PackLayout
from .rows import Scope, row_count, rows_of
from .word import summary_docx

# The pack goes to leaders and into the files: always in Chinese, as the dispatch briefing.
LANGUAGE = "zh-hans"
FOLDER = "packs"
KINDS = ("xlsx", "docx")


# -- the layout ---------------------------------------------------------------------------------


def province_of(organisation: Organisation) -> Organisation | None:
    """The province-level organisation whose layout applies: the organisation itself or the
    one above it."""
    provinces = Organisation.objects.active().filter(kind=OrganisationKind.PROVINCE_DEPT)
    found = [p for p in provinces if access.is_within(organisation, p)]
    return max(found, key=lambda p: p.depth, default=None)


def layout_record(organisation: Organisation) -> PackLayout | None:
    """The kept layout of a province-level organisation, if it has one."""
    return PackLayout.objects.active().filter(organisation=organisation).first()


def layout_for(organisation: Organisation) -> dict[str, Any]:
    """The layout an organisation's pack is written by: its province's, else the default."""
    province = province_of(organisation)
    record = layout_record(province) if province is not None else None
    if record is not None and not validate(record.layout):
        return normalised(record.layout)
    return normalised(default_layout())


def can_edit_layout(user: Any, organisation: Organisation) -> bool:
    """A province's managers and administrators change its layout (and nobody another
    organisation's: cities and zones use their province's)."""
    return organisation.kind == OrganisationKind.PROVINCE_DEPT and access.has_role(
        user, organisation, Role.MANAGER
    )


@transaction.atomic
def pack_layout_save(
    *,
    actor: User | None,
    organisation: Organisation,
    layout: Any,
    expected_version: int | None = None,
) -> PackLayout:
    """Keep a province's layout, checked: a bad one is refused whole (ValidationError with a
    message for each faulty field, by its place) and the kept one stays as it was."""
    if not can_edit_layout(actor, organisation):
        raise PermissionDenied
    errors = validate(layout)
    if errors:
        raise ValidationError(errors)
    layout = normalised(layout)
    record = PackLayout.objects.filter(organisation=organisation).first()
    if record is None:
        return tracked_create(actor=actor, obj=PackLayout(organisation=organisation, layout=layout))
    if record.is_archived:
        record = tracked_restore(actor=actor, obj=record)
        expected_version = None
    return tracked_update(
        actor=actor, obj=record, changes={"layout": layout}, expected_version=expected_version
    )


# -- generating and reading the pack ------------------------------------------------------------


def may_open(user: Any, organisation: Organisation) -> bool:
    """Whether the user may open the organisation's cockpit, and so its pack."""
    return cockpit_organisations(user=user).filter(pk=organisation.pk).exists()


def pack_title(organisation: Organisation, period: date) -> str:
    return _("Monthly pack of %(organisation)s, %(month)s") % {
        "organisation": organisation.name,
        "month": f"{period:%Y-%m}",
    }


def pack_start(*, actor: User, organisation: Organisation, period: date) -> Job:
    """Queue the pack of the organisation for the month of ``period`` (its first day, not a
    month to come), as a background job of the actor's; every run is a version, all kept."""
    if not may_open(actor, organisation):
        raise PermissionDenied
    period = period.replace(day=1)
    if period > timezone.localdate().replace(day=1):
        raise ValidationError(
            {"period": _("A pack reports on a month gone or under way, not one to come.")}
        )
    return jobs.start(
        kind=KIND,
        owner=actor,
        title=pack_title(organisation, period),
        params={"organisation_id": organisation.pk, "period": period.isoformat()},
    )


def pack_versions(*, user: Any, organisation: Organisation) -> QuerySet[Job]:
    """The organisation's packs, newest first: every finished one, and the user's own in any
    state (queued, running, failed). None for a user who may not open its cockpit."""
    if not may_open(user, organisation):
        return Job.objects.none()
    return (
        Job.objects.filter(kind=KIND, params__organisation_id=organisation.pk)
        .filter(Q(status=JobStatus.DONE) | Q(owner=user))
        .select_related("owner")
        .order_by("-created_at", "-pk")
    )


def pack_files(job: Job) -> dict[str, str]:
    """The stored names of a finished pack's files: ``{"xlsx": …, "docx": …}``."""
    files = (job.result or {}).get("files") or {}
    return {kind: files[kind] for kind in KINDS if files.get(kind)}


def download_name(job: Job, kind: str) -> str:
    """The name a pack's file is offered under: its title, when it was made, its type."""
    names = (job.result or {}).get("names") or {}
    return names.get(kind) or f"{job.title}.{kind}"


def run_pack(job: Job, progress: jobs.Progress) -> None:
    """The job: write the workbook of the layout and the Word summary, keep both files."""
    owner = job.owner
    organisation = Organisation.objects.get(pk=job.params["organisation_id"])
    period = date.fromisoformat(job.params["period"])
    if not may_open(owner, organisation):
        raise jobs.JobRefused(_("You may no longer open this organisation's figures."))
    layout = layout_for(organisation)
    with translation.override(LANGUAGE):
        today = timezone.localdate()
        filters = CockpitFilters(period=period)
        board = cockpit(user=owner, organisation=organisation, filters=filters, today=today)
        zones = zones_in_scope(user=owner, organisation=organisation, filters=filters)
        scope = Scope(user=owner, zones=zones, period=period, today=today, board=board)
        values = placeholders(organisation=organisation.name, period=period, as_of=board.as_of)
        sheets = layout["sheets"]
        expected = sum(row_count(scope, s["rows"], subtotals=s["subtotals"]) for s in sheets)
        total = expected + max(expected // 10, 1)  # the summary's share of the bar
        done = 0

        def moved(rows: int, stage: str) -> None:
            nonlocal done
            done += rows
            progress.step(min(done, total), total, stage)

        title = pack_title(organisation, period)
        stamp = f"{timezone.localtime():%Y%m%d%H%M}"
        workbook = build.new_workbook()
        with tempfile.TemporaryFile() as stream:
            for sheet in sheets:
                stage = str(sheet["name"])
                moved(0, stage)
                rows = rows_of(scope, sheet["rows"], subtotals=sheet["subtotals"])
                build.write_sheet(workbook, sheet, rows, values, partial(moved, stage=stage))
            moved(0, _("Saving the workbook"))
            build.save(workbook, stream)
            stream.seek(0)
            moved(expected - done, _("Writing the Word summary"))
            document = summary_docx(scope, title=title, as_of=board.as_of)
            folder = f"{FOLDER}/{organisation.pk}/{period:%Y-%m}"
            files = {
                "xlsx": default_storage.save(f"{folder}/pack-{job.pk}.xlsx", File(stream)),
                "docx": default_storage.save(
                    f"{folder}/summary-{job.pk}.docx", ContentFile(document)
                ),
            }
        names = {kind: f"{title}_{stamp}.{kind}" for kind in KINDS}
        # The workbook is the job's file as well, for core's job pages (the same stored file).
        job.file.name, job.file_name = files["xlsx"], names["xlsx"]
        job.result = {
            "organisation_id": organisation.pk,
            "period": f"{period:%Y-%m}",
            "files": files,
            "names": names,
            "sheets": [sheet["name"] for sheet in sheets],
            "rows": scope.counts,
            "zones": board.total.zones,
        }
