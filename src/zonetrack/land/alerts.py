"""Land's alert conditions, announced by the notices app in its daily job (each once, in the
app, by e-mail and to webhooks): a commitment check that has fallen due and was not run, and
a commitment whose check failed (its open follow-up), idle land found and not yet decided —
heard by the zone's officers and managers, as they keep its land — and an objection to a
published per-mu result not yet decided, heard by the evaluating authority's managers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonetrack.accounts.choices import Role
from zonetrack.accounts.models import Membership
from zonetrack.notices.conditions import Condition
from zonetrack.notices.delivery import register_source
from zonetrack.notices.kinds import register_kinds

from . import idle
from .choices import CommitmentCheckKind, EvaluationStatus, FollowUpStatus, ObjectionOutcome
from .models import Commitment, FollowUp, Objection, Parcel
from .services.commitments import check_due_on

ACTING_ROLES = (Role.OFFICER, Role.MANAGER, Role.ADMIN)


class LandAlertKind(models.TextChoices):
    """The kinds of alert land raises (codes stored with each alert)."""

    CHECK_DUE = "land_check_due", gettext_lazy("Land commitment check due")
    COMMITMENT_FAILED = "land_commitment_failed", gettext_lazy("Land commitment not kept")
    IDLE_FOUND = "land_idle_found", gettext_lazy("Idle land found")
    OBJECTION_TO_DECIDE = "land_objection", gettext_lazy("Per-mu objection to decide")


def _members(organisation_ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation__in=list(organisation_ids), role__in=ACTING_ROLES, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        found[organisation_id].add(user_id)
    return found


def _checks_due(day: date) -> list[Condition]:
    commitments = list(
        Commitment.objects.active()
        .select_related("parcel__zone", "project")
        .prefetch_related("checks")
        .order_by("pk")
    )
    people = _members({c.parcel.zone.organisation_id for c in commitments})
    found = []
    for commitment in commitments:
        done = {check.kind for check in commitment.checks.all()}
        for kind in CommitmentCheckKind:
            due = check_due_on(commitment, kind)
            if kind in done or due is None or due > day:
                continue
            organisation_id = commitment.parcel.zone.organisation_id
            found.append(
                Condition(
                    key=f"lcd:{commitment.pk}:{kind}:{due.isoformat()}",
                    kind=LandAlertKind.CHECK_DUE,
                    organisation_id=organisation_id,
                    title=_("%(parcel)s: the %(check)s of %(project)s was due on %(date)s.")
                    % {
                        "parcel": commitment.parcel.code,
                        "check": kind.label,
                        "project": commitment.project.name,
                        "date": due.isoformat(),
                    },
                    link=reverse("land:commitment_detail", kwargs={"commitment_id": commitment.pk}),
                    recipients=set(people.get(organisation_id, set())),
                    deadline=due,
                    figures=[
                        (_("Parcel"), commitment.parcel.code),
                        (_("Project"), commitment.project.name),
                        (_("Deadline"), due.isoformat()),
                    ],
                )
            )
    return found


def _failed(day: date) -> list[Condition]:
    rows = list(
        FollowUp.objects.active()
        .filter(status=FollowUpStatus.OPEN)
        .select_related("commitment__parcel__zone", "commitment__project", "check_run")
        .order_by("pk")
    )
    people = _members({f.commitment.parcel.zone.organisation_id for f in rows})
    found = []
    for follow_up in rows:
        commitment = follow_up.commitment
        organisation_id = commitment.parcel.zone.organisation_id
        failed = [r["item"] for r in follow_up.check_run.results if r["outcome"] == "failed"]
        found.append(
            Condition(
                key=f"lcf:{follow_up.pk}",
                kind=LandAlertKind.COMMITMENT_FAILED,
                organisation_id=organisation_id,
                title=_("%(parcel)s: %(project)s did not keep %(n)s promises.")
                % {
                    "parcel": commitment.parcel.code,
                    "project": commitment.project.name,
                    "n": len(failed),
                },
                link=reverse("land:commitment_detail", kwargs={"commitment_id": commitment.pk}),
                recipients=set(people.get(organisation_id, set())),
                figures=[
                    (_("Parcel"), commitment.parcel.code),
                    (_("Project"), commitment.project.name),
                    (_("Checked on"), follow_up.check_run.checked_on.isoformat()),
                ],
            )
        )
    return found


def _idle(day: date) -> list[Condition]:
    """Each undecided parcel the idle-land rule lists, once for each reason it is listed."""
    rows = [row for row in idle.listed(Parcel.objects.all(), as_of=day) if row.decision is None]
    people = _members({row.parcel.zone.organisation_id for row in rows})
    found = []
    for row in rows:
        parcel = row.parcel
        organisation_id = parcel.zone.organisation_id
        for finding in row.findings:
            found.append(
                Condition(
                    key=f"lidle:{parcel.pk}:{finding.reason}",
                    kind=LandAlertKind.IDLE_FOUND,
                    organisation_id=organisation_id,
                    title=_("%(parcel)s of %(zone)s lies idle: %(detail)s")
                    % {"parcel": parcel.code, "zone": parcel.zone.name, "detail": finding.detail},
                    link=reverse("land:idle_list") + f"?zone={parcel.zone_id}",
                    recipients=set(people.get(organisation_id, set())),
                    figures=[
                        (_("Parcel"), parcel.code),
                        (_("Zone"), parcel.zone.name),
                        (_("Why it is listed"), finding.label),
                    ],
                )
            )
    return found


def _objections(day: date) -> list[Condition]:
    """Each objection to a published per-mu result not yet decided: its authority's managers
    decide it before the results are final."""
    rows = list(
        Objection.objects.filter(
            outcome=ObjectionOutcome.PENDING,
            firm__evaluation__status=EvaluationStatus.PUBLISHED,
            firm__evaluation__archived_at__isnull=True,
        )
        .select_related("firm__evaluation")
        .order_by("pk")
    )
    organisations = {o.firm.evaluation.organisation_id for o in rows}
    managers: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation__in=organisations,
        role__in=(Role.MANAGER, Role.ADMIN),
        user__is_active=True,
    ).values_list("organisation_id", "user_id"):
        managers[organisation_id].add(user_id)
    found = []
    for objection in rows:
        evaluation = objection.firm.evaluation
        found.append(
            Condition(
                key=f"lobj:{objection.pk}",
                kind=LandAlertKind.OBJECTION_TO_DECIDE,
                organisation_id=evaluation.organisation_id,
                title=_("%(firm)s objects to its result in %(evaluation)s: decide it.")
                % {"firm": objection.firm.name, "evaluation": evaluation.title},
                link=reverse("land:evaluation_detail", kwargs={"evaluation_id": evaluation.pk}),
                recipients=set(managers.get(evaluation.organisation_id, set())),
                deadline=evaluation.comment_ends_on,
                figures=[
                    (_("Firm"), objection.firm.name),
                    (_("Filed on"), objection.filed_on.isoformat()),
                ],
            )
        )
    return found


def conditions(day: date) -> list[Condition]:
    """Every land condition true on ``day``: checks due and not run, promises not kept, idle
    land found and not yet decided, objections to a published evaluation not yet decided."""
    return [*_checks_due(day), *_failed(day), *_idle(day), *_objections(day)]


register_kinds(LandAlertKind)
register_source("land", conditions)
