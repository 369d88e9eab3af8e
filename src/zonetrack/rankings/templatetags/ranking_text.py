"""Filters of the rankings pages: a scheme item's rule parameters and per-kind weights in
words, never as JSON."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import kind_weights_text, params_text

register = template.Library()


@register.filter
def rule_params(params: dict[str, Any] | None) -> str:
    return params_text(params)


@register.filter
def kind_weights(weights: dict[str, Any] | None) -> str:
    return kind_weights_text(weights)
