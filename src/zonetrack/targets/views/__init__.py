"""Pages of the targets app: progress, targets, statistics, reporting windows and key tasks."""

from .progress import (
    ComputedDetailView,
    IndicatorListView,
    ProgressView,
    TargetDecomposeView,
    ValueEntryView,
)
from .tasks import TaskCreateView, TaskDetailView, TaskListView
from .windows import (
    WindowCreateView,
    WindowDetailView,
    WindowListView,
    WindowStateView,
    window_page,
)

__all__ = [
    "ComputedDetailView",
    "IndicatorListView",
    "ProgressView",
    "TargetDecomposeView",
    "TaskCreateView",
    "TaskDetailView",
    "TaskListView",
    "ValueEntryView",
    "WindowCreateView",
    "WindowDetailView",
    "WindowListView",
    "WindowStateView",
    "window_page",
]
