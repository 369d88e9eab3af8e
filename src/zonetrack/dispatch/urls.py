"""URLs of the dispatch app. The battle map and the leader's page, under /dispatch/ too, are
the dashboards' (see ``dashboards.urls``)."""

from django.urls import path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("problems/", views.ProblemListView.as_view(), name="problem_list"),
    path("problems/new/", views.ProblemCreateView.as_view(), name="problem_create"),
    path("problems/<int:problem_id>/", views.ProblemDetailView.as_view(), name="problem_detail"),
    path("problems/<int:problem_id>/edit/", views.ProblemEditView.as_view(), name="problem_edit"),
    path("problems/<int:problem_id>/step/", views.ProblemEventView.as_view(), name="problem_event"),
    path(
        "problems/<int:problem_id>/attachments/<int:attachment_id>/",
        views.InstructionAttachmentView.as_view(),
        name="instruction_attachment",
    ),
    path(
        "problems/<int:problem_id>/photos/<int:photo_id>/",
        views.ProblemPhotoView.as_view(),
        name="problem_photo",
    ),
    path("mine/", views.MyWorkView.as_view(), name="my_work"),
    path("warnings/", views.WarningListView.as_view(), name="warning_list"),
    path("warnings/<int:status_id>/", views.ColourDetailView.as_view(), name="colour_detail"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:meeting_id>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "meetings/<int:meeting_id>/decisions/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(
        "meetings/<int:meeting_id>/briefing.docx",
        views.MeetingBriefingView.as_view(),
        name="meeting_briefing",
    ),
    path(
        "meetings/<int:meeting_id>/minutes.docx",
        views.MeetingMinutesView.as_view(),
        name="meeting_minutes",
    ),
]
