"""The dispatch area's landing page."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.badges import colour_for
from zonetrack.notices import permissions as notices_permissions
from zonetrack.notices import selectors as notices_selectors
from zonetrack.notices.delivery import settings_problems
from zonetrack.registry import selectors as registry_selectors

from .. import selectors
from ..choices import Colour
from ..selectors.table import dispatch_table


class HomeView(LoginRequiredMixin, View):
    """The dispatch area's landing page: what is open and late, and where to go."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = access.request_user(request)
        problems = selectors.problem_list(
            user=user, filters=selectors.ProblemFilters(status="open")
        )
        overdue = selectors.problem_list(user=user, filters=selectors.ProblemFilters(overdue=True))
        colours = selectors.colour_counts(user=user)
        work = selectors.my_work(user=user)
        # ``?zone=`` makes this a zone's dispatch page: its rows only, in both tables.
        raw_zone = request.GET.get("zone", "")
        zone = int(raw_zone) if raw_zone.isdecimal() and len(raw_zone) <= 12 else None
        zone_counts = selectors.zone_colour_rows(user=user, zone_id=zone)
        return render(
            request,
            "dispatch/home.html",
            {
                "open_count": problems.count(),
                "overdue_count": overdue.count(),
                "colours": [
                    (c, colours.get(c.value, 0), colour_for(Colour.choices, c)) for c in Colour
                ],
                "zone_counts": zone_counts,
                "to_work": work["to_work"].count(),
                "to_accept": work["to_accept"].count(),
                "for_my_level": work["escalated"].count(),
                "zones": registry_selectors.zone_list(user=user)
                .select_related(None)
                .prefetch_related(None)
                # The organisation lets the battle-map links be checked in memory.
                .select_related("organisation")[:200],
                "kpi_table": dispatch_table(user=user, params=request.GET),
                "unread": notices_selectors.unread_count(user),
                "failed_deliveries": notices_selectors.failed_deliveries(user=user),
                "alert_settings_problems": (
                    settings_problems() if notices_permissions.can_see_deliveries(user) else []
                ),
            },
        )
