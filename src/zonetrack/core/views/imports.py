"""The base of spreadsheet import pages: upload, a preview job row by row, confirm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .. import jobs, uploads
from ..models import Job, JobStatus


class SheetImportView(LoginRequiredMixin, View):
    """Base of a spreadsheet import page: the upload is stored and a preview job reports row
    by row what would happen; confirming queues the import of the plan that preview kept, all
    rows or none. A small file's jobs run within the request, so its result shows at once.

    A page names its form, its two job kinds and the page itself, and says what its jobs
    carry (``stash_params``, ``import_params``), how they are titled and where a finished
    import leads."""

    template_name: str
    form_class: type[forms.Form]
    preview_kind: str
    import_kind: str
    url_name: str

    def blank_form(self, request: HttpRequest) -> forms.Form:
        return self.form_class(user=request.user)  # type: ignore[call-arg]

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {}

    def preview_title(self, name: str) -> str:
        raise NotImplementedError

    def import_params(self, request: HttpRequest, preview: Job) -> dict[str, Any]:
        return {}

    def import_title(self, name: str) -> str:
        raise NotImplementedError

    def imported_url(self, preview: Job) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": self.blank_form(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        if "confirm" in request.POST:
            return self.confirm(request)
        form = self.form_class(request.POST, request.FILES, user=request.user)  # type: ignore[call-arg]
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if refusal := uploads.sheet_refusal(upload, upload.name):
                form.add_error("file", refusal)
            else:
                pending = uploads.stash(upload, upload.name, **self.stash_params(form))
                job = jobs.start(
                    kind=self.preview_kind,
                    owner=request.user,
                    title=self.preview_title(upload.name),
                    params=pending,
                    at_once=pending["size"] <= jobs.JOB_BYTES,
                )
                if not (job.status == JobStatus.FAILED and job.result.get("refused")):
                    return redirect("core:job_detail", job_id=job.pk)
                form.add_error("file", job.message)
        return render(request, self.template_name, {"form": form}, status=400)

    def confirm(self, request: HttpRequest) -> HttpResponse:
        preview = get_object_or_404(
            jobs.jobs_of(request.user), pk=request.POST.get("preview") or 0, kind=self.preview_kind
        )
        if not jobs.can_confirm(preview):
            messages.error(request, _("This import has expired; upload the file again."))
            return redirect(self.url_name)
        at_once = preview.params.get("size", 0) <= jobs.JOB_BYTES
        name = preview.params["name"]
        job = jobs.start(
            kind=self.import_kind,
            owner=request.user,
            title=self.import_title(name),
            params={"preview": preview.pk, "name": name, **self.import_params(request, preview)},
            at_once=at_once,
        )
        if not at_once or job.status != JobStatus.DONE or "imported" not in job.result:
            return redirect("core:job_detail", job_id=job.pk)
        messages.success(
            request,
            _("Imported: %(create)d new, %(update)d updated, %(unchanged)d unchanged.")
            % job.result["imported"],
        )
        return redirect(self.imported_url(preview))
