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
