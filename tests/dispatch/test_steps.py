"""One test per step of a problem's loop (one service each) and the verb map."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.audit.services import history_of
from zonetrack.core.errors import StaleVersion
from zonetrack.dispatch import services
from zonetrack.dispatch.choices import EscalationLevel, ProblemStatus
from zonetrack.dispatch.models import Problem

from ..conftest import World, make_user
from .factories import ProblemFactory

TODAY = timezone.localdate()


def _last_event(problem: Problem) -> tuple[str, str]:
    event = problem.events.order_by("-id").first()
    assert event is not None
    return event.kind, event.note


def test_problem_create_raises_and_hands_over(world: World) -> None:
    problem = services.problem_create(
        actor=world.a_officer,
        project=world.project_a,
        category="land",
        description="  用地指标  ",
        deadline_on=TODAY + timedelta(days=3),
    )
    assert (problem.status, problem.description) == (ProblemStatus.ASSIGNED, "用地指标")
    assert problem.responsible_unit == world.org_a  # the zone's committee by default
    assert problem.raised_by == world.a_officer and problem.zone == world.zone_a
    assert _last_event(problem) == ("raise", "用地指标")
    assert history_of(problem).count() == 1


def test_problem_update_changes_fields_once(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_update(
        actor=world.a_manager, problem=problem, changes={"category": "power"}, expected_version=1
    )
    assert (problem.category, problem.version) == ("power", 2)
    assert _last_event(problem) == ("edit", "category")
    with pytest.raises(ValidationError):
        services.problem_update(actor=world.a_manager, problem=problem, changes={"status": "x"})
    with pytest.raises(PermissionDenied):
        services.problem_update(actor=world.a_viewer, problem=problem, changes={"category": "x"})


def test_problem_assign_hands_over_to_another_unit_and_deadline(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_start(actor=world.a_manager, problem=problem)
    services.problem_assign(
        actor=world.a_manager,
        problem=problem,
        note="改由招商局办理",
        responsible_unit=world.dept_a,
        deadline_on=TODAY + timedelta(days=40),
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.ASSIGNED
    assert (problem.responsible_unit, problem.deadline_on) == (
        world.dept_a,
        TODAY + timedelta(days=40),
    )
    assert _last_event(problem) == ("assign", "改由招商局办理")
    with pytest.raises(ValidationError) as error:
        services.problem_assign(
            actor=world.a_manager, problem=problem, deadline_on=TODAY - timedelta(days=1)
        )
    assert "deadline_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.problem_assign(
            actor=world.a_manager, problem=problem, responsible_unit=world.org_b
        )
    assert "responsible_unit" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.problem_assign(actor=world.a_viewer, problem=problem)


def test_problem_start_takes_it_in_hand_once(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_start(actor=world.a_manager, problem=problem)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_HAND
    assert _last_event(problem)[0] == "start"
    with pytest.raises(ValidationError) as error:
        services.problem_start(actor=world.a_manager, problem=problem)
    assert "kind" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.problem_start(actor=world.b_manager, problem=problem)


def test_problem_answer_needs_a_note_that_becomes_the_resolution(world: World) -> None:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    problem = ProblemFactory(
        actor=world.a_officer, project=world.project_a, responsible_unit=world.dept_a
    )
    with pytest.raises(ValidationError) as error:
        services.problem_answer(actor=clerk, problem=problem, note=" ")
    assert "note" in error.value.message_dict
    services.problem_answer(actor=clerk, problem=problem, note="已协调")
    problem.refresh_from_db()
    assert (problem.status, problem.resolution) == (ProblemStatus.ANSWERED, "已协调")
    with pytest.raises(PermissionDenied):
        services.problem_answer(actor=world.a_viewer, problem=problem, note="x")


def test_problem_accept_closes_for_the_raiser_only(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    with pytest.raises(ValidationError):  # not answered yet
        services.problem_accept(actor=world.a_officer, problem=problem)
    services.problem_answer(actor=world.a_manager, problem=problem, note="已解决")
    with pytest.raises(ValidationError) as error:
        services.problem_accept(actor=world.a_manager, problem=problem)
    assert "kind" in error.value.message_dict
    services.problem_accept(actor=world.a_officer, problem=problem)
    problem.refresh_from_db()
    assert (problem.status, problem.closed_on) == (ProblemStatus.CLOSED, TODAY)
    assert _last_event(problem)[0] == "accept"


def test_problem_reject_reopens_with_a_reason(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_answer(actor=world.a_manager, problem=problem, note="已解决")
    with pytest.raises(PermissionDenied):
        services.problem_reject(actor=world.a_manager, problem=problem, note="不行")
    with pytest.raises(ValidationError) as error:
        services.problem_reject(actor=world.a_officer, problem=problem)
    assert "note" in error.value.message_dict
    services.problem_reject(actor=world.a_officer, problem=problem, note="未落实")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_HAND
    assert _last_event(problem) == ("reject", "未落实")


def test_problem_escalate_goes_up_to_the_province_and_no_further(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    with pytest.raises(ValidationError):
        services.problem_escalate(actor=world.a_manager, problem=problem)
    services.problem_escalate(actor=world.a_manager, problem=problem, note="需市级协调")
    services.problem_escalate(actor=world.a_officer, problem=problem, note="需省级协调")
    problem.refresh_from_db()
    assert (problem.escalation_level, problem.escalated_on) == (EscalationLevel.PROVINCE, TODAY)
    with pytest.raises(ValidationError):
        services.problem_escalate(actor=world.a_manager, problem=problem, note="再升")
    assert "escalate" not in services.allowed_verbs(world.a_manager, problem)


def test_a_stale_version_refuses_a_step(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_start(actor=world.a_manager, problem=problem, expected_version=1)
    with pytest.raises(StaleVersion):
        services.problem_answer(
            actor=world.a_manager, problem=problem, note="x", expected_version=1
        )


def test_problem_event_maps_each_verb_to_its_step(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    with pytest.raises(ValidationError) as error:
        services.problem_event(actor=world.a_manager, problem=problem, verb="fly")
    assert "kind" in error.value.message_dict
    # Hand-over fields are ignored by the other steps.
    services.problem_event(
        actor=world.a_manager, problem=problem, verb="start", deadline_on=TODAY - timedelta(1)
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_HAND and problem.deadline_on > TODAY
    assert services.allowed_verbs(world.a_manager, problem) == [
        "answer",
        "extension_ask",
        "assign",
        "escalate",
    ]
