"""`zonetrack articles clean|extract FILE` as plain functions that need no Django: the management
command prints through them, and the console command may run them before Django starts (the
reader touches no database, and Django's start-up is most of a one-article run)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from . import UnreadableInput, decode, read
from .evaluate import reading_json
from .model import Reading

QUICK_ACTIONS = ("clean", "extract")
# the only options the quick path reads; with any other (Django's --settings, --traceback,
# --help …) the full management command runs
_QUICK_OPTIONS = ("--pub-date", "--json", "--zone")


class ReadError(Exception):
    """A file that cannot be read, or a bad option: the message is for the user."""


def load(path_text: str) -> tuple[Path, str]:
    """The file's name and its text, decoded."""
    path = Path(path_text)
    if not path.is_file():
        raise ReadError(f"No such file: {path}")
    try:
        return path, decode(path.read_bytes(), path.name)
    except UnreadableInput as exc:
        raise ReadError(f"{path.name}: {exc}") from exc


def pub_date_of(value: str | None) -> date | None:
    """The --pub-date option as a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ReadError(f"--pub-date must be YYYY-MM-DD, not {value!r}.") from exc


def read_file(text: str, name: str, **kwargs: Any) -> Reading:
    try:
        return read(text, **kwargs)
    except UnreadableInput as exc:
        raise ReadError(f"{name}: {exc}") from exc


def clean_report(file: str) -> tuple[list[str], list[str]]:
    """What `clean FILE` prints: the cleaned text, and the reader's notes (for stderr)."""
    path, text = load(file)
    reading = read_file(text, path.name)
    return [reading.clean_text], [str(w) for w in reading.warnings]


def extract_report(
    file: str, pub_date: str | None = None, as_json: bool = False, zones: Sequence[str] = ()
) -> list[str]:
    """What `extract FILE` prints: the facts one by one, or the JSON document."""
    path, text = load(file)
    reading = read_file(text, path.name, pub_date=pub_date_of(pub_date), zones=list(zones))
    if as_json:
        return [json.dumps(reading_json(reading, path.name), ensure_ascii=False, indent=2)]
    lines = [f"{path.name}: publication date {reading.pub_date or 'unknown'}"]
    lines += [f"  note: {warning}" for warning in reading.warnings]
    for fact in reading.facts:
        fields = json.dumps(fact.fields, ensure_ascii=False)
        lines.append(f"- {fact.type} {fields} ({fact.confidence:.2f})\n    “{fact.quote}”")
    return lines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise ReadError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zonetrack articles", add_help=False)
    actions = parser.add_subparsers(dest="action", required=True)
    clean = actions.add_parser("clean", add_help=False)
    clean.add_argument("file")
    extract = actions.add_parser("extract", add_help=False)
    extract.add_argument("file")
    extract.add_argument("--pub-date")
    extract.add_argument("--json", action="store_true")
    extract.add_argument("--zone", action="append", default=[])
    return parser


def run_quick(argv: Sequence[str]) -> int | None:
    """Run `clean` or `extract` (the arguments after `articles`) without Django and return the
    exit status; None when the full management command must run instead."""
    if not argv or argv[0] not in QUICK_ACTIONS:
        return None
    options = [a.split("=", 1)[0] for a in argv if a.startswith("-")]
    if any(option not in _QUICK_OPTIONS for option in options):
        return None
    try:
        args = _parser().parse_args(list(argv))
    except ReadError:
        return None  # let the management command explain the mistake
    try:
        if args.action == "clean":
            out, err = clean_report(args.file)
        else:
            out, err = extract_report(args.file, args.pub_date, args.json, args.zone), []
    except ReadError as exc:
        sys.stderr.write(f"CommandError: {exc}\n")
        return 1
    for line in out:
        sys.stdout.write(line + "\n")
    for line in err:
        sys.stderr.write(line + "\n")
    return 0
