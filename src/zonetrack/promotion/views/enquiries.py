"""Pages of promotion: enquiries (list with response times, new, first response, closing)
and events (list, new, one with the projects signed there)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.views import FilteredListView, ServiceFormView
from zonetrack.projects.models import Project

from .. import permissions, selectors, services
from ..forms import (
    EnquiryForm,
    EnquiryStepForm,
    EventForm,
    SigningForm,
)
from ..models import Enquiry, Event


class EnquiryListView(FilteredListView):
    """The bureau's page of enquiries: each with its response time, and how fast they were
    answered (bands of hours, the share within the target)."""

    template_name = "promotion/enquiry_list.html"
    context_object_name = "enquiries"

    def zone(self) -> int | None:
        zone = self.request.GET.get("zone", "")
        return int(zone) if zone.isdigit() else None

    def get_queryset(self, filters: Any) -> Any:
        return selectors.enquiry_list(user=self.request.user, zone=self.zone())

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {
            "times": selectors.response_times(
                user=self.request.user, zone=self.zone(), now=timezone.now()
            ),
            "can_create": permissions.can_add_any_lead(self.request.user),
        }


class EnquiryCreateView(ServiceFormView):
    form_class = EnquiryForm
    form_id, submit_id = "enquiry-form", "save-enquiry"
    wide_fields = ("attending", "notes")

    def has_permission(self, obj: None) -> bool:
        return permissions.can_add_any_lead(self.request.user)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Enquiry:
        data = dict(form.cleaned_data)
        zone = data.pop("zone")
        if not permissions.can_add_lead(self.request.user, zone):
            raise ValidationError({"zone": _("You may not add enquiries to this zone.")})
        return services.enquiry_create(actor=access.request_user(self.request), zone=zone, **data)

    def get_success_url(self, enquiry: Enquiry) -> str:
        return reverse("promotion:enquiry_list")

    def get_cancel_url(self, obj: None) -> str:
        return reverse("promotion:enquiry_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New enquiry"), "pretitle": _("Promotion")}


class EnquiryStepView(ServiceFormView):
    """The first response to an enquiry, or its closing: a moment, not after now."""

    form_class = EnquiryStepForm
    form_id = "enquiry-step-form"
    context_object_name = "enquiry"

    def get_object(self) -> Enquiry:
        return access.get_visible(
            Enquiry.objects.select_related("zone", "zone__organisation"),
            self.request.user,
            pk=self.kwargs["enquiry_id"],
        )

    def has_permission(self, enquiry: Enquiry) -> bool:
        return permissions.can_add_lead(self.request.user, enquiry.zone)

    def get_success_url(self, result: Any) -> str:
        return reverse("promotion:enquiry_list")

    def get_cancel_url(self, enquiry: Enquiry) -> str:
        return reverse("promotion:enquiry_list")

    def get_extra_context(self, enquiry: Enquiry) -> dict[str, Any]:
        return {"title": enquiry.subject, "pretitle": _("Enquiry")}


class EnquiryRespondView(EnquiryStepView):
    submit_id = "save-response"

    def perform(self, form: Any, enquiry: Enquiry) -> Enquiry:
        return services.enquiry_respond(
            actor=access.request_user(self.request), enquiry=enquiry, at=form.cleaned_data["at"]
        )


class EnquiryCloseView(EnquiryStepView):
    submit_id = "save-close"

    def perform(self, form: Any, enquiry: Enquiry) -> Enquiry:
        return services.enquiry_close(
            actor=access.request_user(self.request), enquiry=enquiry, at=form.cleaned_data["at"]
        )


class EventListView(FilteredListView):
    template_name = "promotion/event_list.html"
    context_object_name = "events"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.event_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {
            "can_create": permissions.can_add_any_lead(self.request.user),
            "years": selectors.event_years(user=self.request.user),
        }


class EventCreateView(ServiceFormView):
    form_class = EventForm
    form_id, submit_id = "event-form", "save-event"
    wide_fields = ("notes",)

    def has_permission(self, obj: None) -> bool:
        return permissions.can_add_any_lead(self.request.user)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Event:
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        if not permissions.can_hold_event(self.request.user, organisation):
            raise ValidationError(
                {"organisation": _("You may not record events of this organisation.")}
            )
        return services.event_create(
            actor=access.request_user(self.request), organisation=organisation, **data
        )

    def get_success_url(self, event: Event) -> str:
        return reverse("promotion:event_detail", kwargs={"event_id": event.pk})

    def get_cancel_url(self, obj: None) -> str:
        return reverse("promotion:event_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New event"), "pretitle": _("Promotion")}


class EventDetailView(ServiceFormView):
    """An event with the projects signed there; its organiser's officers add signings."""

    form_class = SigningForm
    template_name = "promotion/event_detail.html"
    context_object_name = "event"
    form_context_name = "signing_form"

    def get_object(self) -> Event:
        return selectors.event_get(user=self.request.user, event_id=self.kwargs["event_id"])

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        event = self.load()
        access.require(permissions.can_hold_event(request.user, event.organisation))
        return super().post(request, **kwargs)

    def perform(self, form: Any, event: Event) -> Any:
        code = form.cleaned_data["project"].strip()
        project = (
            access.visible(Project.objects.active(), self.request.user)
            .select_related("zone__organisation")
            .filter(code=code)
            .first()
        )
        if project is None:
            raise ValidationError({"project": _("No project with this code in view.")})
        return services.event_sign(
            actor=access.request_user(self.request), event=event, project=project
        )

    def get_success_url(self, signing: Any) -> str:
        return reverse("promotion:event_detail", kwargs={"event_id": self.kwargs["event_id"]})

    def get_extra_context(self, event: Event) -> dict[str, Any]:
        signings = selectors.event_signings(event)
        return {
            "signings": signings,
            "total_wan": sum((s.project.total_investment_wan or 0) for s in signings),
            "can_sign": permissions.can_hold_event(self.request.user, event.organisation),
        }
