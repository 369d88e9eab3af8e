"""Pages of background jobs: a job's progress, result and file; the user's recent jobs."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from .. import jobs
from ..models import JobStatus


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
