"""Reads of the dispatch app, always through the visibility rule: problem lists, my work,
colours, the battle map's data, notifications and meetings."""

from .colours import (
    colour_changes,
    colour_counts,
    colour_get,
    colour_of_projects,
    warnings,
    with_current_colour,
    zone_colour_counts,
    zone_colour_rows,
)
from .maps import battle_map
from .meetings import agenda_item_get, meeting_agenda, meeting_detail, meeting_get, meeting_list
from .notices import failed_deliveries, notifications, unread_count
from .problems import (
    ProblemFilters,
    my_work,
    open_problem_counts,
    problem_events,
    problem_get,
    problem_list,
    problem_photos,
    problems_for_my_level,
    responsible_people,
    unit_choices,
    visible_problems,
)

__all__ = [
    "ProblemFilters",
    "agenda_item_get",
    "battle_map",
    "colour_changes",
    "colour_counts",
    "colour_get",
    "colour_of_projects",
    "failed_deliveries",
    "meeting_agenda",
    "meeting_detail",
    "meeting_get",
    "meeting_list",
    "my_work",
    "notifications",
    "open_problem_counts",
    "problem_events",
    "problem_get",
    "problem_list",
    "problem_photos",
    "problems_for_my_level",
    "responsible_people",
    "unit_choices",
    "unread_count",
    "visible_problems",
    "warnings",
    "with_current_colour",
    "zone_colour_counts",
    "zone_colour_rows",
]
