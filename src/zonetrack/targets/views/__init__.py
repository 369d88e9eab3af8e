"""Pages of the targets app: progress, targets, statistics, reporting windows and key tasks."""

from .exports import OverviewExportView, WindowExportView
from .progress import (
    ComputedDetailView,
    IndicatorHistoryView,
    IndicatorListView,
    ProgressView,
    TargetDecomposeView,
    TargetQuartersView,
    ValueEntryView,
)
from .tasks import (
    MyTasksView,
    TaskBoardView,
    TaskCancelView,
    TaskCreateView,
    TaskDetailView,
    TaskEditView,
    TaskEvidenceView,
    TaskListView,
)
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
    "IndicatorHistoryView",
    "IndicatorListView",
    "MyTasksView",
    "OverviewExportView",
    "ProgressView",
    "TargetDecomposeView",
    "TargetQuartersView",
    "TaskBoardView",
    "TaskCancelView",
    "TaskCreateView",
    "TaskDetailView",
    "TaskEditView",
    "TaskEvidenceView",
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
