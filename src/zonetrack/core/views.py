"""Pages of background jobs (a job's progress, result and file; the user's recent jobs), and
the health check and metrics endpoints."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from huey.contrib.djhuey import HUEY

from . import jobs, metrics, uploads
from .models import Job, JobStatus

logger = logging.getLogger(__name__)


class JobListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        recent = jobs.jobs_of(request.user)[:50]
        return render(request, "core/job_list.html", {"jobs": recent})


class JobDetailView(LoginRequiredMixin, View):
    """The job's page; htmx polls its progress fragment until the job has finished."""

    def get(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = get_object_or_404(jobs.jobs_of(request.user), pk=job_id)
        if job.status == JobStatus.RUNNING and jobs.detect_dead(job=job):
            job.refresh_from_db()
        if request.headers.get("HX-Request"):
            if job.is_finished:  # the whole page shows the result
                return HttpResponse(headers={"HX-Refresh": "true"})
            context = {"job": job, "progress": jobs.progress_of(job)}
            return render(request, "core/includes/job_progress.html", context)
        context = {
            "job": job,
            "progress": jobs.progress_of(job),
            "result_template": jobs.result_template(job),
            "result": job.result,
            "can_retry": jobs.can_retry(job),
            "can_confirm": jobs.can_confirm(job),
        }
        return render(request, "core/job_detail.html", context)


class JobRetryView(LoginRequiredMixin, View):
    """Queue a failed job of one's own again (its worker died, or it failed for a passing
    reason); what it already wrote is not written again."""

    def post(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = get_object_or_404(jobs.jobs_of(request.user), pk=job_id)
        if jobs.can_retry(job):
            jobs.retry(job)
        return redirect("core:job_detail", job_id=job.pk)


class JobFileView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, job_id: int) -> FileResponse:
        job = get_object_or_404(jobs.jobs_of(request.user), pk=job_id)
        if not job.file:
            raise Http404
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


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


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health check: the database does not answer")
        return False


def _queue_length() -> int | None:
    """Jobs waiting in the queue, or None when its storage cannot be reached."""
    try:
        return int(HUEY.pending_count())
    except Exception:
        logger.exception("health check: the job queue's storage cannot be reached")
        return None


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database and the job queue answer, 503
    otherwise. No sign-in, and nothing in it but "ok" or "error"."""
    database = _database_answers()
    jobs_ok = _queue_length() is not None
    body = {"database": "ok" if database else "error", "jobs": "ok" if jobs_ok else "error"}
    return JsonResponse(body, status=200 if database and jobs_ok else 503)


def _metrics_allowed(request: HttpRequest) -> bool:
    expected = settings.ZONETRACK_METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if expected and sent.startswith("Bearer "):
        return hmac.compare_digest(sent[len("Bearer ") :].strip().encode(), expected.encode())
    return bool(getattr(request.user, "is_superuser", False) and request.user.is_active)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    """This process's request counts and timings and the job queue, in the Prometheus text
    format; for superusers or the bearer token of ZONETRACK_METRICS_TOKEN."""
    if not _metrics_allowed(request):
        if request.user.is_authenticated:
            return HttpResponse(_("Only administrators can read the metrics."), status=403)
        response = HttpResponse(_("Sign in or send the metrics token."), status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    try:
        by_status = sorted(Job.objects.values_list("status").annotate(n=Count("pk")))
    except Exception:
        logger.exception("metrics: the jobs table cannot be read")
        by_status = []
    text = metrics.render(queue_length=_queue_length(), jobs_by_status=by_status)
    return HttpResponse(text, content_type="text/plain; version=0.0.4; charset=utf-8")
