"""Pages of the three colours (三色预警): the current colours, and one colour's history with the
manager's override."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.core.forms import run_service
from zonetrack.core.validators import query_text

from .. import permissions, selectors, services
from ..choices import Colour
from ..forms import OverrideForm
from .common import COLOUR_CSS, PAGE_SIZE


class WarningListView(LoginRequiredMixin, View):
    """Current colours of the projects in view (optionally one zone, one colour)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        zone_raw = request.GET.get("zone", "")
        zone_id = int(zone_raw) if zone_raw.isdecimal() and len(zone_raw) < 10 else None
        colour = query_text(request.GET.get("colour"))
        statuses = selectors.warnings(
            user=request.user, zone_id=zone_id, colour=colour, projects_only=True
        ).select_related("project__zone")
        page = Paginator(statuses, PAGE_SIZE).get_page(request.GET.get("page"))
        labels = dict(Colour.choices)
        rows = list(page.object_list)
        for row in rows:
            row.label = labels[row.colour]
            row.css = COLOUR_CSS[row.colour]
        return render(
            request,
            "dispatch/warning_list.html",
            {
                "page_obj": page,
                "statuses": rows,
                "colour": colour,
                "zone_id": zone_id,
                "colours": Colour.choices,
            },
        )


class ColourDetailView(LoginRequiredMixin, View):
    """A colour's history, and the manager's override form."""

    def _page(
        self, request: HttpRequest, status_obj: Any, form: Any = None, code: int = 200
    ) -> HttpResponse:
        labels = dict(Colour.choices)
        changes = selectors.colour_changes(status_obj)
        for change in changes:
            change.from_label = labels.get(change.from_colour, "—")
            change.to_label = labels.get(change.to_colour, "")
        status_obj.label = labels[status_obj.colour]
        status_obj.css = COLOUR_CSS[status_obj.colour]
        status_obj.computed_label = labels[status_obj.computed]
        return render(
            request,
            "dispatch/colour_detail.html",
            {
                "status": status_obj,
                "changes": changes,
                "can_override": permissions.can_override_colour(request.user, status_obj),
                "form": form or OverrideForm(initial={"colour": status_obj.override_colour}),
            },
            status=code,
        )

    def get(self, request: HttpRequest, status_id: int) -> HttpResponse:
        return self._page(request, selectors.colour_get(user=request.user, status_id=status_id))

    def post(self, request: HttpRequest, status_id: int) -> HttpResponse:
        status_obj = selectors.colour_get(user=request.user, status_id=status_id)
        form = OverrideForm(request.POST)
        code = 400
        if form.is_valid():
            data = form.cleaned_data
            saved, code = run_service(
                form,
                lambda: services.colour_override(
                    actor=request.user,
                    status=status_obj,
                    colour=data["colour"],
                    reason=data["reason"],
                ),
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("dispatch:colour_detail", status_id=status_obj.pk)
        return self._page(request, status_obj, form, 400 if code == 200 else code)
