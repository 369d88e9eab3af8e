"""Computing a ranking from its inputs: one pure function, ``compute(inputs) -> result``.

The inputs (``rankings.inputs.gather``) are plain JSON: the scheme's items and weights, each
organisation's raw value, source and target per item, and the previous period's ranks. The
result is canonical JSON text (sorted keys, decimals as fixed strings), so computing again from
the stored inputs gives the same bytes — the test of a published ranking's integrity.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from . import rules
from .choices import RuleKind, TieRule

ZERO = Decimal(0)


def _dec(raw: Any) -> Decimal | None:
    return None if raw is None else Decimal(str(raw))


def _weight(item: dict[str, Any], zone_kind: str) -> Decimal:
    """The item's weight for an organisation: its zone kind's weight when the scheme holds a
    weight set per kind, else the item's own."""
    by_kind = item.get("weights_by_kind") or {}
    if zone_kind in by_kind:
        return Decimal(str(by_kind[zone_kind]))
    return Decimal(str(item["weight"]))


def compute(inputs: dict[str, Any]) -> str:
    """The ranking's result as canonical JSON text (see the module's docstring)."""
    organisations = [str(o["id"]) for o in inputs["organisations"]]
    kinds = {str(o["id"]): o.get("zone_kind", "") for o in inputs["organisations"]}
    missing_rule = inputs["scheme"]["missing_rule"]
    items = inputs["items"]
    values = inputs["values"]
    lines: dict[str, dict[str, Any]] = {
        org: {"items": {}, "categories": {}, "vetoes": [], "adjustment": ZERO}
        for org in organisations
    }
    points: dict[str, dict[str, Decimal | None]] = {org: {} for org in organisations}
    weights: dict[str, dict[str, Decimal]] = {org: {} for org in organisations}
    for item in items:
        key = str(item["id"])
        cells = values.get(key, {})
        raw = {org: _dec(cells.get(org, {}).get("value")) for org in organisations}
        lower = bool(item.get("lower_is_better"))
        rule = item["rule"]
        if rule in (RuleKind.BONUS, RuleKind.DEDUCTION, RuleKind.VETO):
            for org in organisations:
                count = int(raw[org] or 0)
                cell: dict[str, Any] = {"raw": str(count), "source": "events", "weight": "0"}
                if rule == RuleKind.VETO:
                    cell.update(points="0.0000", applied={})
                    if count:
                        lines[org]["vetoes"].append(key)
                else:
                    bonus, applied = rules.event_points(
                        count, item.get("params") or {}, deduct=rule == RuleKind.DEDUCTION
                    )
                    lines[org]["adjustment"] += bonus
                    cell.update(points=str(bonus), applied=applied)
                lines[org]["items"][key] = cell
            continue
        targets = {org: _dec(cells.get(org, {}).get("target")) for org in organisations}
        filled = rules.apply_missing(raw, missing_rule, lower_is_better=lower)
        fractions, applied = rules.score(
            rule, filled, item.get("params") or {}, lower_is_better=lower, targets=targets
        )
        fractions = rules.finish_missing(fractions, missing_rule)
        for org in organisations:
            weight = _weight(item, kinds[org])
            fraction = fractions[org]
            got = None if fraction is None else rules.q(fraction * weight)
            points[org][key] = got
            weights[org][key] = weight
            cell = {
                "raw": None if raw[org] is None else str(raw[org]),
                "source": cells.get(org, {}).get("source", "missing"),
                "records": cells.get(org, {}).get("records", ""),
                "target": None if targets[org] is None else str(targets[org]),
                "fraction": None if fraction is None else str(fraction),
                "points": None if got is None else str(got),
                "weight": str(weight),
                "applied": applied,
            }
            lines[org]["items"][key] = cell
    totals: dict[str, Decimal] = {}
    for org in organisations:
        base = rules.total(points[org], weights[org])
        totals[org] = rules.q(base + lines[org]["adjustment"])
        for category in inputs["categories"]:
            members = [str(i["id"]) for i in items if i["category"] == category["id"]]
            subtotal = sum(
                (
                    Decimal(lines[org]["items"][m]["points"] or 0)
                    for m in members
                    if m in lines[org]["items"]
                ),
                ZERO,
            )
            lines[org]["categories"][str(category["id"])] = str(rules.q(subtotal))
    tie_keys = None
    if inputs["scheme"].get("tie_rule") == TieRule.FIRST_CATEGORY and inputs["categories"]:
        first = str(inputs["categories"][0]["id"])
        tie_keys = {org: Decimal(lines[org]["categories"][first]) for org in organisations}
    ranks = rules.rank(totals, tie_keys)
    previous = inputs.get("previous") or {}
    out = []
    for org in sorted(organisations, key=lambda o: (ranks[o], int(o))):
        line = lines[org]
        out.append(
            {
                "organisation": int(org),
                "rank": ranks[org],
                "previous_rank": previous.get(org),
                "total": str(totals[org]),
                "adjustment": str(rules.q(line["adjustment"])),
                "eligible": not line["vetoes"],
                "vetoes": line["vetoes"],
                "categories": line["categories"],
                "items": line["items"],
            }
        )
    return json.dumps({"lines": out}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
