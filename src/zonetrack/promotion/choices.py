"""Choices of promotion: a lead's status and an interaction's kind."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONVERTED = "converted", _("Converted")
    DORMANT = "dormant", _("Dormant")
    LOST = "lost", _("Lost")


# Where a lead may go from each status by a plain step; converting is its own service (it
# makes a project), and a converted or lost lead is finished.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    LeadStatus.NEW: (LeadStatus.CONTACTED, LeadStatus.DORMANT, LeadStatus.LOST),
    LeadStatus.CONTACTED: (LeadStatus.NEGOTIATING, LeadStatus.DORMANT, LeadStatus.LOST),
    LeadStatus.NEGOTIATING: (LeadStatus.CONTACTED, LeadStatus.DORMANT, LeadStatus.LOST),
    LeadStatus.DORMANT: (LeadStatus.CONTACTED, LeadStatus.NEGOTIATING, LeadStatus.LOST),
    LeadStatus.CONVERTED: (),
    LeadStatus.LOST: (),
}
OPEN_STATUSES = (
    LeadStatus.NEW,
    LeadStatus.CONTACTED,
    LeadStatus.NEGOTIATING,
    LeadStatus.DORMANT,
)
CONVERTIBLE_STATUSES = (LeadStatus.CONTACTED, LeadStatus.NEGOTIATING)


class InteractionKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    SITE_TOUR = "site_tour", _("Site tour")


class EventKind(models.TextChoices):
    PROMOTION = "promotion", _("Promotion event (推介会)")
    SIGNING = "signing", _("Signing ceremony (签约仪式)")


class IncentiveKind(models.TextChoices):
    """What an incentive agreement promises an investor (招商协议 / 政策兑现)."""

    SUBSIDY = "subsidy", _("Subsidy")
    TAX_REBATE = "tax_rebate", _("Tax rebate")
    LAND_PRICE = "land_price", _("Land-price concession")
    RENT_FREE = "rent_free", _("Rent-free factory space")


class ConditionKind(models.TextChoices):
    """What the investor must meet for the incentives: read from the project's own records
    (investment, production), or a figure reported when checked (jobs, tax)."""

    INVESTMENT_BY = "investment_by", _("Investment completed by a date")
    PRODUCTION_BY = "production_by", _("In production by a date")
    JOBS = "jobs", _("Jobs by a date")
    TAX_YEAR = "tax_year", _("Tax paid in a year")


# Conditions whose actual figure is reported by whoever checks (no record of zonetrack holds it).
REPORTED_CONDITIONS = frozenset({ConditionKind.JOBS, ConditionKind.TAX_YEAR})


class ConditionOutcome(models.TextChoices):
    MET = "met", _("Met")
    FAILED = "failed", _("Failed")
    NOT_DUE = "not_due", _("Not yet due")


class FollowUpAction(models.TextChoices):
    """What a failed condition opens: paid money is clawed back, unpaid money suspended."""

    CLAWBACK = "clawback", _("Claw back (追回)")
    SUSPEND = "suspend", _("Suspend payments")


class Segment(models.TextChoices):
    """Where a link sits on its industry chain."""

    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class NodeState(models.TextChoices):
    """A link's state in a zone (强链 / 补链): strong, weak, or a gap to fill."""

    STRONG = "strong", _("Strong")
    WEAK = "weak", _("Weak")
    GAP = "gap", _("Gap")
