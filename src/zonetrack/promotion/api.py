"""API routes of promotion: leads (list, one, create, status steps, interactions, conversion),
enquiries (list, create, first response, closing), outbound trips (list, one, record, a visit),
incentive agreements (list, one, record, a payment, a condition check) and the overview per
zone."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from zonetrack.accounts import access
from zonetrack.accounts.models import Organisation, User
from zonetrack.core.schemas import Pages
from zonetrack.core.validators import Id, QueryText
from zonetrack.projects import services as project_services
from zonetrack.projects.models import Project
from zonetrack.registry.models import Cluster, Zone

from . import permissions, selectors, services
from .choices import LeadStatus
from .models import ChainNode, Channel, Enquiry, Region
from .schemas import (
    AgreementDetailOut,
    AgreementIn,
    AgreementOut,
    ChainStatesOut,
    ConditionCheckIn,
    ConditionCheckOut,
    ConversionIn,
    ConversionOut,
    CountOut,
    EnquiryIn,
    EnquiryOut,
    InteractionIn,
    InteractionOut,
    LeadIn,
    LeadOut,
    LeadStatusIn,
    MomentIn,
    OverviewOut,
    PaymentIn,
    PaymentOut,
    TripDetailOut,
    TripIn,
    TripOut,
    TripVisitIn,
    TripVisitOut,
)

router = Router(tags=["promotion"])


class LeadQuery(Schema):
    q: QueryText = ""
    zone: Id | None = None
    status: QueryText = ""
    channel: Id | None = None
    region: Id | None = None


class ZoneQuery(Schema):
    zone: Id | None = None


def _zone(user: Any, zone_id: int) -> Zone:
    zone = access.visible(Zone.objects.active(), user).filter(pk=zone_id).first()
    if zone is None:
        raise ValidationError({"zone": _("No such zone in view.")})
    return zone


def _pick(model: Any, field: str, pk: int | None) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: _("Select a valid choice.")})
    return found


@router.get("/promotion/leads", response=list[LeadOut])
@paginate(Pages, page_size=50)
def lead_list(request: HttpRequest, filters: Query[LeadQuery]) -> Any:
    """The leads in view, newest first."""
    return selectors.lead_list(
        user=request.user,
        filters=selectors.LeadFilters(
            q=filters.q.strip(),
            zone=filters.zone,
            status=filters.status,
            channel=filters.channel,
            region=filters.region,
        ),
    )


@router.post("/promotion/leads", response={201: LeadOut})
def lead_create(request: HttpRequest, body: LeadIn) -> Any:
    """Add a lead to a zone (its officers); the investor by name and credit code, or a
    prospect."""
    zone = _zone(request.user, body.zone)
    if not permissions.can_add_lead(request.user, zone):
        raise ValidationError({"zone": _("You may not add leads to this zone.")})
    investor = project_services.enterprise_for(
        name=body.investor_name, credit_code=body.investor_credit_code
    )
    lead = services.lead_create(
        actor=access.request_user(request),
        zone=zone,
        name=body.name,
        investor=investor,
        prospect=body.prospect,
        cluster=_pick(Cluster, "cluster", body.cluster),
        node=_pick(ChainNode, "link", body.link),
        investment_wan=body.investment_wan,
        channel=_pick(Channel, "channel", body.channel),
        region=_pick(Region, "region", body.region),
        next_action=body.next_action,
        next_action_on=body.next_action_on,
        notes=body.notes,
    )
    return Status(201, selectors.lead_get(user=request.user, lead_id=lead.pk))


@router.get("/promotion/leads/{lead_id}", response=LeadOut)
def lead_get(request: HttpRequest, lead_id: Id) -> Any:
    return selectors.lead_get(user=request.user, lead_id=lead_id)


def _changeable(request: HttpRequest, lead_id: int) -> Any:
    lead = selectors.lead_get(user=request.user, lead_id=lead_id)
    access.require(permissions.can_change_lead(request.user, lead))
    return lead


@router.post("/promotion/leads/{lead_id}/status", response=LeadOut)
def lead_status(request: HttpRequest, lead_id: Id, body: LeadStatusIn) -> Any:
    """Move a lead one step (contacted, negotiating, dormant, lost with a reason)."""
    lead = _changeable(request, lead_id)
    if body.status not in LeadStatus.values:
        raise ValidationError({"status": _("Select a valid choice.")})
    services.lead_set_status(
        actor=access.request_user(request),
        lead=lead,
        status=body.status,
        changed_on=body.changed_on,
        lost_reason=body.lost_reason,
        lost_to=_pick(Region, "lost_to", body.lost_to),
    )
    return selectors.lead_get(user=request.user, lead_id=lead_id)


@router.post("/promotion/leads/{lead_id}/interactions", response={201: InteractionOut})
def interaction_create(request: HttpRequest, lead_id: Id, body: InteractionIn) -> Any:
    """Record a visit, call, meeting or site tour."""
    lead = _changeable(request, lead_id)
    from .choices import InteractionKind

    if body.kind not in InteractionKind.values:
        raise ValidationError({"kind": _("Select a valid choice.")})
    interaction = services.interaction_add(
        actor=access.request_user(request),
        lead=lead,
        kind=body.kind,
        happened_on=body.happened_on,
        people=body.people,
        notes=body.notes,
    )
    return Status(201, interaction)


@router.post("/promotion/leads/{lead_id}/conversion", response={201: ConversionOut})
def lead_convert(request: HttpRequest, lead_id: Id, body: ConversionIn) -> Any:
    """Convert a lead into a project of the pipeline (once)."""
    lead = _changeable(request, lead_id)
    project = services.lead_convert(actor=access.request_user(request), lead=lead, name=body.name)
    return Status(
        201, ConversionOut(lead_id=lead.pk, project_id=project.pk, project_code=project.code)
    )


@router.get("/promotion/enquiries", response=list[EnquiryOut])
@paginate(Pages, page_size=50)
def enquiry_list(request: HttpRequest, filters: Query[ZoneQuery]) -> Any:
    return selectors.enquiry_list(user=request.user, zone=filters.zone)


@router.post("/promotion/enquiries", response={201: EnquiryOut})
def enquiry_create(request: HttpRequest, body: EnquiryIn) -> Any:
    zone = _zone(request.user, body.zone)
    if not permissions.can_add_lead(request.user, zone):
        raise ValidationError({"zone": _("You may not add enquiries to this zone.")})
    enquiry = services.enquiry_create(
        actor=access.request_user(request),
        zone=zone,
        subject=body.subject,
        enquirer=body.enquirer,
        contact=body.contact,
        channel=_pick(Channel, "channel", body.channel),
        received_at=body.received_at,
        notes=body.notes,
    )
    return Status(201, enquiry)


def _enquiry(request: HttpRequest, enquiry_id: int) -> Enquiry:
    enquiry = access.get_visible(
        Enquiry.objects.select_related("zone", "zone__organisation"), request.user, pk=enquiry_id
    )
    access.require(permissions.can_add_lead(request.user, enquiry.zone))
    return enquiry


@router.post("/promotion/enquiries/{enquiry_id}/response", response=EnquiryOut)
def enquiry_respond(request: HttpRequest, enquiry_id: Id, body: MomentIn) -> Any:
    enquiry = _enquiry(request, enquiry_id)
    return services.enquiry_respond(actor=access.request_user(request), enquiry=enquiry, at=body.at)


@router.post("/promotion/enquiries/{enquiry_id}/closing", response=EnquiryOut)
def enquiry_close(request: HttpRequest, enquiry_id: Id, body: MomentIn) -> Any:
    enquiry = _enquiry(request, enquiry_id)
    return services.enquiry_close(actor=access.request_user(request), enquiry=enquiry, at=body.at)


@router.get("/promotion/overview", response=OverviewOut)
def overview(request: HttpRequest, filters: Query[ZoneQuery]) -> Any:
    """The promotion overview of a zone (or of all in view): leads by status, channel and
    origin region, the conversion rate, the enquiries' response times, and each chain's links
    by state (strong, weak, gap) over the zones."""
    found = selectors.overview(user=request.user, zone=filters.zone, now=timezone.now())

    def counts(rows: list[tuple[str, str, int]]) -> list[CountOut]:
        return [CountOut(key=k, label=label, count=n) for k, label, n in rows]

    return OverviewOut(
        zone_id=found.zone,
        leads=found.total,
        by_status=counts(found.by_status),
        by_channel=counts(found.by_channel),
        by_region=counts(found.by_region),
        conversion_rate=found.conversion_rate,
        enquiries=found.times.total,
        enquiries_on_time_share=found.times.on_time_share,
        enquiries_waiting=found.times.waiting,
        enquiries_overdue=found.times.overdue,
        response_target_hours=found.times.target_hours,
        chains=[
            ChainStatesOut(
                chain_id=c.chain.pk, chain=c.chain.name, strong=c.strong, weak=c.weak, gap=c.gap
            )
            for c in selectors.chain_summaries(user=request.user, zone=filters.zone)
        ],
    )


@router.get("/promotion/trips", response=list[TripOut])
@paginate(Pages, page_size=100)
def trip_list(request: HttpRequest) -> Any:
    """The outbound trips the user sees, latest first."""
    return selectors.trip_list(user=request.user)


@router.get("/promotion/trips/{trip_id}", response=TripDetailOut)
def trip_detail(request: HttpRequest, trip_id: Id) -> Any:
    """One trip with the firms visited (visits on leads) and the leads it produced."""
    return selectors.trip_get(user=request.user, trip_id=trip_id)


@router.post("/promotion/trips", response={201: TripOut})
def trip_create(request: HttpRequest, body: TripIn) -> Any:
    """Record an outbound trip of an organisation the user records trips for."""
    organisation = access.get_visible(
        Organisation.objects.active(), request.user, pk=body.organisation_id
    )
    access.require(permissions.can_hold_event(request.user, organisation))
    leader = User.objects.filter(pk=body.leader_id, is_active=True).first()
    if leader is None:
        raise ValidationError({"leader_id": _("No such person.")})
    trip = services.trip_create(
        actor=access.request_user(request),
        organisation=organisation,
        leader=leader,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        destinations=body.destinations,
        members=body.members,
        purpose=body.purpose,
    )
    return Status(201, trip)


@router.post("/promotion/trips/{trip_id}/visits", response={201: TripVisitOut})
def trip_visit(request: HttpRequest, trip_id: Id, body: TripVisitIn) -> Any:
    """A firm visited on the trip: a visit on one of the leads of the trip's zones."""
    trip = selectors.trip_get(user=request.user, trip_id=trip_id)
    access.require(permissions.can_hold_event(request.user, trip.organisation))
    lead = selectors.lead_get(user=request.user, lead_id=body.lead_id)
    visit = services.trip_visit(
        actor=access.request_user(request),
        trip=trip,
        lead=lead,
        happened_on=body.happened_on,
        people=body.people,
        notes=body.notes,
    )
    return Status(201, visit)


@router.get("/promotion/agreements", response=list[AgreementOut])
@paginate(Pages, page_size=100)
def agreement_list(request: HttpRequest) -> Any:
    """The incentive agreements of the projects the user sees."""
    return selectors.agreement_list(user=request.user)


@router.get("/promotion/agreements/{agreement_id}", response=AgreementDetailOut)
def agreement_detail(request: HttpRequest, agreement_id: Id) -> Any:
    """One agreement with what it promises and its conditions."""
    return selectors.agreement_get(user=request.user, agreement_id=agreement_id)


@router.post("/promotion/agreements", response={201: AgreementDetailOut})
def agreement_create(request: HttpRequest, body: AgreementIn) -> Any:
    """Record an agreement with its promised items and conditions, all or nothing."""
    project = access.get_visible(Project.objects.active(), request.user, pk=body.project_id)
    agreement = services.agreement_create(
        actor=access.request_user(request),
        project=project,
        title=body.title,
        signed_on=body.signed_on,
        note=body.note,
        promises=[
            services.PromiseDraft(p.kind, p.amount_wan, p.due_on, p.note) for p in body.promises
        ],
        conditions=[
            services.ConditionDraft(c.kind, c.due_on, c.threshold) for c in body.conditions
        ],
    )
    return Status(201, agreement)


def _nth(rows: list[Any], n: int, field: str) -> Any:
    if n > len(rows):
        raise ValidationError({field: _("No such item in this agreement.")})
    return rows[n - 1]


@router.post("/promotion/agreements/{agreement_id}/payments", response={201: PaymentOut})
def payment_create(request: HttpRequest, agreement_id: Id, body: PaymentIn) -> Any:
    """Record a payment on the agreement's n-th promised item."""
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id)
    access.require(permissions.can_manage_agreement(request.user, agreement.project))
    promise = _nth(list(agreement.promises.all()), body.promise_index, "promise_index")
    payment = services.payment_record(
        actor=access.request_user(request),
        promise=promise,
        paid_on=body.paid_on,
        amount_wan=body.amount_wan,
        note=body.note,
    )
    return Status(201, payment)


@router.post("/promotion/agreements/{agreement_id}/checks", response={201: ConditionCheckOut})
def condition_check(request: HttpRequest, agreement_id: Id, body: ConditionCheckIn) -> Any:
    """Check the agreement's n-th condition today (a figure reported for jobs and tax)."""
    agreement = selectors.agreement_get(user=request.user, agreement_id=agreement_id)
    access.require(permissions.can_manage_agreement(request.user, agreement.project))
    condition = _nth(list(agreement.conditions.all()), body.condition_index, "condition_index")
    check = services.condition_check(
        actor=access.request_user(request),
        condition=condition,
        actual=body.actual,
        source=body.source,
    )
    return Status(201, check)
