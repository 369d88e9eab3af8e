"""Per-mu evaluation (亩均论英雄): a year's evaluation by an authority, its rule as data (weights,
benchmarks, class cut-offs, exemptions), the firms' figures and results, and objections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.registry.models import Park, Zone

from ..choices import EvaluationStatus, FirmClass, FirmKind, ObjectionOutcome

# The district rule of REFERENCE.md ("Per-mu performance evaluation"): each indicator's weight
# and the year's benchmark it is divided by (regional averages of one published year).
ABOVE_INDICATORS = (
    "tax_per_mu",
    "va_per_mu",
    "va_per_energy",
    "va_per_emission",
    "va_per_person",
    "rnd_share",
)
BELOW_INDICATORS = ("tax_per_mu", "tax_per_kwh")
DEFAULT_WEIGHTS = {
    FirmKind.ABOVE_SCALE: {
        "tax_per_mu": 30,
        "va_per_mu": 20,
        "va_per_energy": 20,
        "va_per_emission": 10,
        "va_per_person": 10,
        "rnd_share": 10,
    },
    FirmKind.BELOW_SCALE: {"tax_per_mu": 50, "tax_per_kwh": 50},
}
DEFAULT_BENCHMARKS = {
    FirmKind.ABOVE_SCALE: {
        "tax_per_mu": 24.097,
        "va_per_mu": 136.16,
        "va_per_energy": 2.694,
        "va_per_emission": 4929.81,
        "va_per_person": 18.14,
        "rnd_share": 0.0302,
    },
    # The rule publishes no below-scale example: empty benchmarks are the year's averages.
    FirmKind.BELOW_SCALE: {},
}
# Share of the ranked firms (best first, in %) up to which each class reaches; the rest is D.
DEFAULT_CUTOFFS = {"A": 20, "B": 60, "C": 95}
NEW_FIRM_YEARS = 2
NEW_LAND_YEARS = 3


def _default_weights() -> dict[str, dict[str, int]]:
    return {str(kind): dict(weights) for kind, weights in DEFAULT_WEIGHTS.items()}


def _default_benchmarks() -> dict[str, dict[str, float]]:
    return {str(kind): dict(values) for kind, values in DEFAULT_BENCHMARKS.items()}


def _default_cutoffs() -> dict[str, int]:
    return dict(DEFAULT_CUTOFFS)


def rule_errors(weights: Any, benchmarks: Any, cutoffs: Any) -> dict[str, str]:
    """What is wrong with a rule: weights of each kind must be the kind's indicators summing to
    100, benchmarks positive numbers, cut-offs rising shares of at most 100."""
    errors: dict[str, str] = {}
    indicators = {FirmKind.ABOVE_SCALE: ABOVE_INDICATORS, FirmKind.BELOW_SCALE: BELOW_INDICATORS}
    if not isinstance(weights, dict):
        return {"weights": str(_("Weights must be given per firm kind."))}
    for kind, names in indicators.items():
        given = weights.get(str(kind))
        if not isinstance(given, dict) or set(given) - set(names):
            errors["weights"] = str(_("Unknown indicator in the weights."))
            break
        if not all(isinstance(v, int | float) and v >= 0 for v in given.values()):
            errors["weights"] = str(_("Weights are numbers of at least zero."))
            break
        if abs(sum(given.values()) - 100) > 1e-9:
            errors["weights"] = str(
                _("The weights of %(kind)s firms sum to %(total)s, not 100.")
                % {"kind": kind.label, "total": f"{sum(given.values()):g}"}
            )
            break
    if not isinstance(benchmarks, dict) or not all(
        isinstance(values, dict)
        and all(isinstance(v, int | float) and v > 0 for v in values.values())
        for values in benchmarks.values()
    ):
        errors["benchmarks"] = str(_("Benchmarks are numbers above zero."))
    if (
        not isinstance(cutoffs, dict)
        or set(cutoffs) != {"A", "B", "C"}
        or not all(isinstance(v, int | float) for v in cutoffs.values())
        or not 0 <= cutoffs["A"] <= cutoffs["B"] <= cutoffs["C"] <= 100
    ):
        errors["cutoffs"] = str(_("Cut-offs are shares A ≤ B ≤ C between 0 and 100."))
    return errors


class Evaluation(Record):
    """One year's per-mu evaluation by an authority (a zone committee or a bureau)."""

    # The rule's weights and benchmarks are shown on the evaluation's page, in its language;
    # their JSON keys would show in the history as code words.
    history_exclude = Record.history_exclude | {"weights", "benchmarks"}

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("evaluated by"),
        on_delete=models.PROTECT,
        related_name="land_evaluations",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    title = models.CharField(_("title"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    weights = models.JSONField(_("weights"), default=_default_weights)
    benchmarks = models.JSONField(_("benchmarks"), default=_default_benchmarks, blank=True)
    cutoffs = models.JSONField(_("class cut-offs (%)"), default=_default_cutoffs)
    new_firm_years = models.PositiveSmallIntegerField(
        _("firms younger than this many years are exempt"), default=NEW_FIRM_YEARS
    )
    new_land_years = models.PositiveSmallIntegerField(
        _("land granted within this many years is exempt"), default=NEW_LAND_YEARS
    )
    comment_days = models.PositiveSmallIntegerField(
        _("days of publication for comment"),
        default=5,
        validators=[MinValueValidator(1)],
    )
    firms_count = models.PositiveIntegerField(_("firms"), default=0, editable=False)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    comment_ends_on = models.DateField(_("comments until"), null=True, blank=True)
    finalised_on = models.DateField(_("final on"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "organisation_id"]
        verbose_name = _("per-mu evaluation")
        verbose_name_plural = _("per-mu evaluations")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="evaluation_one_per_year")
        ]

    def __str__(self) -> str:
        return self.title

    def validate_constraints(self, exclude: Any = None) -> None:
        super().validate_constraints(exclude={*(exclude or ()), "year"})

    def clean(self) -> None:
        errors: dict[str, Any] = rule_errors(self.weights, self.benchmarks, self.cutoffs)
        if self.organisation_id and self.year:
            twins = Evaluation.objects.filter(organisation_id=self.organisation_id, year=self.year)
            if twins.exclude(pk=self.pk).exists():
                errors["year"] = _("This authority already has an evaluation of this year.")
        if errors:
            raise ValidationError(errors)


class FirmYear(models.Model):
    """One firm's figures of the evaluated year, and its score and class."""

    org_path = "evaluation__organisation"

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="firms", verbose_name=_("evaluation")
    )
    name = models.CharField(_("firm"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zone"),
    )
    park = models.ForeignKey(
        Park,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("park"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FirmKind.choices)
    land_mu = models.DecimalField(_("land used (亩)"), max_digits=12, decimal_places=2)
    tax_wan = models.DecimalField(_("tax paid (万元)"), max_digits=14, decimal_places=2)
    value_added_wan = models.DecimalField(
        _("value added (万元)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    output_wan = models.DecimalField(
        _("output (万元)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    energy_tce = models.DecimalField(
        _("energy used (tce)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    emissions_t = models.DecimalField(
        _("emissions (t)"), max_digits=14, decimal_places=3, default=Decimal(0)
    )
    electricity_wan_kwh = models.DecimalField(
        _("electricity (万kWh)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)
    rnd_wan = models.DecimalField(
        _("R&D spending (万元)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    land_granted_year = models.PositiveSmallIntegerField(
        _("land granted in"), null=True, blank=True
    )
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    computed_class = models.CharField(
        _("class"), max_length=10, choices=FirmClass.choices, blank=True
    )
    final_class = models.CharField(
        _("final class"), max_length=10, choices=FirmClass.choices, blank=True
    )
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        ordering = ["evaluation_id", "kind", "rank", "name"]
        verbose_name = _("firm-year")
        verbose_name_plural = _("firm-years")
        indexes = [models.Index(fields=["evaluation", "kind", "rank"], name="firmyear_rank")]

    def __str__(self) -> str:
        return self.name


class Objection(models.Model):
    """A firm's objection to its published result, with evidence, and the decision on it."""

    org_path = "firm__evaluation__organisation"

    firm = models.ForeignKey(
        FirmYear, on_delete=models.CASCADE, related_name="objections", verbose_name=_("firm")
    )
    filed_on = models.DateField(_("filed on"))
    text = models.TextField(_("objection"))
    evidence = models.TextField(_("evidence"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=ObjectionOutcome.choices,
        default=ObjectionOutcome.PENDING,
    )
    new_class = models.CharField(
        _("class after the decision"), max_length=10, choices=FirmClass.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.firm}: {self.filed_on}"
