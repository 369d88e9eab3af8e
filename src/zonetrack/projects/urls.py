"""URLs of the projects app."""

from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("board/", views.PipelineBoardView.as_view(), name="pipeline_board"),
    path("verification/", views.VerificationQueueView.as_view(), name="verification_queue"),
    path("search.json", views.ProjectSearchView.as_view(), name="project_search"),
    path("mine/", views.MyProjectsView.as_view(), name="my_projects"),
    path("leaders/", views.LeaderWorkloadView.as_view(), name="leader_workload"),
    path("ledger.xlsx", views.LedgerExportView.as_view(), name="ledger_export"),
    path("ledger/import/", views.LedgerImportView.as_view(), name="ledger_import"),
    path("<int:project_id>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:project_id>/edit/", views.ProjectEditView.as_view(), name="project_edit"),
    path("<int:project_id>/archive/", views.ProjectArchiveView.as_view(), name="project_archive"),
    path(
        "<int:project_id>/transition/",
        views.ProjectTransitionView.as_view(),
        name="project_transition",
    ),
    path("<int:project_id>/reports/", views.ReportCreateView.as_view(), name="report_create"),
    path(
        "<int:project_id>/reports/<int:report_id>/photo/",
        views.ReportPhotoView.as_view(),
        name="report_photo",
    ),
    path(
        "<int:project_id>/photos/<int:photo_id>/",
        views.SitePhotoView.as_view(),
        name="site_photo",
    ),
    path(
        "<int:project_id>/milestones/",
        views.MilestoneCreateView.as_view(),
        name="milestone_create",
    ),
    path("<int:project_id>/plans/", views.YearPlanSetView.as_view(), name="year_plan_set"),
    path(
        "<int:project_id>/transitions/<int:transition_id>/",
        views.TransitionDetailView.as_view(),
        name="transition_detail",
    ),
    path(
        "<int:project_id>/transitions/<int:transition_id>/verify/",
        views.VerificationDecideView.as_view(),
        name="verification_decide",
    ),
]
