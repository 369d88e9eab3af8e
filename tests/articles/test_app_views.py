"""Articles pages: adding, the article page with its fact cards (htmx), the list, zone facts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import World, client_for
from zonetrack.articles import services
from zonetrack.articles.models import Article, ArticleStatus, Fact, Review

from .factories import ArticleFactory, FactFactory
from .test_app_services import TEXT, add_article, zone_fact

HTMX = {"HX-Request": "true"}


def in_english(user: Any) -> Any:
    """Pages speak the user's language: these tests read English messages."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def detail_url(article: Article) -> str:
    return reverse("articles:article_detail", kwargs={"article_id": article.pk})


def test_paste_an_article_and_see_text_and_facts(world: World) -> None:
    client = client_for(world.a_manager)
    page = client.get(reverse("articles:article_create"))
    assert page.status_code == 200
    response = client.post(
        reverse("articles:article_create"),
        {"organisation": world.org_a.pk, "title": "季度招商", "text": TEXT},
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(article)
    page = client.get(detail_url(article)).content.decode()
    fact = zone_fact(article)
    shown = page.split('id="clean-text"', 1)[1].split("</div>", 1)[0]
    assert "总投资约36亿元" in re.sub(r"<[^>]+>", "", shown)
    # The quote is marked in the text, with an anchor the fact's card links to.
    assert f'id="q-{fact.pk}"' in page
    assert f"zt-f{fact.pk}" in page
    assert f'href="#q-{fact.pk}"' in page
    # articles.js lights the quote up from the card's data-fact (no inline <style> any more).
    assert f'data-fact="{fact.pk}"' in page and "articles/articles.js" in page
    assert f'id="fact-{fact.pk}"' in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Paste the article"),
        ({"text": "Nothing here is Chinese at all."}, "text", "Chinese"),
        ({"file": ("a.txt", b"\x00\x01\xfe\xff" * 100)}, "file", "binary"),
        ({"file": ("a.exe", b"MZ")}, "file", ".docx"),
        ({"file": ("big.txt", b"a" * (services.MAX_UPLOAD_BYTES + 10))}, "file", "5 MB"),
        ({"file": ("a.txt", TEXT.encode()), "text": TEXT}, "file", "not both"),
        ({"text": TEXT, "source_url": "not an address"}, "source_url", "URL"),
    ],
)
def test_bad_input_gets_a_field_message_and_keeps_the_text(
    world: World, data: dict[str, Any], field: str, message: str
) -> None:
    client = client_for(in_english(world.a_manager))
    post: dict[str, Any] = {"organisation": world.org_a.pk, **data}
    if "file" in data:
        name, content = data["file"]
        post["file"] = SimpleUploadedFile(name, content)
    response = client.post(reverse("articles:article_create"), post)
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    if data.get("text"):
        assert data["text"] in response.content.decode()
    assert not Article.objects.exists()


def test_organisation_choices_are_those_the_user_manages(world: World) -> None:
    client = client_for(world.a_manager)
    response = client.post(
        reverse("articles:article_create"), {"organisation": world.org_b.pk, "text": TEXT}
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    viewer = client_for(world.a_viewer).get(reverse("articles:article_create"))
    assert viewer.status_code == 200 and not viewer.context["may_add"]


def test_outsiders_get_404_and_viewers_only_read(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    urls = [
        detail_url(article),
        reverse("articles:article_status", kwargs={"article_id": article.pk}),
    ]
    for url in urls:
        assert client_for(world.b_manager).get(url).status_code == 404
        assert client_for(world.nobody).get(url).status_code == 404
        assert client_for(world.province_viewer).get(url).status_code == 200
    review = reverse("articles:fact_review", kwargs={"fact_id": fact.pk})
    post = {"action": "accept", "version": fact.version}
    assert client_for(world.b_manager).post(review, post).status_code == 404
    viewer = client_for(world.a_viewer)
    page = viewer.get(detail_url(article)).content.decode()
    assert reverse("articles:fact_review", kwargs={"fact_id": fact.pk}) not in page
    assert viewer.post(review, post).status_code == 403
    fact.refresh_from_db()
    assert fact.review == Review.PROPOSED


def test_review_through_htmx_with_stale_version_and_edit_errors(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    client = client_for(in_english(world.a_manager))
    review = reverse("articles:fact_review", kwargs={"fact_id": fact.pk})
    response = client.post(review, {"action": "accept", "version": 1}, headers=HTMX)
    assert response.status_code == 200
    card = response.content.decode()
    assert card.lstrip().startswith('<div class="card card-sm mb-2 zt-fact zt-review-accepted"')
    # A second tab still showing version 1 is told who changed the fact and when.
    stale = client.post(review, {"action": "reject", "version": 1}, headers=HTMX)
    assert stale.status_code == 409
    assert "changed by am" in stale.content.decode()
    fact.refresh_from_db()
    assert fact.review == Review.ACCEPTED

    amount = Fact.objects.filter(article=article, kind="amount").first()
    assert amount is not None
    edit = reverse("articles:fact_edit", kwargs={"fact_id": amount.pk})
    fields = {f"f_{k}": "" if v is None else v for k, v in amount.fields.items()}
    bad = client.post(
        edit, {**fields, "f_amount_yuan": "三十亿", "version": amount.version}, headers=HTMX
    )
    assert bad.status_code == 400
    assert "whole number" in bad.content.decode()
    assert "三十亿" in bad.content.decode()  # what was typed is kept
    good = client.post(
        edit,
        {**fields, "f_amount_yuan": "3600000001", "version": amount.version},
        headers=HTMX,
    )
    assert good.status_code == 200
    amount.refresh_from_db()
    assert amount.review == Review.EDITED and amount.values["amount_yuan"] == 3600000001


def test_review_without_javascript_redirects_back(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    client = client_for(world.a_manager)
    review = reverse("articles:fact_review", kwargs={"fact_id": fact.pk})
    response = client.post(review, {"action": "reject", "version": fact.version})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#fact-{fact.pk}")
    stale = client.post(review, {"action": "accept", "version": fact.version})
    assert stale.status_code == 409
    assert stale.context["article"] == article


def test_attach_to_zone_and_see_it_on_the_zone_fragment(world: World) -> None:
    article = add_article(world)
    fact = zone_fact(article)
    client = client_for(world.a_manager)
    client.post(
        reverse("articles:fact_review", kwargs={"fact_id": fact.pk}),
        {"action": "accept", "version": fact.version},
    )
    page = client.get(detail_url(article)).content.decode()
    # The zone named by the fact is suggested; only zones the user may change are offered.
    assert 'name="zone" list="zt-zones" value="甲区"' in page
    assert '<option value="乙区">' not in page
    attach = reverse("articles:fact_attach", kwargs={"fact_id": fact.pk})
    refused = client.post(attach, {"zone": "乙区", "version": 2}, headers=HTMX)
    assert refused.status_code == 400
    response = client.post(attach, {"zone": "甲区", "version": 2}, headers=HTMX)
    assert response.status_code == 200
    assert "zt-attached" in response.content.decode()
    fact.refresh_from_db()
    assert fact.zone == world.zone_a

    request = RequestFactory().get("/")
    for user, shown in ((world.a_viewer, True), (world.b_manager, False)):
        request.user = user
        html = Template("{% load articles %}{% zone_article_facts zone %}").render(
            Context({"request": request, "zone": world.zone_a})
        )
        assert (article.title in html) is shown
        assert (f"#fact-{fact.pk}" in html) is shown


def test_processing_page_polls_until_ready(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.a_manager)
    long_text = "\n".join([TEXT] * (services.INLINE_MAX_CHARS // len(TEXT) + 2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("articles:article_create"), {"organisation": world.org_a.pk, "text": long_text}
        )
    article = Article.objects.get()
    assert response.status_code == 302 and article.status == ArticleStatus.PROCESSING
    page = client.get(detail_url(article)).content.decode()
    status_url = reverse("articles:article_status", kwargs={"article_id": article.pk})
    assert f'hx-get="{status_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "HX-Refresh" not in client.get(status_url, headers=HTMX)
    for callback in callbacks:
        callback()
    done = client.get(status_url, headers=HTMX)
    assert done["HX-Refresh"] == "true"
    assert "hx-get" not in done.content.decode()


def test_archive_hides_from_the_list(world: World) -> None:
    article = add_article(world)
    client = client_for(world.a_manager)
    client.post(reverse("articles:article_archive", kwargs={"article_id": article.pk}))
    listing = client.get(reverse("articles:article_list")).content.decode()
    assert detail_url(article) not in listing
    assert (
        detail_url(article)
        in client.get(reverse("articles:article_list"), {"archived": "1"}).content.decode()
    )


def _many_articles(world: World, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        add_article(
            world, text=f"甲区第{i + 1}批项目集中签约，签约项目{i + 2}个，总投资约{i + 3}亿元。"
        )


def test_list_page_uses_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.city_manager)
    url = reverse("articles:article_list")
    _many_articles(world, 2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _many_articles(world, 12, start=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "甲区第14批" in response.content.decode()


def test_article_page_uses_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.a_manager)
    small = add_article(world, text="甲区管委会召开专题会议，部署本月新签约项目1个的推进工作。")
    client.get(detail_url(small))
    with django_assert_max_num_queries(20) as few:
        assert client.get(detail_url(small)).status_code == 200
    big = add_article(world, text="\n".join([TEXT] * 20))
    assert big.facts.count() > 3 * small.facts.count()
    for fact in list(big.facts.all())[:10]:
        services.fact_review(actor=world.a_manager, fact=fact, action="accept")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(detail_url(big)).status_code == 200


def test_the_readers_messages_speak_the_users_language(world: World) -> None:
    """Refusals and notes of the reader come in Chinese to a Chinese-speaking user."""
    client = client_for(world.a_manager)  # the default language: Simplified Chinese
    response = client.post(
        reverse("articles:article_create"),
        {"organisation": world.org_a.pk, "text": "Nothing here is Chinese at all."},
    )
    assert "不是中文" in " ".join(response.context["form"].errors["text"])
    traditional = "臨汾經濟開發區今年簽約項目十二個，總投資約三十六億元，較去年增長百分之十二。" * 3
    client.post(
        reverse("articles:article_create"), {"organisation": world.org_a.pk, "text": traditional}
    )
    page = client.get(detail_url(Article.objects.get())).content.decode()
    assert "原文为繁体中文，已转换为简体。" in page
    english = client_for(in_english(world.a_manager)).get(detail_url(Article.objects.get()))
    assert "converted from Traditional to Simplified" in english.content.decode()


def test_archive_and_restore_through_the_gate(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a)
    url = reverse("articles:article_archive", kwargs={"article_id": article.pk})
    attach_all = reverse("articles:article_attach", kwargs={"article_id": article.pk})
    # may not see it: 404; may see it but not change it: 403
    assert client_for(world.b_manager).post(url).status_code == 404
    assert client_for(world.a_viewer).post(url).status_code == 403
    assert client_for(world.a_viewer).post(attach_all, {"zone": "甲区"}).status_code == 403
    client = client_for(in_english(world.a_manager))
    archived = client.post(url, follow=True)
    article.refresh_from_db()
    assert article.is_archived
    assert "Archived. You can restore it from its page." in archived.content.decode()
    restored = client.post(url, {"restore": "1"}, follow=True)
    article.refresh_from_db()
    assert not article.is_archived and "Restored." in restored.content.decode()


def test_statuses_and_reviews_render_as_badges(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, status=ArticleStatus.FAILED)
    fact = FactFactory(article=article, review=Review.EDITED, confidence=0.2)
    client = client_for(in_english(world.a_manager))
    listing = client.get(reverse("articles:article_list")).content.decode()
    assert '<span class="badge bg-red-lt" data-value="failed">Failed</span>' in listing
    article.status = ArticleStatus.READY
    article.save()
    page = client.get(detail_url(article)).content.decode()
    assert '<span class="badge bg-yellow-lt" data-value="ready">Ready for review</span>' in page
    card = page.split(f'id="fact-{fact.pk}"', 1)[1]
    assert 'class="badge bg-teal-lt zt-review" data-value="edited"' in card
    assert "low confidence" in card and ">Zone</a>" in card
