"""Reads of rankings: schemes and their peer groups, rankings through the gate's rule, and the
explanations — an item's score, a rank change item by item, two organisations side by side."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.registry.models import Zone

from . import periods, permissions
from .choices import PeerRule, RankingStatus, RuleKind, ValueSource
from .models import Category, Item, PanelScore, Ranking, RankingEntry, Scheme, ScoredEvent
from .wording import applied_text


def scheme_list(*, user: Any) -> QuerySet[Scheme]:
    """The schemes the user sees (their owner's subtree), the newest edition of each first."""
    return (
        access.visible(Scheme.objects.active(), user)
        .select_related("owner")
        .order_by("name", "family", "-edition")
    )


def scheme_get(*, user: Any, scheme_id: int) -> Scheme:
    return access.get_visible(Scheme.objects.select_related("owner"), user, pk=scheme_id)


def scheme_items(scheme: Scheme) -> list[Item]:
    """The scheme's items in order, with their categories and indicators."""
    return list(
        Item.objects.filter(category__scheme=scheme).select_related("category", "indicator")
    )


def scheme_categories(scheme: Scheme) -> list[Category]:
    return list(
        scheme.categories.prefetch_related(
            Prefetch("items", queryset=Item.objects.select_related("indicator"))
        )
    )


def latest_edition(scheme: Scheme) -> Scheme:
    """The newest edition of the scheme's family."""
    return Scheme.objects.filter(family=scheme.family).order_by("-edition").first() or scheme


def peer_group(scheme: Scheme) -> list[Organisation]:
    """The organisations a scheme compares, in the tree's order: its list, or those of the kind
    (and zone level) below its owner."""
    if scheme.peer_rule == PeerRule.EXPLICIT:
        return list(scheme.peers.active().order_by("path"))
    rows = access.within(Organisation.objects.active(), scheme.owner, strict=True)
    if scheme.peer_kind:
        rows = rows.filter(kind=scheme.peer_kind)
    if scheme.peer_zone_level:
        rows = rows.filter(
            pk__in=Zone.objects.filter(level=scheme.peer_zone_level).values("organisation")
        )
    return list(rows.order_by("path"))


def ranking_list(*, user: Any, scheme: Scheme | None = None) -> QuerySet[Ranking]:
    rows = Ranking.objects.select_related("scheme", "scheme__owner")
    if scheme is not None:
        rows = rows.filter(scheme__family=scheme.family)
    return permissions.rankings_visible(rows, user).defer("inputs", "result", "meta")


def ranking_get(*, user: Any, ranking_id: int) -> Ranking:
    """One ranking the user may see (the gate's rule with the ranked organisations'), else 404."""
    from django.http import Http404

    found = (
        permissions.rankings_visible(Ranking.objects.all(), user)
        .select_related("scheme", "scheme__owner", "computed_by")
        .defer("inputs", "result")
        .filter(pk=ranking_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@dataclass
class ItemLine:
    """One item of one organisation as the ranking computed it."""

    id: str
    name: str
    category: str
    rule: str
    indicator: str
    unit: str
    lower_is_better: bool
    cell: dict[str, Any]

    @property
    def points(self) -> Decimal | None:
        raw = self.cell.get("points")
        return None if raw is None else Decimal(raw)

    @property
    def rule_label(self) -> str:
        return str(RuleKind(self.rule).label) if self.rule in RuleKind.values else self.rule

    @property
    def source_label(self) -> str:
        source = self.cell.get("source", "")
        return str(ValueSource(source).label) if source in ValueSource.values else source

    @property
    def applied(self) -> str:
        """The rule's parameters as applied, as one line (min, max, average, target ...)."""
        return applied_text(self.cell.get("applied") or {})


@dataclass
class Line:
    """One organisation's line of a ranking."""

    organisation_id: int
    name: str
    rank: int
    previous_rank: int | None
    total: Decimal
    eligible: bool
    vetoes: list[str]
    categories: list[tuple[str, Decimal]]
    items: dict[str, dict[str, Any]] = field(repr=False)

    # Set by the ranking page for the lines whose explanations the user may open.
    item_url: str = ""
    change_url: str = ""

    @property
    def change(self) -> int | None:
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def total_text(self) -> str:
        """The total as shown, to two places (formatted here: 300 lines × filters are slow)."""
        return f"{self.total:.2f}"

    @property
    def category_texts(self) -> list[str]:
        return [f"{value:.2f}" for _name, value in self.categories]


class Table:
    """A ranking's lines read back, in rank order, with the categories and items by id.

    Read from the ranking's ``meta`` and entries; ``items`` says whose item cells to load
    (True: everyone's, a set: those organisations', False: nobody's), so the ranking page never
    reads 300 organisations' explanations. A preview (not saved) is read from its parts.
    """

    def __init__(
        self, ranking: Ranking | None, *, items: bool | set[int] = True, parts: Any = None
    ) -> None:
        self.ranking = ranking
        if ranking is not None:
            meta = ranking.meta
            rows = RankingEntry.objects.filter(ranking=ranking).order_by("rank", "organisation_id")
            if items is not True:
                rows = rows.defer("items")
            found = list(rows)
            cells: dict[int, dict[str, Any]] = {}
            if items and items is not True:
                # Only the organisations asked for: one more query, not 300 lines' cells.
                cells = dict(
                    RankingEntry.objects.filter(
                        ranking=ranking, organisation_id__in=items
                    ).values_list("organisation_id", "items")
                )
            self.data = {
                "lines": [
                    {
                        "organisation": e.organisation_id,
                        "rank": e.rank,
                        "previous_rank": e.previous_rank,
                        "total": str(e.total),
                        "eligible": e.is_eligible,
                        "vetoes": e.vetoes,
                        "categories": e.categories,
                        "items": e.items if items is True else cells.get(e.organisation_id, {}),
                    }
                    for e in found
                ]
            }
        else:
            gathered, result = parts
            from .services import meta_of

            meta = meta_of(gathered)
            self.data = json.loads(result)
        self.names: dict[str, str] = meta["organisations"]
        self.categories = [(str(c), name) for c, name in meta["categories"]]
        self.items: dict[str, dict[str, Any]] = meta["items"]

    @classmethod
    def from_parts(cls, inputs: dict[str, Any], result: str) -> Table:
        """A table of a ranking not saved (a preview)."""
        return cls(None, parts=(inputs, result))

    @cached_property
    def lines(self) -> list[Line]:
        category_names = dict(self.categories)
        return [
            Line(
                organisation_id=row["organisation"],
                name=self.names.get(str(row["organisation"]), ""),
                rank=row["rank"],
                previous_rank=row["previous_rank"],
                total=Decimal(row["total"]),
                eligible=row["eligible"],
                vetoes=[self.items[v]["name"] for v in row["vetoes"]],
                categories=[
                    (category_names[c], Decimal(row["categories"].get(c, "0")))
                    for c, _ in self.categories
                ],
                items=row["items"],
            )
            for row in self.data["lines"]
        ]

    def line_of(self, organisation_id: int) -> Line | None:
        return next((ln for ln in self.lines if ln.organisation_id == organisation_id), None)

    def item_lines(self, line: Line) -> list[ItemLine]:
        category_names = dict(self.categories)
        return [
            ItemLine(
                id=key,
                name=item["name"],
                category=category_names.get(str(item["category"]), ""),
                rule=item["rule"],
                indicator=item.get("indicator", ""),
                unit=item.get("unit", ""),
                lower_is_better=bool(item.get("lower_is_better")),
                cell=line.items.get(key, {}),
            )
            for key, item in self.items.items()
        ]

    def organisation_ids(self) -> list[int]:
        return [ln.organisation_id for ln in self.lines]


@dataclass
class Contribution:
    """One item's share in the change of an organisation's total between two rankings."""

    name: str
    category: str
    before: Decimal | None
    after: Decimal | None
    raw_before: str | None
    raw_after: str | None
    applied_before: str = ""
    applied_after: str = ""

    @property
    def delta(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


def rank_change(*, earlier: Table, later: Table, organisation_id: int) -> dict[str, Any]:
    """Why an organisation's rank changed between two rankings of one scheme: the totals and
    ranks, and each item's change in points, the largest first (items are matched by name, so
    two editions compare)."""
    before, after = earlier.line_of(organisation_id), later.line_of(organisation_id)
    if before is None or after is None:
        return {"before": before, "after": after, "items": []}
    old = {i.name: i for i in earlier.item_lines(before)}
    items = []
    for now in later.item_lines(after):
        was = old.pop(now.name, None)
        items.append(
            Contribution(
                name=now.name,
                category=now.category,
                before=was.points if was else None,
                after=now.points,
                raw_before=was.cell.get("raw") if was else None,
                raw_after=now.cell.get("raw"),
                applied_before=was.applied if was else "",
                applied_after=now.applied,
            )
        )
    for was in old.values():
        items.append(
            Contribution(was.name, was.category, was.points, None, was.cell.get("raw"), None)
        )
    items.sort(key=lambda c: (-abs(c.delta), c.name))
    return {"before": before, "after": after, "items": items, "delta": after.total - before.total}


def previous_ranking(ranking: Ranking) -> Ranking | None:
    """The published ranking of the period before in the scheme's family, if any."""
    from .periods import parse

    label = parse(ranking.scheme.period_kind, ranking.period).previous().label
    return (
        Ranking.objects.filter(
            scheme__family=ranking.scheme.family, period=label, status=RankingStatus.PUBLISHED
        )
        .select_related("scheme")
        .defer("inputs", "result")
        .order_by("-computed_at")
        .first()
    )


def entries_of(ranking: Ranking) -> QuerySet[RankingEntry]:
    """The ranked organisations (for the access rule), without the lines' cells."""
    return ranking.entries.select_related("organisation").only(
        "ranking_id", "organisation", "rank", "total"
    )


def panel_scores(*, scheme: Scheme, period: str) -> dict[tuple[int, int], PanelScore]:
    """The panel's scores of a scheme's manual items for a period, by (item, organisation)."""
    rows = PanelScore.objects.filter(item__category__scheme=scheme, period=period)
    return {(s.item_id, s.organisation_id): s for s in rows.select_related("member")}


@dataclass
class Drift:
    """One organisation's line as published and as today's data would give it."""

    name: str
    rank: int | None
    rank_today: int | None
    total: Decimal | None
    total_today: Decimal | None
    changed: list[tuple[str, str | None, str | None]]


def drift(*, stored: Table, today: Table) -> list[Drift]:
    """What changed in the data since a ranking was computed: per organisation the rank and
    total then and now, and the items whose raw values changed (matched by item name)."""
    now = {line.organisation_id: line for line in today.lines}
    rows = []
    for line in stored.lines:
        fresh = now.pop(line.organisation_id, None)
        changed = []
        if fresh is not None:
            before = {i.name: i.cell.get("raw") for i in stored.item_lines(line)}
            for item in today.item_lines(fresh):
                if before.get(item.name) != item.cell.get("raw"):
                    changed.append((item.name, before.get(item.name), item.cell.get("raw")))
        rows.append(
            Drift(
                line.name,
                line.rank,
                fresh.rank if fresh else None,
                line.total,
                fresh.total if fresh else None,
                changed,
            )
        )
    for fresh in now.values():
        rows.append(Drift(fresh.name, None, fresh.rank, None, fresh.total, []))
    return rows


def scheme_events(scheme: Scheme, limit: int = 200) -> list[ScoredEvent]:
    """The latest events a scheme's unweighted items count, with their items and organisations."""
    rows = ScoredEvent.objects.filter(item__category__scheme=scheme)
    return list(rows.select_related("item", "organisation", "entered_by")[:limit])


def published_of(ranking: Ranking) -> Ranking | None:
    """The published ranking of the same scheme (any edition) and period that publishing
    ``ranking`` would replace, or None."""
    return (
        Ranking.objects.filter(
            scheme__family=ranking.scheme.family,
            period=ranking.period,
            status=RankingStatus.PUBLISHED,
        )
        .exclude(pk=ranking.pk)
        .first()
    )


def publish_warnings(ranking: Ranking, *, today: date | None = None) -> list[str]:
    """What the publisher should know before a draft goes out to every ranked organisation:
    a period not over yet (its figures may still change), and each item some organisations
    have no value of (scored by the scheme's missing-data rule, a panel not done scoring)."""
    warnings: list[str] = []
    period = periods.parse(ranking.scheme.period_kind, ranking.period)
    if period.end > (today or timezone.localdate()):
        warnings.append(
            str(
                _("%(period)s is not over until %(last)s: its figures may still change.")
                % {"period": ranking.period, "last": (period.end - timedelta(days=1)).isoformat()}
            )
        )
    missing: Counter[str] = Counter()
    lines = 0
    for cells in RankingEntry.objects.filter(ranking=ranking).values_list("items", flat=True):
        lines += 1
        missing.update(key for key, cell in cells.items() if cell.get("source") == "missing")
    names = ranking.meta.get("items", {})
    for key, count in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0])):
        warnings.append(
            str(
                _(
                    "%(item)s: no value for %(count)s of %(total)s organisations (scored by the "
                    "scheme's missing-data rule)."
                )
                % {"item": names.get(key, {}).get("name", key), "count": count, "total": lines}
            )
        )
    return warnings
