"""Claims against records: each accepted fact that names a zone, set beside what zonetrack
records for that zone and period (issue 16).

A signed, started or completed amount is set beside the total investment of the zone's
projects that reached that stage in the year; a project count beside the number of those
projects (above the count's threshold); a target beside the target record of the indicator its
measure names; an achieved figure beside the reported values of that indicator over the months
its measure names. Each claim agrees, differs (by how much), or is not recorded. The records
are read through ``records`` (the adapter to the projects and targets apps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts import access
from zonetrack.registry.models import Zone

from . import records
from .choices import ACCEPTED_STATES, FactType, Verdict
from .models import Article, Fact

DEFAULT_TOLERANCE = Decimal("0.05")
"""How far (a share of the record) a claim may be from the record and still agree; the
``ZONETRACK_CLAIM_TOLERANCE`` setting overrides it."""

CLAIM_KINDS = (FactType.AMOUNT, FactType.PROJECT_COUNT, FactType.TARGET, FactType.QUANTITY)
CITY_LIMIT = 500
"""The most recent accepted facts the city's page checks (the page lists the differing ones)."""

# The stage date whose year places a project under an amount's or a count's status.
_STATUS_DATE = {
    "signed": "signed_on",
    "signed_and_started": "signed_on",
    "started": "started_on",
    "in_production": "production_on",
    "completed": "production_on",
}
_NEGOTIATING_STAGES = ("pursued", "packaged")
# How many of a fact's unit one of the indicator's unit is worth.
_UNIT_FACTORS = {
    ("万元", "元"): Decimal(10_000),
    ("亿元", "元"): Decimal(100_000_000),
    ("元", "元"): Decimal(1),
}
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_MONTHS_RE = re.compile(r"(\d{1,2})\s*[-—–~～至到]\s*(\d{1,2})月")
_FLOOR_WORDS = ("以上", "超", "超过", "过", "逾", "突破", "余", "多")
_PART_OF_YEAR = {"一季度": 3, "上半年": 6, "前三季度": 9}


@dataclass
class Claim:
    """One accepted fact beside the record of its zone and year."""

    fact: Fact
    year: int | None
    claimed: Decimal | None
    recorded: Decimal | None
    unit: str
    verdict: str
    basis: str
    """What the claim was compared with, as a reader says it."""
    difference: Decimal | None = None
    """Claimed minus recorded, in ``unit``."""
    share: Decimal | None = None
    """The difference as a share of the record (0.25 for 25 % more than recorded)."""

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict).label)

    @property
    def verdict_css(self) -> str:
        return str(Verdict.badge_colours[self.verdict])  # type: ignore[attr-defined]

    @property
    def claimed_text(self) -> str:
        return shown(self.claimed, self.unit)

    @property
    def recorded_text(self) -> str:
        return shown(self.recorded, self.unit)

    @property
    def difference_text(self) -> str:
        if self.difference is None:
            return ""
        sign = "+" if self.difference > 0 else ""
        return sign + shown(self.difference, self.unit)

    @property
    def percent(self) -> Decimal | None:
        """The difference in percent of the record, one decimal."""
        if self.share is None:
            return None
        return (self.share * 100).quantize(Decimal("0.1"))


def shown(value: Decimal | None, unit: str) -> str:
    """A figure as a reader writes it: money in 亿元 or 万元, other units as they are."""
    if value is None:
        return ""
    if unit == "元" and abs(value) >= 100_000_000:
        return f"{(value / 100_000_000).normalize():f}亿元"
    if unit == "元" and abs(value) >= 10_000:
        return f"{(value / 10_000).quantize(Decimal('0.01')).normalize():f}万元"
    return f"{value.normalize():f}{unit}"


def zone_choices(*, user: Any) -> list[tuple[int, str]]:
    """The zones whose claims the user may list: the zones they see (one query)."""
    return list(
        access.visible(Zone.objects.active(), user).order_by("name").values_list("pk", "name")
    )


def tolerance_default() -> Decimal:
    """The tolerance of the settings, or 5 %."""
    return Decimal(str(getattr(settings, "ZONETRACK_CLAIM_TOLERANCE", DEFAULT_TOLERANCE)))


def article_claims(*, user: Any, article: Article, tolerance: Decimal | None = None) -> list[Claim]:
    """The claims of an article's accepted facts attached to a zone, in text order (a fixed
    number of queries)."""
    facts = list(
        article.facts.filter(review__in=ACCEPTED_STATES, zone__isnull=False, kind__in=CLAIM_KINDS)
        .select_related("zone")
        .order_by("start", "pk")
    )
    for fact in facts:
        fact.article = article
    return check(user=user, facts=facts, tolerance=tolerance)


def differing_claims(
    *, user: Any, tolerance: Decimal | None = None, zone_id: int | None = None
) -> list[Claim]:
    """The published claims of the zones the user sees that differ from the records by more
    than the tolerance, the largest difference first."""
    facts = access.visible(
        Fact.objects.filter(
            review__in=ACCEPTED_STATES,
            zone__isnull=False,
            kind__in=CLAIM_KINDS,
            article__archived_at__isnull=True,
        ),
        user,
    )
    if zone_id is not None:
        facts = facts.filter(zone_id=zone_id)
    rows = list(
        facts.select_related("zone", "article").order_by("-article__created_at", "-pk")[:CITY_LIMIT]
    )
    found = [c for c in check(user=user, facts=rows, tolerance=tolerance) if c.verdict == "differs"]
    # a claim against a record of nothing (no share) is the largest difference of all
    return sorted(found, key=lambda c: abs(c.share) if c.share is not None else Decimal("Inf"))[
        ::-1
    ]


def check(*, user: Any, facts: list[Fact], tolerance: Decimal | None = None) -> list[Claim]:
    """Each fact beside its zone's records (facts with their zone and article loaded)."""
    limit = tolerance_default() if tolerance is None else tolerance
    years = {y for fact in facts if (y := fact_year(fact)) is not None}
    zones = {fact.zone_id: fact.zone for fact in facts if fact.zone is not None}
    found = records.zone_records(user=user, zones=zones.values(), years=years)
    catalogue = records.indicators() if any(_needs_indicator(f) for f in facts) else []
    return [_claim(fact, found[fact.zone_id], catalogue, limit) for fact in facts if fact.zone_id]


def fact_year(fact: Fact) -> int | None:
    """The year a fact speaks of: the year in its measure, a target's year, else the year the
    article was published."""
    values = fact.values or {}
    named = _YEAR_RE.search(str(values.get("metric") or ""))
    if named:
        return int(named.group(1))
    if fact.kind == FactType.TARGET:
        year = values.get("year")
        return int(year) if isinstance(year, int | str) and str(year).isdigit() else None
    published: date | None = fact.article.published_on
    return published.year if published else None


def _needs_indicator(fact: Fact) -> bool:
    return fact.kind in (FactType.TARGET, FactType.QUANTITY)


def _number(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _claim(
    fact: Fact,
    zone_records: records.ZoneRecords,
    catalogue: list[records.IndicatorRow],
    tolerance: Decimal,
) -> Claim:
    values = fact.values or {}
    year = fact_year(fact)
    if fact.kind in (FactType.AMOUNT, FactType.PROJECT_COUNT):
        claimed, recorded, unit, basis = _against_projects(fact, values, zone_records, year)
    else:
        claimed, recorded, unit, basis = _against_indicator(
            fact, values, zone_records, catalogue, year
        )
    claim = Claim(fact, year, claimed, recorded, unit, Verdict.NOT_RECORDED, basis)
    if claimed is None or recorded is None:
        return claim
    claim.difference = claimed - recorded
    if recorded != 0:
        claim.share = claim.difference / abs(recorded)
    bracket = re.search(r"（([^（）]*)）$", str(values.get("unit") or ""))
    at_least = values.get("qualifier") == ">=" or (bracket and bracket.group(1) in _FLOOR_WORDS)
    if at_least:
        # "超30亿元" claims a floor: any record above it (less the tolerance) bears it out
        agrees = recorded >= claimed * (1 - tolerance)
    elif recorded == 0:
        agrees = claimed == 0
    else:
        agrees = abs(claim.difference) <= tolerance * abs(recorded)
    claim.verdict = Verdict.AGREES if agrees else Verdict.DIFFERS
    return claim


def _against_projects(
    fact: Fact, values: dict[str, Any], zone_records: records.ZoneRecords, year: int | None
) -> tuple[Decimal | None, Decimal | None, str, str]:
    """An amount or a project count beside the zone's projects at its status in its year."""
    status = str(values.get("status") or "")
    is_amount = fact.kind == FactType.AMOUNT
    claimed = _number(values.get("amount_yuan") if is_amount else values.get("count"))
    unit = "元" if is_amount else "个"
    if status in _NEGOTIATING_STAGES or status == "negotiating":
        rows = [p for p in zone_records.projects if p.stage in _NEGOTIATING_STAGES]
        basis = str(_("projects under negotiation now"))
    elif status in _STATUS_DATE and year is not None:
        column = _STATUS_DATE[status]
        rows = [
            p
            for p in zone_records.projects
            if (day := getattr(p, column)) is not None and day.year == year
        ]
        basis = str(
            {
                "signed_on": _("projects signed in %(year)d"),
                "started_on": _("projects started in %(year)d"),
                "production_on": _("projects in production since %(year)d"),
            }[column]
            % {"year": year}
        )
    else:
        return claimed, None, unit, str(_("no record of this status or year"))
    if not zone_records.has_projects:
        return claimed, None, unit, str(_("no projects recorded for this zone"))
    if is_amount:
        total = sum((p.investment_wan or Decimal(0) for p in rows), Decimal(0))
        return claimed, total * 10_000, unit, basis + str(_(": total investment"))
    threshold = _number(values.get("threshold_yuan"))
    if threshold is not None:
        rows = [p for p in rows if (p.investment_wan or 0) * 10_000 >= threshold]
    return claimed, Decimal(len(rows)), unit, basis + str(_(": number"))


def _normal(text: str) -> str:
    text = re.sub(r"（[^（）]*）|\([^()]*\)", "", text)
    for old, new in (
        ("规模以上", "规上"),
        ("公共", ""),
        ("同比增长", "增速"),
        ("增长", "增速"),
        ("总额", ""),
        (" ", ""),
    ):
        text = text.replace(old, new)
    return text


def indicator_for(
    metric: str, catalogue: list[records.IndicatorRow]
) -> records.IndicatorRow | None:
    """The indicator a measure names (the longest name found in it), or None."""
    wanted = _normal(metric)
    named = [i for i in catalogue if _normal(i.name) and _normal(i.name) in wanted]
    return max(named, key=lambda i: len(i.name)) if named else None


def _unit_factor(indicator_unit: str, fact_unit: str) -> Decimal | None:
    if indicator_unit == fact_unit:
        return Decimal(1)
    return _UNIT_FACTORS.get((indicator_unit, fact_unit))


def months_of(metric: str) -> int | None:
    """The last month a figure's measure covers ("1-6月" → 6, 上半年 → 6), or None."""
    span = _MONTHS_RE.search(metric)
    if span:
        return int(span.group(2))
    return next((m for word, m in _PART_OF_YEAR.items() if word in metric), None)


def _against_indicator(
    fact: Fact,
    values: dict[str, Any],
    zone_records: records.ZoneRecords,
    catalogue: list[records.IndicatorRow],
    year: int | None,
) -> tuple[Decimal | None, Decimal | None, str, str]:
    """A target or an achieved figure beside the indicator its measure names."""
    claimed = _number(values.get("value"))
    unit = re.sub(r"（[^（）]*）$", "", str(values.get("unit") or ""))
    metric = str(values.get("metric") or "")
    indicator = indicator_for(metric, catalogue)
    if indicator is None or year is None:
        return claimed, None, unit, str(_("no indicator or year of this measure"))
    factor = _unit_factor(indicator.unit, unit)
    if factor is None:
        return claimed, None, unit, indicator.name
    if fact.kind == FactType.TARGET:
        target = zone_records.targets.get((indicator.pk, year))
        basis = str(
            _("target %(year)d: %(indicator)s") % {"year": year, "indicator": indicator.name}
        )
        return claimed, None if target is None else target * factor, unit, basis
    last = months_of(metric) or 12
    months = [(m, v) for m, v in zone_records.reported.get((indicator.pk, year), []) if m <= last]
    basis = str(
        _("reported %(year)d, months 1–%(month)d: %(indicator)s")
        % {"year": year, "month": last, "indicator": indicator.name}
    )
    if not months:
        return claimed, None, unit, basis
    recorded = sum((v for _m, v in months), Decimal(0)) if indicator.accumulates else months[-1][1]
    return claimed, recorded * factor, unit, basis
