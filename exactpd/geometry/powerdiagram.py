"""Power diagrams of MASO layers, exact (paper sections 3-6: Lemmas 1, 4, 5, Theorems 1, 2, 7).

Convention (fixed for exactpd)
------------------------------
A *site* is a centroid mu and a *power weight* rho, the squared radius, of
any sign; its square root is never stored.  The Laguerre (power) distance is

    lambda(x; mu, rho) = ||x - mu||^2 - rho

and the cell of a site is where this distance is smallest (argmin).  The
paper's proofs (Lemmas 5, 7, eq. 32) write ``argmin ||x - mu||^2 + b`` with
``b = -rho``; exactpd uses rho only.

Codes and factored storage
--------------------------
A :class:`PowerDiagram` is stored *factored*: a tuple of factors, each a
tuple of :class:`PowerSite`.  A site of the diagram picks one site of every
factor; its code is the concatenation of their codes and (Lemma 5, applied
recursively)

    mu = sum_k mu_k,    rho = ||mu||^2 + sum_k (rho_k - ||mu_k||^2).

For a MASO layer the factors are the unit diagrams of Lemma 1, so a code is
one piece index per unit and this is Theorem 1.  The R_1 * ... * R_K sites
are never materialised: :meth:`PowerDiagram.cell` builds one in O(K D).

Ties
----
Since ``rho_k - ||mu_k||^2 = 2 beta_k`` (the offset of the factor's affine
piece), the Laguerre distance splits over the factors:

    lambda(x; mu_r, rho_r) = ||x||^2 - 2 sum_k (<mu_{k, r_k}, x> + beta_{k, r_k}).

So the set of minimising codes at x is exactly the Cartesian product of the
per-factor sets of maximising pieces, in every case (coinciding sites,
duplicated pieces, dead units included).  exactpd breaks ties towards the
lexicographically smallest code; the smallest element of a product of sets
is the tuple of the smallest elements, so this *is* the forward pass's rule
(per unit, the lowest piece index).  The brute-force argmin
(:func:`locate_brute_force`, eq. 29) and the per-unit argmax
(:func:`locate_fast`, Lemma 4) therefore return the same code at every
point, boundaries included.  For x on a boundary the located site is the
lex-smallest of the sites whose closed cells contain x.

Layer indices
-------------
``layer_index`` counts the *nonlinear* layers of a network (the entries of
:func:`exactpd.network.maso.maso_layers`), from 0: layer_index ``l`` is layer
``l + 1`` in the paper.  A network's final affine output map has no code and
no diagram here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product
from typing import Any, Iterator, Sequence, Union

from exactpd.errors import DimensionError, InvalidNetworkError
from exactpd.network.forward_pass import PointTrace
from exactpd.network.maso import AffineMap, MasoLayer, layer_maps, maso_layers, piece_map
from exactpd.network.layers import Network
from exactpd.rational import QVector, dot, to_rational, to_vector

__all__ = [
    "PowerSite",
    "PowerCell",
    "PowerDiagram",
    "LocateResult",
    "power_distance",
    "chordale",
    "piece_site",
    "site_offset",
    "map_site",
    "unit_power_diagram",
    "layer_power_diagram",
    "combine_unit_diagrams",
    "input_power_diagram",
    "point_site",
    "locate_fast",
    "locate_brute_force",
    "locate_network",
    "layer_sites",
]

Layers = Union[Network, MasoLayer, Sequence[MasoLayer]]


def _vector(values: Any, where: str) -> QVector:
    """``values`` as a tuple of Fractions, converting only when needed (sites are built in hot loops)."""
    if type(values) is tuple and all(type(v) is Fraction for v in values):
        return values
    return to_vector(values, where)


@dataclass(frozen=True)
class PowerSite:
    """One site of a power diagram: a centroid and a power weight (paper section 3).

    Parameters
    ----------
    centroid : sequence of numbers
        mu, converted exactly (:func:`~exactpd.rational.to_rational`).
    power_weight : number
        rho, the squared radius; any sign.  The cell of the site is where
        ``||x - mu||^2 - rho`` is smallest.
    code : tuple of int
        What the site belongs to: the code of a layer region (one piece index
        per unit), ``(r,)`` for piece r of a unit diagram, ``(s,)`` for the
        s-th site of a plain list of sites.

    Examples
    --------
    >>> PowerSite([1, "1/2"], -2, (0,))
    PowerSite(centroid=(Fraction(1, 1), Fraction(1, 2)), power_weight=Fraction(-2, 1), code=(0,))
    """

    centroid: QVector
    power_weight: Fraction
    code: tuple = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "centroid", _vector(self.centroid, "centroid"))
        if type(self.power_weight) is not Fraction:
            object.__setattr__(self, "power_weight", to_rational(self.power_weight, "power_weight"))
        if type(self.code) is not tuple:
            object.__setattr__(self, "code", tuple(self.code))


PowerCell = PowerSite
"""Another name for :class:`PowerSite`: ``diagram.cell(code)`` returns the site that owns the cell."""


def _laguerre(u: QVector, centroid: QVector, power_weight: Fraction) -> Fraction:
    """``||u - mu||^2 - rho``: ``len(u)`` multiply-adds."""
    total = -power_weight
    for a, b in zip(u, centroid):
        d = a - b
        total += d * d
    return total


def power_distance(x: Any, site: PowerSite) -> Fraction:
    """The Laguerre (power) distance ``lambda(x; mu, rho) = ||x - mu||^2 - rho`` (paper section 3).

    Parameters
    ----------
    x : sequence of numbers
    site : PowerSite

    Returns
    -------
    Fraction
        Negative inside the sphere of centre mu and squared radius rho,
        zero on it, and for x outside it the squared length of a tangent
        segment from x to the sphere (paper Fig. 1).

    Examples
    --------
    >>> power_distance([3, 0], PowerSite([0, 0], 4))
    Fraction(5, 1)
    """
    return _laguerre(_point(x, len(site.centroid)), site.centroid, site.power_weight)


def chordale(site_s: PowerSite, site_t: PowerSite) -> tuple[QVector, Fraction]:
    """The radical hyperplane ("chordale") of two sites (paper section 3, App. A).

    Parameters
    ----------
    site_s, site_t : PowerSite

    Returns
    -------
    normal : tuple of Fraction
        ``2 (mu_t - mu_s)``.
    offset : Fraction
        ``||mu_t||^2 - ||mu_s||^2 - rho_t + rho_s``.

    Raises
    ------
    DimensionError
        The centroids have different dimensions.

    Notes
    -----
    ``lambda(x; s) - lambda(x; t) = <normal, x> - offset`` for every x, so the
    hyperplane ``2 <mu_t - mu_s, x> = ||mu_t||^2 - ||mu_s||^2 - rho_t + rho_s``
    holds the points at equal power distance, and the halfspace
    ``<normal, x> <= offset`` (exactpd's ``A x <= b`` convention) is where s is
    at least as close as t.  Equal centroids give a zero normal: the two
    cells are then nested or equal, never separated by a hyperplane.

    Examples
    --------
    >>> chordale(PowerSite([0, 0], 1), PowerSite([2, 0], 1))
    ((Fraction(4, 1), Fraction(0, 1)), Fraction(4, 1))
    """
    mu_s, mu_t = site_s.centroid, site_t.centroid
    if len(mu_s) != len(mu_t):
        raise DimensionError(f"chordale: centroids of dimensions {len(mu_s)} and {len(mu_t)}")
    normal = tuple(2 * (b - a) for a, b in zip(mu_s, mu_t))
    return normal, dot(mu_t, mu_t) - dot(mu_s, mu_s) - site_t.power_weight + site_s.power_weight


def piece_site(slope: Any, offset: Any, code: tuple = ()) -> PowerSite:
    """The site of one affine piece ``x -> <slope, x> + offset`` (paper Lemma 1).

    Parameters
    ----------
    slope : sequence of numbers
        A_{k,r}.
    offset : number
        B_{k,r}.
    code : tuple of int
        Stored in the site.

    Returns
    -------
    PowerSite
        ``mu = A_{k,r}``, ``rho = ||A_{k,r}||^2 + 2 B_{k,r}``.

    Notes
    -----
    ``<A, x> + B = (||x||^2 - lambda(x; mu, rho)) / 2``, so the piece of
    largest value is the site of smallest power distance.  This is also the
    sphere of Prop. 4 where the hyperplane meets the lifted paraboloid
    (:func:`exactpd.geometry.lifting.hyperplane_to_sphere`).

    Examples
    --------
    >>> piece_site([1, 2], "-1/2", (1,)).power_weight
    Fraction(4, 1)
    """
    slope = _vector(slope, "slope")
    return PowerSite(slope, dot(slope, slope) + 2 * to_rational(offset, "offset"), code)


def site_offset(site: PowerSite) -> Fraction:
    """The offset beta of the affine piece whose site is ``site``: ``(rho - ||mu||^2) / 2``.

    The inverse of :func:`piece_site`: ``piece_site(site.centroid, site_offset(site))``
    has the same centroid and power weight as ``site``.

    Parameters
    ----------
    site : PowerSite

    Returns
    -------
    Fraction

    Notes
    -----
    Lemma 1 (one unit) and Theorem 1 (a layer) give the site of a piece as
    ``mu = A``, ``rho = ||A||^2 + 2 B``; this solves the second for B.

    Examples
    --------
    >>> site_offset(PowerSite([1, 2], 4))
    Fraction(-1, 2)
    """
    return (site.power_weight - dot(site.centroid, site.centroid)) / 2


def map_site(layer_map: AffineMap, code: tuple = ()) -> PowerSite:
    """The input-space site of a region whose layer output is ``x -> G x + h`` (paper section 6).

    Parameters
    ----------
    layer_map : AffineMap
        ``z^(l)(x) = G x + h`` on the region (e.g. from :func:`exactpd.network.maso.layer_maps`).
    code : tuple of int
        Stored in the site (the layer-l code of the region).

    Returns
    -------
    PowerSite
        ``mu = G^T 1`` (the column sums of G, the gradient of ``sum_k z_k``)
        and ``rho = ||mu||^2 + 2 sum_k h_k``.

    Notes
    -----
    Then ``lambda(x; mu, rho) = ||x||^2 - 2 sum_k z^(l)_k(x)``, and with
    ``G = A_r G_omega``, ``h = A_r h_omega + B_r`` this is the site of code r
    of Theorem 2 (eqs. 31-32, corrected): ``mu = G_omega^T mu_r``,
    ``rho = ||G_omega^T mu_r||^2 + 2 <mu_r, h_omega> + 2 beta_r``.

    Examples
    --------
    >>> one, half = Fraction(1), Fraction(1, 2)
    >>> map_site(AffineMap(((one, 0 * one), (one, one)), (0 * one, half)), (1, 1))
    PowerSite(centroid=(Fraction(2, 1), Fraction(1, 1)), power_weight=Fraction(6, 1), code=(1, 1))
    """
    centroid = tuple(sum(column, Fraction(0)) for column in zip(*layer_map.G))
    return PowerSite(centroid, dot(centroid, centroid) + 2 * sum(layer_map.h, Fraction(0)), code)


@dataclass(frozen=True)
class PowerDiagram:
    """A power diagram with one site per code, stored factored (paper Lemma 5, Theorem 1).

    Parameters
    ----------
    factors : sequence of sequences of PowerSite
        Factor k lists its sites (for a layer: unit k's Lemma-1 sites, codes
        ``(0,), ..., (R_k - 1,)``).  All centroids have the same dimension;
        within a factor the codes are distinct and of one length.  Each
        factor is stored sorted by code.

    Notes
    -----
    The site of a code picks site ``s_k`` of every factor (the code is the
    concatenation of their codes): ``mu = sum_k mu(s_k)`` and
    ``rho = ||mu||^2 + sum_k (rho(s_k) - ||mu(s_k)||^2)`` (Lemma 5 applied
    recursively; for a layer it is Theorem 1, ``rho = ||mu||^2 + 2 beta``).
    A plain list of sites is the one-factor diagram ``PowerDiagram([sites])``.
    ``len(diagram)`` is the number of sites, ``prod_k R_k``; they are never
    all built unless :meth:`sites` is iterated.  Two diagrams compare equal
    when their factors are equal.

    Examples
    --------
    >>> d = PowerDiagram([[PowerSite([0, 0], 0, (0,)), PowerSite([2, 0], 0, (1,))]])
    >>> len(d), d.locate([3, 5]).code
    (2, (1,))
    """

    factors: tuple
    _offsets: tuple = field(init=False, repr=False, compare=False)  # beta per factor site
    _positions: tuple = field(init=False, repr=False, compare=False)  # per factor: code -> position
    _code_lengths: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        factors = tuple(tuple(factor) for factor in self.factors)
        if not factors:
            raise DimensionError("a power diagram needs at least one factor")
        dims, code_lengths = set(), []
        for k, factor in enumerate(factors):
            if not factor:
                raise DimensionError(f"factor {k} has no sites")
            for site in factor:
                if not isinstance(site, PowerSite):
                    raise DimensionError(f"factor {k}: expected PowerSite, got {type(site).__name__}")
                dims.add(len(site.centroid))
            lengths = {len(site.code) for site in factor}
            if len(lengths) != 1:
                raise DimensionError(f"factor {k}: codes of unequal lengths {sorted(lengths)}")
            if len({site.code for site in factor}) != len(factor):
                raise DimensionError(f"factor {k}: two sites have the same code")
            code_lengths.append(lengths.pop())
        if len(dims) != 1:
            raise DimensionError(f"centroids of unequal dimensions {sorted(dims)}")
        factors = tuple(tuple(sorted(factor, key=lambda site: site.code)) for factor in factors)
        object.__setattr__(self, "factors", factors)
        object.__setattr__(self, "_offsets", tuple(tuple(site_offset(s) for s in f) for f in factors))
        object.__setattr__(
            self, "_positions", tuple({site.code: p for p, site in enumerate(f)} for f in factors)
        )
        object.__setattr__(self, "_code_lengths", tuple(code_lengths))

    @property
    def dim(self) -> int:
        """The dimension of the space the diagram lives in."""
        return len(self.factors[0][0].centroid)

    @property
    def n_candidates(self) -> tuple[int, ...]:
        """The number of sites of every factor (R_k for a layer)."""
        return tuple(len(factor) for factor in self.factors)

    def __len__(self) -> int:
        n = 1
        for size in self.n_candidates:
            n *= size
        return n

    def cell(self, code: Sequence[int]) -> PowerSite:
        """The site of ``code`` (its cell is where it wins), built in O(K D); see :class:`PowerDiagram`.

        Parameters
        ----------
        code : sequence of int
            One candidate per factor (a layer code).

        Returns
        -------
        PowerSite

        Raises
        ------
        DimensionError
            ``code`` does not name one site of every factor.

        Examples
        --------
        >>> diagram = PowerDiagram([[PowerSite([0], 0, (0,)), PowerSite([1], 1, (1,))]] * 2)
        >>> diagram.cell((1, 1))
        PowerSite(centroid=(Fraction(2, 1),), power_weight=Fraction(4, 1), code=(1, 1))
        """
        return _combined_site(self, _positions_of(self, code))

    def sites(self) -> Iterator[PowerSite]:
        """Every site, in lexicographic order of code (``len(self)`` of them).

        Returns
        -------
        iterator of PowerSite

        Examples
        --------
        >>> diagram = PowerDiagram([[PowerSite([0], 0, (0,)), PowerSite([1], 1, (1,))]] * 2)
        >>> [s.code for s in diagram.sites()]
        [(0, 0), (0, 1), (1, 0), (1, 1)]
        """
        return (_combined_site(self, p) for p in product(*(range(n) for n in self.n_candidates)))

    def locate(self, x: Any) -> PowerSite:
        """The site whose cell holds x: the brute-force argmin of eq. (29), lex-smallest code on ties.

        Parameters
        ----------
        x : sequence of numbers

        Returns
        -------
        PowerSite

        Raises
        ------
        DimensionError
            ``x`` does not have ``self.dim`` entries.

        Examples
        --------
        >>> diagram = PowerDiagram([[PowerSite([0], 0, (0,)), PowerSite([1], 1, (1,))]])
        >>> diagram.locate([1]).code, diagram.locate([-1]).code
        ((1,), (0,))
        """
        return _nearest_site(self, _point(x, self.dim))[0]


def _point(x: Any, dim: int) -> QVector:
    if type(x) is tuple and len(x) == dim and all(type(v) is Fraction for v in x):
        return x
    return to_vector(x, "point", length=dim)


def _positions_of(diagram: PowerDiagram, code: Sequence[int]) -> tuple[int, ...]:
    code = tuple(code)
    if len(code) != sum(diagram._code_lengths):
        raise DimensionError(f"code {code}: expected {sum(diagram._code_lengths)} entries, got {len(code)}")
    positions, start = [], 0
    for k, (length, index) in enumerate(zip(diagram._code_lengths, diagram._positions)):
        part = code[start : start + length]
        if part not in index:
            raise DimensionError(f"code {code}: factor {k} has no site with code {part}")
        positions.append(index[part])
        start += length
    return tuple(positions)


def _combined_site(diagram: PowerDiagram, positions: Sequence[int]) -> PowerSite:
    """The site that takes site ``positions[k]`` of every factor k (Lemma 5 / Theorem 1)."""
    chosen = [factor[p] for factor, p in zip(diagram.factors, positions)]
    if len(chosen) == 1:
        return chosen[0]
    centroid = tuple(map(sum, zip(*(site.centroid for site in chosen))))
    beta = sum(offsets[p] for offsets, p in zip(diagram._offsets, positions))
    code = sum((site.code for site in chosen), ())
    return PowerSite(centroid, dot(centroid, centroid) + 2 * beta, code)


def _nearest_site(diagram: PowerDiagram, u: QVector) -> tuple[PowerSite, int]:
    """Brute-force argmin over every site (eq. 29), first in lex order on ties, and the multiply-adds done."""
    best, best_value, operations = None, None, 0
    for site in diagram.sites():
        value = _laguerre(u, site.centroid, site.power_weight)
        operations += len(u)
        if best_value is None or value < best_value:
            best, best_value = site, value
    return best, operations


def _layers(net_or_layers: Layers) -> tuple[MasoLayer, ...]:
    if isinstance(net_or_layers, Network):
        return maso_layers(net_or_layers)
    if isinstance(net_or_layers, MasoLayer):
        return (net_or_layers,)
    layers = tuple(net_or_layers)
    for index, layer in enumerate(layers):
        if not isinstance(layer, MasoLayer):
            raise InvalidNetworkError(f"layer {index}: expected a MasoLayer, got {type(layer).__name__}")
    return layers


def _layer(net_or_layers: Layers, layer_index: int) -> MasoLayer:
    layers = _layers(net_or_layers)
    if isinstance(layer_index, bool) or not isinstance(layer_index, int) or not 0 <= layer_index < len(layers):
        raise DimensionError(f"layer_index {layer_index!r}: there are {len(layers)} nonlinear layers")
    return layers[layer_index]


def _unit_sites(slopes: Sequence[QVector], offsets: Sequence[Fraction]) -> tuple[PowerSite, ...]:
    return tuple(piece_site(a, b, (r,)) for r, (a, b) in enumerate(zip(slopes, offsets)))


def unit_power_diagram(layer: MasoLayer, k: int) -> PowerDiagram:
    """The power diagram of unit k of a MASO layer in the layer's input space (paper Lemma 1).

    Parameters
    ----------
    layer : MasoLayer
    k : int
        The unit, ``0 <= k < layer.n_units``.

    Returns
    -------
    PowerDiagram
        One factor with R_k sites, site r (code ``(r,)``) being
        ``mu_r = A_{k,r}``, ``rho_r = ||A_{k,r}||^2 + 2 B_{k,r}``.

    Raises
    ------
    DimensionError
        The layer has no unit ``k``.

    Notes
    -----
    ``argmax_r <A_{k,r}, u> + B_{k,r} = argmin_r ||u - A_{k,r}||^2 - (||A_{k,r}||^2 + 2 B_{k,r})``.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> from exactpd.network.maso import maso_layers
    >>> relu, = maso_layers(Network(2, [Dense([[1, 2]], ["-1/2"], "relu")]))
    >>> [(s.centroid, s.power_weight) for s in unit_power_diagram(relu, 0).sites()]
    [((Fraction(0, 1), Fraction(0, 1)), Fraction(0, 1)), ((Fraction(1, 1), Fraction(2, 1)), Fraction(4, 1))]
    """
    if not 0 <= k < layer.n_units:
        raise DimensionError(f"unit {k}: the layer has {layer.n_units} units")
    return PowerDiagram((_unit_sites(layer.slopes[k], layer.offsets[k]),))


def layer_power_diagram(net_or_layer: Layers, layer_index: int | None = None) -> PowerDiagram:
    """The power diagram of a MASO layer in its own input space (paper Theorem 1).

    Parameters
    ----------
    net_or_layer : MasoLayer, or Network, or sequence of MasoLayer
    layer_index : int, only with a network or a sequence
        The nonlinear layer (0 is layer 1 in the paper).

    Returns
    -------
    PowerDiagram
        One site per code ``r`` in ``prod_k {0..R_k - 1}``:
        ``mu_r = sum_k A_{k,r_k}``, ``beta_r = sum_k B_{k,r_k}``,
        ``rho_r = ||mu_r||^2 + 2 beta_r``; stored as the K unit diagrams of
        Lemma 1, so ``cell(code)`` costs O(K D) whatever ``prod_k R_k`` is.

    Raises
    ------
    DimensionError
        ``layer_index`` is missing for a network (or given with a single layer), or out of range.
    InvalidNetworkError
        A sequence that holds something other than MasoLayers.

    Notes
    -----
    The argmin over codes is the layer's code (lowest piece index on ties;
    see the module notes).  The sites number ``prod_k R_k``; for R = 2 at most
    ``sum_{i <= D} C(K, i)`` cells are non-empty (Zaslavsky).

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu")])
    >>> d = layer_power_diagram(net, 0)
    >>> len(d), d.cell((1, 1))
    (4, PowerSite(centroid=(Fraction(1, 1), Fraction(1, 1)), power_weight=Fraction(1, 1), code=(1, 1)))
    """
    if isinstance(net_or_layer, MasoLayer):
        if layer_index is not None:
            raise DimensionError("layer_index is only for a network or a sequence of layers")
        layer = net_or_layer
    else:
        if layer_index is None:
            raise DimensionError("layer_index is required with a network or a sequence of layers")
        layer = _layer(net_or_layer, layer_index)
    return PowerDiagram(tuple(_unit_sites(a, b) for a, b in zip(layer.slopes, layer.offsets)))


def combine_unit_diagrams(d1: PowerDiagram, d2: PowerDiagram) -> PowerDiagram:
    """The diagram of two units (or groups of units) together (paper Lemma 5), all sites built.

    Parameters
    ----------
    d1, d2 : PowerDiagram
        Diagrams of the same space, e.g. from :func:`unit_power_diagram`.

    Returns
    -------
    PowerDiagram
        One factor holding the ``len(d1) * len(d2)`` sites, the site of codes
        ``(i, j)`` (concatenated) being ``mu_ij = mu_1i + mu_2j`` and
        ``rho_ij = rho_1i + rho_2j + 2 <mu_1i, mu_2j>``.

    Raises
    ------
    DimensionError
        The diagrams have different dimensions.

    Notes
    -----
    In the paper's ``+ b`` convention (``b = -rho``) Lemma 5 reads
    ``b_ij = b_1i + b_2j - 2 <A_1i, A_2j>``; the last line of its proof has the
    sign flipped (errata E2).  Folding the unit diagrams of a layer one by one
    gives the sites of :func:`layer_power_diagram` (Theorem 1), in the same order.

    Examples
    --------
    >>> u1 = PowerDiagram([[PowerSite([1, 0], 1, (0,))]])
    >>> u2 = PowerDiagram([[PowerSite([0, 1], 2, (0,)), PowerSite([1, 1], 0, (1,))]])
    >>> [(s.code, s.power_weight) for s in combine_unit_diagrams(u1, u2).sites()]
    [((0, 0), Fraction(3, 1)), ((0, 1), Fraction(3, 1))]
    """
    if d1.dim != d2.dim:
        raise DimensionError(f"combine_unit_diagrams: diagrams of dimensions {d1.dim} and {d2.dim}")
    second = tuple(d2.sites())
    return PowerDiagram(
        (
            tuple(
                PowerSite(
                    tuple(a + b for a, b in zip(s.centroid, t.centroid)),
                    s.power_weight + t.power_weight + 2 * dot(s.centroid, t.centroid),
                    s.code + t.code,
                )
                for s in d1.sites()
                for t in second
            ),
        )
    )


def _check_code(layers: Sequence[MasoLayer], code: Sequence[Sequence[int]]) -> None:
    for index, (layer, pieces) in enumerate(zip(layers, code)):
        if len(pieces) != layer.n_units or not all(0 <= r < n for r, n in zip(pieces, layer.n_pieces)):
            raise DimensionError(
                f"code of layer {index}: {tuple(pieces)} does not fit units with {layer.n_pieces} pieces"
            )


def input_power_diagram(net_or_layers: Layers, layer_index: int, code_prefix: Sequence[Sequence[int]]) -> PowerDiagram:
    """Layer ``layer_index``'s power diagram in the network input space, on a region (paper Theorem 2).

    Parameters
    ----------
    net_or_layers : Network or sequence of MasoLayer
        Passing ``maso_layers(net)`` once saves refolding the network on every call.
    layer_index : int
        The nonlinear layer l (0 is layer 1 in the paper).
    code_prefix : sequence of tuples of int
        The codes of layers ``0 .. l - 1``: the region omega of
        ``Omega^(1..l)``.  A longer code (e.g. a whole region code) is
        accepted; its entries from ``l`` on are ignored.

    Returns
    -------
    PowerDiagram
        One site per code r of layer l:
        ``mu_{omega,r} = G^T mu_r`` and
        ``rho_{omega,r} = ||G^T mu_r||^2 + 2 <mu_r, h> + 2 beta_r`` where
        ``z^(l-1)(x) = G x + h`` on omega (G = I, h = 0 for l = 0), and
        mu_r, beta_r are the Theorem-1 quantities.  Stored as the unit
        diagrams of the pieces pulled back to the input,
        ``x -> <G^T A_{k,r}, x> + <A_{k,r}, h> + B_{k,r}``, so ``cell(code)``
        costs O(K D(0)).

    Raises
    ------
    DimensionError
        ``layer_index`` out of range, or ``code_prefix`` without one valid code per earlier layer.

    Notes
    -----
    Eqs. (31)-(32) as corrected in errata E3 (the printed eq. 32 applies
    G^T twice).  The diagram is valid inside omega only: for x in omega,
    its argmin is the layer-l code of x (eq. 15's subdivision).

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(1, [Dense([[1], [-1]], [0, 0], "relu"), Dense([[1, 1]], [-1], "relu")])
    >>> input_power_diagram(net, 1, [(1, 0)]).cell((1,))
    PowerSite(centroid=(Fraction(1, 1),), power_weight=Fraction(-1, 1), code=(1,))
    """
    layers = _layers(net_or_layers)
    layer = _layer(layers, layer_index)
    prefix = tuple(tuple(pieces) for pieces in code_prefix)[:layer_index]
    if len(prefix) != layer_index:
        raise DimensionError(f"code_prefix: layer {layer_index} needs the codes of {layer_index} layers, got {len(prefix)}")
    if layer_index == 0:
        return layer_power_diagram(layer)
    _check_code(layers, prefix)
    region_map = layer_maps(layers, prefix)[-1]
    columns = tuple(zip(*region_map.G))
    return PowerDiagram(
        tuple(
            tuple(
                piece_site(tuple(dot(a, column) for column in columns), dot(a, region_map.h) + b, (r,))
                for r, (a, b) in enumerate(zip(slopes, offsets))
            )
            for slopes, offsets in zip(layer.slopes, layer.offsets)
        )
    )


@dataclass(frozen=True)
class LocateResult:
    """The code found by a point location and the multiply-adds it took (paper Lemma 4, Theorem 7).

    Attributes
    ----------
    code : tuple
        A layer code (one piece index per unit), or for :func:`locate_network`
        a network code (one such tuple per nonlinear layer).
    operations : int
        The multiply-adds performed: one per coordinate per affine piece
        (fast) or per site (brute force).
    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> layer, = maso_layers(Network(1, [Dense([[1], [-1]], [0, 0], "relu")]))
    >>> locate_brute_force(layer, [2])
    LocateResult(code=(1, 0), operations=4)
    """

    code: tuple
    operations: int


def _argmax_piece(slopes: Sequence[QVector], offsets: Sequence[Fraction], u: QVector) -> int:
    """The lowest index r maximising ``<slopes[r], u> + offsets[r]``: ``len(slopes) * len(u)`` multiply-adds."""
    best, best_value = 0, None
    for r, (a, b) in enumerate(zip(slopes, offsets)):
        value = b + dot(a, u)
        if best_value is None or value > best_value:
            best, best_value = r, value
    return best


def locate_fast(layer: Union[MasoLayer, PowerDiagram], u: Any) -> LocateResult:
    """The code of u, unit by unit: the per-unit argmax (paper Lemma 4).

    Parameters
    ----------
    layer : MasoLayer or PowerDiagram
        For a diagram, each factor is searched on its own, its sites read as
        the affine pieces ``x -> <mu, x> + beta`` (``beta = (rho - ||mu||^2) / 2``).
    u : sequence of numbers
        The layer input ``z^(l-1)`` (a point of the diagram's space).

    Returns
    -------
    LocateResult
        The code (lowest piece index on ties, equal to
        :func:`locate_brute_force`'s) and ``operations = sum_k R_k * D``
        multiply-adds, ``D(l) R D(l-1)`` for R pieces per unit.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> from exactpd.network.maso import maso_layers
    >>> relu, = maso_layers(Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 0], "relu")]))
    >>> locate_fast(relu, [1, -1])
    LocateResult(code=(1, 0, 0), operations=12)
    """
    if isinstance(layer, PowerDiagram):
        u = _point(u, layer.dim)
        code: tuple = ()
        for factor, offsets in zip(layer.factors, layer._offsets):
            code += factor[_argmax_piece(tuple(s.centroid for s in factor), offsets, u)].code
        return LocateResult(code, sum(layer.n_candidates) * len(u))
    u = _point(u, layer.input_dim)
    code = tuple(_argmax_piece(a, b, u) for a, b in zip(layer.slopes, layer.offsets))
    return LocateResult(code, sum(layer.n_pieces) * len(u))


def locate_brute_force(layer: Union[MasoLayer, PowerDiagram], u: Any) -> LocateResult:
    """The code of u as the argmin over all sites (paper eq. 29, with the square, errata E4).

    Parameters
    ----------
    layer : MasoLayer or PowerDiagram
        A layer is replaced by its :func:`layer_power_diagram`.
    u : sequence of numbers
        The layer input ``z^(l-1)``.

    Returns
    -------
    LocateResult
        The lexicographically smallest minimising code (equal to the per-unit
        lowest-index argmax, see the module notes) and
        ``operations = prod_k R_k * D`` multiply-adds (``R^{D(l)} D(l-1)``):
        one Laguerre distance ``||u - mu_r||^2 - rho_r`` per site.  Building
        the sites is not counted: eq. (29) takes them as given.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> from exactpd.network.maso import maso_layers
    >>> relu, = maso_layers(Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 0], "relu")]))
    >>> locate_brute_force(relu, [1, -1])
    LocateResult(code=(1, 0, 0), operations=16)
    """
    diagram = layer if isinstance(layer, PowerDiagram) else layer_power_diagram(layer)
    site, operations = _nearest_site(diagram, _point(u, diagram.dim))
    return LocateResult(site.code, operations)


def locate_network(net_or_layers: Layers, x: Any, brute_force: bool = False) -> LocateResult:
    """The network code of x, layer after layer (paper Theorem 7).

    Parameters
    ----------
    net_or_layers : Network or sequence of MasoLayer
    x : sequence of numbers
        The network input.
    brute_force : bool
        Use :func:`locate_brute_force` on every layer instead of
        :func:`locate_fast`, at the layer input ``z^(l-1)(x)``.

    Returns
    -------
    LocateResult
        The code (one tuple per nonlinear layer, the same for both methods)
        and the multiply-adds of the location steps summed over the layers:
        ``sum_l D(l) R D(l-1)`` (fast) or ``sum_l R^{D(l)} D(l-1)`` (brute
        force).  Evaluating ``z^(l) = A_r z^(l-1) + B_r`` for the next layer is
        not counted, as in Theorem 7.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -4], "relu"), Dense([[1, -1, 1]], [0], "relu")])
    >>> locate_network(net, [2, 1])
    LocateResult(code=((1, 1, 0), (1,)), operations=18)
    >>> locate_network(net, [2, 1], brute_force=True)
    LocateResult(code=((1, 1, 0), (1,)), operations=22)
    """
    locate = locate_brute_force if brute_force else locate_fast
    layers = _layers(net_or_layers)
    if isinstance(net_or_layers, Network):
        u = _point(x, net_or_layers.input_dim)
    else:
        u = _point(x, layers[0].input_dim) if layers else to_vector(x, "point")
    code, operations = [], 0
    for layer in layers:
        found = locate(layer, u)
        code.append(found.code)
        operations += found.operations
        u = piece_map(layer, found.code)(u)
    return LocateResult(tuple(code), operations)


def point_site(net: Layers, x: Any, layer_index: int) -> PowerSite:
    """The input-space site of the cell of x at one layer (paper section 6, Theorem 2).

    Parameters
    ----------
    net : Network or sequence of MasoLayer
    x : sequence of numbers
    layer_index : int
        The nonlinear layer l (0 is layer 1 in the paper).

    Returns
    -------
    PowerSite
        With ``z^(l)(x) = G_l x + h_l`` on the region of x (its code up to
        layer l, lowest piece index on ties): ``mu = G_l^T 1 = J^T 1`` and
        ``rho = ||mu||^2 + 2 sum_k h_l[k] = ||mu||^2 + 2 (1^T z^(l)(x) - <mu, x>)``;
        ``code`` is the layer-l code of x.  It is the site of that code in
        ``input_power_diagram(net, l, code_of_x)`` (see :func:`map_site`).

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu"), Dense([[1, 1]], [0])])
    >>> point_site(net, [3, 1], 0)
    PowerSite(centroid=(Fraction(1, 1), Fraction(1, 1)), power_weight=Fraction(1, 1), code=(1, 1))
    """
    layers = _layers(net)
    _layer(layers, layer_index)
    layers = layers[: layer_index + 1]
    code = locate_network(layers, x).code
    return map_site(layer_maps(layers, code)[-1], code[-1])


def layer_sites(point_trace: PointTrace) -> tuple[PowerSite, ...]:
    """The power-diagram site of the point's region at every nonlinear layer.

    Parameters
    ----------
    point_trace : PointTrace
        From :func:`exactpd.network.forward_pass.trace`.

    Returns
    -------
    tuple of PowerSite
        One per nonlinear layer l: the centroid mu and power weight rho of the
        layer-l power-diagram cell (inside the region of the earlier layers)
        that contains the point; ``code`` is the point's layer-l code.

    Notes
    -----
    Paper section 6, "Centroids and radii by backprop", and Theorem 2: with
    ``s_l(x) = sum_k z^(l)_k(x)`` and ``z^(l) = G_l x + h_l`` on the region,

    ``mu = grad s_l(x) = G_l^T 1`` (the column sums of ``G_l``) and
    ``rho = ||mu||^2 + 2 (s_l(x) - <mu, x>) = ||mu||^2 + 2 sum_k h_l[k]``,

    so that ``||x - mu||^2 - rho = ||x||^2 - 2 s_l(x)``
    (see :func:`map_site`).

    Examples
    --------
    >>> from exactpd.network.forward_pass import trace
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu"), Dense([[1, 1]], [0])])
    >>> site, = layer_sites(trace(net, [3, 1]))
    >>> site.centroid, site.power_weight
    ((Fraction(1, 1), Fraction(1, 1)), Fraction(1, 1))
    """
    return tuple(map_site(layer_map, code) for layer_map, code in zip(point_trace.maps, point_trace.code))
