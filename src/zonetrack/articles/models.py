"""Models of the articles app: an article read into clean text, and the facts found in it.

Nothing here touches other records by itself: a fact reaches a zone only when a person has
accepted it and attached it (``Fact.zone``), with the article as its source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from zonetrack.accounts.models import Organisation
from zonetrack.core.models import Record
from zonetrack.registry.models import Zone

from .choices import ACCEPTED_STATES, ArticleStatus, FactType, Review

if TYPE_CHECKING:
    from .forms import FactEditForm

__all__ = [
    "ACCEPTED_STATES",
    "FIELD_LABELS",
    "VALUE_LABELS",
    "Article",
    "ArticleStatus",
    "Fact",
    "FactType",
    "Review",
    "shown_note",
]


# Names of the fields of facts, as a reviewer reads them.
FIELD_LABELS = {
    "name": _("Name"),
    "parent": _("Part of"),
    "amount_text": _("Amount as written"),
    "amount_yuan": _("Amount (yuan)"),
    "qualifier": _("Qualifier"),
    "refers_to": _("Refers to"),
    "status": _("Status"),
    "zone": _("Zone"),
    "project_count": _("Number of projects"),
    "date": _("Date"),
    "count": _("Count"),
    "metric": _("Measure"),
    "value": _("Value"),
    "unit": _("Unit"),
    "year": _("Year"),
    "threshold_yuan": _("Projects above (yuan)"),
    "event": _("Event"),
    "items": _("Items (one per line)"),
}

# What the reader's codes mean, as shown on pages (the JSON keeps the codes).
VALUE_LABELS = {
    "status": {
        "negotiating": _("negotiating"),
        "signed": _("signed"),
        "started": pgettext_lazy("project status", "started"),
        "signed_and_started": _("signed and started"),
        "under_construction": _("under construction"),
        "completed": _("completed"),
        "in_production": _("in production"),
        "completed_investment": _("investment completed"),
        "funds_in_place": _("funds in place"),
        "financing_intent": _("financing intended"),
        "planned": _("planned"),
        "other": _("other"),
    },
    "qualifier": {">=": _("at least"), "~": _("about")},
}


class Article(Record):
    """A news report, interview or work report pasted or uploaded by a person.

    The raw text is kept as it came in; the cleaned text, damaged spans and repairs are what
    the reader made of it. Those products are left out of the change history (they are large
    and derived); their status changes are recorded.
    """

    history_exclude: ClassVar[frozenset[str]] = Record.history_exclude | {
        "raw_text",
        "clean_text",
        "damaged_spans",
        "repairs",
        "warnings",
    }

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    title = models.CharField(_("title"), max_length=200)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    encoding = models.CharField(_("detected encoding"), max_length=20, blank=True)
    raw_text = models.TextField(_("text as received"))
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ArticleStatus.choices,
        default=ArticleStatus.PROCESSING,
    )
    failure = models.TextField(_("why it failed"), blank=True)
    clean_text = models.TextField(_("cleaned text"), blank=True)
    damaged_spans = models.JSONField(_("damaged spans"), default=list, blank=True)
    repairs = models.JSONField(_("repairs"), default=list, blank=True)
    warnings = models.JSONField(_("notes from reading"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    processed_at = models.DateTimeField(_("read at"), null=True, blank=True)

    # Not stored: the facts the API's article detail lists (api._detail).
    fact_rows: list[Fact]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    @property
    def notes(self) -> list[str]:
        """The reader's notes on the text, in the language of the request."""
        return [shown_note(note) for note in self.warnings]

    def __str__(self) -> str:
        return self.title

    def is_assigned_to(self, user: Any) -> bool:
        """The person who added an article may review it."""
        return bool(self.created_by_id and self.created_by_id == getattr(user, "pk", None))


class Fact(Record):
    """One fact found in an article, with the clause that supports it, and its review."""

    org_path = "article__organisation"

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.PROTECT, related_name="facts"
    )
    kind = models.CharField(_("type"), max_length=20, choices=FactType.choices)
    fields = models.JSONField(_("fields as read"), default=dict, blank=True)
    quote = models.TextField(_("quote"))
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    confidence = models.FloatField(_("confidence"), default=1.0)
    review = models.CharField(
        _("review"), max_length=20, choices=Review.choices, default=Review.PROPOSED
    )
    edited_fields = models.JSONField(_("corrected fields"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    zone = models.ForeignKey(
        Zone,
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="article_facts",
    )

    # Not stored: set on the facts an article page shows. ``suggested`` is the zone an accepted
    # loose fact is likely about (selectors.with_suggestions); the rest are the card's review
    # form and messages (views).
    suggested: Zone | None
    edit_form: FactEditForm | None
    error: str
    attach_error: str

    class Meta:
        ordering = ["article", "start", "id"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        indexes = [models.Index(fields=["zone", "review"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="fact_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.quote[:60]}"

    @property
    def values(self) -> dict[str, Any]:
        """The fields as the reviewer left them: corrected if corrected, else as read."""
        return self.edited_fields if self.edited_fields is not None else self.fields

    @property
    def labelled_values(self) -> list[tuple[str, str]]:
        """The fields as (label, value shown) pairs, lists joined, for pages."""
        rows = []
        for name, value in (self.values or {}).items():
            if isinstance(value, list):
                shown = "、".join(str(item) for item in value)
            elif isinstance(value, float):
                shown = f"{value:g}"
            elif name in VALUE_LABELS and value in VALUE_LABELS[name]:
                shown = str(VALUE_LABELS[name][value])
            else:
                shown = "" if value is None else str(value)
            rows.append((str(FIELD_LABELS.get(name, name)), shown))
        return rows

    @property
    def is_accepted(self) -> bool:
        return self.review in ACCEPTED_STATES

    def is_assigned_to(self, user: Any) -> bool:
        return self.article.is_assigned_to(user)


def shown_note(note: Any) -> str:
    """A note of the reader in the user's language: a stored ``{"template", "values"}`` (or a
    ``text.Note``) is translated and filled in; plain text is shown as it is."""
    template = note.get("template") if isinstance(note, dict) else getattr(note, "template", None)
    if not template:
        return str(note)
    values = note.get("values") if isinstance(note, dict) else note.values
    translated = gettext(template)
    return translated % values if values else translated
