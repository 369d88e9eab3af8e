"""The capped zip reader: member count, real unpacked bytes, ratio, lying directories, budget."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from zonetrack.core.limits import Budget, LimitExceeded
from zonetrack.core.safezip import DOCX, XLSX, SafeZipFile, ZipLimits

SMALL = ZipLimits(kind=".xlsx", max_members=5, max_unpacked=1 << 20, max_ratio=50, ratio_floor=1024)


def archive(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return stream.getvalue()


def lie(content: bytes, name: str, *, packed: int | None = None, size: int | None = None) -> bytes:
    """The archive with its central directory (and local header) stating other sizes for one
    member; zipfile believes the central directory."""
    data = bytearray(content)
    encoded = name.encode()
    for signature, packed_at, size_at, name_at in (
        (b"PK\x01\x02", 20, 24, 46),
        (b"PK\x03\x04", 18, 22, 30),
    ):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(encoded)] == encoded:
                if packed is not None:
                    struct.pack_into("<I", data, at + packed_at, packed)
                if size is not None:
                    struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    return bytes(data)


def random_bytes(size: int) -> bytes:
    import random

    return random.Random(size).randbytes(size)


def test_honest_small_archive_reads_as_zipfile_does() -> None:
    content = archive({"a.xml": b"<a/>" * 100, "b.bin": random_bytes(5000)})
    with SafeZipFile(content, SMALL) as safe, zipfile.ZipFile(io.BytesIO(content)) as plain:
        assert safe.namelist() == plain.namelist()
        for name in plain.namelist():
            assert safe.read(name) == plain.read(name)
            with safe.open(name) as stream:
                assert stream.read(3) == plain.read(name)[:3]


def test_too_many_members_refused_when_opened() -> None:
    content = archive({f"m{i}.xml": b"<a/>" for i in range(6)})
    with pytest.raises(LimitExceeded) as refused:
        SafeZipFile(content, SMALL)
    assert (
        str(refused.value)
        == "This .xlsx file holds 6 parts, far more than a real one; it was refused."
    )
    assert refused.value.template.startswith("This %(kind)s file holds %(count)s parts")
    assert refused.value.values == {"kind": ".xlsx", "count": "6"}


def test_directory_admitting_too_much_refused_before_inflating() -> None:
    content = archive({"a.bin": random_bytes(600_000), "b.bin": random_bytes(600_000)})
    with pytest.raises(LimitExceeded, match=r"unpacks to more than 1 MB"):
        SafeZipFile(content, SMALL)


def test_directory_overstating_the_packed_size_is_judged_against_the_file() -> None:
    # The directory claims the zeros pack to 4 MB (ratio 1); the whole file is a few KB.
    bomb = b"\0" * (4 << 20)
    liar = lie(archive({"sheet.xml": bomb}), "sheet.xml", packed=len(bomb))
    limits = ZipLimits(
        kind=".docx", max_members=5, max_unpacked=64 << 20, max_ratio=100, ratio_floor=1 << 20
    )
    with pytest.raises(LimitExceeded, match=r"compressed [\d,]+ times") as refused:
        SafeZipFile(liar, limits)
    assert refused.value.values["kind"] == ".docx"


def test_real_bytes_are_counted_while_inflating() -> None:
    # Whatever the directory let through, the bytes really produced are what is capped.
    content = archive({"a.xml": b"<row/>" * 400_000, "b.xml": random_bytes(300_000)})
    safe = SafeZipFile(content, XLSX)
    safe.limits = ZipLimits(
        kind=".xlsx", max_members=5, max_unpacked=2 << 20, max_ratio=50, ratio_floor=1 << 20
    )
    with safe, safe.open("a.xml") as stream, pytest.raises(LimitExceeded, match="compressed"):
        while stream.read(64 * 1024):
            pass
    safe = SafeZipFile(content, XLSX)
    safe.limits = ZipLimits(kind=".xlsx", max_members=5, max_unpacked=200_000, max_ratio=10**6)
    with safe, pytest.raises(LimitExceeded, match="unpacks to more than"):
        safe.read("b.xml")


def test_directory_understating_the_size_inflates_no_more_than_it_states() -> None:
    real = b"<row/>" * (1 << 20)
    liar = lie(archive({"sheet.xml": real}), "sheet.xml", size=1000)
    with SafeZipFile(liar, SMALL) as safe, pytest.raises(zipfile.BadZipFile):
        safe.read("sheet.xml")


def test_a_member_read_again_counts_once() -> None:
    # openpyxl reads a sheet several times (size, merged cells, rows): each pass is not a bomb.
    limits = ZipLimits(kind=".xlsx", max_members=5, max_unpacked=250_000, max_ratio=10**6)
    content = archive({"a.bin": random_bytes(100_000), "b.bin": random_bytes(100_000)})
    with SafeZipFile(content, limits) as safe:
        for _ in range(3):
            assert len(safe.read("a.bin")) == 100_000
        assert len(safe.read("b.bin")) == 100_000


def test_spent_budget_stops_inflating() -> None:
    now = [0.0]
    budget = Budget(5, clock=lambda: now[0])
    content = archive({"a.xml": b"<a/>" * 100_000})
    with SafeZipFile(content, XLSX, budget=budget) as safe, safe.open("a.xml") as stream:
        stream.read(1000)
        now[0] = 6.0
        with pytest.raises(LimitExceeded, match="took more than 5 seconds"):
            stream.read()


def test_budget_charges_only_the_time_inside_iterate() -> None:
    now = [0.0]
    budget = Budget(10, clock=lambda: now[0])

    def slow_rows():
        for row in range(3):
            now[0] += 4  # reading a row takes 4 s
            yield row

    seen = []
    with pytest.raises(LimitExceeded):
        for row in budget.iterate(slow_rows()):
            seen.append(row)
            now[0] += 100  # the consumer's own work is not charged
    assert seen == [0, 1]


def test_caps_fit_the_kinds_they_guard() -> None:
    assert XLSX.max_unpacked >= 3 * 300 * 1024 * 1024  # a 200,000-row ledger, three times over
    assert DOCX.max_ratio == XLSX.max_ratio == 100
