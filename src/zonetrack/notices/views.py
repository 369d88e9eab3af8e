"""Pages of the notices app: the user's notifications (and marking them all read), and the
alert webhooks — the list of those the user manages, adding one, and its page (change it,
archive or restore it, send it a test message, its history). Webhooks are for managers only:
the address is the robot's key, so officers and viewers neither open nor change one (403).

Subscriptions ("my subscriptions"): the list of the user's own, subscribing (``?organisation=``
preselects the cockpit's organisation), a subscription's page (change it, switch it off or on,
archive or restore it, its history) and its deliveries. A subscription is its subscriber's
alone: anyone else but a superuser gets 404."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
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

from . import permissions, products, selectors, services, subscriptions
from .choices import DeliveryStatus
from .digest import try_webhook
from .forms import SubscriptionForm, WebhookForm
from .models import Subscription, Webhook

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


# -- subscriptions ---------------------------------------------------------------------------


def _subscription_url(subscription: Subscription) -> str:
    return reverse("notices:subscription_edit", kwargs={"subscription_id": subscription.pk})


class SubscriptionListView(LoginRequiredMixin, View):
    """The user's subscriptions, each with its next run and latest deliveries (``?archived=1``:
    the ended ones)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        archived = request.GET.get("archived") == "1"
        return render(
            request,
            "notices/subscription_list.html",
            {
                "subscriptions": selectors.subscription_list(user=request.user, archived=archived),
                "archived": archived,
                "may_add": bool(selectors.subscription_organisations(user=request.user)),
            },
        )


class _SubscriptionFormPage(ServiceFormView):
    form_class = SubscriptionForm
    template_name = "notices/subscription_form.html"
    form_id, submit_id = "subscription-form", "save-subscription"
    context_object_name = "subscription"

    def get_success_url(self, subscription: Subscription) -> str:
        return _subscription_url(subscription)

    def get_cancel_url(self, obj: Any) -> str:
        return reverse("notices:subscription_list")


class SubscriptionCreateView(_SubscriptionFormPage):
    """Subscribe; ``?organisation=<id>`` (the cockpit's link) preselects its organisation.
    Someone with no cockpit to subscribe to gets 403."""

    def has_permission(self, obj: None) -> bool:
        self.organisations = selectors.subscription_organisations(user=self.request.user)
        return bool(self.organisations)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "organisations": self.organisations,
            "webhooks": selectors.subscription_webhook_choices(user=self.request.user),
            "offered": products.registered(),
        }
        wanted = self.request.GET.get("organisation", "")
        if wanted.isdigit() and int(wanted) in {o.pk for o in self.organisations}:
            kwargs["initial"] = {"organisation": int(wanted)}
        return kwargs

    def perform(self, form: Any, obj: None) -> Subscription:
        return subscriptions.subscription_create(
            actor=access.request_user(self.request), **form.changes()
        )

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {
            "title": _("New subscription"),
            "pretitle": _("My subscriptions"),
            "pretitle_url": reverse("notices:subscription_list"),
        }


class _SubscriptionMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Subscription:
        return selectors.subscription_get(
            user=self.request.user, subscription_id=self.kwargs["subscription_id"]
        )

    def has_permission(self, subscription: Subscription) -> bool:
        return permissions.can_change_subscription(access.request_user(self.request), subscription)


class SubscriptionEditView(_SubscriptionMixin, _SubscriptionFormPage):
    """A subscription's page: its form, switch, archive and history."""

    def get_form_kwargs(self, subscription: Subscription) -> dict[str, Any]:
        webhooks = subscriptions.subscription_webhooks(
            user=subscription.user, organisation=subscription.organisation
        )
        if subscription.webhook is not None and subscription.webhook not in webhooks:
            webhooks.append(subscription.webhook)  # shown as it is, refused if kept
        return {
            "organisations": [],
            "webhooks": webhooks,
            "offered": [],
            "instance": subscription,
        }

    def perform(self, form: Any, subscription: Subscription) -> Subscription:
        return subscriptions.subscription_update(
            actor=access.request_user(self.request),
            subscription=subscription,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )

    def get_extra_context(self, subscription: Subscription) -> dict[str, Any]:
        return {
            "title": str(subscription),
            "pretitle": _("My subscriptions"),
            "pretitle_url": reverse("notices:subscription_list"),
            "history": history_for(subscription),
        }


class SubscriptionSwitchView(_SubscriptionMixin, ObjectMixin, View):
    """POST ``on=1`` or ``on=0``: switch a subscription on or off."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        subscription = self.load()
        on = request.POST.get("on") == "1"
        subscriptions.subscription_switch(
            actor=access.request_user(request), subscription=subscription, on=on
        )
        messages.success(request, _("Switched on.") if on else _("Switched off."))
        return htmx_redirect(request, _subscription_url(subscription))


class SubscriptionArchiveView(_SubscriptionMixin, ArchiveView):
    """Archive a subscription (nothing more is delivered), or restore it with ``restore=1``."""

    def perform(self, subscription: Subscription, *, restore: bool) -> Subscription:
        actor = access.request_user(self.request)
        if restore:
            return subscriptions.subscription_restore(actor=actor, subscription=subscription)
        return subscriptions.subscription_archive(actor=actor, subscription=subscription)

    def get_success_url(self, subscription: Subscription) -> str:
        return _subscription_url(subscription)


class SubscriptionDeliveriesView(_SubscriptionMixin, ObjectMixin, View):
    """A subscription's deliveries, newest first, with status, error and attempts."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        subscription = self.load()
        rows = selectors.subscription_deliveries(subscription=subscription)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "notices/subscription_deliveries.html",
            {"subscription": subscription, "deliveries": page.object_list, "page_obj": page},
        )
