"""Choices of the projects app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import badge_colours


class Stage(models.TextChoices):
    """Where a project is in the pipeline; the order of the first six is the order of life."""

    PURSUED = "pursued", _("Pursued")
    PACKAGED = "packaged", _("Packaged")
    SIGNED = "signed", _("Signed")
    STARTED = "started", _("Started")
    IN_PRODUCTION = "in_production", _("In production")
    AT_CAPACITY = "at_capacity", _("At capacity")
    TERMINATED = "terminated", _("Terminated")


badge_colours(
    Stage,
    {
        Stage.PURSUED: "bg-secondary-lt",
        Stage.PACKAGED: "bg-purple-lt",
        Stage.SIGNED: "bg-blue-lt",
        Stage.STARTED: "bg-orange-lt",
        Stage.IN_PRODUCTION: "bg-green-lt",
        Stage.AT_CAPACITY: "bg-teal-lt",
        Stage.TERMINATED: "bg-red-lt",
    },
)

# The pipeline's order; terminated stands outside it.
STAGE_ORDER = [
    Stage.PURSUED,
    Stage.PACKAGED,
    Stage.SIGNED,
    Stage.STARTED,
    Stage.IN_PRODUCTION,
    Stage.AT_CAPACITY,
]
# The "五个一批" board: 招商, 包装, 签约, 开工, 投产 (at capacity counts with in production).
FIVE_BATCHES = [Stage.PURSUED, Stage.PACKAGED, Stage.SIGNED, Stage.STARTED, Stage.IN_PRODUCTION]
# Stages whose claim the supervising level verifies before it counts.
VERIFIED_STAGES = {Stage.SIGNED, Stage.STARTED, Stage.IN_PRODUCTION, Stage.AT_CAPACITY}


class ProjectKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SERVICE = "service", _("Services")
    AGRICULTURAL = "agricultural", _("Agricultural")
    OTHER = "other", _("Other")


class SourceChannel(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional promotion")
    VIA_ENTERPRISES = "via_enterprises", _("Through existing enterprises")
    VIA_BUSINESS = "via_business", _("Through business contacts")
    EQUITY = "equity", _("Equity investment")
    CHAIN = "chain", _("Industry-chain promotion")
    MARKET = "market", _("Commissioned or market-based promotion")
    OTHER = "other", _("Other")


class ConstructionStatus(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    NEW_START = "new_start", _("New start")
    CONTINUING = "continuing", _("Continuing")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class Verification(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


badge_colours(
    Verification,
    {
        Verification.PENDING: "bg-yellow-lt",
        Verification.VERIFIED: "bg-green-lt",
        Verification.REJECTED: "bg-red-lt",
        Verification.NOT_REQUIRED: "bg-secondary-lt",
    },
)


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# The mark, in a verification's history, of a claim passed without evidence.
WITHOUT_EVIDENCE = "passed_without_evidence"
