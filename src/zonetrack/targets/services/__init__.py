"""Writes of the targets app — the only code that writes its rows: targets and their quarterly
splits, reporting windows and their submissions, reported values (and the rollups they keep),
key tasks."""

from .checks import figure_problem, parse_figure
from .targets import (
    TargetEntry,
    decomposition_tolerance,
    target_cell,
    target_quarters_set,
    targets_set,
)
from .tasks import task_cancel, task_create, task_progress, task_update
from .values import ValueItem, value_cell, values_report, values_write, window_refusal
from .windows import (
    month_start,
    submission_reopen,
    window_close,
    window_open,
    window_reopen,
    window_submit,
)

__all__ = [
    "TargetEntry",
    "ValueItem",
    "decomposition_tolerance",
    "figure_problem",
    "month_start",
    "parse_figure",
    "submission_reopen",
    "target_cell",
    "target_quarters_set",
    "targets_set",
    "task_cancel",
    "task_create",
    "task_progress",
    "task_update",
    "value_cell",
    "values_report",
    "values_write",
    "window_close",
    "window_open",
    "window_refusal",
    "window_reopen",
    "window_submit",
]
