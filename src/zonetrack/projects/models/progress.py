"""What happens to a project over time: stage transitions, year plans, milestones and monthly
reports."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonetrack.core.models import latitude_field, longitude_field

from ..choices import (
    MilestoneStatus,
    Stage,
    Verification,
)
from .projects import Project, money


class StageTransition(models.Model):
    """One move of a project between stages, dated when it happened, with its evidence and
    the supervising level's verification of the claim."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.NOT_REQUIRED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)

    org_path = "project__zone__organisation"

    class Meta:
        ordering = ["happened_on", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [models.Index(fields=["verification", "to_stage"])]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage} ({self.happened_on})"

    @property
    def is_pending(self) -> bool:
        """Whether the claim waits for the supervising level's verification."""
        return self.verification == Verification.PENDING

    @property
    def passed_without_evidence(self) -> bool:
        """Whether the supervising level passed the claim although it came without evidence
        (evidence is attached with the claim only, so this cannot change afterwards)."""
        return self.verification == Verification.VERIFIED and not self.evidence


class YearPlan(models.Model):
    """The investment planned for a project in one year (年度计划投资)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    planned_investment_wan = models.DecimalField(_("planned investment (万元)"), **money)
    planned_start = models.BooleanField(_("planned to start this year"), default=False)
    planned_completion = models.BooleanField(_("planned to complete this year"), default=False)

    org_path = "project__zone__organisation"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="yearplan_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class Milestone(models.Model):
    """A node of the plan (定进度、定时限): planned and actual dates."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=100)
    planned_on = models.DateField(_("planned date"))
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )

    org_path = "project__zone__organisation"

    class Meta:
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    """A monthly report (月报): investment completed that month and the visible progress."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    invested_wan = models.DecimalField(_("investment completed this month (万元)"), **money)
    funds_in_place_wan = models.DecimalField(
        _("funds in place this month (万元)"), null=True, blank=True, **money
    )
    progress = models.TextField(_("visible progress"), blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    photo = models.FileField(
        _("site photo"),
        upload_to="reports/%Y/%m/",
        blank=True,
        help_text=_("A photo of the site this month (JPEG, PNG or WebP, up to 10 MB)."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    is_late = models.BooleanField(_("late"), default=False)

    org_path = "project__zone__organisation"

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="report_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.month:%Y-%m}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = date(self.month.year, self.month.month, 1)


class SitePhoto(models.Model):
    """A photo of a project's site taken on a phone: of a monthly report, or of a record of an app
    built on projects (a dispatch problem), with when and, if the phone gave it, where it was
    taken (WGS-84). Kept for good: no page deletes one.

    ``attached_type``/``attached_id`` name the record of another app, which projects may not
    import (a foreign key would point the dependency the wrong way); that app serves the photo
    through its own record's visibility.
    """

    # The address a page serves the photo at when not through its project (a problem's page
    # sets it); not stored.
    url: str = ""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="photos")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    attached_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attached_id = models.PositiveBigIntegerField(null=True, blank=True)
    file = models.FileField(_("site photo"), upload_to="photos/%Y/%m/")
    taken_at = models.DateTimeField(_("taken at"))
    latitude = latitude_field()
    longitude = longitude_field()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    org_path = "project__zone__organisation"

    class Meta:
        ordering = ["taken_at", "id"]
        verbose_name = _("site photo")
        verbose_name_plural = _("site photos")
        indexes = [models.Index(fields=["attached_type", "attached_id"], name="photo_attached")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(latitude__isnull=True, longitude__isnull=True)
                    | models.Q(
                        latitude__gte=-90,
                        latitude__lte=90,
                        longitude__gte=-180,
                        longitude__lte=180,
                    )
                ),
                name="photo_position_wgs84",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.taken_at:%Y-%m-%d %H:%M}"

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("A position needs both a latitude and a longitude."))
