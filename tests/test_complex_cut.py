"""The cut stage of the complex engine: its exact kernels against independent references.

References: the object-array product of Python ints (``np.matmul`` on object
arrays: exact by definition) for :func:`exact_matmul`; exact rational
evaluation (``Fraction``) for the float filter on numpy and on torch (CPU);
the LP engine for partitions cut with the torch filter.
"""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.enumeration.complex_filter import float_row, float_vertex, signs_float_filter
from exactpd.enumeration.complex_matmul import exact_matmul
from exactpd.enumeration.driver import enumerate_regions
from exactpd.errors import InvalidOptionError
from exactpd.kernel.polytope import box
from exactpd.network.layers import Dense, Network

# entries from 0 and +-1 to the extremes of each limb and of int64, and far beyond
EDGES = [0, 1, -1, 2**15 - 1, -(2**15), 2**16 - 1, 2**16, -(2**16), 2**31, 2**63 - 1, -(2**63), 2**64 + 7, -(2**200) + 3, 2**521 - 1]


def _entries(rng: random.Random, count: int, bits: int) -> list:
    """Extremes, small integers and random integers of up to ``bits`` bits, of both signs."""
    pick = [rng.random() for _ in range(count)]
    return [rng.choice(EDGES) if u < 0.3 else rng.randint(-5, 5) if u < 0.5 else rng.randint(-(2**bits), 2**bits) for u in pick]


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 24), st.integers(1, 40), st.integers(1, 900), st.integers(1, 300), st.integers(0, 2**32))
def test_exact_matmul_is_the_object_product(m, n, k, bits, seed):
    rng = random.Random(seed)
    A = np.array(_entries(rng, m * n, bits), dtype=object).reshape(m, n)
    B = np.array(_entries(rng, n * k, bits), dtype=object).reshape(n, k)
    got = exact_matmul(A, B)
    assert got.shape == (m, k)
    assert got.tolist() == np.matmul(A, B).tolist()
    assert all(type(v) is int for v in got.ravel())


def test_exact_matmul_limb_path_on_wide_entries():
    """Large enough for the float limb products (not the object fallback), with entries of every size."""
    rng = np.random.default_rng(3)
    bits = rng.integers(0, 400, size=(40, 48))
    A = np.array([[int(rng.integers(-9, 9)) << int(b) for b in row] for row in bits], dtype=object)
    B = np.array([[(-1) ** (i + j) * ((1 << ((i * j) % 300)) - 1) for j in range(700)] for i in range(48)], dtype=object)
    assert np.array_equal(exact_matmul(A, B), np.matmul(A, B))
    assert np.array_equal(exact_matmul(A, np.zeros((48, 700), dtype=object)), np.zeros((40, 700), dtype=object))


def _exact_sign(row, point):
    value = sum(Fraction(g) * x for g, x in zip(row, point)) + row[-1]
    return (value > 0) - (value < 0)


@pytest.mark.parametrize("device", [None, "cpu"])
def test_float_filter_proves_only_true_signs(device):
    """Every sign the filter proves (numpy or torch) is the exact sign; zeros and near-zeros are never proved."""
    rng = np.random.default_rng(0)
    rows, points, exact = [], [], []
    for i in range(400):
        den = int(rng.integers(1, 2**40))
        X = [int(v) for v in rng.integers(-(2**50), 2**50, size=3)] + [den]
        point = [Fraction(v, den) for v in X[:3]]
        g = [int(v) for v in rng.integers(-(2**30), 2**30, size=3)]
        c = -sum(Fraction(a) * x for a, x in zip(g, point))  # through the point: value 0
        c = int(c) + int(rng.integers(-2, 3)) * (i % 3 == 0)  # zero, or the nearest integers: tiny values
        row = g + [c]
        rows.append(float_row(row))
        points.append(float_vertex(X))
        exact.append(_exact_sign(row, point))
    signs, proved = signs_float_filter(np.array(rows), np.array(points), device=device)
    exact = np.array(exact)
    assert (signs[proved] == exact[proved]).all()
    assert not proved[exact == 0].any()
    reference = signs_float_filter(np.array(rows), np.array(points))
    assert np.array_equal(signs, reference[0]) and np.array_equal(proved, reference[1])


def test_complex_engine_with_the_torch_filter_is_the_lp_partition():
    net = Network(2, [Dense([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0], "relu"), Dense([[1, -2, 1, 1]], [0], "relu"), Dense([[1]], [0])])
    dom = box([-2, -2], [2, 2])
    torch_part = enumerate_regions(net, dom, engine="complex", device="cpu")
    assert torch_part == enumerate_regions(net, dom, engine="lp")
    assert torch_part.complex.face_counts() == enumerate_regions(net, dom, engine="complex").complex.face_counts()


def test_unknown_device_is_refused():
    net = Network(1, [Dense([[1]], [0], "relu")])
    with pytest.raises(InvalidOptionError, match="device"):
        enumerate_regions(net, box([-1], [1]), engine="complex", device="no-such-device")


def test_cli_enumerate_device(tmp_path, capsys):
    """``exactpd enumerate --device cpu`` writes the partition the LP engine finds; an unusable device is one clear error."""
    import exactpd as epd
    from exactpd.cli import main

    net_file, out = tmp_path / "net.json", tmp_path / "out.json"
    epd.save_network(epd.demo_network(), net_file)
    assert main(["enumerate", str(net_file), "--box", "-1", "1", "-o", str(out), "--engine", "complex", "--device", "cpu", "-q"]) == 0
    assert len(epd.load_partition(out)) == len(enumerate_regions(epd.demo_network(), box([-1, -1], [1, 1]), engine="lp", edges=False))
    code = main(["enumerate", str(net_file), "--box", "-1", "1", "-o", str(out), "--device", "no-such-device", "-q"])
    assert code != 0 and "device 'no-such-device'" in capsys.readouterr().err


@pytest.mark.parametrize("dim, widths, seed", [(2, (6, 5), 0), (3, (5, 4), 1), (4, (4, 3), 2)])
def test_vertex_floats_are_within_their_radius(dim, widths, seed):
    """Every vertex's float is within its radius (plus rounding) of the exact vertex, made on access; the engines agree."""
    from exactpd.enumeration.complex_engine import build_complex

    rng = np.random.default_rng(seed)
    layers, fan_in = [], dim
    for width in widths:
        layers.append(Dense(rng.integers(-9, 10, size=(width, fan_in)).tolist(), [Fraction(int(v), 7) for v in rng.integers(-9, 10, size=width)], "relu"))
        fan_in = width
    net = Network(dim, layers + [Dense([[1] * fan_in], [0])])
    dom = box([-2] * dim, [2] * dim)
    cells = build_complex(net, dom).cells
    assert (cells.radius > 0).any()  # some vertices were made lazily
    for x, xf, radius in zip(cells.X, cells.xf, cells.radius):
        exact = [Fraction(v, x[-1]) for v in x[:-1]]
        assert all(abs(Fraction(f) - e) <= Fraction(radius) + abs(e) * Fraction(2) ** -52 for f, e in zip(xf, exact))
    assert enumerate_regions(net, dom, engine="complex") == enumerate_regions(net, dom, engine="lp")


def test_weights_too_large_for_floats():
    """Maps with entries beyond float range: the exact rows are used for the filter; the LP engine agrees."""
    big = 2**1100
    net = Network(2, [Dense([[big, 1], [1, -1], [big, big]], [0, 1, -big], "relu"), Dense([[1, 1, -1], [1, -2, 1]], [0, 1], "relu"), Dense([[1, 1]], [0])])
    dom = box([-2, -2], [2, 2])
    assert enumerate_regions(net, dom, engine="complex") == enumerate_regions(net, dom, engine="lp")
