"""The demo dataset's registry: each app registers the loader of its own demo data.

`zonetrack demo` and this module know none of the apps. An app's ``demo`` module calls
:func:`register` when it is imported; :func:`load` imports the ``demo`` module of every
installed app (as the admin finds ``admin`` modules) and runs the loaders in their order, in one
transaction. Loaders are idempotent: loading twice writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

# Printed by `zonetrack demo` and listed in the README: every demo login has it.
DEMO_PASSWORD = "zonetrack-demo-2026"  # noqa: S105 (printed for demo users)

# (username, who, role) of a demo login, as `zonetrack demo` prints it.
Login = tuple[str, str, str]
# A loader returns the logins it made (in the order to print them), or None.
Loader = Callable[[], Iterable[Login] | None]


@dataclass(frozen=True)
class _Entry:
    order: int
    name: str
    loader: Loader


# Keyed by the loader's qualified name, so that importing a demo module twice (autodiscovery
# after a test imported it) registers it once.
_LOADERS: dict[str, _Entry] = {}


def register(order: int, loader: Loader) -> Loader:
    """Run ``loader`` when the demo loads, after the loaders of lower ``order``.

    The orders follow the dependency graph (an app's data is loaded after the data of the apps
    it builds on): accounts 10, registry 20, projects 30, dispatch 40.
    """
    name = f"{loader.__module__}.{loader.__qualname__}"
    _LOADERS[name] = _Entry(order, name, loader)
    return loader


def loaders() -> list[Loader]:
    """The registered loaders of every installed app, in the order they run."""
    autodiscover_modules("demo")
    return [entry.loader for entry in sorted(_LOADERS.values(), key=lambda e: (e.order, e.name))]


@transaction.atomic
def load() -> list[Login]:
    """Load the demo dataset; returns the demo logins."""
    logins: list[Login] = []
    for loader in loaders():
        logins.extend(loader() or ())
    return logins
