"""Pages of the registry: zones, parks, the map, and spreadsheet import and export."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core import jobs
from zonetrack.core.models import Job
from zonetrack.core.views import (
    ArchiveView,
    FilteredListView,
    ObjectDetailView,
    ServiceFormView,
    SheetImportView,
)

from . import imports, permissions, selectors, services
from . import jobs as zone_jobs
from .choices import Management, ZoneKind, ZoneLevel
from .forms import ImportForm, ParkForm, ZoneFilterForm, ZoneForm
from .models import Park, Zone


def _zone_url(zone: Zone) -> str:
    return reverse("registry:zone_detail", kwargs={"zone_id": zone.pk})


def _park_url(park: Park) -> str:
    return reverse("registry:park_detail", kwargs={"park_id": park.pk})


class ZoneListView(FilteredListView):
    template_name = "registry/zone_list.html"
    context_object_name = "zones"

    def get_filters(self) -> selectors.ZoneFilters:
        return selectors.ZoneFilters.from_params(self.request.GET)

    def get_queryset(self, filters: selectors.ZoneFilters) -> Any:
        return selectors.zone_list(user=self.request.user, filters=filters)

    def decorate(self, rows: list[Any]) -> None:
        selectors.with_park_counts(rows)
        _label_choices(rows)

    def get_extra_context(self, filters: selectors.ZoneFilters) -> dict[str, Any]:
        return {
            "filter_form": ZoneFilterForm(initial=asdict(filters)),
            "sort_columns": [
                ("name", _("Name")),
                ("region", _("Region")),
                ("kind", _("Kind")),
                ("level", _("Level")),
                ("area", _("Planned area (km²)")),
                ("approved", _("Approval date")),
                ("parks", _("Parks")),
            ],
            "can_create": permissions.can_create_any_zone(self.request.user),
        }


def _label_choices(zones: Any) -> None:
    """Translate each choice label once per page, not once per row and column."""
    labels = {
        field: {value: str(label) for value, label in choices}
        for field, choices in (
            ("kind", ZoneKind.choices),
            ("level", ZoneLevel.choices),
            ("management", Management.choices),
        )
    }
    for zone in zones:
        for field, names in labels.items():
            setattr(zone, f"{field}_label", names.get(getattr(zone, field), ""))


class _ZoneMixin:
    """The zone of the URL, through the gate (404 for a zone the user may not see)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Zone:
        return selectors.zone_get(user=self.request.user, zone_id=self.kwargs["zone_id"])


class _ParkMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Park:
        return selectors.park_get(user=self.request.user, park_id=self.kwargs["park_id"])


class ZoneDetailView(_ZoneMixin, ObjectDetailView):
    template_name = "registry/zone_detail.html"
    context_object_name = "zone"

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        return {
            "parks": selectors.park_list(user=self.request.user, zone=zone),
            "history": history_for(zone),
            "can_change": permissions.can_change_zone(self.request.user, zone),
            "map_tiles": settings.ZONETRACK_MAP_TILES,
            "map_attribution": settings.ZONETRACK_MAP_ATTRIBUTION,
            "features": selectors.zone_features(zone),
        }


class _ZoneFormPage(ServiceFormView):
    form_class = ZoneForm
    form_id, submit_id = "zone-form", "save-zone"
    wide_fields = ("description", "clusters", "boundary")

    def get_success_url(self, zone: Zone) -> str:
        return _zone_url(zone)


class ZoneCreateView(_ZoneFormPage):
    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Zone:
        if not permissions.can_create_zone(self.request.user, form.cleaned_data["organisation"]):
            raise ValidationError(
                {"organisation": _("You may not add zones to this organisation.")}
            )
        return services.zone_create(actor=access.request_user(self.request), **form.changes())

    def get_cancel_url(self, obj: None) -> str:
        return reverse("registry:zone_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New zone"), "pretitle": _("Registry")}


class ZoneEditView(_ZoneMixin, _ZoneFormPage):
    context_object_name = "zone"

    def has_permission(self, zone: Zone) -> bool:
        return permissions.can_change_zone(self.request.user, zone)

    def get_form(self, zone: Zone, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            return ZoneForm(instance=zone, user=self.request.user)
        # The form works on a copy, so the service compares against the stored values.
        return ZoneForm(data, instance=Zone.objects.get(pk=zone.pk), user=self.request.user)

    def perform(self, form: Any, zone: Zone) -> Zone:
        return services.zone_update(
            actor=access.request_user(self.request),
            zone=zone,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )

    def get_cancel_url(self, zone: Zone) -> str:
        return _zone_url(zone)

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        title = f"{_('Edit')} {zone.name}"
        return {"title": title, "heading": zone.name, "pretitle": _("Edit zone")}


class ZoneArchiveView(_ZoneMixin, ArchiveView):
    """Archive (hide) a zone, or restore it with ``restore=1``. Nothing is deleted."""

    def has_permission(self, zone: Zone) -> bool:
        return permissions.can_archive_zone(self.request.user, zone)

    def perform(self, zone: Zone, *, restore: bool) -> Zone:
        if restore:
            return services.zone_restore(actor=access.request_user(self.request), zone=zone)
        return services.zone_archive(actor=access.request_user(self.request), zone=zone)

    def get_success_url(self, zone: Zone) -> str:
        return _zone_url(zone)


class ParkDetailView(_ParkMixin, ObjectDetailView):
    template_name = "registry/park_detail.html"
    context_object_name = "park"

    def get_extra_context(self, park: Park) -> dict[str, Any]:
        return {
            "history": history_for(park),
            "can_change": permissions.can_change_park(self.request.user, park),
        }


class _ParkFormPage(ServiceFormView):
    form_class = ParkForm
    form_id, submit_id = "park-form", "save-park"
    wide_fields = ("positioning", "clusters", "boundary", "ready")

    def get_success_url(self, park: Park) -> str:
        return _park_url(park)


class ParkCreateView(_ZoneMixin, _ParkFormPage):
    """Add a park to a zone (the URL's zone is the view's record)."""

    context_object_name = "zone"

    def has_permission(self, zone: Zone) -> bool:
        return permissions.can_add_park(self.request.user, zone)

    def perform(self, form: Any, zone: Zone) -> Park:
        return services.park_create(
            actor=access.request_user(self.request), zone=zone, **form.changes()
        )

    def get_cancel_url(self, zone: Zone) -> str:
        return _zone_url(zone)

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        return {"title": _("Add park"), "pretitle": zone.name, "pretitle_url": _zone_url(zone)}


class ParkEditView(_ParkMixin, _ParkFormPage):
    context_object_name = "park"

    def has_permission(self, park: Park) -> bool:
        return permissions.can_change_park(self.request.user, park)

    def get_form(self, park: Park, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            return ParkForm(instance=park)
        # The form works on a copy, so the service compares against the stored values.
        return ParkForm(data, instance=type(park).objects.get(pk=park.pk))

    def perform(self, form: Any, park: Park) -> Park:
        return services.park_update(
            actor=access.request_user(self.request),
            park=park,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )

    def get_cancel_url(self, park: Park) -> str:
        return _park_url(park)

    def get_extra_context(self, park: Park) -> dict[str, Any]:
        return {
            "zone": park.zone,
            "title": f"{_('Edit')} {park.name}",
            "heading": park.name,
            "pretitle": park.zone.name,
            "pretitle_url": _zone_url(park.zone),
        }


class ParkArchiveView(_ParkMixin, ArchiveView):
    def has_permission(self, park: Park) -> bool:
        return permissions.can_archive_park(self.request.user, park)

    def perform(self, park: Park, *, restore: bool) -> Park:
        if restore:
            return services.park_restore(actor=access.request_user(self.request), park=park)
        return services.park_archive(actor=access.request_user(self.request), park=park)

    def get_success_url(self, park: Park) -> str:
        return _park_url(park)


class MapView(LoginRequiredMixin, View):
    """Every visible zone on a map; works offline when no tile server is configured."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ZoneFilters.from_params(request.GET)
        return render(
            request,
            "registry/map.html",
            {
                "features": selectors.map_features(user=request.user, filters=filters),
                "map_tiles": settings.ZONETRACK_MAP_TILES,
                "map_attribution": settings.ZONETRACK_MAP_ATTRIBUTION,
            },
        )


class MapDataView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ZoneFilters.from_params(request.GET)
        return JsonResponse(selectors.map_features(user=request.user, filters=filters))


class ZoneExportView(LoginRequiredMixin, View):
    """The zone list as the user sees it (same filters) as an .xlsx download."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ZoneFilters.from_params(request.GET)
        zones = selectors.zone_list(user=request.user, filters=filters).select_related(
            "region__parent__parent"
        )
        count = zones.count()
        if count > jobs.JOB_ROWS:  # a long list is written by a job, not within the request
            query = request.GET.copy()
            query.pop("page", None)
            job = jobs.start(
                kind=zone_jobs.EXPORT,
                owner=request.user,
                title=_("Zone list, %(count)d zones") % {"count": count},
                params={"query": query.urlencode()},
            )
            return redirect("core:job_detail", job_id=job.pk)
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{zone_jobs.export_file_name()}"'
        imports.export_zones(zones, response)
        return response


class ZoneImportView(SheetImportView):
    """Upload a zone list; a preview job reports row by row what would happen; confirming
    queues the import of that plan. A small file's jobs run within the request."""

    template_name = "registry/zone_import.html"
    form_class = ImportForm
    preview_kind, import_kind = zone_jobs.PREVIEW, zone_jobs.IMPORT
    url_name = "registry:zone_import"

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {"parent": form.cleaned_data["parent"].pk}

    def preview_title(self, name: str) -> str:
        return _("Zone list check: %(name)s") % {"name": name}

    def import_title(self, name: str) -> str:
        return _("Zone list import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return reverse("registry:zone_list")
