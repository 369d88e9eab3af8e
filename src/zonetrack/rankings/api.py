"""API routes of rankings: schemes (with versions), computing, rankings with their per-item
explanations, publishing, and the explanation of a rank change."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation
from zonetrack.targets.models import Indicator

from . import permissions, selectors, services
from .models import Ranking, Scheme
from .periods import latest_complete
from .schemas import (
    ContributionOut,
    ItemOut,
    ItemScoreOut,
    LineOut,
    PublishIn,
    RankChangeOut,
    RankingOut,
    SchemeIn,
    SchemeOut,
)

router = Router(tags=["rankings"])


def _scheme_out(scheme: Scheme) -> SchemeOut:
    return SchemeOut(
        id=scheme.pk,
        family=str(scheme.family),
        edition=scheme.edition,
        name=scheme.name,
        owner_id=scheme.owner_id,
        owner=scheme.owner.name,
        period_kind=scheme.period_kind,
        peer_rule=scheme.peer_rule,
        peer_kind=scheme.peer_kind,
        peer_zone_level=scheme.peer_zone_level,
        missing_rule=scheme.missing_rule,
        tie_rule=scheme.tie_rule,
        is_frozen=scheme.is_frozen,
        items=[
            ItemOut(
                id=i.pk,
                category=i.category.name,
                name=i.name,
                indicator_id=i.indicator_id,
                rule=i.rule,
                params=i.params,
                weight=i.weight,
                weights_by_kind=i.weights_by_kind,
            )
            for i in selectors.scheme_items(scheme)
        ],
    )


def _draft(request: HttpRequest, payload: SchemeIn) -> services.SchemeDraft:
    owner = access.get_visible(Organisation.objects.active(), request.user, pk=payload.owner_id)
    peers = list(
        access.visible(Organisation.objects.active(), request.user).filter(pk__in=payload.peer_ids)
    )
    if len(peers) != len(set(payload.peer_ids)):
        raise ValidationError(
            {"peer_ids": _("The peer group holds organisations you may not see.")}
        )
    indicators = Indicator.objects.in_bulk(
        [i.indicator_id for i in payload.items if i.indicator_id]
    )
    categories: dict[str, services.CategoryDraft] = {}
    for item in payload.items:
        if item.indicator_id and item.indicator_id not in indicators:
            raise ValidationError({"items": _("Unknown indicator.")})
        categories.setdefault(item.category, services.CategoryDraft(item.category)).items.append(
            services.ItemDraft(
                id=item.id,
                name=item.name,
                rule=item.rule,
                weight=item.weight,
                indicator=indicators.get(item.indicator_id) if item.indicator_id else None,
                params=item.params,
                weights_by_kind={k: str(v) for k, v in item.weights_by_kind.items()},
            )
        )
    return services.SchemeDraft(
        name=payload.name,
        owner=owner,
        period_kind=payload.period_kind,
        peer_rule=payload.peer_rule,
        peer_kind=payload.peer_kind,
        peer_zone_level=payload.peer_zone_level,
        peers=peers,
        missing_rule=payload.missing_rule,
        tie_rule=payload.tie_rule,
        description=payload.description,
        categories=list(categories.values()),
    )


def _check_choices(payload: SchemeIn) -> None:
    from .choices import MissingRule, PeerRule, PeriodKind, TieRule

    errors = {
        name: _("Not one of the choices.")
        for name, choices in (
            ("period_kind", PeriodKind),
            ("peer_rule", PeerRule),
            ("missing_rule", MissingRule),
            ("tie_rule", TieRule),
        )
        if getattr(payload, name) not in choices.values
    }
    if errors:
        raise ValidationError(errors)


@router.get("/schemes", response=list[SchemeOut])
def scheme_list(request: HttpRequest) -> Any:
    """The schemes in view, every edition."""
    return [_scheme_out(s) for s in selectors.scheme_list(user=request.user)[:200]]


@router.post("/schemes", response={201: SchemeOut})
def scheme_create(request: HttpRequest, payload: SchemeIn) -> Any:
    """Create a scheme (weights of the weighted items sum to 100)."""
    draft = _draft(request, payload)
    access.require(permissions.can_manage_scheme(request.user, draft.owner))
    _check_choices(payload)
    scheme = services.scheme_save(actor=access.request_user(request), draft=draft)
    return Status(201, _scheme_out(scheme))


@router.get("/schemes/{scheme_id}", response=SchemeOut)
def scheme_get(request: HttpRequest, scheme_id: int) -> Any:
    return _scheme_out(selectors.scheme_get(user=request.user, scheme_id=scheme_id))


@router.put("/schemes/{scheme_id}", response=SchemeOut)
def scheme_update(request: HttpRequest, scheme_id: int, payload: SchemeIn) -> Any:
    """Change a scheme; a frozen one is never changed: the answer is its next edition."""
    scheme = selectors.scheme_get(user=request.user, scheme_id=scheme_id)
    access.require(permissions.can_change_scheme(request.user, scheme))
    _check_choices(payload)
    saved = services.scheme_save(
        actor=access.request_user(request), draft=_draft(request, payload), scheme=scheme
    )
    return _scheme_out(saved)


@router.post("/schemes/{scheme_id}/compute", response={201: RankingOut})
def ranking_compute(request: HttpRequest, scheme_id: int, period: str = "") -> Any:
    """Compute a draft ranking for ``period`` (default: the last period that ended)."""
    scheme = selectors.scheme_get(user=request.user, scheme_id=scheme_id)
    access.require(permissions.can_change_scheme(request.user, scheme))
    label = period[:8] or latest_complete(scheme.period_kind, timezone.localdate()).label
    ranking = services.ranking_compute(
        actor=access.request_user(request), scheme=scheme, period=label
    )
    return Status(201, _ranking_out(request, ranking, with_lines=True))


def _ranking_out(request: HttpRequest, ranking: Ranking, *, with_lines: bool) -> RankingOut:
    out = RankingOut(
        id=ranking.pk,
        scheme_id=ranking.scheme_id,
        scheme=ranking.scheme.name,
        edition=ranking.scheme.edition,
        period=ranking.period,
        status=ranking.status,
        computed_at=ranking.computed_at,
        published_at=ranking.published_at,
        superseded_by_id=ranking.superseded_by_id,
        supersede_reason=ranking.supersede_reason,
    )
    if not with_lines:
        return out
    table = selectors.Table(ranking)
    everything = permissions.sees_all_inputs(request.user, ranking)
    orgs = {e.organisation_id: e.organisation for e in selectors.entries_of(ranking)}
    names = dict(table.categories)
    for line in table.lines:
        shown = everything or access.can_view(request.user, orgs[line.organisation_id])
        out.lines.append(
            LineOut(
                organisation_id=line.organisation_id,
                organisation=line.name,
                rank=line.rank,
                previous_rank=line.previous_rank,
                total=line.total,
                eligible=line.eligible,
                vetoes=line.vetoes,
                categories={name: value for name, value in line.categories},
                items=[
                    ItemScoreOut(
                        item_id=int(i.id),
                        item=i.name,
                        category=i.category or names.get("", ""),
                        raw=i.cell.get("raw"),
                        source=i.cell.get("source", ""),
                        records=str(i.cell.get("records") or ""),
                        target=i.cell.get("target"),
                        applied=i.cell.get("applied") or {},
                        fraction=i.cell.get("fraction"),
                        points=i.cell.get("points"),
                        weight=i.cell.get("weight", "0"),
                    )
                    for i in table.item_lines(line)
                ]
                if shown
                else None,
            )
        )
    return out


@router.get("/rankings", response=list[RankingOut])
def ranking_list(request: HttpRequest) -> Any:
    """The rankings in view: the owner's side's, and those published that rank the user's."""
    rows = selectors.ranking_list(user=request.user)[:200]
    return [_ranking_out(request, r, with_lines=False) for r in rows]


@router.get("/rankings/{ranking_id}", response=RankingOut)
def ranking_get(request: HttpRequest, ranking_id: int) -> Any:
    """A ranking with every line; each line's item explanations where the user may see them."""
    ranking = selectors.ranking_get(user=request.user, ranking_id=ranking_id)
    return _ranking_out(request, ranking, with_lines=True)


@router.post("/rankings/{ranking_id}/publish", response=RankingOut)
def ranking_publish(request: HttpRequest, ranking_id: int, payload: PublishIn) -> Any:
    """Publish a draft (a reason when it replaces a published ranking of the period)."""
    ranking = selectors.ranking_get(user=request.user, ranking_id=ranking_id)
    access.require(permissions.can_publish_ranking(request.user, ranking))
    published = services.ranking_publish(
        actor=access.request_user(request),
        ranking=ranking,
        reason=payload.reason,
        acknowledged=payload.acknowledged,
    )
    return _ranking_out(request, published, with_lines=False)


@router.get("/rankings/{ranking_id}/organisations/{organisation_id}/change", response=RankChangeOut)
def rank_change(
    request: HttpRequest, ranking_id: int, organisation_id: int, against: int | None = None
) -> Any:
    """Why the organisation's rank changed since the previous period (or ``against``)."""
    ranking = selectors.ranking_get(user=request.user, ranking_id=ranking_id)
    entry = selectors.entries_of(ranking).filter(organisation_id=organisation_id).first()
    if entry is None or not permissions.can_see_inputs(request.user, ranking, entry.organisation):
        raise Http404
    if against is not None:
        earlier: Ranking | None = selectors.ranking_get(user=request.user, ranking_id=against)
        if earlier is None or earlier.scheme.family != ranking.scheme.family:
            raise Http404
    else:
        earlier = selectors.previous_ranking(ranking)
    why: dict[str, Any] = {"before": None, "after": None, "items": []}
    if earlier is not None:
        why = selectors.rank_change(
            earlier=selectors.Table(earlier, items={organisation_id}),
            later=selectors.Table(ranking, items={organisation_id}),
            organisation_id=organisation_id,
        )
    before, after = why["before"], why["after"]
    return RankChangeOut(
        organisation_id=organisation_id,
        earlier_id=earlier.pk if earlier else None,
        later_id=ranking.pk,
        rank_before=before.rank if before else None,
        rank_after=after.rank if after else entry.rank,
        total_before=before.total if before else None,
        total_after=after.total if after else entry.total,
        items=[
            ContributionOut(
                item=c.name,
                category=c.category,
                before=c.before,
                after=c.after,
                raw_before=c.raw_before,
                raw_after=c.raw_after,
                delta=c.delta,
            )
            for c in why["items"]
        ],
    )
