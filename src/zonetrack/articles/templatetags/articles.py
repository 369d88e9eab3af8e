"""Template tags of the articles app: the accepted facts of a zone (for the zone's page) and an
article's cleaned text with its damaged passages and fact quotes marked."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..models import Fact
from ..selectors import facts_for_zone

register = template.Library()


@register.inclusion_tag("articles/includes/zone_facts.html", takes_context=True)
def zone_article_facts(context: Any, zone: Any) -> dict[str, Any]:
    """``{% zone_article_facts zone %}``: the facts the viewer may see, attached to the zone."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {"facts": facts_for_zone(zone, user) if user is not None else [], "request": request}


@dataclass(frozen=True)
class Segment:
    """A stretch of text that one set of marks covers, and the quotes that start at it."""

    text: str
    classes: tuple[str, ...]
    anchors: tuple[int, ...]


def text_segments(
    text: str, damaged: Iterable[Sequence[Any]], facts: Iterable[Fact]
) -> list[Segment]:
    """The text cut wherever a damaged span or a fact's quote starts or ends; each piece with
    the classes of what covers it (``zt-damaged``, ``zt-quote zt-f<id>``) and the ids of the
    facts whose quote starts there."""
    length = len(text)
    spans = [(max(0, int(s)), min(length, int(e))) for s, e in damaged if int(e) > int(s)]
    quotes = [(f.start, min(length, f.end), f.pk) for f in facts if f.end > f.start]
    cuts = sorted(
        {0, length, *(p for s, e in spans for p in (s, e))}
        | {p for s, e, _pk in quotes for p in (s, e)}
    )
    anchors: dict[int, list[int]] = defaultdict(list)
    for start, _end, pk in quotes:
        anchors[start].append(pk)
    # Per segment: which damaged spans and quotes cover it (segments are at most a few hundred).
    covered: list[list[str]] = [[] for _ in cuts]
    for start, end in spans:
        for i in range(bisect_left(cuts, start), bisect_left(cuts, end)):
            covered[i].append("zt-damaged")
    for start, end, pk in quotes:
        for i in range(bisect_left(cuts, start), bisect_left(cuts, end)):
            covered[i].append(f"zt-quote zt-f{pk}")
    return [
        Segment(text[a:b], tuple(covered[i]), tuple(anchors.get(a, ())))
        for i, (a, b) in enumerate(pairwise(cuts))
    ]


def marked_text(text: str, damaged: Iterable[Sequence[Any]], facts: Iterable[Fact]) -> SafeString:
    """The cleaned text as HTML: damaged spans marked, each fact's quote wrapped in spans that
    carry the fact's class (``zt-f<id>``), with an anchor ``#q-<id>`` where the quote starts.
    Every piece of the text is escaped by format_html."""
    parts = []
    for segment in text_segments(text, damaged, facts):
        anchors = format_html_join(
            "", '<a id="q-{}" class="zt-anchor"></a>', ((pk,) for pk in segment.anchors)
        )
        if segment.classes:
            classes = " ".join(segment.classes)
            parts.append(
                format_html('{}<span class="{}">{}</span>', anchors, classes, segment.text)
            )
        else:
            parts.append(format_html("{}{}", anchors, segment.text))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def article_marked_text(article: Any, facts: Iterable[Fact]) -> SafeString:
    """``{% article_marked_text article facts %}``: the article's cleaned text, marked."""
    return marked_text(article.clean_text, article.damaged_spans, facts)
