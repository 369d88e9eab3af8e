"""Choices of the land app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParcelStatus(models.TextChoices):
    """Where a parcel stands, from reserve to supplied (and what supplied land may become)."""

    RESERVE = "reserve", _("Reserve")
    STANDARD = "standard", _("Standard land ready")
    GRANTING = "granting", _("Being granted")
    SUPPLIED = "supplied", _("Supplied")
    IDLE = "idle", _("Idle")
    LOW_EFFICIENCY = "low_efficiency", _("Low efficiency")


class LandUse(models.TextChoices):
    """Planned use of a parcel (the land-use classes a zone offers)."""

    INDUSTRIAL = "industrial", _("Industrial")
    NEW_INDUSTRY = "new_industry", _("New industrial (M0)")
    WAREHOUSE = "warehouse", _("Warehousing and logistics")
    RESEARCH = "research", _("Research and development")
    COMMERCIAL = "commercial", _("Commercial")
    OTHER = "other", _("Other")


class FirmKind(models.TextChoices):
    """Which formula a firm is scored by."""

    ABOVE_SCALE = "above", _("Above designated size")
    BELOW_SCALE = "below", _("Below designated size")


class EvaluationStatus(models.TextChoices):
    """A per-mu evaluation's steps: figures entered and scored, published for comment, final."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published for comment")
    FINAL = "final", _("Final")


class FirmClass(models.TextChoices):
    """A firm's class (亩均论英雄 A/B/C/D), or exempt from classing."""

    A = "A", _("A · develop first")
    B = "B", _("B · raise")
    C = "C", _("C · help transform")
    D = "D", _("D · rectify")
    EXEMPT = "exempt", _("Exempt")


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class ControlIndicator(models.TextChoices):
    """The standard-land "5+X" control indicators and common extras."""

    INVESTMENT_INTENSITY = "investment_intensity", _("Fixed-asset investment intensity")
    PLOT_RATIO = "plot_ratio", _("Plot ratio")
    BUILDING_COEFFICIENT = "building_coefficient", _("Building coefficient")
    TAX_PER_MU = "tax_per_mu", _("Tax per 亩")
    ENERGY_PER_VA = "energy_per_va", _("Energy per unit of value added")
    ENVIRONMENT = "environment", _("Environmental standard")
    OUTPUT_PER_MU = "output_per_mu", _("Output per 亩")
    RND_SHARE = "rnd_share", _("R&D share")


class Comparison(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"


class CheckOutcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_STATED = "not_stated", _("Not stated")


class CommitmentCheckKind(models.TextChoices):
    """When a standard-land promise is checked: at completion, and at the capacity review
    (about three years after the grant)."""

    COMPLETION = "completion", _("Completion check")
    CAPACITY = "capacity", _("Capacity review")


class PromiseOutcome(models.TextChoices):
    """One promise at one check: met, failed, not yet due (a deadline still ahead), or no
    actual figure to compare."""

    MET = "met", _("Met")
    FAILED = "failed", _("Failed")
    NOT_DUE = "not_due", _("Not yet due")
    NOT_STATED = "not_stated", _("No actual figure")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class IdleReason(models.TextChoices):
    """Why a supplied parcel is on the idle-land list (腾笼换鸟)."""

    NOT_STARTED = "not_started", _("Supplied, construction not started")
    MARKED_IDLE = "marked_idle", _("Marked idle")
    CLASS_D = "class_d", _("Firm classed D in the per-mu evaluation")
    NO_TAX = "no_tax", _("Firm paid no tax")


class IdleDecisionKind(models.TextChoices):
    """What the zone decided for a parcel on the idle-land list."""

    RECLAIM = "reclaim", _("Reclaim the land")
    REPLAN = "replan", _("Re-plan its use")
    SUPPORT = "support", _("Support the firm")
