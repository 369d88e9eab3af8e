"""Entry thresholds: units, which threshold applies, and a project's check by hand (pass, fail,
not stated)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zonetrack.land import services
from zonetrack.land.models import ThresholdCheck
from zonetrack.projects.models import Project
from zonetrack.registry.models import Cluster

from ..conftest import World, client_for


def _threshold(world: World, indicator: str, comparison: str, value: str, unit: str, **more):  # type: ignore[no-untyped-def]
    return services.threshold_create(
        actor=None,
        organisation=more.pop("organisation", world.city),
        indicator=indicator,
        comparison=comparison,
        value=Decimal(value),
        unit=unit,
        source=more.pop("source", "临汾市标准地控制指标（2022）"),
        **more,
    )


def test_a_threshold_with_an_unknown_unit_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        _threshold(world, "investment_intensity", "gte", "150", "元/平方米")
    assert "万元/亩" in exc.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as exc:
        _threshold(
            world, "plot_ratio", "gte", "1.2", "", zone=world.zone_b, organisation=world.org_a
        )
    assert "zone" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.threshold_create(
            actor=world.a_manager,
            organisation=world.city,
            indicator="plot_ratio",
            comparison="gte",
            value=Decimal(1),
            unit="",
            source="x",
        )


def test_a_projects_check_by_hand(world: World) -> None:
    cluster = Cluster.objects.get(code="biomedicine")
    project = world.project_a
    # 60 亩, fixed-asset investment 12,000 万元 → 200 万元/亩; floor 48,000 m² over 60 亩
    # (40,000 m²) → plot ratio 1.2.
    Project.objects.filter(pk=project.pk).update(
        land_mu=Decimal(60),
        fixed_asset_investment_wan=Decimal(12000),
        floor_m2=Decimal(48000),
        cluster=cluster,
    )
    project.refresh_from_db()
    # 2,400 万元/公顷 is 160 万元/亩: 200 passes. The zone's own rule for the cluster (250)
    # overrides the city's: 200 fails it.
    _threshold(world, "investment_intensity", "gte", "2400", "万元/公顷")
    _threshold(world, "plot_ratio", "gte", "1.0", "")
    _threshold(world, "tax_per_mu", "gte", "8", "万元/亩")
    _threshold(world, "energy_per_va", "lte", "0.5", "吨标煤/万元", organisation=world.org_a)
    check = services.project_check(
        actor=world.a_officer, project=project, stated={"energy_per_va": Decimal("0.42")}
    )
    outcomes = {row["indicator"]: (row["actual"], row["outcome"]) for row in check.results}
    assert outcomes == {
        "energy_per_va": ("0.42", "pass"),
        "investment_intensity": ("200.00", "pass"),
        "plot_ratio": ("1.20", "pass"),
        "tax_per_mu": (None, "not_stated"),
    }
    assert (check.passed, check.failed, check.not_stated) == (3, 0, 1)
    _threshold(
        world,
        "investment_intensity",
        "gte",
        "250",
        "万元/亩",
        organisation=world.org_a,
        zone=world.zone_a,
        cluster=cluster,
    )
    _threshold(world, "plot_ratio", "gte", "2", "", organisation=world.org_b)  # another zone's
    check = services.project_check(
        actor=world.a_officer, project=project, stated={"tax_per_mu": Decimal("8")}
    )
    outcomes = {row["indicator"]: (row["limit"], row["outcome"]) for row in check.results}
    assert outcomes["investment_intensity"] == ("250", "fail")
    assert outcomes["plot_ratio"] == ("1", "pass")
    assert outcomes["tax_per_mu"] == ("8", "pass")
    assert outcomes["energy_per_va"][1] == "not_stated"
    with pytest.raises(PermissionDenied):
        services.project_check(actor=world.a_viewer, project=project)


def test_the_check_page_and_the_projects_panel(world: World) -> None:
    _threshold(world, "tax_per_mu", "gte", "8", "万元/亩")
    officer = client_for(world.a_officer)
    url = reverse("land:project_check", kwargs={"project_id": world.project_a.pk})
    assert officer.get(url).status_code == 200
    response = officer.post(url, {"tax_per_mu": "x"})
    assert response.status_code == 400 and "tax_per_mu" in response.context["form"].errors
    assert officer.post(url, {"tax_per_mu": "6.5"}).status_code == 302
    check = ThresholdCheck.objects.get()
    assert check.failed == 1
    page = officer.get(
        reverse("projects:project_detail", kwargs={"project_id": world.project_a.pk})
    )
    assert 'id="threshold-check"' in page.content.decode()
    viewer = client_for(world.a_viewer)
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"tax_per_mu": "9"}).status_code == 403


def test_the_api_lists_the_thresholds_with_their_documents(world: World) -> None:
    from ..conftest import api_client_for

    _threshold(world, "investment_intensity", "gte", "300", "万元/亩")
    client, auth = api_client_for(world.city_manager)
    (row,) = client.get("/api/land/thresholds", headers=auth).json()["items"]
    assert (row["indicator"], row["comparison"], row["value"]) == (
        "investment_intensity",
        "gte",
        "300.0000",
    )
    assert row["source"].startswith("临汾市")


def test_the_api_checks_a_project_and_keeps_the_check(world: World) -> None:
    from ..conftest import api_client_for

    _threshold(world, "investment_intensity", "gte", "300", "万元/亩")
    client, auth = api_client_for(world.a_officer)
    url = f"/api/land/projects/{world.project_a.pk}/check"
    assert client.get(url, headers=auth).json() == []  # not checked yet
    bad = client.post(
        url, {"stated": {"beauty": "1"}}, content_type="application/json", headers=auth
    )
    assert bad.status_code == 400
    made = client.post(
        url,
        {"stated": {"investment_intensity": "250"}},
        content_type="application/json",
        headers=auth,
    )
    assert made.status_code == 201 and made.json()["failed"] == 1
    assert [c["id"] for c in client.get(url, headers=auth).json()] == [made.json()["id"]]
    other, other_auth = api_client_for(world.b_manager)
    assert other.get(url, headers=other_auth).status_code == 404
