"""The project's land page (地等项目): parcels ranked against its needs with the reasons, and
reserving or releasing one."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.views import ObjectDetailView
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.models import Project
from zonetrack.registry.choices import Infrastructure
from zonetrack.registry.models import Park

from .. import selectors, services
from ..choices import LandUse
from ..matching import Needs, rank
from ..models import Parcel
from ..permissions import can_check_project


def _needs(project: Project, params: Any) -> Needs:
    area_text = params.get("area_mu")
    try:
        area = Decimal(area_text) if area_text else project.land_mu
    except InvalidOperation:
        area = project.land_mu
    land_use = params.get("land_use", LandUse.INDUSTRIAL)
    park = params.get("park")
    return Needs(
        area_mu=area if area and area > 0 else None,
        land_use=land_use if land_use in LandUse.values else "",
        park_id=int(park) if park and park.isdigit() and len(park) < 10 else project.park_id,
        items=needed_items(params),
    )


def needed_items(params: Any) -> tuple[str, ...]:
    """The infrastructure items asked for (``?items=gas&items=heat``), known ones only."""
    asked = params.getlist("items") if hasattr(params, "getlist") else []
    return tuple(item for item in Infrastructure.values if item in asked)


class ProjectLandView(ObjectDetailView):
    """GET: the needs and the ranked parcels; POST: reserve (``reserve``) or release
    (``release``) a parcel for the project — the zone's land officers."""

    template_name = "land/project_land.html"
    context_object_name = "project"

    def get_object(self) -> Project:
        return project_selectors.project_get(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )

    def get_extra_context(self, project: Project) -> dict[str, Any]:
        needs = _needs(project, self.request.GET)
        return {
            "needs": needs,
            "matches": rank(
                selectors.land_on_offer(user=self.request.user, project=project), needs
            ),
            "reserved": selectors.reserved_for(user=self.request.user, project=project),
            "land_uses": LandUse.choices,
            "infrastructure": Infrastructure.choices,
            "parks": Park.objects.active().filter(zone_id=project.zone_id).order_by("name"),
            "can_reserve": can_check_project(self.request.user, project),
        }

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        project = self.load()
        access.require(can_check_project(request.user, project))
        action = "release" if request.POST.get("release") else "reserve"
        parcel_id = request.POST.get(action, "")
        if not parcel_id.isdigit():
            return HttpResponse(_("Choose a parcel."), status=400)
        parcel = access.get_visible(
            Parcel.objects.select_related("zone__organisation"), request.user, pk=int(parcel_id)
        )
        actor = access.request_user(request)
        try:
            if action == "reserve":
                services.parcel_reserve(actor=actor, parcel=parcel, project=project)
                messages.success(request, _("Reserved for the project."))
            else:
                services.parcel_release(actor=actor, parcel=parcel)
                messages.success(request, _("Released: the parcel is on offer again."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(reverse("land:project_land", kwargs={"project_id": project.pk}))
