"""URLs of the notices app, under /notices/: the user's notifications, the alert webhooks and
the user's subscriptions."""

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
    path("subscriptions/", views.SubscriptionListView.as_view(), name="subscription_list"),
    path("subscriptions/new/", views.SubscriptionCreateView.as_view(), name="subscription_create"),
    path(
        "subscriptions/<int:subscription_id>/",
        views.SubscriptionEditView.as_view(),
        name="subscription_edit",
    ),
    path(
        "subscriptions/<int:subscription_id>/switch/",
        views.SubscriptionSwitchView.as_view(),
        name="subscription_switch",
    ),
    path(
        "subscriptions/<int:subscription_id>/archive/",
        views.SubscriptionArchiveView.as_view(),
        name="subscription_archive",
    ),
    path(
        "subscriptions/<int:subscription_id>/deliveries/",
        views.SubscriptionDeliveriesView.as_view(),
        name="subscription_deliveries",
    ),
]
