"""The paraboloid lifting of power diagrams (paper section 4; App. A.1, eqs. 27-28, Prop. 4).

An affine piece ``E(x) = <a, x> + c`` is a non-vertical hyperplane in
``R^{D+1}``; the paraboloid is ``U(x) = ||x||^2 / 2``.  For the site of the
piece (Lemma 1: centre ``mu = a``, power weight ``rho = ||a||^2 + 2 c``)

    U(x) - E(x) = lambda(x; mu, rho) / 2,    lambda(x; mu, rho) = ||x - mu||^2 - rho,

so the hyperplane cuts the paraboloid above the sphere ``||x - mu||^2 = rho``
(Prop. 4: spheres and non-vertical hyperplanes correspond one to one, the
sphere stored as centre and power weight), and the unit's max-affine
function ``P_k = max_r E_{k,r}`` projects onto its power diagram.  When
``rho = 0`` (``c = -||a||^2 / 2``) the hyperplane is tangent to U at ``a``
(eq. 27); with all pieces tangent, ``U >= P_k`` with equality exactly at the
points ``a_r`` (eq. 28).

Everything is exact.  A power weight is a squared radius and may be zero or
negative (an imaginary sphere); a radius exists only as ``sympy.sqrt`` or a
float, never here.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import DimensionError
from exactpd.geometry.powerdiagram import PowerSite, piece_site, power_distance, site_offset
from exactpd.rational import QVector, dot, to_rational, to_vector

__all__ = [
    "paraboloid",
    "piece_value",
    "max_affine",
    "lifting_identity",
    "tangent_offset",
    "hyperplane_to_sphere",
    "sphere_to_hyperplane",
]


def paraboloid(x: Any) -> Fraction:
    """The paraboloid ``U(x) = ||x||^2 / 2`` (App. A.1).

    Parameters
    ----------
    x : sequence of numbers

    Returns
    -------
    Fraction

    Examples
    --------
    >>> paraboloid([1, "1/2"])
    Fraction(5, 8)
    """
    x = to_vector(x, "x")
    return dot(x, x) / 2


def piece_value(slope: Any, offset: Any, x: Any) -> Fraction:
    """The affine piece ``E(x) = <slope, x> + offset`` (``E_{k,r}`` with slope A_{k,r}, offset B_{k,r}).

    Parameters
    ----------
    slope : sequence of numbers
    offset : number
    x : sequence of numbers

    Returns
    -------
    Fraction

    Examples
    --------
    >>> piece_value([1, 2], "1/2", [3, -1])
    Fraction(3, 2)
    """
    slope = to_vector(slope, "slope")
    return dot(slope, to_vector(x, "x", length=len(slope))) + to_rational(offset, "offset")


def max_affine(slopes: Sequence[Any], offsets: Sequence[Any], x: Any) -> Fraction:
    """The unit's max-affine function ``P_k(x) = max_r E_{k,r}(x)`` (paper eq. 1, Prop. 2).

    Parameters
    ----------
    slopes : sequence of vectors
        A_{k,r}, one per piece.
    offsets : sequence of numbers
        B_{k,r}.
    x : sequence of numbers

    Returns
    -------
    Fraction

    Raises
    ------
    DimensionError
        ``slopes`` and ``offsets`` have different lengths.

    Examples
    --------
    >>> max_affine([[0, 0], [1, 1]], [0, -1], [2, 0])
    Fraction(1, 1)
    """
    if len(slopes) != len(offsets) or not slopes:
        raise DimensionError(f"max_affine: {len(slopes)} slopes and {len(offsets)} offsets")
    return max(piece_value(a, c, x) for a, c in zip(slopes, offsets))


def lifting_identity(slope: Any, offset: Any, x: Any) -> tuple[Fraction, Fraction]:
    """Both sides of ``U(x) - E(x) = lambda(x; mu, rho) / 2`` for one affine piece.

    Parameters
    ----------
    slope, offset
        The piece ``E(x) = <slope, x> + offset``.
    x : sequence of numbers

    Returns
    -------
    (Fraction, Fraction)
        ``U(x) - E(x)`` computed from the paraboloid and the hyperplane, and
        ``lambda(x; mu, rho) / 2`` computed from the piece's site (Lemma 1,
        :func:`exactpd.geometry.powerdiagram.piece_site`).  They are equal for every
        piece and every x; the vertical gap between the paraboloid and the
        hyperplane is half the power distance.

    Examples
    --------
    >>> lifting_identity([1, 0], "-1/2", [3, 2])
    (Fraction(4, 1), Fraction(4, 1))
    """
    gap = paraboloid(x) - piece_value(slope, offset, x)
    return gap, power_distance(x, piece_site(slope, offset)) / 2


def tangent_offset(slope: Any) -> Fraction:
    """The offset ``-||slope||^2 / 2`` making the piece tangent to U at ``slope`` (power weight 0, eq. 27).

    Then ``U(x) - E(x) = ||x - slope||^2 / 2``: zero only at ``x = slope``.

    Parameters
    ----------
    slope : sequence of numbers

    Returns
    -------
    Fraction

    Examples
    --------
    >>> tangent_offset([1, 2])
    Fraction(-5, 2)
    """
    slope = to_vector(slope, "slope")
    return -dot(slope, slope) / 2


def hyperplane_to_sphere(slope: Any, offset: Any) -> tuple[QVector, Fraction]:
    """The sphere above which the hyperplane ``y = <slope, x> + offset`` cuts U (Prop. 4).

    Parameters
    ----------
    slope : sequence of numbers
    offset : number

    Returns
    -------
    centre : tuple of Fraction
        ``slope``.
    power_weight : Fraction
        The squared radius ``||slope||^2 + 2 offset`` (any sign: zero for a
        tangent plane, negative when the plane passes below U).

    Examples
    --------
    >>> hyperplane_to_sphere([1, 0], 1)
    ((Fraction(1, 1), Fraction(0, 1)), Fraction(3, 1))
    """
    site = piece_site(slope, offset)
    return site.centroid, site.power_weight


def sphere_to_hyperplane(centre: Any, power_weight: Any) -> tuple[QVector, Fraction]:
    """The hyperplane ``y = <slope, x> + offset`` that cuts U above the sphere (Prop. 4, inverse).

    Parameters
    ----------
    centre : sequence of numbers
    power_weight : number
        The squared radius rho (any sign).

    Returns
    -------
    slope : tuple of Fraction
        ``centre``.
    offset : Fraction
        ``(power_weight - ||centre||^2) / 2``.

    Examples
    --------
    >>> sphere_to_hyperplane([1, 0], 3)
    ((Fraction(1, 1), Fraction(0, 1)), Fraction(1, 1))
    """
    site = PowerSite(centre, power_weight)
    return site.centroid, site_offset(site)
