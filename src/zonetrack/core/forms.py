"""Running a service from a form: domain errors become form errors, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

from .errors import StaleVersion

T = TypeVar("T")


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when unknown)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def run_service(form: forms.BaseForm, call: Callable[[], T]) -> tuple[T | None, int]:
    """Call a service; returns (result, 200), or (None, status) with the errors on the form:
    400 for invalid values, 409 when the record changed since the form was loaded."""
    try:
        return call(), 200
    except StaleVersion as exc:
        form.add_error(None, exc.message)
        return None, 409
    except ValidationError as exc:
        add_errors(form, exc)
        return None, 400


def form_status(form: forms.BaseForm) -> int:
    """The status of a re-shown form: 400 when it has errors."""
    return 400 if form.errors else 200


__all__ = ["add_errors", "form_status", "run_service"]
