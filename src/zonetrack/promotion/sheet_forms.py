"""The forms of promotion's spreadsheet imports: a lead list, or a chain map, and the zone it
is for."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.core.forms import Form
from zonetrack.registry.models import Zone

from . import permissions
from .models import ChainNode
from .selectors import chains, channels, regions
from .selectors.chains import tree
from .sheets import KNOWN
from .sheets.chains import KIND_WORDS
from .sheets.chains import KNOWN as CHAIN_COLUMNS


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


class ChainImportForm(Form):
    """Upload a chain map for one zone: only the zones whose map the user keeps are offered."""

    columns = [names[0] for names in CHAIN_COLUMNS.values()]
    kinds = list(KIND_WORDS.values())

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
        zones = access.visible(Zone.objects.active().select_related("organisation"), user)
        mapped = [zone.pk for zone in zones if permissions.can_map_chain(user, zone)]
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = (
            Zone.objects.filter(pk__in=mapped).select_related("organisation").order_by("name")
        )

    def clean_zone(self) -> Zone:
        zone = cast(Zone, self.cleaned_data["zone"])
        if not permissions.can_map_chain(self.user, zone):
            raise forms.ValidationError(_("You may not change this zone's chain map."))
        return zone

    def chain_links(self) -> list[tuple[str, str, list[str]]]:
        """Each chain's name, code and links (in reading order), as an upload names them."""
        found = list(chains())
        nodes = list(ChainNode.objects.filter(chain__in=found))
        return [
            (
                chain.name,
                chain.code,
                [node.name for node, _d in tree(n for n in nodes if n.chain_id == chain.pk)],
            )
            for chain in found
        ]

    def region_names(self) -> list[str]:
        return list(regions().values_list("name", flat=True))
