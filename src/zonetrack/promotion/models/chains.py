"""Models of industry chains (产业链招商图谱): a chain is an ordered tree of links (nodes)
with the rule that judges a link's state as data; per zone, the firms present at each link
(链主 among them), the projects placed on it and the target firms that could fill it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record
from zonetrack.projects.models import Enterprise, Project
from zonetrack.registry.models import Cluster, Zone

from ..choices import Segment


class Chain(models.Model):
    """An industry chain: managed data, usually one per cluster. Its state rule is data: a
    link is **strong** with ``strong_firms`` firms present (or a chain leader present when
    ``leader_makes_strong``), a **gap** with no firm present and no project signed on it
    (``signed_fills_gap`` off: no firm present whatever is signed), and **weak** otherwise."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("industry cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chains",
    )
    description = models.TextField(_("description"), blank=True)
    strong_firms = models.PositiveSmallIntegerField(
        _("firms present for a strong link"),
        default=3,
        help_text=_("A link with at least this many firms present is strong."),
    )
    leader_makes_strong = models.BooleanField(_("a chain leader makes a link strong"), default=True)
    signed_fills_gap = models.BooleanField(
        _("a signed project keeps a link from being a gap"), default=True
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.strong_firms is not None and self.strong_firms < 1:
            raise ValidationError({"strong_firms": _("A strong link needs at least one firm.")})


class ChainNode(models.Model):
    """A link of a chain (链上环节): its segment, its key products, and its place in the tree
    (a link may refine a broader one)."""

    chain = models.ForeignKey(
        Chain, verbose_name=_("industry chain"), on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    name = models.CharField(_("name"), max_length=60)
    key_products = models.CharField(_("key products"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["chain", "sort_order", "pk"]
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="chain_node_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent is not None and self.parent.chain_id != self.chain_id:
            raise ValidationError({"parent": _("A link can only be part of a link of its chain.")})
        seen = {self.pk} if self.pk else set()
        node = self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("A link cannot be part of itself.")})
            seen.add(node.pk)
            node = node.parent


class ChainFirm(Record):
    """A firm present at a link in a zone (from the zone's list, entered or imported); the
    zone's projects in production on the link count as present without being listed."""

    org_path = "zone__organisation"

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="chain_firms"
    )
    node = models.ForeignKey(
        ChainNode, verbose_name=_("chain link"), on_delete=models.PROTECT, related_name="firms"
    )
    name = models.CharField(_("firm"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_places",
    )
    is_leader = models.BooleanField(_("chain leader (链主)"), default=False)
    products = models.CharField(_("products"), max_length=200, blank=True)

    class Meta:
        ordering = ["-is_leader", "name", "pk"]
        verbose_name = _("firm on a chain link")
        verbose_name_plural = _("firms on chain links")
        indexes = [models.Index(fields=["zone", "node"], name="chain_firm_zone_node")]

    def __str__(self) -> str:
        return self.name


class TargetFirm(Record):
    """A firm a zone wants to bring to a link (招商目标企业): curated or imported; a lead
    started from it names it."""

    org_path = "zone__organisation"

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="target_firms"
    )
    node = models.ForeignKey(
        ChainNode, verbose_name=_("chain link"), on_delete=models.PROTECT, related_name="targets"
    )
    name = models.CharField(_("firm"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_targets",
    )
    region = models.ForeignKey(
        "promotion.Region",
        verbose_name=_("origin region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("why this firm"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("target firm")
        verbose_name_plural = _("target firms")
        indexes = [models.Index(fields=["zone", "node"], name="target_firm_zone_node")]

    def __str__(self) -> str:
        return self.name


class ChainPlacement(models.Model):
    """A project placed on a chain link: carried from its lead when converted, or placed by
    the zone's officers. A project sits on one link."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="chain_place"
    )
    node = models.ForeignKey(
        ChainNode,
        verbose_name=_("chain link"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project on a chain link")
        verbose_name_plural = _("projects on chain links")

    def __str__(self) -> str:
        return f"{self.project} · {self.node}"
