"""The cockpits (驾驶舱) of a province, a city and a zone: figures, breakdowns and filters."""

from .figures import Figures, time_elapsed, zone_figures, zones_in_scope
from .filters import CockpitFilters, default_period, parse_period
from .selectors import (
    Cockpit,
    Line,
    MapZone,
    RankBox,
    ZonePoint,
    cockpit,
    cockpit_map,
    cockpit_organisations,
    default_cockpit,
)

__all__ = [
    "Cockpit",
    "CockpitFilters",
    "Figures",
    "Line",
    "MapZone",
    "RankBox",
    "ZonePoint",
    "cockpit",
    "cockpit_map",
    "cockpit_organisations",
    "default_cockpit",
    "default_period",
    "parse_period",
    "time_elapsed",
    "zone_figures",
    "zones_in_scope",
]
