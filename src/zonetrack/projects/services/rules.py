"""The stage-transition rules as a pure function: given where a project stands, where it is to
go and the facts of the claim, the steps to write or the reasons why not. No database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ..choices import STAGE_ORDER, VERIFIED_STAGES, Stage


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules read of the project as stored: its stage and the dates it reached."""

    stage: Stage
    stage_on: date | None = None
    signed_on: date | None = None
    started_on: date | None = None
    production_on: date | None = None
    total_investment_wan: Decimal | None = None

    @classmethod
    def of(cls, project: Any) -> ProjectFacts:
        """The facts of a project record (anything with its stage and date attributes)."""
        return cls(
            stage=Stage(project.stage),
            stage_on=project.stage_on,
            signed_on=project.signed_on,
            started_on=project.started_on,
            production_on=project.production_on,
            total_investment_wan=project.total_investment_wan,
        )


@dataclass(frozen=True)
class TransitionClaim:
    """What the user asks for: the target stage, its date and what comes with the claim."""

    target: Stage
    happened_on: date
    note: str = ""
    has_evidence: bool = False
    # Why the attached file was refused (checked before the rules, as it reads the file).
    evidence_error: str | None = None
    skipped: Mapping[str, date] = field(default_factory=dict)
    has_end_reason: bool = False


@dataclass(frozen=True)
class TransitionCheck:
    """The steps (stage, date) to write, in order, or the errors by form field."""

    steps: list[tuple[Stage, date]]
    errors: dict[str, str]

    @property
    def allowed(self) -> bool:
        return not self.errors


def is_backward(current: Stage, target: Stage) -> bool:
    """Moving back, terminating or reopening: a reason is needed and no stage is skipped."""
    return (
        target == Stage.TERMINATED
        or current == Stage.TERMINATED
        or STAGE_ORDER.index(target) < STAGE_ORDER.index(current)
    )


def check_transition(
    project: ProjectFacts,
    claim: TransitionClaim,
    *,
    today: date,
    evidence_rules: Mapping[str, str],
) -> TransitionCheck:
    """Decide a stage move.

    Forward moves may skip stages only when each skipped stage's date is given; moving
    backward, terminating or reopening needs a reason, and terminating a reason from the
    managed list too. Signing needs the total investment; each stage's date may not come
    before the previous stage's, nor lie in the future. A stage in ``evidence_rules`` (stage →
    the evidence it calls for) is refused without evidence, and cannot be skipped past.
    """
    current, target, happened_on = project.stage, claim.target, claim.happened_on
    errors: dict[str, str] = {}
    if target == current:
        errors["stage"] = _("The project is already at this stage.")
    if happened_on > today:
        errors["date"] = _("A stage change cannot be dated in the future.")
    if claim.evidence_error is not None:
        errors["evidence"] = claim.evidence_error
    steps: list[tuple[Stage, date]] = []
    backward = is_backward(current, target)
    if target == Stage.TERMINATED and not claim.has_end_reason:
        errors["end_reason"] = _("Choose why the project ends.")
    if backward:
        if not claim.note.strip():
            errors["note"] = _("Give the reason for moving back, terminating or reopening.")
        steps = [(target, happened_on)]
    elif not errors:
        steps = _forward_steps(project, claim, today, errors)
    for stage, _when in steps:
        evidence = evidence_rules.get(stage)
        if evidence is None:
            continue
        if stage != target:
            errors["evidence"] = _(
                "%(stage)s needs its own evidence: move to it first and attach %(evidence)s."
            ) % {"stage": stage.label, "evidence": evidence}
        elif not claim.has_evidence:
            errors["evidence"] = _("A claim of %(stage)s needs evidence: %(evidence)s.") % {
                "stage": stage.label,
                "evidence": evidence,
            }
    return TransitionCheck(steps=steps, errors=errors)


def _forward_steps(
    project: ProjectFacts, claim: TransitionClaim, today: date, errors: dict[str, str]
) -> list[tuple[Stage, date]]:
    """The skipped stages with their dates, then the target; adds to ``errors`` what is wrong."""
    current, target = project.stage, claim.target
    between = STAGE_ORDER[STAGE_ORDER.index(current) + 1 : STAGE_ORDER.index(target)]
    steps: list[tuple[Stage, date]] = []
    for stage in between:
        when = claim.skipped.get(stage.value)
        if when is None:
            errors.setdefault(
                "skipped",
                _("Moving past %(stages)s needs the date of each.")
                % {"stages": "、".join(str(s.label) for s in between)},
            )
        else:
            steps.append((stage, when))
    steps.append((target, claim.happened_on))
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
    started, signed = dates[Stage.STARTED], dates[Stage.SIGNED]
    if started and signed and started < signed:
        errors["date"] = _("The start date cannot be before the signing date.")
    return steps
