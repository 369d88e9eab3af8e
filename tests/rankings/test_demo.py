"""The demo's rankings: 四比四看 published for two half-years with rank changes, a 六个度
ranking, and the national 2021 template computing on the demo data."""

from __future__ import annotations

from zonetrack.accounts.models import Organisation
from zonetrack.core import demo
from zonetrack.rankings import selectors, services
from zonetrack.rankings.models import Ranking, Scheme


def test_demo_rankings_and_the_national_template(db: None) -> None:
    demo.load()
    published = list(
        Ranking.objects.filter(scheme__template="sibisikan", status="published").order_by("period")
    )
    assert len(published) == 2
    later = selectors.Table(published[1])
    assert len(later.lines) >= 2
    assert any(line.previous_rank is not None for line in later.lines)
    assert all(services.recompute(r) == r.result for r in published)
    assert Ranking.objects.filter(scheme__template="liugedu").exists()
    city = Organisation.objects.get(name="临汾市商务局")
    national = services.template_load(actor=None, key="national_2021", owner=city)
    draft = services.draft_of(national)
    draft.peer_zone_level = ""  # the demo city's zones, whatever their level
    national = services.scheme_save(actor=None, draft=draft, scheme=national)
    year = str(published[1].period[:4])
    ranking = services.ranking_compute(actor=None, scheme=national, period=year)
    assert next(line.rank for line in selectors.Table(ranking).lines) == 1
    assert Scheme.objects.filter(template="national_2016", edition=1).exists()
    demo.load()  # twice changes nothing
    assert Ranking.objects.filter(scheme__template="sibisikan").count() == 2
