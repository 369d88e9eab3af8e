"""Incentive agreements (政策兑现): each kind of condition met, failed and not yet due, read
from the project's own records or from a reported figure; payments refused beyond what was
promised and while a failed condition's follow-up is open; the follow-up clawing back what was
paid; the ledger's totals by hand; who may."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zonetrack.projects.models import ProgressReport, Project
from zonetrack.promotion import selectors, services
from zonetrack.promotion.choices import ConditionOutcome, FollowUpAction
from zonetrack.promotion.models import Agreement, IncentiveFollowUp, Payment

from ..conftest import World

TODAY = timezone.localdate()
SIGNED = TODAY - timedelta(days=400)


def _agreement(world: World, **extra: object) -> Agreement:
    values: dict[str, object] = {
        "actor": world.a_officer,
        "project": world.project_a,
        "title": "新能源电池项目投资协议",
        "signed_on": SIGNED,
        "promises": [
            services.PromiseDraft("subsidy", Decimal(500), SIGNED + timedelta(days=30)),
            services.PromiseDraft("tax_rebate", Decimal(300), TODAY + timedelta(days=200)),
        ],
        "conditions": [
            # 10,000 万元 invested by 100 days before today.
            services.ConditionDraft("investment_by", TODAY - timedelta(days=100), Decimal(10000)),
            services.ConditionDraft("production_by", TODAY - timedelta(days=10)),
            services.ConditionDraft("jobs", TODAY - timedelta(days=5), Decimal(200)),
            services.ConditionDraft("tax_year", TODAY + timedelta(days=300), Decimal(800)),
        ],
        **extra,
    }
    return services.agreement_create(**values)  # type: ignore[arg-type]


def _invested(project: Project, month: date, amount: int) -> None:
    ProgressReport.objects.create(project=project, month=month, invested_wan=Decimal(amount))


def test_a_bad_agreement_is_refused_whole(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _agreement(
            world,
            title=" ",
            promises=[services.PromiseDraft("subsidy", Decimal(0), SIGNED - timedelta(days=1))],
            conditions=[services.ConditionDraft("jobs", SIGNED)],
        )
    errors = refused.value.message_dict
    assert {"title", "promises", "conditions"} <= set(errors)
    assert len(errors["promises"]) == 2  # item 1: no amount, and due before the signing
    assert not Agreement.objects.exists()
    with pytest.raises(PermissionDenied):
        _agreement(world, actor=world.b_manager)


def test_each_kind_of_condition_met_failed_or_not_yet_due(world: World) -> None:
    agreement = _agreement(world)
    investment, production, jobs, tax = (
        agreement.conditions.get(kind=k)
        for k in ("investment_by", "production_by", "jobs", "tax_year")
    )
    # 6,000 万元 reported before the due date: failed; a later report does not count.
    _invested(world.project_a, (TODAY - timedelta(days=160)).replace(day=1), 6000)
    _invested(world.project_a, TODAY.replace(day=1), 9000)
    check = services.condition_check(actor=world.a_officer, condition=investment)
    assert (check.outcome, check.actual) == (ConditionOutcome.FAILED, Decimal(6000))
    # Production on time: met.
    Project.objects.filter(pk=world.project_a.pk).update(production_on=TODAY - timedelta(days=20))
    agreement.refresh_from_db()
    production.refresh_from_db()
    assert services.condition_check(actor=world.a_officer, condition=production).outcome == "met"
    # Jobs: no record holds them: the figure reported is needed, with its source.
    with pytest.raises(ValidationError) as refused:
        services.condition_check(actor=world.a_officer, condition=jobs)
    assert "actual" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.condition_check(actor=world.a_officer, condition=jobs, actual=Decimal(250))
    assert "source" in refused.value.message_dict
    met = services.condition_check(
        actor=world.a_officer, condition=jobs, actual=Decimal(250), source="人社局参保人数"
    )
    assert met.outcome == ConditionOutcome.MET
    # Tax of a year still running: not yet due, whatever is reported so far.
    early = services.condition_check(
        actor=world.a_officer, condition=tax, actual=Decimal(100), source="税务局"
    )
    assert early.outcome == ConditionOutcome.NOT_DUE


def test_payments_stop_at_the_promise_and_while_a_failed_condition_is_followed_up(
    world: World,
) -> None:
    agreement = _agreement(world)
    subsidy = agreement.promises.get(kind="subsidy")
    services.payment_record(
        actor=world.a_officer,
        promise=subsidy,
        paid_on=SIGNED + timedelta(days=40),
        amount_wan=Decimal(400),
    )
    with pytest.raises(ValidationError) as refused:
        services.payment_record(
            actor=world.a_officer, promise=subsidy, paid_on=TODAY, amount_wan=Decimal(150)
        )
    assert "100.00" in refused.value.message_dict["amount_wan"][0]  # only 100 left
    investment = agreement.conditions.get(kind="investment_by")
    services.condition_check(actor=world.a_officer, condition=investment)  # nothing reported
    follow_up = IncentiveFollowUp.objects.get()
    assert (follow_up.action, follow_up.amount_wan) == (FollowUpAction.CLAWBACK, Decimal(400))
    with pytest.raises(ValidationError) as refused:
        services.payment_record(
            actor=world.a_officer, promise=subsidy, paid_on=TODAY, amount_wan=Decimal(50)
        )
    assert "promise" in refused.value.message_dict
    assert Payment.objects.count() == 1
    services.condition_check(actor=world.a_officer, condition=investment)  # failed again
    assert IncentiveFollowUp.objects.count() == 1  # one open follow-up at a time
    services.incentive_follow_up_close(
        actor=world.a_officer, follow_up=follow_up, closed_on=TODAY, note="已追回补贴400万元"
    )
    services.payment_record(
        actor=world.a_officer, promise=subsidy, paid_on=TODAY, amount_wan=Decimal(50)
    )


def test_the_ledger_by_hand(world: World) -> None:
    agreement = _agreement(world)
    subsidy = agreement.promises.get(kind="subsidy")
    services.payment_record(
        actor=world.a_officer, promise=subsidy, paid_on=TODAY, amount_wan=Decimal(200)
    )
    ledger = selectors.incentive_ledger(user=world.a_manager, today=TODAY)
    # Promised 800; paid 200; due: the subsidy's 300 left (the rebate falls due later).
    assert (ledger.promised_wan, ledger.paid_wan, ledger.due_wan, ledger.at_risk_wan) == (
        800,
        200,
        300,
        0,
    )
    services.condition_check(
        actor=world.a_officer, condition=agreement.conditions.get(kind="investment_by")
    )
    ledger = selectors.incentive_ledger(user=world.a_manager, today=TODAY)
    assert (ledger.due_wan, ledger.at_risk_wan) == (0, 600)  # all unpaid is at risk
    (row,) = selectors.agreement_list(user=world.a_manager)
    assert row.promised_wan == 800 and row.open_follow_ups == 1
    assert selectors.incentive_ledger(user=world.b_manager, today=TODAY).promised_wan == 0


def test_the_pages_and_the_api_record_pay_and_check(world: World) -> None:
    from django.urls import reverse

    from ..conftest import api_client_for, client_for

    officer = client_for(world.a_officer)
    due = (TODAY - timedelta(days=30)).isoformat()
    response = officer.post(
        reverse("promotion:agreement_create"),
        {
            "project": world.project_a.pk,
            "title": "设备补贴协议",
            "signed_on": SIGNED.isoformat(),
            "promise_1_kind": "subsidy",
            "promise_1_amount": "200",
            "promise_1_due": due,
            "condition_1_kind": "investment_by",
            "condition_1_threshold": "5000",
            "condition_1_due": due,
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    page_url = reverse("promotion:agreement_detail", kwargs={"agreement_id": agreement.pk})
    too_much = officer.post(
        reverse("promotion:payment_create", kwargs={"agreement_id": agreement.pk}),
        {"promise": agreement.promises.get().pk, "paid_on": TODAY.isoformat(), "amount_wan": "250"},
    )
    assert too_much.status_code == 400 and not Payment.objects.exists()
    checked = officer.post(
        reverse("promotion:condition_check", kwargs={"agreement_id": agreement.pk}),
        {"condition": agreement.conditions.get().pk},
    )
    assert checked.status_code == 302
    page = officer.get(page_url).content.decode()
    assert 'id="open-follow-up"' in page
    assert client_for(world.b_manager).get(page_url).status_code == 404
    assert (
        client_for(world.a_viewer)
        .post(reverse("promotion:payment_create", kwargs={"agreement_id": agreement.pk}), {})
        .status_code
        == 403
    )

    client, auth = api_client_for(world.a_officer)
    made = client.post(
        "/api/promotion/agreements",
        {
            "project_id": world.project_a.pk,
            "title": "租金减免协议",
            "signed_on": SIGNED.isoformat(),
            "promises": [{"kind": "rent_free", "amount_wan": "60", "due_on": due}],
        },
        content_type="application/json",
        headers=auth,
    )
    assert made.status_code == 201 and made.json()["promises"][0]["kind"] == "rent_free"
    paid = client.post(
        f"/api/promotion/agreements/{made.json()['id']}/payments",
        {"promise_index": 1, "paid_on": TODAY.isoformat(), "amount_wan": "60"},
        content_type="application/json",
        headers=auth,
    )
    assert paid.status_code == 201
    other, other_auth = api_client_for(world.b_manager)
    assert other.get("/api/promotion/agreements", headers=other_auth).json()["items"] == []
