"""Evaluation schemes (考核办法) with categories and scored items, the panel scores and events
some items count, and the frozen rankings (龙虎榜) computed from them."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.registry.choices import ZoneLevel
from zonetrack.targets.models import Indicator

from .choices import MissingRule, PeerRule, PeriodKind, RankingStatus, RuleKind, TieRule

weight_field: dict[str, Any] = {
    "max_digits": 6,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
}


class Scheme(Record):
    """An evaluation scheme (考核办法): who is compared, on which weighted items, how often.

    Versioned: the editions of one scheme share a ``family``. An edition that has produced a
    published ranking is frozen (``is_frozen``); changing it makes a new edition, so every
    published ranking keeps the rules it was computed by.
    """

    org_path: ClassVar[str] = "owner"

    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    edition = models.PositiveSmallIntegerField(_("edition"), default=1, editable=False)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    name = models.CharField(_("name"), max_length=100)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.PROTECT,
        related_name="ranking_schemes",
    )
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.HALF_YEAR
    )
    peer_rule = models.CharField(
        _("peer group"), max_length=10, choices=PeerRule.choices, default=PeerRule.BELOW
    )
    peers = models.ManyToManyField(
        Organisation, verbose_name=_("organisations compared"), blank=True, related_name="+"
    )
    peer_kind = models.CharField(
        _("kind of organisation compared"),
        max_length=30,
        choices=OrganisationKind.choices,
        default=OrganisationKind.ZONE_COMMITTEE,
        blank=True,
    )
    peer_zone_level = models.CharField(
        _("zone level compared"), max_length=20, choices=ZoneLevel.choices, blank=True
    )
    missing_rule = models.CharField(
        _("missing data"), max_length=10, choices=MissingRule.choices, default=MissingRule.ZERO
    )
    tie_rule = models.CharField(
        _("ties"), max_length=20, choices=TieRule.choices, default=TieRule.FIRST_CATEGORY
    )
    is_frozen = models.BooleanField(_("frozen"), default=False, editable=False)
    template = models.CharField(_("template"), max_length=40, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "-edition"]
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        constraints = [
            models.UniqueConstraint(fields=["family", "edition"], name="scheme_unique_edition")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})" if self.edition > 1 else self.name


class Category(models.Model):
    """A group of items (一级指标) of a scheme, shown with its subtotal."""

    org_path: ClassVar[str] = "scheme__owner"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A scored item: an indicator (or a panel's score, or events), its rule and weight.

    ``params`` holds the rule's parameters as data (``rankings.rules`` reads them);
    ``weights_by_kind`` an optional weight per zone kind (the national 2016 edition weighs
    items differently by kind), each kind's weights summing to 100.
    """

    org_path: ClassVar[str] = "category__scheme__owner"

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("name"), max_length=80)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule = models.CharField(
        _("scoring rule"), max_length=20, choices=RuleKind.choices, default=RuleKind.LINEAR
    )
    params = models.JSONField(_("rule parameters"), default=dict, blank=True)
    weight = models.DecimalField(_("weight"), default=Decimal("0"), **weight_field)
    weights_by_kind = models.JSONField(_("weights by zone kind"), default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["category__sort_order", "sort_order", "pk"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .rules import check_params

        errors: dict[str, Any] = {}
        needs_indicator = self.rule not in (
            RuleKind.MANUAL,
            RuleKind.BONUS,
            RuleKind.DEDUCTION,
            RuleKind.VETO,
        )
        if needs_indicator and self.indicator_id is None:
            errors["indicator"] = _("This rule scores an indicator: choose one.")
        try:
            lower = bool(self.indicator is not None and self.indicator.is_lower_better)
            check_params(self.rule, self.params or {}, lower_is_better=lower)
        except ValidationError as exc:
            errors["params"] = exc.messages
        if errors:
            raise ValidationError(errors)


class PanelScore(models.Model):
    """A panel's score of one organisation on a manual item (服务水平, 党建) for a period, with
    the panel member who gave it."""

    org_path: ClassVar[str] = "organisation"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="panel_scores")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=8)
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("panel member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item", "organisation"]
        verbose_name = _("panel score")
        verbose_name_plural = _("panel scores")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organisation", "period"], name="panel_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period} {self.item}: {self.score}"


class ScoredEvent(models.Model):
    """An event a bonus, deduction or disqualifying item counts: an inspection finding, a
    serious safety accident, an award — with its date, evidence and reporting department."""

    org_path: ClassVar[str] = "organisation"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    happened_on = models.DateField(_("date"))
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    evidence = models.CharField(_("evidence"), max_length=300)
    department = models.CharField(_("reporting department"), max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "pk"]
        verbose_name = _("scored event")
        verbose_name_plural = _("scored events")

    def __str__(self) -> str:
        return f"{self.organisation} {self.happened_on}: {self.evidence}"


class Ranking(models.Model):
    """A computed ranking (龙虎榜) of a scheme's edition for one period: never edited.

    ``inputs`` holds every raw value, target and weight as of computing, ``result`` the
    canonical JSON computed from them alone (``rankings.compute``), so recomputing from the
    stored inputs gives the same bytes. Draft → published → superseded (with a reason).
    """

    org_path: ClassVar[str] = "scheme__owner"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rankings")
    period = models.CharField(_("period"), max_length=8)
    status = models.CharField(
        _("status"), max_length=12, choices=RankingStatus.choices, default=RankingStatus.DRAFT
    )
    inputs = models.JSONField(_("inputs"), default=dict, editable=False)
    result = models.TextField(_("result"), editable=False)
    # What the pages show besides the lines: organisations' names, categories, items (from the
    # inputs), so a page never reads the inputs and the result whole.
    meta = models.JSONField(default=dict, editable=False)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersede_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-period", "-computed_at", "-pk"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period"],
                condition=models.Q(status="published"),
                name="ranking_one_published_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name} {self.period}"

    @property
    def is_published(self) -> bool:
        return self.status == RankingStatus.PUBLISHED


class RankingEntry(models.Model):
    """One ranked organisation's line of a ranking: a copy of the result's line, for queries,
    for pages that read one line, and for the access rule "a published ranking is visible to
    the organisations it ranks"."""

    org_path: ClassVar[str] = "organisation"

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))
    previous_rank = models.PositiveIntegerField(_("previous rank"), null=True, blank=True)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=4)
    is_eligible = models.BooleanField(_("eligible for honours"), default=True)
    # The line as the result holds it: category subtotals, disqualifying items, item cells.
    categories = models.JSONField(default=dict)
    vetoes = models.JSONField(default=list)
    items = models.JSONField(default=dict)

    class Meta:
        ordering = ["rank", "organisation_id"]
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")
        constraints = [
            models.UniqueConstraint(fields=["ranking", "organisation"], name="ranking_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.organisation}"

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (positive: moved up)."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank
