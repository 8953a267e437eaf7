"""Symbolic forms of the paper's formulas, and proofs of its general identities (sympy).

This module and :mod:`exactpd.checks` are the only places exactpd imports
sympy.  Numbers enter sympy only through :func:`rational`
(``sympy.Rational(q.numerator, q.denominator)`` of an exact Fraction); no
float and no ``sympy.geometry`` object is ever built from exactpd's data.

Three kinds of objects live here:

- symbolic MASO units and layers (:func:`symbolic_unit`, :func:`symbolic_layer`,
  :func:`layer_from_maso`) and the paper's formulas on them as expressions:
  sites of units and layers (Lemma 1, Theorem 1), two-unit composition
  (Lemmas 5 and 7), input-space sites (Theorem 2, eqs. 31-32 corrected),
  the paraboloid lifting (eqs. 27-28, Prop. 4), the chordale of two sites,
  the partition polynomial of a concrete network (eq. 23) and the bend
  between two decision-boundary pieces (eq. 26, Prop. 5);
- :class:`Identity`: a general identity of the paper as ``lhs - rhs``
  expressions, proved by :func:`prove` (simplification to zero) for small
  symbolic dimensions, which each identity states;
- :class:`Erratum`: a printed formula next to the corrected one (spec
  errata E1-E11), whose difference does *not* simplify to zero.

Convention (as everywhere in exactpd): a site is a centroid ``mu`` and a
power weight ``rho`` (squared radius, any sign), the Laguerre distance is
``lambda(x; mu, rho) = ||x - mu||^2 - rho`` and a cell is its argmin.  The
paper's proofs write ``+ b`` with ``b = -rho``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import sympy

from exactpd.network.maso import MasoLayer, layer_maps, maso_layers
from exactpd.network.layers import Network

__all__ = [
    "SymbolicSite",
    "SymbolicUnit",
    "SymbolicLayer",
    "Identity",
    "Erratum",
    "rational",
    "symbolic_vector",
    "symbolic_unit",
    "symbolic_layer",
    "layer_from_maso",
    "laguerre",
    "unit_site",
    "layer_site",
    "combine_sites",
    "mapped_site",
    "lemma_7_offset",
    "chordale",
    "paraboloid",
    "piece_value",
    "hyperplane_to_sphere",
    "sphere_to_hyperplane",
    "unit_factor",
    "partition_polynomial",
    "region_polynomial",
    "piecewise_partition_polynomial",
    "proposition_5_cosine",
    "printed_proposition_5_cosine",
    "bend_cosine",
    "bend_angle",
    "identities",
    "errata",
    "prove",
    "differs",
]

Vector = sympy.ImmutableMatrix  # a column vector


@dataclass(frozen=True)
class SymbolicSite:
    """A power-diagram site as expressions: centroid ``mu`` (a column) and power weight ``rho`` (section 3).

    Attributes
    ----------
    centroid : sympy.ImmutableMatrix
        mu, a column.
    power_weight : sympy.Expr
        rho, the squared radius (any sign).

    Examples
    --------
    >>> site = SymbolicSite(symbolic_vector("mu", 2), sympy.Symbol("rho"))
    >>> laguerre(symbolic_vector("mu", 2), site)
    -rho
    """

    centroid: Vector
    power_weight: sympy.Expr


@dataclass(frozen=True)
class SymbolicUnit:
    """One MASO unit ``z = max_r <A_r, u> + B_r`` (paper eq. 1).

    Attributes
    ----------
    slopes : tuple of sympy.ImmutableMatrix
        A_r, one column per piece.
    offsets : tuple of sympy.Expr
        B_r, one per piece.

    Examples
    --------
    >>> symbolic_unit("k", 2, 1).offsets
    (B_k_0, B_k_1)
    """

    slopes: tuple
    offsets: tuple


@dataclass(frozen=True)
class SymbolicLayer:
    """A MASO layer of symbolic or exact units (paper eq. 1).

    Attributes
    ----------
    units : tuple of SymbolicUnit

    Examples
    --------
    >>> len(symbolic_layer("u", 3, 2, 2).units)
    3
    """

    units: tuple


@dataclass(frozen=True)
class Identity:
    """A general identity of the paper, ``lhs - rhs`` for every component.

    Attributes
    ----------
    id : str
        The result it belongs to (``"lemma-1"``, ``"theorem-2"``, ... as in
        :func:`exactpd.checks.verify`).
    statement : str
        What is proved, in exactpd's notation.
    differences : tuple of sympy.Expr
        Every ``lhs - rhs``; the identity holds when all are zero.
    dims : str
        The symbolic sizes it is proved for (e.g. ``"D = 2, K = 2 units, R = 2 pieces"``).
    Examples
    --------
    >>> identity = next(i for i in identities(1) if i.id == "chordale")
    >>> identity.dims, prove(identity)
    ('D = 1', True)

    """

    id: str
    statement: str
    differences: tuple
    dims: str


@dataclass(frozen=True)
class Erratum:
    """A printed formula of the paper and its correction (spec section 10).

    ``printed - corrected`` does not simplify to zero (:func:`differs`).
    Attributes
    ----------
    id : str
        ``"e1"``, ... (as in :mod:`exactpd.checks.errata`).
    statement : str
    printed, corrected : sympy.Expr
    dims : str
        The symbolic sizes.

    Examples
    --------
    >>> e4 = next(e for e in errata() if e.id == "e4")
    >>> e4.corrected
    -rho + (-mu_0 + z_0)**2 + (-mu_1 + z_1)**2

    """

    id: str
    statement: str
    printed: sympy.Expr
    corrected: sympy.Expr
    dims: str


# --------------------------------------------------------------------------- numbers and vectors


def rational(q: Fraction | int) -> sympy.Rational:
    """The exact sympy number of a Fraction (the only way exactpd numbers enter sympy).

    Parameters
    ----------
    q : Fraction or int

    Returns
    -------
    sympy.Rational

    Examples
    --------
    >>> rational(Fraction(-3, 4))
    -3/4
    """
    q = Fraction(q)
    return sympy.Rational(q.numerator, q.denominator)


def _column(values) -> Vector:
    return sympy.ImmutableMatrix([[v] for v in values]) if len(values) else sympy.ImmutableMatrix.zeros(0, 1)


def _exact_column(values: Sequence[Fraction]) -> Vector:
    return _column([rational(v) for v in values])


def symbolic_vector(name: str, dim: int) -> Vector:
    """The column ``(name_0, ..., name_{dim-1})`` of real symbols.

    Parameters
    ----------
    name : str
    dim : int

    Returns
    -------
    sympy.ImmutableMatrix
        A column of ``dim`` real symbols.

    Examples
    --------
    >>> symbolic_vector("x", 2).T
    Matrix([[x_0, x_1]])
    """
    return _column(sympy.symbols(f"{name}_0:{dim}", real=True))


def _dot(u: Vector, v: Vector) -> sympy.Expr:
    return (u.T * v)[0, 0]


def _norm2(u: Vector) -> sympy.Expr:
    return _dot(u, u)


def symbolic_unit(name: str, n_pieces: int, dim: int) -> SymbolicUnit:
    """A unit with symbolic slopes ``A_{name,r,d}`` and offsets ``B_{name,r}``.

    Parameters
    ----------
    name : str
    n_pieces, dim : int
        R and D.

    Returns
    -------
    SymbolicUnit

    Examples
    --------
    >>> u = symbolic_unit("1", 2, 2)
    >>> u.slopes[1].T, u.offsets[1]
    (Matrix([[A_1_1_0, A_1_1_1]]), B_1_1)
    """
    slopes = tuple(symbolic_vector(f"A_{name}_{r}", dim) for r in range(n_pieces))
    offsets = tuple(sympy.Symbol(f"B_{name}_{r}", real=True) for r in range(n_pieces))
    return SymbolicUnit(slopes, offsets)


def symbolic_layer(name: str, n_units: int, n_pieces: int, dim: int) -> SymbolicLayer:
    """A layer of ``n_units`` symbolic units (unit k is named ``f"{name}{k}"``).

    Parameters
    ----------
    name : str
    n_units, n_pieces, dim : int
        K, R (the same for every unit) and D.

    Returns
    -------
    SymbolicLayer

    Examples
    --------
    >>> symbolic_layer("u", 2, 2, 1).units[1].offsets
    (B_u1_0, B_u1_1)
    """
    return SymbolicLayer(tuple(symbolic_unit(f"{name}{k}", n_pieces, dim) for k in range(n_units)))


def layer_from_maso(layer: MasoLayer) -> SymbolicLayer:
    """The exact symbolic form of a :class:`~exactpd.network.maso.MasoLayer` (numbers through :func:`rational`).

    Parameters
    ----------
    layer : MasoLayer

    Returns
    -------
    SymbolicLayer

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> layer = layer_from_maso(Network(1, [Dense([["1/2"]], [1], "relu")]).maso.layers[0])
    >>> layer.units[0].slopes[1], layer.units[0].offsets
    (Matrix([[1/2]]), (0, 1))
    """
    return SymbolicLayer(
        tuple(
            SymbolicUnit(tuple(_exact_column(a) for a in slopes), tuple(rational(b) for b in offsets))
            for slopes, offsets in zip(layer.slopes, layer.offsets)
        )
    )


# --------------------------------------------------------------------------- sites (Lemma 1, Theorem 1, Lemma 5, Theorem 2, Lemma 7)


def laguerre(x: Vector, site: SymbolicSite) -> sympy.Expr:
    """The Laguerre distance ``lambda(x; mu, rho) = ||x - mu||^2 - rho`` (paper section 3).

    Parameters
    ----------
    x : column
    site : SymbolicSite

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> x = symbolic_vector("x", 1)
    >>> sympy.expand(laguerre(x, SymbolicSite(sympy.ImmutableMatrix([[1]]), 4)))
    x_0**2 - 2*x_0 - 3
    """
    return _norm2(x - site.centroid) - site.power_weight


def unit_site(unit: SymbolicUnit, r: int) -> SymbolicSite:
    """Site r of a unit (paper Lemma 1): ``mu = A_r``, ``rho = ||A_r||^2 + 2 B_r``.

    Parameters
    ----------
    unit : SymbolicUnit
    r : int
        The piece.

    Returns
    -------
    SymbolicSite

    Examples
    --------
    >>> unit_site(symbolic_unit("k", 2, 1), 1).power_weight
    A_k_1_0**2 + 2*B_k_1
    """
    a = unit.slopes[r]
    return SymbolicSite(a, _norm2(a) + 2 * unit.offsets[r])


def layer_site(layer: SymbolicLayer, code: Sequence[int]) -> SymbolicSite:
    """The site of a code (paper Theorem 1): ``mu = sum_k A_{k,r_k}``, ``rho = ||mu||^2 + 2 sum_k B_{k,r_k}``.

    Parameters
    ----------
    layer : SymbolicLayer
    code : sequence of int
        One piece per unit.

    Returns
    -------
    SymbolicSite

    Examples
    --------
    >>> layer_site(symbolic_layer("u", 2, 2, 1), (0, 1)).centroid
    Matrix([[A_u0_0_0 + A_u1_1_0]])
    """
    mu = sum((u.slopes[r] for u, r in zip(layer.units, code)), sympy.ImmutableMatrix.zeros(*layer.units[0].slopes[0].shape))
    beta = sum(u.offsets[r] for u, r in zip(layer.units, code))
    return SymbolicSite(mu, _norm2(mu) + 2 * beta)


def combine_sites(s: SymbolicSite, t: SymbolicSite) -> SymbolicSite:
    """Two units' sites combined (paper Lemma 5): ``mu = mu_s + mu_t``, ``rho = rho_s + rho_t + 2 <mu_s, mu_t>``.

    Parameters
    ----------
    s, t : SymbolicSite

    Returns
    -------
    SymbolicSite

    Examples
    --------
    >>> one = SymbolicSite(sympy.ImmutableMatrix([[1]]), 0)
    >>> combine_sites(one, one).power_weight
    2
    """
    return SymbolicSite(s.centroid + t.centroid, s.power_weight + t.power_weight + 2 * _dot(s.centroid, t.centroid))


def mapped_site(layer: SymbolicLayer, code: Sequence[int], G, h) -> SymbolicSite:
    """The input-space site of a code after the map ``x -> G x + h`` (Theorem 2, eqs. 31-32 corrected, E3).

    ``mu = G^T mu_r``, ``rho = ||G^T mu_r||^2 + 2 <mu_r, h> + 2 beta_r`` with
    ``mu_r``, ``beta_r`` of Theorem 1.

    Parameters
    ----------
    layer : SymbolicLayer
    code : sequence of int
    G, h : matrix and column
        The map into the layer's input space.

    Returns
    -------
    SymbolicSite

    Examples
    --------
    >>> layer = SymbolicLayer((SymbolicUnit((sympy.ImmutableMatrix([[1]]),), (0,)),))
    >>> mapped_site(layer, (0,), [[2]], [[1]]).power_weight
    6
    """
    G, h = sympy.ImmutableMatrix(G), sympy.ImmutableMatrix(h)
    mu = sum((u.slopes[r] for u, r in zip(layer.units, code)), sympy.ImmutableMatrix.zeros(G.rows, 1))
    beta = sum(u.offsets[r] for u, r in zip(layer.units, code))
    pulled = G.T * mu
    return SymbolicSite(pulled, _norm2(pulled) + 2 * _dot(mu, h) + 2 * beta)


def lemma_7_offset(slope: Vector, offset: sympy.Expr, G, h) -> sympy.Expr:
    """Lemma 7's ``b`` of one piece after ``x -> G x + h`` (``+ b`` convention, ``b = -rho``).

    ``b = -||G^T A||^2 - 2 <A, h> - 2 B``; two units combine as
    ``b_ij = b_i + b_j - 2 <G^T A_i, G^T A_j>`` (see :func:`identities`).

    Parameters
    ----------
    slope : column
        A.
    offset : sympy.Expr
        B.
    G, h : matrix and column

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> lemma_7_offset(sympy.ImmutableMatrix([[1]]), 1, [[2]], [[1]])
    -8
    """
    G, h = sympy.ImmutableMatrix(G), sympy.ImmutableMatrix(h)
    return -_norm2(G.T * slope) - 2 * _dot(slope, h) - 2 * offset


def chordale(s: SymbolicSite, t: SymbolicSite) -> tuple[Vector, sympy.Expr]:
    """The radical hyperplane of two sites: ``normal = 2 (mu_t - mu_s)``, ``offset = ||mu_t||^2 - ||mu_s||^2 - rho_t + rho_s``.

    ``lambda(x; s) - lambda(x; t) = <normal, x> - offset`` (same convention as
    :func:`exactpd.geometry.powerdiagram.chordale`).

    Parameters
    ----------
    s, t : SymbolicSite

    Returns
    -------
    (column, sympy.Expr)

    Examples
    --------
    >>> chordale(SymbolicSite(sympy.ImmutableMatrix([[0]]), 0), SymbolicSite(sympy.ImmutableMatrix([[1]]), 0))
    (Matrix([[2]]), 1)
    """
    normal = 2 * (t.centroid - s.centroid)
    return normal, _norm2(t.centroid) - _norm2(s.centroid) - t.power_weight + s.power_weight


# --------------------------------------------------------------------------- lifting (App. A.1)


def paraboloid(x: Vector) -> sympy.Expr:
    """The paraboloid ``U(x) = ||x||^2 / 2`` of the lifting (App. A.1, eq. 27).

    Parameters
    ----------
    x : column

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> paraboloid(symbolic_vector("x", 2))
    x_0**2/2 + x_1**2/2
    """
    return _norm2(x) / 2


def piece_value(slope: Vector, offset: sympy.Expr, x: Vector) -> sympy.Expr:
    """One piece ``E(x) = <slope, x> + offset`` (paper eq. 1).

    Parameters
    ----------
    slope : column
    offset : sympy.Expr
    x : column

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> piece_value(sympy.ImmutableMatrix([[2]]), 1, symbolic_vector("x", 1))
    2*x_0 + 1
    """
    return _dot(slope, x) + offset


def hyperplane_to_sphere(slope: Vector, offset: sympy.Expr) -> SymbolicSite:
    """The sphere above which ``y = <slope, x> + offset`` cuts U (Prop. 4): centre ``slope``, power weight ``||slope||^2 + 2 offset``.

    Parameters
    ----------
    slope : column
    offset : sympy.Expr

    Returns
    -------
    SymbolicSite

    Examples
    --------
    >>> hyperplane_to_sphere(sympy.ImmutableMatrix([[1]]), 1).power_weight
    3
    """
    return SymbolicSite(slope, _norm2(slope) + 2 * offset)


def sphere_to_hyperplane(site: SymbolicSite) -> tuple[Vector, sympy.Expr]:
    """The inverse of :func:`hyperplane_to_sphere` (Prop. 4): slope ``mu``, offset ``(rho - ||mu||^2) / 2``.

    Parameters
    ----------
    site : SymbolicSite

    Returns
    -------
    (column, sympy.Expr)

    Examples
    --------
    >>> sphere_to_hyperplane(SymbolicSite(sympy.ImmutableMatrix([[1]]), 3))
    (Matrix([[1]]), 1)
    """
    return site.centroid, (site.power_weight - _norm2(site.centroid)) / 2


# --------------------------------------------------------------------------- partition polynomial (eq. 23, Theorem 4)


def unit_factor(values: Sequence[sympy.Expr]) -> sympy.Expr:
    """A unit's factor of the partition polynomial (eq. 23), from its pieces' values ``E_r``.

    Two pieces: ``E_1 - E_0`` (the pre-activation h up to a positive factor:
    h for relu, ``(1 - eta) h`` for leaky relu, ``2 h`` for abs); its sign is
    the unit's state.  R >= 3 pieces (max-pool, general MASO): the product of
    the gaps from the winning piece to the others, ``prod_{s != r*} (E_{r*} - E_s)``,
    as a Piecewise over the winner r*; it vanishes exactly where the max is
    attained twice and is never negative.

    Parameters
    ----------
    values : sequence of sympy.Expr
        ``E_0, ..., E_{R-1}``.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> x = sympy.Symbol("x")
    >>> unit_factor([0 * x, x]), unit_factor([x])
    (x, 1)
    """
    if len(values) == 1:
        return sympy.Integer(1)
    if len(values) == 2:
        return values[1] - values[0]
    branches = []
    for r, value in enumerate(values):
        wins = sympy.And(*[value >= other for s, other in enumerate(values) if s != r])
        branches.append((sympy.Mul(*[value - other for s, other in enumerate(values) if s != r]), wins))
    return sympy.Piecewise(*branches)


def _x_symbols(dim: int, x: Vector | None) -> Vector:
    return symbolic_vector("x", dim) if x is None else sympy.ImmutableMatrix(x)


def partition_polynomial(net: Network, x: Vector | None = None, n_layers: int | None = None) -> sympy.Expr:
    """The partition polynomial ``Pol_l(x) = prod_{j <= l} prod_k h^(j)_k(x)`` of a network (eq. 23), as one expression.

    Parameters
    ----------
    net : Network
    x : column of symbols, optional
        Default ``symbolic_vector("x", net.input_dim)``.
    n_layers : int, optional
        l, the number of nonlinear layers taken (default all).

    Returns
    -------
    sympy.Expr
        A continuous piecewise polynomial written with ``Max`` (the layer
        outputs) and the unit factors of :func:`unit_factor`.  Units whose
        pieces are identical affine functions of the layer input (leaky relu
        with slope 1) never cut and are left out.  Substituting rational
        values gives the exact value.

    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> net = Network(1, [Dense([[1], [2]], [0, -1], "relu")])
    >>> partition_polynomial(net)
    x_0*(2*x_0 - 1)
    """
    z = _x_symbols(net.input_dim, x)
    factors = []
    for layer in maso_layers(net)[:n_layers]:
        outputs = []
        for slopes, offsets in zip(layer.slopes, layer.offsets):
            values = [piece_value(_exact_column(a), rational(b), z) for a, b in zip(slopes, offsets)]
            if len(set(zip(map(tuple, slopes), offsets))) > 1:
                factors.append(unit_factor(values))
            outputs.append(sympy.Max(*values))
        z = _column(outputs)
    return sympy.Mul(*factors)


def region_polynomial(net: Network, code, x: Vector | None = None) -> sympy.Expr:
    """The partition polynomial on one region: a product of polynomials in x (Theorem 4).

    On the region of ``code`` every layer is affine (``z^(l) = G_l x + h_l``),
    so every two-piece unit's factor is an affine function of x and
    ``Pol_L`` is a product of ``sum_l D(l)`` affine functions: its degree is
    ``sum_l D(l)`` (errata E5: not ``prod_l D(l)``), lower exactly where some
    factor is constant.  Units with R >= 3 pieces contribute their gaps to the
    piece of ``code`` (degree R - 1).  Same units as :func:`partition_polynomial`.

    Parameters
    ----------
    net : Network
    code : Code
        The region's code.
    x : column of symbols, optional
        Default ``symbolic_vector("x", net.input_dim)``.

    Returns
    -------
    sympy.Expr
        A product of polynomials.

    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> net = Network(1, [Dense([[1], [2]], [0, -1], "relu"), Dense([[1, 1]], [0], "relu")])
    >>> sympy.factor(region_polynomial(net, ((1, 1), (1,))))
    x_0*(2*x_0 - 1)*(3*x_0 - 1)
    """
    layers = maso_layers(net)
    xs = _x_symbols(net.input_dim, x)
    maps = layer_maps(layers, code)
    factors = []
    for index, (layer, pieces) in enumerate(zip(layers, code)):
        if index == 0:
            z = xs
        else:
            G, h = maps[index - 1].G, maps[index - 1].h
            z = sympy.ImmutableMatrix([[rational(v) for v in row] for row in G]) * xs + _exact_column(h)
        for slopes, offsets, r in zip(layer.slopes, layer.offsets, pieces):
            if len(set(zip(map(tuple, slopes), offsets))) == 1:
                continue
            values = [sympy.expand(piece_value(_exact_column(a), rational(b), z)) for a, b in zip(slopes, offsets)]
            if len(values) == 2:
                factors.append(values[1] - values[0])
            else:
                factors.append(sympy.Mul(*[values[r] - v for s, v in enumerate(values) if s != r]))
    return sympy.Mul(*factors)


def piecewise_partition_polynomial(partition, x: Vector | None = None) -> sympy.Piecewise:
    """``Pol_L`` (eq. 23) as a Piecewise over the regions of a :class:`~exactpd.enumeration.partition.Partition`.

    Branch i is :func:`region_polynomial` on region i, under the condition
    ``A_i x <= b_i`` of its closed polytope (so on a shared facet the first
    region in code order gives the value; ``Pol`` is continuous, so every
    branch gives the same value there).

    Parameters
    ----------
    partition : Partition
    x : column of symbols, optional

    Returns
    -------
    sympy.Piecewise

    Examples
    --------
    >>> from exactpd import Dense, box, enumerate_regions
    >>> part = enumerate_regions(Network(1, [Dense([[1]], [0], "relu")]), box([-1], [1]))
    >>> x = symbolic_vector("x", 1)
    >>> piecewise_partition_polynomial(part, x).subs(x[0], sympy.Rational(1, 2))
    1/2
    """
    net = partition.network
    xs = _x_symbols(net.input_dim, x)
    branches = []
    for region in partition.regions:
        condition = sympy.And(
            *[sum(a * v for a, v in zip(row, xs)) <= b for row, b in zip(region.polytope.A, region.polytope.b)]
        )
        branches.append((region_polynomial(net, region.code, xs), condition))
    return sympy.Piecewise(*branches)


# --------------------------------------------------------------------------- bends (eq. 26, Props. 5-6)


def proposition_5_cosine(S, a, s_off=0, s_on=1) -> sympy.Expr:
    """The corrected Prop. 5 (errata E1) and its two-piece generalisation, ``cos theta(r, r')``.

    ``(S + s_off s_on a) / sqrt((S + s_off^2 a)(S + s_on^2 a))`` where unit d'
    flips between slopes ``s_off`` and ``s_on`` (relu 0 and 1, leaky eta and 1,
    abs -1 and 1), ``a = (w_{d'})^2 ||W1_{d'}||^2`` and
    ``S = sum_{d != d'} s_d^2 (w_d)^2 ||W1_d||^2``.  For relu it is
    ``sqrt(S / (S + a))``.

    Parameters
    ----------
    S, a : number or sympy.Expr
    s_off, s_on : number or sympy.Expr
        The slopes of the flipping unit's two pieces (default relu: 0 and 1).

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> proposition_5_cosine(1, 1), proposition_5_cosine(3, 1, -1, 1)
    (sqrt(2)/2, 1/2)
    """
    S, a, s_off, s_on = map(sympy.sympify, (S, a, s_off, s_on))
    return (S + s_off * s_on * a) / sympy.sqrt((S + s_off**2 * a) * (S + s_on**2 * a))


def printed_proposition_5_cosine(w_flip, norm_flip, others) -> sympy.Expr:
    """Prop. 5 (eq. 30) as printed: ``(1 + |w_{d'}| ||W1_{d'}|| / sum_{d != d', on} |w_d| ||W1_d||)^{-1}`` (wrong, E1).

    Parameters
    ----------
    w_flip, norm_flip : number or sympy.Expr
        ``w_{d'}`` and ``||W1_{d'}||`` of the unit that flips.
    others : sequence of (w_d, ||W1_d||)
        The other active units; norms may be ``sympy.sqrt`` expressions.

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> printed_proposition_5_cosine(1, 1, [(1, 1)])
    1/2
    """
    total = sum(abs(sympy.sympify(w)) * n for w, n in others)
    return 1 / (1 + abs(sympy.sympify(w_flip)) * norm_flip / total)


def bend_cosine(bend) -> sympy.Expr:
    """The signed cosine of a bend (eq. 26) as an exact expression: ``sign * sqrt(cos2)``.

    Parameters
    ----------
    bend : Bend
        An :class:`exactpd.boundary.decision.Bend` (or anything with ``cos2`` and ``sign``).

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> from exactpd.boundary.decision import Bend
    >>> bend_cosine(Bend(0, 1, 0, Fraction(1, 2), -1, ()))
    -sqrt(2)/2
    """
    return bend.sign * sympy.sqrt(rational(bend.cos2))


def bend_angle(bend) -> sympy.Expr:
    """The bend angle ``theta = acos(cos theta)`` in radians (eq. 26), exact.

    Parameters
    ----------
    bend : Bend

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> from exactpd.boundary.decision import Bend
    >>> bend_angle(Bend(0, 1, 0, Fraction(1, 2), -1, ()))
    3*pi/4
    """
    return sympy.acos(bend_cosine(bend))


# --------------------------------------------------------------------------- identities and errata


def _codes(n_units: int, n_pieces: int):
    return list(itertools.product(range(n_pieces), repeat=n_units))


def _components(matrix) -> tuple:
    return tuple(sympy.ImmutableMatrix(matrix))


def identities(dim: int = 2) -> tuple[Identity, ...]:
    """The paper's general identities, with symbolic weights, in input dimension ``dim``.

    Parameters
    ----------
    dim : int
        D, the dimension of the space the units act on (1 to 4 expand
        quickly; the unit, layer and map sizes are stated in each identity's
        ``dims``).

    Returns
    -------
    tuple of Identity
        ``lemma-1``, ``theorem-1``, ``lemma-5``, ``theorem-2``,
        ``section-6`` (centroid and power weight by backprop), ``lemma-7``,
        ``eq-27``, ``eq-28``, ``proposition-4``, ``chordale``,
        ``examples-1-2``, ``theorem-6``, ``theorem-4``, ``eq-20``,
        ``proposition-5`` (relu, leaky, abs), ``proposition-6``: one
        function each, listed in ``_IDENTITIES``.  :func:`prove` proves each.

    Examples
    --------
    >>> all(prove(i) for i in identities(2))
    True
    """
    return tuple(build(dim) for build in _IDENTITIES)


_K, _R = 2, 2
"""The units and pieces of the two-unit identities."""


def _size(D: int) -> str:
    return f"D = {D}"


def _map(m: int, D: int) -> tuple[Vector, Vector]:
    """A symbolic affine map ``x -> G x + h`` from R^D to R^m."""
    G = sympy.ImmutableMatrix(m, D, lambda i, j: sympy.Symbol(f"G_{i}_{j}", real=True))
    return G, symbolic_vector("h", m)


def _lemma_1_identity(D: int) -> Identity:
    """Lemma 1: a unit's pieces are the Laguerre distances to its sites, up to ``||x||^2 / 2``."""
    x, unit = symbolic_vector("x", D), symbolic_unit("k", 3, D)
    return Identity(
        "lemma-1",
        "E_r(x) = <A_r, x> + B_r = (||x||^2 - lambda(x; mu_r, rho_r)) / 2 with mu_r = A_r, "
        "rho_r = ||A_r||^2 + 2 B_r, so argmax_r E_r = argmin_r lambda",
        tuple(piece_value(unit.slopes[r], unit.offsets[r], x) - (_norm2(x) - laguerre(x, unit_site(unit, r))) / 2 for r in range(3)),
        f"{_size(D)}, R = 3 pieces",
    )


def _theorem_1_identity(D: int) -> Identity:
    """Theorem 1: a layer's sum of pieces is the Laguerre distance to the code's site, for every code."""
    x, layer = symbolic_vector("x", D), symbolic_layer("u", 3, _R, D)
    return Identity(
        "theorem-1",
        "sum_k E_{k,r_k}(x) = (||x||^2 - lambda(x; mu_r, rho_r)) / 2 with mu_r = sum_k A_{k,r_k}, "
        "rho_r = ||mu_r||^2 + 2 sum_k B_{k,r_k}, for every code r",
        tuple(
            sum(piece_value(u.slopes[r], u.offsets[r], x) for u, r in zip(layer.units, code))
            - (_norm2(x) - laguerre(x, layer_site(layer, code))) / 2
            for code in _codes(3, _R)
        ),
        f"{_size(D)}, K = 3 units, R = 2 pieces (all 8 codes)",
    )


def _lemma_5_identity(D: int) -> Identity:
    """Lemma 5: two units' sites combine into the Theorem-1 site."""
    pair = symbolic_layer("u", _K, _R, D)
    differences = []
    for i, j in _codes(_K, _R):
        combined = combine_sites(unit_site(pair.units[0], i), unit_site(pair.units[1], j))
        target = layer_site(pair, (i, j))
        differences += list(_components(combined.centroid - target.centroid)) + [combined.power_weight - target.power_weight]
    return Identity(
        "lemma-5",
        "mu_ij = mu_1i + mu_2j and rho_ij = rho_1i + rho_2j + 2 <A_1i, A_2j> (b = -rho: "
        "b_ij = b_1i + b_2j - 2 <A_1i, A_2j>) give the Theorem-1 sites",
        tuple(differences),
        f"{_size(D)}, K = 2 units, R = 2 pieces",
    )


def _theorem_2_identity(D: int, m: int = 2) -> Identity:
    """Theorem 2 (eqs. 31-32 corrected): a layer after ``x -> G x + h`` is the power diagram of the pulled-back sites."""
    x, (G, h), inner = symbolic_vector("x", D), _map(m, D), symbolic_layer("v", _K, _R, m)
    differences = []
    for code in _codes(_K, _R):
        value = sum(piece_value(u.slopes[r], u.offsets[r], G * x + h) for u, r in zip(inner.units, code))
        differences.append(value - (_norm2(x) - laguerre(x, mapped_site(inner, code, G, h))) / 2)
    return Identity(
        "theorem-2",
        "on a region where z^(l-1) = G x + h, sum_k E_{k,r_k}(G x + h) = (||x||^2 - lambda(x; mu, rho)) / 2 with "
        "mu = G^T mu_r, rho = ||G^T mu_r||^2 + 2 <mu_r, h> + 2 beta_r (eqs. 31-32 corrected)",
        tuple(differences),
        f"{_size(D)}, G of size {m} x {D}, K = 2 units, R = 2 pieces",
    )


def _section_6_identity(D: int, m: int = 2) -> Identity:
    """Section 6: the centroid ``J^T 1`` and power weight by backprop give ``||x||^2 - 2 * 1^T z``."""
    x, (G, h) = symbolic_vector("x", D), _map(m, D)
    ones = sympy.ImmutableMatrix.ones(m, 1)
    mu = G.T * ones
    backprop = SymbolicSite(mu, _norm2(mu) + 2 * _dot(ones, h))
    return Identity(
        "section-6",
        "with z^(l) = G x + h on a region, mu = G^T 1 = J^T 1 and rho = ||mu||^2 + 2 * 1^T h give "
        "lambda(x; mu, rho) = ||x||^2 - 2 * 1^T z^(l)(x)",
        (laguerre(x, backprop) - (_norm2(x) - 2 * _dot(ones, G * x + h)),),
        f"{_size(D)}, G of size {m} x {D}",
    )


def _lemma_7_identity(D: int, m: int = 2) -> Identity:
    """Lemma 7: two units after ``x -> G x + h``, in the ``+ b`` convention, equal -rho of Theorem 2."""
    (G, h), inner = _map(m, D), symbolic_layer("v", _K, _R, m)
    differences = []
    for i, j in _codes(_K, _R):
        a_i, a_j = inner.units[0].slopes[i], inner.units[1].slopes[j]
        B_i, B_j = inner.units[0].offsets[i], inner.units[1].offsets[j]
        b_ij = lemma_7_offset(a_i, B_i, G, h) + lemma_7_offset(a_j, B_j, G, h) - 2 * _dot(G.T * a_i, G.T * a_j)
        final = -2 * (B_i + B_j) - 2 * _dot(a_i + a_j, h) - _norm2(G.T * (a_i + a_j))
        differences += [b_ij + mapped_site(inner, (i, j), G, h).power_weight, b_ij - final]
    return Identity(
        "lemma-7",
        "b_ij = b_i + b_j - 2 <G^T A_1i, G^T A_2j> with b_i = -||G^T A_i||^2 - 2 <A_i, h> - 2 B_i equals "
        "-2 B - 2 A^T h - ||G^T A||^2 (A = A_1i + A_2j, B = B_1i + B_2j) and -rho of Theorem 2",
        tuple(differences),
        f"{_size(D)}, G of size {m} x {D}, K = 2 units, R = 2 pieces",
    )


def _eq_27_identity(D: int) -> Identity:
    """Eq. 27: a piece with power weight 0 is tangent to the paraboloid."""
    x, a = symbolic_vector("x", D), symbolic_vector("a", D)
    tangent = -_norm2(a) / 2
    return Identity(
        "eq-27",
        "a piece with offset -||a||^2 / 2 (power weight 0) is tangent to U at a: U(x) - E(x) = ||x - a||^2 / 2",
        (paraboloid(x) - piece_value(a, tangent, x) - _norm2(x - a) / 2,),
        _size(D),
    )


def _eq_28_identity(D: int) -> Identity:
    """Eq. 28: with every piece tangent, the paraboloid lies above the unit."""
    x, unit = symbolic_vector("x", D), symbolic_unit("k", 3, D)
    return Identity(
        "eq-28",
        "with every piece tangent, U - E_r = ||x - A_r||^2 / 2 >= 0 for each r, so U >= P_k = max_r E_r "
        "with equality exactly at the points A_r",
        tuple(paraboloid(x) - piece_value(s, -_norm2(s) / 2, x) - _norm2(x - s) / 2 for s in unit.slopes),
        f"{_size(D)}, R = 3 pieces",
    )


def _proposition_4_identity(D: int) -> Identity:
    """Prop. 4: hyperplanes and spheres correspond through the paraboloid, both ways."""
    x, a, c = symbolic_vector("x", D), symbolic_vector("a", D), sympy.Symbol("c", real=True)
    sphere = hyperplane_to_sphere(a, c)
    back_slope, back_offset = sphere_to_hyperplane(sphere)
    nu, rho = symbolic_vector("mu", D), sympy.Symbol("rho", real=True)
    again = hyperplane_to_sphere(*sphere_to_hyperplane(SymbolicSite(nu, rho)))
    return Identity(
        "proposition-4",
        "U(x) - E(x) = lambda(x; a, ||a||^2 + 2 c) / 2, so {U = E} projects to the sphere ||x - a||^2 = rho; "
        "hyperplane -> sphere -> hyperplane and sphere -> hyperplane -> sphere are the identity",
        (paraboloid(x) - piece_value(a, c, x) - laguerre(x, sphere) / 2, back_offset - c, again.power_weight - rho)
        + _components(back_slope - a)
        + _components(again.centroid - nu),
        _size(D),
    )


def _chordale_identity(D: int) -> Identity:
    """The chordale (radical hyperplane) of two sites is the difference of their Laguerre distances."""
    x = symbolic_vector("x", D)
    s = SymbolicSite(symbolic_vector("mus", D), sympy.Symbol("rhos", real=True))
    t = SymbolicSite(symbolic_vector("mut", D), sympy.Symbol("rhot", real=True))
    normal, offset = chordale(s, t)
    return Identity(
        "chordale",
        "lambda(x; s) - lambda(x; t) = <2 (mu_t - mu_s), x> - (||mu_t||^2 - ||mu_s||^2 - rho_t + rho_s): "
        "the radical hyperplane of two sites",
        (laguerre(x, s) - laguerre(x, t) - (_dot(normal, x) - offset),),
        _size(D),
    )


def _examples_1_2_identity(D: int) -> Identity:
    """Examples 1-2 (App. A.2): neighbouring sites' chordale normals, axis-parallel and diagonal."""
    pair = symbolic_layer("u", _K, _R, D)
    differences = []
    for code in _codes(_K, _R):
        for k in range(_K):
            other = list(code)
            other[k] = 1 - code[k]
            normal, _ = chordale(layer_site(pair, code), layer_site(pair, other))
            differences += list(_components(normal - 2 * (pair.units[k].slopes[other[k]] - pair.units[k].slopes[code[k]])))
    cst0, cst1, eta = sympy.symbols("c_0 c_1 eta", real=True)
    axis = SymbolicUnit((_column([cst0] + [0] * (D - 1)), _column([cst1] + [0] * (D - 1))), (0, 0))
    normal, _ = chordale(unit_site(axis, 0), unit_site(axis, 1))
    differences += list(normal[1:, 0])
    signs = _column([(-1) ** d for d in range(D)])
    leaky = SymbolicUnit((eta * cst0 * signs, cst0 * signs), (0, 0))
    normal, _ = chordale(unit_site(leaky, 0), unit_site(leaky, 1))
    differences += list(_components(normal - 2 * (1 - eta) * cst0 * signs))
    return Identity(
        "examples-1-2",
        "sites whose codes differ in unit k only have the chordale normal 2 (A_{k,s} - A_{k,r}); "
        "pieces on one shared axis give an axis-parallel normal (Ex. 1, with E7's condition); "
        "pieces eta c sigma, c sigma with sigma in {+-1}^D give the diagonal normal 2 (1 - eta) c sigma (Ex. 2)",
        tuple(differences),
        f"{_size(D)}, K = 2 units, R = 2 pieces",
    )


def _theorem_6_identity(D: int) -> Identity:
    """Theorem 6: a unit's piece moves exactly the sites whose code uses it (derivatives of the sites)."""
    pair = symbolic_layer("u", _K, _R, D)
    differences = []
    for code in _codes(_K, _R):
        site = layer_site(pair, code)
        for k in range(_K):
            for piece in range(_R):
                uses = int(code[k] == piece)
                differences.append(sympy.diff(site.power_weight, pair.units[k].offsets[piece]) - 2 * uses)
                for d in range(D):
                    expected = _column([uses if e == d else 0 for e in range(D)])
                    differences += list(_components(sympy.diff(site.centroid, pair.units[k].slopes[piece][d, 0]) - expected))
    return Identity(
        "theorem-6",
        "d mu_r / d A_{k,s,d} = 1{r_k = s} e_d and d rho_r / d B_{k,s} = 2 * 1{r_k = s}: "
        "a unit's piece moves exactly the sites whose code uses it",
        tuple(differences),
        f"{_size(D)}, K = 2 units, R = 2 pieces",
    )


def _theorem_4_identity(D: int, n_factors: int = 3) -> Identity:
    """Theorem 4 (degree corrected, E5): a product of m affine functions has degree m."""
    x = symbolic_vector("x", D)
    forms = [piece_value(symbolic_vector(f"g{i}", D), sympy.Symbol(f"e{i}", real=True), x) for i in range(n_factors)]
    degree = sympy.Poly(sympy.Mul(*forms), *x).total_degree()
    return Identity(
        "theorem-4",
        "a product of m affine functions with non-zero slopes has degree m in x (E5: "
        "Pol_L on a region has degree sum_l D(l), not prod_l D(l))",
        (sympy.Integer(degree - n_factors),),
        f"{_size(D)}, m = {n_factors} generic affine factors",
    )


def _eq_20_identity(D: int) -> Identity:
    """Eq. 20: the squared distance to a facet hyperplane, and its foot."""
    x, a, b = symbolic_vector("x", D), symbolic_vector("a", D), sympy.Symbol("b", real=True)
    foot = x - ((_dot(a, x) - b) / _norm2(a)) * a
    return Identity(
        "eq-20",
        "the foot p = x - ((<a, x> - b) / ||a||^2) a lies on <a, p> = b and ||x - p||^2 = (<a, x> - b)^2 / ||a||^2: "
        "squared distance to a facet hyperplane",
        (_dot(a, foot) - b, _norm2(x - foot) - (_dot(a, x) - b) ** 2 / _norm2(a)),
        _size(D),
    )


def _proposition_5_identity(dim: int) -> Identity:
    """Eq. 26 for a 2-layer net with orthogonal first-layer rows, against the corrected Prop. 5 (E1).

    Stated on 3 first-layer units whatever ``dim`` is (eq. 26 is rotation invariant).
    """
    n = 3  # unit 0 flips, units 1 and 2 keep their state
    w = sympy.symbols(f"w_0:{n}", real=True)
    norms = sympy.symbols(f"n_0:{n}", positive=True)
    states = sympy.symbols(f"s_1:{n}", real=True)
    W1 = [_column([norms[d] if e == d else 0 for e in range(n)]) for d in range(n)]  # orthogonal rows n_d e_d
    S = sum(s**2 * w[d] ** 2 * norms[d] ** 2 for d, s in zip(range(1, n), states))
    a = w[0] ** 2 * norms[0] ** 2
    differences = []
    for s_off, s_on in ((sympy.Integer(0), sympy.Integer(1)), (sympy.Symbol("eta", real=True), sympy.Integer(1)), (sympy.Integer(-1), sympy.Integer(1))):
        grad_off = sum((s * w[d] * W1[d] for d, s in zip(range(1, n), states)), s_off * w[0] * W1[0])
        grad_on = sum((s * w[d] * W1[d] for d, s in zip(range(1, n), states)), s_on * w[0] * W1[0])
        inner = _dot(grad_off, grad_on)
        predicted = proposition_5_cosine(S, a, s_off, s_on)
        differences.append(inner**2 / (_norm2(grad_off) * _norm2(grad_on)) - predicted**2)
        differences.append(inner - (S + s_off * s_on * a))
    relu = proposition_5_cosine(S, a) - sympy.sqrt(S / (S + a))
    return Identity(
        "proposition-5",
        "2-layer net, orthogonal first-layer rows W1_d, output weights w_d, unit d' flipping between slopes "
        "s_off and s_on: cos^2 theta = (S + s_off s_on a)^2 / ((S + s_off^2 a)(S + s_on^2 a)) and the sign of "
        "cos theta is that of S + s_off s_on a, with a = w_{d'}^2 ||W1_{d'}||^2 and S = sum_{d != d'} s_d^2 w_d^2 ||W1_d||^2; "
        "relu (0, 1): cos theta = sqrt(S / (S + a)) (E1); leaky (eta, 1); abs (-1, 1): (S - a) / (S + a)",
        tuple(differences) + (relu,),
        "3 first-layer units with rows n_d e_d (any orthogonal rows are a rotation of these; eq. 26 is rotation invariant), symbolic states of the 2 other units",
    )


def _proposition_6_identity(dim: int) -> Identity:
    """Prop. 6 under the corrected hypothesis (E8): every a_d equal (independent of ``dim``)."""
    a = sympy.Symbol("a", positive=True)
    differences = []
    for n in range(1, 5):
        differences.append(proposition_5_cosine(n * a, a) ** 2 - sympy.Rational(n, n + 1))
    return Identity(
        "proposition-6",
        "with every a_d = w_d^2 ||W1_d||^2 equal (equal row norms AND equal |w_d|, E8), a relu bend with n other "
        "active units has cos^2 theta = n / (n + 1): 45, 35.3, 30, 26.6 degrees for n = 1..4, decreasing in n",
        tuple(differences),
        "n = 1, 2, 3, 4 other active units",
    )


_IDENTITIES = (
    _lemma_1_identity,
    _theorem_1_identity,
    _lemma_5_identity,
    _theorem_2_identity,
    _section_6_identity,
    _lemma_7_identity,
    _eq_27_identity,
    _eq_28_identity,
    _proposition_4_identity,
    _chordale_identity,
    _examples_1_2_identity,
    _theorem_6_identity,
    _theorem_4_identity,
    _eq_20_identity,
    _proposition_5_identity,
    _proposition_6_identity,
)
"""Every identity of :func:`identities`, in order: ``build(dim) -> Identity``."""


def errata() -> tuple[Erratum, ...]:
    """The printed formulas that differ from the corrected ones (spec errata E1-E6, E8, E11).

    E7, E9 and E10 are not formulas (a missing hypothesis, the authors' code,
    a cross-reference); :mod:`exactpd.checks.errata` shows them on networks.

    Returns
    -------
    tuple of Erratum

    Examples
    --------
    >>> [e.id for e in errata() if differs(e)]
    ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e8', 'e11']
    """
    return tuple(build() for build in _ERRATA)


_ERRATA_D = 2
"""The dimension the symbolic errata E2-E4 and E11 are stated in."""


def _one_other_unit() -> tuple[sympy.Symbol, sympy.Symbol]:
    """``a_0`` (the unit that flips) and ``a_1`` (the one other active unit) of errata E1 and E8."""
    return sympy.symbols("a_0 a_1", positive=True)


def _e1_erratum() -> Erratum:
    """E1: Prop. 5 (eq. 30) as printed vs corrected, with one other active unit."""
    a0, a1 = _one_other_unit()
    return Erratum(
        "e1",
        "Prop. 5 (eq. 30) with one other active unit: printed (1 + |w_0| ||W1_0|| / |w_1| ||W1_1||)^-1, "
        "corrected sqrt(S / (S + a)); a_d = w_d^2 ||W1_d||^2",
        printed_proposition_5_cosine(sympy.sqrt(a0), 1, [(sympy.sqrt(a1), 1)]),
        proposition_5_cosine(a1, a0),
        "one other active unit",
    )


def _e2_erratum() -> Erratum:
    """E2: Lemma 5's last line with ``b = +rho``."""
    pair = symbolic_layer("u", 2, 2, _ERRATA_D)
    s, t = unit_site(pair.units[0], 0), unit_site(pair.units[1], 0)
    printed = (
        _norm2(s.centroid) + 2 * pair.units[0].offsets[0] + _norm2(t.centroid) + 2 * pair.units[1].offsets[0]
        + 2 * _dot(s.centroid, t.centroid)
    )
    return Erratum(
        "e2",
        "Lemma 5 proof, last line: printed b_ij = ||A_1i||^2 + 2 B_1i + ||A_2j||^2 + 2 B_2j + 2 <A_1i, A_2j> "
        "(that is +rho_ij); corrected b_ij = -rho_ij",
        printed,
        -combine_sites(s, t).power_weight,
        f"D = {_ERRATA_D}, K = 2 units",
    )


def _e3_erratum() -> Erratum:
    """E3: eq. 32 with ``G^T`` applied twice."""
    D = _ERRATA_D
    pair = symbolic_layer("u", 2, 2, D)
    G, h = _map(D, D)
    site = mapped_site(pair, (0, 1), G, h)
    beta = pair.units[0].offsets[0] + pair.units[1].offsets[1]
    mu_x = site.centroid
    return Erratum(
        "e3",
        "eq. 32: printed rad = -||G^T mu^(1<-2)||^2 - 2 mu^(1<-2)^T h - 2 sum B with mu^(1<-2) = G^T mu already "
        "(G^T applied twice; an input-space vector paired with h); corrected b = -||G^T mu||^2 - 2 <mu, h> - 2 beta",
        -_norm2(G.T * mu_x) - 2 * _dot(mu_x, h) - 2 * beta,
        -site.power_weight,
        f"square G ({D} x {D}), the only case where the printed form is defined",
    )


def _e4_erratum() -> Erratum:
    """E4: eq. 29 without the square."""
    D = _ERRATA_D
    z, mu, r = symbolic_vector("z", D), symbolic_vector("mu", D), sympy.Symbol("rho", real=True)
    return Erratum(
        "e4",
        "eq. 29: printed ||z - mu|| - rad, corrected ||z - mu||^2 - rad (the Laguerre distance)",
        sympy.sqrt(_norm2(z - mu)) - r,
        _norm2(z - mu) - r,
        f"D = {D}",
    )


def _e5_erratum() -> Erratum:
    """E5: the degree of the partition polynomial."""
    widths = sympy.symbols("D_1:4", positive=True, integer=True)
    return Erratum(
        "e5",
        "Theorem 4 proof: printed degree prod_l D(l), corrected sum_l D(l)",
        sympy.Mul(*widths),
        sympy.Add(*widths),
        "L = 3 layers",
    )


def _e6_erratum() -> Erratum:
    """E6: Lemma 4's brute-force cost."""
    Rs, Dl, Dp = sympy.symbols("R D_l D_lm1", positive=True, integer=True)
    return Erratum(
        "e6",
        "Lemma 4: printed brute-force cost R^D(l) R D(l-1), corrected R^D(l) D(l-1) multiply-adds",
        Rs**Dl * Rs * Dp,
        Rs**Dl * Dp,
        "symbolic R, D(l), D(l-1)",
    )


def _e8_erratum() -> Erratum:
    """E8: Prop. 6's hypothesis (equal ``a_d``, not only equal row norms)."""
    a0, a1 = _one_other_unit()
    return Erratum(
        "e8",
        "Prop. 6 needs every a_d = w_d^2 ||W1_d||^2 equal: printed (equal row norms only, one other active unit) "
        "cos^2 = 1/2; corrected cos^2 = a_1 / (a_1 + a_0)",
        sympy.Rational(1, 2),
        proposition_5_cosine(a1, a0) ** 2,
        "one other active unit",
    )


def _e11_erratum() -> Erratum:
    """E11: the authors' figure code's layer radius."""
    pair = symbolic_layer("u", 2, 2, _ERRATA_D)
    W = [pair.units[k].slopes[1] for k in range(2)]
    B = [pair.units[k].offsets[1] for k in range(2)]
    radii = [unit_site(pair.units[k], 1).power_weight for k in range(2)]
    return Erratum(
        "e11",
        "authors' figure code: layer radius composed as sum_k B_k - 2 sum_{i<j} <W_i, W_j> while using "
        "||x - mu||^2 - r; corrected sum_k r_k + 2 sum_{i<j} <W_i, W_j> (= Theorem 1's rho)",
        B[0] + B[1] - 2 * _dot(W[0], W[1]),
        radii[0] + radii[1] + 2 * _dot(W[0], W[1]),
        f"D = {_ERRATA_D}, K = 2 units",
    )


_ERRATA = (_e1_erratum, _e2_erratum, _e3_erratum, _e4_erratum, _e5_erratum, _e6_erratum, _e8_erratum, _e11_erratum)
"""Every erratum of :func:`errata`, in order: ``build() -> Erratum``."""


def _is_zero(expression) -> bool:
    expression = sympy.sympify(expression)
    if sympy.expand(expression) == 0:
        return True
    if sympy.cancel(sympy.together(expression)) == 0:
        return True
    return sympy.simplify(expression) == 0


def prove(identity: Identity) -> bool:
    """Whether every difference of ``identity`` simplifies to zero (a proof for its symbolic sizes).

    Each ``lhs - rhs`` is expanded, then put over a common denominator and
    cancelled, then passed to ``sympy.simplify``; zero at any stage proves it.

    Parameters
    ----------
    identity : Identity

    Returns
    -------
    bool

    Examples
    --------
    >>> prove(next(i for i in identities(1) if i.id == "lemma-5"))
    True
    """
    return all(_is_zero(d) for d in identity.differences)


def differs(erratum: Erratum) -> bool:
    """Whether ``printed - corrected`` is not identically zero (tested at a rational point).

    A point where the two differ proves it; the point is taken with all
    symbols equal to distinct small positive integers.

    Parameters
    ----------
    erratum : Erratum

    Returns
    -------
    bool

    Examples
    --------
    >>> differs(next(e for e in errata() if e.id == "e5"))
    True
    """
    difference = sympy.sympify(erratum.printed - erratum.corrected)
    symbols = sorted(difference.free_symbols, key=lambda s: s.name)
    values = {s: sympy.Integer(i + 2) for i, s in enumerate(symbols)}
    return sympy.simplify(difference.subs(values)) != 0
