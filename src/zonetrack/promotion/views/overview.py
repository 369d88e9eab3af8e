"""The investment-promotion overview page: for one zone or every zone in view, leads by
status, channel and origin region, the conversion rate, signings by event, the enquiries'
response times and each chain's gaps. A fixed number of queries whatever the data."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from .. import permissions, selectors

# How many of the latest events the overview lists with their signings.
EVENTS_SHOWN = 8


class OverviewView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        zones = list(selectors.zones_in_view(request.user).values_list("pk", "name"))
        chosen = str(request.GET.get("zone") or "")
        zone = int(chosen) if chosen.isdecimal() and len(chosen) <= 9 else None
        if zone not in {pk for pk, _name in zones}:
            zone = None
        found = selectors.overview(user=request.user, zone=zone, now=timezone.now())
        events = selectors.event_list(user=request.user)
        if zone:
            events = events.filter(signings__project__zone_id=zone).distinct()
        chains = selectors.chain_summaries(user=request.user, zone=zone)
        return render(
            request,
            "promotion/overview.html",
            {
                "overview": found,
                "zones": zones,
                "zone": zone,
                "events": list(events[:EVENTS_SHOWN]),
                "chains": chains,
                "gaps": sum(c.gap for c in chains),
                "can_create": permissions.can_add_any_lead(request.user),
            },
        )
