"""The overview pages: the home page, the placeholder of areas still to come, a zone's battle
map (挂图作战) and a leader's page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.accounts import selectors as accounts_selectors
from zonetrack.core.views import ObjectDetailView
from zonetrack.dispatch import selectors as dispatch_selectors
from zonetrack.dispatch.choices import Colour
from zonetrack.projects.choices import Stage
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Zone

from . import selectors
from .forms import MapFilterForm
from .outlines import province_outlines


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What waits for the signed-in user (their to-do, by the part they play) and what they are
    responsible for, at a glance."""
    user = access.request_user(request)
    summary = registry_selectors.registry_summary(user=user)
    zones_url = reverse("registry:zone_list")
    cards = [
        {
            "label": _("Zones"),
            "value": summary["zones"],
            "url": zones_url,
            "note": _("%(national)d national, %(provincial)d provincial") % summary,
        },
        {
            "label": _("Parks"),
            "value": summary["parks"],
            "url": zones_url,
            "note": _("%(ready)d with all infrastructure in place")
            % {"ready": summary["parks_ready"]},
        },
        {
            "label": _("Planned area (km²)"),
            "value": round(summary["area_km2"]) if summary["area_km2"] is not None else None,
            "url": reverse("registry:map"),
            "note": _("on the zone map"),
        },
        {
            "label": _("Organisations"),
            "value": accounts_selectors.organisation_list(user=user).count(),
            "url": reverse("accounts:organisation_list"),
            "note": "",
        },
    ]
    return render(
        request,
        "dashboards/home.html",
        {
            "todo": selectors.todo(user=user),
            "cards": cards,
            "memberships": accounts_selectors.membership_list(user=user),
        },
    )


@login_required
def coming(request: HttpRequest, area: str) -> HttpResponse:
    """An area of the product that a later release fills in."""
    labels = {key: label for url_name, label, key in settings.NAVIGATION if url_name is None}
    if area not in labels:
        raise Http404
    return render(request, "dashboards/coming.html", {"area_label": labels[area]})


class BattleMapView(ObjectDetailView):
    """挂图作战: a zone's projects on its map, coloured by stage, late and blocked ones ringed;
    beside it the projects by severity saying why, and the node schedule (节点计划表)."""

    template_name = "dashboards/battle_map.html"
    context_object_name = "zone"

    def get_object(self) -> Zone:
        return registry_selectors.zone_get(user=self.request.user, zone_id=self.kwargs["zone_id"])

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        form = MapFilterForm(self.request.GET)
        data = dispatch_selectors.battle_map(
            user=self.request.user, zone=zone, filters=form.filters()
        )
        schedule = dispatch_selectors.node_schedule(
            zone=zone, project_ids=[p["id"] for p in data["ranked"]]
        )
        query = form.query()
        return {
            "data": data,
            # What the map script reads (the list by urgency is drawn by the template).
            "map_data": {key: value for key, value in data.items() if key != "ranked"},
            "form": form,
            "query": query,
            "schedule": schedule,
            "refresh_minutes": form.refresh_minutes(),
            "refresh_seconds": form.refresh_minutes() * 60,
            "shown_at": timezone.localtime(),
            "unplaced": data["unplaced"],
            "placed": len(data["features"]) - len(data["unplaced"]),
            "stages": Stage.choices,
            "labels": {
                "stage": _("Stage"),
                "colour": _("Colour"),
                "problems": _("Open / overdue problems"),
                "investment": _("Total investment (万元)"),
                "approximate": _("Location not recorded: shown near the zone centre"),
                **{value: str(label) for value, label in Colour.choices},
            },
            "map_tiles": getattr(settings, "ZONETRACK_MAP_TILES", ""),
            "map_attribution": getattr(settings, "ZONETRACK_MAP_ATTRIBUTION", ""),
            # The province's city and county outlines, when a deployment has loaded them.
            "outlines": province_outlines(zone.region.code),
        }


class BattleMapScreenView(BattleMapView):
    """The battle map on a big screen: the whole window, large type, dark, no navigation,
    reloading itself every few minutes."""

    template_name = "dashboards/battle_map_screen.html"


class BattleMapPrintView(BattleMapView):
    """The battle map to print (A4 or A3 landscape): the map, the list and the schedule."""

    template_name = "dashboards/battle_map_print.html"

    def get_extra_context(self, zone: Zone) -> dict[str, Any]:
        context = super().get_extra_context(zone)
        context["paper"] = "a3" if self.request.GET.get("paper") == "a3" else "a4"
        return context


class LeaderView(LoginRequiredMixin, View):
    """A leader's page: my projects, their colours, their open problems."""

    def get(self, request: HttpRequest) -> HttpResponse:
        projects = selectors.leader_projects(user=request.user)
        problems = selectors.leader_problems(
            user=request.user, project_ids=[p.pk for p in projects]
        )
        return render(
            request, "dashboards/leader.html", {"projects": projects, "problems": problems}
        )
