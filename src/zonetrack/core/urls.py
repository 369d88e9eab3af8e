"""URLs of background jobs."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("<int:job_id>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:job_id>/retry/", views.JobRetryView.as_view(), name="job_retry"),
    path("<int:job_id>/file/", views.JobFileView.as_view(), name="job_file"),
]
