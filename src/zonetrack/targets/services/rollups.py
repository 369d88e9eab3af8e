"""Keeping the rollups (``Rollup``): each organisation's monthly figure of each indicator, with
everything below it, refreshed in the transaction that changes the inputs.

- Reported values: ``values_written`` after a service saves them.
- Projects (stage moves, verification, investment, archiving, moves between zones, monthly
  reports): the projects app sends ``projects_changed`` with the zones touched; ``zones_changed``
  adds the difference the written projects make to their organisations' own figures when the
  write noted them beforehand (``notes_before``, answered by ``projects_noted``): a few
  queries by project id. Otherwise it recounts the computed figures of those zones'
  organisations (bounded by the zones' own projects, never the whole province's).
- A bulk load, or an organisation moved in the tree: ``rebuild`` (a job), which recomputes
  everything from the records. ``live`` is the same computation without writing: the tests
  compare it with what was kept.

An organisation's own figure is its reported value, or what its own zones' projects count; its
figure with everything below it is settled up the tree from its children's rows, nearest first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from zonetrack.accounts.models import PATH_STEP, Organisation
from zonetrack.projects.services import Notes

from ..choices import RATIO_KINDS, Computation, Source
from ..models import Indicator, ReportedValue, Rollup
from .counting import Key, Own, computed_indicators, own_computed, own_reported

Pair = tuple[int, date]  # indicator id, month


@dataclass(frozen=True)
class Figure:
    """A kept row's content, as compared and written."""

    own_amount: Decimal | None
    own_base: Decimal | None
    amount: Decimal
    base: Decimal | None
    basis: str


def _path_ids(path: str) -> list[int]:
    """The primary keys of a materialised path, topmost first."""
    return [int(path[i : i + PATH_STEP]) for i in range(0, len(path), PATH_STEP + 1) if path[i:]]


# --- settling up the tree --------------------------------------------------------------------


def _settle(
    indicator: Indicator,
    own: Own | None,
    children: list[Figure],
) -> Figure | None:
    """An organisation's figure of a month from its own and its children's."""
    own_amount, own_base = own if own is not None else (None, None)
    if indicator.source == Source.REPORTED:
        if own_amount is not None:
            return Figure(own_amount, None, own_amount, None, "reported")
        if indicator.is_additive and indicator.accumulates and children:
            total = sum((c.amount for c in children), Decimal(0))
            return Figure(None, None, total, None, "summed")
        return None
    if own is None and not children:
        return None
    amount = (own_amount or Decimal(0)) + sum((c.amount for c in children), Decimal(0))
    base: Decimal | None = None
    if indicator.computation in RATIO_KINDS:
        base = (own_base or Decimal(0)) + sum((c.base or Decimal(0) for c in children), Decimal(0))
    return Figure(own_amount, own_base, amount, base, "computed")


def _tree(org_ids: Iterable[int] | None) -> tuple[dict[int, str], dict[int, list[int]]]:
    """Paths of the organisations concerned (these and every one above them; all when None)
    and the active children of each."""
    orgs = Organisation.objects.all()
    if org_ids is not None:
        paths = dict(orgs.filter(pk__in=set(org_ids)).values_list("pk", "path"))
        above = {pk for path in paths.values() for pk in _path_ids(path)}
        paths |= dict(orgs.filter(pk__in=above - set(paths)).values_list("pk", "path"))
        kids = orgs.filter(parent_id__in=paths)
    else:
        paths = dict(orgs.values_list("pk", "path"))
        kids = orgs
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in kids.filter(archived_at__isnull=True).values_list("pk", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(pk)
    return paths, children


def _compute(
    indicators: dict[int, Indicator],
    pairs: set[Pair],
    own: dict[Key, Own],
    kept: dict[Key, Figure],
    tree: tuple[dict[int, str], dict[int, list[int]]],
) -> dict[Key, Figure | None]:
    """Settle ``pairs`` for the organisations of ``tree`` (see ``_tree``), deepest first;
    ``kept`` holds the current rows of them and their children."""
    paths, children = tree
    settled = dict(kept)
    order = sorted(paths, key=lambda pk: -len(paths[pk]))
    result: dict[Key, Figure | None] = {}
    for org in order:
        for ind_id, period in pairs:
            below = [f for c in children.get(org, []) if (f := settled.get((c, ind_id, period)))]
            figure = _settle(indicators[ind_id], own.get((org, ind_id, period)), below)
            key = (org, ind_id, period)
            if figure is None:
                settled.pop(key, None)
            else:
                settled[key] = figure
            result[key] = figure
    return result


def _kept(orgs: set[int] | None, pairs: set[Pair]) -> dict[Key, tuple[int, Figure]]:
    rows = Rollup.objects.filter(
        indicator__in={i for i, _ in pairs}, period__in={p for _, p in pairs}
    )
    if orgs is not None:
        rows = rows.filter(organisation__in=orgs)
    return {
        (org, ind, period): (pk, Figure(own_amount, own_base, amount, base, basis))
        for pk, org, ind, period, own_amount, own_base, amount, base, basis in rows.values_list(
            "pk",
            "organisation_id",
            "indicator_id",
            "period",
            "own_amount",
            "own_base",
            "amount",
            "base",
            "basis",
        )
        if (ind, period) in pairs
    }


def _write(result: dict[Key, Figure | None], kept: dict[Key, tuple[int, Figure]]) -> int:
    """Write what changed; the number of rows written."""
    create: list[Rollup] = []
    delete: list[int] = []
    replaced = 0
    for key, figure in result.items():
        old = kept.get(key)
        if figure is None:
            if old is not None:
                delete.append(old[0])
            continue
        if old is not None and _same(old[1], figure):
            continue
        row = Rollup(
            organisation_id=key[0],
            indicator_id=key[1],
            period=key[2],
            own_amount=figure.own_amount,
            own_base=figure.own_base,
            amount=figure.amount,
            base=figure.base,
            basis=figure.basis,
        )
        if old is not None:
            # A changed row is replaced: two statements for any number of rows, where an
            # update per row (or bulk_update's CASE per column) costs far more.
            delete.append(old[0])
            replaced += 1
        create.append(row)
    if delete:
        for start in range(0, len(delete), 500):
            Rollup.objects.filter(pk__in=delete[start : start + 500]).delete()
    if create:
        Rollup.objects.bulk_create(create, batch_size=500)
    return len(create) + len(delete) - replaced


def _same(a: Figure, b: Figure) -> bool:
    return a == b


def _refresh(own: dict[Key, Own | None], org_ids: set[int], pairs: set[Pair]) -> int:
    """Put these own figures (None: nothing of its own any more) and settle them upwards."""
    if not pairs:
        return 0
    indicators = Indicator.objects.in_bulk({i for i, _ in pairs})
    tree = _tree(org_ids)
    paths, children = tree
    # One settling of an organisation's rows at a time: its row locked, in order, until the
    # writing transaction ends, so two writers below one city never replace each other's sum.
    list(
        Organisation.objects.select_for_update()
        .filter(pk__in=paths)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    near = set(paths) | {c for kids in children.values() for c in kids}
    kept = _kept(near, pairs)
    owned: dict[Key, Own] = {}
    for key, (_pk, fig) in kept.items():
        if fig.own_amount is not None:
            owned[key] = (fig.own_amount, fig.own_base)
    for key, value in own.items():
        if value is None:
            owned.pop(key, None)
        else:
            owned[key] = value
    result = _compute(indicators, pairs, owned, {k: f for k, (_pk, f) in kept.items()}, tree)
    return _write(result, kept)


# --- the entry points ------------------------------------------------------------------------


def values_written(keys: Iterable[Key]) -> int:
    """Reported values of these (organisation, indicator, month) were saved, changed or taken
    away: put them and settle every organisation above."""
    keys = set(keys)
    if not keys:
        return 0
    rows = ReportedValue.objects.active().filter(
        organisation__in={k[0] for k in keys},
        indicator__in={k[1] for k in keys},
        period__in={k[2] for k in keys},
    )
    current = own_reported(rows)
    own: dict[Key, Own | None] = {k: current.get(k) for k in keys}
    return _refresh(own, {k[0] for k in keys}, {(k[1], k[2]) for k in keys})


def zones_changed(
    zone_ids: Iterable[int],
    *,
    project_ids: Iterable[int] | None = None,
    notes: Notes | None = None,
    **_kwargs: Any,
) -> int:
    """Projects of these zones changed (stage, verification, investment, archive, zone, monthly
    reports): bring the computed figures of the organisations owning them up to date, every
    month, and settle what moved upwards. By the difference the projects ``project_ids`` make
    when ``notes`` holds ``projects_noted``'s note of them, else by a recount bounded by those
    zones' projects."""
    from zonetrack.registry.models import Zone

    zone_ids = set(zone_ids)
    indicators = computed_indicators()
    if not zone_ids or not indicators:
        return 0
    noted = notes.note_of(projects_noted) if notes is not None else None
    if isinstance(noted, Noted) and project_ids is not None:
        written = _add_difference(noted, _noted(set(project_ids), indicators))
        if written is not None:
            return written
    org_ids = set(
        Zone.objects.filter(pk__in=zone_ids)
        .exclude(organisation=None)
        .values_list("organisation_id", flat=True)
    )
    if not org_ids:
        return 0
    # Every zone of those organisations: an organisation's own figure counts all its zones.
    fresh = own_computed(indicators, Q(zone__organisation__in=org_ids))
    before: dict[Key, Own] = {
        (r[0], r[1], r[2]): (r[3] or Decimal(0), r[4])
        for r in Rollup.objects.filter(
            organisation__in=org_ids,
            indicator__in=[i.pk for i in indicators],
            own_amount__isnull=False,
        ).values_list("organisation_id", "indicator_id", "period", "own_amount", "own_base")
    }
    own: dict[Key, Own | None] = {}
    for key in set(fresh) | set(before):
        now = fresh.get(key)
        old = before.get(key)
        if now is None or old is None or not _same_own(now, old):
            own[key] = now
    return _refresh(own, {k[0] for k in own}, {(k[1], k[2]) for k in own}) if own else 0


def _same_own(a: Own, b: Own) -> bool:
    return a[0] == b[0] and (a[1] or 0) == (b[1] or 0)


# Kinds each of whose records adds one to the amount or to the base: a figure of these left at
# nothing but zeros has nothing counted in it any more.
ONE_BY_ONE = frozenset(
    {
        Computation.STAGE_REACHED,
        Computation.DAYS_TO_START,
        Computation.REPORTS_ON_TIME,
        Computation.START_RATE,
        Computation.PROBLEMS_ON_TIME,
    }
)


@dataclass(frozen=True)
class Noted:
    """What some projects count in their organisations' own computed figures."""

    project_ids: frozenset[int]
    kinds: dict[int, str]  # indicator id → its computation
    own: dict[Key, Own]


def projects_noted(project_ids: Iterable[int], **_kwargs: Any) -> Noted:
    """``projects_changing``'s receiver: what these projects count now, before a write."""
    return _noted(set(project_ids), computed_indicators())


def _noted(project_ids: set[int], indicators: list[Indicator]) -> Noted:
    own = own_computed(indicators, Q(pk__in=project_ids)) if indicators else {}
    return Noted(
        frozenset(project_ids),
        {i.pk: i.computation for i in indicators},
        {key: value for key, value in own.items() if key[0] is not None},
    )


def _add_difference(before: Noted, after: Noted) -> int | None:
    """Add to the kept own figures what the noted projects count now less what they counted
    before, and settle upwards; the number of rows written. None, with nothing written, when
    the difference cannot say whether a figure still has anything counted in it (what is left
    is nothing but zeros, which a figure counted from no record would not have) or the kept
    figures cannot have been current: the zones are recounted then."""
    if before.project_ids != after.project_ids or before.kinds != after.kinds:
        return None
    keys = {k for k in set(before.own) | set(after.own) if before.own.get(k) != after.own.get(k)}
    if not keys:
        return 0
    orgs = {k[0] for k in keys}
    _lock_with_ancestors(orgs)
    kept: dict[Key, Own] = {
        (r[0], r[1], r[2]): (r[3] or Decimal(0), r[4])
        for r in Rollup.objects.filter(
            organisation__in=orgs,
            indicator__in={k[1] for k in keys},
            period__in={k[2] for k in keys},
            own_amount__isnull=False,
        ).values_list("organisation_id", "indicator_id", "period", "own_amount", "own_base")
    }
    own: dict[Key, Own | None] = {}
    for key in keys:
        old, then, now = kept.get(key), before.own.get(key), after.own.get(key)
        if then is not None and old is None:
            return None  # counted before the write, yet not kept
        amount = (old[0] if old else Decimal(0)) - (then[0] if then else 0) + (now[0] if now else 0)
        base = ((old or (0, 0))[1] or 0) - ((then or (0, 0))[1] or 0) + ((now or (0, 0))[1] or 0)
        if amount < 0 or base < 0:
            return None
        kind = after.kinds[key[1]]
        if now is None and amount == 0 and base == 0:
            if kind not in ONE_BY_ONE:
                return None  # maybe nothing left in it, maybe records counting zero
            own[key] = None  # nothing left in it
            continue
        own[key] = (amount, Decimal(base) if kind in RATIO_KINDS else None)
    return _refresh(own, orgs, {(k[1], k[2]) for k in keys})


def _lock_with_ancestors(org_ids: set[int]) -> None:
    """Lock these organisations and every one above them, in order, as ``_refresh`` does."""
    paths = Organisation.objects.filter(pk__in=org_ids).values_list("path", flat=True)
    ids = {pk for path in paths for pk in _path_ids(path)} | org_ids
    list(
        Organisation.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def live(organisation_ids: Iterable[int] | None = None) -> dict[Key, Figure]:
    """Every rollup as computed from the records now, without reading or writing the kept rows
    (the check of the kept ones, and what ``rebuild`` writes)."""
    indicators = {i.pk: i for i in Indicator.objects.exclude(source=Source.DERIVED)}
    own: dict[Key, Own] = own_reported(ReportedValue.objects.active())
    own |= own_computed(
        [i for i in indicators.values() if i.source == Source.COMPUTED and i.computation],
        Q(zone__organisation__isnull=False),
    )
    pairs = {(k[1], k[2]) for k in own}
    result = _compute(indicators, pairs, own, {}, _tree(None))
    found = {k: f for k, f in result.items() if f is not None}
    if organisation_ids is not None:
        wanted = set(organisation_ids)
        found = {k: f for k, f in found.items() if k[0] in wanted}
    return found


def rebuild() -> int:
    """Recompute every rollup from the records (after a bulk load or a move in the tree): a
    job, not a page's work. The number of rows written."""
    fresh = live()
    kept = {
        (r.organisation_id, r.indicator_id, r.period): (
            r.pk,
            Figure(r.own_amount, r.own_base, r.amount, r.base, r.basis),
        )
        for r in Rollup.objects.all()
    }
    result: dict[Key, Figure | None] = dict(fresh)
    for key in kept:
        result.setdefault(key, None)
    return _write(result, kept)
