"""Top-level URLs."""

from django.contrib import admin
from django.urls import include, path, re_path

from zonetrack.api.api import api, api_not_found
from zonetrack.core.views import healthz, metrics_view
from zonetrack.core.views.manifest import manifest

urlpatterns = [
    path("", include("zonetrack.dashboards.urls")),
    path("accounts/", include("zonetrack.accounts.urls")),
    path("jobs/", include("zonetrack.core.urls")),
    path("registry/", include("zonetrack.registry.urls")),
    path("projects/", include("zonetrack.projects.urls")),
    path("dispatch/", include("zonetrack.dispatch.urls")),
    path("notices/", include("zonetrack.notices.urls")),
    path("targets/", include("zonetrack.targets.urls")),
    path("rankings/", include("zonetrack.rankings.urls")),
    path("land/", include("zonetrack.land.urls")),
    path("promotion/", include("zonetrack.promotion.urls")),
    path("articles/", include("zonetrack.articles.urls")),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("metrics", metrics_view, name="metrics"),
]

# A database outage answers 503 with Retry-After instead of 500 (see core.dberrors).
handler500 = "zonetrack.core.dberrors.server_error"
