"""URLs of the notices app, under /notices/: the user's notifications and the alert webhooks."""

from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("webhooks/", views.WebhookListView.as_view(), name="webhook_list"),
    path("webhooks/new/", views.WebhookCreateView.as_view(), name="webhook_create"),
    path("webhooks/<int:webhook_id>/", views.WebhookEditView.as_view(), name="webhook_edit"),
    path(
        "webhooks/<int:webhook_id>/archive/",
        views.WebhookArchiveView.as_view(),
        name="webhook_archive",
    ),
    path("webhooks/<int:webhook_id>/try/", views.WebhookTryView.as_view(), name="webhook_try"),
]
