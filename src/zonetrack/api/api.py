"""The project's NinjaAPI object: every app's routes hang here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from zonetrack import __version__
from zonetrack.accounts.api import router as accounts_router
from zonetrack.articles.api import router as articles_router
from zonetrack.dashboards.cockpit.api import router as overview_router
from zonetrack.dispatch.api import router as dispatch_router
from zonetrack.land.api import router as land_router
from zonetrack.projects.api import router as projects_router
from zonetrack.promotion.api import router as promotion_router
from zonetrack.promotion.chain_api import router as chain_router
from zonetrack.promotion.event_api import router as event_router
from zonetrack.promotion.firm_api import router as firm_router
from zonetrack.rankings.api import router as rankings_router
from zonetrack.registry.api import router as registry_router
from zonetrack.targets.api import router as targets_router
from zonetrack.targets.api_tasks import router as tasks_router

from . import errors
from .auth import ActiveSession, BearerToken


class ZonetrackAPI(NinjaAPI):
    """The API whose OpenAPI document declares, for every operation, the errors it can
    answer with (see errors.declare_errors) — one place for all routes."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        errors.declare_errors(schema)
        return schema


api = ZonetrackAPI(
    title="zonetrack API",
    version=__version__,
    description="Development zones, projects, dispatch and targets. "
    "Authenticate with `Authorization: Bearer <token>` (`zonetrack token create USER`) "
    "or a signed-in browser session.",
    auth=[BearerToken(), ActiveSession()],
    urls_namespace="api",
)
errors.install(api)
api.add_router("", accounts_router)
api.add_router("", registry_router)
api.add_router("", projects_router)
api.add_router("", dispatch_router)
api.add_router("", articles_router)
api.add_router("", targets_router)
api.add_router("", tasks_router)
api.add_router("", rankings_router)
api.add_router("", land_router)
api.add_router("", promotion_router)
api.add_router("", chain_router)
api.add_router("", event_router)
api.add_router("", firm_router)
api.add_router("", overview_router)


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return errors.error_response(404, "Not found.")
