"""The home page and the placeholder of areas still to come."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import selectors as accounts_selectors
from zonetrack.registry import selectors as registry_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in user is responsible for, at a glance."""
    user = request.user
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
        {"cards": cards, "memberships": accounts_selectors.membership_list(user=user)},
    )


@login_required
def coming(request: HttpRequest, area: str) -> HttpResponse:
    """An area of the product that a later release fills in."""
    labels = {key: label for url_name, label, key in settings.NAVIGATION if url_name is None}
    if area not in labels:
        raise Http404
    return render(request, "dashboards/coming.html", {"area_label": labels[area]})
