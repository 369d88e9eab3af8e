"""Pages of promotion's spreadsheets: the lead list's import (upload, preview, confirm) and its
blank template; the lead ledger and the incentive ledger as .xlsx downloads; a zone's chain
map imported the same way, its blank template, and the map as an .xlsx that imports back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.models import Job
from zonetrack.core.validators import query_id
from zonetrack.core.views import SheetImportView

from .. import jobs as promotion_jobs
from .. import selectors
from ..forms import LeadFilterForm
from ..models import ChainFirm, TargetFirm
from ..sheet_forms import ChainImportForm, LeadImportForm
from ..sheets import (
    export_agreements,
    export_chain_map,
    export_leads,
    write_chain_template,
    write_template,
)

# At most this many rows in one download (the leads of a province fit).
EXPORT_ROWS = 20_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(stem: str) -> HttpResponse:
    """An empty .xlsx download named ``stem`` and today's date, for a writer to fill."""
    response = HttpResponse(content_type=XLSX)
    name = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class LeadImportView(SheetImportView):
    """Upload a zone's lead list; a preview job reports row by row, cell by cell, what is
    wrong; confirming adds every lead, or none."""

    template_name = "promotion/lead_import.html"
    form_class = LeadImportForm
    preview_kind, import_kind = promotion_jobs.PREVIEW, promotion_jobs.IMPORT
    url_name = "promotion:lead_import"

    def blank_form(self, request: HttpRequest) -> forms.Form:
        zone = query_id(request.GET.get("zone"))
        return LeadImportForm(user=request.user, initial={"zone": zone})

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {"zone": form.cleaned_data["zone"].pk}

    def preview_title(self, name: str) -> str:
        return _("Lead list check: %(name)s") % {"name": name}

    def import_title(self, name: str) -> str:
        return _("Lead list import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return f"{reverse('promotion:lead_list')}?zone={preview.params['zone']}"


class LeadTemplateView(LoginRequiredMixin, View):
    """The blank lead list, with the columns an import reads."""

    def get(self, request: HttpRequest) -> HttpResponse:
        response = xlsx_response("lead-template")
        write_template(response)
        return response


class LeadExportView(LoginRequiredMixin, View):
    """The leads the user sees, filtered as the list is, as the lead ledger."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = LeadFilterForm(request.GET or None, user=request.user).filters()
        leads = selectors.lead_list(user=request.user, filters=filters).select_related(
            "trip", "project"
        )[:EXPORT_ROWS]
        response = xlsx_response("leads")
        export_leads(leads.iterator(chunk_size=2000), response)
        return response


class AgreementExportView(LoginRequiredMixin, View):
    """The incentive ledger of what the user sees (one zone with ``?zone=``): each agreement
    with what was promised, paid, due and at risk, and the ledger's totals."""

    def get(self, request: HttpRequest) -> HttpResponse:
        zone, today = query_id(request.GET.get("zone")), timezone.localdate()
        agreements = selectors.agreement_list(user=request.user, zone=zone)[:EXPORT_ROWS]
        ledger = selectors.incentive_ledger(user=request.user, zone=zone, today=today)
        response = xlsx_response("incentives")
        export_agreements(agreements, response, ledger=ledger, today=today)
        return response


class ChainImportView(SheetImportView):
    """Upload a zone's chain map (firms present and target firms by link); a preview job
    reports row by row, cell by cell, what is wrong; confirming adds every new firm, or none."""

    template_name = "promotion/chain_import.html"
    form_class = ChainImportForm
    preview_kind, import_kind = promotion_jobs.CHAIN_PREVIEW, promotion_jobs.CHAIN_IMPORT
    url_name = "promotion:chain_import"

    def blank_form(self, request: HttpRequest) -> forms.Form:
        zone = query_id(request.GET.get("zone"))
        return ChainImportForm(user=request.user, initial={"zone": zone})

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {"zone": form.cleaned_data["zone"].pk}

    def preview_title(self, name: str) -> str:
        return _("Chain map check: %(name)s") % {"name": name}

    def import_title(self, name: str) -> str:
        return _("Chain map import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return f"{reverse('promotion:chain_index')}?zone={preview.params['zone']}"


class ChainTemplateView(LoginRequiredMixin, View):
    """The blank chain map, with the columns an import reads and a line naming the chains."""

    def get(self, request: HttpRequest) -> HttpResponse:
        response = xlsx_response("chain-map-template")
        write_chain_template(response)
        return response


class ChainExportView(LoginRequiredMixin, View):
    """A zone's chain map (``?zone=``; else the first zone in view, as the chain index opens)
    of one chain (``?chain=``) or of every chain: each link with its state and counts, one row
    per firm present or targeted. A zone out of view, or an unknown chain, is 404."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        zone_given, chain_given = request.GET.get("zone"), request.GET.get("chain")
        zone_id, chain_id = query_id(zone_given), query_id(chain_given)
        if (zone_given and zone_id is None) or (chain_given and chain_id is None):
            raise Http404
        if not zone_given:
            zone_id = selectors.zones_in_view(user).values_list("pk", flat=True).first()
        every_chain = selectors.chains().values_list("pk", flat=True)
        chain_ids = [chain_id] if chain_id else list(every_chain)
        maps = [
            selectors.chain_map(user=user, chain_id=pk, zone_id=zone_id)
            for pk in chain_ids
            if zone_id is not None
        ]
        in_view = {"zone_id": zone_id, "node__chain_id__in": chain_ids}
        firms = access.visible(ChainFirm.objects.active().filter(**in_view), user)
        targets = access.visible(TargetFirm.objects.active().filter(**in_view), user)
        response = xlsx_response("chain-map")
        export_chain_map(
            maps,
            firms.select_related("enterprise"),
            targets.select_related("enterprise", "region"),
            response,
        )
        return response
