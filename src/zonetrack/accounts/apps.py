"""App configuration of accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zonetrack.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        # core's base views load records through the one gate without importing accounts.
        from zonetrack.core import gate

        from . import access

        gate.register(access.get_visible)
