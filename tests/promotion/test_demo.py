"""The demo's promotion data: leads in every status for each demo zone with an officer, a
converted one linked to its project, enquiries on time, late and waiting, and a signing
ceremony with projects signed there; loading twice changes nothing."""

from __future__ import annotations

from zonetrack.core import demo
from zonetrack.promotion import demo as promotion_demo
from zonetrack.promotion.choices import LeadStatus
from zonetrack.promotion.models import Enquiry, Event, Lead


def test_demo_has_leads_in_every_status_and_an_event(db: None) -> None:
    demo.load()
    zones = set(Lead.objects.values_list("zone_id", flat=True))
    assert zones
    for zone_id in zones:
        statuses = set(Lead.objects.filter(zone_id=zone_id).values_list("status", flat=True))
        assert statuses == set(LeadStatus.values)
    converted = Lead.objects.filter(status=LeadStatus.CONVERTED)
    assert all(lead.project_id for lead in converted)
    assert Enquiry.objects.filter(first_response_at__isnull=True).exists()
    event = Event.objects.order_by("pk").first()
    assert event is not None and event.signings.count() >= 1
    counts = (Lead.objects.count(), Enquiry.objects.count(), Event.objects.count())
    promotion_demo.load()
    assert (Lead.objects.count(), Enquiry.objects.count(), Event.objects.count()) == counts
