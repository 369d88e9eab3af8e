"""Monthly reports (月报), year plans and milestones of a project."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.audit.services import (
    actor_user,
    record_created,
    tracked_create,
    tracked_update,
)
from zonetrack.core.bulk import bulk_insert

from .. import files, permissions
from ..choices import MilestoneStatus
from ..models import (
    Milestone,
    ProgressReport,
    Project,
    YearPlan,
)
from .photos import PhotoUpload, photos_check, photos_store
from .pipeline import announce_changed, notes_before

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


@transaction.atomic
def reports_bulk_submit(
    *, actor: User | None, month: date, entries: list[tuple[Project, Decimal, str]]
) -> list[ProgressReport]:
    """File one month's reports of many projects at once (project, invested, progress), by the
    rules of ``report_submit``; a project that has reported the month refuses them all."""
    if not entries:
        return []
    for project, _invested, _progress in entries:
        if not permissions.can_report(actor, project):
            raise PermissionDenied
    month = date(month.year, month.month, 1)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationError({"month": _("A report cannot be filed for a future month.")})
    ids = [project.pk for project, _invested, _progress in entries]
    reported = list(
        ProgressReport.objects.filter(project__in=ids, month=month).values_list(
            "project", flat=True
        )
    )
    if reported:
        raise ValidationError(
            {
                "month": ValidationError(
                    _("This month has been reported already."),
                    code="reported",
                    params={"projects": reported},
                )
            }
        )
    person = actor_user(actor)
    reports = [
        ProgressReport(
            project=project,
            month=month,
            invested_wan=invested,
            progress=progress,
            submitted_by=person,
            is_late=today > report_due(month),
        )
        for project, invested, progress in entries
    ]
    for report in reports:
        report.full_clean(exclude=("project", "submitted_by"), validate_unique=False)
    created = bulk_insert(ProgressReport, reports)
    # A copy typed list[Model]: record_created takes that, and a list is invariant.
    record_created(actor=actor, objs=list(created))
    announce_changed({p.zone_id for p, _i, _g in entries})
    return created


def report_due(month: date) -> date:
    """A month's report is due on the configured day of the following month (default the 5th)."""
    year, next_month = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return date(year, next_month, settings.ZONETRACK_REPORT_DUE_DAY)


@transaction.atomic
def report_submit(
    *,
    actor: User | None,
    project: Project,
    month: date,
    invested_wan: Decimal,
    progress: str = "",
    percent_complete: int | None = None,
    funds_in_place_wan: Decimal | None = None,
    submitted_on: date | None = None,
    photo: UploadedFile | None = None,
    photos: Sequence[PhotoUpload] = (),
) -> ProgressReport:
    """File the monthly report; one per project and month, none for a month not yet begun.
    ``photos`` are its site photos (``SitePhoto``, limits in ``photos``); ``photo`` is the one
    photo a report kept before them.

    ``submitted_on`` is for reports entered afterwards from paper or a ledger: lateness is
    judged by when the report was actually made (default today).
    """
    if not permissions.can_report(actor, project):
        raise PermissionDenied
    month = date(month.year, month.month, 1)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationError({"month": _("A report cannot be filed for a future month.")})
    if ProgressReport.objects.filter(project=project, month=month).exists():
        raise ValidationError({"month": _("This month has been reported already.")})
    stored_photo = None
    if photo is not None:
        try:
            stored_photo = files.checked_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    checked = photos_check(photos) if photos else []
    notes = notes_before([project.pk])
    report = ProgressReport(
        project=project,
        month=month,
        invested_wan=invested_wan,
        funds_in_place_wan=funds_in_place_wan,
        progress=progress,
        percent_complete=percent_complete,
        submitted_by=actor_user(actor),
        is_late=(submitted_on or today) > report_due(month),
    )
    if stored_photo is not None:
        # checked_photo names every copy it makes.
        report.photo.save(cast(str, stored_photo.name), stored_photo, save=False)
    tracked_create(actor=actor, obj=report)
    if checked:
        photos_store(actor=actor, project=project, photos=checked, report=report)
    announce_changed([project.zone_id], project_ids=[project.pk], notes=notes)
    return report


@transaction.atomic
def year_plan_set(
    *,
    actor: User | None,
    project: Project,
    year: int,
    planned_investment_wan: Decimal,
    planned_start: bool = False,
    planned_completion: bool = False,
) -> YearPlan:
    """Set a project's investment plan for a year (changes are kept in the history)."""
    if not permissions.can_change_project(actor, project):
        raise PermissionDenied
    notes = notes_before([project.pk])
    plan = YearPlan.objects.filter(project=project, year=year).first()
    values = {
        "planned_investment_wan": planned_investment_wan,
        "planned_start": planned_start,
        "planned_completion": planned_completion,
    }
    if plan is None:
        plan = tracked_create(actor=actor, obj=YearPlan(project=project, year=year, **values))
    else:
        plan = tracked_update(actor=actor, obj=plan, changes=values)
    # 开工率 and 投资完成率 are read against the plans
    announce_changed([project.zone_id], project_ids=[project.pk], notes=notes)
    return plan


@transaction.atomic
def year_plans_bulk_create(
    *, actor: User | None, year: int, entries: list[tuple[Project, Decimal]]
) -> list[YearPlan]:
    """The first investment plan for a year of many projects (project, planned investment),
    created at once with their history; for plans that may exist, use ``year_plan_set``."""
    for project, _planned in entries:
        if not permissions.can_change_project(actor, project):
            raise PermissionDenied
    plans = [
        YearPlan(project=project, year=year, planned_investment_wan=planned)
        for project, planned in entries
    ]
    for plan in plans:
        plan.full_clean(exclude=("project",), validate_unique=False)
    created = bulk_insert(YearPlan, plans)
    # A copy typed list[Model]: record_created takes that, and a list is invariant.
    record_created(actor=actor, objs=list(created))
    announce_changed({project.zone_id for project, _planned in entries})
    return created


@transaction.atomic
def milestone_save(
    *,
    actor: User | None,
    project: Project,
    name: str,
    planned_on: date,
    actual_on: date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone or record its actual date (定时限)."""
    if not permissions.can_change_project(actor, project):
        raise PermissionDenied
    if actual_on and actual_on > timezone.localdate():
        raise ValidationError({"actual_on": _("The actual date cannot be in the future.")})
    values = {
        "name": name,
        "planned_on": planned_on,
        "actual_on": actual_on,
        "status": MilestoneStatus.DONE if actual_on else MilestoneStatus.PLANNED,
    }
    if milestone is None:
        return tracked_create(actor=actor, obj=Milestone(project=project, **values))
    return tracked_update(actor=actor, obj=milestone, changes=values)
