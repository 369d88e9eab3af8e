"""The access gate as a table: persona × model × rule.

Rules: which records a persona sees (both query forms of ``visible`` and ``can_view`` must
agree, for every persona and model), which it may change, where it may create, what it
administers. The tree is the shared one (``tests/conftest.py``) with a second city:

    province
    ├── city
    │   ├── zone A committee  (zone_a, park_a, project_a, problems prob_a and prob_a_dept)
    │   │   └── department A  (prob_a_dept is handed to it)
    │   └── zone B committee  (zone_b, park_b, project_b, problem prob_b)
    └── city 2                (another branch: nothing in it)

A problem has two ownership paths (its zone's committee, then its responsible unit): the
department person sees the problem handed to the department and nothing else of zone A.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils import timezone

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Membership, Organisation, User
from zonetrack.accounts.services import organisation_create, user_set_active
from zonetrack.dispatch.models import Problem
from zonetrack.dispatch.services import problem_create
from zonetrack.projects.models import Project, StageTransition
from zonetrack.registry.models import Park, Zone

from ..conftest import World, make_user

PROBLEM_PATHS = ("zone__organisation", "responsible_unit")


@pytest.fixture(autouse=True)
def _problem_has_two_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """The problem's second path, as dispatch declares it (set here too, so the table holds
    whichever app is merged first)."""
    monkeypatch.setattr(Problem, "org_paths", PROBLEM_PATHS, raising=False)


@dataclass
class Table:
    records: dict[str, models.Model]
    personas: dict[str, User]


@pytest.fixture
def table(world: World) -> Table:
    city2 = organisation_create(
        actor=None, name="邻市局", kind=OrganisationKind.CITY_BUREAU, parent=world.province
    )
    # The assigned officer answers for project A; the other officer of zone A does not.
    officer = world.a_officer
    Project.objects.filter(pk=world.project_a.pk).update(officer=officer)
    project_a = Project.objects.get(pk=world.project_a.pk)
    deadline = timezone.localdate().replace(year=timezone.localdate().year + 1)
    prob_a = problem_create(
        actor=None,
        project=project_a,
        category="land",
        description="甲区用地",
        deadline_on=deadline,
    )
    prob_a_dept = problem_create(
        actor=None,
        project=project_a,
        category="funding",
        description="甲区资金",
        deadline_on=deadline,
        responsible_unit=world.dept_a,
    )
    prob_b = problem_create(
        actor=None,
        project=world.project_b,
        category="land",
        description="乙区用地",
        deadline_on=deadline,
    )
    records: dict[str, models.Model] = {
        "province": world.province,
        "city": world.city,
        "org_a": world.org_a,
        "dept_a": world.dept_a,
        "org_b": world.org_b,
        "city2": city2,
        "zone_a": world.zone_a,
        "zone_b": world.zone_b,
        "park_a": world.park_a,
        "park_b": world.park_b,
        "project_a": project_a,
        "project_b": world.project_b,
        "prob_a": prob_a,
        "prob_a_dept": prob_a_dept,
        "prob_b": prob_b,
        "t_a": project_a.transitions.get(),
        "t_b": world.project_b.transitions.get(),
    }
    personas = {
        "superuser": world.superuser,
        "province_manager": make_user("pm", (world.province, Role.MANAGER)),
        "city_manager": world.city_manager,
        "zone_manager": world.a_manager,
        "officer_assigned": officer,
        "officer_unassigned": make_user("ao2", (world.org_a, Role.OFFICER)),
        "viewer": world.a_viewer,
        "department_person": make_user("dp", (world.dept_a, Role.OFFICER)),
        "sibling_manager": world.b_manager,
        "other_branch_admin": make_user("oa", (city2, Role.ADMIN)),
    }
    return Table(records, personas)


MODELS: dict[type[models.Model], set[str]] = {
    Organisation: {"province", "city", "org_a", "dept_a", "org_b", "city2"},
    Zone: {"zone_a", "zone_b"},
    Park: {"park_a", "park_b"},
    Project: {"project_a", "project_b"},
    Problem: {"prob_a", "prob_a_dept", "prob_b"},
    StageTransition: {"t_a", "t_b"},
}
EVERYTHING = set().union(*MODELS.values())
CITY = {"city", "org_a", "dept_a", "org_b"}
ZONE_A = {"org_a", "dept_a", "zone_a", "park_a", "project_a", "prob_a", "prob_a_dept", "t_a"}
ZONE_B = {"org_b", "zone_b", "park_b", "project_b", "prob_b", "t_b"}
RECORDS_A = ZONE_A - {"org_a", "dept_a"}
RECORDS_B = ZONE_B - {"org_b"}

# persona: (sees, may change, may create in, may administer)
RULES: dict[str, tuple[set[str], set[str], set[str], set[str]]] = {
    "superuser": (
        EVERYTHING,
        EVERYTHING,
        MODELS[Organisation],
        MODELS[Organisation],
    ),
    "province_manager": (
        EVERYTHING,
        EVERYTHING - {"province"},  # a root is changed by superusers only
        MODELS[Organisation],
        set(),
    ),
    "city_manager": (
        CITY | RECORDS_A | RECORDS_B,
        {"org_a", "dept_a", "org_b"} | RECORDS_A | RECORDS_B,
        CITY,
        set(),
    ),
    "zone_manager": (ZONE_A, {"dept_a"} | RECORDS_A, {"org_a", "dept_a"}, set()),
    "officer_assigned": (ZONE_A, {"project_a"}, set(), set()),
    "officer_unassigned": (ZONE_A, set(), set(), set()),
    "viewer": (ZONE_A, set(), set(), set()),
    # Through the problem's second path only: nothing else of zone A.
    "department_person": ({"dept_a", "prob_a_dept"}, set(), set(), set()),
    "sibling_manager": (ZONE_B, RECORDS_B, {"org_b"}, set()),
    "other_branch_admin": ({"city2"}, set(), {"city2"}, {"city2"}),
}


def _names(table: Table, rows: Any) -> set[str]:
    by_key = {(type(obj), obj.pk): name for name, obj in table.records.items()}
    return {by_key[(type(row), row.pk)] for row in rows if (type(row), row.pk) in by_key}


def _fresh(table: Table, name: str) -> models.Model:
    obj = table.records[name]
    return type(obj)._base_manager.get(pk=obj.pk)


@pytest.mark.parametrize("persona", RULES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_sees_the_same_rows_by_both_query_forms(
    table: Table, persona: str, model: type[models.Model]
) -> None:
    user = table.personas[persona]
    expected = RULES[persona][0] & MODELS[model]
    by_subquery = _names(table, access.visible(model._base_manager.all(), user))
    by_join = _names(table, access.visible(model._base_manager.all(), user, ordered_scan=True))
    by_object = {name for name in MODELS[model] if access.can_view(user, _fresh(table, name))}
    assert by_subquery == expected
    assert by_join == by_subquery
    assert by_object == by_subquery
    # No row comes twice, whichever path matched it.
    rows = list(access.visible(model._base_manager.all(), user, ordered_scan=True))
    assert len(rows) == len({row.pk for row in rows})


@pytest.mark.parametrize("persona", RULES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_may_change(table: Table, persona: str, model: type[models.Model]) -> None:
    user = table.personas[persona]
    expected = RULES[persona][1] & MODELS[model]
    allowed = {name for name in MODELS[model] if access.can_change(user, _fresh(table, name))}
    assert allowed == expected
    # Whoever may change a record sees it.
    assert allowed <= RULES[persona][0]


@pytest.mark.parametrize("persona", RULES)
def test_may_create_in_and_administer(table: Table, persona: str) -> None:
    user = table.personas[persona]
    _sees, _changes, creates, administers = RULES[persona]
    organisations = MODELS[Organisation]
    assert {n for n in organisations if access.can_create_in(user, _fresh(table, n))} == creates
    assert {n for n in organisations if access.can_administer(user, _fresh(table, n))} == (
        administers
    )


@pytest.mark.parametrize("persona", RULES)
def test_get_visible_is_404_for_what_is_not_seen(table: Table, persona: str) -> None:
    user = table.personas[persona]
    seen = RULES[persona][0]
    for name in sorted(MODELS[Zone] | MODELS[Problem]):
        obj = table.records[name]
        queryset = type(obj)._base_manager.all()
        if name in seen:
            assert access.get_visible(queryset, user, pk=obj.pk).pk == obj.pk
        else:
            with pytest.raises(Http404):
                access.get_visible(queryset, user, pk=obj.pk)


def test_role_in_a_record_follows_every_path(table: Table) -> None:
    problem = _fresh(table, "prob_a_dept")
    assert access.role_in(table.personas["department_person"], problem) == Role.OFFICER
    assert access.role_in(table.personas["zone_manager"], problem) == Role.MANAGER
    assert access.role_in(table.personas["sibling_manager"], problem) is None
    assert access.owning_organisation(problem) == table.records["org_a"]
    assert access.organisations_of(problem) == [table.records["org_a"], table.records["dept_a"]]


def test_org_path_stays_the_owner_when_a_model_has_several(table: Table) -> None:
    assert access.org_path_of(Problem) == "zone__organisation"
    assert access.org_paths_of(Problem) == PROBLEM_PATHS
    assert access.org_paths_of(Zone) == ("organisation",)
    assert access.org_paths_of(Organisation) == ("",)


def test_holds_role_above_is_strictly_above(world: World) -> None:
    assert access.holds_role_above(world.city_manager, world.org_a, Role.MANAGER)
    assert not access.holds_role_above(world.a_manager, world.org_a, Role.MANAGER)
    assert access.holds_role_above(world.a_manager, world.dept_a, Role.MANAGER)
    assert not access.holds_role_above(world.province_viewer, world.org_a, Role.MANAGER)
    assert access.holds_role_above(world.province_viewer, world.org_a, Role.VIEWER)
    assert not access.holds_role_above(world.b_manager, world.org_a, Role.VIEWER)
    assert access.holds_role_above(world.superuser, world.province, Role.ADMIN)
    assert access.holds_role_above(None, world.org_a, Role.ADMIN)
    assert not access.holds_role_above(world.city_manager, None, Role.VIEWER)


def test_within_is_the_subtree_of_the_owner(world: World) -> None:
    zones = Zone.objects.all()
    assert set(access.within(zones, world.city)) == {world.zone_a, world.zone_b}
    assert set(access.within(zones, world.org_a)) == {world.zone_a}
    assert set(access.within(zones, world.dept_a)) == set()
    assert set(access.within(zones, world.org_a, strict=True)) == set()
    assert set(access.within(Organisation.objects.all(), world.org_a)) == {
        world.org_a,
        world.dept_a,
    }
    assert set(access.within(Organisation.objects.all(), world.org_a, strict=True)) == {
        world.dept_a
    }
    assert set(access.within(Project.objects.all(), world.org_b)) == {world.project_b}


def test_supervised_by_is_strictly_below_the_users_role(world: World) -> None:
    projects = Project.objects.all()
    assert set(access.supervised_by(projects, world.city_manager)) == {
        world.project_a,
        world.project_b,
    }
    assert set(access.supervised_by(projects, world.a_manager)) == set()
    assert set(access.supervised_by(projects, world.province_viewer)) == set()
    assert set(access.supervised_by(projects, world.province_viewer, Role.VIEWER)) == {
        world.project_a,
        world.project_b,
    }
    assert set(access.supervised_by(projects, world.superuser)) == set(projects)
    # The queryset form and the one-record form agree.
    for user in (world.city_manager, world.a_manager, world.b_manager, world.nobody):
        for project in projects:
            assert (project in set(access.supervised_by(projects, user))) == (
                access.holds_role_above(user, project.zone.organisation, Role.MANAGER)
            )


def test_people_visible(world: World) -> None:
    dept_person = make_user("dp", (world.dept_a, Role.OFFICER))
    inactive = user_set_active(
        actor=None, user=make_user("gone", (world.org_b, Role.VIEWER)), is_active=False
    )
    assert set(access.people_visible(world.a_manager)) == {
        world.a_manager,
        world.a_officer,
        world.a_viewer,
        dept_person,
    }
    assert inactive in set(access.people_visible(world.b_manager))
    assert set(access.people_visible(world.b_manager, roles=[Role.MANAGER, Role.ADMIN])) == {
        world.b_manager
    }
    assert set(access.people_visible(world.nobody)) == set()
    # Everyone with a membership, once each, for a superuser.
    everyone = access.people_visible(world.superuser)
    assert everyone.count() == len(set(everyone))
    assert set(everyone) == {m.user for m in Membership.objects.select_related("user")}


def test_require_is_403_for_a_step_not_allowed() -> None:
    access.require(True)
    with pytest.raises(PermissionDenied):
        access.require(False)
