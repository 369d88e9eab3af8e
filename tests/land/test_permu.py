"""Per-mu evaluation: the formula for both firm kinds, cut-offs and exemptions by hand, the
rule's checks, and the 公示 → objection → decision → final flow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zonetrack.land import services
from zonetrack.land.alerts import conditions
from zonetrack.land.choices import EvaluationStatus, FirmClass, FirmKind
from zonetrack.land.models import Evaluation, FirmYear
from zonetrack.land.permu import class_of, evaluate, score

from ..conftest import World

BENCHMARKS = {
    "tax_per_mu": 10,
    "va_per_mu": 50,
    "va_per_energy": 2,
    "va_per_emission": 1000,
    "va_per_person": 20,
    "rnd_share": 0.02,
}


def _firm(name: str = "甲", kind: str = FirmKind.ABOVE_SCALE, **figures: object) -> FirmYear:
    values: dict[str, object] = {
        "land_mu": Decimal(10),
        "tax_wan": Decimal(0),
        "value_added_wan": Decimal(0),
        "output_wan": Decimal(0),
        "energy_tce": Decimal(0),
        "emissions_t": Decimal(0),
        "electricity_wan_kwh": Decimal(0),
        "employees": 0,
        "rnd_wan": Decimal(0),
        **figures,
    }
    return FirmYear(name=name, kind=kind, **values)


def test_an_above_scale_firms_score_by_hand() -> None:
    # Land 10 亩, tax 200 → 20 万元/亩, twice B1 (10): 30 × 2 = 60
    # value added 1,000 → 100 万元/亩, twice B2 (50): 20 × 2 = 40
    # 1,000 tce → 1 万元/tce, half B3 (2): 20 × 0.5 = 10
    # 2 t of emissions → 500 万元/t, half B4 (1,000): 10 × 0.5 = 5
    # 25 people → 40 万元/person, twice B5 (20): 10 × 2 = 20
    # R&D 60 of output 2,000 → 3 %, 1.5 × B6 (2 %): 10 × 1.5 = 15.   Total 150.
    firm = _firm(
        tax_wan=Decimal(200),
        value_added_wan=Decimal(1000),
        energy_tce=Decimal(1000),
        emissions_t=Decimal(2),
        employees=25,
        rnd_wan=Decimal(60),
        output_wan=Decimal(2000),
    )
    weights = Evaluation().weights[FirmKind.ABOVE_SCALE]
    assert weights == {
        "tax_per_mu": 30,
        "va_per_mu": 20,
        "va_per_energy": 20,
        "va_per_emission": 10,
        "va_per_person": 10,
        "rnd_share": 10,
    }
    assert score(firm, weights, BENCHMARKS) == (Decimal("150.00"), [])


def test_a_below_scale_firms_score_by_hand() -> None:
    # Land 5 亩, tax 50 → 10 万元/亩, twice B1' (5): 50 × 2 = 100;
    # 20 万kWh → 2.5 万元 per 万kWh, half B2' (5): 50 × 0.5 = 25.   Total 125.
    firm = _firm(
        kind=FirmKind.BELOW_SCALE,
        land_mu=Decimal(5),
        tax_wan=Decimal(50),
        electricity_wan_kwh=Decimal(20),
    )
    weights = Evaluation().weights[FirmKind.BELOW_SCALE]
    assert weights == {"tax_per_mu": 50, "tax_per_kwh": 50}
    assert score(firm, weights, {"tax_per_mu": 5, "tax_per_kwh": 5}) == (Decimal("125.00"), [])


def test_an_indicator_without_its_denominator_counts_zero_and_is_noted() -> None:
    firm = _firm(tax_wan=Decimal(100))  # 10 万元/亩 = B1: 30; nothing else measurable
    total, missing = score(firm, Evaluation().weights[FirmKind.ABOVE_SCALE], BENCHMARKS)
    assert total == Decimal("30.00")
    assert missing == ["va_per_energy", "va_per_emission", "va_per_person", "rnd_share"]


def test_cut_offs_by_hand() -> None:
    # 20 firms with A ≤ 20 %, B ≤ 60 %, C ≤ 95 %: ranks 1–4 A, 5–12 B, 13–19 C, 20 D.
    cutoffs = {"A": 20, "B": 60, "C": 95}
    classes = [class_of(rank, 20, cutoffs) for rank in range(1, 21)]
    assert classes == ["A"] * 4 + ["B"] * 8 + ["C"] * 7 + ["D"]
    # 3 firms: 33 % is past A's 20 %, 67 % past B's 60 %, 100 % past C's 95 %.
    assert [class_of(rank, 3, cutoffs) for rank in (1, 2, 3)] == ["B", "C", "D"]


def test_exemptions_and_year_averages_as_benchmarks() -> None:
    rule = Evaluation(year=2024, benchmarks={"above": {}, "below": {}})
    young = _firm("新企业", kind=FirmKind.BELOW_SCALE, tax_wan=Decimal(999), founded_year=2023)
    new_land = _firm(
        "新供地", kind=FirmKind.BELOW_SCALE, tax_wan=Decimal(999), land_granted_year=2022
    )
    old_land = _firm(
        "老供地",
        kind=FirmKind.BELOW_SCALE,
        tax_wan=Decimal(30),
        electricity_wan_kwh=Decimal(10),
        land_granted_year=2021,
        founded_year=2022,
    )
    other = _firm(
        "乙",
        kind=FirmKind.BELOW_SCALE,
        land_mu=Decimal(30),
        tax_wan=Decimal(90),
        electricity_wan_kwh=Decimal(50),
    )
    firms = [young, new_land, old_land, other]
    outcome = evaluate(firms, rule)
    # Founded 2023 is under 2 years in 2024; land of 2022 under 3; 2021 land and a 2022 firm
    # are not.
    assert [f.computed_class for f in (young, new_land)] == [FirmClass.EXEMPT] * 2
    assert young.notes == ["new_firm"] and new_land.notes == ["new_land"]
    # Benchmarks of the two scored firms: (30 + 90) / (10 + 30) = 3 万元/亩 and
    # (30 + 90) / (10 + 50) = 2 万元 per 万kWh.
    assert outcome.benchmarks["below"] == {"tax_per_mu": 3.0, "tax_per_kwh": 2.0}
    # 老供地: 50 × 3/3 + 50 × 3/2 = 125; 乙: 50 × 3/3 + 50 × 1.8/2 = 95.
    assert (old_land.score, other.score) == (Decimal("125.00"), Decimal("95.00"))
    assert (old_land.rank, other.rank) == (1, 2)
    assert outcome.counts == {"above": 0, "below": 2}


def _evaluation(world: World, **rule: object) -> Evaluation:
    return services.evaluation_create(
        actor=world.a_manager, organisation=world.org_a, year=2024, **rule
    )


def test_weights_not_summing_to_100_and_bad_cut_offs_are_refused(world: World) -> None:
    weights = Evaluation().weights
    weights["above"]["tax_per_mu"] = 40
    with pytest.raises(ValidationError) as exc:
        _evaluation(world, weights=weights)
    assert "110" in exc.value.message_dict["weights"][0]
    with pytest.raises(ValidationError) as exc:
        _evaluation(world, cutoffs={"A": 50, "B": 40, "C": 95})
    assert "cutoffs" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _evaluation(world, benchmarks={"above": {"tax_per_mu": 0}})
    assert "benchmarks" in exc.value.message_dict
    assert not Evaluation.objects.exists()


def test_firm_figures_with_negative_tax_or_no_land_are_refused(world: World) -> None:
    evaluation = _evaluation(world)
    for bad in (_firm(tax_wan=Decimal(-1)), _firm(land_mu=Decimal(0))):
        with pytest.raises(ValidationError):
            services.firms_replace(actor=world.a_manager, evaluation=evaluation, firms=[bad])
    assert not evaluation.firms.exists()


def _published(world: World) -> Evaluation:
    evaluation = _evaluation(world, comment_days=5)
    firms = [
        _firm(
            f"企业{i}",
            kind=FirmKind.BELOW_SCALE,
            tax_wan=Decimal(10 * i),
            electricity_wan_kwh=Decimal(10),
        )
        for i in range(1, 6)
    ]
    services.firms_replace(actor=world.a_manager, evaluation=evaluation, firms=firms)
    with pytest.raises(ValidationError):
        services.evaluation_publish(actor=world.a_manager, evaluation=evaluation)
    services.evaluation_score(actor=world.a_manager, evaluation=evaluation)
    evaluation.refresh_from_db()
    return services.evaluation_publish(
        actor=world.a_manager, evaluation=evaluation, published_on=date(2025, 3, 3)
    )


def test_publication_objection_decision_and_final(world: World) -> None:
    evaluation = _published(world)
    # Published 3 March for 5 days: comments through 7 March.
    assert evaluation.comment_ends_on == date(2025, 3, 7)
    classes = dict(evaluation.firms.values_list("name", "computed_class"))
    # Five firms ranked by tax: 企业5 first (20 %: A), 企业4 and 企业3 (40, 60 %: B),
    # 企业2 (80 %: C), 企业1 (100 %: D).
    assert classes == {"企业5": "A", "企业4": "B", "企业3": "B", "企业2": "C", "企业1": "D"}
    lowest = evaluation.firms.get(name="企业1")
    with pytest.raises(ValidationError) as exc:
        services.objection_file(
            actor=world.a_officer,
            firm=lowest,
            text="电量含代建",
            evidence="",
            filed_on=date(2025, 3, 5),
        )
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.objection_file(
            actor=world.a_officer,
            firm=lowest,
            text="晚了",
            evidence="发票",
            filed_on=date(2025, 3, 8),
        )
    assert "filed_on" in exc.value.message_dict
    objection = services.objection_file(
        actor=world.a_officer,
        firm=lowest,
        text="用电量含为园区代建厂房的施工用电",
        evidence="供电公司分户计量证明",
        filed_on=date(2025, 3, 7),
    )
    with pytest.raises(ValidationError) as exc:
        services.evaluation_finalise(
            actor=world.a_manager, evaluation=evaluation, on=date(2025, 3, 7)
        )
    assert "7" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_finalise(
            actor=world.a_manager, evaluation=evaluation, on=date(2025, 3, 8)
        )
    assert "1" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.objection_decide(
            actor=world.a_manager, objection=objection, outcome="upheld", reason="属实"
        )
    assert "new_class" in exc.value.message_dict
    # Undecided, it is alerted to the authority's managers (not its officers).
    alert = next(c for c in conditions(date(2025, 3, 8)) if c.key == f"lobj:{objection.pk}")
    assert world.a_manager.pk in alert.recipients and world.a_officer.pk not in alert.recipients
    with pytest.raises(ValidationError) as exc:
        services.objection_decide(
            actor=world.a_manager, objection=objection, outcome="upheld", reason="", new_class="C"
        )
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.objection_decide(
            actor=world.a_officer,
            objection=objection,
            outcome="upheld",
            reason="属实",
            new_class="C",
        )
    services.objection_decide(
        actor=world.a_manager,
        objection=objection,
        outcome="upheld",
        reason="分户计量证明属实，扣除代建用电后重新计算",
        new_class="C",
    )
    assert not [c for c in conditions(date(2025, 3, 8)) if c.key.startswith("lobj:")]
    final = services.evaluation_finalise(
        actor=world.a_manager, evaluation=evaluation, on=date(2025, 3, 8)
    )
    assert final.status == EvaluationStatus.FINAL
    finals = dict(evaluation.firms.values_list("name", "final_class"))
    assert finals == {"企业5": "A", "企业4": "B", "企业3": "B", "企业2": "C", "企业1": "C"}
    with pytest.raises(ValidationError):
        services.objection_file(
            actor=world.a_officer, firm=lowest, text="再议", evidence="x", filed_on=date(2025, 3, 8)
        )


def test_only_the_authoritys_people_run_its_evaluation(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=world.a_officer, organisation=world.org_a, year=2024)
    with pytest.raises(PermissionDenied):
        services.evaluation_create(actor=world.b_manager, organisation=world.org_a, year=2024)
    evaluation = _published(world)
    firm = evaluation.firms.first()
    assert firm is not None
    with pytest.raises(PermissionDenied):
        services.objection_file(
            actor=world.a_viewer, firm=firm, text="x", evidence="y", filed_on=date(2025, 3, 4)
        )


def test_the_api_lists_evaluations_and_their_results_to_those_who_see_them(world: World) -> None:
    from ..conftest import api_client_for

    evaluation = _published(world)
    client, auth = api_client_for(world.a_viewer)
    (listed,) = client.get("/api/land/evaluations", headers=auth).json()["items"]
    assert (listed["id"], listed["status"]) == (evaluation.pk, "published")
    firms = client.get(f"/api/land/evaluations/{evaluation.pk}/firms", headers=auth).json()
    assert len(firms["items"]) == 5 and {f["computed_class"] for f in firms["items"]} >= {"D"}
    other, other_auth = api_client_for(world.b_manager)
    assert other.get("/api/land/evaluations", headers=other_auth).json()["items"] == []
    url = f"/api/land/evaluations/{evaluation.pk}/firms"
    assert other.get(url, headers=other_auth).status_code == 404


def test_the_evaluation_page_shows_each_zones_trend_across_the_years(world: World) -> None:
    """Two published years of one authority: the later page shows both years per zone, 亩均税收
    by hand (100 万元 on 10 亩 is 10.00 a 亩)."""
    from django.urls import reverse

    from ..conftest import client_for

    for year, tax in ((2023, 100), (2024, 150)):
        evaluation = services.evaluation_create(
            actor=world.a_manager, organisation=world.org_a, year=year
        )
        firms = [
            _firm(
                f"企业{i}",
                kind=FirmKind.BELOW_SCALE,
                zone=world.zone_a,
                tax_wan=Decimal(tax),
                electricity_wan_kwh=Decimal(10),
            )
            for i in range(1, 3)
        ]
        services.firms_replace(actor=world.a_manager, evaluation=evaluation, firms=firms)
        services.evaluation_score(actor=world.a_manager, evaluation=evaluation)
        evaluation.refresh_from_db()
        services.evaluation_publish(
            actor=world.a_manager, evaluation=evaluation, published_on=date(year + 1, 3, 3)
        )
    url = reverse("land:evaluation_detail", kwargs={"evaluation_id": evaluation.pk})
    page = client_for(world.a_manager).get(url).content.decode()
    trend = page.split('id="zone-trend"')[1].split("</table>")[0]
    assert "2023" in trend and "2024" in trend
    assert "10.00" in trend and "15.00" in trend
