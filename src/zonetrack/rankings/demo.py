"""Demo data of rankings: the demo city's 四比四看 published for the last two half-years (so
rank changes show), with panel scores and one deduction, and a 六个度 ranking of this year.

Loaded after targets (its values are the inputs). The earlier half-year's statistics, when it
lies in a year the targets demo does not cover, are reported here through the targets
services, like the targets demo's own. Idempotent: nothing is loaded twice.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.models import Organisation
from zonetrack.core.demo import register
from zonetrack.targets import services as target_services
from zonetrack.targets.models import Indicator, ReportedValue, Target

from . import services
from .models import Item, Scheme
from .periods import Period, latest_complete

CITY = "临汾市商务局"


def _report_missing_months(city: Organisation, zones: list[Organisation], period: Period) -> None:
    """Report the zones' statistics for the months of ``period`` that have none, paced from
    the targets of the year after (a year earlier, a little lower)."""
    rng = random.Random(f"zonetrack-demo-rankings-{period.label}")  # noqa: S311 (demo data)
    indicators = [
        i
        for i in Indicator.objects.filter(is_active=True, source="reported")
        if Target.objects.filter(indicator=i, organisation__in=zones).exists()
    ]
    targets = {
        (t.organisation_id, t.indicator_id): t.value
        for t in Target.objects.filter(organisation__in=zones, indicator__in=indicators)
    }
    if not Target.objects.filter(year=period.year, organisation__in=zones).exists():
        # The year's targets, a tenth under those of the year after.
        later_targets = Target.objects.filter(year=period.year + 1, organisation__in=zones)
        target_services.targets_set(
            actor=None,
            year=period.year,
            entries=[
                target_services.TargetEntry(
                    t.organisation,
                    t.indicator,
                    (t.value * Decimal("0.9")).quantize(
                        Decimal(1).scaleb(-t.indicator.decimal_places)
                    ),
                )
                for t in later_targets.select_related("organisation", "indicator")
            ],
        )
    month = period.start
    while month < period.end:
        if not ReportedValue.objects.filter(period=month, organisation__in=zones).exists():
            window = target_services.window_open(
                actor=None, organisation=city, period=month, due_on=month + timedelta(days=40)
            )
            for zone in zones:
                values: dict[Indicator, Decimal | None] = {}
                for indicator in indicators:
                    target = float(targets.get((zone.pk, indicator.pk), 0) or 0)
                    factor = rng.uniform(0.6, 1.15) * 0.9
                    if indicator.accumulates:
                        figure = target / 12 * factor
                    elif indicator.is_lower_better:
                        figure = target / factor
                    else:
                        figure = target * factor
                    step = Decimal(1).scaleb(-indicator.decimal_places)
                    values[indicator] = Decimal(str(figure)).quantize(step)
                target_services.values_report(
                    actor=None, organisation=zone, period=month, values=values
                )
            target_services.window_close(actor=None, window=window)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _panel(scheme: Scheme, zones: list[Organisation], period: Period) -> None:
    rng = random.Random(f"zonetrack-demo-panel-{period.label}")  # noqa: S311 (demo data)
    for item in Item.objects.filter(category__scheme=scheme, rule="manual"):
        for zone in zones:
            score = Decimal(str(round(rng.uniform(70, 98), 1)))
            services.panel_score_set(
                actor=None, item=item, organisation=zone, period=period.label, score=score
            )


@transaction.atomic
def load() -> None:
    """The 四比四看 rankings of the last two half-years and a 六个度 ranking; twice changes
    nothing."""
    city = Organisation.objects.filter(name=CITY).first()
    if city is None or Scheme.objects.exists() or not Target.objects.exists():
        return
    zones = list(
        city.children.active().filter(kind=OrganisationKind.ZONE_COMMITTEE).order_by("path")
    )
    if len(zones) < 2:
        return
    today = timezone.localdate()
    later = latest_complete("half_year", today)
    earlier = later.previous()
    for period in (earlier, later):
        _report_missing_months(city, zones, period)
    scheme = services.template_load(actor=None, key="sibisikan", owner=city)
    deduction = Item.objects.get(category__scheme=scheme, rule="deduction")
    services.event_record(
        actor=None,
        item=deduction,
        organisation=zones[-1],
        happened_on=later.start + timedelta(days=40),
        evidence="环保督察通报问题 2 项",
        department="市生态环境局",
        count=2,
    )
    for period in (earlier, later):
        _panel(scheme, zones, period)
        ranking = services.ranking_compute(actor=None, scheme=scheme, period=period.label)
        services.ranking_publish(actor=None, ranking=ranking)
    six = services.template_load(actor=None, key="liugedu", owner=city)
    services.ranking_compute(actor=None, scheme=six, period=str(today.year))


register(50, load)
