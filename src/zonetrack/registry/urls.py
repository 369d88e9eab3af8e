"""URLs of the registry."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="zone_list"),
    path("zones/new/", views.ZoneCreateView.as_view(), name="zone_create"),
    path("zones/export/", views.ZoneExportView.as_view(), name="zone_export"),
    path("zones/import/", views.ZoneImportView.as_view(), name="zone_import"),
    path("zones/<int:zone_id>/", views.ZoneDetailView.as_view(), name="zone_detail"),
    path("zones/<int:zone_id>/edit/", views.ZoneEditView.as_view(), name="zone_edit"),
    path("zones/<int:zone_id>/archive/", views.ZoneArchiveView.as_view(), name="zone_archive"),
    path("zones/<int:zone_id>/parks/new/", views.ParkCreateView.as_view(), name="park_create"),
    path("parks/<int:park_id>/", views.ParkDetailView.as_view(), name="park_detail"),
    path("parks/<int:park_id>/edit/", views.ParkEditView.as_view(), name="park_edit"),
    path("parks/<int:park_id>/archive/", views.ParkArchiveView.as_view(), name="park_archive"),
    path("map/", views.MapView.as_view(), name="map"),
    path("map/data/", views.MapDataView.as_view(), name="map_data"),
]
