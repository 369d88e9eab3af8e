"""Filters of the rankings pages: a scheme item's rule parameters and per-kind weights in
words, never as JSON."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..wording import kind_weights_text, params_text, peer_text

register = template.Library()


@register.filter
def rule_params(params: dict[str, Any] | None) -> str:
    return params_text(params)


@register.filter
def kind_weights(weights: dict[str, Any] | None) -> str:
    return kind_weights_text(weights)


@register.filter
def peers_named(scheme: Any) -> str:
    return peer_text(scheme)


@register.simple_tag
def ranking_rows(table: Any) -> SafeString:
    """The 龙虎榜's table rows, built here rather than by the template language: a group of 300
    organisations is 300 rows of eight cells, which a template loop renders several times
    slower. Every value is escaped by ``format_html``."""
    up, down = _("Moved up"), _("Moved down")
    not_eligible, why = _("Not eligible for honours"), _("Why did the rank change?")
    rows = []
    for line in table.lines:
        change = line.change
        if change is None:
            arrow = SafeString("")
        elif change > 0:
            arrow = format_html('<span class="text-green" title="{}">▲{}</span>', up, change)
        elif change < 0:
            arrow = format_html('<span class="text-red" title="{}">▼{}</span>', down, -change)
        else:
            arrow = SafeString('<span class="text-secondary">—</span>')
        badge = (
            format_html(
                ' <span class="badge bg-red-lt" title="{}">{}</span>',
                "、".join(line.vetoes),
                not_eligible,
            )
            if not line.eligible
            else ""
        )
        total = (
            format_html('<a href="{}" class="zt-score">{}</a>', line.item_url, line.total_text)
            if line.item_url
            else line.total_text
        )
        categories = format_html_join(
            "", '<td class="text-end zt-num">{}</td>', ((v,) for v in line.category_texts)
        )
        change_link = (
            format_html('<a href="{}" class="small">{}</a>', line.change_url, why)
            if line.change_url
            else ""
        )
        rows.append(
            format_html(
                '<tr data-organisation="{}" data-rank="{}"><td class="zt-num"><strong>{}</strong>'
                " {}</td><td>{}{}</td>"
                '<td class="text-end zt-num">{}</td>{}<td class="d-print-none">{}</td></tr>',
                line.organisation_id,
                line.rank,
                line.rank,
                arrow,
                line.name,
                badge,
                total,
                categories,
                change_link,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - each row built by format_html
