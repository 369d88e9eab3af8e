"""Forms of promotion: the lead list's filter bar, a new lead, its status step, its next
action, an interaction and the conversion."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.core.forms import FilterBarForm, FilterChoiceField, Form, ModelForm, QuickSelect
from zonetrack.core.validators import date_problem as problem_of
from zonetrack.registry.models import Zone

from .choices import InteractionKind, LeadStatus
from .models import ChainNode, Enquiry, Event, Lead, Region, Trip
from .selectors import LeadFilters, channels, regions


def style_widgets(form: forms.BaseForm) -> None:
    """Give every widget the UI kit's classes."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


def _date() -> forms.DateInput:
    # ISO dates, the only form a date input reads: a date shown any other way is lost on save.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadFilterForm(FilterBarForm):
    """The lead list's filter bar."""

    widths = {"q": 3, "zone": 2, "status": 2, "channel": 2, "region": 2}

    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "placeholder": _("Name or investor")}
        ),
    )
    zone = FilterChoiceField(label=_("Zone"), widget=QuickSelect(attrs={"class": "form-select"}))
    status = FilterChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *LeadStatus.choices],
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    channel = FilterChoiceField(
        label=_("Source channel"), widget=QuickSelect(attrs={"class": "form-select"})
    )
    region = FilterChoiceField(
        label=_("Origin region"), widget=QuickSelect(attrs={"class": "form-select"})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = access.visible(Zone.objects.active(), user).order_by("name")
        cast(Any, self.fields["zone"]).choices = [
            ("", _("All")),
            *zones.values_list("pk", "name"),
        ]
        cast(Any, self.fields["channel"]).choices = [
            ("", _("All")),
            *channels().values_list("pk", "name"),
        ]
        cast(Any, self.fields["region"]).choices = [
            ("", _("All")),
            *regions().values_list("pk", "name"),
        ]

    def filters(self) -> LeadFilters:
        data = self.cleaned_data if self.is_valid() else {}

        def number(name: str) -> int | None:
            value = data.get(name) or ""
            return int(value) if str(value).isdigit() else None

        return LeadFilters(
            q=(data.get("q") or "").strip(),
            zone=number("zone"),
            status=data.get("status") or "",
            channel=number("channel"),
            region=number("region"),
        )


class ChainLinkField(forms.ModelChoiceField):
    """A link of any chain, named with its chain."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.chain.name} · {obj.name}"


class LeadForm(ModelForm):
    """A new lead: the zone, the investor by name and credit code (or a prospect), what it
    intends, where it comes from, and the first next action."""

    node = ChainLinkField(label=_("chain link"), queryset=ChainNode.objects.none(), required=False)

    investor_name = forms.CharField(label=_("Investor"), max_length=200, required=False)
    investor_credit_code = forms.CharField(
        label=_("unified social credit code"), max_length=18, required=False
    )

    class Meta:
        model = Lead
        fields = [
            "zone",
            "name",
            "prospect",
            "cluster",
            "node",
            "investment_wan",
            "channel",
            "region",
            "next_action",
            "next_action_on",
            "notes",
        ]
        widgets = {"next_action_on": _date(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = access.visible(
            Zone.objects.active(), user
        ).order_by("name")
        cast(forms.ModelChoiceField, self.fields["channel"]).queryset = channels()
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions()
        cast(forms.ModelChoiceField, self.fields["node"]).queryset = ChainNode.objects.filter(
            chain__is_active=True
        ).select_related("chain")
        self.order_fields(["zone", "name", "investor_name", "investor_credit_code", "prospect"])
        style_widgets(self)


class LeadStatusForm(Form):
    """A lead's status step: lost needs a reason, and may name the region that won it."""

    status = forms.ChoiceField(label=_("Status"), choices=LeadStatus.choices)
    changed_on = forms.DateField(label=_("Date"), required=False, widget=_date())
    lost_reason = forms.CharField(label=_("reason lost"), max_length=200, required=False)
    lost_to = forms.ModelChoiceField(
        label=_("region that won it"), queryset=Region.objects.none(), required=False
    )

    def __init__(self, *args: Any, lead: Lead, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .choices import NEXT_STATUSES

        allowed = NEXT_STATUSES.get(lead.status, ())
        cast(Any, self.fields["status"]).choices = [
            (value, label) for value, label in LeadStatus.choices if value in allowed
        ]
        cast(forms.ModelChoiceField, self.fields["lost_to"]).queryset = regions()
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == LeadStatus.LOST and not (data.get("lost_reason") or "").strip():
            self.add_error("lost_reason", _("Say why the lead was lost."))
        return data


class NextActionForm(Form):
    next_action = forms.CharField(label=_("next action"), max_length=200, required=False)
    next_action_on = forms.DateField(label=_("next action due"), required=False, widget=_date())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class InteractionForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=InteractionKind.choices)
    happened_on = forms.DateField(label=_("date"), widget=_date())
    people = forms.CharField(label=_("who"), max_length=200)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ConvertForm(Form):
    name = forms.CharField(
        label=_("Project name"),
        max_length=200,
        required=False,
        help_text=_("Empty: the lead's name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


def _moment() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MomentField(forms.Field):
    """A date and time (``datetime-local``). Not a ``DateTimeField``: core's field guard gives
    those its date-range check, which compares a datetime with a date; this field checks the
    range on the date itself."""

    widget = forms.DateTimeInput

    def to_python(self, value: Any) -> Any:
        moment = forms.DateTimeField().to_python(value)
        if moment is not None and problem_of(moment.date()):
            raise forms.ValidationError(problem_of(moment.date()) or "", code="invalid")
        return moment


class EnquiryForm(ModelForm):
    """A new enquiry: the zone, what it asks, who asks, and when it came."""

    class Meta:
        model = Enquiry
        fields = ["zone", "subject", "enquirer", "contact", "channel", "received_at", "notes"]
        field_classes = {"received_at": MomentField}
        widgets = {"received_at": _moment(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["zone"]).queryset = access.visible(
            Zone.objects.active(), user
        ).order_by("name")
        cast(forms.ModelChoiceField, self.fields["channel"]).queryset = channels()
        style_widgets(self)


class EnquiryStepForm(Form):
    """The moment of an enquiry's first response, or of its closing."""

    at = MomentField(label=_("When"), widget=_moment())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class EventForm(ModelForm):
    class Meta:
        model = Event
        fields = [
            "organisation",
            "title",
            "kind",
            "held_on",
            "place",
            "co_organisers",
            "attending",
            "notes",
        ]
        widgets = {
            "held_on": _date(),
            "attending": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = access.visible(
            Organisation.objects.active(), user
        )
        style_widgets(self)


class SigningForm(Form):
    """A project signed at the event, by its code."""

    project = forms.CharField(label=_("Project code"), max_length=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class TripForm(ModelForm):
    """An outbound trip: the organisation, who led it and who went, when and where."""

    class Meta:
        model = Trip
        fields = [
            "organisation",
            "leader",
            "members",
            "starts_on",
            "ends_on",
            "destinations",
            "purpose",
        ]
        widgets = {
            "starts_on": _date(),
            "ends_on": _date(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = access.visible(Organisation.objects.active(), user)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        # The leader is one of the people of an organisation the user sees.
        cast(forms.ModelChoiceField, self.fields["leader"]).queryset = (
            User.objects.filter(is_active=True, memberships__organisation__in=organisations)
            .distinct()
            .order_by("username")
        )
        style_widgets(self)


class TripVisitForm(Form):
    """A firm visited on the trip: the lead it is, when, who was met."""

    lead = forms.ModelChoiceField(label=_("lead"), queryset=Lead.objects.none())
    happened_on = forms.DateField(label=_("date"), widget=_date())
    people = forms.CharField(label=_("who"), max_length=200)
    notes = forms.CharField(
        label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, trip: Trip, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leads = access.within(access.visible(Lead.objects.active(), user), trip.organisation)
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = leads.order_by("name")
        if not self.is_bound:
            self.initial.setdefault("happened_on", trip.starts_on)
        style_widgets(self)
