"""Verification (项目认定): a stage change's page and evidence, the supervising level's
decision and its queue of claims; a monthly report's photo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import run_service

from .. import permissions, selectors, services
from ..choices import Stage
from ..forms import (
    VerificationForm,
)
from ..models import ProgressReport
from .common import PAGE_SIZE, _attachment, _decorate, _decorate_transitions, _next_url, _transition
from .detail import _detail_page


class ReportPhotoView(LoginRequiredMixin, View):
    """A monthly report's site photo, served through the visibility rule like evidence."""

    def get(self, request: HttpRequest, project_id: int, report_id: int) -> HttpResponse:
        report = get_object_or_404(
            access.visible(ProgressReport.objects.all(), request.user),
            pk=report_id,
            project_id=project_id,
        )
        if not report.photo:
            raise Http404
        return _attachment(report.photo)


class TransitionDetailView(LoginRequiredMixin, View):
    """One stage change: its claim, evidence and verification; ``?file=1`` downloads the
    evidence (only through this page, so the visibility rule applies to files too)."""

    def get(self, request: HttpRequest, project_id: int, transition_id: int) -> HttpResponse:
        transition = _transition(request, project_id, transition_id)
        project = transition.project
        if request.GET.get("file"):
            if not transition.evidence:
                raise Http404
            return _attachment(transition.evidence)
        [transition] = _decorate_transitions([transition])
        [project] = _decorate([project])
        return render(
            request,
            "projects/transition_detail.html",
            {
                "project": project,
                "transition": transition,
                "can_verify": permissions.can_verify_stage(request.user, project),
            },
        )


class VerificationDecideView(LoginRequiredMixin, View):
    """The supervising level accepts or rejects a claimed stage (项目认定)."""

    def post(self, request: HttpRequest, project_id: int, transition_id: int) -> HttpResponse:
        transition = _transition(request, project_id, transition_id)
        project = transition.project
        if not permissions.can_verify_stage(request.user, project):
            raise PermissionDenied
        form = VerificationForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            decided, status = run_service(
                form,
                lambda: services.verification_decide(
                    actor=request.user,
                    transition=transition,
                    approve=data["approve"],
                    note=data["note"],
                ),
            )
            if decided is not None:
                done = (
                    _("Verified: %(project)s, %(stage)s.")
                    if data["approve"]
                    else _("Rejected: %(project)s, %(stage)s.")
                )
                stage = Stage(transition.to_stage).label
                messages.success(request, done % {"project": project.name, "stage": stage})
                return redirect(
                    _next_url(request, data["next"])
                    or reverse("projects:project_detail", kwargs={"project_id": project.pk})
                )
        return _detail_page(
            request,
            project,
            status=status,
            verification_form=form,
            verification_for=transition.pk,
        )


class VerificationQueueView(LoginRequiredMixin, View):
    """Claims of signing, start and production waiting for the user's verification."""

    def get(self, request: HttpRequest) -> HttpResponse:
        queue = selectors.verification_queue(user=request.user)
        page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
        claims = selectors.verification_claims(_decorate_transitions(page.object_list))
        return render(
            request, "projects/verification_queue.html", {"page_obj": page, "claims": claims}
        )
