"""Forms of a firm's page: its profile and flags, and a new contact."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q

from zonetrack.core.forms import ModelForm
from zonetrack.projects.models import Enterprise, EnterpriseContact
from zonetrack.registry.models import Cluster

from .forms import style_widgets
from .services.firms import PROFILE_FIELDS


class FirmForm(ModelForm):
    """A firm's profile and the lists it is on. The credit code is checked (its check
    character too) and must be the firm's alone; a retired cluster stays offered to the firm
    that has it."""

    class Meta:
        model = Enterprise
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cluster = cast(forms.ModelChoiceField, self.fields["cluster"])
        current = self.instance.cluster_id if self.instance else None
        cluster.queryset = Cluster.objects.filter(Q(is_active=True) | Q(pk=current))
        style_widgets(self)
        for name in ("is_listed", "is_fortune500", "is_china500", "is_chain_leader_candidate"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class ContactForm(ModelForm):
    """A person to speak to at the firm."""

    class Meta:
        model = EnterpriseContact
        fields = ["name", "role", "phone", "email"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
