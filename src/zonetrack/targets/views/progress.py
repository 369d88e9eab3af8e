"""Pages of an organisation's targets: progress against actual and time elapsed, setting
targets down the tree, entering a month's statistics, the projects behind a computed figure and
the indicator catalogue."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import run_service
from zonetrack.core.templatetags.money import wan
from zonetrack.core.views import ObjectMixin, htmx_redirect
from zonetrack.projects.validators import month_from_text

from .. import permissions, selectors, services
from ..choices import Source
from ..forms import (
    TargetGridForm,
    TargetQuartersForm,
    ValueEntryForm,
)
from ..services import TargetEntry


def year_asked(request: HttpRequest) -> int:
    """The year asked for (``?year=``), else this year."""
    raw = request.POST.get("year") or request.GET.get("year") or ""
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


def last_month() -> date:
    first = timezone.localdate().replace(day=1)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


class OrganisationMixin(ObjectMixin):
    """Loads the organisation of the URL through the gate (404 when not seen)."""

    def get_object(self) -> Any:
        return selectors.organisation_get(
            user=self.request.user, organisation_id=self.kwargs["organisation_id"]
        )


def _percent(value: Decimal) -> str:
    """A completion as a whole percent, rounded half up as ``floatformat:0`` writes it."""
    text = f"{value.quantize(Decimal(1), ROUND_HALF_UP):f}"
    return "0" if text == "-0" else text


def children_grid(progress: Any, year: int) -> list[tuple[Any, SafeString]]:
    """The rows of the children's grid, each organisation with its cells' markup: actual /
    target (the actual linked to the projects counted when computed), and the completion or
    the status in its colour.

    Written here, not in the template, because a city page has 1,200 of these cells and the
    template language costs some 40 µs a cell in lookups, filters and escaping: more than the
    rest of the page. Every text from data is escaped; numbers are formatted by ``wan``."""
    rows = []
    for line in progress.children:
        org_id = line.organisation.pk
        parts = []
        for cell in line.cells:
            actual = escape(wan(cell.actual, "number"))
            if cell.basis == "computed":
                href = reverse(
                    "targets:computed_detail",
                    kwargs={"organisation_id": org_id, "indicator_id": cell.indicator.pk},
                )
                actual = f'<a href="{escape(href)}?year={year}">{actual}</a>'
            percent = cell.completion_percent
            badge = f"{_percent(percent)}%" if percent is not None else escape(cell.status_label)
            parts.append(
                f'<td class="text-end zt-num" data-status="{escape(cell.status)}">\n      '
                f"{actual} / {escape(wan(cell.target, 'number'))}\n      "
                f'<div><span class="badge {escape(cell.css)}">{badge}</span></div></td>'
            )
        rows.append((line.organisation, mark_safe("".join(parts))))  # noqa: S308 (escaped above)
    return rows


class ProgressView(LoginRequiredMixin, View):
    """An organisation's targets of a year against actual and time elapsed (序时进度), with
    its children's below for drilling down. Without an organisation: the topmost one in view."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
        user = request.user
        organisation = (
            selectors.organisation_get(user=user, organisation_id=organisation_id)
            if organisation_id is not None
            else selectors.default_organisation(user=user)
        )
        year = year_asked(request)
        context: dict[str, Any] = {"organisation": organisation, "year": year}
        if organisation is not None:
            actor = access.request_user(request)
            parent = organisation.parent
            progress = selectors.progress_of(
                user=user, organisation=organisation, year=year, as_of=timezone.localdate()
            )
            context |= {
                "progress": progress,
                "children_grid": children_grid(progress, year),
                "parent": parent if parent and access.can_view(user, parent) else None,
                "can_decompose": permissions.can_decompose_targets(actor, organisation)
                or permissions.can_set_target(actor, organisation),
                "can_report": permissions.can_report_values(actor, organisation),
                # Splitting a target by quarter is setting it: only from the level above.
                "can_split": permissions.can_set_target(actor, organisation),
            }
        return render(request, "targets/progress.html", context)


class TargetDecomposeView(OrganisationMixin, View):
    """A year's targets of an organisation and its children as a grid: the cells one may set
    are inputs (an organisation's own target only from a level above it), the others read; for
    additive indicators the children's sum beside the parent's."""

    def has_permission(self, organisation: Any) -> bool:
        if self.request.method in ("GET", "HEAD"):
            return True
        actor = access.request_user(self.request)
        return permissions.can_decompose_targets(actor, organisation) or (
            permissions.can_set_target(actor, organisation)
        )

    def _page(self, organisation: Any, form: Any = None, *, status: int = 200) -> HttpResponse:
        user = self.request.user
        actor = access.request_user(self.request)
        year = year_asked(self.request)
        orgs, targets = selectors.target_grid(user=user, organisation=organisation, year=year)
        indicators = list(selectors.indicator_list(user=user))
        editable = [o for o in orgs if permissions.can_set_target(actor, o)]
        if form is None:
            initial = {
                services.target_cell(o.pk, i.pk): f"{t.value.normalize():f}"
                for o in editable
                for i in indicators
                if (t := targets.get((o.pk, i.pk))) is not None
            }
            form = TargetGridForm(organisations=editable, indicators=indicators, initial=initial)
        children = orgs[1:]
        rows = []
        for indicator in indicators:
            i = indicator.pk
            cells = []
            for o in orgs:
                name = services.target_cell(o.pk, indicator.pk)
                target = targets.get((o.pk, indicator.pk))
                cells.append(
                    {
                        "organisation": o,
                        "field": form[name] if name in form.fields else None,
                        "value": target.value if target else None,
                    }
                )
            child_sum = sum(
                (targets[(c.pk, i)].value for c in children if (c.pk, i) in targets),
                Decimal(0),
            )
            own = targets.get((organisation.pk, indicator.pk))
            rows.append(
                {
                    "indicator": indicator,
                    "own": cells[0],
                    "children": cells[1:],
                    "sum": child_sum if indicator.is_additive and children else None,
                    "gap": (gap := (child_sum - own.value))
                    if indicator.is_additive and children and own
                    else None,
                    "gap_size": abs(gap) if indicator.is_additive and children and own else None,
                }
            )
        context = {
            "organisation": organisation,
            "year": year,
            "children": children,
            "rows": rows,
            "form": form,
            "can_save": bool(editable),
            "history": selectors.target_history(targets=list(targets.values())),
        }
        return render(self.request, "targets/target_decompose.html", context, status=status)

    def get(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        return self._page(self.load())

    def post(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = self.load()
        actor = access.request_user(request)
        year = year_asked(request)
        orgs, _targets = selectors.target_grid(
            user=request.user, organisation=organisation, year=year
        )
        editable = [o for o in orgs if permissions.can_set_target(actor, o)]
        indicators = list(selectors.indicator_list(user=request.user))
        form = TargetGridForm(request.POST, organisations=editable, indicators=indicators)
        if not form.is_valid():
            return self._page(organisation, form, status=400)
        entries = [TargetEntry(o, i, v) for o, i, v in form.entries()]
        _result, status = run_service(
            form, lambda: services.targets_set(actor=actor, year=year, entries=entries)
        )
        if status != 200:
            return self._page(organisation, form, status=status)
        messages.success(request, _("Targets saved."))
        url = reverse("targets:target_decompose", kwargs={"organisation_id": organisation.pk})
        return htmx_redirect(request, f"{url}?year={year}")


class TargetQuartersView(ObjectMixin, View):
    """A target's split over the quarters of its year (季度分解): set by whoever sets the
    target; progress is then judged against the quarters elapsed."""

    def get_object(self) -> Any:
        return access.get_visible(
            selectors.target_queryset(), self.request.user, pk=self.kwargs["target_id"]
        )

    def has_permission(self, target: Any) -> bool:
        if self.request.method in ("GET", "HEAD"):
            return True
        return permissions.can_set_target(access.request_user(self.request), target.organisation)

    def _page(self, target: Any, form: Any, *, status: int = 200) -> HttpResponse:
        actor = access.request_user(self.request)
        return render(
            self.request,
            "targets/target_quarters.html",
            {
                "target": target,
                "form": form,
                "can_save": permissions.can_set_target(actor, target.organisation),
            },
            status=status,
        )

    def get(self, request: HttpRequest, target_id: int) -> HttpResponse:
        target = self.load()
        initial = {f"q{q.quarter}": f"{q.value.normalize():f}" for q in target.quarters.all()}
        return self._page(target, TargetQuartersForm(initial=initial))

    def post(self, request: HttpRequest, target_id: int) -> HttpResponse:
        target = self.load()
        form = TargetQuartersForm(request.POST)
        if not form.is_valid():
            return self._page(target, form, status=400)
        actor = access.request_user(request)
        _result, status = run_service(
            form,
            lambda: services.target_quarters_set(
                actor=actor, target=target, quarters=form.quarters()
            ),
        )
        if status != 200:
            return self._page(target, form, status=status)
        messages.success(request, _("Quarterly split saved."))
        url = reverse("targets:progress", kwargs={"organisation_id": target.organisation_id})
        return htmx_redirect(request, f"{url}?year={target.year}")


class ValueEntryView(OrganisationMixin, View):
    """One organisation's statistics of one month, entered while the level above keeps the
    month's window open. The month is read from the form before the step is checked."""

    def _period(self) -> date:
        try:
            return month_from_text(self.request.GET.get("period", ""))
        except Exception:
            return last_month()

    def _page(
        self, organisation: Any, form: Any, period: date, *, status: int = 200
    ) -> HttpResponse:
        actor = access.request_user(self.request)
        window = selectors.covering_window(organisation=organisation, period=period)
        context = {
            "organisation": organisation,
            "form": form,
            "period": period,
            "window": window,
            "refusal": services.window_refusal(organisation, period),
            "can_report": permissions.can_report_values(actor, organisation),
            "cells": [(form[name], i) for name, i in form.indicators.items()],
        }
        return render(self.request, "targets/value_entry.html", context, status=status)

    def _indicators(self) -> list[Any]:
        return list(selectors.indicator_list(source=Source.REPORTED))

    def get(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = self.load()
        period = self._period()
        current = selectors.month_values(organisation=organisation, period=period)
        initial: dict[str, Any] = {"period": f"{period:%Y-%m}"}
        initial |= {services.value_cell(i): f"{v.value.normalize():f}" for i, v in current.items()}
        form = ValueEntryForm(indicators=self._indicators(), initial=initial)
        return self._page(organisation, form, period)

    def post(self, request: HttpRequest, organisation_id: int) -> HttpResponse:
        organisation = self.load()
        form = ValueEntryForm(request.POST, indicators=self._indicators())
        if not form.is_valid():
            return self._page(organisation, form, self._period(), status=400)
        period = form.cleaned_data["period"]
        actor = access.request_user(request)
        _result, status = run_service(
            form,
            lambda: services.values_report(
                actor=actor, organisation=organisation, period=period, values=form.values()
            ),
        )
        if status != 200:
            return self._page(organisation, form, period, status=status)
        messages.success(request, _("Values saved."))
        url = reverse("targets:value_entry", kwargs={"organisation_id": organisation.pk})
        return htmx_redirect(request, f"{url}?period={period:%Y-%m}")


class ComputedDetailView(OrganisationMixin, View):
    """The records behind a computed figure: the verified stage changes it counted, the
    monthly reports, the year plans, or the records another app counts."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, organisation_id: int, indicator_id: int) -> HttpResponse:
        organisation = self.load()
        indicator = selectors.indicator_get(indicator_id=indicator_id)
        year = year_asked(request)
        asked = {
            "user": request.user,
            "organisation": organisation,
            "indicator": indicator,
            "year": year,
            "as_of": timezone.localdate(),
        }
        return render(
            request,
            "targets/computed_detail.html",
            {
                "organisation": organisation,
                "indicator": indicator,
                "year": year,
                "rows": selectors.computed_projects(**asked),
                "reports": selectors.computed_reports(**asked),
                "plans": selectors.computed_plans(**asked),
                "records": selectors.computed_records(**asked),
            },
        )


class IndicatorHistoryView(OrganisationMixin, View):
    """One indicator of an organisation across the last five years: a line chart of the
    months (ECharts) and each year's target, actual and colour."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, organisation_id: int, indicator_id: int) -> HttpResponse:
        organisation = self.load()
        indicator = selectors.indicator_get(indicator_id=indicator_id)
        rows = selectors.indicator_history(
            organisation=organisation, indicator=indicator, as_of=timezone.localdate()
        )
        chart = {
            "months": [_("Month %(n)d") % {"n": n} for n in range(1, 13)],
            "unit": indicator.unit,
            "series": [
                {
                    "name": str(row.year),
                    "data": [None if v is None else f"{v.normalize():f}" for v in row.figure.trend],
                }
                for row in rows
            ],
        }
        return render(
            request,
            "targets/indicator_history.html",
            {
                "organisation": organisation,
                "indicator": indicator,
                "rows": list(reversed(rows)),
                "chart": chart,
            },
        )


class IndicatorListView(LoginRequiredMixin, View):
    """The indicator catalogue (administrators edit it in the admin)."""

    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "targets/indicator_list.html",
            {"indicators": selectors.indicator_list(user=request.user)},
        )
