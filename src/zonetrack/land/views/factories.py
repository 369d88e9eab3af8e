"""Pages of standard factories: the buildings with occupancy per park, a building with its
units, adding buildings and units, letting and vacating a unit, and a project's factory space
(地等项目): vacant units ranked against its needs, reserved or released."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.validators import query_decimal, query_id
from zonetrack.core.views import FilteredListView, ObjectDetailView, ServiceFormView
from zonetrack.projects import selectors as project_selectors
from zonetrack.projects.models import Project
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.choices import Infrastructure
from zonetrack.registry.models import Park, Zone

from .. import factories, permissions, selectors, services
from ..forms import BuildingForm, IdleFilterForm, LeaseForm, UnitForm, VacateForm
from ..models import FactoryBuilding, FactoryUnit
from ..permissions import can_check_project
from .matching import needed_items


def _building_url(building_id: int) -> str:
    return reverse("land:factory_detail", kwargs={"building_id": building_id})


class FactoryListView(FilteredListView):
    """The standard factory buildings the user sees, with occupancy per building and park."""

    template_name = "land/factory_list.html"
    context_object_name = "buildings"

    def get_filters(self) -> dict[str, Any]:
        return {"zone": query_id(self.request.GET.get("zone"))}

    def get_queryset(self, filters: dict[str, Any]) -> Any:
        self.buildings = factories.building_list(user=self.request.user, zone_id=filters["zone"])
        return self.buildings

    def get_extra_context(self, filters: dict[str, Any]) -> dict[str, Any]:
        user = self.request.user
        zone: Zone | None = None
        if filters["zone"]:
            zone = (
                access.visible(Zone.objects.active(), user)
                .filter(pk=filters["zone"])
                .select_related("organisation")
                .first()
            )
        form = IdleFilterForm(
            initial={"zone": filters["zone"] or ""}, zones=selectors.zones_for_filter(user)
        )
        del form.fields["state"]
        return {
            "filter_form": form,
            "parks": factories.by_park(self.buildings),
            "zone": zone,
            "can_add": zone is not None and permissions.can_add_parcel(user, zone),
        }


class BuildingCreateView(ServiceFormView):
    """Add a standard factory building to a zone."""

    form_class = BuildingForm
    context_object_name = "zone"
    form_id, submit_id = "building-form", "save-building"
    wide_fields = ("note",)

    def get_object(self) -> Zone:
        return registry_selectors.zone_get(user=self.request.user, zone_id=self.kwargs["zone_id"])

    def has_permission(self, zone: Zone) -> bool:
        return permissions.can_add_parcel(self.request.user, zone)

    def get_form_kwargs(self, zone: Zone) -> dict[str, Any]:
        return {"zone": zone}

    def perform(self, form: Any, zone: Zone) -> FactoryBuilding:
        return services.building_create(
            actor=access.request_user(self.request), zone=zone, **form.cleaned_data
        )

    def get_success_url(self, building: FactoryBuilding) -> str:
        return _building_url(building.pk)

    def get_cancel_url(self, zone: Zone) -> str:
        return reverse("land:factory_list") + f"?zone={zone.pk}"

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        return {"title": _("Add a standard factory building"), "pretitle": zone.name}


class FactoryDetailView(ObjectDetailView):
    template_name = "land/factory_detail.html"
    context_object_name = "building"

    def get_object(self) -> FactoryBuilding:
        return factories.building_get(
            user=self.request.user, building_id=self.kwargs["building_id"]
        )

    def get_extra_context(self, building: FactoryBuilding) -> dict[str, Any]:
        return {"can_change": permissions.can_change_building(self.request.user, building)}


class _UnitMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> FactoryUnit:
        return factories.unit_get(user=self.request.user, unit_id=self.kwargs["unit_id"])

    def has_permission(self, unit: FactoryUnit) -> bool:
        return permissions.can_change_building(self.request.user, unit.building)

    def get_success_url(self, unit: FactoryUnit) -> str:
        return _building_url(unit.building_id)

    def get_cancel_url(self, unit: FactoryUnit) -> str:
        return _building_url(unit.building_id)


class UnitCreateView(ServiceFormView):
    """Add a unit to a building."""

    form_class = UnitForm
    context_object_name = "building"
    form_id, submit_id = "unit-form", "save-unit"

    def get_object(self) -> FactoryBuilding:
        return factories.building_get(
            user=self.request.user, building_id=self.kwargs["building_id"]
        )

    def has_permission(self, building: FactoryBuilding) -> bool:
        return permissions.can_change_building(self.request.user, building)

    def get_form_kwargs(self, building: FactoryBuilding) -> dict[str, Any]:
        return {"building": building}

    def perform(self, form: Any, building: FactoryBuilding) -> FactoryUnit:
        return services.unit_create(
            actor=access.request_user(self.request), building=building, **form.cleaned_data
        )

    def get_success_url(self, unit: FactoryUnit) -> str:
        return _building_url(unit.building_id)

    def get_cancel_url(self, building: FactoryBuilding) -> str:
        return _building_url(building.pk)

    def get_extra_context(self, building: FactoryBuilding) -> dict[str, Any]:
        return {"title": _("Add a unit"), "pretitle": str(building)}


class UnitLeaseView(_UnitMixin, ServiceFormView):
    """Let a unit to a firm or a project of the zone."""

    form_class = LeaseForm
    context_object_name = "unit"
    form_id, submit_id = "lease-form", "save-lease"

    def get_form_kwargs(self, unit: FactoryUnit) -> dict[str, Any]:
        return {"zone": unit.building.zone}

    def perform(self, form: Any, unit: FactoryUnit) -> FactoryUnit:
        return services.unit_lease(
            actor=access.request_user(self.request), unit=unit, **form.cleaned_data
        )

    def get_extra_context(self, unit: FactoryUnit) -> dict[str, Any]:
        return {
            "title": _("Let the unit"),
            "heading": str(unit),
            "pretitle": _("Standard factories"),
        }


class UnitVacateView(_UnitMixin, ServiceFormView):
    """End a unit's running lease on a day."""

    form_class = VacateForm
    context_object_name = "unit"
    form_id, submit_id = "vacate-form", "save-vacate"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        if data is not None:
            return VacateForm(data)
        return VacateForm(initial={"on": timezone.localdate()})

    def perform(self, form: Any, unit: FactoryUnit) -> FactoryUnit:
        return services.unit_vacate(
            actor=access.request_user(self.request), unit=unit, on=form.cleaned_data["on"]
        )

    def get_extra_context(self, unit: FactoryUnit) -> dict[str, Any]:
        occupant = unit.occupant_project.name if unit.occupant_project else unit.occupant_firm
        since = unit.lease_start_on.isoformat() if unit.lease_start_on else "—"
        return {
            "title": _("End the lease"),
            # The lease that ends, named: who holds the unit and since when.
            "heading": f"{unit} · {occupant} · {since}",
            "pretitle": _("Standard factories"),
        }


def _measure(params: Any, name: str) -> Decimal | None:
    """A need of the form (area, height, load, power): a positive figure below a billion."""
    return query_decimal(params.get(name), above=0, below=10**9)


def _unit_needs(project: Project, params: Any) -> factories.UnitNeeds:
    park = query_id(params.get("park"))
    return factories.UnitNeeds(
        area_m2=_measure(params, "area_m2"),
        storey_height_m=_measure(params, "storey_height_m"),
        floor_load_kn_m2=_measure(params, "floor_load_kn_m2"),
        power_kva=_measure(params, "power_kva"),
        crane=params.get("crane") in {"1", "on", "true"},
        park_id=park if park is not None else project.park_id,
        items=needed_items(params),
    )


class ProjectFactoryView(ObjectDetailView):
    """GET: a project's needs and the vacant units ranked with the reasons; POST: reserve
    (``reserve``) or release (``release``) a unit for the project — the zone's land officers."""

    template_name = "land/project_factory.html"
    context_object_name = "project"

    def get_object(self) -> Project:
        return project_selectors.project_get(
            user=self.request.user, project_id=self.kwargs["project_id"]
        )

    def get_extra_context(self, project: Project) -> dict[str, Any]:
        needs = _unit_needs(project, self.request.GET)
        user = self.request.user
        return {
            "needs": needs,
            "matches": factories.rank_units(
                factories.units_on_offer(user=user, project=project), needs
            ),
            "reserved": factories.units_reserved_for(user=user, project=project),
            "parks": Park.objects.active().filter(zone_id=project.zone_id).order_by("name"),
            "infrastructure": Infrastructure.choices,
            "can_reserve": can_check_project(user, project),
        }

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        project = self.load()
        access.require(can_check_project(request.user, project))
        action = "release" if request.POST.get("release") else "reserve"
        unit_id = query_id(request.POST.get(action))
        if unit_id is None:
            return HttpResponse(_("Choose a unit."), status=400)
        unit = factories.unit_get(user=request.user, unit_id=unit_id)
        actor = access.request_user(request)
        try:
            if action == "reserve":
                services.unit_reserve(actor=actor, unit=unit, project=project)
                messages.success(request, _("Reserved for the project."))
            else:
                services.unit_release(actor=actor, unit=unit)
                messages.success(request, _("Released: the unit is on offer again."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        # Back to the list as it was asked for: the needs stay in the address.
        url = reverse("land:project_factory", kwargs={"project_id": project.pk})
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
