"""Project codes: numbered per zone and year past 9,999, and distinct under parallel creates."""

from __future__ import annotations

import importlib
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections, transaction
from django.utils import timezone

from zonetrack.projects import services
from zonetrack.projects.models import Project, ProjectCounter
from zonetrack.registry.models import Zone

from ..conftest import World

YEAR = timezone.localdate().year


def prefix(zone: Zone, year: int = YEAR) -> str:
    return f"{zone.pk:04d}-{year}-"


def number(code: str) -> int:
    return int(code.rsplit("-", 1)[1])


def add_codes(zone: Zone, *numbers: int, year: int = YEAR) -> None:
    """Projects with these numbers in the zone and year, inserted directly (no counter), as
    if the zone had created that many; the numbers between do not change what comes next."""
    Project.objects.bulk_create(
        Project(zone=zone, code=f"{prefix(zone, year)}{n:04d}", name=f"项目{n}") for n in numbers
    )


def test_codes_go_on_past_9999_with_more_digits(world: World) -> None:
    add_codes(world.zone_a, 998, 9998, 9999)
    ProjectCounter.objects.filter(zone=world.zone_a).delete()  # as if the codes predate it
    codes = [
        services.project_create(actor=world.a_manager, zone=world.zone_a, name=f"新项目{i}").code
        for i in range(3)
    ]
    assert codes == [f"{prefix(world.zone_a)}{n}" for n in (10000, 10001, 10002)]
    # Another zone's numbers are its own.
    other = services.project_create(actor=None, zone=world.zone_b, name="乙区第二个")
    assert other.code == f"{prefix(world.zone_b)}0002"


def test_bulk_create_reserves_a_range_across_10000(world: World) -> None:
    add_codes(world.zone_a, 9995, 9997)
    ProjectCounter.objects.filter(zone=world.zone_a).delete()
    drafts = [{"name": f"台账项目{i}"} for i in range(4)]
    first = services.projects_bulk_create(actor=world.a_manager, zone=world.zone_a, drafts=drafts)
    assert [number(p.code) for p in first] == [9998, 9999, 10000, 10001]
    assert first[1].code.endswith("-9999") and first[2].code.endswith("-10000")
    again = services.projects_bulk_create(
        actor=world.a_manager, zone=world.zone_a, drafts=drafts[:2]
    )
    assert [number(p.code) for p in again] == [10002, 10003]
    single = services.project_create(actor=world.a_manager, zone=world.zone_a, name="单个")
    assert number(single.code) == 10004
    assert ProjectCounter.objects.get(zone=world.zone_a, year=YEAR).last_number == 10004


def test_the_counter_is_per_year(world: World) -> None:
    add_codes(world.zone_a, 11, 12, year=YEAR - 1)
    ProjectCounter.objects.filter(zone=world.zone_a).delete()
    project = services.project_create(actor=world.a_manager, zone=world.zone_a, name="今年")
    assert project.code == f"{prefix(world.zone_a)}0002"  # project_a is 0001 of this year


def test_migration_fills_counters_from_codes_read_as_numbers(world: World) -> None:
    add_codes(world.zone_a, 9999, 10012, 10002)
    add_codes(world.zone_b, 3, 7, year=YEAR - 1)
    # A code not in the allocated form (hand-edited, or from an old system) is left alone.
    Project.objects.create(zone=world.zone_b, code="旧编号-XYZ", name="老项目")
    ProjectCounter.objects.all().delete()
    migration = importlib.import_module("zonetrack.projects.migrations.0009_project_counters")
    # The migration writes to the database being migrated: its schema editor's connection.
    migration.fill_counters(apps, SimpleNamespace(connection=connection))
    counters = {
        (c.zone_id, c.year): c.last_number for c in ProjectCounter.objects.order_by("zone", "year")
    }
    assert counters == {
        (world.zone_a.pk, YEAR): 10012,
        (world.zone_b.pk, YEAR - 1): 7,
        (world.zone_b.pk, YEAR): 1,
    }


@contextmanager
def own_connections() -> Iterator[None]:
    """Threads below open their own database connections. An in-memory SQLite test database
    cannot take concurrent writers (its shared-cache table locks fail at once instead of
    waiting), so on SQLite the threads work on a file copy of it, as the server does."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "parallel.sqlite3")
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        settings_dict["NAME"] = path
        try:
            yield
        finally:
            settings_dict["NAME"] = memory_name


def in_threads(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run ``work(i)`` for i in 0..count-1, each in its own thread with its own connection,
    started together; the results and the errors."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait()
            result = work(index)
            with lock:
                results.append(result)
        except BaseException as exc:  # every failure is the test's finding
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_creates_all_succeed_with_distinct_codes(committed_world: World) -> None:
    world = committed_world
    zone_id, actor_id = world.zone_a.pk, world.a_manager.pk

    def create(index: int) -> str:
        zone = Zone.objects.get(pk=zone_id)
        actor = type(world.a_manager).objects.get(pk=actor_id)
        return services.project_create(actor=actor, zone=zone, name=f"并发项目{index}").code

    def codes_in_database(_index: int) -> list[str]:
        return list(Project.objects.filter(zone_id=zone_id).values_list("code", flat=True))

    with own_connections():
        codes, errors = in_threads(20, create)
        [stored], _ = in_threads(1, codes_in_database)
    assert errors == []
    assert sorted(number(code) for code in codes) == list(range(2, 22))
    assert sorted(stored) == sorted([world.project_a.code, *codes])


@pytest.mark.django_db(transaction=True)
def test_parallel_single_and_bulk_creates_share_one_sequence(committed_world: World) -> None:
    world = committed_world
    zone_id, actor_id = world.zone_a.pk, world.a_manager.pk

    def create(index: int) -> list[str]:
        zone = Zone.objects.get(pk=zone_id)
        actor = type(world.a_manager).objects.get(pk=actor_id)
        if index % 2:
            drafts = [{"name": f"批量{index}-{i}"} for i in range(3)]
            made = services.projects_bulk_create(actor=actor, zone=zone, drafts=drafts)
            return [p.code for p in made]
        return [services.project_create(actor=actor, zone=zone, name=f"单个{index}").code]

    with own_connections():
        batches, errors = in_threads(10, create)
    assert errors == []
    numbers = sorted(number(code) for batch in batches for code in batch)
    assert numbers == list(range(2, 2 + 5 * 3 + 5))
    for batch in batches:  # a bulk create's numbers are one unbroken range
        got = [number(code) for code in batch]
        assert got == list(range(got[0], got[0] + len(got)))


@pytest.mark.django_db(transaction=True)
def test_a_create_after_refreshing_the_zone_totals_waits_instead_of_deadlocking(
    committed_world: World,
) -> None:
    world = committed_world
    zone_id, actor_id = world.zone_a.pk, world.a_manager.pk
    refreshed = threading.Event()

    def create(index: int) -> str:
        zone = Zone.objects.get(pk=zone_id)
        actor = type(world.a_manager).objects.get(pk=actor_id)
        if index == 0:
            with transaction.atomic():
                services.refresh_pipeline([zone_id])
                refreshed.set()
                time.sleep(0.5)  # the other create reaches its locks meanwhile
                return services.project_create(actor=actor, zone=zone, name="先刷新后新建").code
        refreshed.wait()
        return services.project_create(actor=actor, zone=zone, name="同时新建").code

    with own_connections():
        codes, errors = in_threads(2, create)
    assert errors == []
    assert sorted(number(code) for code in codes) == [2, 3]
