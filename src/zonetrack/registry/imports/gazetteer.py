"""Regions and clusters by name, loaded once per import so rows cost no queries to match."""

from __future__ import annotations

import re

from ..choices import RegionLevel
from ..models import Cluster, Region
from .columns import _norm, _stem


class Gazetteer:
    """Regions and clusters loaded once per import, so rows cost no queries to match."""

    def __init__(self) -> None:
        regions = list(Region.objects.all())
        self.by_code = {r.code: r for r in regions}
        self.provinces = [r for r in regions if r.level == RegionLevel.PROVINCE]
        self.children: dict[int, list[Region]] = {}
        for region in regions:
            if region.parent_id:
                self.children.setdefault(region.parent_id, []).append(region)
        self.clusters: dict[str, Cluster] = {}
        for cluster in Cluster.objects.filter(is_active=True):
            for word in (cluster.name, *cluster.aliases):
                self.clusters.setdefault(_norm(word), cluster)

    def province(self, text: str) -> Region | None:
        text = _norm(text)
        for region in self.provinces:
            if text in (region.name, _stem(region.name)) or region.name.startswith(text):
                return region
        return None

    def below(self, province: Region, text: str) -> Region | None:
        """The city or county under a province named by ``text`` (with or without suffix)."""
        text = _stem(_norm(text))
        if text in (_stem(province.name), province.name):
            return province
        cities = self.children.get(province.pk, [])
        counties = [c for city in cities for c in self.children.get(city.pk, [])]
        for candidates in (cities, counties):
            for region in candidates:
                if text in (region.name, _stem(region.name)):
                    return region
            for region in candidates:
                if region.name.startswith(text) and region.name != "市辖区":
                    return region
        # "唐山曹妃甸": a city's name followed by one of its counties, or the city alone.
        for city in cities:
            stem = _stem(city.name)
            if city.name != "市辖区" and len(stem) >= 2 and text.startswith(stem):
                rest = text[len(stem) :]
                for county in self.children.get(city.pk, []):
                    if rest and rest in (county.name, _stem(county.name)):
                        return county
                return city
        # A county named inside the text: "沧州临港" has no county, "天津子牙" none either.
        for county in counties:
            stem = _stem(county.name)
            if len(stem) >= 2 and stem in text:
                return county
        return None

    def match_clusters(self, text: str) -> tuple[list[Cluster], list[str]]:
        found: dict[int, Cluster] = {}
        unmatched: list[str] = []
        for term in re.split(r"[、,，;；/|\s]+", text or ""):
            term = _norm(term)
            if not term:
                continue
            cluster = self.clusters.get(term)
            if cluster is None:
                # Longest vocabulary word contained in the term: "汽车零部件制造" → 汽车零部件.
                hits = [w for w in self.clusters if len(w) >= 2 and w in term]
                cluster = self.clusters[max(hits, key=len)] if hits else None
            if cluster is None:
                unmatched.append(term)
            else:
                found[cluster.pk] = cluster
        return list(found.values()), unmatched
