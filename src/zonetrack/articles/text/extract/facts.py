"""Every fact of a cleaned text: each kind's finder in turn, then one fact kept of each that two
finders (or two places) found alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from zonetrack.core.limits import Budget

from ..clusters import find_free_clusters
from ..events import find_more_dates
from ..firms import find_firms
from ..measures import find_measures
from ..model import Fact
from .clusters import find_clusters
from .context import Context
from .dates import find_dates
from .figures import find_figures
from .organisations import find_organisations
from .projects import elided_counts
from .quantities import find_quantities
from .targets import find_goals, target_at
from .zones import find_zones


def extract(
    text: str,
    *,
    pub_date: date | None = None,
    zones: Iterable[str] = (),
    damaged: list[tuple[int, int]] | None = None,
    budget: Budget | None = None,
) -> list[Fact]:
    """Every fact found in the cleaned text, in text order. `budget` is checked between the
    kinds of fact and in the loop over sentences."""
    ctx = Context(text, pub_date, zones, damaged or [])
    ctx.budget = budget
    facts: list[Fact] = []
    for find in (
        find_zones,
        find_dates,
        find_figures,
        find_goals,
        find_quantities,
        find_clusters,
        find_organisations,
    ):
        ctx.check()
        facts += find(ctx)
    facts += find_measures(ctx, target_at(ctx))
    facts += find_firms(ctx)
    facts += find_more_dates(ctx)
    facts += elided_counts(ctx, facts)
    listed = [set(f.fields["items"]) for f in facts if f.type == "industry_cluster"]
    for cluster in find_free_clusters(ctx):
        # a list the "N大产业" reader already took is not a second cluster
        if not any(len(set(cluster.fields["items"]) & items) >= 2 for items in listed):
            facts.append(cluster)
    ctx.check()
    return _unique(ctx, facts)


def _unique(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """One fact of each that were found alike (the first found), in text order."""
    unique: dict[tuple, Fact] = {}
    # a count read as projects is not a second time a plain quantity of the same clause
    counted = {(f.quote, f.fields.get("count")) for f in facts if f.type == "project_count"}
    for fact in facts:
        key: tuple[Any, ...]
        if fact.type == "quantity":
            if (fact.quote, fact.fields.get("value")) in counted:
                continue
            # one fact per figure and clause: the same count in two clauses is two facts, two
            # readers of one clause give one
            key = (fact.type, fact.quote, fact.fields.get("value"), fact.fields.get("unit"))
        elif fact.type in ("date", "industry_cluster", "organisation", "zone"):
            fields = {
                k: v for k, v in fact.fields.items() if k in ("value", "unit", "date", "name")
            }
            key = (fact.type, repr(sorted(fields.items())))
            if fact.type == "date":
                # one date for two zones (A成立于1992年, B成立于1992年) is two events
                key += (ctx.zone_near(fact.end),)
        else:
            key = (fact.type, fact.start, fact.end, repr(sorted(fact.fields.items())))
        unique.setdefault(key, fact)
    return sorted(unique.values(), key=lambda f: (f.start, f.type))
