"""Activations, one small exact type: ``act(p) = max(s p, p)`` with negative slope ``s <= 1``.

Every activation exactpd knows is a two-piece max-affine function of a
unit's pre-activation ``p`` (paper eq. 1), fixed by one number, its negative
slope ``s``:

- ``"relu"``: ``s = 0``, ``act(p) = max(0, p)``;
- ``"leaky_relu"``: ``s = eta`` (the layer's ``negative_slope``, default 1/100), ``act(p) = max(eta p, p)``;
- ``"abs"``: ``s = -1``, ``act(p) = max(-p, p) = |p|``.

Piece 0 is ``s p`` (the ``p <= 0`` branch) and piece 1 is ``p``; ties go to
piece 0.  ``s = 1`` makes both pieces the identity (a unit that never cuts).
``s > 1`` would make the function concave, not max-affine, and is refused.

This module is the one place where an activation's name gets its meaning:
:func:`parse_activation` validates a name (and slope) when a layer is built,
:meth:`Activation.pieces` lowers a unit to its two MASO pieces
(:mod:`exactpd.network.maso`), and :meth:`Activation.piece` and
:meth:`Activation.__call__` evaluate it (:mod:`exactpd.network.forward_pass`).
A layer keeps the name as given (``Dense.activation``, the ``"activation"`` of
the network file); :func:`activation_of` gives its :class:`Activation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

from exactpd.errors import InvalidNetworkError
from exactpd.rational import to_rational

__all__ = ["ACTIVATIONS", "Activation", "parse_activation", "activation_of"]

_SLOPES: dict[str, Fraction | None] = {"relu": Fraction(0), "leaky_relu": None, "abs": Fraction(-1)}
"""Each activation name and its negative slope; None: the slope is the layer's ``negative_slope`` parameter."""

_DEFAULT_SLOPE = Fraction(1, 100)
"""The negative slope of ``"leaky_relu"`` when none is given (PyTorch's default)."""

ACTIVATIONS = (None, *_SLOPES)
"""The accepted values of a layer's ``activation``: None (affine) and every activation name."""


@dataclass(frozen=True)
class Activation:
    """A two-piece activation ``act(p) = max(s p, p)``, ``s`` its exact negative slope (``s <= 1``).

    Attributes
    ----------
    name : str
        ``"relu"``, ``"leaky_relu"`` or ``"abs"`` (how files and layers spell it).
    negative_slope : Fraction
        s: 0 for relu, -1 for abs, eta for leaky_relu.

    Notes
    -----
    As a MASO unit (paper eq. 1, section 2) the pieces of ``act(<w, x> + b)``
    are ``(s w, s b)`` (piece 0) and ``(w, b)`` (piece 1).

    Examples
    --------
    >>> relu = parse_activation("relu")
    >>> relu(Fraction(-3)), relu(Fraction(2)), relu.piece(Fraction(-3)), relu.piece(Fraction(0))
    (Fraction(0, 1), Fraction(2, 1), 0, 0)
    >>> parse_activation("abs")(Fraction(-3))
    Fraction(3, 1)
    """

    name: str
    negative_slope: Fraction

    @property
    def cuts(self) -> bool:
        """Whether the two pieces differ (``s != 1``), so that a unit with a non-zero row cuts its input space."""
        return self.negative_slope != 1

    @property
    def parameter(self) -> Fraction | None:
        """The negative slope when the activation takes it as a parameter (leaky_relu), else None.

        It is what a layer stores as its ``negative_slope`` and what the network file writes.
        """
        return self.negative_slope if _SLOPES[self.name] is None else None

    def __call__(self, p: Fraction) -> Fraction:
        """``max(s p, p)``, exactly."""
        return max(self.negative_slope * p, p)

    def piece(self, p: Fraction) -> int:
        """The piece that attains the max at pre-activation ``p``: 1 when ``p > s p``, else 0 (ties to piece 0).

        Since ``s <= 1`` this is 1 exactly when ``p > 0`` and ``s < 1``.

        Parameters
        ----------
        p : Fraction or int

        Returns
        -------
        int

        Examples
        --------
        >>> parse_activation("abs").piece(Fraction(1, 2)), parse_activation("leaky_relu", 1).piece(Fraction(1, 2))
        (1, 0)
        """
        return int(p > 0 and self.cuts)

    def pieces(self, row: Sequence[Fraction], offset: Fraction) -> tuple[tuple[tuple, Fraction], tuple[tuple, Fraction]]:
        """The two MASO pieces ``(A_0, B_0), (A_1, B_1)`` of a unit with pre-activation ``<row, u> + offset``.

        ``A_0 = s row``, ``B_0 = s offset`` (piece 0) and ``A_1 = row``,
        ``B_1 = offset`` (piece 1): paper eq. 1, ``z = max_r <A_r, u> + B_r``.
        This is the one place an activation is lowered to pieces
        (:func:`exactpd.network.maso.maso_form` calls it).

        Parameters
        ----------
        row : sequence of Fraction
        offset : Fraction

        Returns
        -------
        ((tuple, Fraction), (tuple, Fraction))

        Examples
        --------
        >>> leaky = parse_activation("leaky_relu", Fraction(1, 10))
        >>> leaky.pieces((Fraction(2), Fraction(-1)), Fraction(1))
        (((Fraction(1, 5), Fraction(-1, 10)), Fraction(1, 10)), ((Fraction(2, 1), Fraction(-1, 1)), Fraction(1, 1)))
        """
        s = self.negative_slope
        return (tuple(s * a for a in row), s * offset), (tuple(row), offset)


def parse_activation(
    name: Any, negative_slope: Any = None, where: str = "layer", convert: Callable[[Any, str], Fraction] | None = None
) -> Activation | None:
    """The :class:`Activation` of a name and optional negative slope, validated (None for an affine layer).

    Parameters
    ----------
    name : None or str
        One of :data:`ACTIVATIONS`.
    negative_slope : number, optional
        Only for ``"leaky_relu"`` (eta, at most 1; default 1/100).
    where : str
        How error messages name the layer.
    convert : callable, optional
        ``convert(value, where) -> Fraction`` for the slope (the layer's
        exact number conversion, with its error messages); default
        :func:`exactpd.rational.to_rational`.

    Returns
    -------
    Activation or None

    Raises
    ------
    InvalidNetworkError
        An unknown name, a ``negative_slope`` for an activation that has a
        fixed one, or a slope above 1.

    Examples
    --------
    >>> parse_activation("leaky_relu")
    Activation(name='leaky_relu', negative_slope=Fraction(1, 100))
    >>> parse_activation("tanh", where="layer 2 (dense)")
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidNetworkError: layer 2 (dense): unknown activation 'tanh'; expected one of null, 'relu', 'leaky_relu', 'abs'
    """
    if name is not None and (not isinstance(name, str) or name not in _SLOPES):
        expected = ", ".join("null" if a is None else repr(a) for a in ACTIVATIONS)
        raise InvalidNetworkError(f"{where}: unknown activation {name!r}; expected one of {expected}")
    fixed = _SLOPES.get(name)
    if name is None or fixed is not None:
        if negative_slope is not None:
            takes = " or ".join(repr(n) for n, slope in _SLOPES.items() if slope is None)
            raise InvalidNetworkError(f"{where}: negative_slope is only for activation {takes}")
        return None if name is None else Activation(name, fixed)
    if negative_slope is None:
        slope = _DEFAULT_SLOPE
    else:
        slope = (convert or to_rational)(negative_slope, f"{where}: negative_slope")
    if slope > 1:
        raise InvalidNetworkError(f"{where}: negative_slope {slope} > 1 makes {name} concave, not a max-affine unit")
    return Activation(name, slope)


def activation_of(layer: Any) -> Activation | None:
    """The :class:`Activation` of a layer (None for an affine layer and for layers without one: MaxPool, Maso).

    Parameters
    ----------
    layer : Dense, Conv2d, MaxPool or Maso

    Returns
    -------
    Activation or None

    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> activation_of(Dense([[1]], [0], "abs")).negative_slope
    Fraction(-1, 1)
    >>> activation_of(Dense([[1]], [0])) is None
    True
    """
    name = getattr(layer, "activation", None)
    if name is None:
        return None
    slope = _SLOPES[name]
    return Activation(name, layer.negative_slope if slope is None else slope)
