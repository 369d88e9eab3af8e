"""Branch-B records standing for the URL parameters of the promotion app (see
test_access_walk)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from zonetrack.projects import services as project_services
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.promotion import services
from zonetrack.promotion.choices import EventKind
from zonetrack.promotion.models import Chain
from zonetrack.promotion.services import firms as firm_services

from ..conftest import World
from .factories import make_enquiry, make_lead


def params(world: World) -> dict[str, Any]:
    return {
        "lead_id": make_lead(world.zone_b, "乙区线索").pk,
        "enquiry_id": make_enquiry(world.zone_b, subject="乙区咨询").pk,
        "event_id": services.event_create(
            actor=None,
            organisation=world.org_b,
            title="乙区推介会",
            kind=EventKind.PROMOTION,
            held_on=date(2026, 5, 1),
            place="乙区会展中心",
        ).pk,
        "trip_id": services.trip_create(
            actor=None,
            organisation=world.org_b,
            leader=world.b_manager,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 4, 3),
            destinations="乙区外出招商",
        ).pk,
        **incentive_params(world),
        **firm_params(world),
        **chain_params(world),
    }


def chain_params(world: World) -> dict[str, Any]:
    """A seeded chain, one of its links, and branch B's present and target firm on it."""
    chain = Chain.objects.order_by("pk").first()
    assert chain is not None, "the chains are seeded by a data migration"
    link = chain.nodes.order_by("pk").first()
    assert link is not None
    return {
        "chain_id": chain.pk,
        "link_id": link.pk,
        "chain_firm_id": services.chain_firm_add(
            actor=None, zone=world.zone_b, node=link, name="乙区链上企业"
        ).pk,
        "target_firm_id": services.target_firm_add(
            actor=None, zone=world.zone_b, node=link, name="乙区目标企业"
        ).pk,
    }


def incentive_params(world: World) -> dict[str, Any]:
    """An agreement of branch B whose investment condition failed (its follow-up is open)."""
    signed = date(2025, 1, 10)
    agreement = services.agreement_create(
        actor=None,
        project=world.project_b,
        title="乙区补贴协议",
        signed_on=signed,
        promises=[services.PromiseDraft("subsidy", Decimal(100), date(2025, 3, 1))],
        conditions=[services.ConditionDraft("investment_by", date(2025, 6, 30), Decimal(500))],
    )
    services.condition_check(actor=None, condition=agreement.conditions.get(), day=date(2025, 7, 1))
    return {
        "agreement_id": agreement.pk,
        "incentive_follow_up_id": agreement.follow_ups.get().pk,
    }


def firm_params(world: World) -> dict[str, Any]:
    """A firm with a lead of branch B only, and one of its contacts."""
    first17 = "91141081MA0K5BQ7L"
    firm = project_services.enterprise_for(
        name="乙区投资方", credit_code=first17 + credit_code_check_char(first17)
    )
    assert firm is not None
    make_lead(world.zone_b, "乙区企业线索", investor=firm)
    contact = firm_services.contact_add(
        actor=None, enterprise=firm, name="乙区联系人", phone="0357-2211835"
    )
    return {"enterprise_id": firm.pk, "contact_id": contact.pk}
