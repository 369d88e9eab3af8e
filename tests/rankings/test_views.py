"""The rankings pages: editor, compute and publish, the 龙虎榜 as the owner and as a ranked zone,
explanations, side by side, export; and constant query counts."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.accounts.services import organisation_create
from zonetrack.rankings import services
from zonetrack.rankings.models import Ranking, Scheme

from ..conftest import World
from ..targets.factories import LAST_YEAR, indicator
from .conftest import PERIOD, draft, report_half
from .test_access import english

pytestmark = pytest.mark.usefixtures("reported")


def _published(world: World, scheme: Scheme) -> Ranking:
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    return services.ranking_publish(actor=world.city_manager, ranking=ranking)


def _rows(prefix: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{k}": v for k, v in row.items()})
    return data


def _editor_post(world: World, weight: str) -> dict[str, Any]:
    return {
        "name": "亮赛评",
        "owner": world.city.pk,
        "period_kind": "half_year",
        "peer_rule": "below",
        "peer_kind": "zone_committee",
        "missing_rule": "zero",
        "tie_rule": "first_category",
        **_rows(
            "items",
            [
                {
                    "category": "招商引资",
                    "name": "进出口",
                    "indicator": indicator("trade_total").pk,
                    "rule": "linear",
                    "weight": weight,
                },
                {
                    "category": "党建",
                    "name": "党建",
                    "rule": "manual",
                    "params": '{"max": 100}',
                    "weight": "40",
                },
            ],
        ),
    }


def test_editor_refuses_weights_not_summing_to_100_showing_the_sum(world: World) -> None:
    client = english(world.city_manager)
    response = client.post(reverse("rankings:scheme_create"), _editor_post(world, "50"))
    assert response.status_code == 400
    assert "The weights sum to 90, not 100." in response.content.decode()
    assert not Scheme.objects.exists()
    response = client.post(reverse("rankings:scheme_create"), _editor_post(world, "60"))
    assert response.status_code == 302
    scheme = Scheme.objects.get()
    assert [i.name for i in scheme.categories.first().items.all()] == ["进出口"]


def test_editor_of_a_frozen_scheme_saves_a_new_edition(world: World, scheme: Scheme) -> None:
    _published(world, scheme)
    client = english(world.city_manager)
    page = client.get(reverse("rankings:scheme_edit", kwargs={"scheme_id": scheme.pk}))
    assert "is frozen" in page.content.decode()
    response = client.post(
        reverse("rankings:scheme_edit", kwargs={"scheme_id": scheme.pk}), _editor_post(world, "60")
    )
    assert response.status_code == 302
    new = Scheme.objects.get(family=scheme.family, edition=2)
    assert response["Location"] == reverse("rankings:scheme_detail", kwargs={"scheme_id": new.pk})
    scheme.refresh_from_db()
    assert scheme.name == "四比四看"


def test_compute_publish_and_the_ranked_zone_reads_it(world: World, scheme: Scheme) -> None:
    owner = english(world.city_manager)
    response = owner.post(
        reverse("rankings:ranking_compute", kwargs={"scheme_id": scheme.pk}), {"period": PERIOD}
    )
    ranking = Ranking.objects.get()
    assert response["Location"] == reverse(
        "rankings:ranking_detail", kwargs={"ranking_id": ranking.pk}
    )
    zone = english(world.a_viewer)
    url = reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking.pk})
    assert zone.get(url).status_code == 404  # a draft is the owner's side's
    owner.post(
        reverse("rankings:ranking_publish", kwargs={"ranking_id": ranking.pk}), {"reason": ""}
    )
    ranking.refresh_from_db()
    assert ranking.status == "published"
    page = zone.get(url).content.decode()
    assert world.org_a.name in page and world.org_b.name in page  # the whole table
    own = reverse(
        "rankings:ranking_item",
        kwargs={"ranking_id": ranking.pk, "organisation_id": world.org_a.pk},
    )
    other = reverse(
        "rankings:ranking_item",
        kwargs={"ranking_id": ranking.pk, "organisation_id": world.org_b.pk},
    )
    assert own in page and other not in page
    explanation = zone.get(own)
    assert explanation.status_code == 200
    assert "600.00" in explanation.content.decode()
    assert zone.get(other).status_code == 404
    assert owner.get(other).status_code == 200


def test_an_outsider_never_sees_a_published_ranking(world: World, scheme: Scheme) -> None:
    ranking = _published(world, scheme)
    city2 = organisation_create(
        actor=None, name="邻市局", kind=OrganisationKind.CITY_BUREAU, parent=world.province
    )
    from zonetrack.accounts.choices import Role

    from ..conftest import make_user

    stranger = english(make_user("s", (city2, Role.MANAGER)))
    assert (
        stranger.get(
            reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking.pk})
        ).status_code
        == 404
    )


def test_rank_change_page_lists_items_by_size(world: World, scheme: Scheme) -> None:
    _published(world, scheme)
    report_half(world, half=2, org_a=(10, "1.5"), org_b=(90, "1.0"))
    later = services.ranking_compute(
        actor=world.city_manager, scheme=scheme, period=f"{LAST_YEAR}H2"
    )
    services.ranking_publish(actor=world.city_manager, ranking=later)
    zone = english(world.a_viewer)
    page = zone.get(
        reverse(
            "rankings:rank_change",
            kwargs={"ranking_id": later.pk, "organisation_id": world.org_a.pk},
        )
    ).content.decode()
    assert f"{PERIOD}: rank 1 → {LAST_YEAR}H2: rank 2" in page
    assert "-60.00" in page


def test_compare_and_export_show_only_what_the_user_may_see(world: World, scheme: Scheme) -> None:
    ranking = _published(world, scheme)
    owner = english(world.city_manager)
    compare = owner.get(
        reverse("rankings:ranking_compare", kwargs={"ranking_id": ranking.pk}),
        {"a": world.org_a.pk, "b": world.org_b.pk},
    )
    assert compare.status_code == 200 and "300.00" in compare.content.decode()
    zone = english(world.a_viewer)
    refused = zone.get(
        reverse("rankings:ranking_compare", kwargs={"ranking_id": ranking.pk}),
        {"a": world.org_a.pk, "b": world.org_b.pk},
    )
    assert refused.status_code == 404
    export = zone.get(reverse("rankings:ranking_export", kwargs={"ranking_id": ranking.pk}))
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    table, items = book.worksheets
    assert [r[2] for r in table.iter_rows(min_row=2, values_only=True)] == [
        world.org_a.name,
        world.org_b.name,
    ]
    assert {r[0] for r in items.iter_rows(min_row=2, values_only=True)} == {world.org_a.name}
    printable = zone.get(reverse("rankings:ranking_print", kwargs={"ranking_id": ranking.pk}))
    assert printable.status_code == 200


def test_scheme_preview_computes_without_saving(world: World, scheme: Scheme) -> None:
    page = english(world.city_manager).get(
        reverse("rankings:scheme_detail", kwargs={"scheme_id": scheme.pk}), {"preview": PERIOD}
    )
    assert 'id="preview-table"' in page.content.decode()
    assert not Ranking.objects.exists()


def test_template_loads_as_an_editable_scheme(world: World) -> None:
    response = english(world.city_manager).post(
        reverse("rankings:scheme_template"), {"template": "national_2021", "owner": world.city.pk}
    )
    new = Scheme.objects.get(template="national_2021")
    assert response["Location"] == reverse("rankings:scheme_detail", kwargs={"scheme_id": new.pk})
    old = Scheme.objects.get(template="national_2016")
    assert (old.edition, new.edition, old.family) == (1, 2, new.family)
    assert old.is_frozen and not new.is_frozen
    # Its rules read as words, not as JSON; the editions are told apart where one is chosen.
    page = english(world.city_manager).get(response["Location"]).content.decode()
    assert "span 10" in page and "maximum 100" in page
    assert "&#x27;max&#x27;" not in page and "&quot;max&quot;" not in page
    old_page = english(world.city_manager).get(
        reverse("rankings:scheme_detail", kwargs={"scheme_id": old.pk})
    )
    assert "High-tech industrial development zone 20" in old_page.content.decode()
    assert "high_tech" not in old_page.content.decode()
    choices = english(world.city_manager).get(reverse("rankings:scheme_list")).content.decode()
    assert "（2016年版）" in choices and "（2021年版）" in choices


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_ranking_pages_query_count_does_not_grow_with_the_group(
    world: World, scheme: Scheme
) -> None:
    small = _published(world, scheme)
    client = english(world.city_manager)
    urls = lambda r: [  # noqa: E731
        reverse("rankings:ranking_detail", kwargs={"ranking_id": r.pk}),
        reverse(
            "rankings:ranking_item", kwargs={"ranking_id": r.pk, "organisation_id": world.org_a.pk}
        ),
        reverse("rankings:ranking_compare", kwargs={"ranking_id": r.pk}),
        reverse("rankings:scheme_list"),
    ]
    client.get(reverse("rankings:scheme_list"))  # the session's first request does more
    few = [_queries(client, u) for u in urls(small)]
    for n in range(8):
        zone = organisation_create(
            actor=None, name=f"新区{n}", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.city
        )
        from datetime import date

        from ..targets.factories import report

        report(zone, date(LAST_YEAR, 6, 1), trade_total=n * 10, energy_per_value_added=1)
    big = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    services.ranking_publish(actor=world.city_manager, ranking=big, reason="扩大范围")
    assert len(big.entries.all()) == 10
    many = [_queries(client, u) for u in urls(big)]
    assert many == few


def test_a_large_group_computes_as_a_background_job(
    world: World, scheme: Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zonetrack.core.models import Job
    from zonetrack.rankings import jobs as ranking_jobs

    monkeypatch.setattr(ranking_jobs, "JOB_ORGANISATIONS", 1)
    response = english(world.city_manager).post(
        reverse("rankings:ranking_compute", kwargs={"scheme_id": scheme.pk}), {"period": PERIOD}
    )
    job = Job.objects.get(kind=ranking_jobs.COMPUTE)
    assert response["Location"] == reverse("core:job_detail", kwargs={"job_id": job.pk})
    assert job.status == "done", job.message
    ranking = Ranking.objects.get()
    assert job.result == {"ranking": ranking.pk, "url": f"/rankings/{ranking.pk}/"}
    page = english(world.city_manager).get(response["Location"]).content.decode()
    assert f'href="/rankings/{ranking.pk}/"' in page


def test_panel_grid_saves_scores_with_the_member_and_refuses_bad_cells(world: World) -> None:
    changed = draft(world)
    changed.categories[1].items[0].weight = Decimal(20)
    changed.categories.append(
        services.CategoryDraft("服务", [services.ItemDraft("满意度", "manual", Decimal(20))])
    )
    scheme = services.scheme_save(actor=world.city_manager, draft=changed)
    item = scheme.categories.get(name="服务").items.get()
    url = reverse("rankings:panel_scores", kwargs={"scheme_id": scheme.pk})
    client = english(world.city_manager)
    bad = client.post(url, {"period": PERIOD, f"s_{item.pk}_{world.org_a.pk}": "120"})
    assert bad.status_code == 400 and "between 0 and 100" in bad.content.decode()
    assert not item.panel_scores.exists()
    good = client.post(
        url,
        {
            "period": PERIOD,
            f"s_{item.pk}_{world.org_a.pk}": "88",
            f"s_{item.pk}_{world.org_b.pk}": "90.5",
        },
    )
    assert good.status_code == 302
    scores = {s.organisation_id: (s.score, s.member) for s in item.panel_scores.all()}
    assert scores == {
        world.org_a.pk: (Decimal("88.00"), world.city_manager),
        world.org_b.pk: (Decimal("90.50"), world.city_manager),
    }
    # A ranked zone reads the grid but may not enter it.
    zone = english(world.a_viewer)
    assert zone.get(url).status_code == 404  # the scheme is the city's
    viewer = english(world.province_viewer)
    assert "disabled" in viewer.get(url, {"period": PERIOD}).content.decode()
    assert viewer.post(url, {"period": PERIOD}).status_code == 403


def test_against_todays_data_shows_what_changed_and_saves_nothing(
    world: World, scheme: Scheme
) -> None:
    ranking = _published(world, scheme)
    # A late correction: A's June trade rises from 100 to 400.
    from datetime import date

    from zonetrack.targets.models import ReportedValue

    ReportedValue.objects.filter(
        organisation=world.org_a, indicator__code="trade_total", period=date(LAST_YEAR, 6, 1)
    ).update(value=400)
    url = reverse("rankings:ranking_drift", kwargs={"ranking_id": ranking.pk})
    page = english(world.city_manager).get(url).content.decode()
    assert "进出口: 600.00 → 900.00" in page
    assert Ranking.objects.count() == 1
    assert english(world.a_viewer).get(url).status_code == 403  # the owner's side only


def test_events_are_recorded_with_evidence_and_counted(world: World) -> None:
    changed = draft(world)
    changed.categories[1].items.append(
        services.ItemDraft("安全扣分", "deduction", params={"per_event": "0.3", "cap": 1})
    )
    scheme = services.scheme_save(actor=world.city_manager, draft=changed)
    item = scheme.categories.get(name="绿色发展").items.get(rule="deduction")
    url = reverse("rankings:event_list", kwargs={"scheme_id": scheme.pk})
    client = english(world.city_manager)
    body = {
        "item": item.pk,
        "organisation": world.org_a.pk,
        "happened_on": f"{LAST_YEAR}-03-02",
        "count": "2",
        "evidence": "督查通报",
        "department": "市应急局",
    }
    assert client.post(url, {**body, "evidence": ""}).status_code == 400
    assert client.post(url, body).status_code == 302
    assert "督查通报" in client.get(url).content.decode()
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    line = ranking.entries.get(organisation=world.org_a)
    # 60 points less 2 findings × 0.3.
    assert line.total == Decimal("59.4")
    viewer = english(world.province_viewer)
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, body).status_code == 403


def test_spare_rows_left_blank_are_no_rows(world: World) -> None:
    """The grid's spare rows send their rule select's value; left otherwise blank they are
    dropped, as the editor's help says, instead of asking for a category and a name."""
    data = _editor_post(world, "60")
    data["items-TOTAL_FORMS"] = "5"
    for n in (2, 3, 4):
        data[f"items-{n}-rule"] = "linear"
    response = english(world.city_manager).post(reverse("rankings:scheme_create"), data)
    assert response.status_code == 302
    assert Scheme.objects.get().categories.count() == 2


@pytest.mark.usefixtures("reported")
def test_the_publisher_reads_what_is_missing_and_confirms(world: World) -> None:
    report_half(world, half=2, org_a=(10, "1.5"))  # B reports nothing in H2
    scheme = services.scheme_save(actor=world.city_manager, draft=draft(world))
    ranking = services.ranking_compute(
        actor=world.city_manager, scheme=scheme, period=f"{LAST_YEAR}H2"
    )
    owner = english(world.city_manager)
    url = reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking.pk})
    page = owner.get(url).content.decode()
    assert 'id="publish-warnings"' in page and "no value for 1 of 2" in page
    publish = reverse("rankings:ranking_publish", kwargs={"ranking_id": ranking.pk})
    refused = owner.post(publish, {"reason": ""}, follow=True).content.decode()
    assert "confirm to publish anyway" in refused
    ranking.refresh_from_db()
    assert ranking.status == "draft"
    owner.post(publish, {"reason": "", "acknowledged": "on"})
    ranking.refresh_from_db()
    assert ranking.status == "published"


@pytest.mark.usefixtures("reported")
def test_the_table_escapes_what_organisations_are_called(world: World, scheme: Scheme) -> None:
    Organisation.objects.filter(pk=world.org_a.pk).update(name='甲<img src=x onerror="x()">')
    ranking = services.ranking_compute(actor=world.city_manager, scheme=scheme, period=PERIOD)
    page = (
        english(world.city_manager)
        .get(reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking.pk}))
        .content.decode()
    )
    assert "<img src=x" not in page
    assert "甲&lt;img src=x onerror=&quot;x()&quot;&gt;" in page
