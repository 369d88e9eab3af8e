"""Idle land (腾笼换鸟): the rule by hand — supplied without a start after the set months,
marked idle, a firm classed D, a firm without tax for years in a row — decisions kept with
their reasons, who may decide, the page, the API and the alert."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zonetrack.audit.services import history_of
from zonetrack.land import idle, services
from zonetrack.land.alerts import conditions
from zonetrack.land.choices import FirmKind, IdleReason
from zonetrack.land.models import FirmYear, IdleDecision, Parcel
from zonetrack.projects.choices import Stage
from zonetrack.projects.services import project_create, project_transition

from ..conftest import World, client_for
from .factories import make_parcel

TODAY = timezone.localdate()


def _months_ago(months: int) -> date:
    """The same day ``months`` months back (the 28th at the latest, to exist in every month)."""
    year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - months, 12)
    return date(year, month + 1, min(TODAY.day, 28))


def _supplied(world: World, code: str, on: date, **to: object) -> Parcel:
    parcel = make_parcel(world.zone_a, code, status="granting", status_on=on - timedelta(days=30))
    services.parcel_set_status(actor=None, parcel=parcel, status="supplied", changed_on=on, **to)
    return Parcel.objects.get(pk=parcel.pk)


def _firm(name: str, tax: int, world: World) -> FirmYear:
    return FirmYear(
        name=name,
        kind=FirmKind.BELOW_SCALE,
        zone=world.zone_a,
        land_mu=Decimal(10),
        tax_wan=Decimal(tax),
        value_added_wan=Decimal(0),
        output_wan=Decimal(0),
        energy_tce=Decimal(0),
        emissions_t=Decimal(0),
        electricity_wan_kwh=Decimal(10),
        employees=0,
        rnd_wan=Decimal(0),
    )


def _evaluated(world: World, year: int, taxes: dict[str, int]) -> None:
    """A published per-mu evaluation of zone A's firms for ``year`` (lowest tax ranks last)."""
    evaluation = services.evaluation_create(
        actor=world.a_manager, organisation=world.org_a, year=year
    )
    services.firms_replace(
        actor=world.a_manager,
        evaluation=evaluation,
        firms=[_firm(name, tax, world) for name, tax in taxes.items()],
    )
    services.evaluation_score(actor=world.a_manager, evaluation=evaluation)
    evaluation.refresh_from_db()
    services.evaluation_publish(
        actor=world.a_manager, evaluation=evaluation, published_on=date(year + 1, 3, 3)
    )


def _listed(world: World) -> dict[str, set[str]]:
    return {row.parcel.code: set(row.reasons) for row in idle.idle_list(user=world.a_manager)}


def test_the_rule_by_hand(world: World) -> None:
    started = project_create(
        actor=None, zone=world.zone_a, name="已开工项目", total_investment_wan=Decimal(5000)
    )
    on = _months_ago(14)
    project_transition(
        actor=None,
        project=started,
        to_stage=Stage.STARTED,
        happened_on=on + timedelta(days=20),
        skipped={Stage.PACKAGED: on, Stage.SIGNED: on},
    )
    _supplied(world, "A-13", _months_ago(13), project=world.project_a)  # not started
    _supplied(world, "A-11", _months_ago(11), project=world.project_a)  # not yet 12 months
    _supplied(world, "A-ST", _months_ago(14), project=started)  # started: not idle
    _supplied(world, "A-FIRM", _months_ago(13), firm="无项目企业")  # no project to show a start
    marked = _supplied(world, "A-IDLE", _months_ago(2), project=started)
    services.parcel_set_status(actor=None, parcel=marked, status="idle", changed_on=TODAY)
    # Per-mu: 戊 pays no tax in 2023 and 2024 and ranks last (D); 丁 paid tax in 2023.
    _evaluated(world, 2023, {"甲企业": 100, "乙企业": 60, "丙企业": 30, "丁企业": 5, "戊企业": 0})
    _evaluated(world, 2024, {"甲企业": 90, "乙企业": 50, "丙企业": 30, "丁企业": 0, "戊企业": 0})
    for code, firm in (("A-WU", "戊企业"), ("A-DING", "丁企业"), ("A-JIA", "甲企业")):
        _supplied(world, code, _months_ago(3), firm=firm)

    found = _listed(world)
    assert found["A-13"] == {IdleReason.NOT_STARTED}
    assert found["A-FIRM"] == {IdleReason.NOT_STARTED}
    assert found["A-IDLE"] == {IdleReason.MARKED_IDLE}
    assert IdleReason.NO_TAX in found["A-WU"] and IdleReason.CLASS_D in found["A-WU"]
    assert IdleReason.NO_TAX not in found.get("A-DING", set())  # one year without tax
    assert {"A-11", "A-ST", "A-JIA"}.isdisjoint(found)
    # Another zone sees none of it.
    assert idle.idle_list(user=world.b_manager) == []


def test_a_decision_is_kept_with_its_reasons_and_only_managers_decide(world: World) -> None:
    parcel = _supplied(world, "A-13", _months_ago(13), project=world.project_a)
    with pytest.raises(PermissionDenied):
        services.idle_decide(actor=world.a_officer, parcel=parcel, decision="reclaim", note="收回")
    with pytest.raises(ValidationError) as refused:
        services.idle_decide(actor=world.a_manager, parcel=parcel, decision="sell", note="")
    assert {"decision", "note"} <= set(refused.value.message_dict)
    fresh = make_parcel(world.zone_a, "A-NEW")
    with pytest.raises(ValidationError) as refused:
        services.idle_decide(actor=world.a_manager, parcel=fresh, decision="support", note="帮扶")
    assert "parcel" in refused.value.message_dict
    assert not IdleDecision.objects.exists()

    decision = services.idle_decide(
        actor=world.a_manager, parcel=parcel, decision="support", note="企业资金到位后三个月内开工"
    )
    assert decision.reasons == [IdleReason.NOT_STARTED]
    assert list(history_of(decision).values_list("action", flat=True)) == ["create"]
    row = idle.idle_list(user=world.a_manager)[0]
    assert row.decision == decision
    assert idle.idle_list(user=world.a_manager, undecided=True) == []


def test_the_page_the_api_and_the_alert(world: World) -> None:
    parcel = _supplied(world, "A-13", _months_ago(13), project=world.project_a)
    manager = client_for(world.a_manager)
    page = manager.get(reverse("land:idle_list")).content.decode()
    assert "A-13" in page and "has not started construction" in page
    decide = reverse("land:idle_decide", kwargs={"parcel_id": parcel.pk})
    assert f'href="{decide}"' in page
    officer_page = client_for(world.a_officer).get(reverse("land:idle_list")).content.decode()
    assert "A-13" in officer_page and f'href="{decide}"' not in officer_page
    assert client_for(world.a_officer).get(decide).status_code == 403
    assert client_for(world.b_manager).get(decide).status_code == 404

    response = manager.post(decide, {"decision": "reclaim", "decided_on": "", "note": ""})
    assert response.status_code == 400 and not IdleDecision.objects.exists()  # errors shown
    response = manager.post(
        decide, {"decision": "reclaim", "decided_on": TODAY.isoformat(), "note": "依法收回"}
    )
    assert response.status_code == 302
    assert IdleDecision.objects.get().decision == "reclaim"

    listed = manager.get("/api/land/idle").json()
    assert listed["items"][0]["parcel"]["code"] == "A-13"
    assert listed["items"][0]["decision"]["decision"] == "reclaim"
    assert listed["items"][0]["findings"][0]["reason"] == IdleReason.NOT_STARTED
    assert client_for(world.b_manager).get("/api/land/idle").json()["items"] == []

    other = _supplied(world, "A-14", _months_ago(14), project=world.project_a)
    bad = manager.post(
        f"/api/land/parcels/{other.pk}/idle-decisions",
        {"decision": "sell", "note": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "decision" in str(bad.json())
    # The undecided parcel is alerted once per reason; the decided one no more.
    keys = {c.key for c in conditions(TODAY)}
    assert f"lidle:{other.pk}:{IdleReason.NOT_STARTED}" in keys
    assert not any(k.startswith(f"lidle:{parcel.pk}:") for k in keys)


def test_the_land_map_colours_parcels_by_their_firms_per_mu_class(world: World) -> None:
    from .factories import square

    parcel = make_parcel(
        world.zone_a,
        "A-MAP",
        area_mu=None,
        geometry=square(0, 0),
        status="granting",
        status_on=_months_ago(4),
    )
    services.parcel_set_status(
        actor=None, parcel=parcel, status="supplied", changed_on=_months_ago(3), firm="戊企业"
    )
    make_parcel(world.zone_a, "A-NONE", area_mu=None, geometry=square(2, 0))
    _evaluated(world, 2024, {"甲企业": 90, "乙企业": 50, "丙企业": 30, "丁企业": 10, "戊企业": 0})
    url = reverse("land:zone_map", kwargs={"zone_id": world.zone_a.pk})
    page = client_for(world.a_viewer).get(url, {"colour": "class"}).content.decode()
    assert '"role": "parcel-class-D"' in page and '"role": "parcel-class-none"' in page
    assert 'id="colour-by-class"' in page
    by_status = client_for(world.a_viewer).get(url).content.decode()
    assert '"role": "parcel-supplied"' in by_status
