"""Forms of the registry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation

from .models import Region, Zone


class ZoneForm(forms.ModelForm):
    """Edit a zone; ``version`` carries the version the edit started from."""

    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        to_field_name="code",
        label=_("Region (division code)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
        error_messages={"invalid_choice": _("Unknown division code.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Zone
        fields = [
            "name",
            "short_name",
            "kind",
            "level",
            "management",
            "status",
            "region",
            "organisation",
            "approved_on",
            "approval_authority",
            "planned_area_km2",
            "center_lat",
            "center_lng",
            "description",
        ]
        widgets = {
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = access.visible(Organisation.objects.active(), user)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
