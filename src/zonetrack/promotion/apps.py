"""App configuration of promotion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "zonetrack.promotion"
    label = "promotion"
    verbose_name = _("Promotion")
