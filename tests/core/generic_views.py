"""Tiny pages over zones built on the base views, and their URLs (for tests/core/test_generic)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import path, reverse

from zonetrack.accounts import access
from zonetrack.core.forms import FilterBarForm, Form
from zonetrack.core.views import (
    ArchiveView,
    FilteredListView,
    ObjectDetailView,
    RestoreView,
    ServiceFormView,
)
from zonetrack.registry import selectors, services
from zonetrack.registry.models import Zone
from zonetrack.urls import urlpatterns as site_urls


class ZoneView(ObjectDetailView):
    queryset = Zone.objects.all()
    pk_url_kwarg = "zone_id"
    context_object_name = "zone"
    template_name = "generic_test/detail.html"

    def get_extra_context(self, obj: Any) -> dict[str, Any]:
        return {"extra": "more"}


class ZoneChangeView(ZoneView):
    """A detail page only those who may change the zone may open (403 for the others)."""

    def has_permission(self, obj: Any) -> bool:
        return access.can_change(self.request.user, obj)


class NameForm(Form):
    name = forms.CharField(required=False, label="Name")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ZoneRenameView(ServiceFormView):
    form_class = NameForm
    partial_template_name = "generic_test/form_partial.html"

    def get_object(self) -> Zone:
        return selectors.zone_get(user=self.request.user, zone_id=self.kwargs["zone_id"])

    def has_permission(self, obj: Zone) -> bool:
        return access.can_change(self.request.user, obj)

    def get_form_kwargs(self, obj: Zone) -> dict[str, Any]:
        return {"initial": {"name": obj.name, "version": obj.version}}

    def perform(self, form: Any, obj: Zone) -> Zone:
        return services.zone_update(
            actor=self.request.user,
            zone=obj,
            changes={"name": form.cleaned_data["name"]},
            expected_version=form.cleaned_data["version"],
        )

    def get_success_url(self, result: Zone) -> str:
        return f"/zones-by-base/{result.pk}/"

    def get_cancel_url(self, obj: Zone) -> str:
        return f"/zones-by-base/{obj.pk}/"

    def get_extra_context(self, obj: Zone) -> dict[str, Any]:
        return {"title": f"Rename {obj.name}", "form_id": "rename-form", "wide_fields": ["name"]}


class ZoneArchiveByBaseView(ArchiveView):
    queryset = Zone.objects.all()
    pk_url_kwarg = "zone_id"

    def has_permission(self, obj: Zone) -> bool:
        return access.can_change(self.request.user, obj)

    def perform(self, obj: Zone, *, restore: bool) -> Any:
        if restore:
            return services.zone_restore(actor=self.request.user, zone=obj)
        return services.zone_archive(
            actor=self.request.user,
            zone=obj,
            expected_version=int(self.request.POST.get("version") or obj.version),
        )

    def get_success_url(self, obj: Zone) -> str:
        return reverse("registry:zone_detail", kwargs={"zone_id": obj.pk})


class ZoneRestoreByBaseView(ZoneArchiveByBaseView, RestoreView):
    restore = True


class ZoneFilterForm(FilterBarForm):
    q = forms.CharField(required=False, label="Search")
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


class ZoneListByBaseView(FilteredListView):
    template_name = "generic_test/list.html"
    filter_form_class = ZoneFilterForm
    paginate_by = 1
    context_object_name = "zones"

    def get_queryset(self, filters: Any) -> Any:
        zones = access.visible(Zone.objects.order_by("name"), self.request.user)
        if filters.is_valid() and filters.cleaned_data["q"]:
            zones = zones.filter(name__contains=filters.cleaned_data["q"])
        return zones

    def decorate(self, rows: list[Any]) -> None:
        for row in rows:
            row.decorated = True


urlpatterns = [
    path("zones-by-base/", ZoneListByBaseView.as_view(), name="base_zone_list"),
    path("zones-by-base/<int:zone_id>/", ZoneView.as_view(), name="base_zone_detail"),
    path("zones-by-base/<int:zone_id>/change/", ZoneChangeView.as_view()),
    path("zones-by-base/<int:zone_id>/rename/", ZoneRenameView.as_view()),
    path("zones-by-base/<int:zone_id>/archive/", ZoneArchiveByBaseView.as_view()),
    path("zones-by-base/<int:zone_id>/restore/", ZoneRestoreByBaseView.as_view()),
    *site_urls,
]
