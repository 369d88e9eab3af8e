"""Pages of the registry: zones, parks, the map, and spreadsheet import and export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core import jobs
from zonetrack.core.forms import run_service
from zonetrack.core.models import Job
from zonetrack.core.views import SheetImportView

from . import imports, selectors, services
from . import jobs as zone_jobs
from .choices import Management, ZoneKind, ZoneLevel, ZoneStatus
from .forms import ImportForm, ParkForm, ZoneForm
from .models import Zone


class ZoneListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ZoneFilters.from_params(request.GET)
        zones = selectors.zone_list(user=request.user, filters=filters)
        page = Paginator(zones, 50).get_page(request.GET.get("page"))
        selectors.with_park_counts(page.object_list)
        _label_choices(page.object_list)
        return render(
            request,
            "registry/zone_list.html",
            {
                "page_obj": page,
                "zones": page.object_list,
                "filters": filters,
                "kinds": ZoneKind.choices,
                "levels": ZoneLevel.choices,
                "statuses": ZoneStatus.choices,
                "managements": Management.choices,
                "clusters": selectors.cluster_list(),
                "sort_columns": [
                    ("name", _("Name")),
                    ("region", _("Region")),
                    ("kind", _("Kind")),
                    ("level", _("Level")),
                    ("area", _("Planned area (km²)")),
                    ("approved", _("Approval date")),
                    ("parks", _("Parks")),
                ],
                "can_create": access.is_administrator(request.user)
                or any(
                    access.can_create_in(request.user, m.organisation)
                    for m in access.memberships(request.user)
                ),
            },
        )


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


class ZoneDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        return render(
            request,
            "registry/zone_detail.html",
            {
                "zone": zone,
                "parks": selectors.park_list(user=request.user, zone=zone),
                "history": history_for(zone),
                "can_change": access.can_change(request.user, zone),
                "map_tiles": settings.ZONETRACK_MAP_TILES,
                "map_attribution": settings.ZONETRACK_MAP_ATTRIBUTION,
                "features": selectors.zone_features(zone),
            },
        )


class ZoneCreateView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = ZoneForm(user=request.user)
        return render(request, "registry/zone_form.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ZoneForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            if not access.can_create_in(request.user, form.cleaned_data["organisation"]):
                form.add_error("organisation", _("You may not add zones to this organisation."))
            else:
                zone, status = run_service(
                    form, lambda: services.zone_create(actor=request.user, **form.changes())
                )
                if zone is not None:
                    messages.success(request, _("Saved."))
                    return redirect("registry:zone_detail", zone_id=zone.pk)
        return render(request, "registry/zone_form.html", {"form": form}, status=status)


class ZoneEditView(LoginRequiredMixin, View):
    def _zone(self, request: HttpRequest, zone_id: int) -> Zone:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        if not access.can_change(request.user, zone):
            raise PermissionDenied
        return zone

    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = self._zone(request, zone_id)
        form = ZoneForm(instance=zone, user=request.user)
        return render(request, "registry/zone_form.html", {"zone": zone, "form": form})

    def post(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = self._zone(request, zone_id)
        # The form works on a copy, so the service compares against the stored values.
        form = ZoneForm(request.POST, instance=Zone.objects.get(pk=zone.pk), user=request.user)
        status = 400
        if form.is_valid():
            saved, status = run_service(
                form,
                lambda: services.zone_update(
                    actor=request.user,
                    zone=zone,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("registry:zone_detail", zone_id=zone.pk)
        return render(
            request, "registry/zone_form.html", {"zone": zone, "form": form}, status=status
        )


class ZoneArchiveView(LoginRequiredMixin, View):
    """Archive (hide) a zone, or restore it with ``restore=1``. Nothing is deleted."""

    def post(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        if request.POST.get("restore"):
            services.zone_restore(actor=request.user, zone=zone)
            messages.success(request, _("Restored."))
        else:
            services.zone_archive(actor=request.user, zone=zone)
            messages.success(request, _("Archived. You can restore it from its page."))
        return redirect("registry:zone_detail", zone_id=zone.pk)


class ParkDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, park_id: int) -> HttpResponse:
        park = selectors.park_get(user=request.user, park_id=park_id)
        return render(
            request,
            "registry/park_detail.html",
            {
                "park": park,
                "history": history_for(park),
                "can_change": access.can_change(request.user, park),
            },
        )


class ParkCreateView(LoginRequiredMixin, View):
    def _zone(self, request: HttpRequest, zone_id: int) -> Zone:
        zone = selectors.zone_get(user=request.user, zone_id=zone_id)
        if not access.can_change(request.user, zone):
            raise PermissionDenied
        return zone

    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = self._zone(request, zone_id)
        return render(request, "registry/park_form.html", {"zone": zone, "form": ParkForm()})

    def post(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = self._zone(request, zone_id)
        form = ParkForm(request.POST)
        status = 400
        if form.is_valid():
            park, status = run_service(
                form,
                lambda: services.park_create(actor=request.user, zone=zone, **form.changes()),
            )
            if park is not None:
                messages.success(request, _("Saved."))
                return redirect("registry:park_detail", park_id=park.pk)
        return render(
            request, "registry/park_form.html", {"zone": zone, "form": form}, status=status
        )


class ParkEditView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, park_id: int) -> HttpResponse:
        park = selectors.park_get(user=request.user, park_id=park_id)
        if not access.can_change(request.user, park):
            raise PermissionDenied
        form = ParkForm(instance=park)
        return render(
            request, "registry/park_form.html", {"zone": park.zone, "park": park, "form": form}
        )

    def post(self, request: HttpRequest, park_id: int) -> HttpResponse:
        park = selectors.park_get(user=request.user, park_id=park_id)
        if not access.can_change(request.user, park):
            raise PermissionDenied
        form = ParkForm(request.POST, instance=type(park).objects.get(pk=park.pk))
        status = 400
        if form.is_valid():
            saved, status = run_service(
                form,
                lambda: services.park_update(
                    actor=request.user,
                    park=park,
                    changes=form.changes(),
                    expected_version=form.cleaned_data["version"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("registry:park_detail", park_id=park.pk)
        return render(
            request,
            "registry/park_form.html",
            {"zone": park.zone, "park": park, "form": form},
            status=status,
        )


class ParkArchiveView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, park_id: int) -> HttpResponse:
        park = selectors.park_get(user=request.user, park_id=park_id)
        if request.POST.get("restore"):
            services.park_restore(actor=request.user, park=park)
            messages.success(request, _("Restored."))
        else:
            services.park_archive(actor=request.user, park=park)
            messages.success(request, _("Archived. You can restore it from its page."))
        return redirect("registry:park_detail", park_id=park.pk)


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
