"""Project rules: stages, transitions, verification, reports, investors."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from zonetrack.projects import selectors, services
from zonetrack.projects.choices import Stage, Verification
from zonetrack.projects.models import EndReason, Project
from zonetrack.projects.validators import credit_code_check_char, validate_credit_code

from ..conftest import World

TODAY = timezone.localdate()
D = lambda days: TODAY - timedelta(days=days)  # noqa: E731


def move(world: World, project: Project, stage: str, when: date, **kw) -> list:  # type: ignore[no-untyped-def]
    return services.project_transition(
        actor=world.a_manager, project=project, to_stage=stage, happened_on=when, **kw
    )


def fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def test_new_project_is_pursued_with_a_code(world: World) -> None:
    project = world.project_a
    assert project.stage == Stage.PURSUED
    assert project.code.endswith("-0001")
    second = services.project_create(actor=world.a_manager, zone=world.zone_a, name="第二个")
    assert second.code.endswith("-0002")
    assert second.transitions.get().to_stage == Stage.PURSUED


def test_officer_creating_a_project_answers_for_it(world: World) -> None:
    project = services.project_create(actor=world.a_officer, zone=world.zone_a, name="专员项目")
    assert project.officer == world.a_officer
    with pytest.raises(PermissionDenied):
        services.project_create(actor=world.a_viewer, zone=world.zone_a, name="不行")


def test_forward_moves_set_dates_and_await_verification(world: World) -> None:
    project = world.project_a
    move(world, project, Stage.PACKAGED, D(90))
    move(world, project, Stage.SIGNED, D(60))
    move(world, project, Stage.STARTED, D(30))
    project = fresh(project)
    assert (project.stage, project.signed_on, project.started_on) == (Stage.STARTED, D(60), D(30))
    assert project.stage_on == D(30)
    assert project.verified_stage == Stage.PACKAGED
    pending = project.transitions.filter(verification=Verification.PENDING)
    assert sorted(pending.values_list("to_stage", flat=True)) == ["signed", "started"]


def test_skipping_needs_each_skipped_date(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        move(world, world.project_a, Stage.STARTED, D(10))
    assert "skipped" in caught.value.message_dict
    assert fresh(world.project_a).stage == Stage.PURSUED
    move(
        world,
        world.project_a,
        Stage.STARTED,
        D(10),
        skipped={"packaged": D(40), "signed": D(20)},
    )
    project = fresh(world.project_a)
    assert (project.stage, project.signed_on) == (Stage.STARTED, D(20))
    assert project.transitions.count() == 4


def test_dates_may_not_run_backwards_or_into_the_future(world: World) -> None:
    move(world, world.project_a, Stage.SIGNED, D(10), skipped={"packaged": D(20)})
    with pytest.raises(ValidationError) as caught:
        move(world, world.project_a, Stage.STARTED, D(15))
    assert "date" in caught.value.message_dict
    with pytest.raises(ValidationError):
        move(world, world.project_a, Stage.STARTED, TODAY + timedelta(days=1))
    assert fresh(world.project_a).stage == Stage.SIGNED


def test_signing_needs_total_investment(world: World) -> None:
    project = services.project_create(actor=world.a_manager, zone=world.zone_a, name="无投资额")
    with pytest.raises(ValidationError) as caught:
        move(world, project, Stage.SIGNED, D(1), skipped={"packaged": D(2)})
    assert "total_investment_wan" in caught.value.message_dict


def test_backward_and_termination_need_a_reason(world: World) -> None:
    move(world, world.project_a, Stage.PACKAGED, D(5))
    for stage in (Stage.PURSUED, Stage.TERMINATED):
        with pytest.raises(ValidationError) as caught:
            move(world, world.project_a, stage, D(1))
        assert "note" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        move(world, world.project_a, Stage.TERMINATED, D(1), note="投资方撤回")
    assert "end_reason" in caught.value.message_dict
    reason = EndReason.objects.get(name="落户外地园区")
    move(
        world,
        world.project_a,
        Stage.TERMINATED,
        D(1),
        note="投资方撤回",
        end_reason=reason,
        lost_to="河南省",
    )
    project = fresh(world.project_a)
    assert (project.stage, project.verified_stage) == (Stage.TERMINATED, Stage.TERMINATED)
    assert (project.end_reason, project.lost_to) == (reason, "河南省")
    terminations = EndReason.objects.filter(projects__stage=Stage.TERMINATED)
    assert list(terminations) == [reason]


def test_city_verifies_and_only_verified_claims_count(world: World) -> None:
    move(world, world.project_a, Stage.SIGNED, D(5), skipped={"packaged": D(6)})
    counts = {c.stage: c.count for c in selectors.pipeline_counts(user=world.city_manager)}
    verified = {
        c.stage: c.count
        for c in selectors.pipeline_counts(user=world.city_manager, verified_only=True)
    }
    assert counts["signed"] == 1
    assert verified["signed"] == 0 and verified["packaged"] == 1
    claim = world.project_a.transitions.get(to_stage=Stage.SIGNED)
    queue = selectors.verification_queue(user=world.city_manager)
    assert list(queue) == [claim]
    assert list(selectors.verification_queue(user=world.a_manager)) == []
    with pytest.raises(PermissionDenied):
        services.verification_decide(actor=world.a_manager, transition=claim, approve=True)
    services.verification_decide(
        actor=world.city_manager, transition=claim, approve=True, without_evidence=True
    )
    verified = {
        c.stage: c.count
        for c in selectors.pipeline_counts(user=world.city_manager, verified_only=True)
    }
    assert verified["signed"] == 1
    assert fresh(world.project_a).verified_stage == Stage.SIGNED


def test_rejection_needs_a_reason_and_keeps_the_count(world: World) -> None:
    move(world, world.project_a, Stage.SIGNED, D(5), skipped={"packaged": D(6)})
    claim = world.project_a.transitions.get(to_stage=Stage.SIGNED)
    with pytest.raises(ValidationError):
        services.verification_decide(actor=world.city_manager, transition=claim, approve=False)
    services.verification_decide(
        actor=world.city_manager, transition=claim, approve=False, note="合同未盖章"
    )
    claim.refresh_from_db()
    assert claim.verification == Verification.REJECTED
    assert fresh(world.project_a).verified_stage == Stage.PACKAGED
    with pytest.raises(ValidationError):
        services.verification_decide(actor=world.city_manager, transition=claim, approve=True)


def test_pipeline_sums_investment_and_respects_visibility(world: World) -> None:
    counts = {c.stage: c for c in selectors.pipeline_counts(user=world.city_manager)}
    assert counts["pursued"].count == 2
    assert counts["pursued"].investment_wan == Decimal("130000")
    mine = {c.stage: c for c in selectors.pipeline_counts(user=world.a_manager)}
    assert mine["pursued"].count == 1


def test_monthly_reports_one_per_month_none_for_the_future(world: World) -> None:
    month = TODAY.replace(day=1)
    report = services.report_submit(
        actor=world.a_manager, project=world.project_a, month=month, invested_wan=Decimal("120")
    )
    assert not report.is_late
    with pytest.raises(ValidationError) as caught:
        services.report_submit(
            actor=world.a_manager, project=world.project_a, month=month, invested_wan=Decimal(1)
        )
    assert "month" in caught.value.message_dict
    future = (month + timedelta(days=40)).replace(day=1)
    with pytest.raises(ValidationError):
        services.report_submit(
            actor=world.a_manager, project=world.project_a, month=future, invested_wan=Decimal(1)
        )
    old = date(TODAY.year - 1, 1, 1)
    late = services.report_submit(
        actor=world.a_manager, project=world.project_a, month=old, invested_wan=Decimal(5)
    )
    assert late.is_late


def test_negative_and_absurd_amounts_are_field_errors(world: World) -> None:
    for amount in ("-1", "100000001"):
        with pytest.raises(ValidationError) as caught:
            services.project_update(
                actor=world.a_manager,
                project=world.project_a,
                changes={"total_investment_wan": Decimal(amount)},
            )
        assert "total_investment_wan" in caught.value.message_dict


def test_officer_changes_only_assigned_projects(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.project_update(
            actor=world.a_officer, project=world.project_a, changes={"description": "x"}
        )
    services.project_update(
        actor=None, project=world.project_a, changes={"officer": world.a_officer}
    )
    services.project_update(
        actor=world.a_officer, project=fresh(world.project_a), changes={"description": "x"}
    )
    assert fresh(world.project_a).description == "x"


def test_credit_codes_are_checked() -> None:
    body = "91140100MA0K7RXX0"
    good = body + credit_code_check_char(body)
    validate_credit_code(good)
    wrong = body + ("0" if good[-1] != "0" else "1")
    with translation.override("en"), pytest.raises(ValidationError, match="check character"):
        validate_credit_code(wrong)
    with pytest.raises(ValidationError):
        validate_credit_code("12345")


def test_same_investor_claimed_by_two_zones_is_flagged(world: World) -> None:
    body = "91140100MA0K7RXX0"
    code = body + credit_code_check_char(body)
    investor = services.enterprise_for(name="晋能新材料有限公司", credit_code=code)
    for project in (world.project_a, world.project_b):
        services.project_update(actor=None, project=project, changes={"investor": investor})
    flagged = selectors.duplicate_investors(user=world.city_manager)
    assert {p.zone_id for p in flagged[investor.pk]} == {world.zone_a.pk, world.zone_b.pk}
    assert selectors.duplicate_investors(user=world.a_manager) == {}
    with pytest.raises(ValidationError) as caught:
        services.enterprise_for(name="坏码公司", credit_code=body + "I")
    assert "investor_credit_code" in caught.value.message_dict


def test_dispatch_kpis_hand_worked(world: World) -> None:
    """Two projects planned to start this year, one started; plans of 1,000 and 3,000 万元,
    reports of 600 + 400 万元 by June, funds of 500: 开工率 50 %, 投资完成率 25 % against
    a 序时进度 of 50 % (June), 资金到位率 12.5 %, not 双过半."""
    year = TODAY.year
    a, b = (
        world.project_a,
        services.project_create(
            actor=None, zone=world.zone_a, name="第二项目", total_investment_wan=Decimal(9000)
        ),
    )
    services.year_plan_set(
        actor=None, project=a, year=year, planned_investment_wan=Decimal(1000), planned_start=True
    )
    services.year_plan_set(
        actor=None, project=b, year=year, planned_investment_wan=Decimal(3000), planned_start=True
    )
    start = date(year, 1, 2) if date(year, 1, 3) <= TODAY else TODAY
    services.project_transition(
        actor=None,
        project=a,
        to_stage=Stage.STARTED,
        happened_on=start,
        skipped={"packaged": start, "signed": start},
    )
    jan = date(year, 1, 1)
    services.report_submit(
        actor=None,
        project=a,
        month=jan,
        invested_wan=Decimal(600),
        funds_in_place_wan=Decimal(500),
    )
    services.report_submit(actor=None, project=b, month=jan, invested_wan=Decimal(400))
    kpis = selectors.dispatch_kpis(user=world.city_manager, year=year, month=6)
    assert (kpis.start_rate, kpis.started, kpis.planned_starts) == (Decimal("50.0"), 1, 2)
    assert kpis.investment_rate == Decimal("25.0")
    assert kpis.time_elapsed == Decimal("50.0")
    assert kpis.behind_schedule
    assert kpis.funds_rate == Decimal("12.5")
    assert not kpis.double_half
    # Zone B's manager sees none of it.
    assert selectors.dispatch_kpis(user=world.b_manager, year=year, month=6).start_rate is None


def test_evidence_rules_are_data(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zonetrack.projects.models import StageRule

    rule = StageRule.objects.get(stage=Stage.SIGNED)
    assert "合同" in rule.evidence  # seeded default
    move(world, world.project_a, Stage.PACKAGED, D(10))
    move(world, world.project_a, Stage.SIGNED, D(9))  # not required by default
    StageRule.objects.filter(stage=Stage.STARTED).update(needs_evidence=True)
    with pytest.raises(ValidationError) as caught:
        move(world, world.project_a, Stage.STARTED, D(5))
    assert "evidence" in caught.value.message_dict
    pdf = SimpleUploadedFile("permit.pdf", b"%PDF-1.4 permit", content_type="application/pdf")
    move(world, world.project_a, Stage.STARTED, D(5), evidence=pdf)
    assert fresh(world.project_a).stage == Stage.STARTED
    # A required stage cannot be skipped over: its evidence would have nowhere to go.
    StageRule.objects.filter(stage=Stage.SIGNED).update(needs_evidence=True)
    other = services.project_create(
        actor=None, zone=world.zone_a, name="跳过", total_investment_wan=Decimal(10)
    )
    with pytest.raises(ValidationError) as caught:
        move(
            world,
            other,
            Stage.STARTED,
            D(1),
            skipped={"packaged": D(3), "signed": D(2)},
            evidence=pdf,
        )
    assert "evidence" in caught.value.message_dict


def live_totals(*, verified: bool) -> dict[str, tuple[int, Decimal]]:
    """What the counts must say: every active project, added up now."""
    column = "verified_stage" if verified else "stage"
    totals = {stage: (0, Decimal(0)) for stage in Stage.values}
    for project in Project.objects.active():
        count, total = totals[getattr(project, column)]
        totals[getattr(project, column)] = (count + 1, total + project.total_investment_wan)
    return totals


def test_kept_pipeline_totals_follow_every_kind_of_write(world: World) -> None:
    def check() -> None:
        for verified in (False, True):
            kept = selectors.stage_totals(user=world.superuser, verified_only=verified)
            assert kept == live_totals(verified=verified)

    check()
    project = services.project_create(
        actor=world.a_manager, zone=world.zone_a, name="新项目", total_investment_wan=Decimal(300)
    )
    check()
    services.project_update(
        actor=world.a_manager, project=project, changes={"total_investment_wan": Decimal(450)}
    )
    check()
    day = TODAY - timedelta(days=3)
    [*_, claim] = services.project_transition(
        actor=world.a_manager,
        project=project,
        to_stage=Stage.SIGNED,
        happened_on=day,
        skipped={Stage.PACKAGED: day},
    )
    check()
    services.verification_decide(
        actor=world.city_manager, transition=claim, approve=True, without_evidence=True
    )
    check()
    project.refresh_from_db()
    services.project_archive(actor=world.a_manager, project=project)
    check()
    services.project_archive(actor=world.a_manager, project=project, restore=True)
    check()
    services.projects_bulk_create(
        actor=world.a_manager,
        zone=world.zone_a,
        drafts=[{"name": f"批量{n}", "total_investment_wan": Decimal(n)} for n in range(1, 4)],
    )
    check()
    # A filter the kept totals cannot answer is counted from the projects themselves.
    by_key = selectors.stage_totals(
        user=world.superuser, filters=selectors.ProjectFilters(q="批量")
    )
    assert by_key[Stage.PURSUED] == (3, Decimal(6))
