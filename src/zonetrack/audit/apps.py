"""App configuration of audit."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zonetrack.audit"
    label = "audit"
    verbose_name = _("Change history")
