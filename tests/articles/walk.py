"""Branch-B records standing for the URL parameters of the articles app (see test_access_walk)."""

from __future__ import annotations

from typing import Any

from zonetrack.articles.models import Fact
from zonetrack.articles.services import article_create

from ..conftest import World


def params(world: World) -> dict[str, Any]:
    article = article_create(
        actor=world.b_manager,
        organisation=world.org_b,
        text="乙区本月新签约项目4个，总投资约12亿元。",
    )
    fact = Fact.objects.filter(article=article).order_by("pk").first()
    if fact is None:  # the reader found nothing: a fact as a reviewer would see one
        fact = Fact.objects.create(
            article=article, kind="zone", fields={"name": "乙区"}, quote="乙区", start=0, end=2
        )
    return {"article_id": article.pk, "fact_id": fact.pk}
