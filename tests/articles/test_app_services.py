"""Articles app services and selectors: adding, reading, reviewing and attaching facts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.conftest import World
from zonetrack.articles import selectors, services
from zonetrack.articles.models import Article, ArticleStatus, Fact, Review
from zonetrack.audit.services import history_of
from zonetrack.core.errors import StaleVersion

# Written for these tests: two zones of the test world, an amount and a project count.
TEXT = (
    "甲区2025年一季度新签约项目8个，总投资约36亿元。\n甲区管委会负责人介绍，乙区同期开工项目3个。"
)


def add_article(world: World, text: str = TEXT, **extra: Any) -> Article:
    """An article of zone A's committee, read at once."""
    return services.article_create(
        actor=world.a_manager, organisation=world.org_a, text=text, **extra
    )


def zone_fact(article: Article, name: str = "甲区") -> Fact:
    return Fact.objects.get(article=article, kind="zone", fields__name=name)


def test_create_reads_short_text_at_once_and_keeps_history(world: World) -> None:
    add_article(world, title="一季度招商")
    article = Article.objects.get()
    assert article.status == ArticleStatus.READY
    assert article.clean_text.startswith("甲区")
    names = {f.fields.get("name") for f in article.facts.filter(kind="zone")}
    assert {"甲区", "乙区"} <= names
    assert article.facts.filter(review=Review.PROPOSED).count() == article.facts.count()
    # The creation and the reading are both in the article's history; every fact has one row.
    assert [c.action for c in history_of(article)] == ["update", "create"]
    for fact in article.facts.all():
        assert history_of(fact).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"text": "   "}, "text", "no text"),
        ({"text": "Only English words in this text."}, "text", "Chinese"),
        ({"data": b"\x00\x01\x02\xff" * 200, "filename": "a.txt"}, "file", "binary"),
        ({"data": b"x" * (services.MAX_UPLOAD_BYTES + 1), "filename": "a.txt"}, "file", "5 MB"),
        ({"data": "甲区".encode(), "filename": "a.pdf"}, "file", ".docx"),
    ],
)
def test_unreadable_input_is_refused_on_its_field_and_nothing_saved(
    world: World, kwargs: dict[str, Any], field: str, message: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.article_create(actor=world.a_manager, organisation=world.org_a, **kwargs)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not Article.objects.exists()


def test_gbk_upload_is_decoded_and_its_encoding_recorded(world: World) -> None:
    article = services.article_create(
        actor=world.a_manager,
        organisation=world.org_a,
        data=TEXT.encode("gbk"),
        filename="季度通报.txt",
    )
    assert article.status == ArticleStatus.READY
    assert article.title == "季度通报"
    assert article.encoding == "gb18030"
    assert "总投资约36亿元" in article.clean_text


def test_only_managers_add_articles(world: World) -> None:
    for user in (world.a_officer, world.a_viewer, world.b_manager):
        with pytest.raises(PermissionDenied):
            services.article_create(actor=user, organisation=world.org_a, text=TEXT)
    assert selectors.default_organisation(world.a_manager) == world.org_a
    assert selectors.default_organisation(world.a_viewer) is None


def test_long_text_is_read_by_a_background_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    long_text = "\n".join([TEXT] * (services.INLINE_MAX_CHARS // len(TEXT) + 2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = add_article(world, text=long_text)
    assert article.status == ArticleStatus.PROCESSING
    assert not article.facts.exists()
    assert len(callbacks) == 1
    callbacks[0]()  # the job runs (huey is immediate in tests)
    article.refresh_from_db()
    assert article.status == ArticleStatus.READY
    assert article.facts.filter(kind="zone").exists()


def test_a_failing_job_marks_the_article_failed(world: World, monkeypatch: Any) -> None:
    from zonetrack.articles import text as reader

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    article = add_article(world, run=lambda pk: None)
    assert article.status == ArticleStatus.PROCESSING
    monkeypatch.setattr(reader, "read", broken)
    services.article_read(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED
    assert article.failure


def test_review_accept_edit_reject_with_versions_and_history(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    services.fact_review(actor=world.a_manager, fact=fact, action="accept", expected_version=1)
    fact.refresh_from_db()
    assert fact.review == Review.ACCEPTED
    assert fact.reviewed_by == world.a_manager and fact.reviewed_at is not None

    # Someone working from the old version is told who changed it.
    stale = Fact.objects.get(pk=fact.pk)
    stale.version = 1
    with pytest.raises(StaleVersion) as caught:
        services.fact_review(actor=world.a_manager, fact=stale, action="reject", expected_version=1)
    assert caught.value.changed_by == str(world.a_manager)

    amount = Fact.objects.filter(article=article, kind="amount").first()
    assert amount is not None
    with pytest.raises(ValidationError) as bad:
        services.fact_review(
            actor=world.a_manager,
            fact=amount,
            action="edit",
            fields={**amount.fields, "amount_yuan": "很多"},
            expected_version=amount.version,
        )
    assert "amount_yuan" in bad.value.message_dict
    services.fact_review(
        actor=world.a_manager,
        fact=amount,
        action="edit",
        fields={**amount.fields, "amount_yuan": "3,700,000,000", "refers_to": "签约项目"},
        expected_version=amount.version,
    )
    amount.refresh_from_db()
    assert amount.review == Review.EDITED
    assert amount.values["amount_yuan"] == 3_700_000_000
    assert amount.fields["amount_yuan"] == 3_600_000_000  # as read, kept
    assert [c.action for c in history_of(amount)] == ["update", "create"]

    for other in article.facts.filter(review=Review.PROPOSED):
        services.fact_review(actor=world.a_manager, fact=other, action="reject")
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEWED
    assert Fact.objects.filter(article=article).count() == article.facts.count()  # none deleted


def test_only_those_who_may_change_the_article_review(world: World) -> None:
    fact = zone_fact(add_article(world))
    for user in (world.a_viewer, world.a_officer, world.b_manager, world.province_viewer):
        with pytest.raises(PermissionDenied):
            services.fact_review(actor=user, fact=fact, action="accept")
    services.fact_review(actor=world.city_manager, fact=fact, action="accept")


def test_attach_accepted_fact_to_a_zone_the_user_may_change(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    with translation.override("en"), pytest.raises(ValidationError, match="Accept the fact"):
        services.fact_attach(actor=world.a_manager, fact=fact, zone=world.zone_a)
    services.fact_review(actor=world.a_manager, fact=fact, action="accept")
    with pytest.raises(ValidationError):
        services.fact_attach(actor=world.a_manager, fact=fact, zone=world.zone_b)
    zones = selectors.attachable_zones(user=world.a_manager)
    assert zones == [world.zone_a]
    fact.refresh_from_db()
    assert selectors.suggested_zone(fact, zones) == world.zone_a
    services.fact_attach(actor=world.a_manager, fact=fact, zone=world.zone_a)

    assert selectors.facts_for_zone(world.zone_a, world.a_viewer) == [fact]
    assert selectors.facts_for_zone(world.zone_a, world.city_manager) == [fact]
    assert selectors.facts_for_zone(world.zone_a, world.b_manager) == []
    assert selectors.facts_for_zone(world.zone_b, world.a_viewer) == []

    # Rejecting it later takes it off the zone; archiving the article hides its facts.
    services.fact_review(actor=world.a_manager, fact=fact, action="reject")
    fact.refresh_from_db()
    assert fact.zone is None
    assert selectors.facts_for_zone(world.zone_a, world.a_viewer) == []
    services.fact_review(actor=world.a_manager, fact=fact, action="accept")
    services.fact_attach(actor=world.a_manager, fact=fact, zone=world.zone_a)
    services.article_archive(actor=world.a_manager, article=article)
    assert selectors.facts_for_zone(world.zone_a, world.a_viewer) == []
    assert Fact.objects.filter(pk=fact.pk).exists()


def test_bulk_attach_takes_only_accepted_loose_facts(world: World) -> None:
    article = add_article(world)
    accepted = list(article.facts.all()[:2])
    for fact in accepted:
        services.fact_review(actor=world.a_manager, fact=fact, action="accept")
    count = services.facts_attach(actor=world.a_manager, article=article, zone=world.zone_a)
    assert count == 2
    assert set(Fact.objects.filter(zone=world.zone_a)) == set(accepted)


def test_article_list_is_scoped_and_counts_facts(world: World) -> None:
    mine = add_article(world)
    services.article_create(
        actor=world.b_manager, organisation=world.org_b, text="乙区新签约项目2个，总投资约5亿元。"
    )
    seen = list(selectors.article_list(user=world.a_viewer))
    assert [a.pk for a in seen] == [mine.pk]
    assert seen[0].fact_count == mine.facts.count() and seen[0].proposed_count == seen[0].fact_count
    assert len(selectors.article_list(user=world.city_manager)) == 2
    assert list(selectors.article_list(user=world.nobody)) == []


def test_clean_fields_per_type(world: World) -> None:
    assert services.clean_fields("target", {"metric": "签约额", "value": "50", "year": "2025"}) == {
        "metric": "签约额",
        "value": 50,
        "year": 2025,
    }
    assert services.clean_fields("industry_cluster", {"name": "新材料", "items": "铝、镁\n钛"})[
        "items"
    ] == ["铝", "镁", "钛"]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.clean_fields("date", {"date": "十二月", "event": "开工"})
    assert "YYYY-MM-DD" in caught.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as caught:
        services.clean_fields("amount", {"amount_yuan": "5", "qualifier": "about"})
    assert "qualifier" in caught.value.message_dict


def test_docx_bomb_upload_is_a_field_error_in_the_users_language(world: World) -> None:
    from tests.articles.test_text_decode import docx_bomb

    bomb = docx_bomb(40 << 20)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.article_create(
            actor=world.a_manager, organisation=world.org_a, data=bomb, filename="a.docx"
        )
    assert "(a zip bomb); it was refused." in " ".join(caught.value.message_dict["file"])
    assert not Article.objects.exists()
