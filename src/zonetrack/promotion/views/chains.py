"""Pages of industry-chain maps: the chains with their state counts for a zone, a zone's map
of one chain (an ECharts tree coloured by state, the links as a table, a link's panel), and
the steps that keep the map (a present firm, a target firm, a project placed on a link)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.views import ArchiveView, ServiceFormView, is_htmx
from zonetrack.projects import services as project_services

from .. import permissions, selectors, services
from ..chain_forms import ChainFirmForm, PlacementForm, TargetFirmForm
from ..models import Chain, ChainFirm, TargetFirm


def _number(request: HttpRequest, name: str) -> int | None:
    value = str(request.GET.get(name) or "")
    return int(value) if value.isdecimal() and len(value) <= 9 else None


def map_url(chain_id: int, zone_id: int, node_id: int | None = None) -> str:
    query = {"zone": zone_id, **({"node": node_id} if node_id else {})}
    return reverse("promotion:chain_map", kwargs={"chain_id": chain_id}) + "?" + urlencode(query)


class ChainIndexView(LoginRequiredMixin, View):
    """The chains, each with its links counted by state over the zones in view (or one)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        zones = list(selectors.zones_in_view(request.user).values_list("pk", "name"))
        zone = _number(request, "zone")
        if zone is not None and zone not in {pk for pk, _name in zones}:
            zone = None
        return render(
            request,
            "promotion/chain_index.html",
            {
                "summaries": selectors.chain_summaries(user=request.user, zone=zone),
                "zones": zones,
                "zone": zone,
                "first_zone": zone or (zones[0][0] if zones else None),
            },
        )


class ChainMapView(LoginRequiredMixin, View):
    """A zone's map of one chain; ``?node=`` opens a link's panel (alone, for htmx)."""

    def get(self, request: HttpRequest, chain_id: int) -> HttpResponse:
        zones = list(selectors.zones_in_view(request.user).values_list("pk", "name"))
        zone_id = _number(request, "zone") or (zones[0][0] if zones else None)
        if zone_id is None:
            selectors.chain_get(chain_id)
            return render(request, "promotion/chain_map.html", {"zones": zones, "map": None})
        found = selectors.chain_map(user=request.user, chain_id=chain_id, zone_id=zone_id)
        node_id = _number(request, "node")
        panel = (
            selectors.link_panel(
                user=request.user, chain_id=chain_id, zone_id=zone_id, node_id=node_id
            )
            if node_id
            else None
        )
        may_map = permissions.can_map_chain(request.user, found.zone)
        context = {
            "panel": panel,
            "may_map": may_map,
            "chain": found.chain,
            "zone": found.zone,
        }
        if panel is not None and is_htmx(request):
            return render(request, "promotion/_chain_panel.html", context)
        panel_url = map_url(chain_id, zone_id) + "&node={id}"
        return render(
            request,
            "promotion/chain_map.html",
            {
                **context,
                "map": found,
                "zones": zones,
                "chains": list(selectors.chains()),
                "graph": json.dumps(found.graph(panel_url=panel_url), ensure_ascii=False),
            },
        )


class _ChainStepView(ServiceFormView):
    """A step on a zone's chain map, opened from the map with ``?zone=`` and ``?node=``."""

    wide_fields = ("reason",)

    def get_object(self) -> Chain:
        return selectors.chain_get(self.kwargs["chain_id"])

    def has_permission(self, chain: Chain) -> bool:
        return any(
            permissions.can_map_chain(self.request.user, z)
            for z in selectors.zones_in_view(self.request.user).select_related("organisation")
        )

    def get_form_kwargs(self, chain: Chain) -> dict[str, Any]:
        initial = {
            key: value
            for key in ("zone", "node")
            if (value := _number(self.request, key)) is not None
        }
        return {"user": self.request.user, "chain": chain, "initial": initial}

    def _zone_id(self) -> int | None:
        posted = str(self.request.POST.get("zone", ""))
        if posted.isdecimal() and len(posted) <= 9:
            return int(posted)
        return _number(self.request, "zone")

    def get_success_url(self, result: Any) -> str:
        zone_id = result.project.zone_id if hasattr(result, "project") else result.zone_id
        return map_url(self.kwargs["chain_id"], zone_id, result.node_id)

    def get_cancel_url(self, chain: Chain) -> str:
        zone = self._zone_id()
        if zone is None:
            return reverse("promotion:chain_index")
        return map_url(chain.pk, zone, _number(self.request, "node"))


class ChainFirmCreateView(_ChainStepView):
    form_class = ChainFirmForm
    form_id, submit_id = "chain-firm-form", "save-chain-firm"

    def perform(self, form: Any, chain: Chain) -> ChainFirm:
        data = form.cleaned_data
        enterprise = (
            project_services.enterprise_for(name=data["name"], credit_code=data["credit_code"])
            if data["credit_code"]
            else None
        )
        return services.chain_firm_add(
            actor=access.request_user(self.request),
            zone=data["zone"],
            node=data["node"],
            name=data["name"],
            enterprise=enterprise,
            is_leader=data["is_leader"],
            products=data["products"],
        )

    def get_extra_context(self, chain: Chain) -> dict[str, Any]:
        return {"title": _("A firm present on the chain"), "pretitle": chain.name}


class TargetFirmCreateView(_ChainStepView):
    form_class = TargetFirmForm
    form_id, submit_id = "target-firm-form", "save-target-firm"

    def perform(self, form: Any, chain: Chain) -> TargetFirm:
        data = form.cleaned_data
        enterprise = (
            project_services.enterprise_for(name=data["name"], credit_code=data["credit_code"])
            if data["credit_code"]
            else None
        )
        return services.target_firm_add(
            actor=access.request_user(self.request),
            zone=data["zone"],
            node=data["node"],
            name=data["name"],
            enterprise=enterprise,
            region=data["region"],
            reason=data["reason"],
        )

    def get_extra_context(self, chain: Chain) -> dict[str, Any]:
        return {"title": _("A target firm for the chain"), "pretitle": chain.name}


class PlacementView(_ChainStepView):
    form_class = PlacementForm
    form_id, submit_id = "placement-form", "save-placement"

    def perform(self, form: Any, chain: Chain) -> Any:
        data = form.cleaned_data
        return services.project_place(
            actor=access.request_user(self.request), project=data["project"], node=data["node"]
        )

    def get_extra_context(self, chain: Chain) -> dict[str, Any]:
        return {"title": _("Place a project on a link"), "pretitle": chain.name}


class _ChainRecordArchiveView(ArchiveView):
    def has_permission(self, record: Any) -> bool:
        return permissions.can_map_chain(self.request.user, record.zone)

    def perform(self, record: Any, *, restore: bool) -> Any:
        actor = access.request_user(self.request)
        if restore:
            return services.chain_record_restore(actor=actor, record=record)
        return services.chain_record_archive(actor=actor, record=record)

    def get_success_url(self, record: Any) -> str:
        return map_url(record.node.chain_id, record.zone_id, record.node_id)


class ChainFirmArchiveView(_ChainRecordArchiveView):
    queryset = ChainFirm.objects.select_related("zone__organisation", "node")
    pk_url_kwarg = "chain_firm_id"
    archived_message = gettext_lazy("Taken off the map; it stays in the history.")


class TargetFirmArchiveView(_ChainRecordArchiveView):
    queryset = TargetFirm.objects.select_related("zone__organisation", "node")
    pk_url_kwarg = "target_firm_id"
    archived_message = gettext_lazy("Taken off the map; it stays in the history.")
