"""The canonical max-affine form of a network (paper eq. 1), and affine maps.

:func:`maso_form` turns a :class:`~exactpd.network.layers.Network` into its
nonlinear layers, each a :class:`MasoLayer` ``z_k = max_r <A[k][r], z> + B[k][r]``
acting on the previous nonlinear layer's output, plus the network's final
affine output map (a :class:`MasoForm`).  Dense layers without activation are
folded into the next MASO layer (composition of affine maps); the affine layers
after the last nonlinear layer form the output map.  Each network builds its
form once, on first use, and keeps it (``net.maso``); :func:`maso_layers` and
:func:`output_map` read it.

Pieces (piece 0 is the ``x <= 0`` branch, piece 1 the active one; ties go to
the lowest index):

- an activation with negative slope s (relu 0, leaky_relu eta, abs -1; see
  :mod:`exactpd.network.activation`): ``A[k] = (s W_k, W_k)``, ``B[k] = (s b_k, b_k)``;
- maxpool: ``A[k][r] = W_{P_k(r)}``, ``B[k][r] = b_{P_k(r)}`` (W, b the pending affine map, or the identity).

A :class:`~exactpd.network.layers.Conv2d` layer is a structured affine map; here it is
made dense (:func:`conv_map`), which is refused beyond :data:`DENSE_LIMIT`
matrix entries.  The exact forward pass (:mod:`exactpd.network.forward_pass`) does not need
the dense form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from operator import mul
from typing import Sequence

from exactpd.errors import InvalidNetworkError
from exactpd.network.activation import activation_of
from exactpd.network.layers import Conv2d, Dense, Maso, MaxPool, Network
from exactpd.rational import QMatrix, QVector, common_denominator, dot

__all__ = [
    "AffineMap",
    "DENSE_LIMIT",
    "MasoLayer",
    "MasoForm",
    "maso_form",
    "conv_map",
    "maso_layers",
    "output_map",
    "identity_map",
    "compose",
    "piece_map",
    "layer_maps",
    "IntegerMap",
    "IntegerLayer",
    "integer_layer",
    "apply_pieces",
]

_ZERO = Fraction(0)

DENSE_LIMIT = 4_000_000
"""The largest dense matrix (rows x columns) that :func:`conv_map` builds for a Conv2d layer."""


@dataclass(frozen=True)
class AffineMap:
    """The exact affine map ``x -> G x + h`` (``G`` has ``len(h)`` rows); on a region, ``(G_omega, h_omega)`` of Theorem 2.

    Attributes
    ----------
    G : tuple of tuple of Fraction
    h : tuple of Fraction

    Examples
    --------
    >>> f = AffineMap(((Fraction(1), Fraction(2)),), (Fraction(-1),))
    >>> f((Fraction(1), Fraction(1))), f.in_dim, f.out_dim
    ((Fraction(2, 1),), 2, 1)
    """

    G: QMatrix
    h: QVector

    @property
    def in_dim(self) -> int:
        """The input dimension (columns of G; 0 when G is empty)."""
        return len(self.G[0]) if self.G else 0

    @property
    def out_dim(self) -> int:
        """The output dimension (entries of h)."""
        return len(self.h)

    def __call__(self, x: Sequence[Fraction]) -> QVector:
        return tuple(dot(row, x) + c for row, c in zip(self.G, self.h))


def identity_map(dim: int) -> AffineMap:
    """The identity on R^dim.

    Parameters
    ----------
    dim : int

    Returns
    -------
    AffineMap

    Examples
    --------
    >>> identity_map(2)((Fraction(3), Fraction(-1)))
    (Fraction(3, 1), Fraction(-1, 1))
    """
    return AffineMap(
        tuple(tuple(Fraction(int(i == j)) for j in range(dim)) for i in range(dim)),
        tuple(_ZERO for _ in range(dim)),
    )


def compose(outer: AffineMap, inner: AffineMap) -> AffineMap:
    """``outer o inner``: ``x -> G_o (G_i x + h_i) + h_o``.

    Parameters
    ----------
    outer, inner : AffineMap

    Returns
    -------
    AffineMap

    Examples
    --------
    >>> double = AffineMap(((Fraction(2),),), (Fraction(0),))
    >>> shift = AffineMap(((Fraction(1),),), (Fraction(1),))
    >>> compose(double, shift)((Fraction(1),))
    (Fraction(4, 1),)
    """
    columns = tuple(zip(*inner.G)) if inner.G else ()
    G = tuple(tuple(dot(row, col) for col in columns) for row in outer.G)
    h = tuple(dot(row, inner.h) + c for row, c in zip(outer.G, outer.h))
    return AffineMap(G, h)


@dataclass(frozen=True)
class MasoLayer:
    """One nonlinear layer in max-affine form, paper eq. (1).

    ``z_k(u) = max_r <slopes[k][r], u> + offsets[k][r]`` for ``u`` in
    R^input_dim, the output of the previous nonlinear layer (or the network
    input).

    Attributes
    ----------
    slopes : tuple
        A[k][r], a vector of length ``input_dim`` per unit k and piece r.
    offsets : tuple
        B[k][r].
    source : int
        The index of the network layer that made it (layer ``source + 1`` in the paper).
    kind : str
        Its description: ``"relu"``, ``"leaky_relu"``, ``"abs"``, ``"maxpool"`` or ``"maso"``.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, MaxPool, Network
    >>> pool, = maso_layers(Network(3, [MaxPool([[0, 1, 2]])]))
    >>> pool.kind, pool.input_dim, pool.n_units, pool.n_pieces
    ('maxpool', 3, 1, (3,))
    """

    slopes: tuple  # A[k][r] : QVector of length input_dim
    offsets: tuple  # B[k][r] : Fraction
    source: int
    kind: str

    @property
    def input_dim(self) -> int:
        """D(l-1), the dimension of the layer's input."""
        return len(self.slopes[0][0])

    @property
    def n_units(self) -> int:
        """D(l), the number of units K."""
        return len(self.slopes)

    @property
    def n_pieces(self) -> tuple[int, ...]:
        """R_k, the number of pieces of each unit."""
        return tuple(len(a) for a in self.slopes)


def conv_map(layer: Conv2d) -> AffineMap:
    """The dense affine map ``x -> G x + h`` of a :class:`~exactpd.network.layers.Conv2d` layer (no activation).

    Parameters
    ----------
    layer : Conv2d

    Returns
    -------
    AffineMap
        ``G`` has ``layer.n_outputs`` rows and ``layer.n_inputs`` columns, in
        (channel, row, column) order.

    Raises
    ------
    InvalidNetworkError
        ``G`` would have more than :data:`DENSE_LIMIT` entries.  Region
        enumeration and exact traces need the dense form; the exact forward
        pass, :func:`exactpd.network.forward_pass.code_at` and the float geometry of
        :func:`exactpd.io.torch_geometry.input_geometry_float` do not.

    Examples
    --------
    >>> from exactpd.network.layers import Conv2d
    >>> conv_map(Conv2d([[[[1, -1]]]], [2], input_shape=(1, 1, 3))).G
    ((Fraction(1, 1), Fraction(-1, 1), Fraction(0, 1)), (Fraction(0, 1), Fraction(1, 1), Fraction(-1, 1)))
    """
    n_in, n_out = layer.n_inputs, layer.n_outputs
    if n_in * n_out > DENSE_LIMIT:
        raise InvalidNetworkError(
            f"{layer.label}: the dense form of this convolution has {n_out} x {n_in} = {n_out * n_in} entries, "
            f"more than exactpd.network.maso.DENSE_LIMIT = {DENSE_LIMIT}; exact forward passes and codes work without it, "
            "enumeration and traces do not"
        )
    c_in, height, width = layer.input_shape
    c_out, h_out, w_out = layer.output_shape
    per_group_in, per_group_out = c_in // layer.groups, c_out // layer.groups
    windows = layer.windows()
    rows = []
    for o in range(c_out):
        first = (o // per_group_out) * per_group_in
        kernels = [tuple(v for row in kernel for v in row) for kernel in layer.weight[o]]
        for taps in windows:
            row = [_ZERO] * n_in
            for c, kernel in enumerate(kernels):
                base = (first + c) * height * width
                for t, i in taps:
                    row[base + i] = kernel[t]
            rows.append(tuple(row))
    return AffineMap(tuple(rows), tuple(b for b in layer.bias for _ in range(h_out * w_out)))


def _activation_layer(layer: Dense | Conv2d, source: int, affine: AffineMap) -> MasoLayer:
    """The MASO layer of an affine layer with an activation, its affine part (folded) being ``affine``."""
    activation = activation_of(layer)
    units = [activation.pieces(row, offset) for row, offset in zip(affine.G, affine.h)]
    slopes = tuple((low[0], high[0]) for low, high in units)
    offsets = tuple((low[1], high[1]) for low, high in units)
    return MasoLayer(slopes, offsets, source, activation.name)


def _pool_layer(layer: MaxPool, source: int, base: AffineMap) -> MasoLayer:
    """The MASO layer of a max-pool after the affine map ``base``: piece r of unit k is member r of group k."""
    slopes = tuple(tuple(base.G[i] for i in group) for group in layer.groups)
    offsets = tuple(tuple(base.h[i] for i in group) for group in layer.groups)
    return MasoLayer(slopes, offsets, source, "maxpool")


def _maso_layer(layer: Maso, source: int, pending: AffineMap | None) -> MasoLayer:
    """A general MASO layer after the affine map ``pending`` (None: nothing to fold)."""
    if pending is None:
        return MasoLayer(layer.slopes, layer.offsets, source, "maso")
    columns = tuple(zip(*pending.G))
    slopes = tuple(tuple(tuple(dot(a, col) for col in columns) for a in unit) for unit in layer.slopes)
    offsets = tuple(
        tuple(B + dot(a, pending.h) for a, B in zip(unit_a, unit_b)) for unit_a, unit_b in zip(layer.slopes, layer.offsets)
    )
    return MasoLayer(slopes, offsets, source, "maso")


@dataclass(frozen=True)
class MasoForm:
    """The canonical max-affine form of a network (paper eq. 1), built once per network.

    Attributes
    ----------
    layers : tuple of MasoLayer
        The nonlinear layers, affine layers folded into the next one.
    output : AffineMap or None
        The affine map after the last nonlinear layer (None when the network
        ends on a nonlinear layer).

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(1, [Dense([[2]], [1]), Dense([[1]], [0], "relu"), Dense([[3]], [0])])
    >>> net.maso.layers[0].slopes, net.maso.output.G
    ((((Fraction(0, 1),), (Fraction(2, 1),)),), ((Fraction(3, 1),),))
    """

    layers: tuple[MasoLayer, ...]
    output: AffineMap | None

    @cached_property
    def integer_layers(self) -> tuple[IntegerLayer, ...]:
        """The layers over common denominators (:func:`integer_layer`), built on first use and kept."""
        return tuple(integer_layer(layer) for layer in self.layers)


def maso_form(net: Network) -> MasoForm:
    """Build the canonical max-affine form of ``net``; use ``net.maso``, which builds it once and keeps it.

    Dense and Conv2d layers without activation are folded into the next
    nonlinear layer (composition of affine maps, :func:`compose`); an
    activation is lowered to its two pieces by
    :meth:`~exactpd.network.activation.Activation.pieces`; a max-pool takes
    the members of its groups; the affine layers after the last nonlinear
    layer form the output map.

    Parameters
    ----------
    net : Network

    Returns
    -------
    MasoForm

    Raises
    ------
    InvalidNetworkError
        A Conv2d layer too large for its dense form (:func:`conv_map`).

    Notes
    -----
    Each nonlinear layer becomes the max-affine spline operator of the
    paper's eq. (1), ``z_k(x) = max_r <A_{k,r}, x> + B_{k,r}`` (section 2:
    relu ``(0, W_k)``, leaky ``(eta W_k, W_k)``, abs ``(-W_k, W_k)``, max-pool
    one piece per member of its group), with the affine layers before it composed in.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> form = maso_form(Network(2, [Dense([[1, -1]], ["1/2"], "abs")]))
    >>> form.layers[0].offsets, form.output
    (((Fraction(-1, 2), Fraction(1, 2)),), None)
    """
    result: list[MasoLayer] = []
    pending: AffineMap | None = None
    for index, layer in enumerate(net.layers):
        if isinstance(layer, (Dense, Conv2d)):
            own = AffineMap(layer.weight, layer.bias) if isinstance(layer, Dense) else conv_map(layer)
            pending = own if pending is None else compose(own, pending)
            if layer.activation is None:
                continue
            result.append(_activation_layer(layer, index, pending))
        elif isinstance(layer, MaxPool):
            width = pending.out_dim if pending is not None else (result[-1].n_units if result else net.input_dim)
            result.append(_pool_layer(layer, index, pending if pending is not None else identity_map(width)))
        else:
            result.append(_maso_layer(layer, index, pending))
        pending = None
    return MasoForm(tuple(result), pending)


def _form(net: Network) -> MasoForm:
    if not isinstance(net, Network):
        raise InvalidNetworkError(f"expected a Network, got {type(net).__name__}")
    return net.maso


def maso_layers(net: Network) -> tuple[MasoLayer, ...]:
    """The nonlinear layers of ``net`` in max-affine form (paper eq. 1), affine layers folded in.

    The form is built once per network (``net.maso``, :func:`maso_form`) and shared by every caller.

    Parameters
    ----------
    net : Network

    Returns
    -------
    tuple of MasoLayer
        One per nonlinear layer: layer ``l`` here is layer ``l + 1`` in the paper.

    Raises
    ------
    InvalidNetworkError
        ``net`` is not a Network, or a Conv2d layer is too large for its dense form.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> relu, = maso_layers(Network(2, [Dense([[1, 2]], ["-1/2"], "relu")]))
    >>> relu.kind, relu.n_pieces, relu.slopes[0][1], relu.offsets[0]
    ('relu', (2,), (Fraction(1, 1), Fraction(2, 1)), (Fraction(0, 1), Fraction(-1, 2)))
    """
    return _form(net).layers


def output_map(net: Network) -> AffineMap | None:
    """The affine map after the last nonlinear layer, or None when the network ends on a nonlinear layer.

    Parameters
    ----------
    net : Network

    Returns
    -------
    AffineMap or None

    Raises
    ------
    InvalidNetworkError
        As :func:`maso_layers`.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> output_map(Network(1, [Dense([[1]], [0], "relu"), Dense([[2]], [1]), Dense([[3]], [0])]))
    AffineMap(G=((Fraction(6, 1),),), h=(Fraction(3, 1),))
    """
    return _form(net).output


def piece_map(layer: MasoLayer, pieces: Sequence[int]) -> AffineMap:
    """The affine map of ``layer`` when unit k uses piece ``pieces[k]``: ``u -> A_r u + B_r`` (paper section 2).

    Parameters
    ----------
    layer : MasoLayer
    pieces : sequence of int
        One piece per unit (a layer's code).

    Returns
    -------
    AffineMap

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> relu, = maso_layers(Network(1, [Dense([[2], [1]], [0, -1], "relu")]))
    >>> piece_map(relu, (1, 0))
    AffineMap(G=((Fraction(2, 1),), (Fraction(0, 1),)), h=(Fraction(0, 1), Fraction(0, 1)))
    """
    return AffineMap(
        tuple(layer.slopes[k][r] for k, r in enumerate(pieces)),
        tuple(layer.offsets[k][r] for k, r in enumerate(pieces)),
    )


def layer_maps(layers: Sequence[MasoLayer], code: Sequence[Sequence[int]]) -> tuple[AffineMap, ...]:
    """Input-space affine maps ``x -> z^(l)(x) = G_l x + h_l`` on the region of ``code``.

    ``code`` may be a prefix (codes of the first ``len(code)`` nonlinear
    layers); one map is returned per layer of the prefix.  On the region
    omega of the code, map ``l`` is (G_omega, h_omega) of paper Theorem 2
    for layer ``l + 1``.

    Parameters
    ----------
    layers : sequence of MasoLayer
    code : Code or a prefix of one

    Returns
    -------
    tuple of AffineMap

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(1, [Dense([[2]], [0], "relu"), Dense([[3]], [-1], "relu")])
    >>> [f.G for f in layer_maps(maso_layers(net), ((1,), (1,)))]
    [((Fraction(2, 1),),), ((Fraction(6, 1),),)]
    """
    maps: list[AffineMap] = []
    for layer, pieces in zip(layers, code):
        own = piece_map(layer, pieces)
        maps.append(own if not maps else compose(own, maps[-1]))
    return tuple(maps)


@dataclass(frozen=True)
class IntegerMap:
    """The affine map ``x -> (G x + h) / den`` with integer ``G`` (rows), ``h`` and ``den > 0``.

    The same maps as :class:`AffineMap`, kept over one common denominator so
    that composing them along a code runs on Python integers.

    Attributes
    ----------
    G : tuple of tuple of int
    h : tuple of int
    den : int

    Examples
    --------
    >>> IntegerMap(((1, 2),), (3,), 4).as_affine()
    AffineMap(G=((Fraction(1, 4), Fraction(1, 2)),), h=(Fraction(3, 4),))
    """

    G: tuple
    h: tuple
    den: int

    def as_affine(self) -> AffineMap:
        """The same map with Fraction entries.

        Returns
        -------
        AffineMap

        Examples
        --------
        >>> IntegerMap(((2,),), (1,), 2).as_affine()((Fraction(1),))
        (Fraction(3, 2),)
        """
        return AffineMap(
            tuple(tuple(Fraction(v, self.den) for v in row) for row in self.G), tuple(Fraction(v, self.den) for v in self.h)
        )


@dataclass(frozen=True)
class IntegerLayer:
    """A :class:`MasoLayer` over one common denominator: ``A[k][r] = slopes[k][r] / den``, ``B[k][r] = offsets[k][r] / den``.

    Attributes
    ----------
    slopes : tuple
        Integer numerators of A[k][r].
    offsets : tuple
        Integer numerators of B[k][r].
    den : int

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> integer = integer_layer(maso_layers(Network(1, [Dense([["1/2"]], ["1/3"], "relu")]))[0])
    >>> integer.slopes, integer.offsets, integer.den
    ((((0,), (3,)),), ((0, 2),), 6)
    """

    slopes: tuple
    offsets: tuple
    den: int


def integer_layer(layer: MasoLayer) -> IntegerLayer:
    """``layer`` over one common denominator (exact).

    Parameters
    ----------
    layer : MasoLayer

    Returns
    -------
    IntegerLayer

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> integer_layer(maso_layers(Network(1, [Dense([["1/2"]], [0], "abs")]))[0]).slopes
    (((-1,), (1,)),)
    """
    entries = [a for unit in layer.slopes for row in unit for a in row] + [c for unit in layer.offsets for c in unit]
    den = common_denominator(entries)
    return IntegerLayer(
        tuple(tuple(tuple((a * den).numerator for a in row) for row in unit) for unit in layer.slopes),
        tuple(tuple((c * den).numerator for c in unit) for unit in layer.offsets),
        den,
    )


def apply_pieces(layer: IntegerLayer, pieces: Sequence[int], inner: IntegerMap | None) -> IntegerMap:
    """The input-space map of a layer whose unit k uses piece ``pieces[k]``, after ``inner`` (None: the identity).

    ``u -> A_r u + B_r`` composed with ``x -> u``: the region map of paper
    Theorem 2, in integers (reduced by the gcd of all entries).

    Parameters
    ----------
    layer : IntegerLayer
    pieces : sequence of int
        One piece per unit.
    inner : IntegerMap or None
        The map ``x -> u`` into the layer's input (None: the identity).

    Returns
    -------
    IntegerMap

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> layers = [integer_layer(layer) for layer in maso_layers(Network(1, [Dense([[2]], [0], "relu"), Dense([[3]], [-1], "relu")]))]
    >>> apply_pieces(layers[1], (1,), apply_pieces(layers[0], (1,), None))
    IntegerMap(G=((6,),), h=(-1,), den=1)
    """
    if inner is None:
        return IntegerMap(
            tuple(layer.slopes[k][r] for k, r in enumerate(pieces)),
            tuple(layer.offsets[k][r] for k, r in enumerate(pieces)),
            layer.den,
        )
    columns = tuple(zip(*inner.G))
    G, h = [], []
    for k, r in enumerate(pieces):
        a = layer.slopes[k][r]
        G.append(tuple(sum(map(mul, a, col)) for col in columns))
        h.append(sum(map(mul, a, inner.h)) + layer.offsets[k][r] * inner.den)
    den = layer.den * inner.den
    g = math.gcd(den, *(v for row in G for v in row), *h)
    if g > 1:
        G = [tuple(v // g for v in row) for row in G]
        h = [v // g for v in h]
        den //= g
    return IntegerMap(tuple(G), tuple(h), den)
