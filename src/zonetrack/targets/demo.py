"""Demo data of the targets app: last year's and this year's targets of Linfen's bureau and its
zones, the monthly statistics reported in the windows the bureau opened (one zone behind, one
late), so the progress page shows every colour and growth over last year; one target split by
quarter; and a few key tasks, two of them overdue.

Loaded after the projects (the computed figures count their verified stage changes). Written
through the services, so the demo has the same history as real data; idempotent.
"""

from __future__ import annotations

import random
from contextlib import nullcontext
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.core.demo import register
from zonetrack.notices import quietly

from . import services
from .choices import TaskStatus
from .models import Indicator, Target

CITY = "临汾市商务局"
# Zone targets of the year: indicator code → the range a zone's target is drawn from.
ZONE_TARGETS = {
    "industrial_value_added": (300000, 900000),
    "general_budget_revenue": (40000, 150000),
    "trade_total": (50000, 300000),
    "projects_started": (4, 12),
    "fai_growth": (8, 20),
    "energy_per_value_added": (1, 2),
    "industrial_value_added_growth": (6, 12),
}
# How each zone performs against its targets (1.0: on schedule), in the committees' order.
PACE = (1.15, 0.95, 0.7, 1.05, 0.92, 0.6, 1.2, 0.98, 0.85)


def _figure(indicator: Indicator, value: float) -> Decimal:
    step = Decimal(1).scaleb(-indicator.decimal_places)
    return Decimal(str(value)).quantize(step)


@transaction.atomic
def load() -> None:
    """Targets, windows and values for the demo city; twice changes nothing."""
    city = Organisation.objects.filter(name=CITY).first()
    if city is None or Target.objects.exists():
        return
    today = timezone.localdate()
    rng = random.Random("zonetrack-demo-targets")  # noqa: S311 (demo data, not secrets)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=ZONE_TARGETS)}
    zones = list(
        city.children.active().filter(kind=OrganisationKind.ZONE_COMMITTEE).order_by("path")
    )
    for year, last in ((today.year - 1, 12), (today.year, today.month - 1)):
        zone_targets = _targets(city, zones, indicators, year, rng)
        _values(
            city, zones, indicators, zone_targets, year, last, rng, keep_open=year == today.year
        )
    _split(zones, indicators, today.year)
    _tasks(zones, today)


def _targets(
    city: Organisation,
    zones: list[Organisation],
    indicators: dict[str, Indicator],
    year: int,
    rng: random.Random,
) -> dict[tuple[int, str], Decimal]:
    entries: list[services.TargetEntry] = []
    zone_targets: dict[tuple[int, str], Decimal] = {}
    for zone in zones:
        for code, (low, high) in ZONE_TARGETS.items():
            if code not in indicators:
                continue
            indicator = indicators[code]
            value = _figure(indicator, rng.uniform(low, high))
            zone_targets[(zone.pk, code)] = value
            entries.append(services.TargetEntry(zone, indicator, value))
    for code, indicator in indicators.items():
        if indicator.is_additive:
            total = sum((zone_targets[(z.pk, code)] for z in zones), Decimal(0))
            # The city's own target: a little under what its zones promise together, within
            # the tolerance a decomposition may over-cover its parent by.
            value = _figure(indicator, float(total) * 0.97)
        else:
            low, high = ZONE_TARGETS[code]
            value = _figure(indicator, (low + high) / 2)
        entries.append(services.TargetEntry(city, indicator, value))
    services.targets_set(actor=None, year=year, entries=entries)
    return zone_targets


def _values(
    city: Organisation,
    zones: list[Organisation],
    indicators: dict[str, Indicator],
    zone_targets: dict[tuple[int, str], Decimal],
    year: int,
    last: int,
    rng: random.Random,
    *,
    keep_open: bool,
) -> None:
    reported = [i for i in indicators.values() if not i.is_computed]
    for month in range(1, last + 1):
        # Months long past are history when the demo is loaded: nobody is told of them.
        with quietly() if not keep_open or month < last - 1 else nullcontext():
            _month(
                city,
                zones,
                reported,
                zone_targets,
                date(year, month, 1),
                rng,
                keep_open,
                is_last=month == last,
            )


def _month(
    city: Organisation,
    zones: list[Organisation],
    reported: list[Indicator],
    zone_targets: dict[tuple[int, str], Decimal],
    period: date,
    rng: random.Random,
    keep_open: bool,
    *,
    is_last: bool,
) -> None:
    """One month's window: opened by the city, filled and submitted by each zone but the late
    one, closed unless it is the last month of this year."""
    window = services.window_open(
        actor=None,
        organisation=city,
        period=period,
        due_on=period + timedelta(days=40),
        indicators=reported,
    )
    for index, zone in enumerate(zones):
        if keep_open and is_last and index == len(zones) - 1:
            continue  # the late submitter: nothing entered for last month yet
        pace = PACE[index % len(PACE)]
        if not keep_open:
            pace = 0.85 + (pace - 0.85) / 2  # last year: closer together, a base to grow on
        values: dict[Indicator, Decimal | None] = {}
        for indicator in reported:
            target = zone_targets[(zone.pk, indicator.code)]
            noise = rng.uniform(0.9, 1.1)
            if indicator.accumulates:
                figure = float(target) / 12 * pace * noise
            elif indicator.is_lower_better:
                figure = float(target) / pace * noise
            else:
                figure = float(target) * pace * noise
            values[indicator] = _figure(indicator, figure)
        services.values_report(actor=None, organisation=zone, period=period, values=values)
        services.window_submit(actor=None, window=window, organisation=zone)
    if not keep_open or not is_last:
        services.window_close(actor=None, window=window)


def _split(zones: list[Organisation], indicators: dict[str, Indicator], year: int) -> None:
    """The first zone's trade target split by quarter, back-loaded (a big order late in the
    year): its progress is judged against the quarters, not the share of the year."""
    indicator = indicators.get("trade_total")
    if not zones or indicator is None:
        return
    target = Target.objects.get(organisation=zones[0], indicator=indicator, year=year)
    quarter = _figure(indicator, float(target.value) * 0.2)
    quarters = [quarter, quarter, quarter, target.value - 3 * quarter]
    services.target_quarters_set(actor=None, target=target, quarters=quarters)


# Key tasks (督办事项): (title, zone index, days from today to the deadline, status, note).
TASKS = (
    ("标准化厂房二期主体完工", 0, 25, TaskStatus.IN_PROGRESS, "主体结构已封顶，正在外墙施工"),
    ("园区污水处理厂提标改造", 0, -12, TaskStatus.IN_PROGRESS, "设备招标延期，正在重新挂网"),
    ("新签约亿元以上项目3个", 1, 40, TaskStatus.NOT_STARTED, ""),
    ("35千伏变电站投运", 2, -5, TaskStatus.NOT_STARTED, ""),
    ("年度招商推介会（长三角）", 3, -30, TaskStatus.DONE, "已在苏州举办，签约项目5个"),
)


def _tasks(zones: list[Organisation], today: date) -> None:
    for title, index, days, status, note in TASKS:
        if index >= len(zones):
            continue
        task = services.task_create(
            actor=None,
            organisation=zones[index],
            title=title,
            # A task is given for a year: early in January a deadline "12 days ago" would
            # fall in the last one, which the service refuses.
            due_on=max(today + timedelta(days=days), date(today.year, 1, 1)),
        )
        if note:
            services.task_progress(
                actor=None,
                task=task,
                text=note,
                status=status,
                written_on=today - timedelta(days=3),
            )


register(40, load)
