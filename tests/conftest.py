"""Personas and a small organisation tree shared by the tests.

The tree has two branches under one city, so every test can ask what a user of one branch
sees of the other:

    province
    └── city
        ├── zone A committee  (zone "甲区", park "甲一园")
        │   └── department A
        └── zone B committee  (zone "乙区", park "乙一园")

The World is made once per worker and kept in an open transaction; each test that uses it runs
in a savepoint of that transaction and gets its own copy of the objects (``WorldKeeper``).
Tests that need committed rows (transactional ones, a live server) get a World of their own.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from django.test import Client

from tests.installations import INSTALLED, Installed, missing, postgres_server_url
from zonetrack.accounts.choices import OrganisationKind, Role
from zonetrack.accounts.models import Organisation, User
from zonetrack.accounts.services import (
    membership_set,
    organisation_create,
    token_create,
    user_create,
)
from zonetrack.projects.models import Project
from zonetrack.projects.services import project_create
from zonetrack.registry.choices import ZoneKind, ZoneLevel
from zonetrack.registry.models import Park, Region, Zone
from zonetrack.registry.services import park_create, zone_create

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    province: Organisation
    city: Organisation
    org_a: Organisation
    dept_a: Organisation
    org_b: Organisation
    zone_a: Zone
    zone_b: Zone
    park_a: Park
    park_b: Park
    project_a: Project
    project_b: Project
    superuser: User
    province_viewer: User
    city_manager: User
    city_admin: User
    a_manager: User
    a_officer: User
    a_viewer: User
    b_manager: User
    nobody: User


def make_user(username: str, *memberships: tuple[Organisation, Role], **extra: object) -> User:
    user = user_create(actor=None, username=username, password=PASSWORD, **extra)
    for organisation, role in memberships:
        membership_set(actor=None, user=user, organisation=organisation, role=role)
    return user


def make_zone(name: str, organisation: Organisation, region_code: str = "141002") -> Zone:
    return zone_create(
        actor=None,
        name=name,
        kind=ZoneKind.ETDZ,
        level=ZoneLevel.PROVINCIAL,
        region=Region.objects.get(code=region_code),
        organisation=organisation,
        approved_on=date(2006, 3, 8),
        planned_area_km2=Decimal("30.5"),
    )


def build_world() -> World:
    """The tree, zones, parks, two projects and the personas, made through the services."""
    province = organisation_create(
        actor=None, name="省厅", kind=OrganisationKind.PROVINCE_DEPT, parent=None
    )
    city = organisation_create(
        actor=None, name="市局", kind=OrganisationKind.CITY_BUREAU, parent=province
    )
    org_a = organisation_create(
        actor=None, name="甲区管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=city
    )
    dept_a = organisation_create(
        actor=None, name="甲区招商局", kind=OrganisationKind.DEPARTMENT, parent=org_a
    )
    org_b = organisation_create(
        actor=None, name="乙区管委会", kind=OrganisationKind.ZONE_COMMITTEE, parent=city
    )
    zone_a = make_zone("甲区", org_a)
    zone_b = make_zone("乙区", org_b, "141081")
    park_a = park_create(actor=None, zone=zone_a, name="甲一园", area_km2=Decimal("5"))
    park_b = park_create(actor=None, zone=zone_b, name="乙一园", area_km2=Decimal("6"))
    project_a = project_create(
        actor=None, zone=zone_a, name="甲区新材料项目", total_investment_wan=Decimal("50000")
    )
    project_b = project_create(
        actor=None, zone=zone_b, name="乙区装备项目", total_investment_wan=Decimal("80000")
    )
    return World(
        province=province,
        city=city,
        org_a=org_a,
        dept_a=dept_a,
        org_b=org_b,
        zone_a=zone_a,
        zone_b=zone_b,
        park_a=park_a,
        park_b=park_b,
        project_a=project_a,
        project_b=project_b,
        superuser=make_user("root", is_superuser=True),
        province_viewer=make_user("pv", (province, Role.VIEWER)),
        city_manager=make_user("cm", (city, Role.MANAGER)),
        city_admin=make_user("ca", (city, Role.ADMIN)),
        a_manager=make_user("am", (org_a, Role.MANAGER)),
        a_officer=make_user("ao", (org_a, Role.OFFICER)),
        a_viewer=make_user("av", (org_a, Role.VIEWER)),
        b_manager=make_user("bm", (org_b, Role.MANAGER)),
        nobody=make_user("nobody"),
    )


class WorldKeeper:
    """One World per worker, made once and kept in a transaction that stays open under the
    tests that use it, as Django's ``setUpTestData`` keeps a class's data.

    Each such test runs in a savepoint inside that transaction (pytest-django's TestCase
    atomic) and gets a deep copy of the kept objects, so what a test writes or changes in
    memory is undone for the next one. Making the World took 300 queries a test, 0.1–0.2 s:
    most of the suite's time on PostgreSQL. A test that needs committed rows (transactional,
    a live server) or a database without the World ends the kept transaction first (rolled
    back); the next test that wants the World makes it again.
    """

    def __init__(self) -> None:
        self.atomic: Any = None
        self.world: World | None = None
        self.blocker: Any = None

    def open(self, blocker: Any) -> World:
        from django.db import transaction

        if self.world is None:
            self.blocker = blocker
            with blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                # A durable block nests in it as in a TestCase's own atomic.
                atomic._from_testcase = True
                self.atomic = atomic
                self.world = build_world()
        return self.world

    def close(self) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        atomic, self.atomic, self.world = self.atomic, None, None
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


KEEPER = WorldKeeper()


def is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django runs ``item`` in a TransactionTestCase (committed rows, flushed
    afterwards) rather than in a rolled-back TestCase transaction."""
    names = set(getattr(item, "fixturenames", ()))
    if names & {
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }:
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )


def keeps_world(item: pytest.Item) -> bool:
    return "world" in getattr(item, "fixturenames", ()) and not is_transactional(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before any fixture of a test that reaches the database without the kept World (or
    needs committed rows), roll the kept World back."""
    if KEEPER.atomic is not None and uses_database(item) and not keeps_world(item):
        KEEPER.close()


@pytest.fixture(scope="session")
def _world_keeper(django_db_setup: None) -> Iterator[WorldKeeper]:
    """The keeper, rolled back before the test database is dropped."""
    yield KEEPER
    KEEPER.close()


@pytest.fixture
def _kept_world(request: pytest.FixtureRequest, django_db_blocker: Any) -> World | None:
    """Open (or reuse) the kept World before the test's own transaction starts."""
    from django.db import connection

    if not keeps_world(request.node):
        return None
    keeper = request.getfixturevalue("_world_keeper")
    if keeper.atomic is None and connection.atomic_blocks:
        # The test's transaction began first (a django_db marker): a World made now would be
        # undone with it. It gets one of its own.
        return None
    return keeper.open(django_db_blocker)


@pytest.fixture
def db(_kept_world: World | None, _django_db_helper: None) -> None:
    """pytest-django's ``db``, after the kept World's transaction is open."""


@pytest.fixture
def world(db: None, _kept_world: World | None) -> World:
    if _kept_world is not None:
        return copy.deepcopy(_kept_world)
    return build_world()


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user: User) -> tuple[Client, dict[str, str]]:
    """A client and the headers that authenticate it with a fresh API token."""
    return Client(), {"Authorization": f"Bearer {token_create(user=user)}"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """pytest-django's test database, and a copy of it as migrated (tests/installations.py)."""
    from django.db import connection

    with django_db_blocker.unblock():
        INSTALLED.keep(connection)
    yield
    with django_db_blocker.unblock():
        INSTALLED.drop(connection)


@pytest.fixture(scope="session")
def installed(django_db_setup: None) -> Installed:
    """Migrated databases to start installations in other processes from."""
    return INSTALLED


@pytest.fixture
def pg_database(installed: Installed) -> Iterator[Callable[..., str]]:
    """Make fresh PostgreSQL databases, empty or (``migrated=True``) as `zonetrack migrate`
    leaves them (a copy of a migrated one on the suite's own server: tests/installations.py);
    dropped afterwards. On the suite's server, or the test line's in the SQLite run."""
    server = postgres_server_url()
    if server is None:
        missing("needs PostgreSQL: set DATABASE_URL or ZONETRACK_TEST_POSTGRES_URL")
    assert server is not None
    base = server.rsplit("/", 1)[0]
    made: list[str] = []

    def make(migrated: bool = False) -> str:
        url = installed.postgres_database(server, migrated=migrated)
        made.append(url.rsplit("/", 1)[1])
        return url

    yield make
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:  # type: ignore[no-untyped-def]
    """Fast password hashing, and static files served without a collected manifest."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Fixtures through which a test reaches the suite's database.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def uses_database(item: pytest.Item) -> bool:
    """Whether a test reaches the suite's database: through a fixture, the ``django_db``
    marker, or (for tests that start processes with the suite's DATABASE_URL) the
    ``database`` marker."""
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or any(
        item.get_closest_marker(m) is not None for m in ("django_db", "database")
    )


def repeats_on_postgresql(item: pytest.Item) -> bool:
    """Whether a test says something of the database: it reaches it, and it is neither one
    of the ``rendering`` tests (every page laid out on a phone, read in Chinese) nor a
    ``browser`` journey, whose pages and clicks the database does not change and which the
    SQLite run has checked (the pages, services and API behind each step run on both)."""
    return uses_database(item) and not any(
        item.get_closest_marker(marker) is not None for marker in ("rendering", "browser")
    )


def pytest_configure(config: pytest.Config) -> None:
    """The suite lives inside one local day: the clock is set to 09:00 of today in the zones'
    time zone (TIME_ZONE) and ticks on from there.

    Test modules read "today" when they are imported and the services read it when they run;
    a run that crossed local midnight (16:00 UTC) would give them two different days. The
    clock is set here, before any test module is imported, and in every worker.
    """
    from zoneinfo import ZoneInfo

    import time_machine
    from django.conf import settings
    from django.utils import timezone

    database = settings.DATABASES["default"]
    if hasattr(config, "workerinput") and database["ENGINE"] == "zonetrack.core.sqlite3":
        # pytest-django gives each worker a file database named after the real one, which it
        # takes for a name and puts under the working directory ("test_/…"): name it in the
        # data directory instead (the worker's suffix is added to it).
        test = database.setdefault("TEST", {})
        test["NAME"] = test.get("NAME") or str(settings.DATA_DIR / "test.sqlite3")

    zone = ZoneInfo(settings.TIME_ZONE)
    morning = datetime.combine(timezone.now().astimezone(zone).date(), time(9), tzinfo=zone)
    traveller = time_machine.travel(morning, tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The test line's second run, on PostgreSQL, runs only the tests that say something of the
    database (ZONETRACK_TEST_DATABASE_ONLY=1): the others would only repeat the first run."""
    if os.environ.get("ZONETRACK_TEST_DATABASE_ONLY") != "1":
        return
    kept = [item for item in items if repeats_on_postgresql(item)]
    dropped = [item for item in items if not repeats_on_postgresql(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True, scope="session")
def _jobs_run_at_once() -> None:
    """Background jobs run in the calling process, inside the test's database transaction."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(scope="session")
def _data_migrations() -> list[tuple[object, object]]:
    """The RunPython steps of zonetrack's migrations, each with the models as they were then."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    steps: list[tuple[object, object]] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            migration = loader.graph.nodes[key]
            if key in seen or not migration.__module__.startswith("zonetrack."):
                continue
            seen.add(key)
            state = loader.project_state(key, at_end=False)
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    steps.append((operation.code, state.clone().apps))
                else:
                    operation.state_forwards(migration.app_label, state)
    return steps


@pytest.fixture
def migrated_data(transactional_db: None, _data_migrations: list) -> None:  # type: ignore[type-arg]
    """Put back the rows that data migrations load (region codes, clusters, ...).

    A transactional test's database is emptied after each test. Django's serialized rollback
    cannot always restore it: once Playwright's event loop has run in a worker, Django hands
    later tests a different connection object than the one serialized at setup. So the data
    migrations run again whenever the region codes (the first thing they load) are gone.
    """
    from django.db import connection

    if Region.objects.exists():
        return
    with connection.schema_editor() as schema_editor:
        for code, apps in _data_migrations:
            code(apps, schema_editor)  # type: ignore[operator]
