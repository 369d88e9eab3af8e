"""Pages of the monthly pack: an organisation's versions and the form to generate one, a
version's files, and the province's layout.

Each page is for an organisation whose cockpit the user may open (``cockpit_organisations``);
any other organisation is not found (404). Generating runs as a background job whose page
(core's job page) shows the progress bar and then the files.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.core.errors import StaleVersion

from ..cockpit import cockpit_organisations, default_period
from . import services
from .forms import LayoutEditor, PackStartForm, row_choices
from .layout import PLACEHOLDERS, default_layout, where_label


def _organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    """An organisation whose cockpit the user may open, else 404."""
    found = cockpit_organisations(user=request.user).filter(pk=organisation_id).first()
    if found is None:
        raise Http404
    return found


class PackListView(LoginRequiredMixin, View):
    """An organisation's packs, newest first, and the form to generate one for a month."""

    template_name = "dashboards/pack/pack_list.html"

    def get(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = _organisation(request, organisation_id)
        form = PackStartForm(initial={"period": f"{default_period():%Y-%m}"})
        return self._render(request, organisation, form)

    def post(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = _organisation(request, organisation_id)
        form = PackStartForm(request.POST)
        if form.is_valid():
            try:
                job = services.pack_start(
                    actor=access.request_user(request),
                    organisation=organisation,
                    period=form.cleaned_data["period"],
                )
            except ValidationError as exc:
                form.add_error("period", exc.message_dict.get("period", exc.messages))
            else:
                return redirect("core:job_detail", job_id=job.pk)
        return self._render(request, organisation, form, status=400)

    def _render(
        self, request: HttpRequest, organisation: Organisation, form: Any, status: int = 200
    ) -> HttpResponse:
        versions = list(services.pack_versions(user=request.user, organisation=organisation)[:60])
        province = services.province_of(organisation)
        return render(
            request,
            self.template_name,
            {
                "organisation": organisation,
                "form": form,
                "versions": versions,
                "province": province,
                "can_edit_layout": province is not None
                and services.can_edit_layout(request.user, province),
            },
            status=status,
        )


class PackDownloadView(LoginRequiredMixin, View):
    """One file (``xlsx`` or ``docx``) of a finished pack of the organisation."""

    def get(
        self, request: HttpRequest, organisation_id: int, job_id: int, kind: str
    ) -> FileResponse:
        organisation = _organisation(request, organisation_id)
        if kind not in services.KINDS:
            raise Http404
        job = (
            services.pack_versions(user=request.user, organisation=organisation)
            .filter(pk=job_id, status="done")
            .first()
        )
        stored = services.pack_files(job).get(kind) if job is not None else None
        if job is None or not stored or not default_storage.exists(stored):
            raise Http404
        return FileResponse(
            default_storage.open(stored, "rb"),
            as_attachment=True,
            filename=services.download_name(job, kind),
        )


class PackLayoutView(LoginRequiredMixin, View):
    """The layout an organisation's pack is written by. A province's managers change it here;
    for anyone else, and for the organisations below a province, it is shown as it stands."""

    template_name = "dashboards/pack/pack_layout.html"

    def get(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = _organisation(request, organisation_id)
        editor = LayoutEditor.from_layout(services.layout_for(organisation))
        return self._render(request, organisation, editor)

    def post(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = _organisation(request, organisation_id)
        actor = access.request_user(request)
        access.require(services.can_edit_layout(actor, organisation))
        record = services.layout_record(organisation)
        version = request.POST.get("version", "")
        expected = int(version) if version.isdecimal() else None
        if request.POST.get("action") == "default":
            editor, layout = LayoutEditor.from_layout(default_layout()), default_layout()
        else:
            editor, layout = LayoutEditor.from_post(request.POST)
        try:
            services.pack_layout_save(
                actor=actor,
                organisation=organisation,
                layout=layout,
                expected_version=expected if record is not None else None,
            )
        except ValidationError as exc:
            editor.attach(exc.message_dict, where_label)
        except StaleVersion as exc:
            editor.errors.append((_("The layout"), exc.message))
        else:
            messages.success(request, _("The layout is saved; the next pack is written by it."))
            return redirect("dashboards:pack_layout", organisation_id=organisation.pk)
        editor.add_blanks()
        return self._render(request, organisation, editor, status=400)

    def _render(
        self,
        request: HttpRequest,
        organisation: Organisation,
        editor: LayoutEditor,
        status: int = 200,
    ) -> HttpResponse:
        province = services.province_of(organisation)
        record = services.layout_record(organisation)
        return render(
            request,
            self.template_name,
            {
                "organisation": organisation,
                "editor": editor,
                "record": record,
                "province": province,
                "province_in_view": province is not None
                and services.may_open(request.user, province),
                "can_edit": services.can_edit_layout(request.user, organisation),
                "row_choices": row_choices(),
                "placeholders": [f"{{{name}}}" for name in PLACEHOLDERS],
            },
            status=status,
        )
