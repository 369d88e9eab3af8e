"""Pages of the per-mu evaluation: the evaluations, one year's rule, results, summaries and
objections, its steps (score, publish, make final), the firms' import and the results' export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.errors import StaleVersion
from zonetrack.core.models import Job
from zonetrack.core.views import (
    FilteredListView,
    ObjectDetailView,
    ObjectMixin,
    ServiceFormView,
    SheetImportView,
)

from .. import jobs as land_jobs
from .. import permissions, selectors, services
from ..choices import EvaluationStatus, FirmClass
from ..forms import (
    INDICATOR_LABELS,
    DecisionForm,
    EvaluationForm,
    FirmImportForm,
    ObjectionForm,
    StepForm,
)
from ..models import Evaluation, FirmYear, Objection
from ..sheets import export_results


def _evaluation_url(evaluation: Evaluation | int) -> str:
    pk = evaluation if isinstance(evaluation, int) else evaluation.pk
    return reverse("land:evaluation_detail", kwargs={"evaluation_id": pk})


class _EvaluationMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_object(self) -> Evaluation:
        return selectors.evaluation_get(
            user=self.request.user, evaluation_id=self.kwargs["evaluation_id"]
        )


class EvaluationListView(FilteredListView):
    template_name = "land/evaluation_list.html"
    context_object_name = "evaluations"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.evaluation_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        return {"can_create": permissions.can_open_any_evaluation(self.request.user)}


class EvaluationDetailView(_EvaluationMixin, ObjectDetailView):
    template_name = "land/evaluation_detail.html"
    context_object_name = "evaluation"

    def get_extra_context(self, evaluation: Evaluation) -> dict[str, Any]:
        user = self.request.user
        klass = self.request.GET.get("class", "")
        klass = klass if klass in FirmClass.values else ""
        firms = selectors.evaluation_firms(evaluation, klass=klass)
        page = Paginator(firms, 100).get_page(self.request.GET.get("page"))
        can_manage = permissions.can_manage_evaluation(user, evaluation)
        rule = [
            (kind, INDICATOR_LABELS[name], weight, evaluation.benchmarks.get(kind, {}).get(name))
            for kind, weights in evaluation.weights.items()
            for name, weight in weights.items()
        ]
        return {
            "page_obj": page,
            "firms": page.object_list,
            "klass": klass,
            "rule": rule,
            "summary": selectors.evaluation_summary(evaluation),
            "trend": selectors.evaluation_trend(evaluation),
            "objections": selectors.evaluation_objections(evaluation),
            "history": history_for(evaluation),
            "can_manage": can_manage,
            "can_object": permissions.can_file_objection(user, evaluation)
            and evaluation.status == EvaluationStatus.PUBLISHED,
            "today": timezone.localdate(),
            "decision_form": DecisionForm() if can_manage else None,
        }


class EvaluationCreateView(ServiceFormView):
    form_class = EvaluationForm
    form_id, submit_id = "evaluation-form", "save-evaluation"

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Evaluation:
        organisation = form.cleaned_data["organisation"]
        if not permissions.can_manage_evaluations(self.request.user, organisation):
            raise ValidationError(
                {"organisation": _("You may not run evaluations of this organisation.")}
            )
        return services.evaluation_create(
            actor=access.request_user(self.request),
            organisation=organisation,
            year=form.cleaned_data["year"],
            **form.rule(),
        )

    def get_success_url(self, evaluation: Evaluation) -> str:
        return _evaluation_url(evaluation)

    def get_cancel_url(self, obj: None) -> str:
        return reverse("land:evaluation_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New per-mu evaluation"), "pretitle": _("Land")}


class EvaluationEditView(_EvaluationMixin, ServiceFormView):
    form_class = EvaluationForm
    context_object_name = "evaluation"
    form_id, submit_id = "evaluation-form", "save-evaluation"

    def has_permission(self, evaluation: Evaluation) -> bool:
        return permissions.can_manage_evaluation(self.request.user, evaluation)

    def get_form_kwargs(self, evaluation: Evaluation) -> dict[str, Any]:
        return {"user": self.request.user, "evaluation": evaluation}

    def perform(self, form: Any, evaluation: Evaluation) -> Evaluation:
        return services.evaluation_update(
            actor=access.request_user(self.request),
            evaluation=evaluation,
            changes=form.rule(),
            expected_version=form.cleaned_data["version"],
        )

    def get_success_url(self, evaluation: Evaluation) -> str:
        return _evaluation_url(evaluation)

    def get_cancel_url(self, evaluation: Evaluation) -> str:
        return _evaluation_url(evaluation)

    def get_extra_context(self, evaluation: Evaluation) -> dict[str, Any]:
        return {"title": _("Evaluation rule"), "heading": evaluation.title, "pretitle": _("Land")}


class EvaluationStepView(_EvaluationMixin, ObjectMixin, View):
    """POST: score the firms, publish for comment, or make the results final."""

    def has_permission(self, evaluation: Evaluation) -> bool:
        return permissions.can_manage_evaluation(self.request.user, evaluation)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        evaluation = self.load()
        form = StepForm(request.POST)
        if not form.is_valid():
            return HttpResponse(status=400)
        actor = access.request_user(request)
        step, on = form.cleaned_data["step"], form.cleaned_data["on"]
        try:
            if step == "score":
                services.evaluation_score(actor=actor, evaluation=evaluation)
                messages.success(request, _("The firms are scored and classed."))
            elif step == "publish":
                services.evaluation_publish(actor=actor, evaluation=evaluation, published_on=on)
                messages.success(request, _("Published for comment."))
            else:
                services.evaluation_finalise(actor=actor, evaluation=evaluation, on=on)
                messages.success(request, _("The results are final."))
        except StaleVersion as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(_evaluation_url(evaluation))


class EvaluationExportView(_EvaluationMixin, ObjectDetailView):
    """The results as an .xlsx, ranked within each firm kind."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        evaluation = self.load()
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"per-mu-{evaluation.year}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        firms = selectors.evaluation_firms(evaluation).iterator(chunk_size=2000)
        export_results(firms, response, title=evaluation.title)
        return response


class ObjectionCreateView(ServiceFormView):
    """Record a firm's objection (with its evidence) during the comment period."""

    form_class = ObjectionForm
    context_object_name = "firm"
    form_id, submit_id = "objection-form", "save-objection"
    wide_fields = ("text", "evidence")

    def get_object(self) -> FirmYear:
        return selectors.firm_get(user=self.request.user, firm_id=self.kwargs["firm_id"])

    def has_permission(self, firm: FirmYear) -> bool:
        return permissions.can_file_objection(self.request.user, firm.evaluation)

    def get_form(self, firm: FirmYear, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is None:
            return ObjectionForm(initial={"filed_on": timezone.localdate()})
        return ObjectionForm(data)

    def perform(self, form: Any, firm: FirmYear) -> Objection:
        return services.objection_file(
            actor=access.request_user(self.request), firm=firm, **form.cleaned_data
        )

    def get_success_url(self, objection: Objection) -> str:
        return _evaluation_url(objection.firm.evaluation_id) + "#objections"

    def get_cancel_url(self, firm: FirmYear) -> str:
        return _evaluation_url(firm.evaluation_id)

    def get_extra_context(self, firm: FirmYear) -> dict[str, Any]:
        return {"title": _("Objection"), "heading": firm.name, "pretitle": firm.evaluation.title}


class ObjectionDecideView(ServiceFormView):
    """Decide an objection, with the reason and, when upheld, the class after review."""

    form_class = DecisionForm
    context_object_name = "objection"
    form_id, submit_id = "decision-form", "save-decision"
    wide_fields = ("reason",)

    def get_object(self) -> Objection:
        return selectors.objection_get(
            user=self.request.user, objection_id=self.kwargs["objection_id"]
        )

    def has_permission(self, objection: Objection) -> bool:
        return permissions.can_manage_evaluation(self.request.user, objection.firm.evaluation)

    def perform(self, form: Any, objection: Objection) -> Objection:
        return services.objection_decide(
            actor=access.request_user(self.request), objection=objection, **form.cleaned_data
        )

    def get_success_url(self, objection: Objection) -> str:
        return _evaluation_url(objection.firm.evaluation_id) + "#objections"

    def get_cancel_url(self, objection: Objection) -> str:
        return _evaluation_url(objection.firm.evaluation_id)

    def get_extra_context(self, objection: Objection) -> dict[str, Any]:
        return {
            "title": _("Decision on the objection"),
            "heading": objection.firm.name,
            "pretitle": objection.text[:60],
        }


class FirmImportView(SheetImportView):
    """Upload a year's firm figures for a draft evaluation; a preview, then all rows or none."""

    template_name = "land/firm_import.html"
    form_class = FirmImportForm
    preview_kind, import_kind = land_jobs.FIRMS_PREVIEW, land_jobs.FIRMS_IMPORT
    url_name = "land:firm_import"

    def blank_form(self, request: HttpRequest) -> forms.Form:
        return FirmImportForm(
            user=request.user, initial={"evaluation": request.GET.get("evaluation")}
        )

    def stash_params(self, form: forms.Form) -> dict[str, Any]:
        return {"evaluation": form.cleaned_data["evaluation"].pk}

    def preview_title(self, name: str) -> str:
        return _("Firm figures check: %(name)s") % {"name": name}

    def import_title(self, name: str) -> str:
        return _("Firm figures import: %(name)s") % {"name": name}

    def imported_url(self, preview: Job) -> str:
        return _evaluation_url(int(preview.params["evaluation"]))
