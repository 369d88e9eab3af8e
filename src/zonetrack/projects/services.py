"""Writes of the projects app: projects, stage transitions, verification, plans and reports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role
from zonetrack.audit.choices import Action
from zonetrack.audit.services import (
    record_change,
    record_created,
    stale_error,
    tracked_archive,
    tracked_create,
    tracked_restore,
    tracked_update,
)
from zonetrack.core.bulk import bulk_insert
from zonetrack.registry.models import Zone

from . import files
from .choices import STAGE_ORDER, VERIFIED_STAGES, MilestoneStatus, Stage, Verification
from .models import (
    EndReason,
    Enterprise,
    Milestone,
    PipelineTotal,
    ProgressReport,
    Project,
    ProjectCounter,
    StageRule,
    StageTransition,
    YearPlan,
)


def _can_change(actor: Any) -> Any:
    return lambda fresh: access.can_change(actor, fresh)


def can_create_project(user: Any, zone: Zone) -> bool:
    """Officers and above of the zone's committee (or a supervising level) add projects."""
    return access.has_role(user, zone.organisation, Role.OFFICER)


def can_verify(user: Any, project: Project) -> bool:
    """Verification (项目认定) belongs to the supervising level: a manager of an organisation
    strictly above the zone committee that owns the project."""
    if access.is_superuser(user):
        return True
    zone_path = project.zone.organisation.path
    return any(
        zone_path.startswith(m.organisation.path)
        and zone_path != m.organisation.path
        and m.role in (Role.MANAGER, Role.ADMIN)
        for m in access.memberships(user)
    )


def refresh_pipeline(zone_ids: Iterable[int]) -> None:
    """Rebuild the pipeline totals (``PipelineTotal``) of these zones from their projects; every
    write that moves a project's stage, verification, investment or archiving calls it."""
    ids = sorted(set(zone_ids))
    # One refresh of a zone at a time: the zone rows are locked, in order, until the writing
    # transaction ends, so two writers never count past each other's change.
    list(Zone.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    rows = (
        Project.objects.active()
        .filter(zone_id__in=ids)
        .order_by()
        .values("zone_id", "stage", "verified_stage")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
    )
    PipelineTotal.objects.filter(zone_id__in=ids).delete()
    PipelineTotal.objects.bulk_create(
        PipelineTotal(
            zone_id=row["zone_id"],
            stage=row["stage"],
            verified_stage=row["verified_stage"],
            projects=row["n"],
            investment_wan=row["total"] or Decimal(0),
        )
        for row in rows
    )


def enterprise_for(*, name: str, credit_code: str = "") -> Enterprise | None:
    """The investor with this credit code (or, without one, this exact name), made if new."""
    name, code = (name or "").strip(), (credit_code or "").strip().upper()
    if not name and not code:
        return None
    if code:
        found = Enterprise.objects.filter(credit_code=code).first()
        if found:
            return found
    elif found := Enterprise.objects.filter(name=name, credit_code__isnull=True).first():
        return found
    enterprise = Enterprise(name=name or code, credit_code=code or None)
    try:
        enterprise.full_clean()
    except ValidationError as exc:
        raise ValidationError({"investor_credit_code": exc.messages}) from exc
    enterprise.save()
    return enterprise


def _code_prefix(zone: Zone, year: int) -> str:
    """The part of a project code before its number: zone id and year."""
    return f"{zone.pk:04d}-{year}-"


def _highest_number(zone: Zone, year: int) -> int:
    """The highest number in the zone's codes of that year, read as a number (as text, "9999"
    sorts after "10000")."""
    prefix = _code_prefix(zone, year)
    highest = 0
    codes = Project.objects.filter(zone=zone, code__startswith=prefix)
    for code in codes.values_list("code", flat=True).iterator():
        tail = code[len(prefix) :]
        if tail.isascii() and tail.isdigit():
            highest = max(highest, int(tail))
    return highest


def _reserve_numbers(zone: Zone, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive project numbers of the zone and year; the first of them.

    Must run inside the writing transaction: the zone's counter stays locked until it ends, so
    parallel creates wait for each other instead of colliding, and a rolled-back create gives
    its numbers back.
    """
    # The zone row first, as ``refresh_pipeline`` takes it: one lock order (zone, then its
    # counter) for every writer. Otherwise a transaction that has refreshed a zone's totals and
    # then adds a project there deadlocks with a plain create holding the counter, whose insert
    # waits for the zone row.
    list(Zone.objects.select_for_update().filter(pk=zone.pk).values_list("pk"))
    counters = ProjectCounter.objects.select_for_update().filter(zone=zone, year=year)
    counter = counters.first()
    if counter is None:
        # A zone's first project of the year (or codes older than the counter): start from the
        # codes there are. Of two writers making it at once, the loser locks the winner's row.
        try:
            with transaction.atomic():
                ProjectCounter.objects.create(
                    zone=zone, year=year, last_number=_highest_number(zone, year)
                )
        except IntegrityError:
            pass
        counter = counters.get()
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def _code(zone: Zone, year: int, number: int) -> str:
    # Four digits at least, as codes have always had; past 9,999 the number simply grows.
    return f"{_code_prefix(zone, year)}{number:04d}"


@transaction.atomic
def project_create(*, actor: Any, zone: Zone, **fields: Any) -> Project:
    """Add a project to a zone; it starts as pursued (招商), with that first transition."""
    if zone.is_archived:
        raise ValidationError({"zone": _("This zone is archived; projects cannot be added.")})
    if not can_create_project(actor, zone):
        raise PermissionDenied
    task_force = fields.pop("task_force", [])
    if (
        "officer" not in fields
        and access.role_in(actor, zone.organisation) == Role.OFFICER
        and getattr(actor, "pk", None)
    ):
        fields["officer"] = actor
    today = timezone.localdate()
    code = _code(zone, today.year, _reserve_numbers(zone, today.year))
    project = Project(zone=zone, code=code, stage_on=today, **fields)
    tracked_create(
        actor=actor,
        obj=project,
        check=lambda fresh: access.can_view(actor, fresh),
        m2m={"task_force": task_force},
    )
    StageTransition.objects.create(
        project=project,
        from_stage="",
        to_stage=Stage.PURSUED,
        happened_on=today,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    refresh_pipeline([zone.pk])
    return project


# Foreign keys are set from loaded records in bulk writes; validating each would cost a query.
_BULK_UNCHECKED = ("zone", "park", "cluster", "investor", "leader", "officer", "end_reason")


@transaction.atomic
def projects_bulk_create(*, actor: Any, zone: Zone, drafts: list[dict[str, Any]]) -> list[Project]:
    """Create many projects of one zone at once (ledger imports), each with its first
    transition and its history, in a few inserts whatever their number.

    A draft holds the fields ``project_create`` takes, with related records already loaded;
    each project is validated as a single create would be, but for the existence of the
    records it links to.
    """
    if zone.is_archived:
        raise ValidationError({"zone": _("This zone is archived; projects cannot be added.")})
    if not can_create_project(actor, zone) or not drafts:
        if drafts:
            raise PermissionDenied
        return []
    today = timezone.localdate()
    first = _reserve_numbers(zone, today.year, len(drafts))
    is_officer = access.role_in(actor, zone.organisation) == Role.OFFICER and getattr(
        actor, "pk", None
    )
    projects = []
    for number, fields in enumerate(drafts, start=first):
        fields = {"officer": actor, **fields} if is_officer else dict(fields)
        project = Project(zone=zone, code=_code(zone, today.year, number), stage_on=today, **fields)
        project.full_clean(exclude=_BULK_UNCHECKED, validate_unique=False)
        projects.append(project)
    created = bulk_insert(Project, projects, batch_size=500)
    person = actor if getattr(actor, "pk", None) else None
    StageTransition.objects.bulk_create(
        (
            StageTransition(
                project=project,
                from_stage="",
                to_stage=Stage.PURSUED,
                happened_on=today,
                actor=person,
            )
            for project in created
        ),
        batch_size=1000,
    )
    record_created(actor=actor, objs=created, extra={p.pk: {"task_force": []} for p in created})
    refresh_pipeline([zone.pk])
    return created


def enterprises_for(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Enterprise]:
    """``enterprise_for`` for many (name, credit code) pairs, in a fixed number of queries."""
    wanted = {}
    for name, code in pairs:
        name, code = (name or "").strip(), (code or "").strip().upper()
        if name or code:
            wanted[(name, code)] = (name, code)
    codes = {code for _name, code in wanted.values() if code}
    names = {name for name, code in wanted.values() if not code}
    by_code = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    by_name: dict[str, Enterprise] = {}
    for enterprise in Enterprise.objects.filter(name__in=names, credit_code__isnull=True):
        by_name.setdefault(enterprise.name, enterprise)
    new: list[Enterprise] = []
    for name, code in wanted.values():
        if (code and code in by_code) or (not code and name in by_name):
            continue
        enterprise = Enterprise(name=name or code, credit_code=code or None)
        try:
            enterprise.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise ValidationError({"investor_credit_code": exc.messages}) from exc
        new.append(enterprise)
        if code:
            by_code[code] = enterprise
        else:
            by_name[name] = enterprise
    if new:
        bulk_insert(Enterprise, new, batch_size=500)
    return {key: by_code[code] if code else by_name[name] for key, (name, code) in wanted.items()}


@transaction.atomic
def reports_bulk_submit(
    *, actor: Any, month: date, entries: list[tuple[Project, Decimal, str]]
) -> list[ProgressReport]:
    """File one month's reports of many projects at once (project, invested, progress), by the
    rules of ``report_submit``; a project that has reported the month refuses them all."""
    if not entries:
        return []
    for project, _invested, _progress in entries:
        if not access.can_change(actor, project):
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
    person = actor if getattr(actor, "pk", None) else None
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
    record_created(actor=actor, objs=created)
    return created


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, changes: dict[str, Any], expected_version: int | None = None
) -> Project:
    """Change a project's fields (not its stage: that is a transition)."""
    if not access.can_change(actor, project):
        raise PermissionDenied
    zone_id = project.zone_id
    project = tracked_update(
        actor=actor,
        obj=project,
        changes=changes,
        expected_version=expected_version,
        check=_can_change(actor),
    )
    if "total_investment_wan" in changes or "zone" in changes:
        refresh_pipeline({zone_id, project.zone_id})
    return project


@transaction.atomic
def project_archive(*, actor: Any, project: Project, restore: bool = False) -> Project:
    """Archive a project (it leaves lists and counts; nothing is deleted), or restore it."""
    if not access.can_change(actor, project):
        raise PermissionDenied
    write = tracked_restore if restore else tracked_archive
    project = write(actor=actor, obj=project, check=_can_change(actor))
    refresh_pipeline([project.zone_id])
    return project


def _stage_dates(project: Project) -> None:
    """Derive the stage dates from the transitions: the latest move into each stage that the
    project has reached, and when it entered its current stage."""
    latest: dict[str, date] = {}
    for to_stage, happened_on in project.transitions.values_list("to_stage", "happened_on"):
        latest[to_stage] = happened_on
    reached = (
        set(STAGE_ORDER[: STAGE_ORDER.index(Stage(project.stage)) + 1])
        if project.stage in STAGE_ORDER
        else set(latest)
    )
    project.signed_on = latest.get(Stage.SIGNED) if Stage.SIGNED in reached else None
    project.started_on = latest.get(Stage.STARTED) if Stage.STARTED in reached else None
    project.production_on = (
        latest.get(Stage.IN_PRODUCTION) if Stage.IN_PRODUCTION in reached else None
    )
    project.stage_on = latest.get(project.stage)


@transaction.atomic
def project_transition(
    *,
    actor: Any,
    project: Project,
    to_stage: Stage | str,
    happened_on: date,
    note: str = "",
    evidence: UploadedFile | None = None,
    skipped: dict[str, date] | None = None,
    expected_version: int | None = None,
    end_reason: EndReason | None = None,
    lost_to: str = "",
) -> list[StageTransition]:
    """Move a project to another stage on the date it happened.

    Forward moves may skip stages only when each skipped stage's date is given (``skipped``);
    moving backward, terminating or reopening needs a reason (``note``), and terminating one
    from the managed list (``end_reason``) too, with the region that won it if known. Signing
    needs the total investment; each stage's date may not come before the previous stage's.
    Claims of signing, start and production wait for the supervising level's verification
    before they count.
    """
    if not access.can_change(actor, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and project.version != expected_version:
        raise stale_error(project)
    try:
        target = Stage(to_stage)
    except ValueError as exc:
        raise ValidationError({"stage": _("Unknown stage.")}) from exc
    current = Stage(project.stage)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if target == current:
        errors["stage"] = _("The project is already at this stage.")
    if happened_on > today:
        errors["date"] = _("A stage change cannot be dated in the future.")
    stored_evidence = None
    if evidence is not None:
        try:
            stored_evidence = files.checked_evidence(evidence)
        except ValidationError as exc:
            errors["evidence"] = exc.messages[0]
    skipped = dict(skipped or {})
    steps: list[tuple[Stage, date]] = []
    backward = (
        target == Stage.TERMINATED
        or current == Stage.TERMINATED
        or STAGE_ORDER.index(target) < STAGE_ORDER.index(current)
    )
    if target == Stage.TERMINATED and end_reason is None:
        errors["end_reason"] = _("Choose why the project ends.")
    if backward:
        if not note.strip():
            errors["note"] = _("Give the reason for moving back, terminating or reopening.")
        steps = [(target, happened_on)]
    elif not errors:
        between = STAGE_ORDER[STAGE_ORDER.index(current) + 1 : STAGE_ORDER.index(target)]
        for stage in between:
            when = skipped.get(stage.value)
            if when is None:
                errors.setdefault(
                    "skipped",
                    _("Moving past %(stages)s needs the date of each.")
                    % {"stages": "、".join(str(s.label) for s in between)},
                )
            else:
                steps.append((stage, when))
        steps.append((target, happened_on))
        previous = project.stage_on
        dates = {
            Stage.SIGNED: project.signed_on,
            Stage.STARTED: project.started_on,
            Stage.IN_PRODUCTION: project.production_on,
        }
        for stage, when in steps:
            if when > today:
                errors["date"] = _("A stage change cannot be dated in the future.")
            if previous and when < previous and stage in VERIFIED_STAGES:
                errors["date"] = _(
                    "%(stage)s cannot be dated before the previous stage (%(date)s)."
                ) % {"stage": stage.label, "date": previous.isoformat()}
            dates[stage] = when
            previous = when
        if Stage.SIGNED in [s for s, _w in steps] and not project.total_investment_wan:
            errors["total_investment_wan"] = _("Signing needs the total investment.")
        if (
            dates[Stage.STARTED]
            and dates[Stage.SIGNED]
            and dates[Stage.STARTED] < dates[Stage.SIGNED]
        ):
            errors["date"] = _("The start date cannot be before the signing date.")
    for stage, _when in steps:
        rule = _evidence_rules().get(stage)
        if rule is None:
            continue
        if stage != target:
            errors["evidence"] = _(
                "%(stage)s needs its own evidence: move to it first and attach %(evidence)s."
            ) % {"stage": stage.label, "evidence": rule.evidence}
        elif evidence is None:
            errors["evidence"] = _("A claim of %(stage)s needs evidence: %(evidence)s.") % {
                "stage": stage.label,
                "evidence": rule.evidence,
            }
    if errors:
        raise ValidationError(errors)

    user = actor if getattr(actor, "pk", None) else None
    made = []
    from_stage = current
    for stage, when in steps:
        made.append(
            StageTransition.objects.create(
                project=project,
                from_stage=from_stage,
                to_stage=stage,
                happened_on=when,
                note=note if stage == target else "",
                evidence=stored_evidence if stage == target else None,
                actor=user,
                verification=(
                    Verification.PENDING if stage in VERIFIED_STAGES else Verification.NOT_REQUIRED
                ),
            )
        )
        from_stage = stage
    before = {"stage": project.stage, "verified_stage": project.verified_stage}
    ending: list[str] = []
    if target == Stage.TERMINATED:
        before.update(end_reason=project.end_reason_id, lost_to=project.lost_to)
        project.end_reason, project.lost_to = end_reason, lost_to.strip()[:100]
        ending = ["end_reason", "lost_to"]
    project.stage = target
    project.verified_stage = _verified_stage(project)
    _stage_dates(project)
    project.version = F("version") + 1
    project.save(
        update_fields=[
            "stage",
            "verified_stage",
            "stage_on",
            "signed_on",
            "started_on",
            "production_on",
            "version",
            "updated_at",
            *ending,
        ]
    )
    project.refresh_from_db(fields=["version"])
    record_change(
        actor=actor,
        obj=project,
        action=Action.UPDATE,
        before=before,
        after={
            "stage": project.stage,
            "verified_stage": project.verified_stage,
            **({"end_reason": project.end_reason_id, "lost_to": project.lost_to} if ending else {}),
        },
    )
    refresh_pipeline([project.zone_id])
    return made


def _evidence_rules() -> dict[str, StageRule]:
    """The stages whose claims are refused without evidence (administrators set them)."""
    return {rule.stage: rule for rule in StageRule.objects.filter(needs_evidence=True)}


def _order(stage: str) -> int:
    return STAGE_ORDER.index(Stage(stage)) if stage in STAGE_ORDER else -1


def _verified_stage(project: Project) -> str:
    """The stage statistics count: the furthest stage up to the current one whose latest claim
    is verified (or needs no verification). Terminated projects count as terminated."""
    if project.stage == Stage.TERMINATED:
        return Stage.TERMINATED
    latest: dict[str, str] = {}
    for to_stage, verification in project.transitions.order_by("happened_on", "id").values_list(
        "to_stage", "verification"
    ):
        latest[to_stage] = verification
    reached = STAGE_ORDER[: _order(project.stage) + 1]
    counted = [
        stage
        for stage in reached
        if latest.get(stage) in (Verification.VERIFIED, Verification.NOT_REQUIRED)
    ]
    return counted[-1] if counted else Stage.PURSUED


@transaction.atomic
def verification_decide(
    *, actor: Any, transition: StageTransition, approve: bool, note: str = ""
) -> StageTransition:
    """The supervising level accepts or rejects a claimed stage; a rejection needs a reason.

    An accepted claim of the project's current stage (or a later one it has since moved past)
    makes the project count at that stage in statistics.
    """
    project = (
        Project.objects.select_for_update()
        .select_related("zone__organisation")
        .get(pk=transition.project_id)
    )
    if not can_verify(actor, project):
        raise PermissionDenied
    # Read again under the project's lock: of two verifiers at once, the second finds it decided.
    transition = StageTransition.objects.select_for_update().get(pk=transition.pk)
    if transition.verification != Verification.PENDING:
        raise ValidationError({"verification": _("This claim has already been decided.")})
    if not approve and not note.strip():
        raise ValidationError({"note": _("Give the reason for rejecting the claim.")})
    transition.verification = Verification.VERIFIED if approve else Verification.REJECTED
    transition.verified_by = actor if getattr(actor, "pk", None) else None
    transition.verified_at = timezone.now()
    transition.verification_note = note
    transition.save(
        update_fields=["verification", "verified_by", "verified_at", "verification_note"]
    )
    before = project.verified_stage
    counted = _verified_stage(project)
    if counted != before:
        Project.objects.filter(pk=project.pk).update(verified_stage=counted)
        record_change(
            actor=actor,
            obj=project,
            action=Action.UPDATE,
            before={"verified_stage": before},
            after={"verified_stage": counted},
        )
        refresh_pipeline([project.zone_id])
    return transition


def report_due(month: date) -> date:
    """A month's report is due on the configured day of the following month (default the 5th)."""
    year, next_month = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    return date(year, next_month, settings.ZONETRACK_REPORT_DUE_DAY)


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    project: Project,
    month: date,
    invested_wan: Decimal,
    progress: str = "",
    percent_complete: int | None = None,
    funds_in_place_wan: Decimal | None = None,
    submitted_on: date | None = None,
    photo: UploadedFile | None = None,
) -> ProgressReport:
    """File the monthly report; one per project and month, none for a month not yet begun.

    ``submitted_on`` is for reports entered afterwards from paper or a ledger: lateness is
    judged by when the report was actually made (default today).
    """
    if not access.can_change(actor, project):
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
    report = ProgressReport(
        project=project,
        month=month,
        invested_wan=invested_wan,
        funds_in_place_wan=funds_in_place_wan,
        progress=progress,
        percent_complete=percent_complete,
        submitted_by=actor if getattr(actor, "pk", None) else None,
        is_late=(submitted_on or today) > report_due(month),
    )
    if stored_photo is not None:
        report.photo.save(stored_photo.name, stored_photo, save=False)
    return tracked_create(actor=actor, obj=report)


@transaction.atomic
def year_plan_set(
    *,
    actor: Any,
    project: Project,
    year: int,
    planned_investment_wan: Decimal,
    planned_start: bool = False,
    planned_completion: bool = False,
) -> YearPlan:
    """Set a project's investment plan for a year (changes are kept in the history)."""
    if not access.can_change(actor, project):
        raise PermissionDenied
    plan = YearPlan.objects.filter(project=project, year=year).first()
    values = {
        "planned_investment_wan": planned_investment_wan,
        "planned_start": planned_start,
        "planned_completion": planned_completion,
    }
    if plan is None:
        return tracked_create(actor=actor, obj=YearPlan(project=project, year=year, **values))
    return tracked_update(actor=actor, obj=plan, changes=values)


@transaction.atomic
def year_plans_bulk_create(
    *, actor: Any, year: int, entries: list[tuple[Project, Decimal]]
) -> list[YearPlan]:
    """The first investment plan for a year of many projects (project, planned investment),
    created at once with their history; for plans that may exist, use ``year_plan_set``."""
    for project, _planned in entries:
        if not access.can_change(actor, project):
            raise PermissionDenied
    plans = [
        YearPlan(project=project, year=year, planned_investment_wan=planned)
        for project, planned in entries
    ]
    for plan in plans:
        plan.full_clean(exclude=("project",), validate_unique=False)
    created = bulk_insert(YearPlan, plans)
    record_created(actor=actor, objs=created)
    return created


@transaction.atomic
def milestone_save(
    *,
    actor: Any,
    project: Project,
    name: str,
    planned_on: date,
    actual_on: date | None = None,
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone or record its actual date (定时限)."""
    if not access.can_change(actor, project):
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
