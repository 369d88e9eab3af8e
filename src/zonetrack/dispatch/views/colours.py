"""Pages of the three colours (三色预警): the current colours, and one colour's history with the
manager's override."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zonetrack.accounts import access
from zonetrack.core.validators import query_text
from zonetrack.core.views import FilteredListView, ServiceFormView

from .. import permissions, selectors, services
from ..choices import Colour
from ..forms import OverrideForm
from ..models import ColourStatus
from .common import PAGE_SIZE


class WarningListView(FilteredListView):
    """Current colours of the projects in view (optionally one zone, one colour), most urgent
    first, each with the reasons its rules gave; the red and yellow counts per zone above."""

    template_name = "dispatch/warning_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "statuses"

    def get_filters(self) -> dict[str, Any]:
        zone_raw = self.request.GET.get("zone", "")
        return {
            "zone_id": int(zone_raw) if zone_raw.isdecimal() and len(zone_raw) < 10 else None,
            "colour": query_text(self.request.GET.get("colour")),
        }

    def get_queryset(self, filters: dict[str, Any]) -> Any:
        return selectors.warnings(
            user=self.request.user, projects_only=True, **filters
        ).select_related("project__zone")

    def get_extra_context(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {
            **filters,
            "colours": Colour.choices,
            "zone_counts": selectors.zone_colour_rows(
                user=self.request.user, zone_id=filters["zone_id"]
            ),
        }


class ColourDetailView(ServiceFormView):
    """A colour's history, and the manager's override form (a manager's step: 403 for the
    others who see it)."""

    form_class = OverrideForm
    template_name = "dispatch/colour_detail.html"
    context_object_name = "status"

    def get_object(self) -> ColourStatus:
        return selectors.colour_get(user=self.request.user, status_id=self.kwargs["status_id"])

    def has_permission(self, status: ColourStatus) -> bool:
        return self.request.method in ("GET", "HEAD") or permissions.can_override_colour(
            access.request_user(self.request), status
        )

    def get_form_kwargs(self, status: ColourStatus) -> dict[str, Any]:
        return {"initial": {"colour": status.override_colour, "until": status.override_until}}

    def get_extra_context(self, status: ColourStatus) -> dict[str, Any]:
        return {
            "changes": selectors.colour_changes(status),
            "can_override": permissions.can_override_colour(
                access.request_user(self.request), status
            ),
        }

    def perform(self, form: Any, status: ColourStatus) -> ColourStatus:
        return services.colour_override(
            actor=access.request_user(self.request),
            status=status,
            colour=form.cleaned_data["colour"],
            reason=form.cleaned_data["reason"],
            until=form.cleaned_data.get("until"),
        )

    def get_success_url(self, status: ColourStatus) -> str:
        return reverse("dispatch:colour_detail", kwargs={"status_id": status.pk})
