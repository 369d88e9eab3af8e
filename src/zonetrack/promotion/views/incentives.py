"""Pages of incentive agreements (政策兑现): the ledger and list, recording an agreement, an
agreement with its promises, conditions, payments and follow-ups, recording a payment,
checking a condition, closing a follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.core.validators import query_id
from zonetrack.core.views import FilteredListView, ObjectDetailView, ServiceFormView

from .. import permissions, selectors, services
from ..incentive_forms import AgreementForm, CheckForm, CloseForm, PaymentForm
from ..models import Agreement, ConditionCheck, IncentiveFollowUp, Payment


def _agreement_url(agreement_id: int) -> str:
    return reverse("promotion:agreement_detail", kwargs={"agreement_id": agreement_id})


class AgreementListView(FilteredListView):
    template_name = "promotion/agreement_list.html"
    context_object_name = "agreements"

    def get_filters(self) -> dict[str, Any]:
        return {"zone": query_id(self.request.GET.get("zone"))}

    def get_queryset(self, filters: dict[str, Any]) -> Any:
        return selectors.agreement_list(user=self.request.user, zone=filters["zone"])

    def get_extra_context(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {
            "ledger": selectors.incentive_ledger(
                user=self.request.user, zone=filters["zone"], today=timezone.localdate()
            ),
            "may_add": permissions.can_add_any_lead(self.request.user),
        }


class AgreementCreateView(ServiceFormView):
    form_class = AgreementForm
    form_id, submit_id = "agreement-form", "save-agreement"
    wide_fields = ("note", "title")

    def has_permission(self, obj: None) -> bool:
        return permissions.can_add_any_lead(self.request.user)

    def get_form_kwargs(self, obj: None) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any, obj: None) -> Agreement:
        project = form.cleaned_data["project"]
        if not permissions.can_manage_agreement(self.request.user, project):
            raise ValidationError(
                {"project": _("You may not record agreements of this project's zone.")}
            )
        return services.agreement_create(
            actor=access.request_user(self.request),
            project=project,
            title=form.cleaned_data["title"],
            signed_on=form.cleaned_data["signed_on"],
            note=form.cleaned_data["note"],
            promises=form.promises(),
            conditions=form.conditions(),
        )

    def get_success_url(self, agreement: Agreement) -> str:
        return _agreement_url(agreement.pk)

    def get_cancel_url(self, obj: None) -> str:
        return reverse("promotion:agreement_list")

    def get_extra_context(self, obj: None) -> dict[str, Any]:
        return {"title": _("New incentive agreement"), "pretitle": _("Promotion")}


class AgreementDetailView(ObjectDetailView):
    template_name = "promotion/agreement_detail.html"
    context_object_name = "agreement"

    def get_object(self) -> Agreement:
        return selectors.agreement_get(
            user=self.request.user, agreement_id=self.kwargs["agreement_id"]
        )

    def get_extra_context(self, agreement: Agreement) -> dict[str, Any]:
        may = permissions.can_manage_agreement(self.request.user, agreement.project)
        return {
            **selectors.agreement_detail(agreement),
            "may_change": may,
            "payment_form": PaymentForm(
                agreement=agreement, initial={"paid_on": timezone.localdate()}
            )
            if may
            else None,
            "check_form": CheckForm(agreement=agreement) if may else None,
        }


class _AgreementStep(ServiceFormView):
    context_object_name = "agreement"

    def get_object(self) -> Agreement:
        return selectors.agreement_get(
            user=self.request.user, agreement_id=self.kwargs["agreement_id"]
        )

    def has_permission(self, agreement: Agreement) -> bool:
        return permissions.can_manage_agreement(self.request.user, agreement.project)

    def get_form_kwargs(self, agreement: Agreement) -> dict[str, Any]:
        return {"agreement": agreement}

    def get_success_url(self, result: Any) -> str:
        return _agreement_url(self.kwargs["agreement_id"])

    def get_cancel_url(self, agreement: Agreement) -> str:
        return _agreement_url(agreement.pk)


class PaymentCreateView(_AgreementStep):
    """Record a payment on a promised item."""

    form_class = PaymentForm
    form_id, submit_id = "payment-form", "save-payment"

    def perform(self, form: Any, agreement: Agreement) -> Payment:
        return services.payment_record(actor=access.request_user(self.request), **form.cleaned_data)

    def get_extra_context(self, agreement: Agreement) -> dict[str, Any]:
        return {
            "title": _("Record a payment"),
            "heading": agreement.title,
            "pretitle": _("Incentives"),
        }


class ConditionCheckView(_AgreementStep):
    """Check a condition today."""

    form_class = CheckForm
    form_id, submit_id = "check-form", "run-check"

    def perform(self, form: Any, agreement: Agreement) -> ConditionCheck:
        return services.condition_check(
            actor=access.request_user(self.request),
            condition=form.cleaned_data["condition"],
            actual=form.cleaned_data["actual"],
            source=form.cleaned_data["source"],
        )

    def get_success_message(self, check: Any) -> str:
        return _("Checked: %(outcome)s.") % {"outcome": check.get_outcome_display()}

    def get_extra_context(self, agreement: Agreement) -> dict[str, Any]:
        return {
            "title": _("Check a condition"),
            "heading": agreement.title,
            "pretitle": _("Incentives"),
        }


class IncentiveFollowUpCloseView(ServiceFormView):
    """Close a follow-up saying what was done."""

    form_class = CloseForm
    context_object_name = "follow_up"
    form_id, submit_id = "follow-up-form", "close-follow-up"
    wide_fields = ("note",)

    def get_object(self) -> IncentiveFollowUp:
        return access.get_visible(
            IncentiveFollowUp.objects.select_related("agreement__project__zone__organisation"),
            self.request.user,
            pk=self.kwargs["incentive_follow_up_id"],
        )

    def has_permission(self, follow_up: IncentiveFollowUp) -> bool:
        return permissions.can_manage_agreement(self.request.user, follow_up.agreement.project)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> forms.BaseForm:
        if data is not None:
            return CloseForm(data)
        return CloseForm(initial={"closed_on": timezone.localdate()})

    def perform(self, form: Any, follow_up: IncentiveFollowUp) -> IncentiveFollowUp:
        return services.incentive_follow_up_close(
            actor=access.request_user(self.request), follow_up=follow_up, **form.cleaned_data
        )

    def get_success_url(self, follow_up: IncentiveFollowUp) -> str:
        return _agreement_url(follow_up.agreement_id)

    def get_cancel_url(self, follow_up: IncentiveFollowUp) -> str:
        return _agreement_url(follow_up.agreement_id)

    def get_extra_context(self, follow_up: IncentiveFollowUp) -> dict[str, Any]:
        return {"title": _("Close the follow-up"), "pretitle": _("Incentives")}
