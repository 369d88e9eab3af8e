"""The problem loop, escalation, colour rules and overrides, meetings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.audit.services import history_of
from zonetrack.dispatch import selectors, services
from zonetrack.dispatch.choices import Colour, EscalationLevel, ProblemStatus
from zonetrack.dispatch.models import ColourChange, ColourStatus, Decision, Problem
from zonetrack.projects.models import Milestone
from zonetrack.projects.services import milestone_save

from ..conftest import World, make_user
from .factories import make_problem

TODAY = timezone.localdate()


def test_problem_closed_loop_needs_the_raisers_acceptance(world: World) -> None:
    unit_officer = make_user("dept", (world.dept_a, Role.OFFICER))
    problem = make_problem(
        world.a_officer,
        world.project_a,
        responsible_unit=world.dept_a,
        responsible_person=unit_officer,
    )
    assert problem.status == ProblemStatus.ASSIGNED
    services.problem_event(actor=unit_officer, problem=problem, verb="start")
    with pytest.raises(ValidationError) as missing:
        services.problem_event(actor=unit_officer, problem=problem, verb="answer")
    assert "note" in missing.value.message_dict
    services.problem_event(actor=unit_officer, problem=problem, verb="answer", note="已协调解决")
    # The answering unit cannot close its own answer.
    with pytest.raises(ValidationError) as refused:
        services.problem_event(actor=unit_officer, problem=problem, verb="accept")
    assert "kind" in refused.value.message_dict
    # The raiser rejects: the problem is in hand again.
    services.problem_event(actor=world.a_officer, problem=problem, verb="reject", note="未落实")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.IN_HAND
    services.problem_event(actor=unit_officer, problem=problem, verb="answer", note="指标已下达")
    services.problem_event(actor=world.a_officer, problem=problem, verb="accept")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED
    assert problem.closed_on == TODAY
    assert problem.resolution == "指标已下达"
    kinds = list(problem.events.values_list("kind", flat=True))
    assert kinds == ["raise", "start", "answer", "reject", "answer", "accept"]
    assert history_of(problem).count() == 6  # created + five status changes


def test_closing_is_only_possible_once_answered(world: World) -> None:
    problem = make_problem(world.a_officer, world.project_a)
    with pytest.raises(ValidationError):
        services.problem_event(actor=world.a_officer, problem=problem, verb="accept")


def test_deadline_before_raised_date_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_problem(
            world.a_officer, world.project_a, raised_on=TODAY, deadline_on=TODAY - timedelta(days=1)
        )
    assert "deadline_on" in error.value.message_dict


def test_unit_of_another_branch_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_problem(world.a_officer, world.project_a, responsible_unit=world.org_b)
    assert "responsible_unit" in error.value.message_dict


def test_viewer_cannot_raise_and_other_branch_cannot_see(world: World) -> None:
    with pytest.raises(PermissionDenied):
        make_problem(world.a_viewer, world.project_a)
    problem = make_problem(world.a_officer, world.project_a)
    assert problem in selectors.problem_list(user=world.city_manager)
    assert problem not in selectors.problem_list(user=world.b_manager)


def test_responsible_department_sees_its_problems_only(world: World) -> None:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    handed = make_problem(world.a_manager, world.project_a, responsible_unit=world.dept_a)
    other = make_problem(world.a_manager, world.project_a)
    seen = list(selectors.problem_list(user=clerk))
    assert handed in seen and other not in seen
    assert handed in selectors.my_work(user=clerk)["to_work"]


def test_overdue_problems_escalate_zone_city_province(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_ESCALATE_DAYS = 5

    def overdue(days: int):  # type: ignore[no-untyped-def]
        raised = TODAY - timedelta(days=max(days, 0) + 1)
        return make_problem(
            world.a_officer,
            world.project_a,
            raised_on=raised,
            deadline_on=TODAY - timedelta(days=days),
        )

    on_time, late4, late7, late12 = overdue(-3), overdue(4), overdue(7), overdue(12)
    closed = overdue(30)
    services.problem_event(actor=world.a_manager, problem=closed, verb="answer", note="已解决")
    services.problem_event(actor=world.a_officer, problem=closed, verb="accept")
    assert services.problems_escalate_overdue() == 2
    levels = {
        p: Problem.objects.get(pk=p.pk).escalation_level
        for p in (on_time, late4, late7, late12, closed)
    }
    assert levels == {
        on_time: EscalationLevel.ZONE,
        late4: EscalationLevel.ZONE,
        late7: EscalationLevel.CITY,
        late12: EscalationLevel.PROVINCE,
        closed: EscalationLevel.ZONE,
    }
    # The same day again: nothing more. Days later the city's problem goes to the province.
    assert services.problems_escalate_overdue() == 0
    assert services.problems_escalate_overdue(today=TODAY + timedelta(days=4)) == 2
    assert list(late7.events.values_list("kind", "escalation_level"))[-2:] == [
        ("auto_escalate", 1),
        ("auto_escalate", 2),
    ]


def test_escalation_by_hand_needs_a_reason(world: World) -> None:
    problem = make_problem(world.a_officer, world.project_a)
    with pytest.raises(ValidationError):
        services.problem_event(actor=world.a_manager, problem=problem, verb="escalate")
    services.problem_event(
        actor=world.a_manager, problem=problem, verb="escalate", note="需市级协调"
    )
    problem.refresh_from_db()
    assert problem.escalation_level == EscalationLevel.CITY


def test_stale_version_is_refused(world: World) -> None:
    from zonetrack.core.errors import StaleVersion

    problem = make_problem(world.a_officer, world.project_a)
    services.problem_update(
        actor=world.a_manager, problem=problem, changes={"description": "新"}, expected_version=1
    )
    with pytest.raises(StaleVersion):
        services.problem_update(
            actor=world.a_manager,
            problem=problem,
            changes={"description": "旧"},
            expected_version=1,
        )


# Colours, hand-worked: planned 10 days ago, grace 2 days.


def _milestone(world: World, planned: int, actual: int | None = None) -> Milestone:
    return milestone_save(
        actor=None,
        project=world.project_a,
        name="开工",
        planned_on=TODAY + timedelta(days=planned),
        actual_on=TODAY + timedelta(days=actual) if actual is not None else None,
    )


def _colours(world: World) -> tuple[str, dict[int, str]]:
    rows = ColourStatus.objects.filter(project=world.project_a)
    project = next(r.colour for r in rows if r.milestone_id is None)
    return project, {r.milestone_id: r.colour for r in rows if r.milestone_id}


@pytest.fixture
def grace(settings) -> int:  # type: ignore[no-untyped-def]
    settings.ZONETRACK_COLOUR_GRACE_DAYS = 2
    return 2


def test_colour_on_time_is_green(world: World, grace: int) -> None:
    _milestone(world, planned=5)  # not yet due
    _milestone(world, planned=-10, actual=-11)  # reached early
    _milestone(world, planned=-1)  # 1 day late, within the 2 days' grace
    services.colours_refresh(project_ids=[world.project_a.pk])
    project, milestones = _colours(world)
    assert project == Colour.GREEN
    assert set(milestones.values()) == {Colour.GREEN}


def test_colour_late_is_red(world: World, grace: int) -> None:
    late = _milestone(world, planned=-3)  # 3 days late, past the grace
    services.colours_refresh(project_ids=[world.project_a.pk])
    project, milestones = _colours(world)
    assert (project, milestones[late.pk]) == (Colour.RED, Colour.RED)


def test_colour_late_then_caught_up_is_yellow_with_history(world: World, grace: int) -> None:
    late = _milestone(world, planned=-10)
    services.colours_refresh(project_ids=[world.project_a.pk])
    assert _colours(world)[0] == Colour.RED
    milestone_save(
        actor=None,
        project=world.project_a,
        name="开工",
        planned_on=late.planned_on,
        actual_on=TODAY,
        milestone=late,
    )
    assert services.colours_refresh(project_ids=[world.project_a.pk]) == 2
    project, milestones = _colours(world)
    assert (project, milestones[late.pk]) == (Colour.YELLOW, Colour.YELLOW)
    status = ColourStatus.objects.get(project=world.project_a, milestone__isnull=True)
    trail = list(
        status.changes.order_by("changed_at", "id").values_list("from_colour", "to_colour")
    )
    assert trail == [("", "red"), ("red", "yellow")]
    # Nothing changed since: a second refresh writes nothing.
    assert services.colours_refresh(project_ids=[world.project_a.pk]) == 0


def test_colour_override_needs_justification_and_is_kept(world: World, grace: int) -> None:
    _milestone(world, planned=-10)
    services.colours_refresh(project_ids=[world.project_a.pk])
    status = ColourStatus.objects.get(project=world.project_a, milestone__isnull=True)
    with pytest.raises(ValidationError) as error:
        services.colour_override(actor=world.a_manager, status=status, colour="green", reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.colour_override(
            actor=world.a_officer, status=status, colour="green", reason="已协调"
        )
    services.colour_override(
        actor=world.a_manager, status=status, colour="yellow", reason="用地已批，待施工许可"
    )
    status.refresh_from_db()
    assert (status.colour, status.computed) == (Colour.YELLOW, Colour.RED)
    change = ColourChange.objects.filter(status=status, is_override=True).get()
    assert change.note == "用地已批，待施工许可" and change.actor == world.a_manager
    # The override holds through refreshes until it is withdrawn.
    services.colours_refresh(project_ids=[world.project_a.pk])
    status.refresh_from_db()
    assert status.colour == Colour.YELLOW
    services.colour_override(actor=world.a_manager, status=status, colour="", reason="撤销")
    status.refresh_from_db()
    assert status.colour == Colour.RED


def test_meeting_agenda_refuses_invisible_project_and_decisions_become_records(
    world: World,
) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            actor=world.a_manager,
            organisation=world.org_a,
            title="调度会",
            held_on=TODAY,
            project_ids=[world.project_a.pk, world.project_b.pk],
        )
    assert "project_ids" in error.value.message_dict
    make_problem(world.a_officer, world.project_a)
    meeting = services.meeting_create(
        actor=world.a_manager,
        organisation=world.org_a,
        title="调度会",
        held_on=TODAY,
        include_blocked=True,
    )
    assert list(meeting.agenda.values_list("project_id", "reason")) == [
        (world.project_a.pk, "blocked")
    ]
    decision = services.decision_add(
        actor=world.a_manager,
        meeting=meeting,
        project=world.project_a,
        kind="problem",
        text="协调电力接入",
        due_on=TODAY + timedelta(days=20),
    )
    assert decision.problem is not None and decision.problem.description == "协调电力接入"
    decision = services.decision_add(
        actor=world.a_manager,
        meeting=meeting,
        project=world.project_a,
        kind="milestone",
        text="主体封顶",
        due_on=TODAY + timedelta(days=60),
    )
    assert decision.milestone is not None and decision.milestone.name == "主体封顶"
    with pytest.raises(ValidationError):
        services.decision_add(
            actor=world.a_manager,
            meeting=meeting,
            project=world.project_a,
            kind="milestone",
            text="无日期",
        )
    assert Decision.objects.filter(meeting=meeting).count() == 2
