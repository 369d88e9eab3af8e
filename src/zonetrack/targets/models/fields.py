"""Field options shared by the targets models: plausible figures and colour ratios."""

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# Figures of targets and values: 10^12 in any unit is a typing error, not a statistic.
figure: dict[str, Any] = {
    "max_digits": 16,
    "decimal_places": 2,
    "validators": [
        MaxValueValidator(Decimal("1000000000000"), _("A figure this large is not plausible.")),
        MinValueValidator(Decimal("-1000000000000"), _("A figure this large is not plausible.")),
    ],
}
# The ratio thresholds of the three colours: a ratio of completion to time elapsed.
ratio: dict[str, Any] = {
    "max_digits": 4,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9.99"))],
}
