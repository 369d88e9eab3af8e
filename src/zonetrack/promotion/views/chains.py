"""Pages of industry-chain maps: the chains with their state counts for a zone, a zone's map
of one chain (an ECharts tree coloured by state, the links as a table, a link's panel), and
the steps that keep the map (a present firm, a target firm, a project placed on a link)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.views import ArchiveView, ServiceFormView, is_htmx
from zonetrack.projects import services as project_services
from zonetrack.registry.models import Zone

from .. import permissions, selectors, services
from ..chain_forms import ChainFirmForm, PlacementForm, TargetFirmForm
from ..models import Chain, ChainFirm, TargetFirm


def _number(request: HttpRequest, name: str) -> int | None:
    value = str(request.GET.get(name) or "")
    return int(value) if value.isdecimal() and len(value) <= 9 else None


def map_url(zone_id: int, chain_id: int, node_id: int | None = None) -> str:
    url = reverse("promotion:chain_map", kwargs={"zone_id": zone_id, "chain_id": chain_id})
    return url + (f"?{urlencode({'node': node_id})}" if node_id else "")


class ChainIndexView(LoginRequiredMixin, View):
    """The chains, each with its links counted by state over the zones in view (or one)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        zones = list(selectors.zones_in_view(request.user).values_list("pk", "name"))
        zone = _number(request, "zone")
        if zone is not None and zone not in {pk for pk, _name in zones}:
            zone = None
        chain = _number(request, "chain")
        if zone is not None and chain is not None:
            # The map's zone picker: that zone's map of the chain.
            return redirect(map_url(zone, selectors.chain_get(chain).pk))
        return render(
            request,
            "promotion/chain_index.html",
            {
                "summaries": selectors.chain_summaries(user=request.user, zone=zone),
                "zones": zones,
                "zone": zone,
                "first_zone": zone or (zones[0][0] if zones else None),
                "may_map": permissions.can_map_any_chain(request.user),
            },
        )


class ChainMapView(LoginRequiredMixin, View):
    """A zone's map of one chain; ``?node=`` opens a link's panel (alone, for htmx)."""

    def get(self, request: HttpRequest, zone_id: int, chain_id: int) -> HttpResponse:
        found = selectors.chain_map(user=request.user, chain_id=chain_id, zone_id=zone_id)
        node_id = _number(request, "node")
        panel = (
            selectors.link_panel(
                user=request.user, chain_id=chain_id, zone_id=zone_id, node_id=node_id
            )
            if node_id
            else None
        )
        context = {
            "panel": panel,
            "may_map": permissions.can_map_chain(request.user, found.zone),
            "chain": found.chain,
            "zone": found.zone,
        }
        if panel is not None and is_htmx(request):
            return render(request, "promotion/_chain_panel.html", context)
        panel_url = reverse(
            "promotion:chain_map", kwargs={"zone_id": zone_id, "chain_id": chain_id}
        )
        return render(
            request,
            "promotion/chain_map.html",
            {
                **context,
                "map": found,
                "zones": list(selectors.zones_in_view(request.user).values_list("pk", "name")),
                "chains": list(selectors.chains()),
                "graph": json.dumps(
                    found.graph(panel_url=panel_url + "?node={id}"), ensure_ascii=False
                ),
            },
        )


class _ChainStepView(ServiceFormView):
    """A step on a zone's chain map, opened from the map (``?node=`` names the link)."""

    wide_fields = ("reason",)

    def get_object(self) -> tuple[Zone, Chain]:
        zone = selectors.zone_get(user=self.request.user, zone_id=self.kwargs["zone_id"])
        return zone, selectors.chain_get(self.kwargs["chain_id"])

    def has_permission(self, found: tuple[Zone, Chain]) -> bool:
        return permissions.can_map_chain(self.request.user, found[0])

    def get_form_kwargs(self, found: tuple[Zone, Chain]) -> dict[str, Any]:
        zone, chain = found
        initial = {
            key: value
            for key in ("node", "project")
            if (value := _number(self.request, key)) is not None
        }
        return {"zone": zone, "chain": chain, "initial": initial}

    def get_success_url(self, result: Any) -> str:
        return map_url(self.kwargs["zone_id"], self.kwargs["chain_id"], result.node_id)

    def get_cancel_url(self, found: tuple[Zone, Chain]) -> str:
        return map_url(found[0].pk, found[1].pk, _number(self.request, "node"))

    def title(self) -> str:
        raise NotImplementedError

    def get_extra_context(self, found: tuple[Zone, Chain]) -> dict[str, Any]:
        return {"title": self.title(), "pretitle": f"{found[0].name} · {found[1].name}"}


class ChainFirmCreateView(_ChainStepView):
    form_class = ChainFirmForm
    form_id, submit_id = "chain-firm-form", "save-chain-firm"

    def title(self) -> str:
        return _("A firm present on the chain")

    def perform(self, form: Any, found: tuple[Zone, Chain]) -> ChainFirm:
        data = form.cleaned_data
        return services.chain_firm_add(
            actor=access.request_user(self.request),
            zone=found[0],
            node=data["node"],
            name=data["name"],
            enterprise=_enterprise(data),
            is_leader=data["is_leader"],
            products=data["products"],
        )


def _enterprise(data: dict[str, Any]) -> Any:
    """The firm on record when its credit code is given (a name alone stays a name)."""
    if not data.get("credit_code"):
        return None
    return project_services.enterprise_for(name=data["name"], credit_code=data["credit_code"])


class TargetFirmCreateView(_ChainStepView):
    form_class = TargetFirmForm
    form_id, submit_id = "target-firm-form", "save-target-firm"

    def title(self) -> str:
        return _("A target firm for the chain")

    def perform(self, form: Any, found: tuple[Zone, Chain]) -> TargetFirm:
        data = form.cleaned_data
        return services.target_firm_add(
            actor=access.request_user(self.request),
            zone=found[0],
            node=data["node"],
            name=data["name"],
            enterprise=_enterprise(data),
            region=data["region"],
            reason=data["reason"],
        )


class PlacementView(_ChainStepView):
    form_class = PlacementForm
    form_id, submit_id = "placement-form", "save-placement"

    def title(self) -> str:
        return _("Place a project on a link")

    def perform(self, form: Any, found: tuple[Zone, Chain]) -> Any:
        data = form.cleaned_data
        return services.project_place(
            actor=access.request_user(self.request), project=data["project"], node=data["node"]
        )


class _ChainRecordArchiveView(ArchiveView):
    def has_permission(self, record: Any) -> bool:
        return permissions.can_map_chain(self.request.user, record.zone)

    def perform(self, record: Any, *, restore: bool) -> Any:
        actor = access.request_user(self.request)
        if restore:
            return services.chain_record_restore(actor=actor, record=record)
        return services.chain_record_archive(actor=actor, record=record)

    def get_success_url(self, record: Any) -> str:
        return map_url(record.zone_id, record.node.chain_id, record.node_id)


class ChainFirmArchiveView(_ChainRecordArchiveView):
    queryset = ChainFirm.objects.select_related("zone__organisation", "node")
    pk_url_kwarg = "chain_firm_id"
    archived_message = gettext_lazy("Taken off the map; it stays in the history.")


class TargetFirmArchiveView(_ChainRecordArchiveView):
    queryset = TargetFirm.objects.select_related("zone__organisation", "node")
    pk_url_kwarg = "target_firm_id"
    archived_message = gettext_lazy("Taken off the map; it stays in the history.")
