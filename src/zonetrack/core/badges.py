"""Badge colours declared beside the choices they colour, read by ``{% badge obj "field" %}``.

A choices module declares, right after a choices class, the Tabler class of each choice's
badge: ``badge_colours(ProblemStatus, {ProblemStatus.ASSIGNED: "bg-blue-lt", ...})``. The
template tag then renders any field with those choices as a badge, so no view decorates its
records with labels and colours.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db import models

C = TypeVar("C", bound=type[models.Choices])

DEFAULT_CSS = "bg-secondary-lt"

# Keyed by the choices' values in order: a model field keeps its choices as a list, not the
# class they came from, and the values are what both share.
_COLOURS: dict[tuple[str, ...], dict[str, str]] = {}


def _key(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


def badge_colours(choices: C, colours: Mapping[object, str]) -> C:
    """Declare the badge class of every choice of ``choices`` (each one must have one)."""
    # Read through the base class: the stubs plugin cannot resolve ``values`` on a type variable.
    choices_class: type[models.Choices] = choices
    values = _key(choices_class.values)
    declared = {str(getattr(value, "value", value)): css for value, css in colours.items()}
    missing = set(values) - set(declared)
    if missing:
        raise ValueError(f"{choices.__name__}: no badge colour for {sorted(missing)}")
    _COLOURS[values] = declared
    choices.badge_colours = declared  # type: ignore[attr-defined]
    return choices


def colours_of(field_choices: object) -> dict[str, str]:
    """The badge classes declared for a field's choices, by value (empty when none are)."""
    values = _key(choice for choice, _label in field_choices)  # type: ignore[attr-defined]
    return _COLOURS.get(values, {})


def colour_for(field_choices: object, value: object) -> str:
    """The badge class of ``value`` among a field's choices (grey when none is declared)."""
    return colours_of(field_choices).get(str(value), DEFAULT_CSS)
