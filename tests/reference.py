"""Independent references for the tests: forward passes written straight from the layer definitions.

Nothing here uses exactpd's own max-affine form (:mod:`exactpd.network.maso`) or forward pass:
the layers of a :class:`~exactpd.network.layers.Network` are read one by one.

- :func:`exact_pieces` — every piece value of every unit, in Fractions;
- :func:`float_forward` — a numpy float64 forward pass (floats only here, as a reference);
- :func:`safe_step` — an exact step size below which no strict inequality between pieces can flip.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from exactpd.network.layers import Dense, Maso, MaxPool, Network


def _affine(weight, bias, z):
    return [sum((w * v for w, v in zip(row, z)), Fraction(0)) + b for row, b in zip(weight, bias)]


def _dense_pieces(layer: Dense, pre):
    if layer.activation == "relu":
        return [[Fraction(0), p] for p in pre]
    if layer.activation == "leaky_relu":
        return [[layer.negative_slope * p, p] for p in pre]
    return [[-p, p] for p in pre]  # abs


def exact_pieces(net: Network, x):
    """Layer-by-layer exact pass: (output, [per nonlinear layer: per unit: the list of piece values])."""
    z = [Fraction(v) for v in x]
    layers = []
    for layer in net.layers:
        if isinstance(layer, Dense):
            pre = _affine(layer.weight, layer.bias, z)
            if layer.activation is None:
                z = pre
                continue
            pieces = _dense_pieces(layer, pre)
        elif isinstance(layer, MaxPool):
            pieces = [[z[i] for i in group] for group in layer.groups]
        else:
            assert isinstance(layer, Maso)
            pieces = [_affine(slopes, offsets, z) for slopes, offsets in zip(layer.slopes, layer.offsets)]
        layers.append(pieces)
        z = [max(values) for values in pieces]
    return tuple(z), layers


def exact_code(net: Network, x):
    """The code: the first maximal piece of every unit."""
    _, layers = exact_pieces(net, x)
    return tuple(tuple(values.index(max(values)) for values in pieces) for pieces in layers)


def float_forward(net: Network, x) -> np.ndarray:
    """numpy float64 forward pass."""
    z = np.array([float(v) for v in x])
    for layer in net.layers:
        if isinstance(layer, Dense):
            pre = np.array(layer.weight, dtype=float) @ z + np.array(layer.bias, dtype=float)
            if layer.activation == "relu":
                z = np.maximum(pre, 0.0)
            elif layer.activation == "leaky_relu":
                z = np.maximum(float(layer.negative_slope) * pre, pre)
            elif layer.activation == "abs":
                z = np.abs(pre)
            else:
                z = pre
        elif isinstance(layer, MaxPool):
            z = np.array([z[list(group)].max() for group in layer.groups])
        else:
            z = np.array(
                [
                    (np.array(slopes, dtype=float) @ z + np.array(offsets, dtype=float)).max()
                    for slopes, offsets in zip(layer.slopes, layer.offsets)
                ]
            )
    return z


def float_scale(net: Network, x) -> float:
    """A bound on the magnitudes in the float pass (|W| |z| + |b| layer by layer), for its error tolerance."""
    z = np.abs(np.array([float(v) for v in x]))
    for layer in net.layers:
        if isinstance(layer, Dense):
            factor = max(1.0, abs(float(layer.negative_slope or 0)))
            z = factor * (np.abs(np.array(layer.weight, dtype=float)) @ z + np.abs(np.array(layer.bias, dtype=float)))
        elif isinstance(layer, MaxPool):
            z = np.array([z[list(group)].max() for group in layer.groups])
        else:
            z = np.array(
                [
                    (np.abs(np.array(slopes, dtype=float)) @ z + np.abs(np.array(offsets, dtype=float))).max()
                    for slopes, offsets in zip(layer.slopes, layer.offsets)
                ]
            )
    return float(z.max()) if z.size else 0.0


def _row_norm(rows) -> Fraction:
    return max(sum((abs(a) for a in row), Fraction(0)) for row in rows)


def safe_step(net: Network, x) -> Fraction:
    """A step eps > 0 such that for every direction d with max|d_i| <= 1, no strict
    inequality between two pieces of a unit at x changes along x + t d, |t| <= eps.

    Along the segment every layer output moves by at most L * |t| (max norm), L
    the product of the layers' row-norm bounds; a gap between two pieces of a unit
    whose slopes (in that layer's input) have row norm <= c moves by at most 2 c L |t|.
    """
    _, layers = exact_pieces(net, x)
    lipschitz = Fraction(1)
    step = Fraction(1)
    nonlinear = 0
    for layer in net.layers:
        if isinstance(layer, Dense):
            c = _row_norm(layer.weight) * max(1, abs(layer.negative_slope or 0))
        elif isinstance(layer, MaxPool):
            c = Fraction(1)
        else:
            c = max(_row_norm(slopes) for slopes in layer.slopes)
        if not (isinstance(layer, Dense) and layer.activation is None):
            for values in layers[nonlinear]:
                best = max(values)
                gaps = [best - v for v in values if v != best]
                if gaps and c * lipschitz > 0:
                    step = min(step, min(gaps) / (4 * c * lipschitz))
            nonlinear += 1
        lipschitz *= max(c, Fraction(1))
    return step
