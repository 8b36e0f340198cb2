"""Dependencies point down (docs/architecture.md): ``lib`` ← core apps ← ledger apps ← composing apps.

Every import in the package's code is read (lazy imports inside functions and ``TYPE_CHECKING`` blocks too) and
checked against the layer of the module it reaches. Within a layer, apps are ranked: an app may import only apps
ranked before it, so no two apps import each other. Tests, ``conftest.py`` and migrations are left out (a test may
set up records of any app; a migration's history names what it names).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # .../xinfang

# The layers, bottom first; inside a layer, the apps in the order they may depend on each other.
LAYERS: list[tuple[str, list[str]]] = [
    ("lib", ["lib"]),
    (
        "core",
        [
            "policies",
            "audit",
            "idempotency",
            "orgs",
            "accounts",
            "people",
            "ops",
            "documents",
            "inbox",
            "clocks",
            "figures",
            "imports",
            "ledgerkit",
            "targets",
        ],
    ),
    (
        "ledgers",
        [
            "petitions",
            "mediations",
            "consultations",
            "unions",
            "congresses",
            "contracts",
            "homes",
            "delegates",
        ],
    ),
    ("composing", ["workbench", "demo", "statistics", "api", "urls", "settings", "wsgi", "api_tests"]),
]
RANK = {
    app: (layer_index, app_index)
    for layer_index, (_, apps) in enumerate(LAYERS)
    for app_index, app in enumerate(apps)
}
LAYER_OF = {app: name for name, apps in LAYERS for app in apps}


def _app_of(module_path: Path) -> str:
    """``xinfang/petitions/actions/intake.py`` → ``petitions``; ``xinfang/api.py`` → ``api``."""
    parts = module_path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py")


def _checked_files() -> list[Path]:
    files = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py" or len(parts) == 1:
            if len(parts) == 1 and path.name not in ("conftest.py", "__init__.py"):
                files.append(path)  # the package's root modules (api.py, urls.py …): composing
            continue
        files.append(path)
    return files


def _imported_apps(path: Path) -> list[tuple[int, str, str]]:
    """(line, app, the imported name) for each import of another part of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    own_parts = path.relative_to(PACKAGE).with_suffix("").parts
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("xinfang."):
                    found.append((node.lineno, alias.name.split(".")[1], alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = list(own_parts[: len(own_parts) - node.level])
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not target:  # "from .. import x" at the top: x is an app
                    for alias in node.names:
                        found.append((node.lineno, alias.name, f"xinfang.{alias.name}"))
                    continue
                found.append((node.lineno, target[0], "xinfang." + ".".join(target)))
            elif node.module == "xinfang":
                for alias in node.names:
                    found.append((node.lineno, alias.name, f"xinfang.{alias.name}"))
            elif node.module and node.module.startswith("xinfang."):
                found.append((node.lineno, node.module.split(".")[1], node.module))
    return found


def upward_imports() -> list[str]:
    problems = []
    for path in _checked_files():
        own = _app_of(path)
        if own not in RANK:
            problems.append(
                f"{path.relative_to(PACKAGE.parent)}: app '{own}' is in no layer (add it to LAYERS)"
            )
            continue
        for line, app, name in _imported_apps(path):
            if app == own:
                continue
            if app not in RANK:
                problems.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}: '{app}' is in no layer"
                )
            elif RANK[app] > RANK[own]:
                problems.append(
                    f"{path.relative_to(PACKAGE.parent)}:{line} imports {name} "
                    f"({LAYER_OF[own]} '{own}' may not import {LAYER_OF[app]} '{app}')"
                )
    return problems


def test_no_module_imports_a_layer_above_it_or_an_app_ranked_after_it():
    problems = upward_imports()
    assert not problems, "Imports that point up (docs/architecture.md):\n" + "\n".join(problems)


def test_every_app_of_the_package_is_in_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    apps |= {p.stem for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "conftest.py")}
    assert apps - set(RANK) == set()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from xinfang.petitions.models import Petition\n", ["petitions"]),
        ("import xinfang.mediations.actions\n", ["mediations"]),
        ("def f():\n    from xinfang.consultations import demo\n", ["consultations"]),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from xinfang.accounts.models import User\n",
            ["accounts"],
        ),
        ("from ..petitions.models import Petition\n", ["petitions"]),
        ("from xinfang import petitions\n", ["petitions"]),
    ],
)
def test_the_walker_sees_every_form_of_import(tmp_path, source, expected, monkeypatch):
    module = PACKAGE / "orgs" / "_probe_for_test_layers.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    assert [app for _, app, _ in _imported_apps(module)] == expected
