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
    zones = registry_selectors.zone_list(user=user)
    cards = [
        {"label": _("Zones"), "value": zones.count(), "url": reverse("registry:zone_list")},
        {
            "label": _("Organisations"),
            "value": accounts_selectors.organisation_list(user=user).count(),
            "url": reverse("accounts:organisation_list"),
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
