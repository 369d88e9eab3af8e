"""Forms of the notices app: adding or changing an alert webhook or a subscription."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import Form

from .choices import Cadence, Product, WebhookFormat, Weekday
from .models import LAST_DAY, Webhook
from .services import check_webhook_fields


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``name`` (``form.fields`` types each as a plain Field)."""
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class WebhookForm(Form):
    """Add or change an alert webhook. The secret is never shown back: left empty on a change
    it stays as it is, and ``clear_secret`` removes it."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    format = forms.ChoiceField(label=_("Message format"), choices=WebhookFormat.choices)
    url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
        help_text=_(
            "Copied from the robot's settings in the group chat, "
            "e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
        ),
    )
    secret = forms.CharField(
        label=_("Signing secret (DingTalk)"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("The SEC… string of a DingTalk robot with signing on; empty otherwise."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the stored secret"), required=False)
    is_active = forms.BooleanField(label=_("Switched on"), required=False, initial=True)
    sends_digest = forms.BooleanField(
        label=_("Daily digest when there are many alerts"),
        required=False,
        initial=True,
        help_text=_("Otherwise one list of the new alerts."),
    )
    covers_below = forms.BooleanField(
        label=_("Also the alerts of the organisations below"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        instance: Any = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "name": instance.name,
                "format": instance.format,
                "url": instance.url,
                "is_active": instance.is_active,
                "sends_digest": instance.sends_digest,
                "covers_below": instance.covers_below,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        field = _model_choice(self, "organisation")
        if instance is not None:
            # A webhook stays with its organisation; a new one is added there instead.
            del self.fields["organisation"]
        else:
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            field.choices = [("", "---------"), *((o.pk, o.name) for o in organisations)]
            if organisations:
                # The user's own organisation comes first in tree order.
                field.initial = organisations[0].pk
        if instance is None or not instance.has_secret:
            del self.fields["clear_secret"]
        for name, bound in self.fields.items():
            if isinstance(bound.widget, forms.CheckboxInput):
                bound.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(bound.widget, forms.Select):
                bound.widget.attrs.setdefault("class", "form-select")
            elif not isinstance(bound.widget, forms.HiddenInput):
                bound.widget.attrs.setdefault("class", "form-control")
            del name

    def clean(self) -> dict[str, Any]:
        """The service's field checks, so every field's message shows at once (a field that
        already has its own message keeps it alone)."""
        data = super().clean() or {}
        try:
            # A stored secret is not checked: a change to a format without one drops it.
            check_webhook_fields(self.changes())
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, messages)
        return data

    def changes(self) -> dict[str, Any]:
        """The fields to write: the secret only when one was typed, or cleared."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        clear = data.pop("clear_secret", False)
        if clear:
            data["secret"] = ""
        elif not data.get("secret"):
            data.pop("secret", None)
        return data


class SubscriptionForm(Form):
    """Subscribe to an organisation's pack or cockpit extract, or change a subscription (its
    organisation and what it delivers stay; a different one is a new subscription)."""

    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    product = forms.ChoiceField(label=_("Delivers"), choices=Product.choices)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)
    day_of_month = forms.TypedChoiceField(
        label=_("Day of the month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "---------"), *((day, str(day)) for day in range(1, LAST_DAY + 1))],
        help_text=_("1 to 28, so that every month has it."),
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "---------"), *Weekday.choices],
    )
    by_email = forms.BooleanField(label=_("By e-mail to me"), required=False, initial=True)
    webhook: forms.ModelChoiceField[Webhook] = forms.ModelChoiceField(
        label=_("To a webhook"),
        required=False,
        queryset=Webhook.objects.none(),
        help_text=_("A group robot of the organisation, or of one above it."),
    )
    is_active = forms.BooleanField(label=_("Switched on"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        webhooks: list[Webhook],
        offered: list[str],
        instance: Any = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                name: getattr(instance, name)
                for name in ("cadence", "day_of_month", "weekday", "by_email", "is_active")
            } | {"webhook": instance.webhook_id, "version": instance.version}
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            del self.fields["organisation"], self.fields["product"]
        else:
            field = _model_choice(self, "organisation")
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            field.choices = [("", "---------"), *((o.pk, o.name) for o in organisations)]
            if organisations and not self.initial.get("organisation"):
                field.initial = organisations[0].pk
            product = cast("forms.ChoiceField", self.fields["product"])
            product.choices = [(v, label) for v, label in Product.choices if v in offered]
        hooks = _model_choice(self, "webhook")
        hooks.queryset = Webhook.objects.filter(pk__in=[w.pk for w in webhooks])
        hooks.choices = [
            ("", _("No webhook")),
            *((w.pk, f"{w.organisation.name} · {w.name}") for w in webhooks),
        ]
        for bound in self.fields.values():
            if isinstance(bound.widget, forms.CheckboxInput):
                bound.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(bound.widget, forms.Select):
                bound.widget.attrs.setdefault("class", "form-select")

    def changes(self) -> dict[str, Any]:
        """The fields the service takes."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data
