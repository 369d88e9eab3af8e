"""Verification (项目认定): a stage change's page and evidence, the supervising level's
decision and its queue of claims; a monthly report's photos."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.views import (
    FilteredListView,
    ObjectDetailView,
    ObjectMixin,
    ServiceFormView,
    safe_return_url,
)

from .. import permissions, selectors, services
from ..choices import Stage
from ..forms import VerificationForm
from ..models import ProgressReport, SitePhoto, StageTransition
from .common import PAGE_SIZE, TransitionMixin, _attachment, detail_url, inline_photo
from .detail import render_project_page


class ReportPhotoView(ObjectMixin, View):
    """A monthly report's site photo, served through the visibility rule like evidence."""

    def get_object(self) -> ProgressReport:
        return get_object_or_404(
            access.visible(ProgressReport.objects.all(), self.request.user),
            pk=self.kwargs["report_id"],
            project_id=self.kwargs["project_id"],
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        report = self.load()
        if not report.photo:
            raise Http404
        return _attachment(report.photo)


class SitePhotoView(ObjectMixin, View):
    """A site photo of a project (of its reports), served through the visibility rule."""

    def get_object(self) -> SitePhoto:
        return get_object_or_404(
            access.visible(SitePhoto.objects.all(), self.request.user),
            pk=self.kwargs["photo_id"],
            project_id=self.kwargs["project_id"],
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> FileResponse:
        return inline_photo(self.load().file)


class TransitionDetailView(TransitionMixin, ObjectDetailView):
    """One stage change: its claim, evidence and verification; ``?file=1`` downloads the
    evidence (only through this page, so the visibility rule applies to files too)."""

    template_name = "projects/transition_detail.html"

    # The evidence download streams (FileResponse), which core's ObjectDetailView.get does not
    # yet allow for in its return type (HttpResponse); widening it there drops this ignore.
    def get(  # type: ignore[override]
        self, request: HttpRequest, **kwargs: Any
    ) -> HttpResponseBase:
        if request.GET.get("file"):
            transition = self.load()
            if not transition.evidence:
                raise Http404
            return _attachment(transition.evidence)
        return super().get(request, **kwargs)

    def get_extra_context(self, obj: StageTransition) -> dict[str, Any]:
        return {
            "project": obj.project,
            "can_verify": permissions.can_verify_stage(self.request.user, obj.project),
            "history": selectors.transition_history(obj),
        }


class VerificationDecideView(TransitionMixin, ServiceFormView):
    """The supervising level accepts or rejects a claimed stage (项目认定)."""

    http_method_names: ClassVar[list[str]] = ["post"]  # type: ignore[misc]
    form_class = VerificationForm

    def has_permission(self, obj: StageTransition) -> bool:
        return permissions.can_verify_stage(self.request.user, obj.project)

    def perform(self, form: Any, obj: StageTransition) -> StageTransition:
        self.data, self.project = form.cleaned_data, obj.project
        return services.verification_decide(
            actor=access.request_user(self.request),
            transition=obj,
            approve=self.data["approve"],
            note=self.data["note"],
            without_evidence=self.data["without_evidence"],
        )

    def get_success_message(self, result: StageTransition) -> str:
        done = (
            _("Verified: %(project)s, %(stage)s.")
            if self.data["approve"]
            else _("Rejected: %(project)s, %(stage)s.")
        )
        stage = Stage(result.to_stage).label
        return done % {"project": self.project.name, "stage": stage}

    def get_success_url(self, result: StageTransition) -> str:
        return safe_return_url(self.request, self.data["next"]) or detail_url(self.project)

    def render_form(
        self, obj: StageTransition, form: forms.BaseForm, *, status: int = 200
    ) -> HttpResponse:
        if form.data.get("queue"):
            # Sent from the queue: its page again, the claim's row showing what is missing.
            queue = VerificationQueueView(failed_for=obj.pk, failed_form=form)
            queue.setup(self.request)
            page = urlsplit(form.data.get("next") or "").query
            queue.page_number = QueryDict(page).get("page")
            queue.return_to = safe_return_url(self.request, form.data.get("next")) or reverse(
                "projects:verification_queue"
            )
            response = queue.get(self.request)
            response.status_code = status
            return response
        return render_project_page(
            self.request,
            obj.project,
            status=status,
            verification_form=form,
            verification_for=obj.pk,
        )


class VerificationQueueView(FilteredListView):
    """Claims of signing, start and production waiting for the user's verification. Each row
    decides in place: a claim without evidence passes after a confirmation step, a rejection
    asks for its reason in the row; a refused decision shows the queue again with the error
    in its row (``failed_for``, ``failed_form``)."""

    template_name = "projects/verification_queue.html"
    context_object_name = "claims"
    paginate_by = PAGE_SIZE
    failed_for: int | None = None
    failed_form: forms.BaseForm | None = None
    page_number: str | None = None
    # Where the rows' forms come back to (the queue with its page, not a decision's address).
    return_to: str | None = None

    def get_queryset(self, filters: Any) -> Any:
        return selectors.verification_queue(user=self.request.user)

    def paginate(self, rows: Any) -> Page[Any]:
        number = self.page_number or self.request.GET.get("page")
        return Paginator(rows, self.paginate_by).get_page(number)

    def decorate(self, rows: list[Any]) -> None:
        selectors.verification_claims(rows)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        form = self.failed_form
        if form is not None and form.non_field_errors():
            # Decided meanwhile by someone else: the row has gone, the reason stays in view.
            messages.error(self.request, " ".join(str(e) for e in form.non_field_errors()))
        return {
            "failed_for": self.failed_for,
            "failed_form": form,
            "return_to": self.return_to or self.request.get_full_path(),
        }
