"""The pipeline board's columns: the cards read, their order, the counts and the scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zonetrack.projects import services
from zonetrack.projects.models import Project
from zonetrack.projects.selectors import board as board_selectors

from ..conftest import World, client_for


def _board(world: World, **params: str) -> tuple[list[dict[str, object]], str]:
    response = client_for(world.city_manager).get(reverse("projects:pipeline_board"), params)
    assert response.status_code == 200
    return response.context["columns"], response.content.decode()


def test_board_cards_are_largest_first_then_by_name_with_no_investment_last(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(board_selectors, "BOARD_CARDS", 3)
    services.project_archive(actor=None, project=world.project_b)
    for name, investment in [("D", None), ("B", Decimal(5)), ("C", None), ("A", Decimal(5))]:
        services.project_create(
            actor=None, zone=world.zone_b, name=f"看板{name}", total_investment_wan=investment
        )
    columns, _page = _board(world, zone=str(world.zone_b.pk))
    pursued = columns[0]
    assert [card.name for card in pursued["cards"]] == ["看板A", "看板B", "看板C"]
    assert pursued["count"] == 4 and pursued["more"] == 1


def test_board_cards_read_only_what_a_card_shows(world: World) -> None:
    services.project_update(
        actor=None, project=world.project_a, changes={"leader": world.a_officer}
    )
    columns, page = _board(world)
    cards = [card for column in columns for card in column["cards"]]
    card = next(card for card in cards if card.pk == world.project_a.pk)
    # The card's own columns, its zone's name and its leader's name, nothing else.
    assert {"land_mu", "code", "investor_id", "officer_id"} <= card.get_deferred_fields()
    assert {"name", "stage", "verified_stage", "total_investment_wan", "version"}.isdisjoint(
        card.get_deferred_fields()
    )
    assert str(card.leader) == str(world.a_officer) and card.zone.name == world.zone_a.name
    assert f'data-project="{world.project_a.pk}"' in page
    assert world.zone_a.name in page and str(world.a_officer) in page
    assert f'name="version" value="{card.version}"' in page


def test_board_leaves_out_archived_and_unseen_projects_and_counts_what_it_shows(
    world: World,
) -> None:
    services.project_archive(actor=None, project=world.project_b)
    columns, _page = _board(world)
    shown = {card.pk for column in columns for card in column["cards"]}
    assert world.project_a.pk in shown and world.project_b.pk not in shown
    assert sum(column["count"] for column in columns) == len(shown)
    a_columns = client_for(world.a_manager).get(reverse("projects:pipeline_board"))
    seen = {card.pk for column in a_columns.context["columns"] for card in column["cards"]}
    assert seen == set(
        Project.objects.active().filter(zone=world.zone_a).values_list("pk", flat=True)
    )
