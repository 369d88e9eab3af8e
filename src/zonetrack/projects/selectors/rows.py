"""A list of projects read one page at a time, with only the columns it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from django.db.models import QuerySet

from zonetrack.accounts.models import User

from ..models import Project

# What the project list page shows of each project (and its zone and investor).
PAGE_COLUMNS = (
    "code",
    "name",
    "is_provincial_key",
    "is_city_key",
    "zone__name",
    "investor__name",
    "stage",
    "verified_stage",
    "total_investment_wan",
    "leader",
    "officer",
)
# A person as a list names them (``User.__str__``).
PERSON_COLUMNS = ("username", "display_name", "first_name", "last_name")


class ProjectRows:
    """The projects of a filtered, sorted list, read one page at a time as a paginator slices
    it, and its total by ``count()``.

    A page is one query: a subquery picks the page's ids in the list's order from the projects
    alone (for the zone, stage, cluster and key-flag filters in the default order, from the
    ``project_scope`` index alone, without reading a project), and only those rows are read,
    with the columns the list shows and the two relations it names (zone, investor, cluster).
    The leaders and officers they name come in one more query.
    """

    def __init__(
        self,
        ids: QuerySet[Project],
        columns: Sequence[str],
        ordering: Sequence[str],
        total: Callable[[], int],
    ) -> None:
        self._ids = ids.values("pk")
        related = sorted({column.split("__")[0] for column in columns if "__" in column})
        self._rows = Project._base_manager.select_related(*related).only(*columns)
        self._ordering = list(ordering)
        self._total = total
        self._count: int | None = None

    def count(self) -> int:
        """How many projects the list holds (read once)."""
        if self._count is None:
            self._count = self._total()
        return self._count

    def all(self) -> ProjectRows:
        """Itself: paginators ask ``rows.all().count()``."""
        return self

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, key: int) -> Project: ...

    @overload
    def __getitem__(self, key: slice) -> list[Project]: ...

    def __getitem__(self, key: int | slice) -> Project | list[Project]:
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        page = self._ids[key]
        rows = list(self._rows.filter(pk__in=page).order_by(*self._ordering))
        with_people(rows)
        return rows

    def __iter__(self) -> Iterator[Project]:
        return iter(self[:])


def with_people(projects: list[Project]) -> None:
    """Load the leaders and officers of these projects in one query (names only)."""
    ids = {pk for p in projects for pk in (p.leader_id, p.officer_id) if pk is not None}
    people: dict[Any, User] = User.objects.only(*PERSON_COLUMNS).in_bulk(ids) if ids else {}
    for project in projects:
        project.leader = people.get(project.leader_id)
        project.officer = people.get(project.officer_id)
