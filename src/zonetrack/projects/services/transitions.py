"""Stage moves and their verification (项目认定): load, ask the rules, write."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.audit.choices import Action
from zonetrack.audit.services import (
    actor_user,
    bump_version,
    record_change,
    stale_error,
)

from .. import files, permissions
from ..choices import STAGE_ORDER, VERIFIED_STAGES, WITHOUT_EVIDENCE, Stage, Verification
from ..models import (
    EndReason,
    Project,
    StageRule,
    StageTransition,
)
from .pipeline import Notes, announce_changed, notes_before, refresh_pipeline
from .rules import ProjectFacts, TransitionClaim, check_transition

if TYPE_CHECKING:
    from zonetrack.accounts.models import User


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
    actor: User | None,
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
    if not permissions.can_change_project(actor, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and project.version != expected_version:
        raise stale_error(project)
    try:
        target = Stage(to_stage)
    except ValueError as exc:
        raise ValidationError({"stage": _("Unknown stage.")}) from exc
    stored_evidence, evidence_error = None, None
    if evidence is not None:
        try:
            stored_evidence = files.checked_evidence(evidence)
        except ValidationError as exc:
            evidence_error = exc.messages[0]
    check = check_transition(
        ProjectFacts.of(project),
        TransitionClaim(
            target=target,
            happened_on=happened_on,
            note=note,
            has_evidence=evidence is not None,
            evidence_error=evidence_error,
            skipped=dict(skipped or {}),
            has_end_reason=end_reason is not None,
        ),
        today=timezone.localdate(),
        evidence_rules=_evidence_rules(),
    )
    if not check.allowed:
        raise ValidationError(check.errors)
    notes = notes_before([project.pk])
    return _write_steps(
        actor=actor,
        project=project,
        steps=check.steps,
        target=target,
        note=note,
        evidence=stored_evidence,
        end_reason=end_reason,
        lost_to=lost_to,
        notes=notes,
    )


def _write_steps(
    *,
    actor: User | None,
    project: Project,
    steps: list[tuple[Stage, date]],
    target: Stage,
    note: str,
    evidence: Any,
    end_reason: EndReason | None,
    lost_to: str,
    notes: Notes | None = None,
) -> list[StageTransition]:
    """Write the allowed steps: one transition each (the target's with the note and
    evidence), then the project's stage, dates and version, its history and the totals."""
    current = Stage(project.stage)
    user = actor_user(actor)
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
                evidence=evidence if stage == target else None,
                actor=user,
                verification=(
                    Verification.PENDING if stage in VERIFIED_STAGES else Verification.NOT_REQUIRED
                ),
            )
        )
        from_stage = stage
    before: dict[str, Any] = {"stage": project.stage, "verified_stage": project.verified_stage}
    ending: list[str] = []
    if target == Stage.TERMINATED:
        before.update(end_reason=project.end_reason_id, lost_to=project.lost_to)
        project.end_reason, project.lost_to = end_reason, lost_to.strip()[:100]
        ending = ["end_reason", "lost_to"]
    project.stage = target
    project.verified_stage = _verified_stage(project)
    _stage_dates(project)
    # The stage, its dates and the version move in one compare-and-set UPDATE.
    bump_version(
        project,
        values={
            name: getattr(project, name)
            for name in (
                "stage",
                "verified_stage",
                "stage_on",
                "signed_on",
                "started_on",
                "production_on",
                *ending,
            )
        },
    )
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
    refresh_pipeline([project.zone_id], project_ids=[project.pk], notes=notes)
    return made


def _evidence_rules() -> dict[str, str]:
    """The stages whose claims are refused without evidence (administrators set them), each
    with the evidence it calls for."""
    return {rule.stage: rule.evidence for rule in StageRule.objects.filter(needs_evidence=True)}


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
    *,
    actor: User | None,
    transition: StageTransition,
    approve: bool,
    note: str = "",
    without_evidence: bool = False,
) -> StageTransition:
    """The supervising level accepts or rejects a claimed stage; a rejection needs a reason.

    A claim that came without evidence passes only when the verifier says so explicitly
    (``without_evidence``): the pass is then recorded as one without evidence, so a count
    resting on someone's word alone can be found again.

    An accepted claim of the project's current stage (or a later one it has since moved past)
    makes the project count at that stage in statistics.
    """
    project = (
        Project.objects.select_for_update()
        .select_related("zone__organisation")
        .get(pk=transition.project_id)
    )
    if not permissions.can_verify_stage(actor, project):
        raise PermissionDenied
    # Read again under the project's lock: of two verifiers at once, the second finds it decided.
    transition = StageTransition.objects.select_for_update().get(pk=transition.pk)
    if transition.verification != Verification.PENDING:
        raise ValidationError({"verification": _("This claim has already been decided.")})
    if not approve and not note.strip():
        raise ValidationError({"note": _("Give the reason for rejecting the claim.")})
    unproven = approve and not transition.evidence
    if unproven and not without_evidence:
        raise ValidationError(
            {
                "without_evidence": _(
                    "This claim has no evidence: confirm that you pass it without evidence."
                )
            }
        )
    notes = notes_before([project.pk])
    transition.verification = Verification.VERIFIED if approve else Verification.REJECTED
    transition.verified_by = actor_user(actor)
    transition.verified_at = timezone.now()
    transition.verification_note = note
    transition.save(
        update_fields=["verification", "verified_by", "verified_at", "verification_note"]
    )
    record_change(
        actor=actor,
        obj=transition,
        action=Action.UPDATE,
        before={"verification": Verification.PENDING},
        after={
            "verification": transition.verification,
            "verification_note": note,
            **({WITHOUT_EVIDENCE: True} if unproven else {}),
        },
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
        refresh_pipeline([project.zone_id], project_ids=[project.pk], notes=notes)
    elif approve:
        # A claim passed behind the counted stage (a signing verified after the start) moves
        # no pipeline total, but figures kept elsewhere count it.
        announce_changed([project.zone_id], project_ids=[project.pk], notes=notes)
    return transition
