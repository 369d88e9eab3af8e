"""Forms of the articles app: adding an article, and reviewing and attaching its facts."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.forms import Form
from zonetrack.registry.models import Zone

from .models import FIELD_LABELS, VALUE_LABELS, Fact
from .services import MAX_UPLOAD_BYTES, UPLOAD_TYPES, FieldSpec, field_specs
from .text.model import MAX_CHARS as ARTICLE_TEXT_MAX


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


def _upload_help_text() -> str:
    return gettext(".txt, .html or .docx, at most %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES >> 20}


# Lazy, so the help reads in the language of each request, not of the first import.
_upload_help = lazy(_upload_help_text, str)


class ArticleForm(Form):
    """Paste an article's text or upload it as a file; who owns it, and where it came from."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        help_text=_("The article and its facts are visible to this organisation and above."),
        error_messages={"invalid_choice": _("You may not add articles to this organisation.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Left empty, the first line of the text (or the file name) is used."),
    )
    source_url = forms.URLField(
        label=_("Source address"), max_length=500, required=False, assume_scheme="https"
    )
    published_on = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Left empty, the dateline of the article is used when it has one."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=ARTICLE_TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_upload_help(),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_TYPES)}),
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation],
        default: Organisation | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if organisations and not self.is_bound:
            self.initial.setdefault("organisation", (default or organisations[0]).pk)
        _style(self)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if PurePath(upload.name.lower()).suffix not in UPLOAD_TYPES:
            raise forms.ValidationError(_("Upload a .txt, .html or .docx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES >> 20}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_text = bool((data.get("text") or "").strip())
        if "file" in self.errors:
            return data
        if has_text and data.get("file"):
            self.add_error("file", _("Paste the text or upload a file, not both."))
        elif not has_text and not data.get("file"):
            self.add_error("text", _("Paste the article's text here, or upload a file."))
        return data


class FactEditForm(Form):
    """A fact's fields, one input per field of its type; lists are written one per line."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, fact: Fact, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fact = fact
        self.specs: list[FieldSpec] = field_specs(fact.kind, fact.values)
        values = fact.values or {}
        for spec in self.specs:
            name = f"f_{spec.name}"
            value = values.get(spec.name)
            if spec.kind == "choice":
                words = VALUE_LABELS.get(spec.name, {})
                field: forms.Field = forms.ChoiceField(
                    choices=[("", "—"), *((c, words.get(c, c)) for c in spec.choices)],
                    required=False,
                )
            elif spec.kind == "list":
                field = forms.CharField(
                    required=False, widget=forms.Textarea(attrs={"rows": 2}), strip=False
                )
                value = "\n".join(str(v) for v in value) if isinstance(value, list) else value
            else:
                field = forms.CharField(required=False, strip=False)
            field.label = FIELD_LABELS.get(spec.name, spec.name)
            field.required = False
            self.fields[name] = field
            self.initial[name] = "" if value is None else value
        if not self.is_bound:
            self.initial["version"] = fact.version
        _style(self)
        for spec in self.specs:
            if spec.required:
                self.fields[f"f_{spec.name}"].widget.attrs["required"] = True

    def values(self) -> dict[str, Any]:
        """What the person typed, by field name (validated by the service)."""
        return {spec.name: self.cleaned_data.get(f"f_{spec.name}") for spec in self.specs}

    def add_field_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = f"f_{name}" if f"f_{name}" in self.fields else None
            self.add_error(target, messages)


class ReviewForm(Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    version = forms.IntegerField()


class AttachForm(Form):
    """Attach a fact to a zone named by the person (offered from the zones they may change)."""

    zone = forms.CharField(label=_("Zone"), required=False, max_length=100)
    version = forms.IntegerField(required=False)

    def __init__(self, *args: Any, zones: list[Zone], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.zones = zones

    def clean_zone(self) -> Zone | None:
        name = (self.cleaned_data.get("zone") or "").strip()
        if not name:
            return None
        matches = [zone for zone in self.zones if zone.name == name]
        if not matches:
            matches = [zone for zone in self.zones if zone.short_name and zone.short_name == name]
        if not matches:
            raise forms.ValidationError(_("No zone of this name that you may change."))
        if len(matches) > 1:
            raise forms.ValidationError(
                _("Several zones have this name; ask an administrator to tell them apart.")
            )
        return matches[0]


class ClaimFilterForm(Form):
    """The city's page of differing claims: how far a claim may be from the records (in percent
    of the record) and, optionally, one zone."""

    tolerance = forms.DecimalField(
        label=_("Tolerance (%)"),
        required=False,
        min_value=0,
        max_value=1000,
        decimal_places=1,
        help_text=_("Claims further than this from the records are listed."),
    )
    zone = forms.TypedChoiceField(label=_("Zone"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, zones: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = cast(forms.TypedChoiceField, self.fields["zone"])
        zone.choices = [("", gettext("All zones")), *zones]
        _style(self)
