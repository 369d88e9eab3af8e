"""The stage-transition rules alone, without a database: which moves are allowed, the steps
they write, and the reason given for each refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zonetrack.projects.choices import Stage
from zonetrack.projects.services.rules import (
    ProjectFacts,
    TransitionCheck,
    TransitionClaim,
    check_transition,
    is_backward,
)

TODAY = date(2026, 6, 15)
PACKAGED_ON = date(2026, 1, 10)


def facts(stage: Stage = Stage.PACKAGED, **values: object) -> ProjectFacts:
    defaults: dict[str, object] = {"stage_on": PACKAGED_ON, "total_investment_wan": Decimal(100)}
    return ProjectFacts(stage=stage, **{**defaults, **values})  # type: ignore[arg-type]


def check(
    project: ProjectFacts, rules: dict[str, str] | None = None, **claim: object
) -> TransitionCheck:
    values: dict[str, object] = {"happened_on": date(2026, 3, 1), **claim}
    return check_transition(
        project,
        TransitionClaim(**values),  # type: ignore[arg-type]
        today=TODAY,
        evidence_rules=rules or {},
    )


def test_transition_forward_one_stage_is_one_step() -> None:
    result = check(facts(), target=Stage.SIGNED)
    assert result.allowed
    assert result.steps == [(Stage.SIGNED, date(2026, 3, 1))]


def test_transition_to_the_same_stage_is_refused() -> None:
    result = check(facts(), target=Stage.PACKAGED)
    assert not result.allowed and "stage" in result.errors and result.steps == []


def test_transition_dated_in_the_future_is_refused() -> None:
    result = check(facts(), target=Stage.SIGNED, happened_on=date(2026, 7, 1))
    assert set(result.errors) == {"date"}


def test_transition_skipping_needs_the_date_of_each_skipped_stage() -> None:
    refused = check(facts(), target=Stage.STARTED)
    assert set(refused.errors) == {"skipped"}
    allowed = check(facts(), target=Stage.STARTED, skipped={"signed": date(2026, 2, 1)})
    assert allowed.allowed
    assert allowed.steps == [(Stage.SIGNED, date(2026, 2, 1)), (Stage.STARTED, date(2026, 3, 1))]


def test_transition_signing_needs_the_total_investment() -> None:
    result = check(facts(total_investment_wan=None), target=Stage.SIGNED)
    assert set(result.errors) == {"total_investment_wan"}


def test_transition_a_verified_stage_cannot_predate_the_previous_one() -> None:
    result = check(facts(), target=Stage.SIGNED, happened_on=date(2026, 1, 1))
    assert set(result.errors) == {"date"}


def test_transition_start_cannot_predate_signing() -> None:
    project = facts(Stage.SIGNED, stage_on=None, signed_on=date(2026, 5, 1))
    result = check(project, target=Stage.STARTED, happened_on=date(2026, 4, 1))
    assert set(result.errors) == {"date"}


def test_transition_backward_needs_a_reason() -> None:
    refused = check(facts(Stage.SIGNED), target=Stage.PURSUED)
    assert set(refused.errors) == {"note"}
    allowed = check(facts(Stage.SIGNED), target=Stage.PURSUED, note="投资方撤回")
    assert allowed.allowed and allowed.steps == [(Stage.PURSUED, date(2026, 3, 1))]


def test_transition_terminating_needs_a_reason_and_an_end_reason() -> None:
    refused = check(facts(), target=Stage.TERMINATED)
    assert set(refused.errors) == {"note", "end_reason"}
    allowed = check(facts(), target=Stage.TERMINATED, note="落地外省", has_end_reason=True)
    assert allowed.allowed and allowed.steps == [(Stage.TERMINATED, date(2026, 3, 1))]


def test_transition_reopening_a_terminated_project_is_backward() -> None:
    assert is_backward(Stage.TERMINATED, Stage.SIGNED)
    assert is_backward(Stage.STARTED, Stage.PACKAGED)
    assert not is_backward(Stage.PACKAGED, Stage.STARTED)


@pytest.mark.parametrize(
    ("has_evidence", "allowed"),
    [(False, False), (True, True)],
)
def test_transition_a_stage_that_needs_evidence_refuses_a_claim_without_it(
    has_evidence: bool, allowed: bool
) -> None:
    result = check(facts(), {"signed": "签约合同"}, target=Stage.SIGNED, has_evidence=has_evidence)
    assert result.allowed is allowed
    if not allowed:
        assert "签约合同" in result.errors["evidence"]


def test_transition_cannot_skip_past_a_stage_that_needs_evidence() -> None:
    result = check(
        facts(),
        {"signed": "签约合同"},
        target=Stage.STARTED,
        has_evidence=True,
        skipped={"signed": date(2026, 2, 1)},
    )
    assert set(result.errors) == {"evidence"} and "签约合同" in result.errors["evidence"]


def test_transition_a_refused_file_is_reported_as_the_evidence_error() -> None:
    result = check(facts(), target=Stage.SIGNED, has_evidence=True, evidence_error="坏文件")
    assert result.errors == {"evidence": "坏文件"}
