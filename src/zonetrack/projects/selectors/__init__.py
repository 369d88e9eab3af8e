"""Reads of the projects app: lists, the pipeline counts and the verification queue, always
through the visibility rule.

One module per subdomain; the public names are re-exported here so ``projects.selectors.X``
keeps working.
"""

from .filters import BROAD_ZONES, PROJECT_SORTS, YEAR_MAX, YEAR_MIN, ProjectFilters
from .kpis import Kpis, LeaderLoad, dispatch_kpis, leader_workload
from .pipeline import StageCount, five_batches, list_count, pipeline_counts, stage_totals
from .projects import (
    duplicate_investors,
    leader_choices,
    my_projects,
    project_get,
    project_list,
    stage_rules,
)
from .verification import verification_queue

__all__ = [
    "BROAD_ZONES",
    "PROJECT_SORTS",
    "YEAR_MAX",
    "YEAR_MIN",
    "Kpis",
    "LeaderLoad",
    "ProjectFilters",
    "StageCount",
    "dispatch_kpis",
    "duplicate_investors",
    "five_batches",
    "leader_choices",
    "leader_workload",
    "list_count",
    "my_projects",
    "pipeline_counts",
    "project_get",
    "project_list",
    "stage_rules",
    "stage_totals",
    "verification_queue",
]
