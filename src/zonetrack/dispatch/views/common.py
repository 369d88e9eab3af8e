"""What the dispatch pages share: page size, the badge colours of statuses and colours, and the
labels a problem row shows."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from ..choices import Colour, EscalationLevel, ProblemCategory, ProblemStatus
from ..models import Problem

PAGE_SIZE = 50
COLOUR_CSS = {Colour.GREEN: "bg-green", Colour.YELLOW: "bg-yellow", Colour.RED: "bg-red"}
STATUS_CSS = {
    ProblemStatus.ASSIGNED: "bg-blue-lt",
    ProblemStatus.IN_HAND: "bg-orange-lt",
    ProblemStatus.ANSWERED: "bg-purple-lt",
    ProblemStatus.CLOSED: "bg-green-lt",
}


def decorate(problems: Iterable[Problem]) -> list[Problem]:
    """Labels and badges of each row, translated once per page."""
    today = timezone.localdate()
    statuses = dict(ProblemStatus.choices)
    categories = dict(ProblemCategory.choices)
    levels = dict(EscalationLevel.choices)
    rows = list(problems)
    for problem in rows:
        problem.status_label = statuses[problem.status]
        problem.status_css = STATUS_CSS[problem.status]
        problem.category_label = categories.get(problem.category, problem.category)
        problem.level_label = levels[problem.escalation_level]
        problem.overdue = problem.is_open and problem.deadline_on < today
    return rows
