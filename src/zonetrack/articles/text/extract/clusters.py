"""Industry clusters: the items listed before "N大产业(集群)"."""

from __future__ import annotations

import re

from ..model import Fact
from ..numbers import cn_to_int
from .context import Context

_CLUSTER_RE = re.compile(
    r"([一二三四五六七八九十两]{1,6}大(?:主导|战略性新兴|新兴|特色|支柱)?(?:产业集群|产业板块|产业|板块|集群))"
)
_CLUSTER_LEAD = re.compile(
    r"(培育发展|培育壮大|重点发展|加快发展|大力发展|重点打造|着力打造|打造|培育|发展|壮大|"
    r"聚焦|形成|构建|围绕|做强|的)"
)


def find_clusters(ctx: Context) -> list[Fact]:
    """ "培育…A、B、C和D五大产业": the items listed before "N大产业(集群)"."""
    text = ctx.text
    facts = []
    seen: set[str] = set()
    for m in _CLUSTER_RE.finditer(text):
        c_start, _ = ctx.clause(m.start(), m.end())
        listing = text[c_start : m.start()]
        if "、" not in listing:
            continue
        lead = None
        for lm in _CLUSTER_LEAD.finditer(listing):
            if "、" in listing[lm.end() :]:
                lead = lm
        body = listing[lead.end() :] if lead else listing
        items = [i for i in re.split(r"、|和|及|以及", body) if i]
        n = cn_to_int(m.group(1).split("大")[0])
        if not items or (n and len(items) != n):
            continue
        name = m.group(1)
        if name in seen:
            continue
        seen.add(name)
        fields = {"name": name, "items": items}
        if ctx.main_zone:
            fields["zone"] = ctx.main_zone
        start = c_start + (lead.end() if lead else 0)
        facts.append(ctx.fact("industry_cluster", fields, start, m.end(), 0.75))
    return facts
