"""Pages of land: the parcel list, a parcel, its forms and status changes, the zone's land
map, and the parcel ledger's import and export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.models import Job
from zonetrack.core.views import (
    ArchiveView,
    FilteredListView,
    ObjectDetailView,
    ServiceFormView,
    SheetImportView,
)
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Zone

from .. import idle, permissions, selectors, services
from .. import jobs as land_jobs
from ..choices import FirmClass, LandUse, ParcelStatus
from ..forms import ParcelFilterForm, ParcelForm, ParcelImportForm, ParcelStatusForm
from ..models import Parcel
from ..sheets import export_parcels

# Rows a parcel ledger download writes within the request.
EXPORT_ROWS = 20_000


def _parcel_url(parcel: Parcel) -> str:
    return reverse("land:parcel_detail", kwargs={"parcel_id": parcel.pk})


def _label_choices(parcels: list[Parcel]) -> None:
    """Translate each choice label once per page, not once per row."""
    statuses = {value: str(label) for value, label in ParcelStatus.choices}
    uses = {value: str(label) for value, label in LandUse.choices}
    for parcel in parcels:
        parcel.status_label = statuses.get(parcel.status, parcel.status)  # type: ignore[attr-defined]
        parcel.land_use_label = uses.get(parcel.land_use, parcel.land_use)  # type: ignore[attr-defined]


class ParcelListView(FilteredListView):
    template_name = "land/parcel_list.html"
    context_object_name = "parcels"

    def get_filters(self) -> selectors.ParcelFilters:
        return selectors.ParcelFilters.from_params(self.request.GET)

    def get_queryset(self, filters: selectors.ParcelFilters) -> Any:
        return selectors.parcel_list(user=self.request.user, filters=filters)

    def decorate(self, rows: list[Any]) -> None:
        _label_choices(rows)

    def get_extra_context(self, filters: selectors.ParcelFilters) -> dict[str, Any]:
        user = self.request.user
        initial = {
            "q": filters.q,
            "zone": filters.zone or "",
            "park": filters.park or "",
            "status": filters.status,
            "land_use": filters.land_use,
            "min_mu": filters.min_mu,
            "sort": filters.sort,
        }
        return {
            "filter_form": ParcelFilterForm(
                initial=initial,
                zones=selectors.zones_for_filter(user),
                parks=selectors.parks_for_filter(user),
            ),
            "totals": selectors.parcel_totals(selectors.parcel_list(user=user, filters=filters)),
            "sort_columns": [
                ("code", _("Parcel code")),
                ("zone", _("Zone")),
                ("area", _("Area (亩)")),
                ("status", _("Status")),
                ("since", _("Status since")),
            ],
            "can_create": permissions.can_add_any_parcel(user),
        }


class _ParcelMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Parcel:
        return selectors.parcel_get(user=self.request.user, parcel_id=self.kwargs["parcel_id"])


class _ZoneMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Zone:
        return registry_selectors.zone_get(user=self.request.user, zone_id=self.kwargs["zone_id"])


class ParcelDetailView(_ParcelMixin, ObjectDetailView):
    template_name = "land/parcel_detail.html"
    context_object_name = "parcel"

    def get_extra_context(self, parcel: Parcel) -> dict[str, Any]:
        can_change = permissions.can_change_parcel(self.request.user, parcel)
        _label_choices([parcel])
        today = {"changed_on": timezone.localdate()}
        return {
            "history": history_for(parcel),
            "status_changes": selectors.status_changes(parcel),
            "status_labels": dict(ParcelStatus.choices),
            "can_change": can_change,
            "status_form": ParcelStatusForm(parcel=parcel, initial=today)
            if can_change and not parcel.is_archived
            else None,
            "outline": parcel.geometry,
            "commitments": parcel.commitments.active().select_related("project"),
            "idle_decisions": list(idle.decisions_of(parcel)),
            "commitment_statuses": (ParcelStatus.GRANTING, ParcelStatus.SUPPLIED),
        }


class ParcelCreateView(_ZoneMixin, ServiceFormView):
    """Add a parcel to a zone (the URL's zone is the view's record)."""

    form_class = ParcelForm
    context_object_name = "zone"
    form_id, submit_id = "parcel-form", "save-parcel"
    wide_fields = ("geometry", "note", "accept_overlap")

    def has_permission(self, zone: Zone) -> bool:
        return permissions.can_add_parcel(self.request.user, zone)

    def get_form_kwargs(self, zone: Zone) -> dict[str, Any]:
        return {"zone": zone}

    def perform(self, form: Any, zone: Zone) -> Parcel:
        return services.parcel_create(
            actor=access.request_user(self.request),
            zone=zone,
            accept_overlap=form.cleaned_data["accept_overlap"],
            **form.changes(),
        )

    def get_success_url(self, parcel: Parcel) -> str:
        return _parcel_url(parcel)

    def get_cancel_url(self, zone: Zone) -> str:
        return f"{reverse('land:parcel_list')}?zone={zone.pk}"

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        return {"title": _("Add parcel"), "pretitle": zone.name}


class ParcelEditView(_ParcelMixin, ServiceFormView):
    form_class = ParcelForm
    context_object_name = "parcel"
    form_id, submit_id = "parcel-form", "save-parcel"
    wide_fields = ("geometry", "note", "accept_overlap")

    def has_permission(self, parcel: Parcel) -> bool:
        return permissions.can_change_parcel(self.request.user, parcel)

    def get_form(self, parcel: Parcel, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            return ParcelForm(instance=parcel, zone=parcel.zone)
        # The form works on a copy, so the service compares against the stored values.
        copy = Parcel.objects.select_related("zone").get(pk=parcel.pk)
        return ParcelForm(data, instance=copy, zone=parcel.zone)

    def perform(self, form: Any, parcel: Parcel) -> Parcel:
        changes = form.changes()
        if not changes.get("geometry") and not parcel.geometry:
            changes.pop("geometry", None)  # no outline before, none now: nothing to measure
        return services.parcel_update(
            actor=access.request_user(self.request),
            parcel=parcel,
            changes=changes,
            expected_version=form.cleaned_data["version"],
            accept_overlap=form.cleaned_data["accept_overlap"],
        )

    def get_success_url(self, parcel: Parcel) -> str:
        return _parcel_url(parcel)

    def get_cancel_url(self, parcel: Parcel) -> str:
        return _parcel_url(parcel)

    def get_extra_context(self, parcel: Parcel) -> dict[str, Any]:
        return {
            "title": f"{_('Edit')} {parcel.code}",
            "heading": parcel.code,
            "pretitle": parcel.zone.name,
        }


class ParcelStatusView(_ParcelMixin, ServiceFormView):
    """A dated status change of a parcel (reserve → standard land → granting → supplied …)."""

    form_class = ParcelStatusForm
    context_object_name = "parcel"
    form_id, submit_id = "parcel-status-form", "save-status"
    wide_fields = ("note",)

    def has_permission(self, parcel: Parcel) -> bool:
        return permissions.can_change_parcel(self.request.user, parcel)

    def get_form_kwargs(self, parcel: Parcel) -> dict[str, Any]:
        return {"parcel": parcel}

    def get_form(self, parcel: Parcel, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            return ParcelStatusForm(parcel=parcel, initial={"changed_on": timezone.localdate()})
        return ParcelStatusForm(data, parcel=parcel)

    def perform(self, form: Any, parcel: Parcel) -> Any:
        data = form.cleaned_data
        return services.parcel_set_status(
            actor=access.request_user(self.request),
            parcel=parcel,
            status=data["status"],
            changed_on=data["changed_on"],
            note=data["note"],
            project=data["supplied_project"],
            firm=data["supplied_firm"],
            expected_version=data["version"],
        )

    def get_success_url(self, change: Any) -> str:
        return reverse("land:parcel_detail", kwargs={"parcel_id": self.kwargs["parcel_id"]})

    def get_cancel_url(self, parcel: Parcel) -> str:
        return _parcel_url(parcel)

    def get_extra_context(self, parcel: Parcel) -> dict[str, Any]:
        return {"title": _("Change status"), "heading": parcel.code, "pretitle": parcel.zone.name}


class ParcelArchiveView(_ParcelMixin, ArchiveView):
    def has_permission(self, parcel: Parcel) -> bool:
        return permissions.can_change_parcel(self.request.user, parcel)

    def perform(self, parcel: Parcel, *, restore: bool) -> Parcel:
        actor = access.request_user(self.request)
        if restore:
            return services.parcel_restore(actor=actor, parcel=parcel)
        return services.parcel_archive(actor=actor, parcel=parcel)

    def get_success_url(self, parcel: Parcel) -> str:
        return _parcel_url(parcel)


class ZoneLandMapView(_ZoneMixin, ObjectDetailView):
    """The zone's parcels on its map, coloured by status or (``?colour=class``) by their
    firm's per-mu class (offline without a tile server)."""

    template_name = "land/zone_map.html"
    context_object_name = "zone"

    def _by_class(self) -> bool:
        return self.request.GET.get("colour") == "class"

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        return {
            "features": selectors.zone_parcel_features(
                user=self.request.user, zone=zone, by_class=self._by_class()
            ),
            "by_class": self._by_class(),
            "classes": FirmClass.choices,
            "boundary": zone.boundary,
            "map_tiles": settings.ZONETRACK_MAP_TILES,
            "map_attribution": settings.ZONETRACK_MAP_ATTRIBUTION,
            "statuses": ParcelStatus.choices,
            "highlight": self.request.GET.get("parcel", ""),
        }


class ZoneLandMapDataView(_ZoneMixin, ObjectDetailView):
    """The zone's parcels as GeoJSON."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        zone = self.load()
        return JsonResponse(selectors.zone_parcel_features(user=request.user, zone=zone))


class ParcelExportView(LoginRequiredMixin, View):
    """The parcel list as filtered, as the parcel ledger spreadsheet."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ParcelFilters.from_params(request.GET)
        parcels = selectors.parcel_list(user=request.user, filters=filters)[:EXPORT_ROWS]
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"parcels-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        export_parcels(parcels.iterator(chunk_size=2000), response, title="地块台账")
        return response


class ParcelImportView(SheetImportView):
    """Upload a zone's parcel list; a preview job reports row by row what would happen;
    confirming writes every parcel, or none."""

    template_name = "land/parcel_import.html"
    form_class = ParcelImportForm
    preview_kind, import_kind = land_jobs.PREVIEW, land_jobs.IMPORT
    url_name = "land:parcel_import"

    def blank_form(self, request: HttpRequest) -> forms.Form:
        return ParcelImportForm(user=request.user, initial={"zone": request.GET.get("zone")})

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {"zone": form.cleaned_data["zone"].pk}

    def preview_title(self, name: str) -> str:
        return _("Parcel list check: %(name)s") % {"name": name}

    def import_title(self, name: str) -> str:
        return _("Parcel list import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return f"{reverse('land:parcel_list')}?zone={preview.params['zone']}"
