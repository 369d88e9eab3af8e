"""Saving schemes, computing, publishing and superseding rankings, and what is refused."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zonetrack.audit.services import history_of
from zonetrack.notices.models import Notification
from zonetrack.rankings import selectors, services
from zonetrack.rankings.models import Item, Ranking, Scheme

from ..conftest import World
from ..targets.factories import LAST_YEAR
from .conftest import PERIOD, draft, report_half


def test_scheme_weights_not_summing_to_100_are_refused_with_the_sum(world: World) -> None:
    bad = draft(world)
    bad.categories[0].items[0].weight = Decimal("55.5")
    with pytest.raises(ValidationError) as caught:
        services.scheme_save(actor=world.city_manager, draft=bad)
    assert "The weights sum to 95.5, not 100." in caught.value.message_dict["weights"]
    assert not Scheme.objects.exists()


def test_scheme_weight_set_per_zone_kind_must_each_sum_to_100(world: World) -> None:
    bad = draft(world)
    bad.categories[0].items[0].weights_by_kind = {"high_tech": 70}
    with pytest.raises(ValidationError) as caught:
        services.scheme_save(actor=world.city_manager, draft=bad)
    assert "high_tech sum to 110" in str(caught.value.message_dict["weights"])


def test_scheme_bad_rules_are_refused_per_item(world: World) -> None:
    bad = draft(world)
    bad.categories[0].items[0].params = {"bounds": "fixed", "low": 5, "high": 5}
    bad.categories[1].items[0].rule = "target_ratio"  # energy has no targets
    with pytest.raises(ValidationError) as caught:
        services.scheme_save(actor=world.city_manager, draft=bad)
    errors = caught.value.message_dict
    assert "bounds are equal" in errors["item_1"][0]
    assert "has no targets" in errors["item_2"][0]


def test_scheme_explicit_peer_group_of_one_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.scheme_save(
            actor=world.city_manager, draft=draft(world, peer_rule="explicit", peers=[world.org_a])
        )
    assert "at least two" in caught.value.message_dict["peers"][0]


def test_scheme_is_managed_by_the_owner_only(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.scheme_save(actor=world.a_manager, draft=draft(world))


@pytest.mark.usefixtures("reported")
def test_ranking_hand_computed_scores_and_ranks(world: World, scheme: Scheme) -> None:
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    table = selectors.Table(ranking)
    a, b = table.line_of(world.org_a.pk), table.line_of(world.org_b.pk)
    assert a and b
    # Trade: A 600 is the max (60 points), B 300 the min (0). Energy, lower is better: B 1.0
    # gets 40, A 1.5 gets 0. A 60, B 40.
    assert (a.total, a.rank, b.total, b.rank) == (Decimal(60), 1, Decimal(40), 2)
    cell = a.items[str(selectors.scheme_items(scheme)[0].pk)]
    assert cell["raw"] == "600.00" and cell["source"] == "reported"
    assert cell["applied"] == {"min": "300.0000", "max": "600.0000"}
    assert cell["records"].startswith(f"/targets/organisations/{world.org_a.pk}/")
    assert [e.rank for e in ranking.entries.order_by("rank")] == [1, 2]


@pytest.mark.usefixtures("reported")
def test_recompute_from_stored_inputs_is_byte_identical(world: World, scheme: Scheme) -> None:
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    stored = Ranking.objects.get(pk=ranking.pk)
    assert services.recompute(stored).encode() == stored.result.encode()


def test_period_without_any_data_is_refused(world: World, scheme: Scheme) -> None:
    with pytest.raises(ValidationError) as caught:
        services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    assert "No organisation has any value" in caught.value.message_dict["period"][0]
    assert not Ranking.objects.exists()


@pytest.mark.usefixtures("reported")
def test_bad_period_is_refused(world: World, scheme: Scheme) -> None:
    with pytest.raises(ValidationError) as caught:
        services.ranking_compute(actor=world.city_manager, scheme=scheme, period="2025Q5")
    assert "period" in caught.value.message_dict


@pytest.mark.usefixtures("reported")
def test_publish_freezes_notifies_and_edit_makes_a_new_edition(
    world: World, scheme: Scheme, django_capture_on_commit_callbacks
) -> None:
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    with django_capture_on_commit_callbacks(execute=True):
        services.ranking_publish(actor=world.city_manager, ranking=ranking)
    scheme.refresh_from_db()
    assert scheme.is_frozen
    assert Notification.objects.filter(
        user=world.a_manager, url=f"/rankings/{ranking.pk}/"
    ).exists()
    assert not Notification.objects.filter(user=world.city_manager).exists()
    assert next(c.after.get("status") for c in history_of(ranking)) == "published"
    changed = draft(world, name="四比四看 2")
    new = services.scheme_save(actor=world.city_manager, draft=changed, scheme=scheme)
    assert new.pk != scheme.pk and new.edition == 2 and new.family == scheme.family
    scheme.refresh_from_db()
    assert scheme.name == "四比四看"
    with pytest.raises(ValidationError):
        services.ranking_publish(actor=world.city_manager, ranking=ranking)


@pytest.mark.usefixtures("reported")
def test_a_second_publication_supersedes_with_a_reason(world: World, scheme: Scheme) -> None:
    first = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    services.ranking_publish(actor=world.city_manager, ranking=first)
    second = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    with pytest.raises(ValidationError):
        services.ranking_publish(actor=world.city_manager, ranking=second)
    services.ranking_publish(actor=world.city_manager, ranking=second, reason="数据更正")
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by == second
    assert first.supersede_reason == "数据更正"


@pytest.mark.usefixtures("reported")
def test_rank_change_explained_item_by_item(world: World, scheme: Scheme) -> None:
    first = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    services.ranking_publish(actor=world.city_manager, ranking=first)
    # Second half: B's trade overtakes A's, and B stays greener: B first.
    report_half(world, half=2, org_a=(10, "1.5"), org_b=(90, "1.0"))
    second = services.ranking_compute(
        actor=world.city_manager, scheme=scheme, period=f"{LAST_YEAR}H2"
    )
    a = selectors.Table(second).line_of(world.org_a.pk)
    assert a and a.previous_rank == 1 and a.rank == 2 and a.change == -1
    why = selectors.rank_change(
        earlier=selectors.Table(first),
        later=selectors.Table(second),
        organisation_id=world.org_a.pk,
    )
    assert why["delta"] == Decimal(-60)
    top = why["items"][0]
    assert (top.name, top.delta, top.raw_before, top.raw_after) == (
        "进出口",
        Decimal(-60),
        "600.00",
        "60.00",
    )


@pytest.mark.usefixtures("reported")
def test_missing_value_scored_by_the_scheme_rule_and_shown_missing(world: World) -> None:
    report_half(world, half=2, org_a=(10, "1.5"))  # B reports nothing in H2
    scheme = services.scheme_save(
        actor=world.city_manager, draft=draft(world, missing_rule="exclude")
    )
    ranking = services.ranking_compute(
        actor=world.city_manager, scheme=scheme, period=f"{LAST_YEAR}H2"
    )
    b = selectors.Table(ranking).line_of(world.org_b.pk)
    assert b and b.total == Decimal(0)
    trade = str(selectors.scheme_items(scheme)[0].pk)
    # B has a trade target, so its line shows the value as missing, not as zero.
    assert b.items[trade]["raw"] is None and b.items[trade]["points"] is None


@pytest.mark.usefixtures("reported")
def test_panel_scores_events_and_veto(world: World) -> None:
    changed = draft(world)
    changed.categories[1].items[0].weight = Decimal(20)
    changed.categories.append(
        services.CategoryDraft(
            "服务水平",
            [
                services.ItemDraft("满意指数", "manual", Decimal(20), params={"max": 100}),
                services.ItemDraft("安全事故", "deduction", params={"per_event": 1, "cap": 5}),
                services.ItemDraft("一票否决", "veto"),
            ],
        )
    )
    scheme = services.scheme_save(actor=world.city_manager, draft=changed)
    manual, deduction, veto = Item.objects.filter(category__name="服务水平").order_by("sort_order")
    services.panel_score_set(
        actor=world.city_manager,
        item=manual,
        organisation=world.org_a,
        period=PERIOD,
        score=Decimal(50),
    )
    services.panel_score_set(
        actor=world.city_manager,
        item=manual,
        organisation=world.org_b,
        period=PERIOD,
        score=Decimal(100),
    )
    from datetime import date

    services.event_record(
        actor=world.city_manager,
        item=deduction,
        organisation=world.org_b,
        happened_on=date(LAST_YEAR, 3, 1),
        evidence="通报",
        department="应急局",
        count=2,
    )
    services.event_record(
        actor=world.city_manager,
        item=veto,
        organisation=world.org_a,
        happened_on=date(LAST_YEAR, 4, 1),
        evidence="重大事故",
        department="应急局",
    )
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    table = selectors.Table(ranking)
    a, b = table.line_of(world.org_a.pk), table.line_of(world.org_b.pk)
    assert a and b
    # A: trade 60 + energy 0 + panel 50 % of 20 = 70, kept but not eligible.
    # B: 0 + 20 + 20 − 2 = 38.
    assert (a.total, a.rank, a.eligible, a.vetoes) == (Decimal(70), 1, False, ["一票否决"])
    assert (b.total, b.rank, b.eligible) == (Decimal(38), 2, True)
    with pytest.raises(ValidationError):
        services.panel_score_set(
            actor=world.city_manager,
            item=manual,
            organisation=world.org_a,
            period=PERIOD,
            score=Decimal(101),
        )


def test_compute_refused_to_someone_outside_the_owner(world: World, scheme: Scheme) -> None:
    with pytest.raises(PermissionDenied):
        services.ranking_compute(actor=world.a_manager, scheme=scheme, period=PERIOD)


@pytest.mark.usefixtures("reported")
def test_peers_the_actor_may_not_see_are_refused(world: World) -> None:
    from zonetrack.accounts.choices import OrganisationKind
    from zonetrack.accounts.services import organisation_create

    other = organisation_create(
        actor=None, name="外市区", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.province
    )
    scheme = services.scheme_save(
        actor=None, draft=draft(world, peer_rule="explicit", peers=[world.org_a, other])
    )
    with pytest.raises(ValidationError) as caught:
        services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    assert "may not see" in caught.value.message_dict["peers"][0]


def test_json_inputs_are_plain(world: World, scheme: Scheme) -> None:
    report_half(world, org_a=(1, 1), org_b=(2, 1))
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    assert json.loads(json.dumps(ranking.inputs)) == ranking.inputs


@pytest.mark.usefixtures("reported")
def test_publishing_what_is_missing_or_not_over_needs_an_acknowledgement(world: World) -> None:
    report_half(world, half=2, org_a=(10, "1.5"))  # B reports nothing in H2
    scheme = services.scheme_save(actor=world.city_manager, draft=draft(world))
    period = f"{LAST_YEAR}H2"
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=period)
    warnings = selectors.publish_warnings(ranking)
    assert len(warnings) == 2  # both items lack B's value
    assert all("1 of 2" in w for w in warnings)
    assert any(w.startswith("进出口") for w in warnings)
    # Seen before the period is over, it says so first.
    early = selectors.publish_warnings(ranking, today=date(LAST_YEAR, 12, 1))
    assert (
        early[0] == f"{period} is not over until {LAST_YEAR}-12-31: its figures may still change."
    )
    with pytest.raises(ValidationError) as caught:
        services.ranking_publish(actor=world.city_manager, ranking=ranking)
    assert "1 of 2" in caught.value.message_dict["acknowledged"][0]
    ranking.refresh_from_db()
    assert ranking.status == "draft" and not Notification.objects.exists()
    services.ranking_publish(actor=world.city_manager, ranking=ranking, acknowledged=True)
    ranking.refresh_from_db()
    assert ranking.status == "published"


@pytest.mark.usefixtures("reported")
def test_a_complete_ranking_of_a_past_period_publishes_without_warnings(
    world: World, scheme: Scheme
) -> None:
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    assert selectors.publish_warnings(ranking) == []


def test_computed_rates_are_read_as_the_targets_pages_read_them(world: World) -> None:
    """A scheme scoring 投资完成率 and 新开工项目数 reads the targets rollups: the rate over the
    year to the period's end against the year plans, the count over the period's months."""
    from zonetrack.projects.choices import Stage
    from zonetrack.projects.services import (
        project_transition,
        report_submit,
        verification_decide,
        year_plan_set,
    )

    from ..targets.factories import indicator

    for project, actor, planned in (
        (world.project_a, world.a_manager, 1000),
        (world.project_b, world.b_manager, 500),
    ):
        year_plan_set(
            actor=actor,
            project=project,
            year=LAST_YEAR,
            planned_investment_wan=Decimal(planned),
            planned_start=True,
        )
    report_submit(
        actor=None, project=world.project_a, month=date(LAST_YEAR, 5, 1), invested_wan=Decimal(300)
    )
    report_submit(
        actor=None, project=world.project_b, month=date(LAST_YEAR, 6, 1), invested_wan=Decimal(200)
    )
    on = date(LAST_YEAR, 4, 2)
    project_transition(
        actor=world.city_manager,
        project=world.project_b,
        to_stage=Stage.STARTED,
        happened_on=on,
        skipped={Stage.PACKAGED: on, Stage.SIGNED: on},
    )
    for claim in world.project_b.transitions.filter(verification="pending"):
        verification_decide(
            actor=world.city_manager, transition=claim, approve=True, without_evidence=True
        )
    scheme = services.scheme_save(
        actor=world.city_manager,
        draft=draft(
            world,
            categories=[
                services.CategoryDraft(
                    "项目建设",
                    [
                        services.ItemDraft(
                            "投资完成率", "linear", Decimal(70), indicator("investment_rate")
                        ),
                        services.ItemDraft(
                            "新开工", "linear", Decimal(30), indicator("projects_started")
                        ),
                    ],
                )
            ],
        ),
    )
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    table = selectors.Table(ranking)
    rate, started = selectors.scheme_items(scheme)
    a, b = table.line_of(world.org_a.pk), table.line_of(world.org_b.pk)
    assert a and b
    assert (a.items[str(rate.pk)]["raw"], b.items[str(rate.pk)]["raw"]) == ("30.0", "40.0")
    assert b.items[str(rate.pk)]["source"] == "computed"
    assert b.items[str(rate.pk)]["records"].endswith(f"?year={LAST_YEAR}")
    # B's start counts once verified; A started nothing.
    assert (a.items[str(started.pk)]["raw"], b.items[str(started.pk)]["raw"]) == ("0", "1")
    assert (a.rank, b.rank) == (2, 1)
