"""The apps depend on each other one way only, as the allowed graph written here as data says.

The graph holds every module's imports, every template's links, includes and tag libraries, and
each app's docstring.

The graph is DESIGN.md's "Layout": core ← audit ← accounts ← registry ← projects ← dispatch,
targets, land, promotion (siblings: none imports another); notices (alerts shared by every
app) sits on accounts, below the domain apps that raise alerts; rankings build on targets;
articles and dashboards read from the others and nothing imports them; sheets is used by all
and imports none of them; api imports every app's routes and no app imports api.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "zonetrack"

# What each app builds on directly; it may import these and whatever they may import.
BUILDS_ON: dict[str, set[str]] = {
    "core": set(),
    "sheets": {"core"},
    "audit": {"core", "sheets"},
    "accounts": {"audit"},
    # Alerts shared by every app: below the domain apps, which hand it their conditions.
    "notices": {"accounts"},
    "registry": {"accounts"},
    "projects": {"registry"},
    "dispatch": {"projects", "notices"},
    "targets": {"projects", "notices"},
    "land": {"projects", "notices"},
    "promotion": {"projects", "notices"},
    "rankings": {"targets"},
}
# Apps that read from all the domain apps above and that nothing but `api` imports.
READERS: dict[str, set[str]] = {
    "articles": set(BUILDS_ON),
    "dashboards": {*BUILDS_ON, "articles"},
}
# `api` hangs every app's routes on the one NinjaAPI object.
API = "api"

# Modules of the package root an app may import: the package itself (its __version__) and the
# WSGI entry point `zonetrack serve` runs (it imports no app). The others (settings, urls, cli,
# demo) are wiring that imports the apps.
ROOT_MODULES_APPS_MAY_IMPORT = {"zonetrack", "zonetrack.wsgi"}
# Imported only for type checking (never at run time, so they make no cycle): every layer types
# its actor as the accounts User, audit and core included.
TYPE_ONLY_ALLOWED = {"zonetrack.accounts.models"}


def allowed(app: str) -> set[str]:
    """The apps ``app`` may import (besides itself)."""
    if app == API:
        return {*BUILDS_ON, *READERS}
    if app in READERS:
        return set(READERS[app])
    seen: set[str] = set()
    todo = list(BUILDS_ON[app])
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo.extend(BUILDS_ON[other])
    return seen


def apps() -> list[str]:
    """The apps of the package: its sub-packages."""
    return sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())


def test_every_app_is_in_the_graph() -> None:
    known = {*BUILDS_ON, *READERS, API}
    unknown = [app for app in apps() if app not in known]
    assert not unknown, f"add these apps to the graph in {Path(__file__).name}: {unknown}"


# --- Python ---------------------------------------------------------------------------------


def _module_name(path: Path, root: Path) -> list[str]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Line numbers of the bodies of ``if TYPE_CHECKING:`` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
            if name == "TYPE_CHECKING":
                for child in node.body:
                    lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(path: Path, root: Path = SRC) -> Iterator[tuple[int, str, bool]]:
    """(line, absolute module name, type-checking only) of every import in a module of the
    package at ``root``, including ``import_module("zonetrack.…")`` calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module[:-1]
    typing_only = _type_checking_lines(tree)
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            # `from zonetrack import demo` imports the module zonetrack.demo.
            names = [target]
            if target == "zonetrack":
                names = [f"zonetrack.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            if name == "zonetrack" or name.startswith("zonetrack."):
                yield node.lineno, name, node.lineno in typing_only


def _app_of(module: str, root: Path = SRC) -> str | None:
    """The app a ``zonetrack.…`` module belongs to; None for the package root's modules."""
    parts = module.split(".")
    if len(parts) > 1 and (root / parts[1] / "__init__.py").exists():
        return parts[1]
    return None


def _root_module(module: str, root: Path = SRC) -> str:
    """The module of the package root that ``module`` names: ``zonetrack.urls`` for
    ``zonetrack.urls``, ``zonetrack`` itself for ``zonetrack.__version__``."""
    parts = module.split(".")
    if len(parts) > 1 and (root / f"{parts[1]}.py").exists():
        return f"zonetrack.{parts[1]}"
    return "zonetrack"


def _python_violations(app: str, root: Path = SRC) -> list[str]:
    may = allowed(app) | {app}
    found = []
    for path in sorted((root / app).rglob("*.py")):
        where = f"{path.relative_to(root.parent)}"
        for line, module, typing_only in _imports(path, root):
            target = _app_of(module, root)
            if target is None:
                if _root_module(module, root) not in ROOT_MODULES_APPS_MAY_IMPORT:
                    found.append(f"{where}:{line} imports {module} (wiring of the package root)")
            elif target not in may and not (typing_only and module in TYPE_ONLY_ALLOWED):
                found.append(
                    f"{where}:{line} imports {module} "
                    f"({app} may import: {', '.join(sorted(allowed(app))) or 'no app'})"
                )
    return found


@pytest.mark.parametrize("app", apps())
def test_app_imports_only_what_it_builds_on(app: str) -> None:
    violations = _python_violations(app)
    assert not violations, "imports against the dependency rule:\n" + "\n".join(violations)


def test_targets_and_notices_import_no_dispatch() -> None:
    """Targets raise their alerts through notices, which names no domain app: neither imports
    dispatch (nor anything of it, even for type checking)."""
    for app in ("targets", "notices"):
        found = [
            f"{path.relative_to(SRC.parent)}:{line} {module}"
            for path in sorted((SRC / app).rglob("*.py"))
            for line, module, _typing in _imports(path)
            if _app_of(module) == "dispatch"
        ]
        assert not found, found


# --- templates ------------------------------------------------------------------------------

SHELL_NAMES = ("base.html", "403.html", "404.html", "500.html")
URL_TAG = re.compile(r"""{%\s*url\s+["']([\w-]+):""")
TEMPLATE_TAG = re.compile(r"""{%\s*(?:include|extends)\s+["']([\w-]+)/""")
LOAD_TAG = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
# The frame of every page and the error pages: their navigation names every area of the site,
# as the URL configuration does. Their links are wiring; what they load is still checked.
SHELL = {f"core/templates/{name}" for name in SHELL_NAMES}
# A string "namespace:name" given to reverse() and its kin in Python.
URL_NAME = re.compile(r"^([\w-]+):[\w-]+$")
REVERSING = {"reverse", "reverse_lazy", "redirect", "resolve_url"}


def _url_namespaces() -> dict[str, str]:
    """URL namespace → the app whose urls.py declares it."""
    namespaces = {}
    for urls in SRC.glob("*/urls.py"):
        match = re.search(r"""^app_name\s*=\s*["']([\w-]+)["']""", urls.read_text(), re.M)
        if match:
            namespaces[match.group(1)] = urls.parent.name
    return namespaces


def _tag_libraries() -> dict[str, str]:
    """Template tag library → the app that defines it."""
    return {lib.stem: lib.parent.parent.name for lib in SRC.glob("*/templatetags/*.py")}


def _template_dirs() -> dict[str, str]:
    """First segment of a template name → the app whose templates directory holds it (the
    project-wide directory's ``<app>/`` folders count as that app's)."""
    dirs = {d.name: d.name for d in (SRC / "templates").glob("*") if d.name in apps()}
    dirs.update({d.name: d.parent.parent.name for d in SRC.glob("*/templates/*") if d.is_dir()})
    return dirs


def _templates(app: str) -> list[Path]:
    """An app's templates: in its own directory, and in its folder of the project-wide one
    (where some still are)."""
    paths = [*(SRC / app / "templates").rglob("*"), *(SRC / "templates" / app).rglob("*")]
    return sorted(path for path in paths if path.is_file())


def _template_violations(app: str) -> list[str]:
    may = allowed(app) | {app}
    namespaces, libraries, dirs = _url_namespaces(), _tag_libraries(), _template_dirs()
    found = []
    for path in _templates(app):
        text = path.read_text(encoding="utf-8")
        uses: list[tuple[int, str, str]] = []
        shell = str(path.relative_to(SRC)) in SHELL
        for match in [] if shell else URL_TAG.finditer(text):
            uses.append(
                (match.start(), f"links to {match.group(1)}:…", namespaces.get(match[1], ""))
            )
        for match in TEMPLATE_TAG.finditer(text):
            uses.append((match.start(), f"includes {match.group(1)}/…", dirs.get(match[1], "")))
        for match in LOAD_TAG.finditer(text):
            for library in match.group(1).split():
                uses.append((match.start(), f"loads {library}", libraries.get(library, "")))
        for offset, what, target in uses:
            if target and target not in may:
                line = text.count("\n", 0, offset) + 1
                found.append(f"{path.relative_to(SRC.parent)}:{line} {what} ({target})")
    for path in sorted((SRC / app).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) in REVERSING
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                match = URL_NAME.match(node.args[0].value)
                target = namespaces.get(match.group(1), "") if match else ""
                if target and target not in may:
                    found.append(
                        f"{path.relative_to(SRC.parent)}:{node.lineno} "
                        f"links to {node.args[0].value} ({target})"
                    )
    return found


@pytest.mark.parametrize("app", apps())
def test_app_links_and_includes_only_what_it_builds_on(app: str) -> None:
    violations = _template_violations(app)
    assert not violations, "links against the dependency rule:\n" + "\n".join(violations)


# --- docstrings -----------------------------------------------------------------------------

MAY_IMPORT = re.compile(r"May import:\s*([^.]*)\.", re.S)


@pytest.mark.parametrize("app", apps())
def test_app_docstring_states_what_it_may_import(app: str) -> None:
    """Each app's ``__init__`` says "May import: a, b and c." — the graph above, among the apps
    that exist ("every app" for api, "no other app" for core)."""
    docstring = ast.get_docstring(ast.parse((SRC / app / "__init__.py").read_text())) or ""
    match = MAY_IMPORT.search(docstring)
    assert match, f"{app}/__init__.py has no 'May import: …' sentence"
    # Remarks in brackets say why, and are no names.
    stated = re.sub(r"\([^)]*\)", "", match.group(1)).strip()
    existing = set(apps())
    if app == API:
        assert stated == "every app"
    elif not allowed(app):
        assert stated == "no other app"
    else:
        names = {name.strip() for name in re.split(r",|\band\b", stated) if name.strip()}
        assert names == allowed(app) & existing, f"{app}: docstring says {sorted(names)}"


# --- the checker itself ---------------------------------------------------------------------


def test_the_checker_catches_an_import_against_the_rule(tmp_path: Path) -> None:
    """A relative import that climbs into another app, and a TYPE_CHECKING import, are read as
    the modules they name (so the rule cannot be dodged by spelling); the actor's User type is
    the one type-only import allowed upwards."""
    root = tmp_path / "zonetrack"
    for app in ("registry", "dispatch", "projects", "accounts"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "urls.py").write_text("")
    (root / "registry" / "probe.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from ..dispatch import models\n"
        "from zonetrack import __version__, urls\n"
        "if TYPE_CHECKING:\n"
        "    from zonetrack.accounts.models import User\n"
        "    from zonetrack.projects.models import Project\n"
        "from . import services\n"
    )
    imports = list(_imports(root / "registry" / "probe.py", root))
    assert (2, "zonetrack.dispatch", False) in imports
    assert (5, "zonetrack.accounts.models", True) in imports
    assert (7, "zonetrack.registry", False) in imports
    assert _python_violations("registry", root) == [
        "zonetrack/registry/probe.py:2 imports zonetrack.dispatch "
        "(registry may import: accounts, audit, core, sheets)",
        "zonetrack/registry/probe.py:3 imports zonetrack.urls (wiring of the package root)",
        "zonetrack/registry/probe.py:6 imports zonetrack.projects.models "
        "(registry may import: accounts, audit, core, sheets)",
    ]
