"""URLs of the dashboards. The battle map and the leader's page keep the addresses they had
under /dispatch/ (this app is mounted at the root)."""

from django.urls import include, path

from . import views
from .cockpit import views as cockpit_views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("coming/<slug:area>/", views.coming, name="coming"),
    path("dispatch/map/<int:zone_id>/", views.BattleMapView.as_view(), name="battle_map"),
    path(
        "dispatch/map/<int:zone_id>/screen/",
        views.BattleMapScreenView.as_view(),
        name="battle_map_screen",
    ),
    path(
        "dispatch/map/<int:zone_id>/print/",
        views.BattleMapPrintView.as_view(),
        name="battle_map_print",
    ),
    path("dispatch/leader/", views.LeaderView.as_view(), name="leader"),
    path("overview/", cockpit_views.CockpitHomeView.as_view(), name="cockpit_home"),
    path("overview/<int:organisation_id>/", cockpit_views.CockpitView.as_view(), name="cockpit"),
    path(
        "overview/<int:organisation_id>/print/",
        cockpit_views.CockpitPrintView.as_view(),
        name="cockpit_print",
    ),
    path(
        "overview/<int:organisation_id>/map.json",
        cockpit_views.CockpitMapView.as_view(),
        name="cockpit_map",
    ),
    path(
        "overview/<int:organisation_id>/extract.xlsx",
        cockpit_views.CockpitExtractView.as_view(),
        name="cockpit_extract",
    ),
    path(
        "overview/<int:organisation_id>/figures/<slug:key>/",
        cockpit_views.FigureView.as_view(),
        name="cockpit_figure",
    ),
    # The monthly pack's pages (its own module): under /overview/<organisation_id>/packs/.
    path("overview/", include("zonetrack.dashboards.pack.urls")),
]
