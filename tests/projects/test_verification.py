"""Verification from the queue: a claim without evidence passes only after an explicit
confirmation and is marked so; a rejection asks its reason in the row; the queue's tab is
offered only to those who verify."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zonetrack.audit.services import history_of
from zonetrack.projects import permissions, selectors, services
from zonetrack.projects.choices import WITHOUT_EVIDENCE, Stage, Verification
from zonetrack.projects.models import Project, StageTransition

from ..conftest import World, api_client_for, client_for

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def claim_signing(world: World, project: Project, *, evidence: bool = False) -> StageTransition:
    """Move the project to signed (through packaged); the pending signing claim."""
    contract = (
        SimpleUploadedFile("合同.pdf", b"%PDF-1.4 contract", content_type="application/pdf")
        if evidence
        else None
    )
    services.project_transition(
        actor=None,
        project=project,
        to_stage=Stage.SIGNED,
        happened_on=TODAY - timedelta(days=3),
        skipped={"packaged": TODAY - timedelta(days=10)},
        evidence=contract,
    )
    return project.transitions.get(to_stage=Stage.SIGNED)


def decide_url(claim: StageTransition) -> str:
    return reverse(
        "projects:verification_decide",
        kwargs={"project_id": claim.project_id, "transition_id": claim.pk},
    )


def test_a_pass_without_evidence_needs_the_flag_and_is_marked(world: World) -> None:
    claim = claim_signing(world, world.project_a)
    with pytest.raises(ValidationError) as refused:
        services.verification_decide(actor=world.city_manager, transition=claim, approve=True)
    assert "without_evidence" in refused.value.message_dict
    claim.refresh_from_db()
    assert claim.verification == Verification.PENDING
    services.verification_decide(
        actor=world.city_manager, transition=claim, approve=True, without_evidence=True
    )
    claim.refresh_from_db()
    assert claim.verification == Verification.VERIFIED and claim.passed_without_evidence
    [change] = history_of(claim)
    assert change.after[WITHOUT_EVIDENCE] is True and change.actor == world.city_manager
    rows = selectors.transition_history(claim)[0].rows  # type: ignore[attr-defined]
    assert ("无佐证通过", "", "✓") in rows or ("Passed without evidence", "", "✓") in rows


def test_a_claim_with_evidence_passes_unmarked_and_a_rejection_is_never_marked(
    world: World,
) -> None:
    proven = claim_signing(world, world.project_a, evidence=True)
    services.verification_decide(actor=world.city_manager, transition=proven, approve=True)
    proven.refresh_from_db()
    assert proven.verification == Verification.VERIFIED and not proven.passed_without_evidence
    assert WITHOUT_EVIDENCE not in history_of(proven).get().after
    rejected = claim_signing(world, world.project_b)
    services.verification_decide(
        actor=world.city_manager, transition=rejected, approve=False, note="合同未盖章"
    )
    rejected.refresh_from_db()
    assert rejected.verification == Verification.REJECTED
    assert not rejected.passed_without_evidence


def test_the_queue_confirms_a_pass_without_evidence_and_shows_it(world: World) -> None:
    claim = claim_signing(world, world.project_a)
    city = client_for(world.city_manager)
    queue = reverse("projects:verification_queue")
    page = city.get(queue).content.decode()
    row = page[page.index(f'id="claim-{claim.pk}"') :]
    row = row[: row.index("</tr>")]
    # No one-click pass: the pass sits behind a confirmation step that says what it means.
    assert "zt-approve-open" in row and 'class="btn btn-sm btn-success zt-approve"' not in row
    assert 'name="without_evidence" value="1"' in row
    # A pass posted without the confirmation is refused in the queue, in the claim's row.
    response = city.post(decide_url(claim), {"approve": "1", "queue": "1", "next": queue})
    assert response.status_code == 400
    assert response.context["failed_for"] == claim.pk
    assert "without_evidence" in response.context["failed_form"].errors
    assert 'id="verification-table"' in response.content.decode()
    response = city.post(
        decide_url(claim),
        {"approve": "1", "queue": "1", "next": queue, "without_evidence": "1"},
    )
    assert response.status_code == 302 and response["Location"] == queue
    claim.refresh_from_db()
    assert claim.passed_without_evidence
    detail = reverse(
        "projects:transition_detail",
        kwargs={"project_id": claim.project_id, "transition_id": claim.pk},
    )
    assert "zt-unproven" in city.get(detail).content.decode()
    project_page = city.get(reverse("projects:project_detail", args=[claim.project_id]))
    assert "zt-unproven" in project_page.content.decode()


def test_a_claim_with_evidence_passes_in_one_step_from_the_queue(world: World) -> None:
    claim = claim_signing(world, world.project_a, evidence=True)
    city = client_for(world.city_manager)
    queue = reverse("projects:verification_queue")
    page = city.get(queue).content.decode()
    row = page[page.index(f'id="claim-{claim.pk}"') :]
    assert 'zt-approve"' in row[: row.index("</tr>")]
    response = city.post(decide_url(claim), {"approve": "1", "queue": "1", "next": queue})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.verification == Verification.VERIFIED


def test_rejecting_from_the_queue_asks_the_reason_in_the_row(world: World) -> None:
    claim = claim_signing(world, world.project_a)
    city = client_for(world.city_manager)
    queue = reverse("projects:verification_queue")
    response = city.post(decide_url(claim), {"approve": "0", "note": " ", "queue": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    row = page[page.index(f'id="claim-{claim.pk}"') :]
    row = row[: row.index("</tr>")]
    # The reject fold is open, its reason field marked, the message beside it.
    assert '<details class="zt-fold" open>' in row
    assert 'aria-invalid="true"' in row and f'id="reason-{claim.pk}-error"' in row
    claim.refresh_from_db()
    assert claim.verification == Verification.PENDING
    response = city.post(
        decide_url(claim), {"approve": "0", "note": "合同未盖章", "queue": "1", "next": queue}
    )
    assert response.status_code == 302 and response["Location"] == queue
    claim.refresh_from_db()
    assert (claim.verification, claim.verification_note) == (Verification.REJECTED, "合同未盖章")


def test_a_claim_decided_meanwhile_says_so_in_the_queue(world: World) -> None:
    claim = claim_signing(world, world.project_a)
    services.verification_decide(
        actor=world.city_manager, transition=claim, approve=False, note="已驳回"
    )
    city = client_for(world.city_manager)
    response = city.post(decide_url(claim), {"approve": "0", "note": "再驳回", "queue": "1"})
    assert response.status_code == 400
    assert [m.message for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("city_manager", True), ("a_manager", False), ("a_officer", False), ("a_viewer", False)],
)
def test_the_queue_tab_is_offered_only_to_those_who_verify(
    world: World, persona: str, shown: bool
) -> None:
    user = getattr(world, persona)
    assert permissions.can_verify_any_stage(user) is shown
    page = client_for(user).get(reverse("projects:project_list")).content.decode()
    nav = page[page.index('id="projects-nav"') :]
    nav = nav[: nav.index("</ul>")]
    assert (reverse("projects:verification_queue") in nav) is shown


def test_the_api_asks_the_same_confirmation_and_says_so(world: World) -> None:
    claim = claim_signing(world, world.project_a)
    client, auth = api_client_for(world.city_manager)
    url = f"/api/projects/{world.project_a.pk}/verifications"
    refused = client.post(
        url, {"transition_id": claim.pk, "approve": True}, "application/json", headers=auth
    )
    assert refused.status_code == 400
    assert "without_evidence" in refused.json()["error"]["fields"]
    passed = client.post(
        url,
        {"transition_id": claim.pk, "approve": True, "without_evidence": True},
        "application/json",
        headers=auth,
    )
    assert passed.status_code == 200 and passed.json()["passed_without_evidence"] is True
