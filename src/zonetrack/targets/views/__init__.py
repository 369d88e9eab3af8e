"""Pages of the targets app: progress, targets, statistics, reporting windows and key tasks."""

from .exports import OverviewExportView, WindowExportView
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
    WindowImportView,
    WindowListView,
    WindowStateView,
    WindowSubmitView,
    window_page,
)

__all__ = [
    "ComputedDetailView",
    "IndicatorListView",
    "OverviewExportView",
    "ProgressView",
    "TargetDecomposeView",
    "TaskCreateView",
    "TaskDetailView",
    "TaskListView",
    "ValueEntryView",
    "WindowCreateView",
    "WindowDetailView",
    "WindowExportView",
    "WindowImportView",
    "WindowListView",
    "WindowStateView",
    "WindowSubmitView",
    "window_page",
]
