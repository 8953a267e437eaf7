"""Activation codes and the exact forward pass (paper eq. 1).

A :data:`Code` has one tuple per nonlinear layer (a dense layer with an
activation, a max-pool layer, a MASO layer), holding for each unit the index
``r`` of the piece that attains ``z_k = max_r <A[k][r], u> + B[k][r]``; ties
go to the lowest index.  For relu, leaky_relu and abs, piece 0 is the
``x <= 0`` branch and piece 1 the active one (see :mod:`exactpd.network.maso`).

Every computation is exact.  Internally each layer is kept over one common
integer denominator, so the pass runs on Python integers and only the results
are turned into Fractions.  The forward pass (:func:`forward`, :func:`code_at`)
runs layer by layer on the network as given, a Conv2d as its kernel (no dense
matrix); :func:`trace` and :func:`code_toward` use the dense max-affine form of
the network's max-affine form (``net.maso``, :mod:`exactpd.network.maso`).

Layer indices start at 0: nonlinear layer ``l`` here is layer ``l + 1`` in the paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from operator import mul
from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError
from exactpd.network.activation import Activation, activation_of
from exactpd.network.maso import AffineMap, MasoForm, MasoLayer, compose, identity_map, integer_layer, layer_maps
from exactpd.network.layers import Conv2d, Dense, MaxPool, Network
from exactpd.rational import QVector, common_denominator, dot, to_vector

__all__ = ["Code", "PointTrace", "forward", "code_at", "code_toward", "trace"]

Code = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class PointTrace:
    """Everything the forward pass knows about one input point.

    Attributes
    ----------
    point : tuple of Fraction
        The input x.
    code : Code
        The activation code of x (the argmax piece of every unit, lowest index on ties).
    on_boundary : bool
        True when some unit's max is attained at x by two pieces that are
        different affine functions of the input there, i.e. x lies on a cut
        ``edge(k, l)`` (paper eqs. 21-22) and points arbitrarily close to x
        have another code.
    outputs : tuple of tuple of Fraction
        ``z^(l)(x)`` for every nonlinear layer l.
    maps : tuple of AffineMap
        For every nonlinear layer l, the input-space map ``x -> z^(l)(x) = G_l x + h_l``
        on the region of ``code`` (the ``(G_omega, h_omega)`` of paper Theorem 2 for the next layer).
    output_map : AffineMap
        The network's input-to-output affine map on that region.
    output : tuple of Fraction
        The network output at x.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> t = trace(Network(1, [Dense([[1]], [0], "relu"), Dense([[2]], [1])]), ["1/2"])
    >>> t.code, t.outputs, t.output
    (((1,),), ((Fraction(1, 2),),), (Fraction(2, 1),))
    """

    point: QVector
    code: Code
    on_boundary: bool
    outputs: tuple[QVector, ...]
    maps: tuple[AffineMap, ...]
    output_map: AffineMap
    output: QVector


@dataclass(frozen=True)
class _IntegerAffine:
    """An affine layer over one common denominator: ``W = rows / den``, ``b = offsets / den``.

    An all-zero row is stored as ``()``, which the pass multiplies out at no cost.
    """

    rows: tuple[tuple[int, ...], ...]
    offsets: tuple[int, ...]
    den: int


@dataclass(frozen=True)
class _IntegerConv:
    """The affine part of a Conv2d over one common denominator, kept as its kernel.

    For each group g, ``kernels[g]`` is an integer (object) array of shape
    (C_out / groups, K) and ``gathers[g]`` an index array of shape
    (positions, K) into the layer input followed by one 0 (the taps that fall
    in the zero padding point at it); ``K = C_in / groups * kH * kW``.
    """

    kernels: tuple
    gathers: tuple
    offsets: tuple[int, ...]
    den: int


@dataclass(frozen=True)
class _Pool:
    """Max-pooling: unit k takes the max over ``groups[k]``, piece r being the r-th member."""

    groups: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class _Pass:
    """The raw result of one integer forward pass: every vector is ``numerators / den``."""

    code: Code
    outputs: tuple[tuple[tuple[int, ...], int], ...]
    ties: tuple[tuple[int, int, int, tuple[int, ...]], ...]  # (layer, unit, argmax piece, other maximal pieces)
    output: tuple[tuple[int, ...], int]


def _integer_affine(weight: Sequence[QVector], bias: Sequence[Fraction]) -> _IntegerAffine:
    den = common_denominator([a for row in weight for a in row] + list(bias))
    return _IntegerAffine(
        tuple(tuple((a * den).numerator for a in row) if any(row) else () for row in weight),
        tuple((b * den).numerator for b in bias),
        den,
    )


def _integer_conv(layer: Conv2d) -> _IntegerConv:
    import numpy as np

    den = common_denominator([w for per_out in layer.weight for kernel in per_out for row in kernel for w in row] + list(layer.bias))
    c_in, height, width = layer.input_shape
    per_group_in, per_group_out = c_in // layer.groups, len(layer.weight) // layer.groups
    n_taps = layer.kernel_size[0] * layer.kernel_size[1]
    sentinel = layer.n_inputs  # the appended 0
    windows = layer.windows()
    taps = np.full((len(windows), n_taps), -1, dtype=np.int64)
    for p, window in enumerate(windows):
        for t, i in window:
            taps[p, t] = i
    kernels, gathers = [], []
    for g in range(layer.groups):
        channels = range(g * per_group_in, (g + 1) * per_group_in)
        gathers.append(np.concatenate([np.where(taps < 0, sentinel, taps + c * height * width) for c in channels], axis=1))
        kernels.append(
            np.array(
                [
                    [(w * den).numerator for kernel in layer.weight[o] for row in kernel for w in row]
                    for o in range(g * per_group_out, (g + 1) * per_group_out)
                ],
                dtype=object,
            )
        )
    return _IntegerConv(tuple(kernels), tuple(gathers), tuple((b * den).numerator for b in layer.bias), den)


def integer_stages(net: Network) -> tuple:
    """The network as a sequence of exact integer stages (affine, conv, activation, pool, max-affine).

    Built once per network and kept (``Network._integer_stages``); an
    activation stage is the layer's :class:`~exactpd.network.activation.Activation`.

    Parameters
    ----------
    net : Network

    Returns
    -------
    tuple
        One stage per affine part and per nonlinear part of each layer.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> [type(stage).__name__ for stage in integer_stages(Network(1, [Dense([["1/2"]], [0], "relu")]))]
    ['_IntegerAffine', 'Activation']
    """
    stages: list = []
    for index, layer in enumerate(net.layers):
        if isinstance(layer, (Dense, Conv2d)):
            stages.append(_integer_affine(layer.weight, layer.bias) if isinstance(layer, Dense) else _integer_conv(layer))
            if layer.activation is not None:
                stages.append(activation_of(layer))
        elif isinstance(layer, MaxPool):
            stages.append(_Pool(layer.groups))
        else:
            stages.append(integer_layer(MasoLayer(layer.slopes, layer.offsets, index, layer.kind)))
    return tuple(stages)


def _checked(net: Any) -> Network:
    if not isinstance(net, Network):
        raise InvalidNetworkError(f"expected a Network, got {type(net).__name__}")
    return net


def _stages(net: Network) -> tuple:
    """The integer stages of ``net``, kept on the network."""
    return _checked(net)._integer_stages


def _convolve(stage: _IntegerConv, v: list[int], den: int) -> list[int]:
    """The conv at ``u = v / den``: numerators over ``den * stage.den``, in (channel, row, column) order."""
    import numpy as np

    padded = np.array(v + [0], dtype=object)
    out = np.concatenate([kernel @ padded[gather].T for kernel, gather in zip(stage.kernels, stage.gathers)])
    return (out + np.array([b * den for b in stage.offsets], dtype=object)[:, None]).ravel().tolist()


def _nonlinear(stage, v: list[int], den: int, index: int, code: list, ties: list) -> tuple[list[int], int]:
    """Evaluate a nonlinear stage at ``u = v / den``: the numerators of ``z`` and the factor its denominator gains.

    The code of every unit (the first piece that attains the max) goes to
    ``code``, and every unit whose max is attained more than once to ``ties``.
    """
    if isinstance(stage, Activation):  # max(s p, p) per unit, s = stage.negative_slope <= 1
        if not stage.cuts:  # s = 1: both pieces are the identity, every unit ties and piece 0 wins
            code.append((0,) * len(v))
            ties.extend((index, unit, 0, (1,)) for unit in range(len(v)))
            return v, 1
        code.append(tuple(int(p > 0) for p in v))
        ties.extend((index, unit, 0, (1,)) for unit, p in enumerate(v) if p == 0)
        low, scale = stage.negative_slope.numerator, stage.negative_slope.denominator
        return [scale * p if p > 0 else low * p for p in v], scale
    if isinstance(stage, _Pool):
        unit_values = [[v[i] for i in group] for group in stage.groups]
        factor = 1
    else:
        unit_values = [
            [sum(map(mul, row, v)) + b * den for row, b in zip(rows, offsets)] for rows, offsets in zip(stage.slopes, stage.offsets)
        ]
        factor = stage.den
    pieces, z = [], []
    for unit, values in enumerate(unit_values):
        best = max(values)
        r = values.index(best)
        if values.count(best) > 1:
            ties.append((index, unit, r, tuple(s for s, value in enumerate(values) if value == best and s != r)))
        pieces.append(r)
        z.append(best)
    code.append(tuple(pieces))
    return z, factor


def _run(stages: tuple, x: QVector) -> _Pass:
    den = common_denominator(x)
    v = [(q * den).numerator for q in x]
    code: list[tuple[int, ...]] = []
    ties: list = []
    outputs = []
    for stage in stages:
        if isinstance(stage, _IntegerAffine):
            v = [sum(map(mul, row, v)) + b * den for row, b in zip(stage.rows, stage.offsets)]
            den *= stage.den
        elif isinstance(stage, _IntegerConv):
            v = _convolve(stage, v, den)
            den *= stage.den
        else:
            v, factor = _nonlinear(stage, v, den, len(code), code, ties)
            den *= factor
            g = math.gcd(den, *v)
            if g > 1:
                v, den = [n // g for n in v], den // g
            outputs.append((tuple(v), den))
    return _Pass(tuple(code), tuple(outputs), tuple(ties), (tuple(v), den))


def _fractions(numerators: Sequence[int], den: int) -> QVector:
    return tuple(Fraction(n, den) for n in numerators)


def _point(net: Network, x: Any) -> QVector:
    return to_vector(x, "point", length=net.input_dim)


def forward(net: Network, x: Any) -> QVector:
    """The exact network output at ``x`` (paper eq. 1, layer after layer).

    Parameters
    ----------
    net : Network
    x : sequence of numbers
        The input point; any number :func:`~exactpd.rational.to_rational` accepts.

    Returns
    -------
    tuple of Fraction
        The network output, of length ``net.output_dim``.

    Raises
    ------
    DimensionError
        ``x`` does not have ``net.input_dim`` entries.
    InvalidNumberError
        An entry of ``x`` is not a finite number.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu"), Dense([[1, 1]], [0])])
    >>> forward(net, [3, "1/4"])
    (Fraction(3, 1),)
    """
    numerators, den = _run(_stages(net), _point(net, x)).output
    return _fractions(numerators, den)


def code_at(net: Network, x: Any) -> Code:
    """The activation code of ``x``: the argmax piece of every unit, lowest index on ties.

    Parameters
    ----------
    net : Network
    x : sequence of numbers

    Returns
    -------
    Code
        One tuple per nonlinear layer, one piece index per unit.

    Raises
    ------
    DimensionError
        ``x`` does not have ``net.input_dim`` entries.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu"), Dense([[1, 1]], [0])])
    >>> code_at(net, [3, "1/4"])
    ((1, 0),)
    >>> code_at(net, [0, 0])  # unit 0 is exactly 0: ties go to piece 0
    ((0, 0),)
    """
    return _run(_stages(net), _point(net, x)).code


def _direction_through(prepared: MasoForm, code: Sequence[Sequence[int]], direction: Sequence[int], upto: int) -> list[int]:
    """``J d`` for the layer input of nonlinear layer ``upto``: the derivative along ``d`` (integers, positive scale)."""
    d = list(direction)
    for layer, pieces in zip(prepared.integer_layers[:upto], code):
        d = [sum(map(mul, layer.slopes[k][r], d)) for k, r in enumerate(pieces)]
    return d


def code_toward(net: Network, x: Any, towards: Any = None) -> Code:
    """The code of the region just beyond ``x`` in direction ``towards`` (exact symbolic perturbation).

    It is the code of every point ``x + eps*towards + eps^2 e_1 + ... + eps^(D+1) e_D``
    for all small enough ``eps > 0``: each unit's pieces are compared
    lexicographically by value at x, then by directional derivative along
    ``towards``, then along e_1, ..., e_D; pieces equal in all of these are the
    same affine function near x and the lowest index wins, as in the forward
    pass.  Since the directions span R^D, the perturbed point is interior to one
    full-dimensional region, whose code this is.  For a point strictly inside
    a region it is the ordinary code.  Derivatives are computed only for units
    that tie, in integers.

    Parameters
    ----------
    net : Network
    x : sequence of numbers
        The point (typically on a boundary).
    towards : sequence of numbers, optional
        The direction to step in first (default: only the tie-breaking e_1, ..., e_D).

    Returns
    -------
    Code

    Raises
    ------
    InvalidNetworkError
        ``net`` is not a Network.
    DimensionError
        ``x`` or ``towards`` does not have ``net.input_dim`` entries.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [0])])
    >>> code_toward(net, [0, 0]), code_toward(net, [0, 0], [-1, 0])
    (((1, 1),), ((0, 1),))
    """
    prepared = _checked(net).maso
    point = _point(net, x)
    dim = len(point)
    directions: list[tuple[int, ...]] = []
    if towards is not None:
        direction = to_vector(towards, "towards", length=dim)
        scale = common_denominator(direction)
        directions.append(tuple((q * scale).numerator for q in direction))
    directions += [tuple(int(i == j) for j in range(dim)) for i in range(dim)]
    den = common_denominator(point)
    v = [(q * den).numerator for q in point]
    code: list[tuple[int, ...]] = []
    for index, layer in enumerate(prepared.integer_layers):
        derivatives: dict[int, list[int]] = {}
        pieces, z = [], []
        for rows, offsets in zip(layer.slopes, layer.offsets):
            values = [sum(map(mul, row, v)) + b * den for row, b in zip(rows, offsets)]
            best = max(values)
            candidates = [r for r, value in enumerate(values) if value == best]
            for t in range(len(directions)):
                if len(candidates) == 1:
                    break
                if t not in derivatives:
                    derivatives[t] = _direction_through(prepared, code, directions[t], index)
                slopes = {r: sum(map(mul, rows[r], derivatives[t])) for r in candidates}
                top = max(slopes.values())
                candidates = [r for r in candidates if slopes[r] == top]
            pieces.append(candidates[0])
            z.append(values[candidates[0]])
        code.append(tuple(pieces))
        v = z
        den *= layer.den
        g = math.gcd(den, *v)
        if g > 1:
            v, den = [n // g for n in v], den // g
    return tuple(code)


def _is_cut(layer: MasoLayer, unit: int, r: int, s: int, previous: AffineMap | None) -> bool:
    """Whether pieces r and s of a unit, tied at a point, are different affine functions of the input there.

    Pulled back through ``previous`` (the input-space map of the layer input),
    piece r is ``x -> <G^T A[k][r], x> + <A[k][r], h> + B[k][r]``.  Both pieces
    have the same value at the point, so they are the same function exactly
    when their input-space slopes ``G^T A[k][r]`` and ``G^T A[k][s]`` are equal.
    """
    difference = [a - b for a, b in zip(layer.slopes[unit][r], layer.slopes[unit][s])]
    if previous is None:
        return any(difference)
    return any(dot(difference, column) for column in zip(*previous.G))


def trace(net: Network, x: Any) -> PointTrace:
    """The forward pass at ``x`` with its code, layer outputs and region maps.

    Parameters
    ----------
    net : Network
    x : sequence of numbers

    Returns
    -------
    PointTrace
        ``maps[l]`` is ``x -> z^(l)(x) = G_l x + h_l``, the output of
        nonlinear layer l as an affine function of the input on the region of
        ``code`` (it is the ``(G_omega, h_omega)`` that paper Theorem 2 uses for
        the next layer), and ``output_map`` the input-to-output map there.

    Raises
    ------
    DimensionError
        ``x`` does not have ``net.input_dim`` entries.

    Notes
    -----
    ``on_boundary`` is decided exactly: a unit whose max is attained by two
    pieces that pull back to the same affine function of the input (a dead
    unit with zero weights and bias, leaky_relu with slope 1, duplicate
    pieces) does not cut the input space and is not a boundary.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu"), Dense([[1, 1]], [0])])
    >>> t = trace(net, [0, 1])
    >>> t.code, t.on_boundary
    (((0, 1),), True)
    >>> t.output_map.G, t.output_map.h
    (((Fraction(0, 1), Fraction(1, 1)),), (Fraction(-1, 2),))
    """
    point = _point(net, x)
    run = _run(_stages(net), point)
    dense = _checked(net).maso
    maps = layer_maps(dense.layers, run.code)
    on_boundary = any(
        _is_cut(dense.layers[index], unit, r, s, maps[index - 1] if index else None)
        for index, unit, r, others in run.ties
        for s in others
    )
    if maps:
        whole = compose(dense.output, maps[-1]) if dense.output is not None else maps[-1]
    else:
        whole = dense.output if dense.output is not None else identity_map(net.input_dim)
    return PointTrace(
        point=point,
        code=run.code,
        on_boundary=on_boundary,
        outputs=tuple(_fractions(numerators, den) for numerators, den in run.outputs),
        maps=maps,
        output_map=whole,
        output=_fractions(*run.output),
    )
