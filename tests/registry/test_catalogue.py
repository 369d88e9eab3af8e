"""The national ETDZ catalogue (test data beside the repository) imports as it is."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from zonetrack.accounts.choices import OrganisationKind
from zonetrack.accounts.services import organisation_create
from zonetrack.audit.services import history_of
from zonetrack.registry.imports import apply_import, plan_import, read_table
from zonetrack.registry.models import Zone

CATALOGUE = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "national_etdz_2018_catalog.csv"
)


@pytest.fixture
def catalogue() -> bytes:
    if not CATALOGUE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"test data missing: {CATALOGUE.name} beside the repository")
        pytest.skip("the shared test data is not beside this checkout")
    return CATALOGUE.read_bytes()


def test_national_catalogue_imports_and_reimports_without_duplicates(
    db: None, catalogue: bytes
) -> None:
    root = organisation_create(actor=None, name="商务部", kind=OrganisationKind.OTHER, parent=None)
    plan = plan_import(read_table(catalogue, CATALOGUE.name), user=None)
    rejected = [(r.number, r.name, r.errors) for r in plan.rows if r.action == "reject"]
    assert rejected == []
    assert plan.count("create") == 219
    assert plan.unknown_columns == []
    # Industry words that are not clusters are reported, not lost.
    assert sum(plan.unmatched_terms.values()) > 0
    apply_import(plan, actor=None, parent=root)
    assert Zone.objects.count() == 219

    beijing = Zone.objects.get(catalogue_code="G111001")
    assert beijing.name == "北京经济技术开发区"
    assert beijing.planned_area_km2 == Decimal("39.8000")  # 3980 ha
    assert beijing.level == "national"
    assert beijing.kind == "etdz"
    assert beijing.region.code.startswith("11")
    assert beijing.approved_on.isoformat() == "1994-08-01"
    assert {"automotive", "electronics", "high-end-equipment"} <= {
        c.code for c in beijing.clusters.all()
    }
    created = history_of(beijing).get()
    assert created.action == "create"
    assert created.after["clusters"] == sorted(c.pk for c in beijing.clusters.all())
    assert history_of(beijing.organisation).get().after["name"] == "北京经济技术开发区管委会"
    assert beijing.organisation.parent == root
    dongli = Zone.objects.get(catalogue_code="G121050")
    assert dongli.region.name == "东丽区"
    # Every zone lies in the province its code names.
    for zone in Zone.objects.select_related("region"):
        assert zone.region.code[:2] == zone.catalogue_code[1:3], zone.name

    again = plan_import(read_table(catalogue, CATALOGUE.name), user=None)
    assert again.summary == {"create": 0, "update": 0, "unchanged": 219, "reject": 0}
