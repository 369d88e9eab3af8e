"""Promotion's alert conditions, announced by the notices app in its daily job (each once, in
the app, by e-mail and to webhooks):

- a lead's next action past its due date: the lead's owner is told;
- an enquiry not answered within the response-time target: its owner is told;
- a firm pursued by open leads of two zones of one city: the city's managers are told once
  per firm and set of zones (the projects app's duplicate-investor rule, on leads).

Registered here, in the module the notices app imports at start-up.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership
from zonetrack.notices.conditions import Condition
from zonetrack.notices.delivery import register_source
from zonetrack.notices.kinds import register_kinds

from . import selectors

MANAGING_ROLES = (Role.MANAGER, Role.ADMIN)


class PromotionAlertKind(models.TextChoices):
    """The kinds of alert promotion raises (codes stored with each alert)."""

    LEAD_OVERDUE = "promotion_lead_overdue", gettext_lazy("Lead: next action overdue")
    DUPLICATE_PURSUIT = "promotion_duplicate", gettext_lazy("Firm pursued by two zones")
    ENQUIRY_LATE = "promotion_enquiry_late", gettext_lazy("Enquiry not answered in time")


def _overdue(day: date) -> list[Condition]:
    return [
        Condition(
            key=f"pl:{lead.pk}:{lead.next_action_on.isoformat()}",
            kind=PromotionAlertKind.LEAD_OVERDUE,
            organisation_id=lead.zone.organisation_id,
            title=_("Lead %(name)s: %(action)s was due on %(date)s.")
            % {
                "name": lead.name,
                "action": lead.next_action,
                "date": lead.next_action_on.isoformat(),
            },
            link=reverse("promotion:lead_detail", kwargs={"lead_id": lead.pk}),
            recipients={lead.owner_id},
            deadline=lead.next_action_on,
            figures=[
                (_("Zone"), lead.zone.name),
                (_("Next action"), lead.next_action),
                (_("Days overdue"), str((day - lead.next_action_on).days)),
            ],
        )
        for lead in selectors.overdue_leads(day)
        if lead.next_action_on is not None and lead.owner_id is not None
    ]


def _duplicates(day: date) -> list[Condition]:
    found = selectors.duplicate_pursuits(user=None)
    by_city: dict[tuple[int, int], list] = defaultdict(list)
    for investor_id, leads in found.items():
        for lead in leads:
            city = lead.zone.organisation.parent_id
            if city is not None:
                by_city[(investor_id, city)].append(lead)
    managers: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation__in={city for _i, city in by_city},
        role__in=MANAGING_ROLES,
        user__is_active=True,
    ).values_list("organisation_id", "user_id"):
        managers[organisation_id].add(user_id)
    conditions = []
    for (investor_id, city), leads in sorted(by_city.items()):
        zones = sorted({lead.zone_id for lead in leads})
        if len(zones) < 2:
            continue
        names = "、".join(sorted({lead.zone.name for lead in leads}))
        conditions.append(
            Condition(
                key=f"pd:{investor_id}:{city}:{'-'.join(map(str, zones))}",
                kind=PromotionAlertKind.DUPLICATE_PURSUIT,
                organisation_id=city,
                title=_("%(firm)s is pursued by several zones: %(zones)s")
                % {"firm": leads[0].investor_name, "zones": names},
                link=reverse("promotion:lead_list") + f"?q={leads[0].investor_name}",
                recipients=set(managers.get(city, set())),
                figures=[(_("Zones"), names)],
            )
        )
    return conditions


def _late_enquiries(day: date) -> list[Condition]:
    # The daily job looks at the end of ``day``: what was late by then.
    now = timezone.make_aware(datetime.combine(day, time.max))
    return [
        Condition(
            key=f"pe:{enquiry.pk}",
            kind=PromotionAlertKind.ENQUIRY_LATE,
            organisation_id=enquiry.zone.organisation_id,
            title=_("Enquiry %(subject)s from %(enquirer)s has not been answered in time.")
            % {"subject": enquiry.subject, "enquirer": enquiry.enquirer},
            link=reverse("promotion:enquiry_list") + f"?zone={enquiry.zone_id}",
            recipients={enquiry.owner_id} if enquiry.owner_id else set(),
            figures=[
                (_("Zone"), enquiry.zone.name),
                (_("Received"), timezone.localtime(enquiry.received_at).strftime("%Y-%m-%d %H:%M")),
            ],
        )
        for enquiry in selectors.late_enquiries(now)
    ]


def conditions(day: date) -> list[Condition]:
    """Every promotion condition true on ``day``."""
    return [*_overdue(day), *_duplicates(day), *_late_enquiries(day)]


register_kinds(PromotionAlertKind)
register_source("promotion", conditions)
