"""Leads through their services: conversion carries the lead's data and history into a
project once, status steps refuse what is not a step, interactions move a new lead on, and a
firm pursued by two zones of one city is found."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zonetrack.audit.selectors import history_for
from zonetrack.projects.choices import Stage
from zonetrack.projects.models import Project
from zonetrack.projects.services import enterprise_for
from zonetrack.projects.validators import credit_code_check_char
from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import InteractionKind, LeadStatus
from zonetrack.promotion.models import Region
from zonetrack.registry.models import Cluster

from ..conftest import World
from .factories import make_lead

TODAY = timezone.localdate()
BODY = "91140100MA0L0000X"
CODE = BODY + credit_code_check_char(BODY)


def _negotiating(world: World, **fields: object):  # type: ignore[no-untyped-def]
    lead = make_lead(world.zone_a, **fields)
    services.interaction_add(
        actor=world.a_officer,
        lead=lead,
        kind=InteractionKind.VISIT,
        happened_on=TODAY,
        people="王晓燕",
    )
    lead.refresh_from_db()
    return services.lead_set_status(actor=world.a_officer, lead=lead, status=LeadStatus.NEGOTIATING)


def test_lead_convert_carries_data_and_history(world: World) -> None:
    cluster = Cluster.objects.order_by("pk").first()
    lead = _negotiating(world, cluster=cluster, notes="年产2GW组件")
    project = services.lead_convert(actor=world.a_officer, lead=lead, name="光伏组件制造基地")
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED and lead.project == project
    assert project.zone == world.zone_a and project.stage == Stage.PURSUED
    assert project.name == "光伏组件制造基地"
    assert project.investor is not None and project.investor.name == "某光伏企业"
    assert project.total_investment_wan == Decimal("15000")
    assert project.cluster == cluster
    assert project.origin_region == "长三角" and project.source_channel == "professional"
    assert project.description == "年产2GW组件"
    assert project.officer == world.a_officer
    # The lead's history is kept: created, contacted, negotiating, converted.
    statuses = [c.after.get("status") for c in history_for(lead) if "status" in c.after]
    assert set(statuses) >= {"new", "contacted", "negotiating", "converted"}
    assert Project.objects.get(pk=project.pk).lead == lead


def test_lead_convert_twice_is_refused(world: World) -> None:
    lead = _negotiating(world)
    services.lead_convert(actor=world.a_officer, lead=lead)
    with pytest.raises(ValidationError) as exc:
        services.lead_convert(actor=world.a_officer, lead=lead)
    assert "status" in exc.value.message_dict
    assert Project.objects.filter(name=lead.name).count() == 1


def test_lead_convert_refuses_a_new_lead_and_another_zones_officer(world: World) -> None:
    lead = make_lead(world.zone_a)
    with pytest.raises(ValidationError):
        services.lead_convert(actor=world.a_officer, lead=lead)
    with pytest.raises(PermissionDenied):
        services.lead_convert(actor=world.b_manager, lead=_negotiating(world, name="另一"))


def test_lead_lost_needs_a_reason_and_keeps_the_winning_region(world: World) -> None:
    lead = make_lead(world.zone_a, next_action="回访", next_action_on=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.lead_set_status(actor=world.a_officer, lead=lead, status=LeadStatus.LOST)
    assert "lost_reason" in exc.value.message_dict
    region = Region.objects.get(name="珠三角")
    lead = services.lead_set_status(
        actor=world.a_officer,
        lead=lead,
        status=LeadStatus.LOST,
        lost_reason="地价更低",
        lost_to=region,
    )
    assert lead.lost_to == region and lead.next_action_on is None
    with pytest.raises(ValidationError):
        services.lead_set_status(actor=world.a_officer, lead=lead, status=LeadStatus.CONTACTED)


def test_lead_create_needs_an_investor_or_a_prospect(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        make_lead(world.zone_a, prospect="")
    assert "prospect" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.lead_create(actor=world.a_viewer, zone=world.zone_a, name="x", prospect="y")


def test_interaction_in_the_future_is_refused(world: World) -> None:
    lead = make_lead(world.zone_a)
    with pytest.raises(ValidationError) as exc:
        services.interaction_add(
            actor=world.a_officer,
            lead=lead,
            kind=InteractionKind.CALL,
            happened_on=TODAY + timedelta(days=1),
            people="x",
        )
    assert "happened_on" in exc.value.message_dict
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_duplicate_pursuit_is_found_per_city(world: World) -> None:
    firm = enterprise_for(name="宁德某电池有限公司", credit_code=CODE)
    make_lead(world.zone_a, investor=firm, prospect="")
    assert selectors.duplicate_pursuits(user=world.city_manager) == {}
    other = make_lead(world.zone_b, investor=firm, prospect="")
    found = selectors.duplicate_pursuits(user=world.city_manager)
    assert {lead.zone_id for lead in found[firm.pk]} == {world.zone_a.pk, world.zone_b.pk}
    # A lost lead pursues nothing.
    services.lead_set_status(actor=None, lead=other, status=LeadStatus.LOST, lost_reason="x")
    assert selectors.duplicate_pursuits(user=world.city_manager) == {}
