"""Spreadsheet exports of the targets app: a reporting window's values, and an organisation's
targets overview of a year."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views import View

from .. import sheets as target_sheets
from .progress import OrganisationMixin, year_asked
from .windows import WindowMixin


def _xlsx(name: str) -> HttpResponse:
    response = HttpResponse(content_type=target_sheets.XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class WindowExportView(WindowMixin, View):
    """A window's values in the statistics office's layout (it imports back as it is): the
    organisations the user sees as rows, the window's indicators as columns."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, window_id: int) -> HttpResponse:
        window = self.load()
        response = _xlsx(target_sheets.window_file_name(window))
        target_sheets.write_window(response, user=request.user, window=window)
        return response


class OverviewExportView(OrganisationMixin, View):
    """An organisation's targets of a year (``?year=``) against actual and time elapsed, with
    its children's, as the progress page shows them."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = self.load()
        year = year_asked(request)
        response = _xlsx(target_sheets.overview_file_name(organisation, year))
        target_sheets.write_overview(
            response, user=request.user, organisation=organisation, year=year
        )
        return response


__all__ = ["OverviewExportView", "WindowExportView"]
