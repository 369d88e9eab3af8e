"""Reporting windows with per-organisation submission: a zone submits (its values lock), the
city reopens it for that zone with a reason, late and missing zones are named; a zone never
writes a sibling's values nor reopens a window."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.services import organisation_create
from zonetrack.audit.services import history_of
from zonetrack.targets import selectors, services
from zonetrack.targets.choices import RosterState, SubmissionState, ValueSource
from zonetrack.targets.models import ReportedValue, Submission

from ..conftest import World, client_for
from .conftest import english_client
from .factories import LAST_YEAR, indicator

JAN = date(LAST_YEAR, 1, 1)
CODES = ("industrial_value_added", "general_budget_revenue")


def _window(world: World, due_on: date | None = None) -> Any:
    return services.window_open(
        actor=world.city_manager,
        organisation=world.city,
        period=JAN,
        due_on=due_on or date(LAST_YEAR, 2, 10),
        indicators=[indicator(code) for code in CODES],
    )


def _fill(world: World, org: Any = None, **values: str) -> None:
    figures = {"industrial_value_added": "1000", "general_budget_revenue": "80", **values}
    services.values_report(
        actor=world.a_officer if org is None else None,
        organisation=org or world.org_a,
        period=JAN,
        values={indicator(code): Decimal(v) for code, v in figures.items()},
    )


def test_a_window_names_its_organisations_and_indicators(world: World) -> None:
    window = services.window_open(
        actor=world.city_manager,
        organisation=world.city,
        period=JAN,
        due_on=date(LAST_YEAR, 2, 10),
        organisations=[world.org_a],
        indicators=[indicator("trade_total")],
    )
    assert selectors.window_organisations(window=window) == [world.org_a]
    assert [i.code for i in selectors.window_indicators(window=window)] == ["trade_total"]
    # 乙区 does not report in it: no window covers it.
    with pytest.raises(ValidationError) as caught:
        services.values_report(
            actor=world.b_manager,
            organisation=world.org_b,
            period=JAN,
            values={indicator("trade_total"): Decimal("5")},
        )
    assert "No reporting window" in caught.value.message_dict["period"][0]
    # An indicator the window does not ask for is refused on its cell.
    with pytest.raises(ValidationError) as caught:
        services.values_report(
            actor=world.a_officer,
            organisation=world.org_a,
            period=JAN,
            values={indicator("general_budget_revenue"): Decimal("5")},
        )
    cell = services.value_cell(indicator("general_budget_revenue").pk)
    assert "not reported in the window" in caught.value.message_dict[cell][0]


def test_a_window_refuses_organisations_not_below_and_computed_indicators(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.window_open(
            actor=world.a_manager,
            organisation=world.org_a,
            period=JAN,
            due_on=date(LAST_YEAR, 2, 10),
            organisations=[world.org_b],
            indicators=[indicator("projects_started")],
        )
    errors = caught.value.message_dict
    assert "乙区管委会" in errors["organisations"][0]
    assert "computed" in errors["indicators"][0]


def test_submit_names_the_missing_values_then_locks_the_zone(world: World) -> None:
    window = _window(world)
    services.values_report(
        actor=world.a_officer,
        organisation=world.org_a,
        period=JAN,
        values={indicator("industrial_value_added"): Decimal("1000")},
    )
    with pytest.raises(ValidationError) as caught:
        services.window_submit(actor=world.a_officer, window=window, organisation=world.org_a)
    assert "一般公共预算收入" in caught.value.message_dict["values"][0]
    assert "规上工业增加值" not in caught.value.message_dict["values"][0]
    _fill(world)
    submission = services.window_submit(
        actor=world.a_officer, window=window, organisation=world.org_a
    )
    assert (submission.state, submission.submitted_by) == (
        SubmissionState.SUBMITTED,
        world.a_officer,
    )
    with pytest.raises(ValidationError) as caught:
        _fill(world, industrial_value_added="1200")
    cell = services.value_cell(indicator("industrial_value_added").pk)
    message = caught.value.message_dict[cell][0]
    assert "甲区管委会 · 规上工业增加值 · " in message and "submitted" in message
    assert "locked" in caught.value.message_dict["period"][0]
    # The same figures again change nothing and are not refused.
    _fill(world)
    # 乙区 has not submitted: its values stay open.
    _fill(world, org=world.org_b)
    assert ReportedValue.objects.filter(organisation=world.org_a).count() == 2


def test_the_city_reopens_one_zone_with_a_reason_kept_in_history(world: World) -> None:
    window = _window(world)
    _fill(world)
    services.window_submit(actor=world.a_officer, window=window, organisation=world.org_a)
    with pytest.raises(PermissionDenied):
        services.submission_reopen(
            actor=world.a_manager, window=window, organisation=world.org_a, reason="更正"
        )
    with pytest.raises(ValidationError) as caught:
        services.submission_reopen(
            actor=world.city_manager, window=window, organisation=world.org_a, reason=" "
        )
    assert "reason" in caught.value.message_dict
    submission = services.submission_reopen(
        actor=world.city_manager, window=window, organisation=world.org_a, reason="统计局反馈更正"
    )
    _fill(world, industrial_value_added="1200")
    row = ReportedValue.objects.get(organisation=world.org_a, indicator__code=CODES[0])
    assert row.value == 1200
    changes = list(history_of(row))
    assert [c.action for c in changes] == ["update", "create"]
    assert changes[1].after["source"] == ValueSource.ENTERED
    assert changes[0].before["value"] in ("1000.00", 1000, "1000")
    services.window_submit(actor=world.a_officer, window=window, organisation=world.org_a)
    states = [c.after.get("state") for c in history_of(submission)]
    assert states == ["submitted", "reopened", "submitted"]
    assert history_of(submission)[1].after["reason"] == "统计局反馈更正"


def test_a_reopened_zone_corrects_even_in_a_closed_window(world: World) -> None:
    window = _window(world)
    _fill(world)
    services.window_close(actor=world.city_manager, window=window)
    with pytest.raises(ValidationError) as caught:
        _fill(world, industrial_value_added="1100")
    assert "closed" in caught.value.message_dict["period"][0]
    services.submission_reopen(
        actor=world.city_manager, window=window, organisation=world.org_a, reason="漏报更正"
    )
    _fill(world, industrial_value_added="1100")
    # 乙区 stays locked: the reopening was 甲区's alone.
    with pytest.raises(ValidationError):
        _fill(world, org=world.org_b)


def test_the_roster_tells_on_time_late_missing_and_reopened(world: World) -> None:
    window = _window(world, due_on=date(LAST_YEAR, 2, 10))
    extra = organisation_create(
        actor=None, name="丙区管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.city
    )
    _fill(world)
    _fill(world, org=world.org_b)
    services.window_submit(actor=world.a_officer, window=window, organisation=world.org_a)
    services.window_submit(actor=None, window=window, organisation=world.org_b)
    # 甲区 submitted before the deadline, 乙区 after it.
    Submission.objects.filter(organisation=world.org_a).update(
        first_submitted_at="2000-01-01T00:00:00Z"
    )
    roster = selectors.window_roster(user=world.city_manager, window=window)
    states = {row.organisation: row.state for row in roster.rows}
    assert states == {
        world.org_a: RosterState.ON_TIME,
        world.org_b: RosterState.LATE,
        extra: RosterState.MISSING,
    }
    services.submission_reopen(
        actor=world.city_manager, window=window, organisation=world.org_b, reason="更正"
    )
    before = selectors.window_roster(
        user=world.city_manager, window=window, today=window.due_on - timedelta(days=1)
    )
    states = {row.organisation: row.state for row in before.rows}
    assert states[world.org_b] == RosterState.REOPENED
    assert states[extra] == RosterState.PENDING
    assert before.counts[RosterState.PENDING] == 1
    # A zone sees its own line only, never a sibling's.
    zone = selectors.window_roster(user=world.a_manager, window=window)
    assert [row.organisation for row in zone.rows] == [world.org_a]


@pytest.mark.parametrize("who", ["b_manager", "a_viewer"])
def test_a_zone_cannot_write_or_submit_a_siblings_values(world: World, who: str) -> None:
    window = _window(world)
    with pytest.raises(PermissionDenied):
        services.values_write(
            actor=getattr(world, who),
            items=[services.ValueItem(world.org_a, indicator(CODES[0]), JAN, Decimal("1"), "x")],
        )
    _fill(world)
    with pytest.raises(PermissionDenied):
        services.window_submit(actor=getattr(world, who), window=window, organisation=world.org_a)
    with pytest.raises(PermissionDenied):
        services.window_close(actor=getattr(world, who), window=window)


def test_bulk_write_is_all_or_nothing_with_an_error_per_item(world: World) -> None:
    _window(world)
    items = [
        services.ValueItem(world.org_a, indicator(CODES[0]), JAN, Decimal("10"), "items.0"),
        services.ValueItem(world.org_b, indicator(CODES[0]), JAN, Decimal("-1"), "items.1"),
        services.ValueItem(world.org_a, indicator(CODES[0]), JAN, Decimal("11"), "items.2"),
    ]
    with pytest.raises(ValidationError) as caught:
        services.values_write(actor=world.city_manager, items=items)
    errors = caught.value.message_dict
    assert set(errors) == {"items.1", "items.2"}
    assert "below 0" in errors["items.1"][0] and "twice" in errors["items.2"][0]
    assert not ReportedValue.objects.exists()
    services.values_write(actor=world.city_manager, items=items[:1], source=ValueSource.API)
    assert ReportedValue.objects.get().source == ValueSource.API


def test_the_window_page_reads_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    window = _window(world)
    client = english_client(world.city_manager)
    url = reverse("targets:window_detail", kwargs={"window_id": window.pk})

    def zones(start: int, count: int) -> None:
        for n in range(start, start + count):
            org = organisation_create(
                actor=None, name=f"丁{n}区", kind=OrganisationKind.ZONE_COMMITTEE, parent=world.city
            )
            _fill(world, org=org)
            if n % 2:
                services.window_submit(actor=None, window=window, organisation=org)

    zones(0, 2)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        response = client.get(url)
    assert response.status_code == 200
    zones(2, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('data-state="') == 14


def test_the_city_judges_a_submission_but_does_not_make_it(world: World) -> None:
    window = _window(world)
    _fill(world)
    with pytest.raises(PermissionDenied):
        services.window_submit(actor=world.city_manager, window=window, organisation=world.org_a)
    page = english_client(world.city_manager).get(
        reverse("targets:window_detail", kwargs={"window_id": window.pk})
    )
    assert "data-submit=" not in page.content.decode()
    officer = english_client(world.a_officer).get(
        reverse("targets:window_detail", kwargs={"window_id": window.pk})
    )
    assert f'data-submit="{world.org_a.pk}"' in officer.content.decode()


def test_the_window_page_names_what_is_wrong_with_a_step(world: World) -> None:
    window = _window(world)
    submit = reverse("targets:window_submit", kwargs={"window_id": window.pk})
    state = reverse("targets:window_state", kwargs={"window_id": window.pk})
    officer = english_client(world.a_officer)
    missing = officer.post(submit, {"organisation": world.org_a.pk})
    assert missing.status_code == 400
    assert "missing: 规上工业增加值、一般公共预算收入" in missing.content.decode()
    # 乙区 is not in 甲区's view: it is not an organisation the officer may name.
    assert officer.post(submit, {"organisation": world.org_b.pk}).status_code == 400
    assert english_client(world.a_viewer).post(submit, {"organisation": 1}).status_code == 403
    _fill(world)
    assert officer.post(submit, {"organisation": world.org_a.pk}).status_code == 302
    city = english_client(world.city_manager)
    blank = city.post(state, {"action": "reopen", "organisation": world.org_a.pk, "reason": ""})
    assert blank.status_code == 400
    assert "Say why" in blank.content.decode()
    reopen = {"action": "reopen", "organisation": world.org_a.pk, "reason": "更正"}
    assert english_client(world.a_manager).post(state, reopen).status_code == 403
    assert city.post(state, reopen).status_code == 302
    assert Submission.objects.get().state == SubmissionState.REOPENED


def test_the_pages_name_the_late_and_missing_and_count_the_submitted(world: World) -> None:
    window = _window(world)  # its deadline, last February, has passed
    _fill(world)
    services.window_submit(actor=world.a_officer, window=window, organisation=world.org_a)
    client = english_client(world.city_manager)
    page = client.get(reverse("targets:window_detail", kwargs={"window_id": window.pk}))
    callout = page.content.decode().split('id="late-or-missing"')[1].split("</div>")[0]
    assert "甲区管委会（Submitted late）" in callout
    assert "乙区管委会（Not submitted, deadline passed）" in callout
    listed = client.get(reverse("targets:window_list")).content.decode()
    assert 'data-submitted="1"' in listed


def test_only_a_manager_is_offered_the_form_that_opens_a_window(world: World) -> None:
    url = reverse("targets:window_create")
    assert client_for(world.a_officer).get(url).status_code == 403
    assert client_for(world.city_manager).get(url).status_code == 200
