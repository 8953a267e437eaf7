"""LP hint engines: one protocol, and a registry of engines by name.

An engine solves float linear programs ``maximize c . z subject to A z <= b``
and *proposes* an answer (an :class:`LPHint`); it never decides anything.
Every function of exactpd that solves an LP takes ``engine=`` (a registered
name, or an engine object) and hands it to :func:`get_engine`; the exact
kernel then checks or replaces whatever the engine proposes.

Registered engines (:data:`ENGINES`):

``"highs"`` (the default, :mod:`exactpd.hints.highs`)
    HiGHS called directly through ``highspy``, hot-started between the LPs
    of one batch.
``"cvxpy"`` (:mod:`exactpd.hints.cvxpy_engine`)
    The design card's engine: compiled cvxpy problems solved by HiGHS.
``"exact"`` (:class:`ExactEngine`)
    No float at all: every proposal is None, so the exact simplex method
    (:mod:`exactpd.kernel.simplex`) decides alone.

A new engine is any object with the methods of :class:`LPEngine` and a
``name``; :func:`register_engine` makes its name usable everywhere
(``exactpd enumerate --lp NAME`` included).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol, Sequence, Union, runtime_checkable

import numpy as np

from exactpd.errors import InvalidOptionError

__all__ = [
    "LPHint",
    "LPEngine",
    "ExactEngine",
    "ENGINES",
    "DEFAULT_ENGINE",
    "EngineLike",
    "register_engine",
    "get_engine",
]


@dataclass(frozen=True)
class LPHint:
    """What a float solver proposes for ``maximize c . x subject to A x <= b``.

    Attributes
    ----------
    x_hint : numpy.ndarray
        A (nearly) optimal point in the solver's coordinates ``z``, float64;
        the point itself is ``center + z / scale`` (see :func:`exactpd.hints.lp.point_hint`).
    value_hint : float
        Its objective value ``c . x`` (in the original coordinates).
    active_hint : tuple of int
        Rows believed tight at the optimum, most trusted first (the nonbasic
        rows of the final basis for HiGHS, rows with a large dual for cvxpy).
    center : tuple of Fraction or None
        The origin of the solver's coordinates (None: the origin).
    scale : int
        A power of two, the zoom of the solver's coordinates.

    Examples
    --------
    >>> import numpy as np
    >>> A, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 2.0])
    >>> hint = get_engine("highs").maximize(np.array([1.0, 1.0]), A, b)
    >>> hint.x_hint.tolist(), hint.value_hint, sorted(hint.active_hint), hint.scale
    ([1.0, 2.0], 3.0, [0, 1], 1)
    """

    x_hint: np.ndarray
    value_hint: float
    active_hint: tuple[int, ...]
    center: tuple | None = None
    scale: int = 1


@runtime_checkable
class LPEngine(Protocol):
    """The protocol of a float LP engine (every array is float64, in the solver's coordinates).

    Both methods return None (or None entries) whenever the solver fails or
    reports anything but a clean optimum; they may raise nothing.
    ``uses_floats`` is False for an engine that wants no float computation at
    all (then the kernel also skips its other float proposals: projections,
    vertex hints).

    Attributes
    ----------
    name : str
        The name it is registered under (:func:`register_engine`).
    uses_floats : bool
        False for an engine that wants no float computation at all.

    Examples
    --------
    A new engine is any object with these attributes and methods; here one
    that proposes nothing, so the exact simplex method decides every LP:

    >>> class Silent:
    ...     name, uses_floats = "silent", False
    ...     def maximize(self, c, A, b):
    ...         return None
    ...     def maximize_batch(self, A, b, problems):
    ...         return [None] * len(problems)
    >>> from exactpd.kernel.polytope import box, interior_certificate
    >>> interior_certificate(box([0, 0], [1, 1]), engine=Silent())
    InteriorWitness(point=(Fraction(1, 2), Fraction(1, 2)))
    """

    name: str
    uses_floats: bool

    def maximize(self, c: np.ndarray, A: np.ndarray, b: np.ndarray) -> LPHint | None:
        """A proposed optimum of ``maximize c . z subject to A z <= b``."""

    def maximize_batch(
        self, A: np.ndarray, b: np.ndarray, problems: Sequence[tuple[np.ndarray, Sequence[int], np.ndarray]]
    ) -> list[LPHint | None]:
        """One proposal per problem ``(c, rows, rhs)``: maximize ``c . z`` with ``b[rows]`` replaced by ``rhs``."""


class ExactEngine:
    """The engine that proposes nothing: every LP is solved by the exact simplex method.

    Attributes
    ----------
    name : str
        'exact', the name it is registered under (:func:`exactpd.hints.engine.get_engine`).
    uses_floats : bool
        False: the kernel makes no float proposal at all.

    Examples
    --------
    >>> import numpy as np
    >>> A, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1.0, 2.0])
    >>> engine = ExactEngine()
    >>> engine.maximize(np.array([1.0, 1.0]), A, b) is None, engine.maximize_batch(A, b, [None, None])
    (True, [None, None])
    """

    name = "exact"
    uses_floats = False

    def maximize(self, c: np.ndarray, A: np.ndarray, b: np.ndarray) -> LPHint | None:
        return None

    def maximize_batch(self, A: np.ndarray, b: np.ndarray, problems) -> list[LPHint | None]:
        return [None] * len(problems)

    def __repr__(self) -> str:
        return "ExactEngine()"


_REGISTRY: dict[str, LPEngine] = {}
ENGINES = MappingProxyType(_REGISTRY)
"""The registered engines by name (read-only; see :func:`register_engine`)."""
DEFAULT_ENGINE = "highs"
EngineLike = Union[str, LPEngine]


def register_engine(engine: LPEngine) -> LPEngine:
    """Register ``engine`` under ``engine.name`` (replacing an engine of that name) and return it.

    Parameters
    ----------
    engine : LPEngine
        An object with the :class:`LPEngine` attributes and methods.

    Returns
    -------
    LPEngine
        ``engine`` itself (so the call can decorate an instance).

    Raises
    ------
    InvalidOptionError
        ``engine`` lacks the :class:`LPEngine` methods or a string ``name``.

    Examples
    --------
    >>> get_engine(register_engine(ExactEngine())) is ENGINES["exact"]
    True
    """
    if not isinstance(engine, LPEngine) or not isinstance(getattr(engine, "name", None), str):
        raise InvalidOptionError(f"an LP engine needs a name, uses_floats and maximize/maximize_batch methods, got {engine!r}")
    _REGISTRY[engine.name] = engine
    return engine


def get_engine(engine: EngineLike = DEFAULT_ENGINE) -> LPEngine:
    """The engine named ``engine`` (or ``engine`` itself when it is an engine object).

    Parameters
    ----------
    engine : str or LPEngine, default "highs"
        A registered name (``"highs"``, ``"cvxpy"``, ``"exact"``) or an engine.

    Returns
    -------
    LPEngine

    Raises
    ------
    InvalidOptionError
        No engine of that name is registered.

    Examples
    --------
    >>> get_engine("exact").name
    'exact'
    >>> get_engine("gurobi")
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidOptionError: unknown LP engine 'gurobi'; expected one of highs, cvxpy, exact
    """
    if isinstance(engine, str):
        found = _REGISTRY.get(engine)
        if found is None:
            raise InvalidOptionError(f"unknown LP engine {engine!r}; expected one of {', '.join(_REGISTRY)}")
        return found
    if _REGISTRY.get(getattr(engine, "name", None)) is engine or isinstance(engine, LPEngine):  # a registered engine: no protocol check
        return engine
    raise InvalidOptionError(f"engine must be the name of an LP engine ({', '.join(_REGISTRY)}) or an engine, got {engine!r}")
