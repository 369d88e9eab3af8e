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
