"""Pages of a ranking: the 龙虎榜, publishing, its explanations, side by side, print, export
and the comparison with today's data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.accounts import access
from zonetrack.core.forms import add_errors
from zonetrack.core.views import ObjectMixin

from .. import permissions, selectors, services
from ..choices import RankingStatus
from ..forms import (
    PublishForm,
)
from ..sheets import write_ranking

# How many organisations the red and black lists name.
TOP_N = 3


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
        # One reverse per page, not two per line.
        item_url = reverse(
            "rankings:ranking_item", kwargs={"ranking_id": ranking.pk, "organisation_id": 0}
        )
        opens = permissions.inputs_seen(request.user, ranking, [ln.organisation_id for ln in lines])
        for line in lines:
            if opens is None or line.organisation_id in opens:
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
                "publish_warnings": selectors.publish_warnings(ranking)
                if ranking.status == RankingStatus.DRAFT
                else [],
                # A reason is asked only of a ranking that replaces a published one.
                "replaces": selectors.published_of(ranking)
                if ranking.status == RankingStatus.DRAFT
                else None,
                "all_inputs": opens is None,
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
                    acknowledged=form.cleaned_data["acknowledged"],
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
        write_ranking(table, visible, response)
        return response


def ranking_url(ranking_id: int) -> str:
    return reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking_id})


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
            from ..compute import compute

            today = selectors.Table.from_parts(gathered, compute(gathered))
            rows = selectors.drift(stored=selectors.Table(ranking), today=today)
        return render(request, "rankings/ranking_drift.html", {"ranking": ranking, "rows": rows})
