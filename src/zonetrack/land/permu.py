"""The per-mu score (亩均论英雄), computed from an evaluation's rule, which is data.

Above-scale firms: score = Σ weight · (indicator / benchmark) over tax per 亩, value added per
亩, value added per tce of energy, per t of emissions, per employee, and R&D share of output;
below-scale firms: tax per 亩 and tax per 万kWh of electricity (weights 30/20/20/10/10/10 and
50/50 by default, REFERENCE.md). A benchmark left empty is the year's average of the firms
scored (the ratio of their totals, as a region's 亩均税收 is its total tax over its total land).
Firms are ranked within their kind and classed by the share of the ranking they fall in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .choices import FirmClass, FirmKind
from .models.permu import ABOVE_INDICATORS, BELOW_INDICATORS

# indicator → (numerator field, denominator field)
RATIOS: dict[str, tuple[str, str]] = {
    "tax_per_mu": ("tax_wan", "land_mu"),
    "va_per_mu": ("value_added_wan", "land_mu"),
    "va_per_energy": ("value_added_wan", "energy_tce"),
    "va_per_emission": ("value_added_wan", "emissions_t"),
    "va_per_person": ("value_added_wan", "employees"),
    "rnd_share": ("rnd_wan", "output_wan"),
    "tax_per_kwh": ("tax_wan", "electricity_wan_kwh"),
}
INDICATORS = {FirmKind.ABOVE_SCALE: ABOVE_INDICATORS, FirmKind.BELOW_SCALE: BELOW_INDICATORS}
NOTE_EXEMPT_FIRM = "new_firm"
NOTE_EXEMPT_LAND = "new_land"


def ratio(firm: Any, indicator: str) -> float | None:
    """One indicator of one firm, or None when its denominator is zero."""
    top, bottom = RATIOS[indicator]
    denominator = float(getattr(firm, bottom) or 0)
    if denominator <= 0:
        return None
    return float(getattr(firm, top) or 0) / denominator


def exemption(firm: Any, *, year: int, new_firm_years: int, new_land_years: int) -> str:
    """Why a firm is not classed this year ('' when it is): a new firm or newly granted land."""
    if firm.founded_year and year - firm.founded_year < new_firm_years:
        return NOTE_EXEMPT_FIRM
    if firm.land_granted_year and year - firm.land_granted_year < new_land_years:
        return NOTE_EXEMPT_LAND
    return ""


def averages(firms: Iterable[Any], kind: str) -> dict[str, float]:
    """The year's benchmark of each indicator of a kind: the ratio of the firms' totals."""
    chosen = [firm for firm in firms if firm.kind == kind]
    result: dict[str, float] = {}
    for indicator in INDICATORS[FirmKind(kind)]:
        top, bottom = RATIOS[indicator]
        denominator = sum(float(getattr(f, bottom) or 0) for f in chosen)
        if denominator > 0:
            result[indicator] = sum(float(getattr(f, top) or 0) for f in chosen) / denominator
    return result


def score(
    firm: Any, weights: Mapping[str, float], benchmarks: Mapping[str, float]
) -> tuple[Decimal, list[str]]:
    """A firm's score and the indicators it could not be scored on (they count zero)."""
    total = 0.0
    missing: list[str] = []
    for indicator, weight in weights.items():
        value = ratio(firm, indicator)
        benchmark = benchmarks.get(indicator)
        if value is None or not benchmark:
            missing.append(indicator)
            continue
        total += float(weight) * value / float(benchmark)
    return Decimal(str(round(total, 2))), missing


def class_of(rank: int, count: int, cutoffs: Mapping[str, float]) -> str:
    """The class of the ``rank``-th best of ``count`` firms: A while its share of the ranking
    (rank / count, in %) is within A's cut-off, then B, then C, else D."""
    share = rank * 100 / count
    for klass in ("A", "B", "C"):
        if share <= float(cutoffs[klass]) + 1e-9:
            return klass
    return FirmClass.D


@dataclass
class Outcome:
    """What scoring a year changed: the benchmarks used per kind, and how many firms of each."""

    benchmarks: dict[str, dict[str, float]]
    counts: dict[str, int]


def evaluate(firms: list[Any], rule: Any) -> Outcome:
    """Score, rank and class the firms in place (``score``, ``rank``, ``computed_class``,
    ``notes``) by the rule of ``rule`` (an Evaluation)."""
    benchmarks_used: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for firm in firms:
        firm.notes = []
        reason = exemption(
            firm,
            year=rule.year,
            new_firm_years=rule.new_firm_years,
            new_land_years=rule.new_land_years,
        )
        firm.exempt_reason = reason
        if reason:
            firm.notes = [reason]
    for kind in FirmKind:
        scored = [f for f in firms if f.kind == kind and not f.exempt_reason]
        stated = {k: float(v) for k, v in (rule.benchmarks.get(str(kind)) or {}).items()}
        benchmarks = {**averages(scored, kind), **stated}
        benchmarks_used[str(kind)] = benchmarks
        weights = rule.weights[str(kind)]
        for firm in scored:
            firm.score, missing = score(firm, weights, benchmarks)
            firm.notes = [f"no:{indicator}" for indicator in missing]
        scored.sort(key=lambda f: (-f.score, f.name))
        for rank, firm in enumerate(scored, start=1):
            firm.rank = rank
            firm.computed_class = class_of(rank, len(scored), rule.cutoffs)
        counts[str(kind)] = len(scored)
    for firm in firms:
        if firm.exempt_reason:
            firm.score, firm.rank, firm.computed_class = None, None, FirmClass.EXEMPT
        firm.final_class = ""
    return Outcome(benchmarks=benchmarks_used, counts=counts)
