"""Validators of the projects app: the unified social credit code (统一社会信用代码, GB 32100-2015)
with its check character, and months written YYYY-MM."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """The 18th character a code's first 17 characters call for."""
    total = sum(CHARSET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """18 characters from the code's alphabet, the last one matching the check."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."))
    bad = sorted({ch for ch in code if ch not in CHARSET})
    if bad:
        raise ValidationError(
            _("Characters not allowed in a credit code: %(chars)s") % {"chars": "".join(bad)}
        )
    if credit_code_check_char(code[:17]) != code[17]:
        raise ValidationError(_("The check character of this credit code is wrong."))


def month_or_none(text: str) -> date | None:
    """The first day of the month written ``YYYY-MM`` (years 1900–2100), or None: the one
    reading of a month typed in a form, an address or an API call."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if (
        match is None
        or not 1 <= int(match.group(2)) <= 12
        or not 1900 <= int(match.group(1)) <= 2100
    ):
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_from_text(text: str) -> date:
    """The first day of the month written ``YYYY-MM`` (years 1900–2100), else a field error."""
    month = month_or_none(text)
    if month is None:
        raise ValidationError(_("Write the month as YYYY-MM."))
    return month
