"""Pages of idle land (腾笼换鸟): the list with each parcel's findings and latest decision, and
a decision on one parcel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.validators import query_id
from zonetrack.core.views import FilteredListView, ServiceFormView

from .. import idle, permissions, selectors, services
from ..forms import IdleDecisionForm, IdleFilterForm
from ..models import IdleDecision, Parcel


class IdleListView(FilteredListView):
    """Supplied land lying idle, undecided first: why each parcel is listed and what the zone
    decided."""

    template_name = "land/idle_list.html"
    context_object_name = "rows"

    def get_filters(self) -> dict[str, Any]:
        params = self.request.GET
        return {
            "zone": query_id(params.get("zone")),
            "undecided": params.get("state") == "undecided",
        }

    def get_queryset(self, filters: dict[str, Any]) -> Any:
        return idle.idle_list(
            user=self.request.user, zone_id=filters["zone"], undecided=filters["undecided"]
        )

    def decorate(self, rows: list[Any]) -> None:
        user = self.request.user
        for row in rows:
            row.may_decide = permissions.can_decide_idle(user, row.parcel)

    def get_extra_context(self, filters: dict[str, Any]) -> dict[str, Any]:
        initial = {
            "zone": filters["zone"] or "",
            "state": "undecided" if filters["undecided"] else "",
        }
        return {
            "filter_form": IdleFilterForm(
                initial=initial, zones=selectors.zones_for_filter(self.request.user)
            ),
            "idle_months": idle.idle_months(),
            "no_tax_years": idle.no_tax_years(),
        }


class IdleDecideView(ServiceFormView):
    """Decide what becomes of a listed parcel: reclaim, re-plan or support."""

    form_class = IdleDecisionForm
    template_name = "land/idle_decide.html"
    context_object_name = "parcel"
    form_id, submit_id = "idle-decision-form", "save-idle-decision"
    wide_fields = ("note",)

    def get_object(self) -> Parcel:
        return selectors.parcel_get(user=self.request.user, parcel_id=self.kwargs["parcel_id"])

    def has_permission(self, parcel: Parcel) -> bool:
        return permissions.can_decide_idle(self.request.user, parcel)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is not None:
            return IdleDecisionForm(data)
        return IdleDecisionForm(initial={"decided_on": timezone.localdate()})

    def perform(self, form: Any, parcel: Parcel) -> IdleDecision:
        return services.idle_decide(
            actor=access.request_user(self.request), parcel=parcel, **form.cleaned_data
        )

    def get_extra_context(self, parcel: Parcel) -> dict[str, Any]:
        listed = idle.listed(Parcel.objects.filter(pk=parcel.pk))
        return {
            "title": _("Decide on idle land"),
            "heading": f"{parcel.code} · {parcel.zone.name}",
            "pretitle": _("Idle land"),
            "pretitle_url": reverse("land:idle_list"),
            "findings": listed[0].findings if listed else [],
            "decisions": list(idle.decisions_of(parcel)),
        }

    def get_success_url(self, decision: IdleDecision) -> str:
        return reverse("land:idle_list") + f"?zone={decision.parcel.zone_id}"

    def get_cancel_url(self, parcel: Parcel) -> str:
        return reverse("land:idle_list") + f"?zone={parcel.zone_id}"
