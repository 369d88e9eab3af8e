"""The battle map of a zone and the leader's page (to move to dashboards)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.registry import selectors as registry_selectors

from .. import selectors
from ..choices import Colour
from .common import COLOUR_CSS, decorate


class BattleMapView(LoginRequiredMixin, View):
    """挂图作战: a zone's projects on its map, coloured by stage, late and blocked ones ringed."""

    def get(self, request: HttpRequest, zone_id: int) -> HttpResponse:
        zone = registry_selectors.zone_get(user=request.user, zone_id=zone_id)
        data = selectors.battle_map(user=request.user, zone=zone)
        from zonetrack.projects.choices import Stage

        return render(
            request,
            "dispatch/battle_map.html",
            {
                "zone": zone,
                "data": data,
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
            },
        )


class LeaderView(LoginRequiredMixin, View):
    """A leader's page: my projects, their colours, their open problems."""

    def get(self, request: HttpRequest) -> HttpResponse:
        projects = selectors.leader_projects(user=request.user)
        labels = dict(Colour.choices)
        for project in projects:
            project.colour_label = labels[project.colour]
            project.colour_css = COLOUR_CSS[project.colour]
        ids = [p.pk for p in projects]
        problems = decorate(
            selectors.problem_list(
                user=request.user, filters=selectors.ProblemFilters(status="open")
            ).filter(project_id__in=ids)[:200]
        )
        return render(request, "dispatch/leader.html", {"projects": projects, "problems": problems})
