"""Dispatch reads: who sees which problem, the filters of the list, my work, colours, the
battle map's data and meetings' agendas."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zonetrack.accounts.choices import Role
from zonetrack.dispatch import selectors, services
from zonetrack.dispatch.models import ColourStatus
from zonetrack.projects.models import Project
from zonetrack.projects.services import milestone_save, project_create

from ..conftest import World, make_user
from .factories import MeetingFactory, ProblemFactory

TODAY = timezone.localdate()
F = selectors.ProblemFilters


def test_visible_problems_follow_the_zone_and_the_responsible_unit(world: World) -> None:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    handed = ProblemFactory(
        actor=world.a_manager, project=world.project_a, responsible_unit=world.dept_a
    )
    kept = ProblemFactory(actor=world.a_manager, project=world.project_a)
    other = ProblemFactory(actor=world.b_manager, project=world.project_b)
    seen = {
        user.username: set(selectors.visible_problems(user))
        for user in (world.superuser, world.city_manager, world.a_viewer, world.b_manager, clerk)
    }
    assert seen == {
        "root": {handed, kept, other},
        "cm": {handed, kept, other},
        "av": {handed, kept},
        "bm": {other},
        "clerk": {handed},
    }
    assert set(selectors.visible_problems(world.nobody)) == set()


def test_problem_list_filters(world: World) -> None:
    late = ProblemFactory(
        actor=world.a_officer,
        project=world.project_a,
        raised_on=TODAY - timedelta(days=10),
        deadline_on=TODAY - timedelta(days=1),
        category="power",
        description="电力增容",
    )
    soon = ProblemFactory(
        actor=world.a_officer, project=world.project_a, responsible_unit=world.dept_a
    )
    done = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_answer(actor=world.a_manager, problem=done, note="好")
    services.problem_accept(actor=world.a_officer, problem=done)
    services.problem_escalate(actor=world.a_manager, problem=soon, note="升")
    b = ProblemFactory(actor=world.b_manager, project=world.project_b)
    user = world.city_manager

    def ids(**filters: object) -> list[int]:
        return [p.pk for p in selectors.problem_list(user=user, filters=F(**filters))]

    assert set(ids()) == {late.pk, soon.pk, done.pk, b.pk}
    assert ids()[0] == late.pk  # soonest deadline first
    assert set(ids(status="open")) == {late.pk, soon.pk, b.pk}
    assert ids(status="closed") == [done.pk]
    assert ids(overdue=True) == [late.pk]
    assert ids(category="power") == [late.pk]
    assert ids(unit=world.dept_a.pk) == [soon.pk]
    assert ids(level=1) == [soon.pk]
    assert ids(q="电力") == [late.pk]
    assert ids(q=world.project_b.name[:3]) == [b.pk]
    assert set(ids(zone=world.zone_a.pk)) == {late.pk, soon.pk, done.pk}
    assert ids(project=world.project_b.pk) == [b.pk]
    assert set(ids(province="14")) == {late.pk, soon.pk, done.pk, b.pk}
    assert ids(province="11") == []


def test_problem_filters_from_params_drop_what_is_not_valid() -> None:
    parsed = F.from_params(
        {
            "status": "nope",
            "category": "land",
            "zone": "12x",
            "level": "9",
            "overdue": "on",
            "province": "14a",
            "unit": "7",
        }
    )
    assert parsed == F(category="land", overdue=True, unit=7)
    assert F.from_params({"status": "open", "level": "2", "province": "14"}) == F(
        status="open", level=2, province="14"
    )


def test_problem_get_and_events(world: World) -> None:
    problem = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_start(actor=world.a_manager, problem=problem)
    got = selectors.problem_get(user=world.a_viewer, problem_id=problem.pk)
    assert [e.kind for e in selectors.problem_events(got)] == ["raise", "start"]
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.problem_get(user=world.b_manager, problem_id=problem.pk)


def test_my_work_holds_what_to_work_and_what_to_accept(world: World) -> None:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    to_work = ProblemFactory(
        actor=world.a_officer, project=world.project_a, responsible_unit=world.dept_a
    )
    mine = ProblemFactory(actor=world.a_officer, project=world.project_a, responsible_person=clerk)
    answered = ProblemFactory(actor=world.a_officer, project=world.project_a)
    services.problem_answer(actor=world.a_manager, problem=answered, note="好")
    work = selectors.my_work(user=clerk)
    # Handed to the clerk by name but owned by a unit the clerk does not see: not theirs.
    assert set(work["to_work"]) == {to_work} and mine not in work["to_work"]
    assert mine in selectors.my_work(user=world.a_officer)["to_work"]
    assert list(selectors.my_work(user=world.a_officer)["to_accept"]) == [answered]
    assert list(selectors.my_work(user=world.a_manager)["to_accept"]) == []


def test_unit_choices_are_the_organisations_in_view(world: World) -> None:
    assert list(selectors.unit_choices(user=world.a_manager)) == [world.org_a, world.dept_a]


def _late_milestone(project: Project) -> None:
    milestone_save(actor=None, project=project, name="开工", planned_on=TODAY - timedelta(days=30))


def test_warnings_colour_counts_and_colours_of_projects(world: World) -> None:
    _late_milestone(world.project_a)
    terminated = project_create(actor=None, zone=world.zone_a, name="终止项目")
    services.colours_refresh()
    Project.objects.filter(pk=terminated.pk).update(stage="terminated")
    statuses = selectors.warnings(user=world.a_viewer)
    assert {s.project_id for s in statuses} == {world.project_a.pk}
    assert statuses.count() == 2  # the project and its milestone
    only = selectors.warnings(user=world.a_viewer, projects_only=True, colour="red")
    assert [s.project_id for s in only] == [world.project_a.pk]
    assert not selectors.warnings(user=world.a_viewer, zone_id=world.zone_b.pk).exists()
    assert selectors.colour_counts(user=world.city_manager) == {"red": 1, "green": 1}
    colours = selectors.colour_of_projects([world.project_a.pk, world.project_b.pk])
    assert {pk: s.colour for pk, s in colours.items()} == {
        world.project_a.pk: "red",
        world.project_b.pk: "green",
    }


def test_colour_get_and_changes(world: World) -> None:
    _late_milestone(world.project_a)
    services.colours_refresh()
    status = ColourStatus.objects.get(project=world.project_a, milestone__isnull=True)
    services.colour_override(actor=world.a_manager, status=status, colour="yellow", reason="已协调")
    got = selectors.colour_get(user=world.a_viewer, status_id=status.pk)
    assert [(c.from_colour, c.to_colour) for c in selectors.colour_changes(got)] == [
        ("red", "yellow"),
        ("", "red"),
    ]
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.colour_get(user=world.b_manager, status_id=status.pk)


def test_open_problem_counts(world: World) -> None:
    ProblemFactory(
        actor=world.a_officer,
        project=world.project_a,
        raised_on=TODAY - timedelta(days=5),
        deadline_on=TODAY - timedelta(days=1),
    )
    ProblemFactory(actor=world.a_officer, project=world.project_a)
    assert selectors.open_problem_counts([world.project_a.pk, world.project_b.pk]) == {
        world.project_a.pk: (2, 1)
    }


def test_battle_map_places_located_projects_and_spirals_the_others(world: World) -> None:
    Project.objects.filter(pk=world.project_a.pk).update(
        location={"type": "Point", "coordinates": [111.5, 36.1]}
    )
    unplaced = project_create(actor=None, zone=world.zone_a, name="无位置项目")
    ProblemFactory(actor=world.a_officer, project=unplaced)
    data = selectors.battle_map(user=world.a_viewer, zone=world.zone_a)
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    assert by_id[world.project_a.pk]["geometry"]["coordinates"] == [111.5, 36.1]
    assert [p["id"] for p in data["unplaced"]] == [unplaced.pk]
    assert data["unplaced"][0]["open_problems"] == 1 and data["unplaced"][0]["highlight"]
    assert data["zone"]["id"] == world.zone_a.pk
    if world.zone_a.center_lat is not None:
        assert by_id[unplaced.pk]["properties"]["approximate"] is True


def test_meeting_list_and_agenda_hide_what_the_user_may_not_see(world: World) -> None:
    ProblemFactory(actor=world.a_officer, project=world.project_a)
    meeting = MeetingFactory(
        actor=world.city_manager,
        organisation=world.city,
        project_ids=[world.project_a.pk, world.project_b.pk],
    )
    assert [m.n_projects for m in selectors.meeting_list(user=world.city_manager)] == [2]
    assert list(selectors.meeting_list(user=world.a_manager)) == []
    agenda = selectors.meeting_agenda(user=world.a_manager, meeting=meeting)
    assert [(a.project_id, a.open_problems, a.colour) for a in agenda] == [
        (world.project_a.pk, 1, "green")
    ]
    assert (
        selectors.agenda_item_get(
            user=world.a_manager, meeting=meeting, project_id=world.project_b.pk
        )
        is None
    )
    item = selectors.agenda_item_get(
        user=world.city_manager, meeting=meeting, project_id=world.project_b.pk
    )
    assert item is not None and item.project == world.project_b
    detail = selectors.meeting_detail(user=world.city_manager, meeting_id=meeting.pk)
    assert detail.organisation == world.city


def test_both_query_forms_of_problem_visibility_return_the_same_rows(world: World) -> None:
    from zonetrack.accounts import access
    from zonetrack.dispatch.models import Problem

    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    ProblemFactory(actor=world.a_manager, project=world.project_a, responsible_unit=world.dept_a)
    ProblemFactory(actor=world.a_manager, project=world.project_a)
    ProblemFactory(actor=world.b_manager, project=world.project_b)
    for user in (world.city_manager, world.a_viewer, world.b_manager, clerk, world.nobody):
        joined = access.visible(Problem.objects.all(), user, ordered_scan=True)
        assert set(joined) == set(access.visible(Problem.objects.all(), user)), user.username
