"""Who may do what in dispatch: one ``can_<verb>_<entity>`` function per step, built only on the
``accounts.access`` helpers. Views, API routes and services ask these; none reads memberships.

Seeing a record is decided by the selectors (``access.get_visible``: 404 when it may not be
seen); these functions decide the steps on a record already seen (403 when refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from zonetrack.accounts import access
from zonetrack.accounts.choices import ROLE_RANK, OrganisationKind, Role

from .choices import EscalationLevel, EventKind

# The escalation level an organisation answers for, by its kind.
LEVEL_OF_KIND = {
    OrganisationKind.CITY_BUREAU: EscalationLevel.CITY,
    OrganisationKind.PROVINCE_DEPT: EscalationLevel.PROVINCE,
}

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


# The roles that may act on a problem (work it, answer it, accept it): never a viewer.
ACTING_ROLES = (Role.OFFICER, Role.MANAGER, Role.ADMIN)


def _is_raiser_person(user: User | None, problem: Problem) -> bool:
    return bool(problem.raised_by_id) and getattr(user, "pk", None) == problem.raised_by_id


def _acts_in(user: User | None, unit: Organisation) -> bool:
    """Whether the user is a member, with a role that may act, of the unit itself or of an
    organisation inside it (not of a level above it: the level above supervises, it does not
    do the unit's work)."""
    return any(
        access.is_within(m.organisation, unit) and Role(m.role) in ACTING_ROLES
        for m in access.memberships(user)
    )


def is_responsible(user: User | None, problem: Problem) -> bool:
    """Whether the user works the problem for its responsible unit: someone of that unit (or
    of an organisation inside it) with a role that may act — never the problem's raiser, so
    that no one closes the loop alone."""
    if user is None:
        return True  # zonetrack itself
    if _is_raiser_person(user, problem):
        return False
    unit = problem.responsible_unit or problem.zone.organisation
    return _acts_in(user, unit) or access.is_superuser(user)


@dataclass(frozen=True)
class _Events:
    """What the permission rules read of a problem's past steps."""

    answered_by: int | None  # who gave the latest answer
    extension: str | None  # the latest step of an extension request
    supervised: bool  # whether a supervision order set the deadline


_RULED_KINDS = (
    EventKind.ANSWER,
    EventKind.SUPERVISE,
    EventKind.EXTENSION_ASK,
    EventKind.EXTENSION_GRANT,
    EventKind.EXTENSION_REFUSE,
)


def _events(problem: Problem) -> _Events:
    """The steps the rules read, in one query kept on the problem for the page that asks of
    every step (``services.record_event`` forgets it when a step is added)."""
    from .models import ProblemEvent

    cached = problem.__dict__.get("_ruled_events")
    if cached is None:
        rows = list(
            ProblemEvent.objects.filter(problem=problem, kind__in=_RULED_KINDS)
            .order_by("-created_at", "-id")
            .values_list("kind", "actor_id")
        )
        cached = _Events(
            answered_by=next((actor for kind, actor in rows if kind == EventKind.ANSWER), None),
            extension=next((kind for kind, _actor in rows if kind in _RULED_KINDS[2:]), None),
            supervised=any(kind == EventKind.SUPERVISE for kind, _actor in rows),
        )
        problem.__dict__["_ruled_events"] = cached
    return cached


def forget_events(problem: Problem) -> None:
    """Drop what ``_events`` kept of the problem (a step was just added)."""
    problem.__dict__.pop("_ruled_events", None)


def _answered_by(user: User | None, problem: Problem) -> bool:
    """Whether the user gave the answer now waiting for acceptance."""
    last = _events(problem).answered_by
    return last is not None and last == getattr(user, "pk", None)


def _raiser_places(problem: Problem) -> list[Organisation]:
    """The raiser's organisations on the problem's zone line (all of them if none is)."""
    if problem.raised_by is None:
        return []
    places = [m.organisation for m in access.memberships(problem.raised_by)]
    zone = problem.zone.organisation
    on_line = [o for o in places if access.related_in_tree(o, zone)]
    return on_line or places


def is_raiser(user: User | None, problem: Problem) -> bool:
    """Whether the user stands for the problem's raiser: the person who raised it, someone
    above them (a manager strictly above one of the raiser's organisations, or a manager of
    the problem's zone); for a problem raised by zonetrack itself, a manager of its zone."""
    if user is None or _is_raiser_person(user, problem):
        return True
    if access.has_role(user, problem.zone.organisation, Role.MANAGER):
        return True
    return any(
        access.holds_role_above(user, place, Role.MANAGER) for place in _raiser_places(problem)
    )


def can_assign_problem(user: User | None, problem: Problem) -> bool:
    """Hand a problem over again (交办): whoever may change it."""
    return access.can_change(user, problem)


def can_start_problem(user: User | None, problem: Problem) -> bool:
    """Take a problem in hand (办理): someone of the responsible unit, not the raiser."""
    return is_responsible(user, problem)


def can_answer_problem(user: User | None, problem: Problem) -> bool:
    """Answer a problem (反馈): someone of the responsible unit, not the raiser."""
    return is_responsible(user, problem)


def can_accept_problem(user: User | None, problem: Problem) -> bool:
    """Accept the answer and close the problem (销号): the raiser or someone above them —
    never the person who gave the answer."""
    return is_raiser(user, problem) and not _answered_by(user, problem)


def can_reject_problem(user: User | None, problem: Problem) -> bool:
    """Reject the answer, reopening the problem: the raiser or someone above them — never the
    person who gave the answer."""
    return is_raiser(user, problem) and not _answered_by(user, problem)


def is_escalation_level(user: User | None, problem: Problem) -> bool:
    """Whether the user answers for the level an escalated problem reached: a manager of a
    city or province organisation on the zone's line, at or above that level."""
    if user is None:
        return True  # zonetrack itself
    if problem.escalation_level < EscalationLevel.CITY:
        return False
    if access.is_superuser(user):
        return True
    zone = problem.zone.organisation
    for m in access.memberships(user):
        level = LEVEL_OF_KIND.get(OrganisationKind(m.organisation.kind))
        if (
            level is not None
            and level >= problem.escalation_level
            and ROLE_RANK[Role(m.role)] >= ROLE_RANK[Role.MANAGER]
            and access.is_within(zone, m.organisation)
        ):
            return True
    return False


def can_urge_problem(user: User | None, problem: Problem) -> bool:
    """Urge (催办) an escalated problem: the level it reached."""
    return is_escalation_level(user, problem)


def can_supervise_problem(user: User | None, problem: Problem) -> bool:
    """Issue a supervision order (督办单) with a deadline: the level the problem reached."""
    return is_escalation_level(user, problem)


def can_instruct_problem(user: User | None, problem: Problem) -> bool:
    """Write an instruction (领导批示): the level the problem reached."""
    return is_escalation_level(user, problem)


def can_close_escalation(user: User | None, problem: Problem) -> bool:
    """Close the escalation, handing the problem back to the zone: the level it reached."""
    return is_escalation_level(user, problem)


def pending_extension(problem: Problem) -> bool:
    """Whether the responsible unit's last request for more time waits for an answer."""
    return _events(problem).extension == EventKind.EXTENSION_ASK


def can_ask_extension(user: User | None, problem: Problem) -> bool:
    """Ask for a later deadline: the responsible unit (one request at a time: the steps'
    state rule)."""
    return is_responsible(user, problem)


def can_decide_extension(user: User | None, problem: Problem) -> bool:
    """Grant or refuse a pending extension (the steps' state rule): the level that set the
    deadline — the escalated level when a supervision order set it, else the zone that handed
    the problem over."""
    if user is None:
        return True  # zonetrack itself
    if _events(problem).supervised:
        return is_escalation_level(user, problem)
    return can_assign_problem(user, problem)


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


# The permission of each step of a problem's loop, by the verb the pages and the API use.
STEP_PERMISSIONS = {
    "assign": can_assign_problem,
    "start": can_start_problem,
    "answer": can_answer_problem,
    "accept": can_accept_problem,
    "reject": can_reject_problem,
    "escalate": can_escalate_problem,
    "urge": can_urge_problem,
    "supervise": can_supervise_problem,
    "instruct": can_instruct_problem,
    "close_escalation": can_close_escalation,
    "extension_ask": can_ask_extension,
    "extension_grant": can_decide_extension,
    "extension_refuse": can_decide_extension,
}
