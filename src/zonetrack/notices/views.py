"""Pages of the notices app: the user's notifications (and marking them all read), and the
alert webhooks — the list of those the user manages, adding one, and its page (change it,
archive or restore it, send it a test message, its history). Webhooks are for managers only:
the address is the robot's key, so officers and viewers neither open nor change one (403)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.views import (
    ArchiveView,
    FilteredListView,
    ObjectMixin,
    ServiceFormView,
    htmx_redirect,
)

from . import permissions, selectors, services
from .choices import DeliveryStatus
from .digest import try_webhook
from .forms import WebhookForm
from .models import Webhook

PAGE_SIZE = 50


class NotificationListView(FilteredListView):
    template_name = "notices/notification_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "items"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.notifications(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"unread": selectors.unread_count(self.request.user)}

    def post(self, request: HttpRequest) -> HttpResponse:
        """Mark every notification read."""
        services.notifications_mark_read(user=access.request_user(request))
        return redirect("notices:notification_list")


def _webhook_url(webhook: Webhook) -> str:
    return reverse("notices:webhook_edit", kwargs={"webhook_id": webhook.pk})


class WebhookListView(LoginRequiredMixin, View):
    """The webhooks the user manages, with their last delivery (none for an officer)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "notices/webhook_list.html",
            {
                "webhooks": selectors.webhook_list(user=request.user),
                "may_add": permissions.may_manage_webhooks(access.request_user(request)),
            },
        )


class _WebhookFormPage(ServiceFormView):
    form_class = WebhookForm
    template_name = "notices/webhook_form.html"
    form_id, submit_id = "webhook-form", "save-webhook"
    wide_fields = ("url",)

    def get_success_url(self, webhook: Webhook) -> str:
        return _webhook_url(webhook)


class WebhookCreateView(_WebhookFormPage):
    def has_permission(self, obj: None) -> bool:
        return permissions.may_manage_webhooks(access.request_user(self.request))

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"organisations": selectors.webhook_organisations(user=self.request.user)}

    def perform(self, form: Any, obj: None) -> Webhook:
        return services.webhook_create(actor=access.request_user(self.request), **form.changes())

    def get_cancel_url(self, obj: None) -> str:
        return reverse("notices:webhook_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {
            "title": _("New alert webhook"),
            "pretitle": _("Alert webhooks"),
            "pretitle_url": reverse("notices:webhook_list"),
        }


class _WebhookMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Webhook:
        return selectors.webhook_get(user=self.request.user, webhook_id=self.kwargs["webhook_id"])

    def has_permission(self, webhook: Webhook) -> bool:
        return permissions.can_change_webhook(access.request_user(self.request), webhook)


class WebhookEditView(_WebhookMixin, _WebhookFormPage):
    """A webhook's page: its form, the archive button and its history."""

    context_object_name = "webhook"

    def get_form(self, webhook: Webhook, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            return WebhookForm(organisations=[], instance=webhook)
        return WebhookForm(data, organisations=[], instance=webhook)

    def perform(self, form: Any, webhook: Webhook) -> Webhook:
        return services.webhook_update(
            actor=access.request_user(self.request),
            webhook=webhook,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )

    def get_cancel_url(self, webhook: Webhook) -> str:
        return reverse("notices:webhook_list")

    def get_extra_context(self, webhook: Webhook) -> dict[str, Any]:
        return {
            "title": webhook.name,
            "pretitle": webhook.organisation.name,
            "pretitle_url": reverse("notices:webhook_list"),
            "history": history_for(webhook),
        }


class WebhookArchiveView(_WebhookMixin, ArchiveView):
    """Archive a webhook (it stops hearing alerts), or restore it with ``restore=1``."""

    def perform(self, webhook: Webhook, *, restore: bool) -> Webhook:
        actor = access.request_user(self.request)
        if restore:
            return services.webhook_restore(actor=actor, webhook=webhook)
        return services.webhook_archive(actor=actor, webhook=webhook)

    def get_success_url(self, webhook: Webhook) -> str:
        return _webhook_url(webhook)


class WebhookTryView(_WebhookMixin, ObjectMixin, View):
    """POST: send the webhook a test card now, then back to its page with the outcome."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        webhook = self.load()
        delivery = try_webhook(webhook)
        if delivery.status == DeliveryStatus.SENT:
            messages.success(request, _("Test message sent."))
        else:
            messages.error(
                request,
                _("The test message failed: %(error)s") % {"error": delivery.last_error},
            )
        return htmx_redirect(request, _webhook_url(webhook))
