"""Pages where the panel enters its scores and where the events of bonus and deduction items
are recorded."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import run_service
from zonetrack.core.views import ObjectMixin

from .. import permissions, selectors, services
from ..choices import UNWEIGHTED_RULES, RuleKind
from ..forms import (
    EventForm,
)
from ..models import Item
from ..periods import latest_complete, parse


def panel_cell(item_id: int, organisation_id: int) -> str:
    """The name of one cell of the panel grid (and of its errors)."""
    return f"s_{item_id}_{organisation_id}"


class PanelScoreView(ObjectMixin, View):
    """The panel's grid (服务水平, 党建): a score per organisation and manual item for a period,
    each saved with the panel member who entered it. Everyone who sees the scheme reads it;
    its owner's officers and managers enter it."""

    def get_object(self) -> Any:
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def grid(
        self, scheme: Any, period: str, data: Any = None, errors: Any = None
    ) -> dict[str, Any]:
        items = [i for i in selectors.scheme_items(scheme) if i.rule == RuleKind.MANUAL]
        peers = selectors.peer_group(scheme)
        saved = selectors.panel_scores(scheme=scheme, period=period)
        rows = []
        for organisation in peers:
            cells = []
            for item in items:
                name = panel_cell(item.pk, organisation.pk)
                score = saved.get((item.pk, organisation.pk))
                if data is not None:
                    value = data.get(name, "")
                else:  # as typed: 20, not 20.0000
                    value = format(score.score.normalize(), "f") if score else ""
                cells.append(
                    {
                        "name": name,
                        "value": value,
                        "member": score.member if score else None,
                        "errors": (errors or {}).get(name, []),
                    }
                )
            rows.append({"organisation": organisation, "cells": cells})
        return {
            "scheme": scheme,
            "period": period,
            "items": items,
            "rows": rows,
            "can_score": permissions.can_score_panel(self.request.user, scheme),
        }

    def period_of(self, scheme: Any, raw: str) -> str:
        return parse(scheme.period_kind, raw).label

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        raw = (
            request.GET.get("period", "")
            or latest_complete(scheme.period_kind, timezone.localdate()).label
        )
        try:
            period = self.period_of(scheme, raw)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            period = latest_complete(scheme.period_kind, timezone.localdate()).label
        return render(request, "rankings/panel_scores.html", self.grid(scheme, period))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        try:
            period = self.period_of(scheme, request.POST.get("period", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(
                request,
                "rankings/panel_scores.html",
                self.grid(scheme, latest_complete(scheme.period_kind, timezone.localdate()).label),
                status=400,
            )
        access.require(permissions.can_score_panel(request.user, scheme))
        context = self.grid(scheme, period)
        errors: dict[str, list[str]] = {}
        entries = []
        for item in context["items"]:
            for row in context["rows"]:
                name = panel_cell(item.pk, row["organisation"].pk)
                raw = request.POST.get(name, "").strip()
                if not raw:
                    continue
                try:
                    entries.append((item, row["organisation"], Decimal(raw)))
                except InvalidOperation:
                    errors[name] = [_("Enter a number.")]
        if not errors:
            try:
                services.panel_scores_set(
                    actor=access.request_user(request), period=period, entries=entries
                )
            except ValidationError as exc:
                errors = exc.message_dict
        if errors:
            return render(
                request,
                "rankings/panel_scores.html",
                self.grid(scheme, period, request.POST, errors),
                status=400,
            )
        messages.success(request, _("Saved."))
        url = reverse("rankings:panel_scores", kwargs={"scheme_id": scheme.pk})
        return redirect(f"{url}?period={period}")


class EventListView(ObjectMixin, View):
    """The events a scheme's bonus, deduction and disqualifying items count (加分/扣分/一票否决),
    each with its date, evidence and reporting department; the owner's officers record them."""

    def get_object(self) -> Any:
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def form(self, scheme: Any, data: Any = None) -> EventForm:
        return EventForm(
            data,
            items=Item.objects.filter(category__scheme=scheme, rule__in=list(UNWEIGHTED_RULES)),
            organisations=selectors.peer_group(scheme),
        )

    def show(self, scheme: Any, form: EventForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "rankings/event_list.html",
            {
                "scheme": scheme,
                "form": form,
                "events": selectors.scheme_events(scheme),
                "can_record": permissions.can_score_panel(self.request.user, scheme),
            },
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        return self.show(scheme, self.form(scheme))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form = self.form(scheme, request.POST)
        if not form.is_valid():
            return self.show(scheme, form, status=400)
        access.require(permissions.can_score_panel(request.user, scheme))
        data = form.cleaned_data
        event, status = run_service(
            form,
            lambda: services.event_record(
                actor=access.request_user(request),
                item=data["item"],
                organisation=data["organisation"],
                happened_on=data["happened_on"],
                evidence=data["evidence"],
                department=data["department"],
                count=data["count"],
            ),
        )
        if event is None:
            return self.show(scheme, form, status=status)
        messages.success(request, _("Saved."))
        return redirect("rankings:event_list", scheme_id=scheme.pk)
