"""Writes of the targets app — the only code that writes its rows: targets, reporting windows
and reported values."""

from .checks import figure_problem, parse_figure
from .targets import (
    TargetEntry,
    decomposition_tolerance,
    target_cell,
    target_quarters_set,
    targets_set,
)
from .tasks import task_create, task_progress
from .values import value_cell, values_report, window_refusal
from .windows import month_start, window_close, window_open, window_reopen

__all__ = [
    "TargetEntry",
    "decomposition_tolerance",
    "figure_problem",
    "month_start",
    "parse_figure",
    "target_cell",
    "target_quarters_set",
    "targets_set",
    "task_create",
    "task_progress",
    "value_cell",
    "values_report",
    "window_close",
    "window_open",
    "window_refusal",
    "window_reopen",
]
