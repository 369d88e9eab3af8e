"""The abstract base of land's records that a zone owns under a code: parcels and factory
buildings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from zonetrack.core.models import Record


class ZoneCodedRecord(Record):
    """A record of a zone with a code unique within the zone and, optionally, a park that must
    be the zone's. Subclasses define the ``zone``, ``park`` and ``code`` fields (each with its
    own related name and label), say in their own words what is wrong, and add their own checks
    in ``more_errors``."""

    org_path = "zone__organisation"
    park_elsewhere: ClassVar[Promise]  # the error when the park is another zone's
    code_taken: ClassVar[Promise]  # the error when the zone has the code already

    class Meta:
        abstract = True

    def validate_constraints(self, exclude: Any = None) -> None:
        # The code-in-zone rule is checked in clean(), to report it on the code field.
        super().validate_constraints(exclude={*(exclude or ()), "code"})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        record: Any = self  # the fields are the subclass's, unknown to a type checker here
        if record.park is not None and record.zone_id and record.park.zone_id != record.zone_id:
            errors["park"] = self.park_elsewhere
        if record.code and record.zone_id:
            twins = type(record)._default_manager.filter(zone_id=record.zone_id, code=record.code)
            if twins.exclude(pk=self.pk).exists():
                errors["code"] = self.code_taken
        errors.update(self.more_errors())
        if errors:
            raise ValidationError(errors)

    def more_errors(self) -> dict[str, Any]:
        """The subclass's own checks, by field."""
        return {}
