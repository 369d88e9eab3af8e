"""Reads of the targets app, split by subdomain: the catalogue and organisations, reporting
windows, targets and their progress, key tasks. Every read is re-exported here."""

from .common import (
    children_of,
    default_organisation,
    indicator_get,
    indicator_list,
    organisation_get,
)
from .figures import YearFigure, counted, rollup_months, rollup_sums, year_figure
from .progress import (
    Cell,
    Line,
    Progress,
    YearRow,
    computed_projects,
    computed_reports,
    indicator_history,
    progress_of,
    target_grid,
    target_history,
    target_queryset,
)
from .tasks import task_get, task_list, task_notes
from .windows import (
    Submitter,
    covering_window,
    month_values,
    window_get,
    window_list,
    window_submitters,
)

__all__ = [
    "Cell",
    "Line",
    "Progress",
    "Submitter",
    "YearFigure",
    "YearRow",
    "children_of",
    "computed_projects",
    "computed_reports",
    "counted",
    "covering_window",
    "default_organisation",
    "indicator_get",
    "indicator_history",
    "indicator_list",
    "month_values",
    "organisation_get",
    "progress_of",
    "rollup_months",
    "rollup_sums",
    "target_grid",
    "target_history",
    "target_queryset",
    "task_get",
    "task_list",
    "task_notes",
    "window_get",
    "window_list",
    "window_submitters",
    "year_figure",
]
