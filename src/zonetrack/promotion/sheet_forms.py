"""The form of promotion's spreadsheet import: a lead list and the zone it is for."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.forms import Form
from zonetrack.registry.models import Zone

from . import permissions
from .selectors import channels, regions
from .sheets import KNOWN


class LeadImportForm(Form):
    """Upload a lead list for one zone: its officers' (or a level above)."""

    # What the page says an upload may hold: the columns read and the listed words.
    columns = [names[0] for names in KNOWN.values()]

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )
    zone = forms.ModelChoiceField(
        queryset=Zone.objects.none(),
        label=_("Zone"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = access.visible(
            Zone.objects.active().select_related("organisation"), user
        ).order_by("name")

    def clean_zone(self) -> Zone:
        zone = cast(Zone, self.cleaned_data["zone"])
        if not permissions.can_add_lead(self.user, zone):
            raise forms.ValidationError(_("You may not add leads to this zone."))
        return zone

    def channel_names(self) -> list[str]:
        return list(channels().values_list("name", flat=True))

    def region_names(self) -> list[str]:
        return list(regions().values_list("name", flat=True))
