"""The cleaned text on the article page: damaged spans and quotes marked, hostile text escaped."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import World, client_for
from zonetrack.articles.templatetags.articles import marked_text, text_segments

from .factories import ArticleFactory, FactFactory

HOSTILE = '甲区<script>alert("x")</script>&amp;\'<img src=x onerror=alert(1)>□□'


def test_segments_cut_at_every_span_and_quote(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, clean_text="甲区签约项目8个")
    fact = FactFactory(article=article, start=0, end=4)
    segments = text_segments(article.clean_text, [[2, 6]], [fact])
    assert [s.text for s in segments] == ["甲区", "签约", "项目", "8个"]
    assert segments[0].classes == (f"zt-quote zt-f{fact.pk}",)
    assert segments[1].classes == ("zt-damaged", f"zt-quote zt-f{fact.pk}")
    assert segments[2].classes == ("zt-damaged",)
    assert segments[3].classes == ()
    assert [s.anchors for s in segments] == [(fact.pk,), (), (), ()]


def test_hostile_text_is_escaped_and_marks_stay_markup(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, clean_text=HOSTILE)
    fact = FactFactory(article=article, start=2, end=len(HOSTILE) - 2)
    html = marked_text(HOSTILE, [[len(HOSTILE) - 2, len(HOSTILE)], [5, 1]], [fact])
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&amp;amp;&#x27;&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.startswith(f'甲区<a id="q-{fact.pk}" class="zt-anchor"></a>')
    assert f'<span class="zt-quote zt-f{fact.pk}">&lt;script' in html
    assert html.endswith('<span class="zt-damaged">□□</span>')


def test_the_article_page_escapes_the_cleaned_text(world: World) -> None:
    article = ArticleFactory(organisation=world.org_a, clean_text=HOSTILE, raw_text=HOSTILE)
    FactFactory(article=article, start=2, end=10)
    url = reverse("articles:article_detail", kwargs={"article_id": article.pk})
    page = client_for(world.a_manager).get(url).content.decode()
    text = page.split('id="clean-text"', 1)[1].split("</div>", 1)[0]
    assert "&lt;script&gt;" in text and "<script" not in text and "<img" not in text
