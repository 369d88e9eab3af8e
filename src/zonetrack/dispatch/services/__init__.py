"""Writes of the dispatch app — the only code that writes its rows: problems and the steps of
their loop (one service per step), escalation, colours and overrides, meetings and their
decisions. Alerts are found in ``dispatch.alerts`` and delivered by the notices app; Word
documents are made in ``dispatch.briefing``."""

from .colour_rules import milestone_colour, worst
from .colours import colour_override, colours_refresh
from .escalation import problems_escalate_overdue
from .meetings import AGENDA_LIMIT, agenda_by_rules, decision_add, meeting_create, meeting_update
from .problems import (
    DEADLINE_BEFORE_RAISED,
    check_problem_fields,
    deadlines_passed,
    person_allowed,
    problem_create,
    problem_update,
    unit_allowed,
)
from .steps import (
    STEPS,
    allowed_verbs,
    problem_accept,
    problem_answer,
    problem_assign,
    problem_close_escalation,
    problem_escalate,
    problem_event,
    problem_extension_ask,
    problem_extension_grant,
    problem_extension_refuse,
    problem_instruct,
    problem_reject,
    problem_start,
    problem_supervise,
    problem_urge,
    step_possible,
)

__all__ = [
    "AGENDA_LIMIT",
    "DEADLINE_BEFORE_RAISED",
    "STEPS",
    "agenda_by_rules",
    "allowed_verbs",
    "check_problem_fields",
    "colour_override",
    "colours_refresh",
    "deadlines_passed",
    "decision_add",
    "meeting_create",
    "meeting_update",
    "milestone_colour",
    "person_allowed",
    "problem_accept",
    "problem_answer",
    "problem_assign",
    "problem_close_escalation",
    "problem_create",
    "problem_escalate",
    "problem_event",
    "problem_extension_ask",
    "problem_extension_grant",
    "problem_extension_refuse",
    "problem_instruct",
    "problem_reject",
    "problem_start",
    "problem_supervise",
    "problem_update",
    "problem_urge",
    "problems_escalate_overdue",
    "step_possible",
    "unit_allowed",
    "worst",
]
