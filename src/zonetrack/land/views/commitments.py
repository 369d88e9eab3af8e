"""Pages of the commitment ledger: the ledger, recording a parcel's promise, one commitment
with its checks (and running one), closing a follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zonetrack.accounts import access
from zonetrack.audit.selectors import history_for
from zonetrack.core.validators import query_id
from zonetrack.core.views import FilteredListView, ServiceFormView

from .. import permissions, selectors, services
from ..choices import CommitmentCheckKind, FollowUpStatus, PromiseOutcome
from ..forms import CommitmentCheckForm, CommitmentForm, FollowUpCloseForm
from ..models import Commitment, CommitmentCheck, FollowUp, Parcel
from ..sheets import export_commitments

# At most this many rows in one download (the ledger of a province fits).
EXPORT_ROWS = 20_000

ITEM_LABELS = {
    "start_by_on": gettext_lazy("start construction by"),
    "production_by_on": gettext_lazy("in production by"),
    "investment_intensity": gettext_lazy("Fixed-asset investment intensity"),
    "plot_ratio": gettext_lazy("Plot ratio"),
    "tax_per_mu": gettext_lazy("Tax per 亩"),
    "energy_per_va": gettext_lazy("Energy per unit of value added"),
}


def _item_labels() -> dict[str, str]:
    return {key: str(label) for key, label in ITEM_LABELS.items()}


def _commitment_url(commitment_id: int) -> str:
    return reverse("land:commitment_detail", kwargs={"commitment_id": commitment_id})


class CommitmentListView(FilteredListView):
    template_name = "land/commitment_list.html"
    context_object_name = "commitments"

    def get_filters(self) -> dict[str, Any]:
        params = self.request.GET
        return {"zone": query_id(params.get("zone")), "open_only": params.get("open") == "1"}

    def get_queryset(self, filters: Any) -> Any:
        return selectors.commitment_list(user=self.request.user, **filters)


class CommitmentExportView(LoginRequiredMixin, View):
    """The commitment ledger the user sees, as a spreadsheet."""

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = selectors.commitment_list(user=request.user)[:EXPORT_ROWS]
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"commitments-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        export_commitments(rows, response, title="标准地承诺台账")
        return response


class CommitmentCreateView(ServiceFormView):
    """Record the promise that came with a parcel of standard land."""

    form_class = CommitmentForm
    context_object_name = "parcel"
    form_id, submit_id = "commitment-form", "save-commitment"
    wide_fields = ("note",)

    def get_object(self) -> Parcel:
        return selectors.parcel_get(user=self.request.user, parcel_id=self.kwargs["parcel_id"])

    def has_permission(self, parcel: Parcel) -> bool:
        return permissions.can_change_parcel(self.request.user, parcel)

    def get_form_kwargs(self, parcel: Parcel) -> dict[str, Any]:
        return {"parcel": parcel}

    def perform(self, form: Any, parcel: Parcel) -> Commitment:
        data = dict(form.cleaned_data)
        return services.commitment_create(
            actor=access.request_user(self.request),
            parcel=parcel,
            project=data.pop("project"),
            granted_on=data.pop("granted_on"),
            **data,
        )

    def get_success_url(self, commitment: Commitment) -> str:
        return _commitment_url(commitment.pk)

    def get_cancel_url(self, parcel: Parcel) -> str:
        return reverse("land:parcel_detail", kwargs={"parcel_id": parcel.pk})

    def get_extra_context(self, parcel: Parcel) -> dict[str, Any]:
        return {"title": _("Record the commitment"), "heading": parcel.code, "pretitle": _("Land")}


class CommitmentDetailView(ServiceFormView):
    """One commitment: the promise, each check with its figures, its follow-ups; the zone's
    officers run a check here."""

    form_class = CommitmentCheckForm
    template_name = "land/commitment_detail.html"
    context_object_name = "commitment"
    form_id, submit_id = "commitment-check-form", "run-commitment-check"

    def get_object(self) -> Commitment:
        return selectors.commitment_get(
            user=self.request.user, commitment_id=self.kwargs["commitment_id"]
        )

    def post(self, request: HttpRequest, **kwargs: Any) -> Any:
        commitment = self.load()
        access.require(permissions.can_change_parcel(request.user, commitment.parcel))
        return super().post(request, **kwargs)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is not None:
            return CommitmentCheckForm(data)
        return CommitmentCheckForm(initial={"day": timezone.localdate()})

    def perform(self, form: Any, commitment: Commitment) -> CommitmentCheck:
        return services.commitment_check(
            actor=access.request_user(self.request),
            commitment=commitment,
            kind=form.cleaned_data["kind"],
            day=form.cleaned_data["day"],
        )

    def get_success_message(self, check: CommitmentCheck) -> str:
        return _("The promise was kept.") if check.is_met else _("A promise was not kept.")

    def get_success_url(self, check: CommitmentCheck) -> str:
        return _commitment_url(check.commitment_id)

    def get_extra_context(self, commitment: Commitment) -> dict[str, Any]:
        return {
            "checks": selectors.commitment_checks(commitment),
            "follow_ups": commitment.follow_ups.select_related("check_run").all(),
            "due": {
                kind.label: services.check_due_on(commitment, kind) for kind in CommitmentCheckKind
            },
            "can_check": permissions.can_change_parcel(self.request.user, commitment.parcel),
            "item_labels": _item_labels(),
            "outcome_labels": dict(PromiseOutcome.choices),
            "history": history_for(commitment),
            "open_status": FollowUpStatus.OPEN,
        }


class FollowUpCloseView(ServiceFormView):
    """Close a follow-up of a failed promise, saying what was done."""

    form_class = FollowUpCloseForm
    context_object_name = "follow_up"
    form_id, submit_id = "follow-up-form", "close-follow-up"
    wide_fields = ("note",)

    def get_object(self) -> FollowUp:
        return selectors.follow_up_get(
            user=self.request.user, follow_up_id=self.kwargs["follow_up_id"]
        )

    def has_permission(self, follow_up: FollowUp) -> bool:
        return permissions.can_change_parcel(self.request.user, follow_up.commitment.parcel)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is not None:
            return FollowUpCloseForm(data)
        return FollowUpCloseForm(initial={"closed_on": timezone.localdate()})

    def perform(self, form: Any, follow_up: FollowUp) -> FollowUp:
        return services.follow_up_close(
            actor=access.request_user(self.request), follow_up=follow_up, **form.cleaned_data
        )

    def get_success_url(self, follow_up: FollowUp) -> str:
        return _commitment_url(follow_up.commitment_id)

    def get_cancel_url(self, follow_up: FollowUp) -> str:
        return _commitment_url(follow_up.commitment_id)

    def get_extra_context(self, follow_up: FollowUp) -> dict[str, Any]:
        return {
            "title": _("Close the follow-up"),
            "heading": str(follow_up.commitment),
            "pretitle": _("Land"),
        }
