"""The notices app's own rules: alert kinds are open (each app registers its own, stored codes
stay readable), and a condition is announced once even when it is handed over twice."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from zonetrack.notices import deliver
from zonetrack.notices.conditions import Condition
from zonetrack.notices.kinds import kind_label, register_kind
from zonetrack.notices.models import Alert, Notification

from ..conftest import World


def test_an_app_registers_its_own_kinds_and_unknown_codes_read_as_themselves() -> None:
    register_kind("probe_kind", "Probe")
    register_kind("probe_kind", "Probe")  # the same again is harmless
    assert kind_label("probe_kind") == "Probe"
    assert kind_label("gone_app_kind") == "gone_app_kind"
    with pytest.raises(ValueError, match="already registered"):
        register_kind("probe_kind", "Something else")
    with pytest.raises(ValueError, match="too long"):
        register_kind("k" * 31, "Too long")


def test_dispatchs_stored_kinds_keep_their_labels(db: None) -> None:
    with translation.override("en"):
        assert kind_label("milestone_overdue") == "Milestone overdue"
        assert kind_label("problem_urged") == "Problem urged"
    with translation.override("zh-hans"):
        assert kind_label("milestone_overdue") == "节点逾期"


def test_a_condition_is_delivered_once_even_when_found_twice(world: World) -> None:
    found = Condition(
        key="probe:1",
        kind="probe_kind",
        organisation_id=world.org_a.pk,
        title="甲区：探测提醒",
        link="/targets/",
        recipients={world.a_officer.pk},
    )
    first = deliver([found, found], day=date(2026, 3, 2))
    assert (first.alerts, first.notifications) == (1, 1)
    assert deliver([found], day=date(2026, 3, 3)).alerts == 0
    alert = Alert.objects.get(key="probe:1")
    assert (alert.organisation_id, alert.url) == (world.org_a.pk, "/targets/")
    assert Notification.objects.get().user_id == world.a_officer.pk
