"""What dispatch writes into the project ledger: its open problems as the 存在问题 column."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from .choices import OPEN_STATUSES
from .models import Problem
from .official import official_date


def open_problems_text(project_ids: QuerySet[Any]) -> dict[int, str]:
    """Each project's open problems, numbered, soonest deadline first, one a line:
    "1.土地征收未完成（责任单位：甲区自然资源局；办结时限：2026年12月1日）"."""
    lines: dict[int, list[str]] = defaultdict(list)
    problems = (
        Problem.objects.filter(
            project_id__in=project_ids, status__in=OPEN_STATUSES, archived_at__isnull=True
        )
        .select_related("responsible_unit")
        .order_by("project_id", "deadline_on", "pk")
    )
    for problem in problems:
        number = len(lines[problem.project_id]) + 1
        unit = problem.responsible_unit.name if problem.responsible_unit else "—"
        # The ledger is a Chinese form whatever the reader's language, as its headers are.
        lines[problem.project_id].append(
            f"{number}.{problem.description}"
            f"（责任单位：{unit}；办结时限：{official_date(problem.deadline_on)}）"
        )
    return {project_id: "\n".join(texts) for project_id, texts in lines.items()}
