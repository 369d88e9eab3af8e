"""The base of every form (text and date checks on every field), and running a service from a
form: domain errors become form errors, never a 500."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .errors import StaleVersion
from .validators import LONG_TEXT_MAX, SHORT_TEXT_MAX, TextValidator, validate_date

T = TypeVar("T")

# Passwords are checked against their hash only; Django's own bound on them.
PASSWORD_MAX = 4096


def guard_fields(form: forms.BaseForm) -> None:
    """Give every text field of ``form`` a length limit and the control-character check, and
    every date field the 1900–2100 range. Multi-line widgets (textareas) allow tabs and line
    breaks and default to the long limit; a field's own ``max_length`` is kept."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            multiline = isinstance(field.widget, forms.Textarea)
            if isinstance(field.widget, forms.PasswordInput):
                default = PASSWORD_MAX
            else:
                default = LONG_TEXT_MAX if multiline else SHORT_TEXT_MAX
            if field.max_length is None:
                field.max_length = default
                field.validators.append(MaxLengthValidator(default))
                field.widget.attrs.update(field.widget_attrs(field.widget))
            check = TextValidator(multiline=multiline, max_length=field.max_length)
            if check not in field.validators:
                field.validators.append(check)
        elif (
            isinstance(field, forms.DateField | forms.DateTimeField)
            and validate_date not in field.validators
        ):
            field.validators.append(validate_date)


class GuardedFields:
    """Mixin of every form base: its fields are checked by :func:`guard_fields`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guard_fields(self)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        guard_fields(self)  # type: ignore[arg-type]  # again: fields added after __init__ too
        super().full_clean()  # type: ignore[misc]


class Form(GuardedFields, forms.Form):
    """Base of every plain form."""


class ModelForm(GuardedFields, forms.ModelForm):
    """Base of every model form."""


class SignInForm(GuardedFields, AuthenticationForm):
    """Base of the sign-in form."""


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when unknown,
    each message once: nine cells refused for one reason say it once)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, list(dict.fromkeys(exc.messages)))
        return
    unplaced: list[str] = []
    for field, errors in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        else:
            unplaced.extend(e for e in errors if e not in unplaced)
    if unplaced:
        form.add_error(None, unplaced)


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


__all__ = [
    "FilterBarForm",
    "Form",
    "ModelForm",
    "SignInForm",
    "add_errors",
    "form_status",
    "guard_fields",
    "run_service",
]


class QuickSelect(forms.Select):
    """A select whose options are built in one pass, each key and label escaped here.

    A filter over a province lists a thousand zones and several thousand parks; Django renders
    every option through a template (and ``format_html`` per option still cost 25 ms a page),
    so the options are escaped with the standard library's ``html.escape`` and joined. Flat
    choices only (no option groups), which is what the filter bars offer.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs or {})}
        values = value if isinstance(value, list | tuple) else [value]
        chosen = {"" if v is None else str(v) for v in values}  # as Select.format_value
        # Keys and labels are escaped in one call over their joined text (a NUL, which no
        # printable choice holds, separates them), not two calls an option.
        texts = [str(text).replace("\0", "") for choice in self.choices for text in choice]
        escaped = html.escape("\0".join(texts)).split("\0") if texts else []
        options = "".join(
            f'<option value="{key}"{" selected" if raw in chosen else ""}>{label}</option>'
            for raw, key, label in zip(texts[::2], escaped[::2], escaped[1::2], strict=True)
        )
        # Every key and label above is escaped; the attributes are escaped by flatatt.
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))  # noqa: S308


class FilterBarForm(Form):
    """The fields of a list's filter bar (``includes/filter_bar.html``), each as wide as
    ``widths`` says in twelfths of the row (2 when it says nothing)."""

    widths: ClassVar[dict[str, int]] = {}

    def columns(self) -> list[tuple[forms.BoundField, int]]:
        """The visible fields, each with its width."""
        return [(field, self.widths.get(field.name, 2)) for field in self.visible_fields()]


class FilterChoiceField(forms.ChoiceField):
    """One choice of a filter bar: ``has_all`` is whether it offers "all" first (the page
    fills the choices in)."""

    widget = QuickSelect

    def __init__(self, *, has_all: bool = True, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.has_all = has_all

    def offer(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        """Offer flat ``(value, label)`` pairs — already the normal form that the ``choices``
        setter would produce, field and widget each walking a province's thousand zones."""
        options = list(pairs)
        self._choices = options
        self.widget._choices = options  # type: ignore[attr-defined]
