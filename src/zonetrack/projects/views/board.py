"""The pipeline board (五个一批): the five batches as columns of cards, or groups × stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views import View

from zonetrack.core.badges import colour_for

from .. import selectors
from ..choices import Stage
from .common import filter_form


def _move_options() -> dict[str, SafeString]:
    """For each stage, the options of the stages a card at it may move to (all the others):
    written once, not once per card."""
    choices = [(value, str(label)) for value, label in Stage.choices]
    return {
        stage: format_html_join(
            "", '<option value="{}">{}</option>', [c for c in choices if c[0] != stage]
        )
        for stage, _label in choices
    }


def _project_url(name: str) -> Callable[[int], str]:
    """A project page's address for any project, reversed once rather than once per card."""
    marker = "987654321"
    head, _marker, tail = reverse(f"projects:{name}", kwargs={"project_id": marker}).partition(
        marker
    )
    return lambda pk: f"{head}{pk}{tail}"


class PipelineBoardView(LoginRequiredMixin, View):
    """The five batches (五个一批) as columns of cards, or as a table of groups × stages."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        filters = replace(selectors.ProjectFilters.from_params(request.GET), stage="")
        group = request.GET.get("group") or "stage"
        if group not in selectors.BOARD_GROUPINGS:
            group = "stage"
        counts = selectors.pipeline_counts(user=user, filters=filters)
        groupings = [
            ("stage", _("Stage")),
            ("cluster", _("Industry cluster")),
            ("park", _("Park")),
            ("leader", _("Responsible leader")),
        ]
        context: dict[str, Any] = {
            "filters": filters,
            "group": group,
            "filter_form": filter_form(
                user,
                filters,
                "zone park cluster leader key year group",
                group=group,
                groupings=groupings,
            ),
            "groupings": groupings,
            "pipeline": counts,
            "pipeline_total": sum(c.count for c in counts),
            "pipeline_investment_wan": sum((c.investment_wan for c in counts), Decimal(0)),
            "stage_choices": Stage.choices,
            "batches": [(c.stage, c.label) for c in counts],
            "today": timezone.localdate().isoformat(),
            "board_cards": selectors.BOARD_CARDS,
            "group_param": {"cluster": "cluster", "park": "park", "leader": "leader"}.get(group),
        }
        if group == "stage":
            columns = selectors.board_columns(user=user, filters=filters, counts=counts)
            options = _move_options()
            detail, move = _project_url("project_detail"), _project_url("project_transition")
            for column in columns:
                column["css"] = colour_for(Stage.choices, column["stage"])
                column["entries"] = [
                    (card, detail(card.pk), move(card.pk), options[card.stage])
                    for card in column["cards"]
                ]
            context["columns"] = columns
        else:
            context["groups"], context["groups_cut"] = selectors.board_groups(
                user=user, filters=filters, group=group
            )
            context["groups_max"] = selectors.BOARD_GROUPS
        return render(request, "projects/pipeline_board.html", context)
