"""Projects, their investors, the rules and reasons of their stages, and the kept counters and
pipeline totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record
from zonetrack.registry.models import Cluster, Park, Zone

from ..choices import (
    ConstructionStatus,
    ProjectKind,
    SourceChannel,
    Stage,
)
from ..validators import validate_credit_code

# 10,000 亿元 in 万元: anything larger is a typing error, not an investment.
MAX_AMOUNT_WAN = Decimal("100000000")


# Any, not object: the values are spread as DecimalField keyword arguments of different types.
money: dict[str, Any] = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [
        MinValueValidator(Decimal("0"), _("An amount cannot be negative.")),
        MaxValueValidator(MAX_AMOUNT_WAN, _("An amount above 10,000 亿元 is not plausible.")),
    ],
}


class StageRule(models.Model):
    """What evidence a claimed stage calls for, and whether a claim without it is refused.

    Practice varies between provinces, so these are data an administrator edits, not code.
    """

    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, unique=True)
    evidence = models.CharField(_("expected evidence"), max_length=200, blank=True)
    needs_evidence = models.BooleanField(_("refuse claims without evidence"), default=False)

    class Meta:
        ordering = ["stage"]
        verbose_name = _("stage rule")
        verbose_name_plural = _("stage rules")

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.evidence}"


class EndReason(models.Model):
    """Why projects end (终止): a managed list, so terminations can be counted by reason."""

    name = models.CharField(_("reason"), max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("reason for termination")
        verbose_name_plural = _("reasons for termination")

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """An investor, one record per firm across zones, known by its unified social credit code
    when it has one: its industry, scale, headquarters and the lists it is on (上市, 世界500强,
    中国500强, 链主 candidate). Its contacts are ``EnterpriseContact`` rows."""

    class Scale(models.TextChoices):
        """The firm's size class (大型/中型/小型/微型), as the statistics bureau grades it."""

        LARGE = "large", _("Large")
        MEDIUM = "medium", _("Medium")
        SMALL = "small", _("Small")
        MICRO = "micro", _("Micro")

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(
        _("industry"),
        max_length=60,
        blank=True,
        help_text=_("In a few words, e.g. 光伏组件 or 汽车零部件."),
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("industry cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, blank=True)
    headquarters = models.CharField(
        _("headquarters region"),
        max_length=40,
        blank=True,
        help_text=_("A province, city or region, e.g. 上海市 or 长三角."),
    )
    is_listed = models.BooleanField(_("listed company"), default=False)
    is_fortune500 = models.BooleanField(_("Fortune Global 500"), default=False)
    is_china500 = models.BooleanField(_("China 500"), default=False)
    is_chain_leader_candidate = models.BooleanField(_("chain-leader candidate"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


# What the scope indexes of projects carry besides their keys: a list's totals by stage.
SCOPE_COLUMNS = ("stage", "verified_stage", "total_investment_wan")


class Project(Record):
    """An investment project of a zone, from first lead to production."""

    org_path = "zone__organisation"

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="projects"
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    code = models.CharField(_("project code"), max_length=30, editable=False)
    name = models.CharField(_("name"), max_length=200)
    investor = models.ForeignKey(
        Enterprise,
        verbose_name=_("investor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("industry cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.INDUSTRIAL
    )
    total_investment_wan = models.DecimalField(
        _("total investment (万元)"), null=True, blank=True, **money
    )
    fixed_asset_investment_wan = models.DecimalField(
        _("of which fixed assets (万元)"), null=True, blank=True, **money
    )
    foreign_capital_usd_wan = models.DecimalField(
        _("foreign capital (万美元)"), null=True, blank=True, **money
    )
    land_mu = models.DecimalField(
        _("planned land (亩)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    floor_m2 = models.DecimalField(
        _("planned floor area (m²)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    expected_output_wan = models.DecimalField(
        _("expected annual output (万元)"), null=True, blank=True, **money
    )
    expected_tax_wan = models.DecimalField(
        _("expected annual tax (万元)"), null=True, blank=True, **money
    )
    expected_jobs = models.PositiveIntegerField(_("expected jobs"), null=True, blank=True)
    is_provincial_key = models.BooleanField(_("provincial key project"), default=False)
    is_city_key = models.BooleanField(_("city key project"), default=False)
    origin_region = models.CharField(_("investor from"), max_length=40, blank=True)
    source_channel = models.CharField(
        _("source channel"), max_length=20, choices=SourceChannel.choices, blank=True
    )
    description = models.TextField(_("scale and main content"), blank=True)
    location = models.JSONField(_("location (GeoJSON)"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PURSUED, editable=False
    )
    stage_on = models.DateField(
        _("in this stage since"), null=True, blank=True, editable=False, db_index=True
    )
    verified_stage = models.CharField(
        _("verified stage"),
        max_length=20,
        choices=Stage.choices,
        default=Stage.PURSUED,
        editable=False,
        help_text=_("The stage statistics count: the latest claim the supervising level accepted."),
    )
    signed_on = models.DateField(_("signing date"), null=True, blank=True, editable=False)
    started_on = models.DateField(_("start date"), null=True, blank=True, editable=False)
    production_on = models.DateField(_("production date"), null=True, blank=True, editable=False)
    construction_status = models.CharField(
        _("construction status"),
        max_length=20,
        choices=ConstructionStatus.choices,
        default=ConstructionStatus.PREPARATION,
    )
    is_in_statistics = models.BooleanField(_("in the investment statistics (入统)"), default=False)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officer_projects",
    )
    task_force = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("task force"),
        blank=True,
        related_name="task_force_projects",
    )
    end_reason = models.ForeignKey(
        EndReason,
        verbose_name=_("reason for termination"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"is_active": True},
        related_name="projects",
    )
    lost_to = models.CharField(_("won instead by"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="project_unique_code_in_zone")
        ]
        indexes = [
            models.Index(fields=["zone", "stage"]),
            models.Index(fields=["stage", "archived_at"]),
            models.Index(fields=["zone", "verified_stage"]),
            models.Index(fields=["-updated_at", "-id"], name="project_recent"),
            # Covers the pipeline counts: stage totals per zone read from the index alone.
            models.Index(
                fields=["zone", "archived_at", "stage", "verified_stage", "total_investment_wan"],
                name="project_pipeline",
            ),
            # Cover the lists and filtered totals of a scope (PostgreSQL; elsewhere the key
            # columns alone): a page's ids in the default order, and the totals filtered by
            # stage, cluster or key flag, read from an index alone for the visible zones; a
            # cluster or a flag reads only its own projects.
            models.Index(
                fields=["zone", "-updated_at", "-id"],
                include=[*SCOPE_COLUMNS, "cluster", "is_provincial_key", "is_city_key"],
                condition=models.Q(archived_at__isnull=True),
                name="project_scope",
            ),
            models.Index(
                fields=["cluster", "zone", "-updated_at", "-id"],
                include=[*SCOPE_COLUMNS, "is_provincial_key", "is_city_key"],
                condition=models.Q(archived_at__isnull=True),
                name="project_scope_cluster",
            ),
            models.Index(
                fields=["zone", "-updated_at", "-id"],
                include=[*SCOPE_COLUMNS, "cluster"],
                condition=models.Q(archived_at__isnull=True, is_provincial_key=True),
                name="project_scope_provincial",
            ),
            models.Index(
                fields=["zone", "-updated_at", "-id"],
                include=[*SCOPE_COLUMNS, "cluster"],
                condition=models.Q(archived_at__isnull=True, is_city_key=True),
                name="project_scope_city",
            ),
            # Covers the pipeline board's cards: a column's ids, largest first, read from the
            # index alone for the visible zones, a cluster or a key flag.
            models.Index(
                fields=["zone", "stage"],
                include=[
                    "total_investment_wan",
                    "name",
                    "id",
                    "cluster",
                    "is_provincial_key",
                    "is_city_key",
                ],
                condition=models.Q(archived_at__isnull=True),
                name="project_board",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pending(self) -> bool:
        """Whether the claimed stage still waits for verification (statistics count another)."""
        return self.verified_stage != self.stage

    def is_assigned_to(self, user: Any) -> bool:
        """Officers edit the projects they answer for: as officer, leader or task force."""
        if not getattr(user, "pk", None):
            return False
        if user.pk in (self.officer_id, self.leader_id):
            return True
        return self.pk is not None and self.task_force.filter(pk=user.pk).exists()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (
            self.park_id
            and self.zone_id
            and self.park is not None
            and self.park.zone_id != self.zone_id
        ):
            errors["park"] = _("The park belongs to another zone.")
        if (
            self.fixed_asset_investment_wan is not None
            and self.total_investment_wan is not None
            and self.fixed_asset_investment_wan > self.total_investment_wan
        ):
            errors["fixed_asset_investment_wan"] = _(
                "Fixed-asset investment cannot exceed the total investment."
            )
        if errors:
            raise ValidationError(errors)


class ProjectCounter(models.Model):
    """The last project number given in a zone and year: project codes are allocated from it
    under its row lock, so parallel creates never pick the same number, and numbers go on past
    9,999 (codes simply grow a digit)."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    org_path: ClassVar[str] = "zone__organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "year"], name="project_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.year}: {self.last_number}"


class PipelineTotal(models.Model):
    """How many active projects a zone has, and their total investment, per claimed stage and
    verified stage: what the five-batch counts read, so a province's counts add up a few
    thousand rows rather than every project.

    Derived data, rebuilt for a zone by ``services.refresh_pipeline`` in the same transaction
    as every write that moves a project's stage, verification, investment or archiving.
    """

    zone = models.ForeignKey("registry.Zone", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    verified_stage = models.CharField(max_length=20, choices=Stage.choices)
    projects = models.PositiveIntegerField()
    investment_wan = models.DecimalField(max_digits=20, decimal_places=2)

    org_path: ClassVar[str] = "zone__organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "stage", "verified_stage"], name="pipeline_total_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.stage}/{self.verified_stage}: {self.projects}"
