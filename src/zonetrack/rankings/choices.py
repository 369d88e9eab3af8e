"""Choices of the rankings app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.badges import badge_colours


class PeriodKind(models.TextChoices):
    """How often a scheme ranks: a period is written 2026H1, 2026Q3 or 2026."""

    HALF_YEAR = "half_year", _("Half-yearly")
    YEAR = "year", _("Yearly")
    QUARTER = "quarter", _("Quarterly")


class PeerRule(models.TextChoices):
    """Which organisations a scheme compares."""

    EXPLICIT = "explicit", _("A list of organisations")
    BELOW = "below", _("Organisations of a kind below an organisation")


class RuleKind(models.TextChoices):
    """How an item's raw values become scores: each a pure function in ``rankings.rules``."""

    LINEAR = "linear", _("Linear between the group's minimum and maximum, or fixed bounds")
    RANK_POINTS = "rank_points", _("Rank points (the first gets the most, then steps down)")
    TARGET_RATIO = "target_ratio", _("Target completion ratio, capped")
    BANDS = "bands", _("Threshold bands")
    GROWTH_VS_AVERAGE = "growth_vs_average", _("Growth versus the group's average")
    MANUAL = "manual", _("Scored by a panel")
    BONUS = "bonus", _("Bonus points per event")
    DEDUCTION = "deduction", _("Deduction per event")
    VETO = "veto", _("Disqualifying event (一票否决)")


# Items outside the weights: points added or taken per event, or a mark of ineligibility.
UNWEIGHTED_RULES = frozenset({RuleKind.BONUS, RuleKind.DEDUCTION, RuleKind.VETO})
# Items whose raw values are events recorded in zonetrack, not indicator values.
EVENT_RULES = UNWEIGHTED_RULES
# Items whose raw values are scores entered by a panel.
PANEL_RULES = frozenset({RuleKind.MANUAL})


class MissingRule(models.TextChoices):
    """How an organisation without a value for an item is scored — never silently as zero."""

    ZERO = "zero", _("Scored zero")
    GROUP_MIN = "group_min", _("Scored as the group's worst value")
    EXCLUDE = "exclude", _("Left out, the other weights re-normalised")


class TieRule(models.TextChoices):
    """How equal totals are ranked."""

    FIRST_CATEGORY = "first_category", _("By the first category's score, then equal rank")
    EQUAL = "equal", _("Equal rank")


class RankingStatus(models.TextChoices):
    """A ranking's life: computed as a draft, published (frozen), superseded by a new one."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


badge_colours(
    RankingStatus,
    {
        RankingStatus.DRAFT: "bg-secondary-lt",
        RankingStatus.PUBLISHED: "bg-green text-white",
        RankingStatus.SUPERSEDED: "bg-yellow-lt",
    },
)


class ValueSource(models.TextChoices):
    """Where an item's raw value came from."""

    REPORTED = "reported", _("Reported statistic")
    COMPUTED = "computed", _("Computed from projects")
    MANUAL = "manual", _("Scored by a panel")
    EVENTS = "events", _("Recorded events")
    MISSING = "missing", _("Missing")
