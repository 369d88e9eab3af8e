"""Pages of outbound promotion trips (外出招商): the list with days away per leader this year,
recording a trip, a trip with its visits and the leads it produced, recording a visit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.views import FilteredListView, ServiceFormView

from .. import permissions, selectors, services
from ..forms import TripForm, TripVisitForm
from ..models import Interaction, Trip


def _trip_url(trip_id: int) -> str:
    return reverse("promotion:trip_detail", kwargs={"trip_id": trip_id})


class TripListView(FilteredListView):
    template_name = "promotion/trip_list.html"
    context_object_name = "trips"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.trip_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        year = timezone.localdate().year
        return {
            "year": year,
            "days_away": selectors.days_away(user=self.request.user, year=year),
            "may_add": permissions.can_add_any_lead(self.request.user),
        }


class TripCreateView(ServiceFormView):
    """Record an outbound trip."""

    form_class = TripForm
    form_id, submit_id = "trip-form", "save-trip"
    wide_fields = ("purpose",)

    def has_permission(self, obj: None) -> bool:
        return permissions.can_add_any_lead(self.request.user)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Trip:
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if not permissions.can_hold_event(self.request.user, organisation):
            raise ValidationError(
                {"organisation": _("You may not record trips of this organisation.")}
            )
        return services.trip_create(
            actor=access.request_user(self.request), organisation=organisation, **data
        )

    def get_success_url(self, trip: Trip) -> str:
        return _trip_url(trip.pk)

    def get_cancel_url(self, obj: None) -> str:
        return reverse("promotion:trip_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New outbound trip"), "pretitle": _("Promotion")}


class TripDetailView(ServiceFormView):
    """A trip with its visits and the leads it produced; its organisation's officers record a
    visit on a lead here."""

    form_class = TripVisitForm
    template_name = "promotion/trip_detail.html"
    context_object_name = "trip"
    form_id, submit_id = "visit-form", "save-visit"

    def get_object(self) -> Trip:
        return selectors.trip_get(user=self.request.user, trip_id=self.kwargs["trip_id"])

    def has_permission(self, trip: Trip) -> bool:
        if self.request.method in ("GET", "HEAD"):
            return True
        return permissions.can_hold_event(self.request.user, trip.organisation)

    def get_form_kwargs(self, trip: Trip) -> dict[str, Any]:
        return {"trip": trip, "user": self.request.user}

    def perform(self, form: Any, trip: Trip) -> Interaction:
        return services.trip_visit(
            actor=access.request_user(self.request), trip=trip, **form.cleaned_data
        )

    def get_success_message(self, result: Any) -> str:
        return _("Visit recorded on the lead.")

    def get_success_url(self, visit: Interaction) -> str:
        return _trip_url(visit.trip_id or 0)

    def get_cancel_url(self, trip: Trip) -> str:
        return reverse("promotion:trip_list")

    def get_extra_context(self, trip: Trip) -> dict[str, Any]:
        return {
            "visits": selectors.trip_visits(trip),
            "leads": selectors.trip_leads(trip),
            "may_visit": permissions.can_hold_event(self.request.user, trip.organisation),
            "new_lead_url": reverse("promotion:lead_create") + f"?trip={trip.pk}",
        }
