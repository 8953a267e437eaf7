"""hypothesis strategies: random small networks of every layer kind, and points on and off their boundaries."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from exactpd.network.forward_pass import trace
from exactpd.network.maso import maso_layers
from exactpd.network.layers import Dense, Maso, MaxPool, Network
from exactpd.rational import dot

# One strategy per number kind a user may write; a network draws all its weights from one kind.
NUMBER_KINDS = {
    "int": st.integers(-3, 3),
    "float": st.floats(-3, 3, allow_nan=False, allow_infinity=False, allow_subnormal=False),
    "rational": st.builds(Fraction, st.integers(-12, 12), st.integers(1, 6)),
    "string": st.builds(lambda p, q: f"{p}/{q}", st.integers(-12, 12), st.integers(1, 6)),
}

LEAKY_SLOPES = st.sampled_from(["1/100", "1/10", "1/2", 1, 0, "-1/2"])


@st.composite
def _dense(draw, number, width, activation):
    n_units = draw(st.integers(1, 6))
    weight = [[draw(number) for _ in range(width)] for _ in range(n_units)]
    bias = [draw(number) for _ in range(n_units)]
    dead = draw(st.lists(st.integers(0, n_units - 1), max_size=1))
    for k in dead:  # a dead unit: zero weights and bias
        weight[k], bias[k] = [0] * width, 0
    slope = draw(LEAKY_SLOPES) if activation == "leaky_relu" else None
    return Dense(weight, bias, activation, slope)


@st.composite
def _maxpool(draw, width):
    groups = draw(
        st.lists(st.lists(st.integers(0, width - 1), min_size=1, max_size=3), min_size=1, max_size=4)
    )
    return MaxPool(groups)


@st.composite
def _maso(draw, number, width):
    n_units = draw(st.integers(1, 4))
    slopes, offsets = [], []
    for _ in range(n_units):
        n_pieces = draw(st.integers(1, 3))
        slopes.append([[draw(number) for _ in range(width)] for _ in range(n_pieces)])
        offsets.append([draw(number) for _ in range(n_pieces)])
    return Maso(slopes, offsets)


LAYER_KINDS = ("relu", "leaky_relu", "abs", "affine", "maxpool", "maso")


@st.composite
def networks(draw, max_layers: int = 4):
    """A network on R^1..R^4 with up to ``max_layers`` layers of mixed kinds (widths up to 6)."""
    number = NUMBER_KINDS[draw(st.sampled_from(sorted(NUMBER_KINDS)))]
    input_dim = draw(st.integers(1, 4))
    layers = []
    width = input_dim
    for _ in range(draw(st.integers(1, max_layers))):
        kind = draw(st.sampled_from(LAYER_KINDS))
        if kind == "maxpool":
            layer = draw(_maxpool(width))
        elif kind == "maso":
            layer = draw(_maso(number, width))
        else:
            layer = draw(_dense(number, width, None if kind == "affine" else kind))
        layers.append(layer)
        width = layer.n_outputs
    if draw(st.booleans()):
        layers.append(draw(_dense(number, width, None)))
    return Network(input_dim, layers)


def _coordinates(dim):
    return st.lists(
        st.one_of(st.builds(Fraction, st.integers(-20, 20), st.integers(1, 7)), st.floats(-2, 2, allow_subnormal=False)),
        min_size=dim,
        max_size=dim,
    ).map(lambda xs: tuple(Fraction(v) for v in xs))


def _onto_cut(net, x, layer, unit, piece):
    """The projection of x onto the zero set of (piece - argmax piece) of a unit, pulled back on x's region."""
    t = trace(net, x)
    m = maso_layers(net)[layer]
    r = t.code[layer][unit]
    diff = [a - b for a, b in zip(m.slopes[unit][piece], m.slopes[unit][r])]
    offset = m.offsets[unit][piece] - m.offsets[unit][r]
    if layer:
        G, h = t.maps[layer - 1].G, t.maps[layer - 1].h
        normal = tuple(dot(diff, column) for column in zip(*G))
        offset += dot(diff, h)
    else:
        normal = tuple(diff)
    norm2 = dot(normal, normal)
    if norm2 == 0:
        return x
    value = dot(normal, x) + offset
    return tuple(xi - value / norm2 * ni for xi, ni in zip(x, normal))


@st.composite
def points(draw, net):
    """A point of R^input_dim: generic, or projected onto a cut of some unit (on a boundary, or close to one)."""
    x = draw(_coordinates(net.input_dim))
    t = trace(net, x)
    if not t.code or draw(st.booleans()):
        return x
    layer = draw(st.integers(0, len(t.code) - 1))
    unit = draw(st.integers(0, len(t.code[layer]) - 1))
    n_pieces = maso_layers(net)[layer].n_pieces[unit]
    piece = draw(st.integers(0, n_pieces - 1))
    return _onto_cut(net, x, layer, unit, piece)
