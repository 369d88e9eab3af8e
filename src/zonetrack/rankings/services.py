"""Writes of rankings: saving a scheme (a frozen one as a new edition), computing a ranking,
publishing and superseding it, panel scores and scored events — each audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import record_change, snapshot, tracked_create, tracked_update
from zonetrack.targets.models import Indicator

from . import inputs as inputs_adapter
from . import notify, permissions, selectors
from .choices import PANEL_RULES, UNWEIGHTED_RULES, PeerRule, RankingStatus, RuleKind
from .compute import compute
from .models import Category, Item, PanelScore, Ranking, RankingEntry, Scheme, ScoredEvent
from .periods import parse
from .rules import check_params

HUNDRED = Decimal(100)
Progress = Callable[[int, int, str], None]


@dataclass
class ItemDraft:
    """One item as the editor (or a template) describes it."""

    name: str
    rule: str
    weight: Decimal = Decimal(0)
    indicator: Indicator | None = None
    params: dict[str, Any] = field(default_factory=dict)
    weights_by_kind: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass
class CategoryDraft:
    name: str
    items: list[ItemDraft] = field(default_factory=list)
    id: int | None = None


@dataclass
class SchemeDraft:
    """A scheme's whole definition: its settings, categories and items."""

    name: str
    owner: Organisation
    period_kind: str
    categories: list[CategoryDraft]
    peer_rule: str = PeerRule.BELOW
    peer_kind: str = "zone_committee"
    peer_zone_level: str = ""
    peers: list[Organisation] = field(default_factory=list)
    missing_rule: str = "zero"
    tie_rule: str = "first_category"
    description: str = ""
    template: str = ""


def weight_sums(items: list[ItemDraft]) -> dict[str, Decimal]:
    """The sum of the weighted items' weights ("" key), and of each zone kind's weight set."""
    weighted = [i for i in items if i.rule not in UNWEIGHTED_RULES]
    sums = {"": sum((Decimal(str(i.weight)) for i in weighted), Decimal(0))}
    kinds = sorted({k for i in weighted for k in (i.weights_by_kind or {})})
    for kind in kinds:
        sums[kind] = sum(
            (Decimal(str((i.weights_by_kind or {}).get(kind, i.weight))) for i in weighted),
            Decimal(0),
        )
    return sums


def check_draft(draft: SchemeDraft) -> None:
    """Refuse a definition that cannot rank, with a message per field (nothing is saved)."""
    errors: dict[str, list[str]] = {}
    items = [item for category in draft.categories for item in category.items]
    if not items:
        errors.setdefault("items", []).append(_("A scheme needs at least one item."))
    for kind, total in weight_sums(items).items():
        if total != HUNDRED and items:
            message = (
                _("The weights sum to %(sum)s, not 100.") % {"sum": f"{total.normalize():f}"}
                if not kind
                else _("The weights of zone kind %(kind)s sum to %(sum)s, not 100.")
                % {"kind": kind, "sum": f"{total.normalize():f}"}
            )
            errors.setdefault("weights", []).append(message)
    for number, item in enumerate(items, start=1):
        problems: list[str] = []
        if item.rule not in RuleKind.values:
            problems.append(_("Unknown scoring rule."))
        needs_indicator = item.rule not in UNWEIGHTED_RULES | PANEL_RULES
        if needs_indicator and item.indicator is None:
            problems.append(_("This rule scores an indicator: choose one."))
        scored = item.indicator
        if (
            item.rule == RuleKind.TARGET_RATIO
            and scored is not None
            and not inputs_adapter.has_targets(scored)
        ):
            problems.append(
                _("%(indicator)s has no targets: a target ratio cannot score it.")
                % {"indicator": scored.name}
            )
        try:
            lower = bool(item.indicator and item.indicator.is_lower_better)
            check_params(item.rule, item.params or {}, lower_is_better=lower)
        except ValidationError as exc:
            problems.extend(exc.messages)
        if problems:
            errors[f"item_{number}"] = [f"{item.name}: {p}" for p in problems]
    if draft.peer_rule == PeerRule.EXPLICIT and len(set(draft.peers)) < 2:
        errors["peers"] = [_("A peer group needs at least two organisations.")]
    if not draft.name.strip():
        errors["name"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)


def _settings(draft: SchemeDraft) -> dict[str, Any]:
    return {
        "name": draft.name.strip(),
        "owner": draft.owner,
        "period_kind": draft.period_kind,
        "peer_rule": draft.peer_rule,
        "peer_kind": draft.peer_kind,
        "peer_zone_level": draft.peer_zone_level,
        "missing_rule": draft.missing_rule,
        "tie_rule": draft.tie_rule,
        "description": draft.description,
    }


@transaction.atomic
def scheme_save(*, actor: User | None, draft: SchemeDraft, scheme: Scheme | None = None) -> Scheme:
    """Create a scheme, or change one. A frozen scheme (it produced a published ranking) is
    never changed in place: the change becomes its next edition, which is returned."""
    access.require(permissions.can_manage_scheme(actor, draft.owner))
    if scheme is not None:
        access.require(permissions.can_change_scheme(actor, scheme))
    check_draft(draft)
    if scheme is None or scheme.is_frozen:
        new = Scheme(**_settings(draft), template=draft.template)
        if scheme is not None:
            latest = selectors.latest_edition(scheme)
            new.family, new.edition, new.replaces = scheme.family, latest.edition + 1, latest
        scheme = tracked_create(actor=actor, obj=new, m2m={"peers": draft.peers})
        keep: dict[int, Item] = {}
    else:
        scheme = tracked_update(
            actor=actor, obj=scheme, changes={**_settings(draft), "peers": draft.peers}
        )
        keep = {i.pk: i for i in selectors.scheme_items(scheme)}
    _write_structure(scheme, draft, keep)
    return scheme


def _write_structure(scheme: Scheme, draft: SchemeDraft, keep: dict[int, Item]) -> None:
    """Write the categories and items: those named by id are updated (panel scores and events
    stay attached), the others created, those no longer listed removed."""
    categories = {c.pk: c for c in scheme.categories.all()}
    used_categories: set[int] = set()
    used_items: set[int] = set()
    for order, cat in enumerate(draft.categories):
        category = categories.get(cat.id) if cat.id else None
        if category is None:
            category = Category.objects.create(scheme=scheme, name=cat.name, sort_order=order)
        else:
            category.name, category.sort_order = cat.name, order
            category.save()
        used_categories.add(category.pk)
        for position, it in enumerate(cat.items):
            values = {
                "category": category,
                "name": it.name,
                "rule": it.rule,
                "indicator": it.indicator,
                "params": it.params or {},
                "weight": Decimal(str(it.weight)),
                "weights_by_kind": {k: str(v) for k, v in (it.weights_by_kind or {}).items()},
                "sort_order": position,
            }
            item = keep.get(it.id) if it.id else None
            if item is None:
                item = Item.objects.create(**values)
            else:
                for name, value in values.items():
                    setattr(item, name, value)
                item.save()
            used_items.add(item.pk)
    Item.objects.filter(category__scheme=scheme).exclude(pk__in=used_items).delete()
    scheme.categories.exclude(pk__in=used_categories).delete()


def draft_of(scheme: Scheme) -> SchemeDraft:
    """A scheme's definition as a draft (the editor's starting point, a copy's source)."""
    return SchemeDraft(
        name=scheme.name,
        owner=scheme.owner,
        period_kind=scheme.period_kind,
        peer_rule=scheme.peer_rule,
        peer_kind=scheme.peer_kind,
        peer_zone_level=scheme.peer_zone_level,
        peers=list(scheme.peers.all()),
        missing_rule=scheme.missing_rule,
        tie_rule=scheme.tie_rule,
        description=scheme.description,
        template=scheme.template,
        categories=[
            CategoryDraft(
                id=c.pk,
                name=c.name,
                items=[
                    ItemDraft(
                        id=i.pk,
                        name=i.name,
                        rule=i.rule,
                        weight=i.weight,
                        indicator=i.indicator,
                        params=dict(i.params or {}),
                        weights_by_kind=dict(i.weights_by_kind or {}),
                    )
                    for i in c.items.all()
                ],
            )
            for c in selectors.scheme_categories(scheme)
        ],
    )


def ranking_inputs(*, actor: User | None, scheme: Scheme, period: str) -> dict[str, Any]:
    """Gather a ranking's inputs as of now, refusing what cannot rank: a peer group of fewer
    than two, organisations the actor may not see, a period with no data at all."""
    found = parse(scheme.period_kind, period)
    peers = selectors.peer_group(scheme)
    if len(peers) < 2:
        raise ValidationError({"peers": _("A peer group needs at least two organisations.")})
    seen = access.visible(Organisation.objects.filter(pk__in=[p.pk for p in peers]), actor)
    if seen.count() != len(peers):
        raise ValidationError({"peers": _("The peer group holds organisations you may not see.")})
    items = selectors.scheme_items(scheme)
    if not items:
        raise ValidationError({"items": _("A scheme needs at least one item.")})
    gathered = inputs_adapter.gather(scheme=scheme, items=items, organisations=peers, period=found)
    if not inputs_adapter.has_any_value(gathered):
        raise ValidationError(
            {"period": _("No organisation has any value for %(period)s.") % {"period": found.label}}
        )
    return gathered


def preview(*, actor: User | None, scheme: Scheme, period: str) -> dict[str, Any]:
    """The ranking a scheme would give on today's data, computed and not saved."""
    access.require(permissions.can_change_scheme(actor, scheme))
    gathered = ranking_inputs(actor=actor, scheme=scheme, period=period)
    return {"inputs": gathered, "result": compute(gathered)}


@transaction.atomic
def ranking_compute(
    *,
    actor: User | None,
    scheme: Scheme,
    period: str,
    progress: Progress | None = None,
) -> Ranking:
    """Compute a draft ranking of the scheme for the period and keep it with its inputs."""
    access.require(permissions.can_change_scheme(actor, scheme))
    if progress:
        progress(0, 3, _("Reading the values"))
    gathered = ranking_inputs(actor=actor, scheme=scheme, period=period)
    if progress:
        progress(1, 3, _("Scoring"))
    result = compute(gathered)
    ranking = Ranking.objects.create(
        scheme=scheme,
        period=gathered["period"],
        inputs=gathered,
        result=result,
        meta=meta_of(gathered),
        computed_by=actor if isinstance(actor, User) else None,
    )
    lines = json.loads(result)["lines"]
    RankingEntry.objects.bulk_create(
        [
            RankingEntry(
                ranking=ranking,
                organisation_id=line["organisation"],
                rank=line["rank"],
                previous_rank=line["previous_rank"],
                total=Decimal(line["total"]),
                is_eligible=line["eligible"],
                categories=line["categories"],
                vetoes=line["vetoes"],
                items=line["items"],
            )
            for line in lines
        ],
        batch_size=500,
    )
    record_change(
        actor=actor, obj=ranking, action=Action.CREATE, before={}, after=_summary(ranking)
    )
    if progress:
        progress(3, 3, _("Done"))
    return ranking


def meta_of(gathered: dict[str, Any]) -> dict[str, Any]:
    """What the pages show of a ranking's inputs besides the lines (see ``Ranking.meta``)."""
    return {
        "organisations": {str(o["id"]): o["name"] for o in gathered["organisations"]},
        "categories": [[str(c["id"]), c["name"]] for c in gathered["categories"]],
        "items": {
            str(i["id"]): {k: v for k, v in i.items() if k != "id"} for i in gathered["items"]
        },
    }


def _summary(ranking: Ranking) -> dict[str, Any]:
    return {
        "scheme": ranking.scheme_id,
        "period": ranking.period,
        "status": ranking.status,
        "supersede_reason": ranking.supersede_reason,
    }


def recompute(ranking: Ranking) -> str:
    """The result computed again from the ranking's stored inputs (equal to ``result``)."""
    return compute(json.loads(json.dumps(ranking.inputs)))


@transaction.atomic
def ranking_publish(*, actor: User | None, ranking: Ranking, reason: str = "") -> Ranking:
    """Publish a draft: it is frozen, its scheme edition too, and the ranked organisations'
    people get a notice. A published ranking of the same period is superseded by it, which
    needs a reason."""
    ranking = Ranking.objects.select_for_update().select_related("scheme").get(pk=ranking.pk)
    access.require(permissions.can_publish_ranking(actor, ranking))
    if ranking.status != RankingStatus.DRAFT:
        raise ValidationError(
            _("Only a draft ranking is published; a published one never changes.")
        )
    current = Ranking.objects.filter(
        scheme__family=ranking.scheme.family,
        period=ranking.period,
        status=RankingStatus.PUBLISHED,
    ).first()
    if current is not None:
        if not reason.strip():
            raise ValidationError(
                {
                    "reason": _(
                        "A ranking of %(period)s is published: say why this one replaces it."
                    )
                    % {"period": ranking.period}
                }
            )
        before = _summary(current)
        Ranking.objects.filter(pk=current.pk).update(
            status=RankingStatus.SUPERSEDED, superseded_by=ranking, supersede_reason=reason.strip()
        )
        current.refresh_from_db()
        record_change(
            actor=actor, obj=current, action=Action.UPDATE, before=before, after=_summary(current)
        )
    before = _summary(ranking)
    ranking.status = RankingStatus.PUBLISHED
    ranking.published_at = timezone.now()
    ranking.save(update_fields=["status", "published_at"])
    record_change(
        actor=actor, obj=ranking, action=Action.UPDATE, before=before, after=_summary(ranking)
    )
    if not ranking.scheme.is_frozen:
        scheme = ranking.scheme
        Scheme.objects.filter(pk=scheme.pk).update(is_frozen=True)
        record_change(
            actor=actor,
            obj=scheme,
            action=Action.UPDATE,
            before={"is_frozen": False},
            after={"is_frozen": True},
        )
    _notify_ranked(ranking)
    return ranking


def _notify_ranked(ranking: Ranking) -> None:
    from django.urls import reverse

    from zonetrack.accounts.models import Membership

    ranked = RankingEntry.objects.filter(ranking=ranking).values("organisation__path")
    paths = [row["organisation__path"] for row in ranked]
    # The people of each ranked organisation (not those above: the owner's side published it).
    users = Membership.objects.filter(organisation__path__in=paths).values_list(
        "user_id", flat=True
    )
    url = reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking.pk})
    text = _("%(scheme)s %(period)s is published.") % {
        "scheme": ranking.scheme.name,
        "period": ranking.period,
    }
    transaction.on_commit(lambda: notify.notify_users(user_ids=list(users), text=text, url=url))


@transaction.atomic
def panel_score_set(
    *, actor: User | None, item: Item, organisation: Organisation, period: str, score: Decimal
) -> PanelScore:
    """Enter (or change) a panel member's score of an organisation on a manual item."""
    scheme = item.category.scheme
    access.require(permissions.can_score_panel(actor, scheme))
    if item.rule != RuleKind.MANUAL:
        raise ValidationError({"item": _("Only a manual item is scored by a panel.")})
    label = parse(scheme.period_kind, period).label
    top = Decimal(str((item.params or {}).get("max", 100)))
    if not Decimal(0) <= score <= top:
        raise ValidationError({"score": _("A score is between 0 and %(max)s.") % {"max": top}})
    row, created = PanelScore.objects.update_or_create(
        item=item,
        organisation=organisation,
        period=label,
        defaults={"score": score, "member": actor if isinstance(actor, User) else None},
    )
    record_change(
        actor=actor,
        obj=row,
        action=Action.CREATE if created else Action.UPDATE,
        before={},
        after=snapshot(row),
    )
    return row


@transaction.atomic
def panel_scores_set(
    *, actor: User | None, period: str, entries: list[tuple[Item, Organisation, Decimal]]
) -> list[PanelScore]:
    """Save a panel grid: every score or none (a refused cell names its grid cell)."""
    saved = []
    errors: dict[str, list[str]] = {}
    for item, organisation, score in entries:
        try:
            saved.append(
                panel_score_set(
                    actor=actor, item=item, organisation=organisation, period=period, score=score
                )
            )
        except ValidationError as exc:
            errors[f"s_{item.pk}_{organisation.pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def event_record(
    *,
    actor: User | None,
    item: Item,
    organisation: Organisation,
    happened_on: date,
    evidence: str,
    department: str,
    count: int = 1,
) -> ScoredEvent:
    """Record an event a bonus, deduction or disqualifying item counts."""
    access.require(permissions.can_score_panel(actor, item.category.scheme))
    if item.rule not in UNWEIGHTED_RULES:
        raise ValidationError(
            {"item": _("Only bonus, deduction and disqualifying items count events.")}
        )
    event = ScoredEvent(
        item=item,
        organisation=organisation,
        happened_on=happened_on,
        count=count,
        evidence=evidence,
        department=department,
        entered_by=actor if isinstance(actor, User) else None,
    )
    event.full_clean()
    event.save()
    record_change(actor=actor, obj=event, action=Action.CREATE, before={}, after=snapshot(event))
    return event


def template_draft(key: str, owner: Organisation) -> SchemeDraft:
    """A built-in template as a draft for ``owner`` (see ``templates_data``)."""
    from .templates_data import TEMPLATES

    spec = TEMPLATES[key]
    codes = {c for _, items in spec["categories"] for _, c, *_ in items if c}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)}
    categories = []
    for name, items in spec["categories"]:
        drafts = []
        for item, code, rule, params, weight, by_kind in items:
            indicator = indicators.get(code) if code else None
            if code and indicator is None:
                rule, params = RuleKind.MANUAL, {"max": 100}
            drafts.append(
                ItemDraft(item, rule, Decimal(weight), indicator, dict(params), dict(by_kind))
            )
        categories.append(CategoryDraft(name, drafts))
    return SchemeDraft(
        name=spec["name"],
        owner=owner,
        period_kind=spec["period_kind"],
        peer_zone_level=spec.get("peer_zone_level", ""),
        description=spec.get("description", ""),
        template=key,
        categories=categories,
    )


@transaction.atomic
def template_load(*, actor: User | None, key: str, owner: Organisation) -> Scheme:
    """Load a built-in template as an editable scheme of ``owner``; a template that replaces an
    older edition (the national 2021 one) loads that edition first and becomes its next."""
    from .templates_data import TEMPLATES

    if key not in TEMPLATES:
        raise ValidationError({"template": _("Unknown template.")})
    older = TEMPLATES[key].get("replaces")
    if older:
        first = template_load(actor=actor, key=older, owner=owner)
        Scheme.objects.filter(pk=first.pk).update(is_frozen=True)
        first.is_frozen = True
        return scheme_save(actor=actor, draft=template_draft(key, owner), scheme=first)
    return scheme_save(actor=actor, draft=template_draft(key, owner))
