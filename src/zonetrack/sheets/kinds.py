"""What `zonetrack import KIND` and `zonetrack export KIND` can move: each app registers its
kinds when it loads, so this package needs to know none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

# run(path, options, out) -> exit status; options are the command's --zone, --year, … values.
Runner = Callable[[Path, dict[str, Any], TextIO], int]


@dataclass(frozen=True)
class Kind:
    name: str
    importer: Runner | None = None
    exporter: Runner | None = None


KINDS: dict[str, Kind] = {}


def register(name: str, *, importer: Runner | None = None, exporter: Runner | None = None) -> None:
    """Make ``zonetrack import NAME`` / ``zonetrack export NAME`` available."""
    KINDS[name] = Kind(name, importer, exporter)
