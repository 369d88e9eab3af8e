"""URLs of the registry."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="zone_list"),
    path("zones/<int:zone_id>/", views.ZoneDetailView.as_view(), name="zone_detail"),
    path("zones/<int:zone_id>/edit/", views.ZoneEditView.as_view(), name="zone_edit"),
    path("zones/<int:zone_id>/archive/", views.ZoneArchiveView.as_view(), name="zone_archive"),
    path("parks/<int:park_id>/", views.ParkDetailView.as_view(), name="park_detail"),
]
