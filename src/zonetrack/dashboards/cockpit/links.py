"""Each figure a cockpit shows: its label, how it is read off ``Figures``, and the list of
records behind one zone's number — the page its breakdown by zone links each zone to, with
the same month and filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zonetrack.projects.choices import FIVE_BATCHES

from .figures import Figures
from .filters import CockpitFilters

ZoneUrl = Callable[[int, CockpitFilters], str]


def _to(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def _projects(**params: Any) -> ZoneUrl:
    return lambda zone, f: _to("projects:project_list", zone=zone, **params)


def _dispatch_table(zone: int, f: CockpitFilters) -> str:
    return _to("dispatch:home", zone=zone, year=f.year, month=f.month)


@dataclass(frozen=True)
class FigureDef:
    key: str
    label: str | Promise
    read: Callable[[Figures], Any]
    zone_url: ZoneUrl
    unit: str = ""
    # A rate: its breakdown shows the parts it is computed from as well.
    parts: tuple[str, str] | None = None


def _batch(stage: str, label: Any, verified: bool) -> FigureDef:
    index = 1 if verified else 0
    return FigureDef(
        key=f"{'verified' if verified else 'claimed'}_{stage}",
        label=label,
        read=lambda figures: figures.batches[stage][index],
        zone_url=_projects(stage=stage, verified_only="1" if verified else ""),
    )


FIGURES: dict[str, FigureDef] = {
    d.key: d
    for d in [
        FigureDef(
            "zones",
            _("Zones"),
            lambda f: f.zones,
            lambda zone, f: reverse("registry:zone_detail", kwargs={"zone_id": zone}),
        ),
        *[_batch(s.value, s.label, False) for s in FIVE_BATCHES],
        *[_batch(s.value, s.label, True) for s in FIVE_BATCHES],
        FigureDef(
            "pipeline_wan",
            _("Investment of the projects in the pipeline"),
            lambda f: f.pipeline_wan,
            _projects(),
            unit="万元",
        ),
        FigureDef(
            "invested_wan",
            _("Investment completed this year"),
            lambda f: f.invested_wan,
            _dispatch_table,
            unit="万元",
        ),
        FigureDef(
            "planned_wan", _("Planned investment"), lambda f: f.planned_wan, _dispatch_table, "万元"
        ),
        FigureDef(
            "investment_rate",
            _("Investment completion rate"),
            lambda f: f.investment_rate,
            _dispatch_table,
            unit="%",
            parts=("invested_wan", "planned_wan"),
        ),
        FigureDef(
            "start_rate",
            _("Start rate"),
            lambda f: f.start_rate,
            _dispatch_table,
            unit="%",
            parts=("started", "planned_starts"),
        ),
        FigureDef("started", _("Planned starts started"), lambda f: f.started, _dispatch_table),
        FigureDef(
            "planned_starts", _("Planned starts"), lambda f: f.planned_starts, _dispatch_table
        ),
        FigureDef(
            "funds_rate",
            _("Funds in place rate"),
            lambda f: f.funds_rate,
            _dispatch_table,
            unit="%",
            parts=("funds_wan", "planned_wan"),
        ),
        FigureDef(
            "funds_wan",
            _("Funds in place this year"),
            lambda f: f.funds_wan,
            _dispatch_table,
            "万元",
        ),
        FigureDef(
            "signed",
            _("Projects signed this year"),
            lambda f: f.signed,
            lambda zone, f: _to("projects:project_list", zone=zone, signed=f.period_label),
        ),
        FigureDef(
            "signed_wan",
            _("Investment signed this year"),
            lambda f: f.signed_wan,
            lambda zone, f: _to("projects:project_list", zone=zone, signed=f.period_label),
            unit="万元",
        ),
        FigureDef(
            "reports_owed",
            _("Monthly reports owed"),
            lambda f: f.reports_owed,
            lambda zone, f: _to("projects:project_list", zone=zone, owes=f.period_label),
        ),
        FigureDef(
            "red",
            _("Red projects"),
            lambda f: f.red,
            lambda zone, f: _to("dispatch:warning_list", zone=zone, colour="red"),
        ),
        FigureDef(
            "yellow",
            _("Yellow projects"),
            lambda f: f.yellow,
            lambda zone, f: _to("dispatch:warning_list", zone=zone, colour="yellow"),
        ),
        FigureDef(
            "problems_open",
            _("Open problems"),
            lambda f: f.problems_open,
            lambda zone, f: _to("dispatch:problem_list", zone=zone, status="open"),
        ),
        FigureDef(
            "problems_overdue",
            _("Overdue problems"),
            lambda f: f.problems_overdue,
            lambda zone, f: _to("dispatch:problem_list", zone=zone, overdue="1"),
        ),
        FigureDef(
            "leads_open",
            _("Live leads"),
            lambda f: f.leads_open,
            lambda zone, f: _to("promotion:lead_list", zone=zone),
        ),
        FigureDef(
            "supplied_mu",
            _("Land supplied"),
            lambda f: f.supplied_mu,
            lambda zone, f: _to("land:parcel_list", zone=zone, status="supplied"),
            unit="亩",
        ),
        FigureDef(
            "idle_mu",
            _("Idle land"),
            lambda f: f.idle_mu,
            lambda zone, f: _to("land:idle_list", zone=zone),
            unit="亩",
        ),
        FigureDef(
            "land_follow_ups",
            _("Land promises failed"),
            lambda f: f.land_follow_ups,
            lambda zone, f: _to("land:commitment_list", zone=zone, open="1"),
        ),
        FigureDef(
            "incentive_follow_ups",
            _("Incentive conditions failed"),
            lambda f: f.incentive_follow_ups,
            lambda zone, f: _to("promotion:agreement_list", zone=zone),
        ),
    ]
}
