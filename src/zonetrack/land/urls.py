"""URLs of land."""

from django.urls import path

from . import views

app_name = "land"

urlpatterns = [
    path("parcels/", views.ParcelListView.as_view(), name="parcel_list"),
    path("parcels/export/", views.ParcelExportView.as_view(), name="parcel_export"),
    path("parcels/import/", views.ParcelImportView.as_view(), name="parcel_import"),
    path("parcels/<int:parcel_id>/", views.ParcelDetailView.as_view(), name="parcel_detail"),
    path("parcels/<int:parcel_id>/edit/", views.ParcelEditView.as_view(), name="parcel_edit"),
    path("parcels/<int:parcel_id>/status/", views.ParcelStatusView.as_view(), name="parcel_status"),
    path(
        "parcels/<int:parcel_id>/archive/",
        views.ParcelArchiveView.as_view(),
        name="parcel_archive",
    ),
    path(
        "zones/<int:zone_id>/parcels/new/", views.ParcelCreateView.as_view(), name="parcel_create"
    ),
    path("zones/<int:zone_id>/map/", views.ZoneLandMapView.as_view(), name="zone_map"),
    path(
        "zones/<int:zone_id>/map/data/", views.ZoneLandMapDataView.as_view(), name="zone_map_data"
    ),
]
