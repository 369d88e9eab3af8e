"""Scoring rules and their parameters in words, as a reader of a scheme or a score sees them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.registry.choices import ZoneKind, ZoneLevel

from .choices import PeerRule

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
        f"{PARAMETER_LABELS.get(key, key)} {_figure(value)}"
        for key, value in sorted(applied.items())
    )


def _figure(value: Any) -> str:
    """A stored figure as a reader writes it: 883878.7900 → 883,878.79; other text as it is."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return f"{number:,.{min(places, 4)}f}"


def peer_text(scheme: Any) -> str:
    """Whom a scheme compares, named: "zone committees below 临汾市商务局 (national level)", or
    "a list of organisations"."""
    if scheme.peer_rule == PeerRule.EXPLICIT:
        return str(_("a list of organisations"))
    kind = (
        str(dict(OrganisationKind.choices).get(scheme.peer_kind, scheme.peer_kind))
        if scheme.peer_kind
        else str(_("organisations"))
    )
    text = _("%(kind)s below %(owner)s") % {"kind": kind, "owner": scheme.owner.name}
    if scheme.peer_zone_level:
        level = dict(ZoneLevel.choices).get(scheme.peer_zone_level, scheme.peer_zone_level)
        text = _("%(peers)s, %(level)s zones only") % {"peers": text, "level": level}
    return str(text)
