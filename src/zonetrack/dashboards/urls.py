"""URLs of the dashboards. The battle map and the leader's page keep the addresses they had
under /dispatch/ (this app is mounted at the root)."""

from django.urls import include, path

from . import views

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
    # The monthly pack's pages (its own module): under /overview/<organisation_id>/packs/.
    path("overview/", include("zonetrack.dashboards.pack.urls")),
]
