"""Pages of a firm (one ``Enterprise`` across zones): its profile with the lists it is on, the
leads and projects of it the user sees, its contacts; editing the profile, adding a contact,
archiving one. Seen by whoever sees a lead or a project of the firm, kept by the officers of
their zones."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.views import ArchiveView, ObjectDetailView, ServiceFormView
from zonetrack.projects.models import Enterprise, EnterpriseContact

from ..firm_forms import ContactForm, FirmForm
from ..selectors import firms as selectors
from ..services import firms as services


def firm_url(enterprise_id: int) -> str:
    return reverse("promotion:firm_detail", kwargs={"enterprise_id": enterprise_id})


class FirmMixin:
    request: HttpRequest
    kwargs: dict[str, Any]
    context_object_name = "firm"

    def get_object(self) -> Enterprise:
        return selectors.firm_get(
            user=self.request.user, enterprise_id=self.kwargs["enterprise_id"]
        )


class FirmDetailView(FirmMixin, ObjectDetailView):
    """A firm's profile, flags, leads and projects in view, contacts and history."""

    template_name = "promotion/firm_detail.html"

    def get_extra_context(self, firm: Enterprise) -> dict[str, Any]:
        user = self.request.user
        can_change = selectors.can_change_firm(user, firm)
        return {
            "leads": list(selectors.firm_leads(user=user, enterprise=firm)),
            "projects": list(selectors.firm_projects(user=user, enterprise=firm)),
            "contacts": list(selectors.firm_contacts(enterprise=firm)),
            "archived_contacts": list(selectors.firm_contacts(enterprise=firm, archived=True)),
            "can_change": can_change,
            "contact_form": ContactForm() if can_change else None,
            "history": history_for(firm),
        }


class FirmEditView(FirmMixin, ServiceFormView):
    """Edit a firm's profile and flags: the officers of a zone with a lead or project of it."""

    form_class = FirmForm
    form_id, submit_id = "firm-form", "save-firm"

    def has_permission(self, firm: Enterprise) -> bool:
        return selectors.can_change_firm(self.request.user, firm)

    def get_form_kwargs(self, firm: Enterprise) -> dict[str, Any]:
        return {"instance": firm}

    def perform(self, form: Any, firm: Enterprise) -> Enterprise:
        return services.firm_update(
            actor=access.request_user(self.request), enterprise=firm, changes=form.cleaned_data
        )

    def get_success_url(self, firm: Enterprise) -> str:
        return firm_url(firm.pk)

    def get_cancel_url(self, firm: Enterprise) -> str:
        return firm_url(firm.pk)

    def get_extra_context(self, firm: Enterprise) -> dict[str, Any]:
        return {
            "title": _("Edit the firm"),
            "heading": firm.name,
            "pretitle": _("Firm"),
            "pretitle_url": firm_url(firm.pk),
        }


class FirmContactCreateView(FirmMixin, ServiceFormView):
    """Add a contact to a firm (posted from its page; shown alone with its errors)."""

    form_class = ContactForm
    form_id, submit_id = "contact-form", "save-contact"

    def has_permission(self, firm: Enterprise) -> bool:
        return selectors.can_change_firm(self.request.user, firm)

    def perform(self, form: Any, firm: Enterprise) -> EnterpriseContact:
        return services.contact_add(
            actor=access.request_user(self.request), enterprise=firm, **form.cleaned_data
        )

    def get_success_message(self, contact: EnterpriseContact) -> str:
        return _("Contact added.")

    def get_success_url(self, contact: EnterpriseContact) -> str:
        return firm_url(contact.enterprise_id)

    def get_cancel_url(self, firm: Enterprise) -> str:
        return firm_url(firm.pk)

    def get_extra_context(self, firm: Enterprise) -> dict[str, Any]:
        return {
            "title": _("New contact"),
            "pretitle": firm.name,
            "pretitle_url": firm_url(firm.pk),
        }


class FirmContactArchiveView(ArchiveView):
    """Archive a contact (or bring one back with ``restore=1``): the firm's keepers."""

    context_object_name = "contact"

    def get_object(self) -> EnterpriseContact:
        return selectors.contact_get(user=self.request.user, contact_id=self.kwargs["contact_id"])

    def has_permission(self, contact: EnterpriseContact) -> bool:
        return selectors.can_change_firm(self.request.user, contact.enterprise)

    def perform(self, contact: EnterpriseContact, *, restore: bool) -> EnterpriseContact:
        step = services.contact_restore if restore else services.contact_archive
        return step(actor=access.request_user(self.request), contact=contact)

    def get_success_url(self, contact: EnterpriseContact) -> str:
        return firm_url(contact.enterprise_id)
