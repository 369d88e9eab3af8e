"""The one way uploaded zip packages (.xlsx, .docx) are opened: capped members, bytes and ratio.

A zip's directory states each member's sizes, but it can lie, and zipfile trusts it. So sizes
are judged twice: from the directory before anything is inflated (a cheap, early refusal), and
from the bytes really produced while a member is inflated. Pure Python, no Django: refusals are
LimitExceeded with a template and values that each caller translates.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from .limits import Budget, LimitExceeded, gettext_noop

__all__ = ["DOCX", "XLSX", "LimitExceeded", "SafeZipFile", "ZipLimits"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one kind of package. ``kind`` names it in messages (".xlsx")."""

    kind: str
    max_members: int
    # Real bytes inflated, summed over the members read (a member read twice counts once).
    max_unpacked: int
    # Unpacked / packed size of one member, judged once it has produced ``ratio_floor`` bytes:
    # small XML parts compress far better than any real payload, and cost nothing.
    max_ratio: int
    ratio_floor: int = 10 * _MB


# A 200,000-row ledger as openpyxl writes it (23 columns, inline strings) is a ~300 MB sheet at
# a ratio of ~11 in a ~26 MB file; Excel's shared strings make it smaller. Zip bombs inflate at
# ratios of several hundred to a thousand. Streaming keeps memory flat below these caps.
XLSX = ZipLimits(kind=".xlsx", max_members=10_000, max_unpacked=1024 * _MB, max_ratio=100)
# Only word/document.xml is read, as a stream; an article of the reader's 2,000,000-character
# limit is at most a few tens of MB of Word XML.
DOCX = ZipLimits(kind=".docx", max_members=10_000, max_unpacked=256 * _MB, max_ratio=100)


def _megabytes(size: int) -> str:
    return f"{size / _MB:.3g}"


class SafeZipFile(zipfile.ZipFile):
    """A read-only ZipFile whose members inflate under ``limits`` (and ``budget``, if given).

    Raises LimitExceeded when opened (too many members, or the directory admits too much) or
    while a member is read (more real bytes or a higher ratio than allowed, or the budget spent).
    Damaged archives raise zipfile.BadZipFile as zipfile does. Use it wherever a ZipFile goes.
    """

    def __init__(
        self,
        file: str | BinaryIO | bytes,
        limits: ZipLimits,
        *,
        budget: Budget | None = None,
    ) -> None:
        if isinstance(file, bytes | bytearray | memoryview):
            file = io.BytesIO(bytes(file))
        super().__init__(file, "r")
        self.limits = limits
        self.budget = budget
        self._archive_size = self._size_of(self.fp)
        self._produced: dict[str, int] = {}
        members = self.infolist()
        if len(members) > limits.max_members:
            self.close()
            raise LimitExceeded(
                gettext_noop(
                    "This %(kind)s file holds %(count)s parts, far more than a real one; "
                    "it was refused."
                ),
                kind=limits.kind,
                count=f"{len(members):,}",
            )
        declared = sum(member.file_size for member in members)
        if declared > limits.max_unpacked:
            self.close()
            raise self.too_large(declared)
        for member in members:
            if self._ratio_exceeded(member, member.file_size):
                self.close()
                raise self.too_compressed(member, member.file_size)

    @staticmethod
    def _size_of(stream: Any) -> int:
        try:
            position = stream.tell()
            size = stream.seek(0, io.SEEK_END)
            stream.seek(position)
        except (AttributeError, OSError):
            return 0
        return int(size)

    def too_large(self, size: int) -> LimitExceeded:
        """The refusal of a package that unpacks to more than the cap."""
        return LimitExceeded(
            gettext_noop(
                "This %(kind)s file unpacks to more than %(limit)s MB (%(size)s MB or more), "
                "far more than a real one holds; it was refused."
            ),
            kind=self.limits.kind,
            limit=_megabytes(self.limits.max_unpacked),
            size=_megabytes(size),
        )

    def too_compressed(self, member: zipfile.ZipInfo, size: int) -> LimitExceeded:
        """The refusal of a member compressed far beyond any real content (a zip bomb)."""
        return LimitExceeded(
            gettext_noop(
                "This %(kind)s file contains a part compressed %(ratio)s times, far more than "
                "real content allows (a zip bomb); it was refused."
            ),
            kind=self.limits.kind,
            ratio=f"{size // self._packed(member):,}",
        )

    def _packed(self, member: zipfile.ZipInfo) -> int:
        # A directory that claims a larger packed size than the whole file cannot be right.
        packed = member.compress_size
        if self._archive_size:
            packed = min(packed, self._archive_size)
        return max(packed, 1)

    def _ratio_exceeded(self, member: zipfile.ZipInfo, size: int) -> bool:
        limits = self.limits
        return size > limits.ratio_floor and size > limits.max_ratio * self._packed(member)

    def open(
        self,
        name: str | zipfile.ZipInfo,
        mode: str = "r",
        pwd: bytes | None = None,
        *,
        force_zip64: bool = False,
    ) -> IO[bytes]:
        """Open a member for reading through the caps (writing is not supported)."""
        if mode != "r":
            raise ValueError("SafeZipFile is read-only")
        member = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        raw = super().open(member, "r", pwd)
        return io.BufferedReader(_Metered(raw, self, member), buffer_size=64 * 1024)

    def _charge(self, member: zipfile.ZipInfo, produced: int) -> None:
        # Each member counts once however often it is read: its largest real size so far.
        if produced > self._produced.get(member.filename, 0):
            self._produced[member.filename] = produced
            total = sum(self._produced.values())
            if total > self.limits.max_unpacked:
                raise self.too_large(total)
            if self._ratio_exceeded(member, produced):
                raise self.too_compressed(member, produced)
        if self.budget is not None:
            self.budget.check()


class _Metered(io.RawIOBase):
    """A member's inflating stream that reports every byte it produces to its archive."""

    def __init__(self, raw: IO[bytes], archive: SafeZipFile, member: zipfile.ZipInfo) -> None:
        self._raw = raw
        self._archive = archive
        self._member = member
        self._produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._raw.read(len(view))
        size = len(data)
        view[:size] = data
        self._produced += size
        self._archive._charge(self._member, self._produced)
        return size

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()
