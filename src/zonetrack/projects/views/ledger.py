"""The project ledger (台账) as a spreadsheet: export of the filtered list, and import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core import jobs
from zonetrack.core.models import Job
from zonetrack.core.views import SheetImportView
from zonetrack.registry import selectors as registry_selectors

from .. import jobs as ledger_jobs
from .. import selectors
from ..forms import (
    LedgerImportForm,
)
from ..ledger import (
    export_ledger,
    ledger_title,
)


class LedgerExportView(LoginRequiredMixin, View):
    """The project list as filtered, as the ledger spreadsheet; a long list becomes a job."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = selectors.ProjectFilters.from_params(request.GET)
        year = filters.year or timezone.localdate().year
        projects = selectors.project_list(user=request.user, filters=filters)
        count = selectors.list_count(
            selectors.stage_totals(user=request.user, filters=filters), filters
        )
        if count > jobs.JOB_ROWS:
            query = request.GET.copy()
            query.pop("page", None)
            job = jobs.start(
                kind=ledger_jobs.EXPORT,
                owner=request.user,
                title=_("Project ledger %(year)d, %(count)d projects")
                % {"year": year, "count": count},
                params={"query": query.urlencode(), "year": year},
            )
            return redirect("core:job_detail", job_id=job.pk)
        zone = (
            registry_selectors.zone_list(user=request.user).filter(pk=filters.zone).first()
            if filters.zone
            else None
        )
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = ledger_jobs.export_file_name(zone.name if zone else "")
        response["Content-Disposition"] = content_disposition_header(True, name)
        as_of = ledger_jobs.ledger_as_of(year)
        export_ledger(
            projects,
            response,
            year=year,
            as_of=as_of,
            title=ledger_title(zone.name if zone else "", year, as_of),
        )
        return response


class LedgerImportView(SheetImportView):
    """Upload a zone's ledger; a preview job reports row by row what would happen; confirming
    queues the import of that plan, all rows or none. A small file's jobs run within the
    request."""

    template_name = "projects/ledger_import.html"
    form_class = LedgerImportForm
    preview_kind, import_kind = ledger_jobs.PREVIEW, ledger_jobs.IMPORT
    url_name = "projects:ledger_import"

    def blank_form(self, request: HttpRequest) -> LedgerImportForm:
        return LedgerImportForm(user=request.user, initial={"zone": request.GET.get("zone")})

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        zone = form.cleaned_data["zone"]
        return {"zone": zone.pk, "zone_name": zone.name, "year": form.cleaned_data["year"]}

    def preview_title(self, name: str) -> str:
        return _("Ledger check: %(name)s") % {"name": name}

    def import_params(self, request: HttpRequest, preview: Job) -> dict[str, Any]:
        zone = access.get_visible(
            registry_selectors.zone_list(user=request.user), request.user, pk=preview.params["zone"]
        )
        # The rows changed in zonetrack since the export that the user ticks to overwrite.
        stale = {row["number"] for row in preview.result.get("stale", [])}
        overwrite = [
            int(n) for n in request.POST.getlist("overwrite") if n.isdigit() and int(n) in stale
        ]
        return {"zone_name": zone.name, "overwrite": overwrite}

    def import_title(self, name: str) -> str:
        return _("Ledger import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return f"{reverse('projects:project_list')}?zone={preview.params['zone']}"
