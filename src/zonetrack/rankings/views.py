"""Pages of rankings: schemes (list, editor, detail with compute and preview), the ranking page
(龙虎榜), an item explanation, "why did my rank change", two organisations side by side, the
printable view and the .xlsx export."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core import jobs
from zonetrack.core.forms import add_errors, run_service
from zonetrack.core.views import FilteredListView, ObjectMixin

from . import jobs as ranking_jobs
from . import permissions, selectors, services
from .choices import UNWEIGHTED_RULES, RankingStatus, RuleKind
from .forms import (
    EventForm,
    ItemFormSet,
    PeriodForm,
    PublishForm,
    SchemeForm,
    TemplateForm,
    draft_from,
)
from .models import Item
from .periods import latest_complete, parse
from .sheets import ranking_workbook

TOP_N = 3
# What each rule's parameters look like, for the editor's help.
PARAMETER_EXAMPLES = [
    (RuleKind.LINEAR.label, '{"bounds": "fixed", "low": 0, "high": 100}'),
    (RuleKind.RANK_POINTS.label, '{"first": 10, "step": 1}'),
    (RuleKind.TARGET_RATIO.label, '{"cap": 1.2}'),
    (RuleKind.BANDS.label, '{"bands": [[100, 1], [80, 0.6]]}'),
    (RuleKind.GROWTH_VS_AVERAGE.label, '{"span": 10}'),
    (RuleKind.MANUAL.label, '{"max": 100}'),
    (RuleKind.DEDUCTION.label, '{"per_event": 0.3, "cap": 3}'),
]


class SchemeListView(FilteredListView):
    """The schemes in view, with their latest rankings; a manager loads a template here."""

    template_name = "rankings/scheme_list.html"
    context_object_name = "schemes"

    def get_queryset(self, filters: Any) -> Any:
        return selectors.scheme_list(user=self.request.user)

    def get_extra_context(self, filters: Any) -> dict[str, Any]:
        template_form = TemplateForm(user=self.request.user)
        owners: Any = getattr(template_form.fields["owner"], "queryset", None)
        can_create = owners is not None and owners.exists()
        return {
            "template_form": template_form if can_create else None,
            "can_create": can_create,
            "rankings": selectors.ranking_list(user=self.request.user)[:20],
        }


class SchemeTemplateView(LoginRequiredMixin, View):
    """POST: load a built-in template as a new scheme of an organisation the user manages."""

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TemplateForm(request.POST, user=request.user)
        if form.is_valid():
            scheme, _code = run_service(
                form,
                lambda: services.template_load(
                    actor=access.request_user(request),
                    key=form.cleaned_data["template"],
                    owner=form.cleaned_data["owner"],
                ),
            )
            if scheme is not None:
                messages.success(request, _("Template loaded: edit it before computing."))
                return redirect("rankings:scheme_detail", scheme_id=scheme.pk)
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect("rankings:scheme_list")


class SchemeEditView(ObjectMixin, View):
    """The scheme editor: settings, the item grid with a live weight sum. Saving a frozen
    scheme makes its next edition."""

    pk_url_kwarg = "scheme_id"

    def get_object(self) -> Any:
        if "scheme_id" not in self.kwargs:
            return None
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def has_permission(self, obj: Any) -> bool:
        return obj is None or permissions.can_change_scheme(self.request.user, obj)

    def forms(self, scheme: Any, data: Any = None) -> tuple[SchemeForm, Any]:
        if data is not None:
            return SchemeForm(data, user=self.request.user), ItemFormSet(data, prefix="items")
        if scheme is None:
            return SchemeForm(
                user=self.request.user, initial={"peer_kind": "zone_committee"}
            ), ItemFormSet(prefix="items")
        draft = services.draft_of(scheme)
        initial = {
            "name": draft.name,
            "owner": draft.owner.pk,
            "period_kind": draft.period_kind,
            "peer_rule": draft.peer_rule,
            "peer_kind": draft.peer_kind,
            "peer_zone_level": draft.peer_zone_level,
            "peers": [p.pk for p in draft.peers],
            "missing_rule": draft.missing_rule,
            "tie_rule": draft.tie_rule,
            "description": draft.description,
        }
        import json

        rows = [
            {
                "id": None if scheme.is_frozen else item.id,
                "category": category.name,
                "name": item.name,
                "indicator": item.indicator.pk if item.indicator else None,
                "rule": item.rule,
                "params": json.dumps(item.params, ensure_ascii=False) if item.params else "",
                "weight": item.weight,
                "weights_by_kind": json.dumps(item.weights_by_kind) if item.weights_by_kind else "",
            }
            for category in draft.categories
            for item in category.items
        ]
        return SchemeForm(user=self.request.user, initial=initial), ItemFormSet(
            prefix="items", initial=rows
        )

    def show(self, scheme: Any, form: SchemeForm, rows: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "rankings/scheme_form.html",
            {"scheme": scheme, "form": form, "rows": rows, "examples": PARAMETER_EXAMPLES},
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form, rows = self.forms(scheme)
        return self.show(scheme, form, rows)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form, rows = self.forms(scheme, request.POST)
        if form.is_valid() and rows.is_valid():
            draft = draft_from(form, rows, template=scheme.template if scheme else "")
            saved, status = run_service(
                form,
                lambda: services.scheme_save(
                    actor=access.request_user(request), draft=draft, scheme=scheme
                ),
            )
            if saved is not None:
                if scheme is not None and saved.pk != scheme.pk:
                    messages.success(
                        request,
                        _("The scheme was frozen: saved as edition %(n)s.") % {"n": saved.edition},
                    )
                else:
                    messages.success(request, _("Saved."))
                return redirect("rankings:scheme_detail", scheme_id=saved.pk)
            return self.show(scheme, form, rows, status=status)
        return self.show(scheme, form, rows, status=400)


class SchemeDetailView(ObjectMixin, View):
    """A scheme: its items and weights, its rankings, computing one, a preview on today's data."""

    def get_object(self) -> Any:
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def context(self, scheme: Any, form: PeriodForm, preview: Any = None) -> dict[str, Any]:
        return {
            "scheme": scheme,
            "categories": selectors.scheme_categories(scheme),
            "rankings": selectors.ranking_list(user=self.request.user, scheme=scheme),
            "can_change": permissions.can_change_scheme(self.request.user, scheme),
            "latest": selectors.latest_edition(scheme),
            "peers": selectors.peer_group(scheme),
            "form": form,
            "preview": preview,
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        period = latest_complete(scheme.period_kind, timezone.localdate()).label
        form = PeriodForm(initial={"period": period})
        preview = None
        if "preview" in request.GET and permissions.can_change_scheme(request.user, scheme):
            form = PeriodForm({"period": request.GET.get("preview", "")})
            if form.is_valid():
                found, _status = run_service(
                    form,
                    lambda: services.preview(
                        actor=access.request_user(request),
                        scheme=scheme,
                        period=form.cleaned_data["period"],
                    ),
                )
                if found is not None:
                    preview = selectors.Table.from_parts(found["inputs"], found["result"])
        return render(request, "rankings/scheme_detail.html", self.context(scheme, form, preview))


class RankingComputeView(ObjectMixin, View):
    """POST: compute a draft ranking (a large group in the background, with progress)."""

    def get_object(self) -> Any:
        return selectors.scheme_get(user=self.request.user, scheme_id=self.kwargs["scheme_id"])

    def has_permission(self, obj: Any) -> bool:
        return permissions.can_change_scheme(self.request.user, obj)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        scheme = self.load()
        form = PeriodForm(request.POST)
        if form.is_valid():
            period = form.cleaned_data["period"]
            if len(selectors.peer_group(scheme)) > ranking_jobs.JOB_ORGANISATIONS:
                job = jobs.start(
                    kind=ranking_jobs.COMPUTE,
                    owner=request.user,
                    title=_("Ranking %(scheme)s %(period)s")
                    % {"scheme": scheme.name, "period": period},
                    params={"scheme": scheme.pk, "period": period},
                )
                return redirect("core:job_detail", job_id=job.pk)
            ranking, status = run_service(
                form,
                lambda: services.ranking_compute(
                    actor=access.request_user(request), scheme=scheme, period=period
                ),
            )
            if ranking is not None:
                messages.success(request, _("Computed as a draft: check it, then publish."))
                return redirect("rankings:ranking_detail", ranking_id=ranking.pk)
        else:
            status = 400
        context = SchemeDetailView(request=request, kwargs=kwargs).context(scheme, form)
        return render(request, "rankings/scheme_detail.html", context, status=status)


class RankingMixin(ObjectMixin):
    """Loads the ranking through the gate's rule and the ranked organisations' rule."""

    def get_object(self) -> Any:
        return selectors.ranking_get(user=self.request.user, ranking_id=self.kwargs["ranking_id"])


class RankingDetailView(RankingMixin, View):
    """The 龙虎榜: a bar chart, the table with rank arrows and category subtotals, red and
    black lists (top and bottom N), each score opening its explanation."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        table = selectors.Table(ranking, items=False)
        lines = table.lines
        previous = selectors.previous_ranking(ranking)
        everything = permissions.sees_all_inputs(request.user, ranking)
        # One reverse per page, not two per line.
        item_url = reverse(
            "rankings:ranking_item", kwargs={"ranking_id": ranking.pk, "organisation_id": 0}
        )
        for line in lines:
            if everything or access.can_view(request.user, _org(ranking, line.organisation_id)):
                line.item_url = item_url.replace("/0/", f"/{line.organisation_id}/")
                if previous is not None:
                    line.change_url = f"{line.item_url}change/"
        chart = {
            "names": [ln.name for ln in lines],
            "totals": [str(ln.total) for ln in lines],
            "label": _("Total"),
        }
        return render(
            request,
            "rankings/ranking_detail.html",
            {
                "ranking": ranking,
                "table": table,
                "lines": lines,
                # With a small group the lists split it in two, so nobody is on both.
                "top": lines[: min(TOP_N, (len(lines) + 1) // 2)],
                "bottom": list(reversed(lines[len(lines) - min(TOP_N, len(lines) // 2) :])),
                "chart": chart,
                "can_publish": ranking.status == RankingStatus.DRAFT
                and permissions.can_publish_ranking(request.user, ranking),
                "publish_form": PublishForm(),
                "all_inputs": everything,
            },
        )


def _org(ranking: Any, organisation_id: int) -> Any:
    """The ranked organisation (from the entries loaded once per ranking)."""
    cache = getattr(ranking, "_orgs", None)
    if cache is None:
        cache = {e.organisation_id: e.organisation for e in selectors.entries_of(ranking)}
        ranking._orgs = cache
    found = cache.get(organisation_id)
    if found is None:
        raise Http404
    return found


class RankingPublishView(RankingMixin, View):
    """POST: publish the draft (with a reason when it replaces a published one)."""

    def has_permission(self, obj: Any) -> bool:
        return permissions.can_publish_ranking(self.request.user, obj)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.ranking_publish(
                    actor=access.request_user(request),
                    ranking=ranking,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_errors(form, exc)
                messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
            else:
                messages.success(request, _("Published: the ranked organisations were notified."))
        return redirect("rankings:ranking_detail", ranking_id=ranking.pk)


class ItemExplanationView(RankingMixin, View):
    """One organisation's items: raw value, source and records, the rule as applied, score."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        organisation = _org(ranking, kwargs["organisation_id"])
        if not permissions.can_see_inputs(request.user, ranking, organisation):
            raise Http404
        table = selectors.Table(ranking, items={organisation.pk})
        line = table.line_of(organisation.pk)
        if line is None:
            raise Http404
        return render(
            request,
            "rankings/item_explanation.html",
            {
                "ranking": ranking,
                "organisation": organisation,
                "line": line,
                "items": table.item_lines(line),
            },
        )


class RankChangeView(RankingMixin, View):
    """Why an organisation's rank changed since the previous period (or ``?against=`` another
    ranking of the scheme): each item's contribution, the largest first."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        organisation = _org(ranking, kwargs["organisation_id"])
        if not permissions.can_see_inputs(request.user, ranking, organisation):
            raise Http404
        against = request.GET.get("against", "")
        if against.isdigit():
            earlier: Any = selectors.ranking_get(user=request.user, ranking_id=int(against))
            if earlier.scheme.family != ranking.scheme.family:
                raise Http404
        else:
            earlier = selectors.previous_ranking(ranking)
        why = None
        if earlier is not None:
            why = selectors.rank_change(
                earlier=selectors.Table(earlier, items={organisation.pk}),
                later=selectors.Table(ranking, items={organisation.pk}),
                organisation_id=organisation.pk,
            )
        return render(
            request,
            "rankings/rank_change.html",
            {"ranking": ranking, "earlier": earlier, "organisation": organisation, "why": why},
        )


class RankingCompareView(RankingMixin, View):
    """Two organisations side by side, item by item (``?a=&b=``)."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        ids = list(
            selectors.entries_of(ranking).order_by("rank").values_list("organisation_id", flat=True)
        )
        picked = []
        for key, default in (("a", 0), ("b", 1)):
            raw = request.GET.get(key, "")
            value = int(raw) if raw.isdigit() else (ids[default] if len(ids) > default else 0)
            picked.append(value)
        table = selectors.Table(ranking, items=set(picked))
        lines = []
        for org_id in picked:
            organisation = _org(ranking, org_id)
            if not permissions.can_see_inputs(request.user, ranking, organisation):
                raise Http404
            line = table.line_of(org_id)
            if line is None:
                raise Http404
            lines.append((line, table.item_lines(line)))
        rows = [(left, right) for left, right in zip(lines[0][1], lines[1][1], strict=True)]
        choices = [
            ln
            for ln in table.lines
            if permissions.can_see_inputs(request.user, ranking, _org(ranking, ln.organisation_id))
        ]
        return render(
            request,
            "rankings/ranking_compare.html",
            {
                "ranking": ranking,
                "left": lines[0][0],
                "right": lines[1][0],
                "rows": rows,
                "choices": choices,
            },
        )


class RankingPrintView(RankingMixin, View):
    """The ranking on one printable page."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        table = selectors.Table(ranking, items=False)
        return render(request, "rankings/ranking_print.html", {"ranking": ranking, "table": table})


class RankingExportView(RankingMixin, View):
    """The ranking as .xlsx: the table, and the items of the organisations the user may see."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        table = selectors.Table(ranking)
        visible = {
            ln.organisation_id
            for ln in table.lines
            if permissions.can_see_inputs(request.user, ranking, _org(ranking, ln.organisation_id))
        }
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"{ranking.scheme.name}-{ranking.period}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        ranking_workbook(table, visible).save(response)
        return response


def ranking_url(ranking_id: int) -> str:
    return reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking_id})


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
                value = data.get(name, "") if data is not None else (score.score if score else "")
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


class RankingDriftView(RankingMixin, View):
    """A recompute against today's data, not saved: what changed since the ranking was
    computed (late corrections, new reports). The owner's side only: it shows every input."""

    def has_permission(self, obj: Any) -> bool:
        return permissions.sees_all_inputs(self.request.user, obj)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        ranking = self.load()
        rows = None
        try:
            gathered = services.ranking_inputs(
                actor=access.request_user(request), scheme=ranking.scheme, period=ranking.period
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            from .compute import compute

            today = selectors.Table.from_parts(gathered, compute(gathered))
            rows = selectors.drift(stored=selectors.Table(ranking), today=today)
        return render(request, "rankings/ranking_drift.html", {"ranking": ranking, "rows": rows})


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
