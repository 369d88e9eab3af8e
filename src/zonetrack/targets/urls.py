"""URLs of the targets app."""

from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("", views.ProgressView.as_view(), name="overview"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path(
        "organisations/<int:organisation_id>/",
        views.ProgressView.as_view(),
        name="progress",
    ),
    path(
        "organisations/<int:organisation_id>/targets/",
        views.TargetDecomposeView.as_view(),
        name="target_decompose",
    ),
    path(
        "organisations/<int:organisation_id>/values/",
        views.ValueEntryView.as_view(),
        name="value_entry",
    ),
    path(
        "organisations/<int:organisation_id>/export/",
        views.OverviewExportView.as_view(),
        name="overview_export",
    ),
    path(
        "organisations/<int:organisation_id>/indicators/<int:indicator_id>/",
        views.ComputedDetailView.as_view(),
        name="computed_detail",
    ),
    path(
        "organisations/<int:organisation_id>/indicators/<int:indicator_id>/history/",
        views.IndicatorHistoryView.as_view(),
        name="indicator_history",
    ),
    path(
        "targets/<int:target_id>/quarters/",
        views.TargetQuartersView.as_view(),
        name="target_quarters",
    ),
    path("windows/", views.WindowListView.as_view(), name="window_list"),
    path("windows/new/", views.WindowCreateView.as_view(), name="window_create"),
    path("windows/<int:window_id>/", views.WindowDetailView.as_view(), name="window_detail"),
    path("windows/<int:window_id>/state/", views.WindowStateView.as_view(), name="window_state"),
    path("windows/<int:window_id>/submit/", views.WindowSubmitView.as_view(), name="window_submit"),
    path("windows/<int:window_id>/import/", views.WindowImportView.as_view(), name="window_import"),
    path("windows/<int:window_id>/export/", views.WindowExportView.as_view(), name="window_export"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("tasks/board/", views.TaskBoardView.as_view(), name="task_board"),
    path("tasks/mine/", views.MyTasksView.as_view(), name="task_mine"),
    path("tasks/<int:task_id>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:task_id>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:task_id>/cancel/", views.TaskCancelView.as_view(), name="task_cancel"),
    path(
        "tasks/<int:task_id>/evidence/<int:evidence_id>/",
        views.TaskEvidenceView.as_view(),
        name="task_evidence",
    ),
]
