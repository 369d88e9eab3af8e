"""Reads of per-mu evaluation (亩均论英雄): evaluations and their firms and objections, the
summaries per zone and park, and the trend across the authority's years."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from zonetrack.accounts import access

from ..choices import (
    EvaluationStatus,
    FirmClass,
)
from ..models import (
    Evaluation,
    FirmYear,
    Objection,
)


def evaluation_list(*, user: Any) -> QuerySet[Evaluation]:
    """The evaluations of the authorities the user sees, newest year first, with firm counts."""
    return (
        access.visible(Evaluation.objects.active(), user)
        .select_related("organisation")
        .order_by("-year", access.tree_order(Evaluation))
    )


def evaluation_get(*, user: Any, evaluation_id: int) -> Evaluation:
    return access.get_visible(
        Evaluation.objects.select_related("organisation"), user, pk=evaluation_id
    )


def firm_get(*, user: Any, firm_id: int) -> FirmYear:
    return access.get_visible(
        FirmYear.objects.select_related("evaluation__organisation", "zone", "park"),
        user,
        pk=firm_id,
    )


def objection_get(*, user: Any, objection_id: int) -> Objection:
    return access.get_visible(
        Objection.objects.select_related("firm__evaluation__organisation"),
        user,
        pk=objection_id,
    )


def evaluation_firms(evaluation: Evaluation, *, klass: str = "") -> QuerySet[FirmYear]:
    """An evaluation's firms, ranked within their kind (exempt ones last)."""
    rows = evaluation.firms.select_related("zone", "park").annotate(
        objection_count=Count("objections")
    )
    if klass:
        rows = rows.filter(Q(final_class=klass) | Q(final_class="", computed_class=klass))
    return rows.order_by("kind", F("rank").asc(nulls_last=True), "name")


def evaluation_objections(evaluation: Evaluation) -> QuerySet[Objection]:
    return (
        Objection.objects.filter(firm__evaluation=evaluation)
        .select_related("firm", "filed_by", "decided_by")
        .order_by("filed_on", "id")
    )


def _per_mu(total: Any, land: Any) -> Decimal | None:
    return (Decimal(total) / Decimal(land)).quantize(Decimal("0.01")) if land else None


def evaluation_summary(evaluation: Evaluation) -> dict[str, Any]:
    """亩均税收 and 亩均产出 per zone and per park, and the firms of each class (one query each)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for key, fields in (("zones", ("zone__name",)), ("parks", ("zone__name", "park__name"))):
        rows = (
            evaluation.firms.order_by()
            .values(*fields)
            .annotate(
                n=Count("id"),
                land=Sum("land_mu"),
                tax=Sum("tax_wan"),
                output=Sum("output_wan"),
            )
            .order_by(*fields)
        )
        groups[key] = [
            {
                "zone": row["zone__name"] or "—",
                "park": row.get("park__name") or "—",
                "firms": row["n"],
                "land": row["land"],
                "tax_per_mu": _per_mu(row["tax"], row["land"]),
                "output_per_mu": _per_mu(row["output"], row["land"]),
            }
            for row in rows
        ]
    counts = dict(
        evaluation.firms.order_by()
        .values_list("computed_class")
        .annotate(n=Count("id"))
        .values_list("computed_class", "n")
    )
    return {
        **groups,
        "classes": [
            (value, str(label), counts.get(value, 0)) for value, label in FirmClass.choices
        ],
    }


def evaluation_trend(evaluation: Evaluation, *, years: int = 5) -> dict[str, Any]:
    """亩均税收 and 亩均产出 per zone in this evaluation's year and the authority's earlier
    published or final evaluations (the last ``years`` years): the trend beside this year's
    figures, in one query."""
    rows = (
        FirmYear.objects.filter(
            evaluation__organisation=evaluation.organisation,
            evaluation__archived_at__isnull=True,
            evaluation__year__gt=evaluation.year - years,
            evaluation__year__lte=evaluation.year,
        )
        .filter(
            Q(evaluation=evaluation)
            | Q(evaluation__status__in=[EvaluationStatus.PUBLISHED, EvaluationStatus.FINAL])
        )
        .order_by()
        .values("evaluation__year", "zone__name")
        .annotate(land=Sum("land_mu"), tax=Sum("tax_wan"), output=Sum("output_wan"))
    )
    years_seen: set[int] = set()
    zones: dict[str, dict[int, tuple[Decimal | None, Decimal | None]]] = {}
    for row in rows:
        year = row["evaluation__year"]
        years_seen.add(year)
        zones.setdefault(row["zone__name"] or "—", {})[year] = (
            _per_mu(row["tax"], row["land"]),
            _per_mu(row["output"], row["land"]),
        )
    ordered = sorted(years_seen)
    return {
        "years": ordered,
        "zones": [
            {"zone": name, "cells": [by_year.get(year, (None, None)) for year in ordered]}
            for name, by_year in sorted(zones.items())
        ],
    }
