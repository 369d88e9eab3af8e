"""Admin of the notices app: alert webhooks, deliveries (failures visible to administrators),
alerts, notifications, and subscriptions (read only: their subscribers change them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import services
from .models import Alert, Delivery, Notification, Subscription, Webhook


class WebhookAdminForm(forms.ModelForm):
    """The secret is written, never shown: left empty it stays as it is."""

    secret = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False), max_length=200
    )

    class Meta:
        model = Webhook
        fields = [
            "organisation",
            "name",
            "url",
            "format",
            "secret",
            "is_active",
            "sends_digest",
            "covers_below",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("secret") and self.instance.pk:
            data["secret"] = self.instance.secret
        try:
            services.check_webhook_fields(data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Webhooks are edited through their services, so the history keeps every change; they
    are archived, never deleted."""

    form = WebhookAdminForm
    list_display = ("name", "organisation", "format", "is_active", "sends_digest", "archived_at")
    list_filter = ("format", "is_active")
    search_fields = ("name", "organisation__name")

    def has_delete_permission(self, request: HttpRequest, obj: Webhook | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Webhook | None = None) -> Any:
        # A webhook stays with its organisation (its history is that organisation's).
        return ("organisation",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Webhook, form: Any, change: bool) -> None:
        fields = {k: v for k, v in form.cleaned_data.items() if k != "organisation"}
        if change:
            stored = Webhook.objects.get(pk=obj.pk)
            services.webhook_update(actor=request.user, webhook=stored, changes=fields)  # type: ignore[arg-type]
            obj.pk, obj.version = stored.pk, stored.version
        else:
            made = services.webhook_create(
                actor=request.user,  # type: ignore[arg-type]
                organisation=form.cleaned_data["organisation"],
                **fields,
            )
            obj.pk = made.pk


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "target", "status", "attempts", "last_error")
    list_filter = ("status", "channel")
    readonly_fields = (
        "channel",
        "target",
        "webhook",
        "digest_on",
        "subscription",
        "slot_on",
        "job",
        "payload",
        "status",
        "attempts",
        "last_error",
    )


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "text")
    list_filter = ("kind",)
    search_fields = ("key", "text")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "text", "read_at")
    list_filter = ("kind",)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Read only: a subscription is changed by its subscriber on its page, through its
    services, so the history keeps every change."""

    list_display = ("user", "organisation", "product", "cadence", "is_active", "archived_at")
    list_filter = ("product", "cadence", "is_active")
    search_fields = ("user__username", "organisation__name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
