"""Promotion's alerts: an overdue next action tells the lead's owner once, and a firm pursued
by two zones of one city tells the city's managers, nobody else."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zonetrack.notices.delivery import run_daily
from zonetrack.notices.models import Notification
from zonetrack.projects.services import enterprise_for
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.promotion import services
from zonetrack.promotion.alerts import PromotionAlertKind
from zonetrack.promotion.choices import LeadStatus

from ..conftest import World
from .factories import make_lead

TODAY = timezone.localdate()


def _told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_overdue_next_action_alerts_its_owner_once(world: World) -> None:
    lead = make_lead(
        world.zone_a,
        owner=world.a_officer,
        next_action="回访",
        next_action_on=TODAY - timedelta(days=2),
    )
    make_lead(
        world.zone_a,
        "未到期",
        owner=world.a_manager,
        next_action="x",
        next_action_on=TODAY + timedelta(days=5),
    )
    run_daily(today=TODAY)
    assert _told(PromotionAlertKind.LEAD_OVERDUE) == {"ao"}
    run_daily(today=TODAY)
    assert Notification.objects.filter(kind=PromotionAlertKind.LEAD_OVERDUE).count() == 1
    # A lost lead waits for nothing: no new alert for it.
    services.lead_set_status(actor=None, lead=lead, status=LeadStatus.LOST, lost_reason="x")
    run_daily(today=TODAY + timedelta(days=1))
    assert Notification.objects.filter(kind=PromotionAlertKind.LEAD_OVERDUE).count() == 1


def test_duplicate_pursuit_is_flagged_to_the_city(world: World) -> None:
    body = "91140100MA0L0000X"
    firm = enterprise_for(name="某电池有限公司", credit_code=body + credit_code_check_char(body))
    make_lead(world.zone_a, investor=firm, prospect="")
    run_daily(today=TODAY)
    assert _told(PromotionAlertKind.DUPLICATE_PURSUIT) == set()
    make_lead(world.zone_b, investor=firm, prospect="")
    run_daily(today=TODAY)
    assert _told(PromotionAlertKind.DUPLICATE_PURSUIT) == {"cm", "ca"}
