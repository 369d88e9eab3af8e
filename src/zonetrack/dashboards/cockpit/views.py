"""The cockpit pages: the cockpit of an organisation, its print view, a figure broken down by
zone, and its extract as a spreadsheet. The organisation is loaded through the gate: one out
of view is not found (404)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.views import ObjectDetailView
from zonetrack.projects.choices import FIVE_BATCHES
from zonetrack.registry.choices import Management, ZoneKind, ZoneLevel
from zonetrack.registry.models import Cluster
from zonetrack.targets.choices import Status

from ..extract import cockpit_extract_xlsx
from .filters import CockpitFilters
from .links import FIGURES
from .selectors import (
    Cockpit,
    MapZone,
    cockpit,
    cockpit_map,
    cockpit_organisations,
    default_cockpit,
)


def organisation_get(*, user: Any, organisation_id: int) -> Organisation:
    """An organisation whose cockpit the user may open, else 404."""
    found = cockpit_organisations(user=user).filter(pk=organisation_id).first()
    if found is None:
        raise Http404
    return found


class CockpitHomeView(LoginRequiredMixin, View):
    """/overview/: the user's topmost cockpit, or the list of those they may open."""

    def get(self, request: HttpRequest) -> HttpResponse:
        found = default_cockpit(user=request.user)
        if found is None:
            return render(request, "dashboards/cockpit_none.html")
        return redirect("dashboards:cockpit", organisation_id=found.pk)


def chart_data(c: Cockpit) -> dict[str, Any]:
    """What the cockpit's script draws: the funnel and investment by line against time
    elapsed (every text a label, never markup); the map's zones come from ``map_data``."""
    labels = {
        "claimed": pgettext("five batches", "Claimed"),
        "verified": _("Verified"),
        "invested": _("Investment completion rate (%)"),
        "elapsed": _("Time elapsed (%)"),
        "started": _("Start rate (%)"),
        **{value: str(label) for value, label in Status.choices},
    }
    return {
        "labels": labels,
        "funnel": {
            "stages": [str(stage.label) for stage in FIVE_BATCHES],
            "claimed": [c.total.batches[stage][0] for stage in FIVE_BATCHES],
            "verified": [c.total.batches[stage][1] for stage in FIVE_BATCHES],
        },
        "lines": {
            "names": [line.organisation.name for line in c.lines],
            "invested": [_number(line.figures.investment_rate) for line in c.lines],
            "started": [_number(line.figures.start_rate) for line in c.lines],
            "elapsed": float(c.time_elapsed),
        },
    }


def map_data(zones: list[MapZone]) -> dict[str, Any]:
    """The zones on the map: where each is, its investment and its worst target's colour."""
    return {
        "zones": [
            {
                "name": p.zone.name,
                "lng": float(p.zone.center_lng),
                "lat": float(p.zone.center_lat),
                "invested": float(p.invested_wan),
                "status": p.target_status,
                "url": reverse("registry:zone_detail", kwargs={"zone_id": p.zone.pk}),
            }
            for p in zones
        ],
    }


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


class CockpitView(ObjectDetailView):
    """驾驶舱: an organisation's zones at once, every figure a link to its breakdown."""

    template_name = "dashboards/cockpit.html"
    context_object_name = "organisation"

    def get_object(self) -> Organisation:
        return organisation_get(
            user=self.request.user, organisation_id=self.kwargs["organisation_id"]
        )

    def get_extra_context(self, organisation: Organisation) -> dict[str, Any]:
        filters = CockpitFilters.from_params(self.request.GET)
        found = cockpit(user=self.request.user, organisation=organisation, filters=filters)
        return {
            "c": found,
            "filters": filters,
            "query": filters.query(),
            "figures": FIGURES,
            "chart": chart_data(found),
            "mapped": any(p.zone.center_lat is not None for p in found.zones),
            "batches": [
                (stage.value, stage.label, *found.total.batches[stage.value])
                for stage in FIVE_BATCHES
            ],
            "filter_fields": filter_fields(filters),
            "ancestors": _ancestors(self.request.user, organisation),
            "shown_at": timezone.localtime(),
            "double_half_due": filters.month >= 6,
        }


def filter_fields(filters: CockpitFilters) -> list[tuple[str, str, Any, str]]:
    """The filter bar's selects: name, label, choices and the chosen value."""
    clusters = list(Cluster.objects.filter(is_active=True).values_list("code", "name"))
    return [
        ("kind", _("Zone kind"), ZoneKind.choices, filters.kind),
        ("level", _("Level"), ZoneLevel.choices, filters.level),
        ("management", _("Managed by"), Management.choices, filters.management),
        ("cluster", _("Leading cluster"), clusters, filters.cluster),
    ]


def _ancestors(user: Any, organisation: Organisation) -> list[Organisation]:
    """The cockpits above this one the user may open, topmost first (the breadcrumb)."""
    return list(cockpit_organisations(user=user).filter(pk__in=access.ancestor_ids(organisation)))


class CockpitPrintView(CockpitView):
    """The cockpit to print on A4 landscape: the figures, the lines and the lists, no charts."""

    template_name = "dashboards/cockpit_print.html"


class FigureView(CockpitView):
    """One figure of a cockpit broken down by zone, each zone's number linking to the records
    behind it (the list page, filtered the same way)."""

    template_name = "dashboards/cockpit_figure.html"

    def get_extra_context(self, organisation: Organisation) -> dict[str, Any]:
        figure = FIGURES.get(self.kwargs["key"])
        if figure is None:
            raise Http404
        filters = CockpitFilters.from_params(self.request.GET)
        found = cockpit(
            user=self.request.user,
            organisation=organisation,
            filters=filters,
            with_attention=False,
        )
        parts = [FIGURES[key] for key in figure.parts] if figure.parts else []
        rows = [
            {
                "zone": p.zone,
                "value": figure.read(p.figures),
                "parts": [part.read(p.figures) for part in parts],
                "url": figure.zone_url(p.zone.pk, filters),
            }
            for p in found.zones
        ]
        rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0), r["zone"].name))
        return {
            "c": found,
            "figure": figure,
            "parts": parts,
            "rows": rows,
            "total": figure.read(found.total),
            "total_parts": [part.read(found.total) for part in parts],
            "filters": filters,
            "query": filters.query(),
        }


class CockpitExtractView(CockpitView):
    """The cockpit's figures as a spreadsheet (the same filters)."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        organisation = self.get_object()
        filters = CockpitFilters.from_params(request.GET)
        content = cockpit_extract_xlsx(
            user=request.user, organisation=organisation, filters=filters
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"cockpit-{organisation.pk}-{filters.period_label}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CockpitMapView(CockpitView):
    """The cockpit's map as JSON, fetched by the page once it is shown: each zone with its
    target status, which a province's cockpit would otherwise wait for (its zone-months and
    its zones' owners' targets only)."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        organisation = self.get_object()
        found = cockpit_map(
            user=request.user,
            organisation=organisation,
            filters=CockpitFilters.from_params(request.GET),
        )
        return JsonResponse(map_data(found))
