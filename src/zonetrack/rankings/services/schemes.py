"""Saving schemes: drafts checked (weights, rules, peers), a frozen scheme saved as its next
edition, and the built-in templates loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.services import tracked_create, tracked_update
from zonetrack.targets.models import Indicator

from .. import inputs as inputs_adapter
from .. import permissions, selectors
from ..choices import PANEL_RULES, UNWEIGHTED_RULES, PeerRule, RuleKind
from ..models import Category, Item, Scheme
from ..rules import check_params

HUNDRED = Decimal(100)


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


def template_draft(key: str, owner: Organisation) -> SchemeDraft:
    """A built-in template as a draft for ``owner`` (see ``templates_data``)."""
    from ..templates_data import TEMPLATES

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
    from ..templates_data import TEMPLATES

    if key not in TEMPLATES:
        raise ValidationError({"template": _("Unknown template.")})
    older = TEMPLATES[key].get("replaces")
    if older:
        first = template_load(actor=actor, key=older, owner=owner)
        Scheme.objects.filter(pk=first.pk).update(is_frozen=True)
        first.is_frozen = True
        return scheme_save(actor=actor, draft=template_draft(key, owner), scheme=first)
    return scheme_save(actor=actor, draft=template_draft(key, owner))
