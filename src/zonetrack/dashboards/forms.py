"""The battle map's filter (stage, colour) and the big screen's refresh interval."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.dispatch.choices import Colour
from zonetrack.dispatch.selectors import MapFilters
from zonetrack.projects.choices import Stage

# The big screen reloads itself every few minutes; the bounds keep a typo from hammering the
# server (0) or freezing the wall (a day).
REFRESH_DEFAULT = 5
REFRESH_MIN = 1
REFRESH_MAX = 60


class MapFilterForm(forms.Form):
    """Narrows the map, its list and the node schedule to a stage and a colour."""

    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices]
    )
    colour = forms.ChoiceField(
        label=_("Colour"), required=False, choices=[("", _("All colours")), *Colour.choices]
    )
    refresh = forms.IntegerField(
        label=_("Refresh every (minutes)"),
        required=False,
        min_value=REFRESH_MIN,
        max_value=REFRESH_MAX,
    )

    def filters(self) -> MapFilters:
        """The valid part of the filter (a field in error filters nothing)."""
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        return MapFilters(stage=data.get("stage") or "", colour=data.get("colour") or "")

    def refresh_minutes(self) -> int:
        """The big screen's reload interval in minutes (the default when not given or wrong)."""
        self.is_valid()
        if self.cleaned_data.get("refresh"):
            return int(self.cleaned_data["refresh"])
        return REFRESH_DEFAULT

    def query(self) -> str:
        """The valid filter as a query string, carried to the big screen and print views."""
        filters = self.filters()
        pairs = [(k, v) for k, v in (("stage", filters.stage), ("colour", filters.colour)) if v]
        return "&".join(f"{k}={v}" for k, v in pairs)
