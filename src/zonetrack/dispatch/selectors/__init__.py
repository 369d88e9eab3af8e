"""Reads of the dispatch app, always through the visibility rule: problem lists, my work,
colours, the battle map's data and meetings (notifications and webhooks: ``notices``)."""

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
from .maps import MapFilters, battle_map, node_schedule
from .meetings import agenda_item_get, meeting_agenda, meeting_detail, meeting_get, meeting_list
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
    "MapFilters",
    "ProblemFilters",
    "agenda_item_get",
    "battle_map",
    "colour_changes",
    "colour_counts",
    "colour_get",
    "colour_of_projects",
    "meeting_agenda",
    "meeting_detail",
    "meeting_get",
    "meeting_list",
    "my_work",
    "node_schedule",
    "open_problem_counts",
    "problem_events",
    "problem_get",
    "problem_list",
    "problem_photos",
    "problems_for_my_level",
    "responsible_people",
    "unit_choices",
    "visible_problems",
    "warnings",
    "with_current_colour",
    "zone_colour_counts",
    "zone_colour_rows",
]
