"""Who may do what in dispatch: every permission function against every persona, as a table.

The problem is raised by the zone's officer (``ao``) on zone A's project and handed to zone A's
department, whose officer is ``clerk``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from zonetrack.accounts.choices import Role
from zonetrack.dispatch import permissions, services
from zonetrack.dispatch.models import ColourStatus

from ..conftest import World, make_user
from .factories import MeetingFactory, ProblemFactory

PERSONAS = ["root", "pv", "cm", "ca", "am", "ao", "av", "bm", "nobody", "clerk"]

# rule -> the personas allowed; everyone else is refused.
ALLOWED: dict[str, set[str]] = {
    "can_raise_problem": {"root", "cm", "ca", "am", "ao"},
    "can_change_problem": {"root", "cm", "ca", "am", "ao"},
    "can_assign_problem": {"root", "cm", "ca", "am", "ao"},
    # Separation of duties: only the responsible unit works the problem (never its raiser,
    # nor a level above the unit); the raiser or someone above the raiser accepts or rejects.
    "can_start_problem": {"root", "clerk"},
    "can_answer_problem": {"root", "clerk"},
    "can_accept_problem": {"root", "cm", "ca", "am", "ao"},
    "can_reject_problem": {"root", "cm", "ca", "am", "ao"},
    "can_escalate_problem": {"root", "cm", "ca", "am", "ao"},
    "can_override_colour": {"root", "cm", "ca", "am"},
    "can_create_meeting": {"root", "cm", "ca", "am"},
    "can_change_meeting": {"root", "cm", "ca", "am"},
}


@pytest.fixture
def setting(world: World) -> dict[str, Any]:
    clerk = make_user("clerk", (world.dept_a, Role.OFFICER))
    problem = ProblemFactory(
        actor=world.a_officer, project=world.project_a, responsible_unit=world.dept_a
    )
    services.colours_refresh(project_ids=[world.project_a.pk])
    meeting = MeetingFactory(actor=world.a_manager, organisation=world.org_a)
    users = {
        "root": world.superuser,
        "pv": world.province_viewer,
        "cm": world.city_manager,
        "ca": world.city_admin,
        "am": world.a_manager,
        "ao": world.a_officer,
        "av": world.a_viewer,
        "bm": world.b_manager,
        "nobody": world.nobody,
        "clerk": clerk,
    }
    targets = {
        "can_raise_problem": world.project_a,
        "can_override_colour": ColourStatus.objects.get(
            project=world.project_a, milestone__isnull=True
        ),
        "can_create_meeting": world.org_a,
        "can_change_meeting": meeting,
    }
    return {"users": users, "targets": targets, "problem": problem}


@pytest.mark.parametrize("rule", sorted(ALLOWED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_table(setting: dict[str, Any], rule: str, persona: str) -> None:
    check: Callable[..., bool] = getattr(permissions, rule)
    user = setting["users"][persona]
    allowed = check(user, setting["targets"].get(rule, setting["problem"]))
    assert allowed is (persona in ALLOWED[rule]), f"{persona} {rule}"


def test_each_step_has_its_permission() -> None:
    assert set(permissions.STEP_PERMISSIONS) == set(services.STEPS)


def test_zonetrack_itself_may_do_everything(setting: dict[str, Any]) -> None:
    problem = setting["problem"]
    for verb, check in permissions.STEP_PERMISSIONS.items():
        assert check(None, problem), verb
