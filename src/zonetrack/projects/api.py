"""API routes of the projects app: projects, transitions, verification, reports, pipeline."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.audit.services import history_of
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id, QueryText
from zonetrack.registry import selectors as registry_selectors
from zonetrack.registry.models import Cluster, Park

from . import selectors, services
from .models import EndReason
from .schemas import (
    PROJECT_OUT_COLUMNS,
    ChangeOut,
    KpisOut,
    PipelineOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ReportIn,
    ReportOut,
    TransitionIn,
    TransitionOut,
    VerificationIn,
)
from .selectors import YEAR_MAX, YEAR_MIN
from .validators import month_from_text

router = Router(tags=["projects"])


class ProjectQuery(Schema):
    q: QueryText = ""
    zone: Id | None = None
    park: Id | None = None
    cluster: QueryText = ""
    stage: QueryText = ""
    leader: Id | None = None
    key: QueryText = ""
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    sort: QueryText = "-updated"


def _resolve(user: Any, zone_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Turn the API's ids, codes and investor into records, with field errors when unknown."""
    errors: dict[str, str] = {}
    if "park_id" in data:
        park_id = data.pop("park_id")
        park = Park.objects.filter(pk=park_id, zone_id=zone_id).first() if park_id else None
        if park_id and park is None:
            errors["park_id"] = _("Unknown park of this zone.")
        data["park"] = park
    if "cluster" in data:
        code = data.pop("cluster")
        cluster = Cluster.objects.filter(code=code).first() if code else None
        if code and cluster is None:
            errors["cluster"] = _("Unknown cluster code.")
        data["cluster"] = cluster
    for role in ("leader", "officer"):
        if f"{role}_id" in data:
            person_id = data.pop(f"{role}_id")
            person = None
            if person_id:
                person = selectors.people(user=user).filter(pk=person_id).first()
                if person is None:
                    errors[f"{role}_id"] = _("Unknown person.")
            data[role] = person
    if "investor" in data or "investor_credit_code" in data:
        name = data.pop("investor", None) or ""
        code = data.pop("investor_credit_code", None) or ""
        try:
            data["investor"] = services.enterprise_for(name=name, credit_code=code)
        except ValidationError as exc:
            errors.update({k: "; ".join(v) for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return data


def _filters(user: Any, query: dict[str, Any]) -> selectors.ProjectFilters:
    """The list filters, with the records they name checked as every route checks them: a
    zone, park or person the user may not see is 404, not an empty answer."""
    if query.get("zone"):
        registry_selectors.zone_get(user=user, zone_id=query["zone"])
    if query.get("park"):
        registry_selectors.park_get(user=user, park_id=query["park"])
    if query.get("leader") and not access.people_visible(user).filter(pk=query["leader"]).exists():
        raise Http404
    return selectors.ProjectFilters.from_params(query)


@router.get("/projects", response=list[ProjectOut])
@paginate(Pages, page_size=50)
def project_list(request: HttpRequest, filters: Query[ProjectQuery]) -> Any:
    """Projects the user can see; `count` is the total."""
    return selectors.project_list(
        user=request.user,
        filters=_filters(request.user, filters.dict()),
        for_page=True,
        columns=PROJECT_OUT_COLUMNS,
    )


@router.post("/projects", response={201: ProjectOut})
def project_create(request: HttpRequest, payload: ProjectIn) -> Any:
    """Add a project to a zone (as 招商, pursued)."""
    data = payload.dict(exclude_unset=True)
    zone = registry_selectors.zone_get(user=request.user, zone_id=data.pop("zone_id"))
    project = services.project_create(
        actor=access.request_user(request), zone=zone, **_resolve(request.user, zone.pk, data)
    )
    return Status(201, selectors.project_get(user=request.user, project_id=project.pk))


@router.get("/projects/{project_id}", response=ProjectOut)
def project_get(request: HttpRequest, project_id: int) -> Any:
    return selectors.project_get(user=request.user, project_id=project_id)


@router.patch("/projects/{project_id}", response=ProjectOut)
def project_patch(request: HttpRequest, project_id: int, payload: ProjectPatch) -> Any:
    """Change a project. A stale ``version`` answers 409 and changes nothing."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.project_update(
        actor=access.request_user(request),
        project=project,
        changes=_resolve(request.user, project.zone_id, changes),
        expected_version=version,
    )
    return selectors.project_get(user=request.user, project_id=project_id)


@router.get("/projects/{project_id}/transitions", response=list[TransitionOut])
def transition_list(request: HttpRequest, project_id: int) -> Any:
    project = selectors.project_get(user=request.user, project_id=project_id)
    return project.transitions.select_related("actor")


@router.post("/projects/{project_id}/transitions", response={201: list[TransitionOut]})
def transition_create(request: HttpRequest, project_id: int, payload: TransitionIn) -> Any:
    """Move the project to another stage on the date it happened (see the stage rules)."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    end_reason = None
    if payload.end_reason:
        end_reason = EndReason.objects.filter(name=payload.end_reason, is_active=True).first()
        if end_reason is None:
            raise ValidationError({"end_reason": _("Not in the list of reasons.")})
    made = services.project_transition(
        actor=access.request_user(request),
        project=project,
        to_stage=payload.stage,
        happened_on=payload.date,
        note=payload.note,
        skipped={k: v for k, v in payload.skipped.items()},
        expected_version=payload.version,
        end_reason=end_reason,
        lost_to=payload.lost_to,
    )
    return Status(201, made)


@router.get("/projects/{project_id}/history", response=list[ChangeOut])
def project_history(request: HttpRequest, project_id: int) -> Any:
    project = selectors.project_get(user=request.user, project_id=project_id)
    return [
        {
            "action": c.action,
            "actor": c.actor_name,
            "at": c.created_at,
            "before": c.before,
            "after": c.after,
        }
        for c in history_of(project)[:200]
    ]


def _with_cumulative(reports: list[Any]) -> list[Any]:
    total = Decimal(0)
    for report in sorted(reports, key=lambda r: r.month):
        total += report.invested_wan
        report.cumulative_wan = total
    return sorted(reports, key=lambda r: r.month, reverse=True)


@router.get("/projects/{project_id}/reports", response=list[ReportOut])
def report_list(request: HttpRequest, project_id: int) -> Any:
    project = selectors.project_get(user=request.user, project_id=project_id)
    return _with_cumulative(list(project.reports.all()))


@router.post("/projects/{project_id}/reports", response={201: ReportOut})
def report_create(request: HttpRequest, project_id: int, payload: ReportIn) -> Any:
    """File a monthly report (one per month; none for a month not yet begun)."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    try:
        month = month_from_text(payload.month)
    except ValidationError as exc:
        raise ValidationError({"month": exc.messages}) from exc
    report = services.report_submit(
        actor=access.request_user(request),
        project=project,
        month=month,
        invested_wan=payload.invested_wan,
        progress=payload.progress,
        percent_complete=payload.percent_complete,
        funds_in_place_wan=payload.funds_in_place_wan,
    )
    reports = _with_cumulative(list(project.reports.all()))
    return Status(201, next(r for r in reports if r.pk == report.pk))


@router.post("/projects/{project_id}/verifications", response=TransitionOut)
def verification_create(request: HttpRequest, project_id: int, payload: VerificationIn) -> Any:
    """The supervising level accepts or rejects a claimed stage of this project."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    transition = project.transitions.filter(pk=payload.transition_id).first()
    if transition is None:
        raise ValidationError({"transition_id": _("No such stage change of this project.")})
    return services.verification_decide(
        actor=access.request_user(request),
        transition=transition,
        approve=payload.approve,
        note=payload.note,
        without_evidence=payload.without_evidence,
    )


@router.get("/pipeline", response=PipelineOut)
def pipeline(
    request: HttpRequest, filters: Query[ProjectQuery], verified_only: bool = False
) -> Any:
    """Projects and total investment (万元) in each of the five batches (五个一批)."""
    counts = selectors.pipeline_counts(
        user=request.user,
        filters=_filters(request.user, filters.dict()),
        verified_only=verified_only,
    )
    return {"verified_only": verified_only, "stages": counts}


@router.get("/kpis", response=KpisOut)
def kpis(request: HttpRequest, filters: Query[ProjectQuery], month: int | None = None) -> Any:
    """Dispatch KPIs of ``year`` (default this year) up to ``month``: 开工率, 投资完成率 against
    序时进度, 资金到位率, 按期竣工率 and the mid-year 双过半 check."""
    today = timezone.localdate()
    query = filters.dict()
    year = query.pop("year") or today.year
    month = month or (today.month if year == today.year else 12)
    if not 1 <= month <= 12:
        raise ValidationError({"month": _("Unknown month.")})
    result = selectors.dispatch_kpis(
        user=request.user,
        year=year,
        month=month,
        filters=_filters(request.user, query),
    )
    return {
        **result.__dict__,
        "month": month,
        "double_half": result.double_half,
        "behind_schedule": result.behind_schedule,
    }
