"""URLs of the rankings app."""

from django.urls import path

from . import views

app_name = "rankings"

urlpatterns = [
    path("", views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/new/", views.SchemeEditView.as_view(), name="scheme_create"),
    path("schemes/templates/", views.SchemeTemplateView.as_view(), name="scheme_template"),
    path("schemes/<int:scheme_id>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:scheme_id>/edit/", views.SchemeEditView.as_view(), name="scheme_edit"),
    path("schemes/<int:scheme_id>/events/", views.EventListView.as_view(), name="event_list"),
    path("schemes/<int:scheme_id>/panel/", views.PanelScoreView.as_view(), name="panel_scores"),
    path(
        "schemes/<int:scheme_id>/compute/",
        views.RankingComputeView.as_view(),
        name="ranking_compute",
    ),
    path("<int:ranking_id>/", views.RankingDetailView.as_view(), name="ranking_detail"),
    path("<int:ranking_id>/publish/", views.RankingPublishView.as_view(), name="ranking_publish"),
    path("<int:ranking_id>/compare/", views.RankingCompareView.as_view(), name="ranking_compare"),
    path("<int:ranking_id>/today/", views.RankingDriftView.as_view(), name="ranking_drift"),
    path("<int:ranking_id>/print/", views.RankingPrintView.as_view(), name="ranking_print"),
    path("<int:ranking_id>/export/", views.RankingExportView.as_view(), name="ranking_export"),
    path(
        "<int:ranking_id>/organisations/<int:organisation_id>/",
        views.ItemExplanationView.as_view(),
        name="ranking_item",
    ),
    path(
        "<int:ranking_id>/organisations/<int:organisation_id>/change/",
        views.RankChangeView.as_view(),
        name="rank_change",
    ),
]
