"""Forms of the accounts app."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zonetrack.core.forms import Form, SignInForm
from zonetrack.core.validators import NEXT_MAX

from .choices import Role


class LoginForm(SignInForm):
    """Sign-in form with one generic message for every kind of failure."""

    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("Wrong username or password."),
    }


class LanguageForm(Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=NEXT_MAX)


class MemberForm(Form):
    """Give a person a role in an organisation; a new username creates their account."""

    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=100, required=False)
    password = forms.CharField(
        label=_("Initial password (new accounts only)"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        strip=False,
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)

    def __init__(self, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
