"""Forms of industry-chain maps: a firm present at a link, a target firm, a project placed
on a link."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.core.forms import Form
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.projects.validators import validate_credit_code
from zonetrack.registry.models import Zone

from .forms import style_widgets
from .models import Chain, ChainNode
from .selectors import regions
from .selectors.chains import tree


class LinkChoiceField(forms.ModelChoiceField):
    """A chain's links in reading order, a narrower link indented under its parent."""

    def label_from_instance(self, obj: Any) -> str:
        return "\u3000" * getattr(obj, "depth", 0) + obj.name


def link_choices(chain: Chain) -> list[ChainNode]:
    ordered = []
    for node, depth in tree(ChainNode.objects.filter(chain=chain)):
        node.depth = depth  # type: ignore[attr-defined]
        ordered.append(node)
    return ordered


class _ZoneLinkForm(Form):
    """A link of this chain on the zone's map (the zone is the page's)."""

    node = LinkChoiceField(label=_("chain link"), queryset=ChainNode.objects.none())

    def __init__(self, *args: Any, zone: Zone, chain: Chain, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        node_field = cast(LinkChoiceField, self.fields["node"])
        node_field.queryset = ChainNode.objects.filter(chain=chain)
        node_field.choices = [("", "---------")] + [
            (n.pk, node_field.label_from_instance(n)) for n in link_choices(chain)
        ]
        style_widgets(self)


class ChainFirmForm(_ZoneLinkForm):
    """A firm present at a link: by name (and credit code, when known), chain leader or not."""

    name = forms.CharField(label=_("firm"), max_length=200)
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=18,
        required=False,
        validators=[validate_credit_code],
    )
    is_leader = forms.BooleanField(label=_("chain leader (链主)"), required=False)
    products = forms.CharField(label=_("products"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_leader"].widget.attrs["class"] = "form-check-input"


class TargetFirmForm(_ZoneLinkForm):
    """A firm the zone wants on a link: by name, where it comes from and why."""

    name = forms.CharField(label=_("firm"), max_length=200)
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=18,
        required=False,
        validators=[validate_credit_code],
    )
    region = forms.ModelChoiceField(label=_("origin region"), queryset=regions(), required=False)
    reason = forms.CharField(label=_("why this firm"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions()
        style_widgets(self)


class PlacementForm(_ZoneLinkForm):
    """A project of the zone placed on a link (or moved to it)."""

    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = (
            Project.objects.active()
            .filter(zone=self.zone)
            .exclude(stage=Stage.TERMINATED)
            .order_by("name")
        )
        self.order_fields(["project", "node"])
        style_widgets(self)
