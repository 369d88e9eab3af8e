"""Branch-B records standing for the URL parameters of rankings (see test_access_walk): a
scheme owned by branch B ranking B and a unit below it, and its computed ranking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.services import organisation_create
from zonetrack.rankings import services
from zonetrack.rankings.models import Item

from ..conftest import World
from ..targets.factories import LAST_YEAR


def params(world: World) -> dict[str, Any]:
    unit = organisation_create(
        actor=None, name="乙区招商局", kind=OrganisationKind.DEPARTMENT, parent=world.org_b
    )
    scheme = services.scheme_save(
        actor=None,
        draft=services.SchemeDraft(
            name="乙区内部考核",
            owner=world.org_b,
            period_kind="half_year",
            peer_rule="explicit",
            peers=[world.org_b, unit],
            categories=[
                services.CategoryDraft(
                    "服务", [services.ItemDraft("满意度", "manual", Decimal(100))]
                )
            ],
        ),
    )
    item = Item.objects.get(category__scheme=scheme)
    for organisation, score in ((world.org_b, 90), (unit, 80)):
        services.panel_score_set(
            actor=None,
            item=item,
            organisation=organisation,
            period=f"{LAST_YEAR}H1",
            score=Decimal(score),
        )
    ranking = services.ranking_compute(actor=None, scheme=scheme, period=f"{LAST_YEAR}H1")
    return {"scheme_id": scheme.pk, "ranking_id": ranking.pk}
