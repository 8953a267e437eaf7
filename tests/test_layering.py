"""The packages import only downwards (docs/architecture.md): a module may import its own package and earlier ones.

Every ``import`` statement counts, at module level or inside a function: a lazy
import is still a dependency.
"""

import ast
import pathlib

import exactpd

LAYERS = ("errors", "rational", "hints", "kernel", "network", "geometry", "enumeration", "boundary", "topology",
          "checks", "plot", "io", "cli")
"""The packages (and base modules) of exactpd, lowest first."""

ALLOWED: dict = {}
"""Upward imports that are allowed, each with its reason."""

ROOT = pathlib.Path(exactpd.__file__).parent


def _layer(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "exactpd" and parts[1] in LAYERS else None


def upward_imports() -> list[str]:
    """Every import of a later package than the importing module's, as ``"module -> imported"``."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        module = ".".join(("exactpd", *path.relative_to(ROOT).with_suffix("").parts))
        own = _layer(module)
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                target = _layer(name)
                if target and LAYERS.index(target) > LAYERS.index(own) and (own, target) not in ALLOWED:
                    found.append(f"{module} -> {name}")
                    break
    return found


def test_every_import_goes_downwards():
    assert upward_imports() == []


def test_every_package_is_placed():
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} | {
        p.stem for p in ROOT.glob("*.py") if not p.stem.startswith("_")
    }
    assert packages <= set(LAYERS)
