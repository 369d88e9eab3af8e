"""House rules that hold the whole package (issue 19's "done when").

Domain rows are written by their app's services only, organisation paths are read by the access
gate only, modules fit in a head, and each app owns its demo data.

The write check reads the code (ast), not the running program: it follows what a name is bound
to inside a function (a model class, a query on one, a row fetched by one, a parameter typed as
one, a domain app's selectors) far enough to tell ``zone.save()`` from ``workbook.save(out)`` and
``queryset.update(...)`` from ``errors.update(...)``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "zonetrack"

# Apps whose models are domain records (audited, visible by organisation). core's models are
# infrastructure (jobs, counters), written by core's own helpers.
DOMAIN_APPS = (
    "accounts",
    "audit",
    "registry",
    "projects",
    "dispatch",
    "articles",
    "targets",
    "land",
    "promotion",
    "rankings",
)
# Methods that write rows: on an instance, a manager or a queryset.
WRITES = {
    "save",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "create",
    "get_or_create",
    "update_or_create",
}
# Queryset methods whose answer is no longer rows (a dict, a number, a bool).
NOT_ROWS = {"values", "values_list", "count", "exists", "aggregate", "in_bulk", "iterator_count"}
# Writes of domain rows outside `<app>/services` that cannot be helped, and why (path: reason).
WRITE_ALLOWED: dict[str, str] = {}

# The one module that may filter by organisation path (DESIGN.md, "Access").
PATH_ALLOWED = {"accounts/access.py"}

# A module past this many lines becomes a package by subdomain (CONVENTIONS.md says ~400).
MODULE_MAX_LINES = 450


def _modules() -> Iterator[Path]:
    """Every module of the package but migrations."""
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.relative_to(SRC).parts:
            yield path


def _where(path: Path, root: Path = SRC) -> str:
    return str(path.relative_to(root))


def _is_services(path: Path) -> bool:
    """`<app>/services.py` or a module of the `<app>/services/` package."""
    parts = path.relative_to(SRC).parts
    return len(parts) >= 2 and (parts[1] == "services.py" or parts[1] == "services")


# --- (a) writes of domain rows go through services -------------------------------------------


def _domain_models() -> set[str]:
    """Names of the classes defined in the domain apps' models modules (or packages)."""
    names: set[str] = set()
    for app in DOMAIN_APPS:
        for path in [SRC / app / "models.py", *sorted((SRC / app / "models").glob("*.py"))]:
            if path.exists():
                tree = ast.parse(path.read_text(encoding="utf-8"))
                names.update(n.name for n in tree.body if isinstance(n, ast.ClassDef))
    return names


class _Module:
    """What the names of one module stand for: domain model classes and domain app modules."""

    def __init__(self, path: Path, tree: ast.Module, models: set[str], root: Path) -> None:
        package = list(path.relative_to(root.parent).parts)[:-1]
        app = package[1] if len(package) > 1 else ""
        self.rows: set[str] = set()  # names bound to a domain model class or a domain module
        for node in ast.walk(tree):
            in_models = path.name == "models.py" or path.parent.name == "models"
            if isinstance(node, ast.ClassDef) and app in DOMAIN_APPS and in_models:
                self.rows.add(node.name)
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            parts = module.split(".")
            for alias in node.names:
                local = alias.asname or alias.name
                full = [*parts, alias.name]
                from_domain = len(full) > 2 and full[0] == "zonetrack" and full[1] in DOMAIN_APPS
                if not from_domain:
                    continue
                if alias.name in models or (len(full) == 3 and alias.name != "services"):
                    # A model class, or a domain app's module (its selectors hand out rows).
                    self.rows.add(local)


def _names_in(node: ast.AST) -> Iterator[str]:
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Constant) and isinstance(child.value, str):
            # A quoted annotation: "Project", "QuerySet[Project]".
            yield from re.findall(r"\w+", child.value)


def _targets(target: ast.AST) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _targets(element)
    elif isinstance(target, ast.Starred):
        yield from _targets(target.value)


def _holds_rows(expr: ast.AST | None, rows: set[str]) -> bool:
    """Whether ``expr`` evaluates to domain rows (a model class, manager, queryset or row)."""
    if expr is None:
        return False
    if isinstance(expr, ast.Name):
        return expr.id in rows
    if isinstance(expr, ast.Attribute | ast.Subscript | ast.Starred | ast.Await):
        return _holds_rows(expr.value, rows)
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in NOT_ROWS:
            return False
        # Zone(…), Zone.objects.filter(…), selectors.problems(…); then the helpers that hand
        # rows through: get_object_or_404(Project, …), access.get_visible(Zone.objects, …)
        return _holds_rows(func, rows) or any(_holds_rows(arg, rows) for arg in expr.args)
    if isinstance(expr, ast.IfExp):
        return _holds_rows(expr.body, rows) or _holds_rows(expr.orelse, rows)
    if isinstance(expr, ast.BoolOp):
        return any(_holds_rows(value, rows) for value in expr.values)
    if isinstance(expr, ast.List | ast.Tuple | ast.Set):
        return any(_holds_rows(element, rows) for element in expr.elts)
    if isinstance(expr, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return _holds_rows(expr.elt, rows | _comprehension_rows(expr, rows))
    return False


def _comprehension_rows(
    expr: ast.ListComp | ast.SetComp | ast.GeneratorExp, rows: set[str]
) -> set[str]:
    bound: set[str] = set()
    for generator in expr.generators:
        if _holds_rows(generator.iter, rows | bound):
            bound.update(_targets(generator.target))
    return bound


def _scope_rows(scope: ast.AST, inherited: set[str], models: set[str]) -> set[str]:
    """The names of a function (or the module) that hold domain rows."""
    rows = set(inherited)
    if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
        arguments = scope.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if arg.annotation is not None and set(_names_in(arg.annotation)) & models:
                rows.add(arg.arg)
    body = list(_own_nodes(scope))
    for _ in range(3):  # bindings may come before the names they depend on are known
        for node in body:
            if isinstance(node, ast.Assign) and _holds_rows(node.value, rows):
                for target in node.targets:
                    rows.update(_targets(target))
            elif isinstance(node, ast.AnnAssign | ast.NamedExpr):
                typed = isinstance(node, ast.AnnAssign) and set(_names_in(node.annotation)) & models
                if typed or _holds_rows(node.value, rows):
                    rows.update(_targets(node.target))
            elif isinstance(node, ast.For | ast.AsyncFor):
                if _holds_rows(node.iter, rows):
                    rows.update(_targets(node.target))
            elif (
                isinstance(node, ast.withitem)
                and node.optional_vars is not None
                and _holds_rows(node.context_expr, rows)
            ):
                rows.update(_targets(node.optional_vars))
    return rows


def _own_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a scope, not descending into nested functions or classes."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))


def _writes(path: Path, models: set[str], root: Path = SRC) -> Iterator[str]:
    """``path:line  code`` of every write of domain rows in a module of the package at
    ``root``."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    module = _Module(path, tree, models, root)
    lines = source.splitlines()

    def visit(scope: ast.AST, inherited: set[str], in_model: bool) -> Iterator[str]:
        rows = _scope_rows(scope, inherited, models)
        if in_model and isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            rows.add("self")  # a model's method writing its own row
        for node in _own_nodes(scope):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from visit(node, rows, in_model)
            elif isinstance(node, ast.ClassDef):
                yield from visit(node, rows, node.name in module.rows)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in WRITES
                and _holds_rows(node.func.value, rows)
            ):
                yield f"{_where(path, root)}:{node.lineno}  {lines[node.lineno - 1].strip()}"

    yield from sorted(
        visit(tree, module.rows, False), key=lambda w: int(w.split(":")[1].split()[0])
    )


def _write_violations(paths: list[Path], models: set[str]) -> list[str]:
    found = []
    for path in paths:
        if _is_services(path) or _where(path) in WRITE_ALLOWED:
            continue
        found.extend(_writes(path, models))
    return found


def test_domain_rows_are_written_by_services_only() -> None:
    """No .save(), .update(), .delete(), .create() or bulk write on a domain model outside its
    app's services (module or package) and migrations: views, API routes, alerts, jobs, demo
    loaders and commands call services."""
    violations = _write_violations(list(_modules()), _domain_models())
    assert not violations, "writes of domain rows outside services:\n" + "\n".join(violations)


def test_the_write_check_tells_rows_from_other_things(tmp_path: Path) -> None:
    probe = tmp_path / "zonetrack" / "dispatch" / "views.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from openpyxl import Workbook\n"
        "from zonetrack.projects.models import Project\n"
        "from . import selectors\n"
        "def page(request, project: Project, out):\n"
        "    workbook = Workbook()\n"
        "    workbook.save(out)\n"  # not rows
        "    errors = {}\n"
        "    errors.update(a=1)\n"  # not rows
        "    project.save()\n"  # a parameter typed as a model
        "    for row in Project.objects.filter(pk=1):\n"
        "        row.delete()\n"  # a row of a query
        "    qs = selectors.notifications(user=request.user)\n"
        "    qs.update(read_at=None)\n"  # a selector's queryset
        "    project.transitions.filter(pk=1).update(note='')\n"  # a related manager
        "    Project.objects.values('kind')[0].update(x=1)\n"  # dicts, not rows
    )
    found = list(_writes(probe, {"Project"}, tmp_path / "zonetrack"))
    assert [int(line.split(":")[1].split()[0]) for line in found] == [9, 11, 13, 14]


# --- (b) organisation paths are read by the access gate only ---------------------------------

# An ORM lookup through an organisation's materialised path: `path__startswith`,
# `zone__organisation__path`, `F("organisation__path")`.
PATH_LOOKUP = re.compile(r"(^|__)path(__|$)")


def _path_uses(path: Path) -> Iterator[str]:
    """``path:line  code`` of every organisation-path filter or comparison in a module."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        line = 0
        if isinstance(node, ast.keyword) and node.arg and "__" in node.arg:
            line = node.value.lineno if PATH_LOOKUP.search(node.arg) else 0
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = node.value.split()
            if len(words) == 1 and "__" in node.value and PATH_LOOKUP.search(node.value):
                line = node.lineno
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
            and any(_is_organisation_path(e) for e in [node.func.value, *node.args])
        ):
            # In memory: "is this organisation under that one" decided outside the gate.
            line = node.lineno
        if line:
            yield f"{_where(path)}:{line}  {lines[line - 1].strip()}"


def _is_organisation_path(expr: ast.AST) -> bool:
    """``unit.path``, ``m.organisation.path``, ``zone_path`` — not ``request.path``."""
    if isinstance(expr, ast.Attribute) and expr.attr == "path":
        root = expr.value
        while isinstance(root, ast.Attribute):
            root = root.value
        return not (isinstance(root, ast.Name) and root.id in {"request", "url", "parsed"})
    return isinstance(expr, ast.Name) and expr.id.endswith("_path")


def test_organisation_paths_are_read_by_the_access_gate_only() -> None:
    """Ask accounts.access (visible, within, …) instead of filtering on organisation paths."""
    violations = sorted(
        {
            use
            for path in _modules()
            if _where(path) not in PATH_ALLOWED
            for use in _path_uses(path)
        },
        key=lambda use: (use.split(":")[0], int(use.split(":")[1].split()[0])),
    )
    assert not violations, "organisation-path filters outside accounts/access.py:\n" + "\n".join(
        violations
    )


# --- (c) modules fit in a head ---------------------------------------------------------------


def test_no_module_is_over_the_line_limit() -> None:
    """A module past the limit becomes a package by subdomain that re-exports its names."""
    long = [
        f"{_where(path)}: {count} lines"
        for path in _modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_MAX_LINES
    ]
    assert not long, f"modules over {MODULE_MAX_LINES} lines:\n" + "\n".join(long)


def test_today_is_the_zones_day() -> None:
    """Today is the day in the zones' time zone (``timezone.localdate()``). The machine's own
    date (``date.today()``, ``datetime.now()``) is UTC on most servers and turns eight hours
    late, so a report filed at 07:00 in Beijing would land on yesterday."""
    machine_clock = re.compile(r"\bdate\.today\(|\bdatetime\.(now|today)\(\)")
    found = [
        f"{_where(path)}:{number}"
        for path in _modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if machine_clock.search(line)
    ]
    assert not found, "reads the machine's date, not the zones' day:\n" + "\n".join(found)


# --- (d) each app owns its demo data ---------------------------------------------------------


def test_each_app_registers_its_own_demo_loader() -> None:
    """`zonetrack demo` runs the loaders the apps register, in the order of the dependency
    graph, and the command knows none of them."""
    from zonetrack.core import demo

    modules = [loader.__module__ for loader in demo.loaders()]
    assert modules == [
        "zonetrack.accounts.demo",
        "zonetrack.registry.demo",
        "zonetrack.projects.demo",
        "zonetrack.dispatch.demo",
        "zonetrack.targets.demo",
        "zonetrack.land.demo",
        "zonetrack.promotion.demo",
        "zonetrack.rankings.demo",
        # Last: the daily alert job, run once every app's data is there.
        "zonetrack.notices.demo",
    ]
    command = (SRC / "core" / "management" / "commands" / "demo.py").read_text(encoding="utf-8")
    assert not re.search(rf"zonetrack\.({'|'.join(DOMAIN_APPS)})\b", command)


@pytest.mark.parametrize("name", ["demo", "demo_projects"])
def test_the_package_root_holds_no_demo_data(name: str) -> None:
    """The old homes of the demo data hold none: at most a re-export of the registry."""
    path = SRC / f"{name}.py"
    if path.exists():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]


def test_browser_fixtures_are_defined_once() -> None:
    """The browser tests share one Chromium per worker through tests/browser/conftest.py; a
    module elsewhere that imports those fixtures defines a second session browser, whose
    running event loop breaks every browser test after it on that worker."""
    tests = Path(__file__).resolve().parent
    importing = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path.parent.name != "browser"
        and path != Path(__file__).resolve()
        and "browser.conftest import" in path.read_text(encoding="utf-8")
    ]
    assert not importing, f"browser fixtures imported outside tests/browser: {importing}"
