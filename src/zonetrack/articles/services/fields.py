"""The fields of each fact type as a reviewer corrects them, and their validation."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import FactType

AMOUNT_STATUSES = (
    "negotiating",
    "signed",
    "started",
    "signed_and_started",
    "under_construction",
    "completed",
    "in_production",
    "completed_investment",
    "funds_in_place",
    "financing_intent",
    "planned",
    "other",
)
QUALIFIERS = (">=", "~")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    """One field of a fact type: its kind of value, whether it is required, its choices."""

    name: str
    kind: str = "text"  # text | int | number | date | choice | list
    required: bool = False
    choices: tuple[str, ...] = ()


def _spec(*items: FieldSpec) -> tuple[FieldSpec, ...]:
    return items


FIELD_SPECS: dict[str, tuple[FieldSpec, ...]] = {
    FactType.ZONE: _spec(FieldSpec("name", required=True), FieldSpec("parent")),
    FactType.AMOUNT: _spec(
        FieldSpec("amount_text"),
        FieldSpec("amount_yuan", "int", required=True),
        FieldSpec("qualifier", "choice", choices=QUALIFIERS),
        FieldSpec("refers_to"),
        FieldSpec("status", "choice", choices=AMOUNT_STATUSES),
        FieldSpec("zone"),
        FieldSpec("project_count", "int"),
        FieldSpec("date", "date"),
    ),
    FactType.PROJECT_COUNT: _spec(
        FieldSpec("count", "int", required=True),
        FieldSpec("refers_to"),
        FieldSpec("status", "choice", choices=AMOUNT_STATUSES),
        FieldSpec("zone"),
        FieldSpec("date", "date"),
    ),
    FactType.TARGET: _spec(
        FieldSpec("metric", required=True),
        FieldSpec("value", "number", required=True),
        FieldSpec("unit"),
        FieldSpec("year", "int"),
        FieldSpec("zone"),
        FieldSpec("threshold_yuan", "int"),
    ),
    FactType.DATE: _spec(FieldSpec("date", "date", required=True), FieldSpec("event")),
    FactType.ORGANISATION: _spec(FieldSpec("name", required=True)),
    FactType.INDUSTRY_CLUSTER: _spec(FieldSpec("name", required=True), FieldSpec("items", "list")),
    FactType.QUANTITY: _spec(
        FieldSpec("metric", required=True),
        FieldSpec("value", "number", required=True),
        FieldSpec("unit"),
    ),
}


def field_specs(kind: str, values: Mapping[str, Any] | None = None) -> list[FieldSpec]:
    """The fields a fact of this type is edited by: the type's own, then any others it has."""
    specs = list(FIELD_SPECS.get(kind, ()))
    known = {spec.name for spec in specs}
    for name, value in (values or {}).items():
        if name not in known:
            kind_of = "list" if isinstance(value, list) else "text"
            specs.append(FieldSpec(name, kind_of))
    return specs


def _parse_value(spec: FieldSpec, raw: Any) -> Any:
    """One field's value from what a person typed (or an API sent); raises ValueError with
    the message to show."""
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        if spec.required:
            raise ValueError(_("This field is required."))
        return None
    if spec.kind == "int":
        if isinstance(raw, bool):
            raise ValueError(_("Enter a whole number."))
        try:
            whole = int(str(raw).strip().replace(",", ""))
        except ValueError as exc:
            raise ValueError(_("Enter a whole number.")) from exc
        if whole < 0:
            raise ValueError(_("Enter a number of zero or more."))
        return whole
    if spec.kind == "number":
        if isinstance(raw, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = float(str(raw).strip().replace(",", ""))
        except ValueError as exc:
            raise ValueError(_("Enter a number.")) from exc
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_("Enter a number."))
        return int(number) if number.is_integer() else number
    if spec.kind == "date":
        text = str(raw).strip()
        parts = text.split("/")
        if len(parts) > 2 or not all(_DATE.fullmatch(part) for part in parts):
            raise ValueError(_("Write the date as YYYY-MM-DD, YYYY-MM, or a range A/B."))
        return text
    if spec.kind == "choice":
        text = str(raw).strip()
        if text not in spec.choices:
            raise ValueError(
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(spec.choices)}
            )
        return text
    if spec.kind == "list":
        items = raw if isinstance(raw, list) else re.split(r"[,，、;；\n]+", str(raw))
        return [str(item).strip() for item in items if str(item).strip()]
    if isinstance(raw, dict | list):
        raise ValueError(_("Enter text."))
    return str(raw).strip()[:500]


def clean_fields(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a fact's corrected fields; field-level messages in a ValidationError."""
    specs = field_specs(kind, data)
    known = {spec.name for spec in specs}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for spec in specs:
        try:
            value = _parse_value(spec, data.get(spec.name))
        except ValueError as exc:
            errors[spec.name] = str(exc)
            continue
        if value is not None:
            cleaned[spec.name] = value
    unknown = [name for name in data if name not in known]
    for name in unknown:
        errors[name] = _("Unknown field.")
    if errors:
        raise ValidationError(errors)
    return cleaned
