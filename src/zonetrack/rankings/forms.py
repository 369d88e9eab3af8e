"""Forms of rankings: the scheme editor (settings and an item grid), computing, publishing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import Form
from zonetrack.registry.choices import ZoneLevel
from zonetrack.targets.models import Indicator

from .choices import MissingRule, PeerRule, PeriodKind, RuleKind, TieRule
from .models import Item
from .services import CategoryDraft, ItemDraft, SchemeDraft
from .templates_data import TEMPLATES


def managed_organisations(user: Any) -> forms.ModelChoiceField:
    """The organisations whose schemes the user may manage, as a choice."""
    rows = access.visible(Organisation.objects.active(), user).order_by("path")
    allowed = [o.pk for o in rows if access.has_role(user, o, Role.MANAGER)]
    return forms.ModelChoiceField(
        label=_("owner organisation"), queryset=Organisation.objects.filter(pk__in=allowed)
    )


class SchemeForm(Form):
    """A scheme's settings; its items come in the ``ItemFormSet`` beside it."""

    name = forms.CharField(label=_("name"), max_length=100)
    period_kind = forms.ChoiceField(label=_("period"), choices=PeriodKind.choices)
    peer_rule = forms.ChoiceField(label=_("peer group"), choices=PeerRule.choices)
    peer_kind = forms.ChoiceField(
        label=_("kind of organisation compared"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    peer_zone_level = forms.ChoiceField(
        label=_("zone level compared"), choices=[("", "—"), *ZoneLevel.choices], required=False
    )
    peers = forms.ModelMultipleChoiceField(
        label=_("organisations compared"), queryset=Organisation.objects.none(), required=False
    )
    missing_rule = forms.ChoiceField(label=_("missing data"), choices=MissingRule.choices)
    tie_rule = forms.ChoiceField(label=_("ties"), choices=TieRule.choices)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = managed_organisations(user)
        peers = self.fields["peers"]
        assert isinstance(peers, forms.ModelMultipleChoiceField)
        peers.queryset = access.visible(Organisation.objects.active(), user)
        self.order_fields(["name", "owner"])


class ItemRowForm(Form):
    """One row of the item grid: its category, name, indicator, rule, parameters and weight."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.CharField(label=_("category"), max_length=60)
    name = forms.CharField(label=_("item"), max_length=80)
    indicator = forms.ModelChoiceField(
        label=_("indicator"), queryset=Indicator.objects.filter(is_active=True), required=False
    )
    rule = forms.ChoiceField(label=_("scoring rule"), choices=RuleKind.choices)
    params = forms.CharField(label=_("rule parameters"), required=False, max_length=500)
    weight = forms.DecimalField(
        label=_("weight"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        required=False,
    )
    weights_by_kind = forms.CharField(
        label=_("weights by zone kind"), required=False, max_length=300
    )

    def _json(self, name: str) -> dict[str, Any]:
        raw = (self.cleaned_data.get(name) or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise forms.ValidationError(
                _('Write the parameters as JSON, e.g. {"cap": 1.2}.')
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_('Write the parameters as JSON, e.g. {"cap": 1.2}.'))
        return value

    def clean_params(self) -> dict[str, Any]:
        return self._json("params")

    def has_changed(self) -> bool:
        """A spare row left blank is no row (the help says so): its rule select always sends a
        value, so only the fields a user types count."""
        typed = ("category", "name", "indicator", "params", "weight", "weights_by_kind")
        if self.empty_permitted and not any(
            (self.data.get(self.add_prefix(name)) or "").strip() for name in typed
        ):
            return False
        return super().has_changed()

    def clean_weights_by_kind(self) -> dict[str, Any]:
        return self._json("weights_by_kind")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A compact grid: every cell takes the small control of its kind.
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")


ItemFormSet = forms.formset_factory(ItemRowForm, extra=3, max_num=80, validate_max=True)


def draft_from(form: SchemeForm, rows: Any, *, template: str = "") -> SchemeDraft:
    """The draft the valid forms describe: rows grouped into categories in order."""
    data = form.cleaned_data
    categories: dict[str, CategoryDraft] = {}
    for row in rows.forms:
        cleaned = getattr(row, "cleaned_data", None) or {}
        if not cleaned.get("name"):
            continue
        category = categories.setdefault(cleaned["category"], CategoryDraft(cleaned["category"]))
        category.items.append(
            ItemDraft(
                id=cleaned.get("id"),
                name=cleaned["name"],
                rule=cleaned["rule"],
                weight=cleaned.get("weight") or Decimal(0),
                indicator=cleaned.get("indicator"),
                params=cleaned.get("params") or {},
                weights_by_kind=cleaned.get("weights_by_kind") or {},
            )
        )
    return SchemeDraft(
        name=data["name"],
        owner=data["owner"],
        period_kind=data["period_kind"],
        peer_rule=data["peer_rule"],
        peer_kind=data.get("peer_kind") or "",
        peer_zone_level=data.get("peer_zone_level") or "",
        peers=list(data.get("peers") or []),
        missing_rule=data["missing_rule"],
        tie_rule=data["tie_rule"],
        description=data.get("description") or "",
        template=template,
        categories=list(categories.values()),
    )


class PeriodForm(Form):
    """A period to compute or preview a ranking for."""

    period = forms.CharField(label=_("period"), max_length=8, help_text=_("2026H1, 2026Q3 or 2026"))


class PublishForm(Form):
    reason = forms.CharField(
        label=_("reason for replacing the published ranking"), max_length=300, required=False
    )
    acknowledged = forms.BooleanField(
        label=_("I have read the warnings above and publish anyway"), required=False
    )


class TemplateForm(Form):
    """Load a built-in scheme template as editable data for an organisation."""

    template = forms.ChoiceField(
        label=_("template"), choices=[(k, t.get("label", t["name"])) for k, t in TEMPLATES.items()]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = managed_organisations(user)


class EventForm(Form):
    """An event a bonus, deduction or disqualifying item counts."""

    item = forms.ModelChoiceField(label=_("item"), queryset=Item.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("organisation"), queryset=Organisation.objects.none()
    )
    happened_on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label=_("count"), min_value=1, max_value=100, initial=1)
    evidence = forms.CharField(label=_("evidence"), max_length=300)
    department = forms.CharField(label=_("reporting department"), max_length=100)

    def __init__(self, *args: Any, items: Any, organisations: list[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        item_field = self.fields["item"]
        org_field = self.fields["organisation"]
        assert isinstance(item_field, forms.ModelChoiceField)
        assert isinstance(org_field, forms.ModelChoiceField)
        item_field.queryset = items
        org_field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
