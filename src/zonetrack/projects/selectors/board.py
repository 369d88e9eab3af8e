"""The pipeline board's reads: the five batches as columns of cards, and groups × stages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum
from django.utils.translation import gettext as _

from ..choices import FIVE_BATCHES, Stage
from ..models import Project
from .filters import ProjectFilters, _filtered
from .pipeline import StageCount
from .projects import project_list
from .rows import PERSON_COLUMNS

# Cards per board column; the rest are a link to the filtered list.
BOARD_CARDS = 50
# Rows of the grouped board (groups × stages) shown at most.
BOARD_GROUPS = 200
BOARD_GROUPINGS = ("stage", "cluster", "park", "leader")
# A column's order (largest first) and what a card shows of a project and its zone.
CARD_ORDER = (F("total_investment_wan").desc(nulls_last=True), "name", "pk")
CARD_COLUMNS = (
    "name",
    "zone__name",
    "stage",
    "verified_stage",
    "total_investment_wan",
    "version",
    *(f"leader__{column}" for column in PERSON_COLUMNS),
)


def board_columns(
    *, user: Any, filters: ProjectFilters, counts: list[StageCount]
) -> list[dict[str, Any]]:
    """The five batches, each with its count and at most BOARD_CARDS cards, largest first.

    Each column is one query: a subquery picks its cards' ids in order from the
    ``project_board`` index of the visible zones (no project read), then only those rows are
    read with the columns a card shows (of the project, its zone and its leader).
    The counts are the pipeline's (kept totals, or index-only counts when filtered)."""
    ids = _filtered(user, replace(filters, stage="")).order_by(*CARD_ORDER).values("pk")
    rows = (
        Project._base_manager.select_related("zone", "leader")
        .only(*CARD_COLUMNS)
        .order_by(*CARD_ORDER)
    )
    columns = []
    for count in counts:
        stages = [count.stage]
        if count.stage == Stage.IN_PRODUCTION:
            stages.append(Stage.AT_CAPACITY.value)
        cards = list(rows.filter(pk__in=ids.filter(stage__in=stages)[:BOARD_CARDS]))
        columns.append(
            {
                "stage": count.stage,
                "label": count.label,
                "count": count.count,
                "investment_wan": count.investment_wan,
                "cards": cards,
                "more": max(count.count - len(cards), 0),
            }
        )
    return columns


def _person_name(row: dict[str, Any]) -> str:
    """A person's name from selected values, as ``User.__str__`` writes it."""
    full = f"{row['leader__first_name']} {row['leader__last_name']}".strip()
    return row["leader__display_name"] or full or row["leader__username"]


_GROUP_FIELDS = {
    "cluster": ["cluster_id", "cluster__code", "cluster__name"],
    "park": ["park_id", "park__name", "park__zone__name"],
    "leader": [
        "leader_id",
        "leader__username",
        "leader__display_name",
        "leader__first_name",
        "leader__last_name",
    ],
}


def board_groups(
    *, user: Any, filters: ProjectFilters, group: str
) -> tuple[list[dict[str, Any]], bool]:
    """Groups (cluster, park or leader) × the five batches, counted in one query. Returns the
    rows, largest first, and whether some were left off."""
    fields = _GROUP_FIELDS[group]
    projects: QuerySet[Project] = project_list(user=user, filters=replace(filters, stage=""))
    rows = (
        projects.order_by()
        .values(*fields, "stage")
        .annotate(n=Count("pk"), total=Sum("total_investment_wan"))
    )
    batches = [stage.value for stage in FIVE_BATCHES]
    groups: dict[Any, dict[str, Any]] = {}
    for row in rows:
        key = row[fields[0]]
        if key not in groups:
            if key is None:
                label, param = _("(none)"), ""
            elif group == "cluster":
                label, param = row["cluster__name"], row["cluster__code"]
            elif group == "park":
                label, param = f"{row['park__zone__name']} · {row['park__name']}", str(key)
            else:
                label, param = _person_name(row), str(key)
            groups[key] = {
                "label": label,
                "param": param,
                "counts": dict.fromkeys(batches, 0),
                "total": 0,
                "investment_wan": Decimal(0),
            }
        stage = Stage.IN_PRODUCTION.value if row["stage"] == Stage.AT_CAPACITY else row["stage"]
        entry = groups[key]
        if stage in entry["counts"]:
            entry["counts"][stage] += row["n"]
            entry["total"] += row["n"]
            entry["investment_wan"] += row["total"] or Decimal(0)
    ordered = sorted(
        (g for g in groups.values() if g["total"]),
        key=lambda g: (not g["param"], -g["total"], str(g["label"])),
    )
    for entry in ordered:
        entry["cells"] = [(stage, entry["counts"][stage]) for stage in batches]
    return ordered[:BOARD_GROUPS], len(ordered) > BOARD_GROUPS
