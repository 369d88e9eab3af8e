"""The columns a sheet of the monthly pack may have, by the rows it lists: each field's key (what
a layout names), its label (the header when the layout gives none), its unit and cell format.

A zone sheet's figures are the cockpits' (``cockpit.links.FIGURES``): the same key, label and
reading of ``Figures`` as the cockpit shows, so a figure has one definition everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..cockpit.links import FIGURES

# What a sheet lists, one row each (a layout's ``rows``).
ZONES = "zones"
KEY_PROJECTS = "key_projects"
PROBLEMS = "problems"
SIGNINGS = "signings"

ROW_KINDS: dict[str, Any] = {
    ZONES: _("Zones' main indicators"),
    KEY_PROJECTS: _("Key projects' progress"),
    PROBLEMS: _("Open problems"),
    SIGNINGS: _("Signings"),
}

# Cell formats by kind of value: (number format, default width).
FORMATS: dict[str, tuple[str | None, float]] = {
    "text": (None, 16),
    "int": ("0", 9),
    "money": ("#,##0.00", 13),
    "rate": ("0.0", 9),
    "area": ("#,##0.00", 11),
    "date": ("yyyy-mm-dd", 11),
}
_UNIT_KINDS = {"万元": "money", "%": "rate", "亩": "area"}


@dataclass(frozen=True)
class Field:
    """One column a sheet may have."""

    key: str
    label: str | Promise
    kind: str = "text"
    unit: str = ""
    width: float | None = None

    @property
    def number_format(self) -> str | None:
        return FORMATS[self.kind][0]

    @property
    def default_width(self) -> float:
        return self.width or FORMATS[self.kind][1]

    @property
    def is_number(self) -> bool:
        return self.kind in {"int", "money", "rate", "area"}

    def header(self, given: str = "") -> str:
        """The header shown: the layout's, else the label; with its unit when it has one
        the header does not already say."""
        text = given or str(self.label)
        if self.unit and self.unit not in text:
            text = f"{text}（{self.unit}）"
        return text


def _text(key: str, label: Any, width: float | None = None) -> Field:
    return Field(key, label, "text", width=width)


SEQ = Field("seq", _("No."), "text", width=6)

_ZONE_FIELDS = [
    SEQ,
    _text("name", _("Zone"), 24),
    _text("city", _("City"), 12),
    _text("kind", _("Kind"), 14),
    _text("level", _("Level")),
    _text("management", _("Managed by")),
    *[Field(d.key, d.label, _UNIT_KINDS.get(d.unit, "int"), unit=d.unit) for d in FIGURES.values()],
]

_PROJECT_COMMON = [
    SEQ,
    _text("name", _("Project"), 28),
    _text("code", _("Project code"), 16),
    _text("zone", _("Zone"), 18),
    _text("investor", _("Investor"), 22),
    _text("key_level", _("Key project level"), 12),
    _text("kind", _("Kind"), 10),
    _text("stage", _("Stage"), 10),
    Field("total_investment_wan", _("Total investment (万元)"), "money", unit="万元"),
]

_KEY_PROJECT_FIELDS = [
    *_PROJECT_COMMON,
    _text("construction_status", _("Construction status"), 10),
    Field("planned_wan", _("Planned investment this year (万元)"), "money", unit="万元"),
    Field("invested_wan", _("Completed this year (万元)"), "money", unit="万元"),
    Field("investment_rate", _("Investment completion rate"), "rate", unit="%"),
    Field("funds_wan", _("Funds in place (万元)"), "money", unit="万元"),
    _text("progress", _("Visible progress"), 30),
    Field("percent_complete", _("Percent complete"), "int", unit="%"),
    _text("colour", _("Colour"), 8),
    Field("problems_open", _("Open problems"), "int"),
    _text("leader", _("Responsible leader"), 10),
]

_PROBLEM_FIELDS = [
    SEQ,
    _text("project", _("Project"), 26),
    _text("zone", _("Zone"), 18),
    _text("category", _("Category"), 10),
    _text("description", _("Description"), 40),
    Field("raised_on", _("Raised on"), "date"),
    _text("responsible_unit", _("Responsible unit"), 18),
    _text("responsible_person", _("Responsible person"), 10),
    Field("deadline_on", _("Deadline"), "date"),
    _text("status", _("Status"), 8),
    _text("escalation_level", _("Escalation level"), 8),
    _text("overdue", _("Overdue"), 6),
    Field("days_overdue", _("Days overdue"), "int"),
]

_SIGNING_FIELDS = [
    *_PROJECT_COMMON,
    Field("signed_on", _("Signing date"), "date"),
    _text("cluster", _("Industry cluster"), 14),
    _text("origin_region", _("Investor from"), 12),
    _text("source_channel", _("Source channel"), 14),
]

FIELDS: dict[str, dict[str, Field]] = {
    ZONES: {f.key: f for f in _ZONE_FIELDS},
    KEY_PROJECTS: {f.key: f for f in _KEY_PROJECT_FIELDS},
    PROBLEMS: {f.key: f for f in _PROBLEM_FIELDS},
    SIGNINGS: {f.key: f for f in _SIGNING_FIELDS},
}
