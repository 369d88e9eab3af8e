"""The colour rules, hand-computed: each rule and its thresholds, the worst of them, a rule off
for a zone, the reasons in words, an override's expiry, urgency order and the zone counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from zonetrack.dispatch import selectors, services
from zonetrack.dispatch.choices import Colour, ColourRuleKind, EscalationLevel
from zonetrack.dispatch.models import ColourChange, ColourRule, ColourStatus, Problem
from zonetrack.dispatch.reasons import reason_text
from zonetrack.dispatch.services.colour_rules import investment_lag_points
from zonetrack.projects.models import ProgressReport, Project, YearPlan
from zonetrack.projects.services import milestone_save, project_create

from ..conftest import World, client_for
from .factories import make_problem

# A fixed day: 6 of 12 months past (序时进度 50%), June's report due on 5 July and 5 days late.
DAY = date(2026, 7, 10)


def _rule(kind: str, **values: Any) -> ColourRule:
    rule, _made = ColourRule.objects.update_or_create(kind=kind, defaults=values)
    return rule


def _status(project: Project) -> ColourStatus:
    return ColourStatus.objects.get(project=project, milestone__isnull=True)


def _overdue_problem(
    world: World, project: Project, level: int, days_late: int, on: date = DAY
) -> Problem:
    problem = make_problem(world.superuser, project)
    Problem.objects.filter(pk=problem.pk).update(
        escalation_level=level, deadline_on=on - timedelta(days=days_late)
    )
    return problem


def _in_english() -> Any:
    return translation.override("en")


def test_rule_thresholds_days_above_and_levels_at_or_above() -> None:
    days = ColourRule(kind=ColourRuleKind.MILESTONE_LATE, yellow_at=5, red_at=15)
    assert [days.colour_of(n) for n in (0, 5, 6, 15, 16)] == [
        Colour.GREEN,
        Colour.GREEN,
        Colour.YELLOW,
        Colour.YELLOW,
        Colour.RED,
    ]
    levels = ColourRule(kind=ColourRuleKind.PROBLEM_OVERDUE, yellow_at=1, red_at=2)
    assert [levels.colour_of(n) for n in (0, 1, 2)] == [Colour.GREEN, Colour.YELLOW, Colour.RED]


def test_investment_lag_points_by_hand() -> None:
    # July: six months past = 50%; 320 of 1000 万元 done = 32%: 18 points behind.
    lag = investment_lag_points(
        planned_wan=Decimal("1000"), completed_wan=Decimal("320"), today=DAY
    )
    assert lag == 18
    ahead = investment_lag_points(
        planned_wan=Decimal("1000"), completed_wan=Decimal("600"), today=DAY
    )
    assert ahead == 0


def test_province_level_overdue_problem_turns_a_green_project_red_and_says_why(
    world: World,
) -> None:
    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3)
    _overdue_problem(world, world.project_a, EscalationLevel.ZONE, 9)
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    status = _status(world.project_a)
    assert (status.computed, status.colour) == (Colour.RED, Colour.RED)
    (reason,) = status.reasons
    assert (reason["rule"], reason["level"], reason["count"], reason["days"]) == (
        "problem_overdue",
        2,
        1,
        3,
    )
    assert status.days_late == 9  # the latest overdue problem, for the urgency order
    with _in_english():
        assert status.reason_texts == ["Province-level problems overdue: 1"]


def test_zone_level_overdue_problem_is_yellow(world: World) -> None:
    _overdue_problem(world, world.project_a, EscalationLevel.ZONE, 2)
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    assert _status(world.project_a).colour == Colour.YELLOW


def test_milestone_thresholds_and_reason(world: World) -> None:
    _rule(ColourRuleKind.MILESTONE_LATE, yellow_at=0, red_at=10)
    node = milestone_save(
        actor=None, project=world.project_a, name="开工", planned_on=DAY - timedelta(days=5)
    )
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    status = _status(world.project_a)
    assert status.colour == Colour.YELLOW
    assert ColourStatus.objects.get(milestone=node).colour == Colour.YELLOW
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY + timedelta(days=7))
    status = _status(world.project_a)
    assert (status.colour, status.days_late) == (Colour.RED, 12)
    assert status.reasons[0]["milestone"] == node.pk
    with _in_english():
        assert status.reason_texts == ["Node “开工” is 12 days overdue"]
    with translation.override("zh-hans"):
        assert reason_text(status.reasons[0])  # a text in any language


def test_investment_lagging_the_time_elapsed(world: World) -> None:
    YearPlan.objects.create(
        project=world.project_a, year=2026, planned_investment_wan=Decimal("1000")
    )
    for month, wan in ((1, 100), (3, 120), (6, 100), (7, 500)):  # July not yet counted
        ProgressReport.objects.create(
            project=world.project_a, month=date(2026, month, 1), invested_wan=Decimal(wan)
        )
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    status = _status(world.project_a)
    # 320 of 1000 by the end of June against 50%: 18 points, above 10 (yellow), not 20 (red).
    assert status.colour == Colour.YELLOW
    assert status.reasons == [{"rule": "investment_lag", "points": 18, "colour": "yellow"}]
    with _in_english():
        assert status.reason_texts == ["Investment completed is 18 points behind the time elapsed"]
    _rule(ColourRuleKind.INVESTMENT_LAG, yellow_at=5, red_at=15)
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    assert _status(world.project_a).colour == Colour.RED


def test_missing_monthly_report(world: World) -> None:
    Project.objects.filter(pk=world.project_a.pk).update(
        stage="started", started_on=date(2026, 3, 1)
    )
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    status = _status(world.project_a)
    assert status.colour == Colour.YELLOW
    assert status.reasons == [
        {"rule": "report_missing", "month": "2026-06", "days": 5, "colour": "yellow"}
    ]
    # 16 days past the due day: red by the default 15.
    services.colours_refresh(project_ids=[world.project_a.pk], today=date(2026, 7, 21))
    assert _status(world.project_a).colour == Colour.RED
    ProgressReport.objects.create(
        project=world.project_a, month=date(2026, 6, 1), invested_wan=Decimal(1)
    )
    services.colours_refresh(project_ids=[world.project_a.pk], today=date(2026, 7, 21))
    assert (_status(world.project_a).colour, _status(world.project_a).reasons) == (
        Colour.GREEN,
        [],
    )


def test_worst_of_the_rules_with_all_reasons_red_first(world: World) -> None:
    YearPlan.objects.create(
        project=world.project_a, year=2026, planned_investment_wan=Decimal("1000")
    )
    ProgressReport.objects.create(
        project=world.project_a, month=date(2026, 1, 1), invested_wan=Decimal(320)
    )
    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 1)
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    status = _status(world.project_a)
    assert status.colour == Colour.RED
    assert [(r["rule"], r["colour"]) for r in status.reasons] == [
        ("problem_overdue", "red"),
        ("investment_lag", "yellow"),
    ]


def test_a_rule_off_for_a_zone_or_off_altogether(world: World) -> None:
    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3)
    _overdue_problem(world, world.project_b, EscalationLevel.PROVINCE, 3)
    rule = _rule(ColourRuleKind.PROBLEM_OVERDUE, yellow_at=0, red_at=2)
    rule.disabled_zones.add(world.zone_a)
    services.colours_refresh(today=DAY)
    assert (_status(world.project_a).colour, _status(world.project_b).colour) == (
        Colour.GREEN,
        Colour.RED,
    )
    _rule(ColourRuleKind.PROBLEM_OVERDUE, is_active=False)
    services.colours_refresh(today=DAY)
    assert _status(world.project_b).colour == Colour.GREEN


def test_override_expires_on_the_page_and_in_the_daily_job(world: World) -> None:
    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3, on=timezone.localdate())
    services.colours_refresh(project_ids=[world.project_a.pk])
    status = _status(world.project_a)
    with pytest.raises(ValidationError):
        services.colour_override(
            actor=world.a_manager,
            status=status,
            colour="green",
            reason="已协调",
            until=DAY - timedelta(days=1),
            today=DAY,
        )
    until = timezone.localdate() - timedelta(days=1)  # ran out yesterday
    ColourStatus.objects.filter(pk=status.pk).update(
        override_colour="green", override_reason="已协调", colour="green", override_until=until
    )
    status.refresh_from_db()
    # The page shows the computed colour at once, and lists it under red.
    assert status.current_colour == Colour.RED
    reds = selectors.warnings(user=world.a_viewer, projects_only=True, colour="red")
    assert [s.pk for s in reds] == [status.pk]
    page = client_for(world.a_viewer).get(
        reverse("dispatch:colour_detail", kwargs={"status_id": status.pk})
    )
    assert 'data-colour="red"' in page.content.decode()
    # The daily job clears it and keeps the change.
    services.colours_refresh(project_ids=[world.project_a.pk])
    status.refresh_from_db()
    assert (status.colour, status.override_colour, status.override_until) == ("red", "", None)
    change = ColourChange.objects.filter(status=status).first()
    assert change is not None and (change.from_colour, change.to_colour) == ("green", "red")


def test_override_within_its_dates_holds(world: World) -> None:
    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3)
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY)
    status = services.colour_override(
        actor=world.a_manager,
        status=_status(world.project_a),
        colour="yellow",
        reason="省里已协调",
        until=DAY + timedelta(days=10),
        today=DAY,
    )
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY + timedelta(days=10))
    status.refresh_from_db()
    assert (status.colour, status.override_until) == ("yellow", DAY + timedelta(days=10))
    services.colours_refresh(project_ids=[world.project_a.pk], today=DAY + timedelta(days=11))
    status.refresh_from_db()
    assert (status.colour, status.override_colour) == ("red", "")


def test_override_form_asks_until_when(world: World) -> None:
    services.colours_refresh()
    status = _status(world.project_a)
    url = reverse("dispatch:colour_detail", kwargs={"status_id": status.pk})
    client = client_for(world.a_manager)
    assert client.post(url, {"colour": "red", "reason": "待查"}).status_code == 400
    until = timezone.localdate() + timedelta(days=30)
    response = client.post(url, {"colour": "red", "reason": "待查", "until": until.isoformat()})
    assert response.status_code == 302
    status.refresh_from_db()
    assert (status.colour, status.override_until) == ("red", until)


def _projects(world: World, late_days: list[int], prefix: str = "排序项目") -> list[Project]:
    """Projects of zone A, each with a province-level problem overdue by the days given (red),
    a zone-level one for negative days (yellow), none for 0."""
    made = []
    for i, days in enumerate(late_days):
        project = project_create(actor=None, zone=world.zone_a, name=f"{prefix}{i:02d}")
        if days:
            _overdue_problem(world, project, EscalationLevel.PROVINCE if days > 0 else 0, abs(days))
        made.append(project)
    return made


def test_warning_list_in_urgency_order(world: World) -> None:
    # Red 3 days, yellow 40 days, red 30 days, green.
    red3, yellow40, red30 = _projects(world, [3, -40, 30])
    services.colours_refresh(today=DAY)
    order = [
        s.project_id for s in selectors.warnings(user=world.a_viewer, projects_only=True, today=DAY)
    ]
    assert order[:3] == [red30.pk, red3.pk, yellow40.pk]
    assert set(order[3:]) == {world.project_a.pk}


def test_zone_counts_on_the_overview_the_list_and_the_zone_page(world: World) -> None:
    _projects(world, [3, -40, 30])
    _overdue_problem(world, world.project_b, EscalationLevel.ZONE, 1)
    services.colours_refresh(today=DAY)
    assert selectors.zone_colour_counts(user=world.city_manager) == {
        world.zone_a.pk: {"red": 2, "yellow": 1},
        world.zone_b.pk: {"red": 0, "yellow": 1},
    }
    assert selectors.zone_colour_counts(user=world.a_viewer) == {
        world.zone_a.pk: {"red": 2, "yellow": 1}
    }
    client = client_for(world.city_manager)
    for url in (reverse("dispatch:home"), reverse("dispatch:warning_list")):
        html = client.get(url).content.decode()
        assert f'data-zone="{world.zone_a.pk}"' in html and 'id="zone-colours"' in html
    zone_page = client.get(reverse("registry:zone_detail", kwargs={"zone_id": world.zone_a.pk}))
    html = zone_page.content.decode()
    assert 'id="zone-colours"' in html and f"?zone={world.zone_a.pk}&amp;colour=red" in html


def test_warning_list_shows_why_in_constant_queries(world: World) -> None:
    client = client_for(world.a_officer)
    url = reverse("dispatch:warning_list")
    _projects(world, [3, -40, 30])
    services.colours_refresh(today=DAY)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    html = response.content.decode()
    with translation.override("zh-hans"):
        why = reason_text({"rule": "problem_overdue", "level": 2, "count": 1})
    assert why in html
    # Red first: the 30 days' red project heads the list.
    assert html.index("排序项目02") < html.index("排序项目00") < html.index("排序项目01")
    assert response.status_code == 200
    _projects(world, [5, -5] * 10, prefix="更多项目")
    services.colours_refresh(today=DAY)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_daily_job_colours_by_the_level_reached_the_same_day(world: World) -> None:
    from zonetrack.dispatch.alerts import run_alerts

    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3)
    result = run_alerts(today=DAY)
    assert result.steps["colours_changed"] >= 1
    assert _status(world.project_a).colour == Colour.RED


def test_administrators_tune_the_rules_in_the_admin(world: World) -> None:
    client = client_for(world.superuser)
    _rule(ColourRuleKind.PROBLEM_OVERDUE, yellow_at=0, red_at=2)
    page = client.get(reverse("admin:dispatch_colourrule_changelist"))
    assert page.status_code == 200
    rule = ColourRule.objects.get(kind=ColourRuleKind.PROBLEM_OVERDUE)
    change = client.get(reverse("admin:dispatch_colourrule_change", args=[rule.pk]))
    assert change.status_code == 200 and "disabled_zones" in change.content.decode()
    assert client.get(reverse("admin:dispatch_colourrule_add")).status_code == 403


def test_project_colour_panel_says_why(world: World) -> None:
    from django.test import RequestFactory

    from zonetrack.core.links import panels_for

    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3)
    services.colours_refresh(today=DAY)
    request = RequestFactory().get("/")
    request.user = world.a_viewer
    with _in_english():
        panels = panels_for("project_panels", request, world.project_a)
    # Other apps add their own panels to the slot (land: the entry-threshold check).
    (html,) = [panel for panel in panels if 'id="project-colour"' in panel]
    assert "Province-level problems overdue: 1" in html


def test_the_project_page_shows_its_colour_and_why(world: World) -> None:
    """A project with an overdue province-level problem is red on its own page, with the reason
    in Chinese (the default language of the interface)."""
    from django.urls import reverse

    from ..conftest import client_for

    _overdue_problem(world, world.project_a, EscalationLevel.PROVINCE, 3)
    services.colours_refresh(today=DAY)
    url = reverse("projects:project_detail", kwargs={"project_id": world.project_a.pk})
    html = client_for(world.a_viewer).get(url).content.decode()
    assert 'id="project-colour"' in html
    assert 'data-value="red"' in html
    assert "省级问题逾期 1 项" in html


def test_project_lists_show_each_projects_colour_in_a_fixed_number_of_queries(
    world: World,
) -> None:
    ColourStatus.objects.create(
        project=world.project_a,
        zone=world.zone_a,
        computed=Colour.RED,
        colour=Colour.RED,
        since=timezone.now(),
    )
    client = client_for(world.a_manager)
    client.get(reverse("projects:project_list"))  # the session and caches warmed
    with CaptureQueriesContext(connection) as one:
        html = client.get(reverse("projects:project_list")).content.decode()
    card = html[html.index(f'data-project-card="{world.project_a.pk}"') :]
    assert card.index('class="badge bg-red') < card.index("</div>")
    for number in range(5):
        other = project_create(actor=None, zone=world.zone_a, name=f"上色项目{number}")
        ColourStatus.objects.create(
            project=other,
            zone=world.zone_a,
            computed=Colour.YELLOW,
            colour=Colour.YELLOW,
            since=timezone.now(),
        )
    with CaptureQueriesContext(connection) as more:
        html = client.get(reverse("projects:project_list")).content.decode()
    assert html.count('class="badge bg-yellow') >= 5
    assert len(more.captured_queries) == len(one.captured_queries)
