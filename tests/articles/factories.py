"""factory_boy factories of the articles app: articles already read and their facts.

They write rows directly (as a test fixture, not a workflow), so nothing is read by the
reader and no change is recorded; tests of the reading itself go through the services."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from zonetrack.articles.models import Article, ArticleStatus, Fact, Review

TEXT = "甲区2025年一季度新签约项目8个，总投资约36亿元。"


class ArticleFactory(DjangoModelFactory):
    """An article read and waiting for review; pass ``organisation``."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"文章{n}")
    raw_text = TEXT
    clean_text = factory.SelfAttribute("raw_text")
    status = ArticleStatus.READY


class FactFactory(DjangoModelFactory):
    """A proposed zone fact quoting the start of its article; pass ``article``."""

    class Meta:
        model = Fact

    kind = "zone"
    fields = factory.LazyAttribute(lambda fact: {"name": fact.name})
    quote = factory.LazyAttribute(lambda fact: fact.article.clean_text[fact.start : fact.end])
    start = 0
    end = 2
    confidence = 0.9
    review = Review.PROPOSED

    class Params:
        name = "甲区"
