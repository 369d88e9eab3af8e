"""Who may do what in dispatch: one ``can_<verb>_<entity>`` function per step, built only on the
``accounts.access`` helpers. Views, API routes and services ask these; none reads memberships.

Seeing a record is decided by the selectors (``access.get_visible``: 404 when it may not be
seen); these functions decide the steps on a record already seen (403 when refused).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonetrack.accounts import access
from zonetrack.accounts.choices import Role

if TYPE_CHECKING:
    from zonetrack.accounts.models import Organisation, User
    from zonetrack.projects.models import Project

    from .models import ColourStatus, Meeting, Problem


def can_raise_problem(user: User | None, project: Project) -> bool:
    """Officers and above of the project's zone (or a supervising level) raise problems."""
    return access.has_role(user, project.zone.organisation, Role.OFFICER)


def can_change_problem(user: User | None, problem: Problem) -> bool:
    """Edit an open problem's fields: managers of its zone, or its assigned officer."""
    return access.can_change(user, problem)


def is_responsible(user: User | None, problem: Problem) -> bool:
    """Whether the user works the problem: its responsible person, an officer of its
    responsible unit, or a manager of its zone."""
    if user is not None and user.pk and user.pk == problem.responsible_person_id:
        return True
    if problem.responsible_unit_id and access.has_role(
        user, problem.responsible_unit, Role.OFFICER
    ):
        return True
    return access.has_role(user, problem.zone.organisation, Role.MANAGER)


def is_raiser(user: User | None, problem: Problem) -> bool:
    """Whether the user stands for the problem's raiser: the person who raised it (or, for a
    problem raised by zonetrack itself, a manager of its zone)."""
    if problem.raised_by_id:
        return getattr(user, "pk", None) == problem.raised_by_id or access.is_superuser(user)
    return access.has_role(user, problem.zone.organisation, Role.MANAGER)


def can_assign_problem(user: User | None, problem: Problem) -> bool:
    """Hand a problem over again (交办): whoever may change it."""
    return access.can_change(user, problem)


def can_start_problem(user: User | None, problem: Problem) -> bool:
    """Take a problem in hand (办理): whoever works it."""
    return is_responsible(user, problem)


def can_answer_problem(user: User | None, problem: Problem) -> bool:
    """Answer a problem (反馈): whoever works it."""
    return is_responsible(user, problem)


def can_accept_problem(user: User | None, problem: Problem) -> bool:
    """Accept the answer and close the problem (销号): the raiser only."""
    return is_raiser(user, problem)


def can_reject_problem(user: User | None, problem: Problem) -> bool:
    """Reject the answer, reopening the problem: the raiser only."""
    return is_raiser(user, problem)


def can_escalate_problem(user: User | None, problem: Problem) -> bool:
    """Escalate a problem one level up: whoever may change it, or its raiser."""
    return access.can_change(user, problem) or is_raiser(user, problem)


def can_override_colour(user: User | None, status: ColourStatus) -> bool:
    """Managers of the project's zone (or above) may override a colour."""
    return access.has_role(user, status.zone.organisation, Role.MANAGER)


def can_create_meeting(user: User | None, organisation: Organisation) -> bool:
    """Call a dispatch meeting of an organisation: its managers."""
    return access.can_create_in(user, organisation)


def can_change_meeting(user: User | None, meeting: Meeting) -> bool:
    """Change a meeting, its minutes and decisions: managers of its organisation."""
    return access.can_change(user, meeting)


def can_see_deliveries(user: User | None) -> bool:
    """Delivery failures concern the whole installation: its superusers see them."""
    return access.is_superuser(user)


# The permission of each step of a problem's loop, by the verb the pages and the API use.
STEP_PERMISSIONS = {
    "assign": can_assign_problem,
    "start": can_start_problem,
    "answer": can_answer_problem,
    "accept": can_accept_problem,
    "reject": can_reject_problem,
    "escalate": can_escalate_problem,
}
