"""Scoring rules and their parameters in words, as a reader of a scheme or a score sees them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zonetrack.registry.choices import ZoneKind

# The names of the rules' parameters as a reader sees them.
PARAMETER_LABELS = {
    "min": _("minimum"),
    "max": _("maximum"),
    "average": _("average"),
    "span": _("span"),
    "first": _("points of the first"),
    "step": _("step"),
    "floor": _("lowest points"),
    "cap": _("cap"),
    "bands": _("bands"),
    "top": _("full marks"),
    "per_event": _("points per event"),
    "low": _("lower bound"),
    "high": _("upper bound"),
}


def params_text(params: dict[str, Any] | None) -> str:
    """A scheme item's rule parameters as a reader sees them: "points of the first 10 ·
    step 1", bands as "≥ 100: 1 / ≥ 80: 0.6", fixed bounds named."""
    parts: list[str] = []
    for key, value in sorted((params or {}).items()):
        if key == "bounds":
            if value == "fixed":
                parts.append(str(_("fixed bounds")))
            continue
        if key == "bands" and isinstance(value, list):
            bands = " / ".join(
                f"≥ {pair[0]}: {pair[1]}" for pair in value if isinstance(pair, list | tuple)
            )
            parts.append(f"{PARAMETER_LABELS['bands']} {bands}")
            continue
        parts.append(f"{PARAMETER_LABELS.get(key, key)} {value}")
    return " · ".join(parts)


def kind_weights_text(weights: dict[str, Any] | None) -> str:
    """Weights set per zone kind, named: "High-tech industrial development zone 20"."""
    labels = dict(ZoneKind.choices)
    return "；".join(f"{labels.get(k, k)} {v}" for k, v in sorted((weights or {}).items()))


def applied_text(applied: dict[str, str]) -> str:
    """A rule's parameters as applied, as one line: "minimum 300 · maximum 600"."""
    return " · ".join(
        f"{PARAMETER_LABELS.get(key, key)} {value}" for key, value in sorted(applied.items())
    )
