"""Pages of promotion: the lead list, the board by status, "my leads", a lead with its
interactions, and the steps on a lead (new, status, next action, interaction, convert)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.views import FilteredListView, ObjectDetailView, ServiceFormView
from zonetrack.projects import services as project_services
from zonetrack.registry.models import Zone

from .. import permissions, selectors, services
from ..forms import (
    ConvertForm,
    InteractionForm,
    LeadFilterForm,
    LeadForm,
    LeadStatusForm,
    NextActionForm,
)
from ..models import Enquiry, Lead, TargetFirm, Trip


class LeadListView(FilteredListView):
    template_name = "promotion/lead_list.html"
    filter_form_class = LeadFilterForm
    context_object_name = "leads"

    def get_filters(self) -> Any:
        form = LeadFilterForm(self.request.GET or None, user=self.request.user)
        form.is_valid()
        return form

    def get_queryset(self, filters: Any) -> Any:
        self.filters = filters.filters()
        return selectors.lead_list(user=self.request.user, filters=self.filters, for_page=True)

    def paginate(self, rows: Any) -> Page[Any]:
        paginator = Paginator(rows, self.paginate_by)
        paginator.count = selectors.lead_count(user=self.request.user, filters=self.filters)
        return paginator.get_page(self.request.GET.get("page"))

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {
            "can_create": permissions.can_add_any_lead(self.request.user),
            "title": _("Leads"),
        }


class MyLeadsView(FilteredListView):
    template_name = "promotion/lead_list.html"
    context_object_name = "leads"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.my_leads(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {
            "can_create": permissions.can_add_any_lead(self.request.user),
            "title": _("My leads"),
            "is_mine": True,
        }


class LeadBoardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        zone = request.GET.get("zone", "")
        columns = selectors.lead_board(
            user=request.user, zone=int(zone) if zone.isdigit() else None
        )
        return render(
            request,
            "promotion/lead_board.html",
            {"columns": columns, "can_create": permissions.can_add_any_lead(request.user)},
        )


class LeadMixin:
    request: HttpRequest
    kwargs: dict[str, Any]
    context_object_name = "lead"

    def get_object(self) -> Lead:
        return selectors.lead_get(user=self.request.user, lead_id=self.kwargs["lead_id"])


class LeadDetailView(LeadMixin, ObjectDetailView):
    template_name = "promotion/lead_detail.html"

    def get_extra_context(self, lead: Lead) -> dict[str, Any]:
        can_change = permissions.can_change_lead(self.request.user, lead)
        return {
            "interactions": list(lead.interactions.select_related("recorded_by")),
            "history": history_for(lead),
            "can_change": can_change and lead.project_id is None,
            "status_form": LeadStatusForm(lead=lead),
            "next_form": NextActionForm(
                initial={"next_action": lead.next_action, "next_action_on": lead.next_action_on}
            ),
            "interaction_form": InteractionForm(),
            "convert_form": ConvertForm(),
            "can_convert": can_change and lead.status in ("contacted", "negotiating"),
        }


class LeadCreateView(ServiceFormView):
    form_class = LeadForm
    form_id, submit_id = "lead-form", "save-lead"
    wide_fields = ("notes",)

    def has_permission(self, obj: None) -> bool:
        return permissions.can_add_any_lead(self.request.user)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user, "initial": self._initial()}

    def _initial(self) -> dict[str, Any]:
        """What the page it was opened from knows: a trip's zone, a chain link's zone and
        link, an enquiry's zone, subject and enquirer, a target firm's name and region."""
        initial: dict[str, Any] = {}
        trip = self._trip()
        if trip is not None and trip.organisation_id:
            zone = Zone.objects.active().filter(organisation_id=trip.organisation_id).first()
            if zone is not None:
                initial["zone"] = zone.pk
        for key in ("zone", "node"):
            value = str(self.request.GET.get(key) or "")
            if value.isdecimal() and len(value) <= 9:
                initial[key] = int(value)
        enquiry_id = str(self.request.GET.get("enquiry") or "")
        if enquiry_id.isdecimal() and len(enquiry_id) <= 9:
            enquiry = (
                access.visible(Enquiry.objects.active(), self.request.user)
                .filter(pk=int(enquiry_id))
                .first()
            )
            if enquiry is not None:
                initial.update(
                    zone=enquiry.zone_id,
                    name=enquiry.subject,
                    prospect=enquiry.enquirer,
                    channel=enquiry.channel_id,
                    notes=_("From the enquiry of %(day)s: %(subject)s")
                    % {"day": enquiry.received_at.date().isoformat(), "subject": enquiry.subject},
                )
        target_id = str(self.request.GET.get("target") or "")
        if target_id.isdecimal() and len(target_id) <= 9:
            target = (
                access.visible(TargetFirm.objects.active(), self.request.user)
                .filter(pk=int(target_id))
                .select_related("node", "enterprise")
                .first()
            )
            if target is not None:
                initial.update(
                    zone=target.zone_id,
                    node=target.node_id,
                    name=_("%(firm)s %(link)s project")
                    % {"firm": target.name, "link": target.node.name},
                    region=target.region_id,
                    notes=target.reason,
                )
                if target.enterprise_id and target.enterprise:
                    initial["investor_name"] = target.enterprise.name
                    initial["investor_credit_code"] = target.enterprise.credit_code or ""
                else:
                    initial["prospect"] = target.name
        return initial

    def perform(self, form: Any, obj: None) -> Lead:
        data = dict(form.cleaned_data)
        zone = data.pop("zone")
        if not permissions.can_add_lead(self.request.user, zone):
            raise ValidationError({"zone": _("You may not add leads to this zone.")})
        name, code = data.pop("investor_name"), data.pop("investor_credit_code")
        investor = project_services.enterprise_for(name=name, credit_code=code)
        return services.lead_create(
            actor=access.request_user(self.request),
            zone=zone,
            investor=investor,
            trip=self._trip(),
            **data,
        )

    def _trip(self) -> Trip | None:
        """The outbound trip the lead came from (``?trip=`` when added from its page)."""
        trip_id = str(self.request.GET.get("trip") or "")
        if not trip_id.isdecimal() or len(trip_id) > 9:
            return None
        return selectors.trip_get(user=self.request.user, trip_id=int(trip_id))

    def get_success_url(self, lead: Lead) -> str:
        return reverse("promotion:lead_detail", kwargs={"lead_id": lead.pk})

    def get_cancel_url(self, obj: None) -> str:
        return reverse("promotion:lead_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        trip = self._trip()
        return {
            "title": _("New lead"),
            "pretitle": _("From the trip to %(where)s") % {"where": trip.destinations}
            if trip
            else _("Promotion"),
        }


class LeadStepView(LeadMixin, ServiceFormView):
    """A step on one lead, posted from its page; shown alone when its form has errors."""

    def has_permission(self, lead: Lead) -> bool:
        return permissions.can_change_lead(self.request.user, lead)

    def get_success_url(self, result: Any) -> str:
        return reverse("promotion:lead_detail", kwargs={"lead_id": self.kwargs["lead_id"]})

    def get_cancel_url(self, lead: Lead) -> str:
        return reverse("promotion:lead_detail", kwargs={"lead_id": lead.pk})

    def get_extra_context(self, lead: Lead) -> dict[str, Any]:
        return {"title": lead.name, "pretitle": _("Lead")}


class LeadStatusView(LeadStepView):
    form_class = LeadStatusForm
    form_id, submit_id = "status-form", "save-status"

    def get_form_kwargs(self, lead: Lead) -> dict[str, Any]:
        return {"lead": lead}

    def perform(self, form: Any, lead: Lead) -> Lead:
        return services.lead_set_status(
            actor=access.request_user(self.request), lead=lead, **form.cleaned_data
        )


class NextActionView(LeadStepView):
    form_class = NextActionForm
    form_id, submit_id = "next-form", "save-next"

    def perform(self, form: Any, lead: Lead) -> Lead:
        return services.lead_set_next_action(
            actor=access.request_user(self.request), lead=lead, **form.cleaned_data
        )


class InteractionCreateView(LeadStepView):
    form_class = InteractionForm
    form_id, submit_id = "interaction-form", "save-interaction"

    def perform(self, form: Any, lead: Lead) -> Any:
        return services.interaction_add(
            actor=access.request_user(self.request), lead=lead, **form.cleaned_data
        )


class LeadConvertView(LeadStepView):
    form_class = ConvertForm
    form_id, submit_id = "convert-form", "convert-lead"

    def perform(self, form: Any, lead: Lead) -> Any:
        return services.lead_convert(
            actor=access.request_user(self.request), lead=lead, name=form.cleaned_data["name"]
        )

    def get_success_message(self, project: Any) -> str:
        return _("Converted into the project %(code)s.") % {"code": project.code}

    def get_success_url(self, project: Any) -> str:
        return reverse("projects:project_detail", kwargs={"project_id": project.pk})
