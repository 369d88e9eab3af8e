"""Computing, publishing and superseding rankings from their stored inputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.audit.choices import Action
from zonetrack.audit.services import record_change

from .. import inputs as inputs_adapter
from .. import notify, permissions, selectors
from ..choices import RankingStatus
from ..compute import compute
from ..models import Ranking, RankingEntry, Scheme
from ..periods import parse

Progress = Callable[[int, int, str], None]


def ranking_inputs(*, actor: User | None, scheme: Scheme, period: str) -> dict[str, Any]:
    """Gather a ranking's inputs as of now, refusing what cannot rank: a peer group of fewer
    than two, organisations the actor may not see, a period with no data at all."""
    found = parse(scheme.period_kind, period)
    peers = selectors.peer_group(scheme)
    if len(peers) < 2:
        raise ValidationError({"peers": _("A peer group needs at least two organisations.")})
    seen = access.visible(Organisation.objects.filter(pk__in=[p.pk for p in peers]), actor)
    if seen.count() != len(peers):
        raise ValidationError({"peers": _("The peer group holds organisations you may not see.")})
    items = selectors.scheme_items(scheme)
    if not items:
        raise ValidationError({"items": _("A scheme needs at least one item.")})
    gathered = inputs_adapter.gather(scheme=scheme, items=items, organisations=peers, period=found)
    if not inputs_adapter.has_any_value(gathered):
        raise ValidationError(
            {"period": _("No organisation has any value for %(period)s.") % {"period": found.label}}
        )
    return gathered


def preview(*, actor: User | None, scheme: Scheme, period: str) -> dict[str, Any]:
    """The ranking a scheme would give on today's data, computed and not saved."""
    access.require(permissions.can_change_scheme(actor, scheme))
    gathered = ranking_inputs(actor=actor, scheme=scheme, period=period)
    return {"inputs": gathered, "result": compute(gathered)}


@transaction.atomic
def ranking_compute(
    *,
    actor: User | None,
    scheme: Scheme,
    period: str,
    progress: Progress | None = None,
) -> Ranking:
    """Compute a draft ranking of the scheme for the period and keep it with its inputs."""
    access.require(permissions.can_change_scheme(actor, scheme))
    if progress:
        progress(0, 3, _("Reading the values"))
    gathered = ranking_inputs(actor=actor, scheme=scheme, period=period)
    if progress:
        progress(1, 3, _("Scoring"))
    result = compute(gathered)
    ranking = Ranking.objects.create(
        scheme=scheme,
        period=gathered["period"],
        inputs=gathered,
        result=result,
        meta=meta_of(gathered),
        computed_by=actor if isinstance(actor, User) else None,
    )
    lines = json.loads(result)["lines"]
    RankingEntry.objects.bulk_create(
        [
            RankingEntry(
                ranking=ranking,
                organisation_id=line["organisation"],
                rank=line["rank"],
                previous_rank=line["previous_rank"],
                total=Decimal(line["total"]),
                is_eligible=line["eligible"],
                categories=line["categories"],
                vetoes=line["vetoes"],
                items=line["items"],
            )
            for line in lines
        ],
        batch_size=500,
    )
    record_change(
        actor=actor, obj=ranking, action=Action.CREATE, before={}, after=_summary(ranking)
    )
    if progress:
        progress(3, 3, _("Done"))
    return ranking


def meta_of(gathered: dict[str, Any]) -> dict[str, Any]:
    """What the pages show of a ranking's inputs besides the lines (see ``Ranking.meta``)."""
    return {
        "organisations": {str(o["id"]): o["name"] for o in gathered["organisations"]},
        "categories": [[str(c["id"]), c["name"]] for c in gathered["categories"]],
        "items": {
            str(i["id"]): {k: v for k, v in i.items() if k != "id"} for i in gathered["items"]
        },
    }


def _summary(ranking: Ranking) -> dict[str, Any]:
    return {
        "scheme": ranking.scheme_id,
        "period": ranking.period,
        "status": ranking.status,
        "supersede_reason": ranking.supersede_reason,
    }


def recompute(ranking: Ranking) -> str:
    """The result computed again from the ranking's stored inputs (equal to ``result``)."""
    return compute(json.loads(json.dumps(ranking.inputs)))


@transaction.atomic
def ranking_publish(
    *, actor: User | None, ranking: Ranking, reason: str = "", acknowledged: bool = False
) -> Ranking:
    """Publish a draft: it is frozen, its scheme edition too, and the ranked organisations'
    people get a notice. A published ranking of the same period is superseded by it, which
    needs a reason. What the publisher should know first (``selectors.publish_warnings``: a
    period not over, items without values) must be ``acknowledged``."""
    ranking = Ranking.objects.select_for_update().select_related("scheme").get(pk=ranking.pk)
    access.require(permissions.can_publish_ranking(actor, ranking))
    if ranking.status != RankingStatus.DRAFT:
        raise ValidationError(
            _("Only a draft ranking is published; a published one never changes.")
        )
    warnings = selectors.publish_warnings(ranking)
    if warnings and not acknowledged:
        raise ValidationError(
            {
                "acknowledged": _("Read the warnings and confirm to publish anyway: %(what)s")
                % {"what": " ".join(warnings)}
            }
        )
    current = selectors.published_of(ranking)
    if current is not None:
        if not reason.strip():
            raise ValidationError(
                {
                    "reason": _(
                        "A ranking of %(period)s is published: say why this one replaces it."
                    )
                    % {"period": ranking.period}
                }
            )
        before = _summary(current)
        Ranking.objects.filter(pk=current.pk).update(
            status=RankingStatus.SUPERSEDED, superseded_by=ranking, supersede_reason=reason.strip()
        )
        current.refresh_from_db()
        record_change(
            actor=actor, obj=current, action=Action.UPDATE, before=before, after=_summary(current)
        )
    before = _summary(ranking)
    ranking.status = RankingStatus.PUBLISHED
    ranking.published_at = timezone.now()
    ranking.save(update_fields=["status", "published_at"])
    record_change(
        actor=actor, obj=ranking, action=Action.UPDATE, before=before, after=_summary(ranking)
    )
    if not ranking.scheme.is_frozen:
        scheme = ranking.scheme
        Scheme.objects.filter(pk=scheme.pk).update(is_frozen=True)
        record_change(
            actor=actor,
            obj=scheme,
            action=Action.UPDATE,
            before={"is_frozen": False},
            after={"is_frozen": True},
        )
    _notify_ranked(ranking)
    return ranking


def _notify_ranked(ranking: Ranking) -> None:
    from django.urls import reverse

    from zonetrack.accounts.models import Membership

    ranked = RankingEntry.objects.filter(ranking=ranking).values("organisation_id")
    # The people of each ranked organisation (not those above: the owner's side published it).
    recipients: dict[int, set[int]] = {}
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=ranked, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        recipients.setdefault(organisation_id, set()).add(user_id)
    url = reverse("rankings:ranking_detail", kwargs={"ranking_id": ranking.pk})
    text = _("%(scheme)s %(period)s is published.") % {
        "scheme": ranking.scheme.name,
        "period": ranking.period,
    }
    ranking_id = ranking.pk
    transaction.on_commit(
        lambda: notify.notify_ranked(
            ranking_id=ranking_id, recipients=recipients, text=text, url=url
        )
    )
