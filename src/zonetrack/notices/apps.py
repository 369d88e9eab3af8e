"""App configuration of notices: it gathers each app's alert conditions (their ``alerts``
modules) and what each app offers to subscriptions (their ``subscriptions`` modules), and adds
the notifications badge to the page shell."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "zonetrack.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.html import format_html
        from django.utils.module_loading import autodiscover_modules
        from django.utils.translation import gettext

        from zonetrack.core.links import register_panel

        from .selectors import unread_count

        # Each app's alerts module registers its kinds, steps, conditions and digest section;
        # importing them here keeps the notices app from naming any of them.
        autodiscover_modules("alerts")
        # Likewise what an app delivers to subscriptions (the dashboards' pack and extract).
        autodiscover_modules("subscriptions")

        def notifications(request: Any, user: Any) -> str:
            if not getattr(user, "is_authenticated", False):
                return ""
            unread = unread_count(user)
            # Built here rather than from a template: rendering one with the request would run
            # every context processor a second time on every page.
            return format_html(
                '<div class="nav-item me-2"><a class="nav-link" id="notifications-link" '
                'href="{}" title="{}">{}{}</a></div>',
                reverse("notices:notification_list"),
                gettext("Notifications"),
                gettext("Notifications"),
                format_html(
                    ' <span class="badge bg-red text-white ms-1" id="unread-count">{}</span>',
                    unread,
                )
                if unread
                else "",
            )

        register_panel("navbar", "notifications", notifications)
