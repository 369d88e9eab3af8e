"""Pages of the targets app: progress, targets, statistics, reporting windows and key tasks."""

from .progress import (
    ComputedDetailView,
    IndicatorListView,
    ProgressView,
    TargetDecomposeView,
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
    WindowListView,
    WindowStateView,
    window_page,
)

__all__ = [
    "ComputedDetailView",
    "IndicatorListView",
    "MyTasksView",
    "ProgressView",
    "TargetDecomposeView",
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
    "WindowListView",
    "WindowStateView",
    "window_page",
]
