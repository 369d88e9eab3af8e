"""Reads of the projects app: lists, the pipeline counts and the verification queue, always
through the visibility rule.

One module per subdomain; the public names are re-exported here so ``projects.selectors.X``
keeps working.
"""

# dispatch reads projects.selectors.Project (the old module imported it).
from ..models import Project
from .board import BOARD_CARDS, BOARD_GROUPINGS, BOARD_GROUPS, board_columns, board_groups
from .detail import (
    ProjectPage,
    chart_data,
    my_projects_owing,
    project_page,
    stage_steps,
    verification_claims,
    with_cumulative,
)
from .filters import PROJECT_SORTS, YEAR_MAX, YEAR_MIN, ProjectFilters
from .kpis import Kpis, LeaderLoad, ZoneKpis, dispatch_kpis, empty_kpis, leader_workload, zone_kpis
from .owing import (
    REPORTING_STAGES,
    milestones_due,
    owing_report,
    report_month,
    reports_for,
    with_owes_report,
)
from .pipeline import StageCount, five_batches, list_count, pipeline_counts, stage_totals
from .projects import (
    SEARCH_LIMIT,
    duplicate_investors,
    filter_choices,
    leader_choices,
    my_projects,
    people,
    project_choices,
    project_get,
    project_list,
    project_search,
    stage_rules,
)
from .verification import transition_history, verification_queue

__all__ = [
    "BOARD_CARDS",
    "BOARD_GROUPINGS",
    "BOARD_GROUPS",
    "PROJECT_SORTS",
    "REPORTING_STAGES",
    "SEARCH_LIMIT",
    "YEAR_MAX",
    "YEAR_MIN",
    "Kpis",
    "LeaderLoad",
    "Project",
    "ProjectFilters",
    "ProjectPage",
    "StageCount",
    "ZoneKpis",
    "board_columns",
    "board_groups",
    "chart_data",
    "dispatch_kpis",
    "duplicate_investors",
    "empty_kpis",
    "filter_choices",
    "five_batches",
    "leader_choices",
    "leader_workload",
    "list_count",
    "milestones_due",
    "my_projects",
    "my_projects_owing",
    "owing_report",
    "people",
    "pipeline_counts",
    "project_choices",
    "project_get",
    "project_list",
    "project_page",
    "project_search",
    "report_month",
    "reports_for",
    "stage_rules",
    "stage_steps",
    "stage_totals",
    "transition_history",
    "verification_claims",
    "verification_queue",
    "with_cumulative",
    "with_owes_report",
    "zone_kpis",
]
