"""The people to speak to at a firm (an ``Enterprise``): kept for every zone that deals with it,
archived when they leave, never deleted."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import Record

from .projects import Enterprise

# Digits with the usual separators: +86 351-1234567, (0351) 1234 567, 13800000000 转 8001.
PHONE_PATTERN = re.compile(r"^\+?[0-9()\- ]{5,30}(?:(?:转|ext\.?|x) ?[0-9]{1,6})?$")


def validate_phone(value: str) -> None:
    """A telephone number as people write one: digits, spaces, dashes, brackets, an extension."""
    if value and not PHONE_PATTERN.match(value.strip()):
        raise ValidationError(_("Enter a telephone number: digits, spaces, dashes, brackets."))


class EnterpriseContact(Record):
    """A person to speak to at a firm. Shown only to whoever sees a lead or a project of the
    firm (promotion's firm selectors ask the gate); archived when they leave, never deleted.

    A contact belongs to no organisation: its firm is shared by every zone that deals with it,
    so a contact is reached through its firm only, never filtered by the gate on its own.
    """

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    name = models.CharField(_("contact person"), max_length=100)
    role = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("firm contact")
        verbose_name_plural = _("firm contacts")
        indexes = [models.Index(fields=["enterprise", "archived_at"], name="contact_firm")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def clean(self) -> None:
        if not (self.phone.strip() or self.email.strip()):
            raise ValidationError({"phone": _("Give a telephone number or an e-mail address.")})
