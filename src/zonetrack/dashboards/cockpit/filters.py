"""What a cockpit may be filtered by: the month it reports on and which zones it counts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from zonetrack.core.validators import query_text
from zonetrack.projects.selectors import report_month
from zonetrack.projects.validators import month_or_none
from zonetrack.registry.choices import Management, ZoneKind, ZoneLevel


def default_period(today: date | None = None) -> date:
    """The month a cockpit opens on: the last complete one, whose reports are in or due."""
    return report_month(today or timezone.localdate())


def parse_period(text: str, today: date | None = None) -> date | None:
    """A month written ``YYYY-MM``, not after the current one; None for anything else."""
    found = month_or_none(text)
    if found is None or found.year < 2000:
        return None
    return found if found <= (today or timezone.localdate()).replace(day=1) else None


@dataclass(frozen=True)
class CockpitFilters:
    """The month (its first day) and the zones counted: by kind, level, management (city- or
    county-managed) and a leading cluster (its code)."""

    period: date
    kind: str = ""
    level: str = ""
    management: str = ""
    cluster: str = ""

    @classmethod
    def from_params(cls, params: Any, today: date | None = None) -> CockpitFilters:
        """Filters from a query string; what is not understood is left out, the month falling
        back to the last complete one."""

        def choice(name: str, allowed: list[str]) -> str:
            value = query_text(params.get(name))
            return value if value in allowed else ""

        period = parse_period(str(params.get("period") or ""), today)
        return cls(
            period=period or default_period(today),
            kind=choice("kind", list(ZoneKind.values)),
            level=choice("level", list(ZoneLevel.values)),
            management=choice("management", list(Management.values)),
            cluster=query_text(params.get("cluster"))[:40],
        )

    @property
    def narrows(self) -> bool:
        """Whether the filters leave some zones out."""
        return bool(self.kind or self.level or self.management or self.cluster)

    @property
    def year(self) -> int:
        return self.period.year

    @property
    def month(self) -> int:
        return self.period.month

    @property
    def period_label(self) -> str:
        return f"{self.period:%Y-%m}"

    @property
    def year_before(self) -> date:
        """The same month a year earlier (同比)."""
        return self.period.replace(year=self.period.year - 1)

    def params(self) -> dict[str, str]:
        """The filters as query parameters (only those set), for links that keep them."""
        found = {k: v for k, v in asdict(self).items() if k != "period" and v}
        return {"period": self.period_label, **found}

    def query(self, **extra: Any) -> str:
        """The filters as a query string, with ``extra`` parameters added."""
        return urlencode(
            {**self.params(), **{k: v for k, v in extra.items() if v not in ("", None)}}
        )
