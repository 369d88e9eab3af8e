"""Pages of the targets app: progress, targets, statistics, reporting windows and key tasks."""

from .progress import (
    ComputedDetailView,
    IndicatorHistoryView,
    IndicatorListView,
    ProgressView,
    TargetDecomposeView,
    TargetQuartersView,
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
    "IndicatorHistoryView",
    "IndicatorListView",
    "ProgressView",
    "TargetDecomposeView",
    "TargetQuartersView",
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
