"""Every public function carries a numpydoc docstring with its contract (issue 10, point 5).

Public functions: the functions among ``exactpd.__all__``, and those in the
``__all__`` of every module of ``exactpd.topology``, ``exactpd.plot`` and
``exactpd.io`` (exported or not).  Each must have a Parameters section when it
takes parameters, a Returns or Yields section, and an Examples section; the
examples themselves run as doctests (``--doctest-modules``, see pyproject.toml).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import exactpd

PACKAGES = ("exactpd.topology", "exactpd.plot", "exactpd.io")


def _section(doc: str, name: str) -> bool:
    """Whether ``doc`` has the numpydoc section ``name`` (its title underlined by dashes)."""
    lines = doc.splitlines()
    return any(
        line.strip() == name and nxt.strip() and set(nxt.strip()) == {"-"} for line, nxt in zip(lines, lines[1:])
    )


def _public_functions() -> dict[str, object]:
    found = {}
    for name in exactpd.__all__:
        obj = getattr(exactpd, name)
        if inspect.isfunction(obj):
            found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__, package_name + "."):
            module = importlib.import_module(info.name)
            for name in getattr(module, "__all__", ()):
                obj = getattr(module, name)
                if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


FUNCTIONS = _public_functions()


def test_the_census_finds_the_public_functions():
    assert len(FUNCTIONS) > 150
    for name in ("exactpd.kernel.polytope.box", "exactpd.io.graphml.write_graphml", "exactpd.plot.partition.plot_partition",
                 "exactpd.topology.homology.exact_rank", "exactpd.enumeration.driver.iter_regions"):
        assert name in FUNCTIONS


def test_section_finds_only_underlined_titles():
    doc = inspect.cleandoc(
        """Summary.

        Parameters
        ----------
        x : int

        Returns are described in the summary.
        """
    )
    assert _section(doc, "Parameters")
    assert not _section(doc, "Returns")


@pytest.mark.parametrize("qualified", sorted(FUNCTIONS))
def test_public_function_is_documented(qualified):
    function = FUNCTIONS[qualified]
    doc = inspect.getdoc(function) or ""
    missing = []
    if not doc.strip():
        missing.append("summary")
    if inspect.signature(function).parameters and not _section(doc, "Parameters"):
        missing.append("Parameters")
    if not (_section(doc, "Returns") or _section(doc, "Yields")):
        missing.append("Returns (or Yields)")
    if not _section(doc, "Examples"):
        missing.append("Examples")
    assert not missing, f"{qualified}: its docstring lacks {', '.join(missing)}"
