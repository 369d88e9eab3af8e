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
    path(
        "parcels/<int:parcel_id>/commitments/new/",
        views.CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path("commitments/", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments/export/", views.CommitmentExportView.as_view(), name="commitment_export"),
    path(
        "commitments/<int:commitment_id>/",
        views.CommitmentDetailView.as_view(),
        name="commitment_detail",
    ),
    path(
        "follow-ups/<int:follow_up_id>/close/",
        views.FollowUpCloseView.as_view(),
        name="follow_up_close",
    ),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/new/", views.EvaluationCreateView.as_view(), name="evaluation_create"),
    path("evaluations/import/", views.FirmImportView.as_view(), name="firm_import"),
    path(
        "evaluations/<int:evaluation_id>/",
        views.EvaluationDetailView.as_view(),
        name="evaluation_detail",
    ),
    path(
        "evaluations/<int:evaluation_id>/edit/",
        views.EvaluationEditView.as_view(),
        name="evaluation_edit",
    ),
    path(
        "evaluations/<int:evaluation_id>/step/",
        views.EvaluationStepView.as_view(),
        name="evaluation_step",
    ),
    path(
        "evaluations/<int:evaluation_id>/export/",
        views.EvaluationExportView.as_view(),
        name="evaluation_export",
    ),
    path(
        "firms/<int:firm_id>/objections/new/",
        views.ObjectionCreateView.as_view(),
        name="objection_create",
    ),
    path(
        "objections/<int:objection_id>/decide/",
        views.ObjectionDecideView.as_view(),
        name="objection_decide",
    ),
    path("factories/", views.FactoryListView.as_view(), name="factory_list"),
    path(
        "zones/<int:zone_id>/factories/new/",
        views.BuildingCreateView.as_view(),
        name="building_create",
    ),
    path("factories/<int:building_id>/", views.FactoryDetailView.as_view(), name="factory_detail"),
    path(
        "factories/<int:building_id>/units/new/",
        views.UnitCreateView.as_view(),
        name="unit_create",
    ),
    path("units/<int:unit_id>/lease/", views.UnitLeaseView.as_view(), name="unit_lease"),
    path("units/<int:unit_id>/vacate/", views.UnitVacateView.as_view(), name="unit_vacate"),
    path(
        "projects/<int:project_id>/factories/",
        views.ProjectFactoryView.as_view(),
        name="project_factory",
    ),
    path("idle/", views.IdleListView.as_view(), name="idle_list"),
    path(
        "parcels/<int:parcel_id>/idle-decision/",
        views.IdleDecideView.as_view(),
        name="idle_decide",
    ),
    path("thresholds/", views.ThresholdListView.as_view(), name="threshold_list"),
    path("thresholds/new/", views.ThresholdCreateView.as_view(), name="threshold_create"),
    path(
        "projects/<int:project_id>/check/", views.ProjectCheckView.as_view(), name="project_check"
    ),
    path("projects/<int:project_id>/land/", views.ProjectLandView.as_view(), name="project_land"),
]
