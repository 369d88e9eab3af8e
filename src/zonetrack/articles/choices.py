"""Choices of the articles app, with the badge colour of each status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import badge_colours


class ArticleStatus(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready for review")
    FAILED = "failed", _("Failed")
    REVIEWED = "reviewed", _("Reviewed")


badge_colours(
    ArticleStatus,
    {
        ArticleStatus.PROCESSING: "bg-blue-lt",
        ArticleStatus.READY: "bg-yellow-lt",
        ArticleStatus.FAILED: "bg-red-lt",
        ArticleStatus.REVIEWED: "bg-green-lt",
    },
)


class FactType(models.TextChoices):
    ZONE = "zone", _("Zone")
    AMOUNT = "amount", _("Amount")
    PROJECT_COUNT = "project_count", _("Project count")
    TARGET = "target", _("Target")
    DATE = "date", _("Date")
    ORGANISATION = "organisation", _("Organisation")
    INDUSTRY_CLUSTER = "industry_cluster", _("Industry cluster")
    QUANTITY = "quantity", _("Quantity")


class Review(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    EDITED = "edited", _("Accepted with corrections")
    REJECTED = "rejected", _("Rejected")


badge_colours(
    Review,
    {
        Review.PROPOSED: "bg-secondary-lt",
        Review.ACCEPTED: "bg-green-lt",
        Review.EDITED: "bg-teal-lt",
        Review.REJECTED: "bg-red-lt",
    },
)

# Review states whose fact a person has vouched for.
ACCEPTED_STATES = (Review.ACCEPTED, Review.EDITED)


class Verdict(models.TextChoices):
    """What zonetrack's records say of a figure an article claims for a zone."""

    AGREES = "agrees", _("Agrees with the records")
    DIFFERS = "differs", _("Differs from the records")
    NOT_RECORDED = "not_recorded", _("Not recorded")


badge_colours(
    Verdict,
    {
        Verdict.AGREES: "bg-green-lt",
        Verdict.DIFFERS: "bg-red-lt",
        Verdict.NOT_RECORDED: "bg-secondary-lt",
    },
)
