"""The float hint layer: hints are plausible, failures are None, never an exception; engines are a registry."""

import numpy as np
import pytest

from exactpd.errors import InvalidOptionError
from exactpd.hints import cvxpy_engine, lp
from exactpd.hints.engine import ENGINES, ExactEngine, LPEngine, get_engine, register_engine
from exactpd.kernel.polytope import HPolytope, interior_certificate

SQUARE_A = [(1, 0), (-1, 0), (0, 1), (0, -1)]
SQUARE_B = [1, 0, 1, 0]


@pytest.mark.parametrize("engine", ["highs", "cvxpy"])
def test_maximize_hint_on_a_square(engine):
    hint = lp.maximize_hint((1, 2), SQUARE_A, SQUARE_B, engine)
    assert hint is not None
    assert np.allclose(hint.x_hint, [1, 1]) and abs(hint.value_hint - 3) < 1e-9
    assert set(hint.active_hint) == {0, 2}


@pytest.mark.parametrize("engine", ["highs", "cvxpy"])
def test_failures_are_none(engine):
    assert lp.maximize_hint((0,), [(1,), (-1,)], [0, -1], engine) is None  # infeasible
    assert lp.maximize_hint((1, 0), [(0, 1)], [0], engine) is None  # unbounded
    assert lp.maximize_hint((1,), [(1,)], [1], "exact") is None
    assert lp.maximize_hint((1,), [], [], engine) is None


def test_rows_hint_survives_huge_integers():
    big = 2**2000
    A_hint, b_hint = lp.rows_hint([(big, 1), (0, 0)], [big * 3, 1])
    assert np.allclose(A_hint, [[1, 0], [0, 0]]) and np.allclose(b_hint, [3, 1])
    A_hint, b_hint = lp.rows_hint([(1, 0)], [big])
    assert np.isfinite(b_hint).all() and b_hint[0] > 1e299  # clipped: a hint only


def test_redundancy_hints_with_hot_starts():
    A = SQUARE_A + [(1, 1)]  # x + y <= 3 is redundant
    B = SQUARE_B + [3]
    targets = [(i, [i]) for i in range(5)]
    for engine in ("highs", "cvxpy"):
        hints = lp.redundancy_hints(A, B, targets, engine)
        assert all(h is not None for h in hints)
        values = [h.value_hint for h in hints]  # these rows already have largest entry 1
        assert values[0] > 1 and values[2] > 1  # relaxed rows move: facets
        assert values[4] <= 2 + 1e-9  # max x + y stays at 2 < 3: redundant
    assert lp.redundancy_hints(A, B, targets, "exact") == [None] * 5


def test_projection_hint_on_a_square_with_a_far_row():
    A_hint, b_hint = lp.rows_hint(SQUARE_A + [(1, 1)], SQUARE_B + [3])
    assert lp.projection_hint(A_hint, b_hint, np.array([0.5, 0.5])) == [0, 1, 2, 3]


def test_cvxpy_engine_reuses_compiled_problems():
    P = HPolytope([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1]], [1, 0, 1, 0, 3])
    interior_certificate(P, engine="cvxpy")
    cache = cvxpy_engine._local.cvxpy
    before = {key: id(entry[0]) for key, entry in cache.items()}
    interior_certificate(HPolytope([[2, 1], [-1, 0], [0, 1], [0, -1]], [1, 0, 1, 0]), engine="cvxpy")
    assert {key: id(cvxpy_engine._local.cvxpy[key][0]) for key in before} == before  # same 8-row bucket, no rebuild


def test_bare_float_baselines():
    status, x, t = lp.chebyshev_float(np.array(SQUARE_A, float), np.array(SQUARE_B, float))
    assert status == "optimal" and abs(t - 0.5) < 1e-6 and np.allclose(x, [0.5, 0.5], atol=1e-6)
    kept = lp.redundant_rows_float(np.array(SQUARE_A + [(1, 1)], float), np.array(SQUARE_B + [3], float))
    assert kept == [0, 1, 2, 3]


def test_the_registry_holds_the_three_engines():
    assert list(ENGINES) == ["highs", "cvxpy", "exact"]
    assert all(isinstance(e, LPEngine) and get_engine(name) is e for name, e in ENGINES.items())
    assert get_engine(ENGINES["cvxpy"]) is ENGINES["cvxpy"]
    with pytest.raises(InvalidOptionError, match="unknown LP engine 'gurobi'; expected one of highs, cvxpy, exact"):
        get_engine("gurobi")
    with pytest.raises(InvalidOptionError, match="engine must be"):
        get_engine(3)
    with pytest.raises(InvalidOptionError, match="needs a name"):
        register_engine(object())


def test_a_registered_engine_is_used_by_name():
    calls = []

    class Counting(ExactEngine):
        name = "counting"
        uses_floats = True

        def maximize(self, c, A, b):
            calls.append(len(A))
            return ENGINES["highs"].maximize(c, A, b)

    register_engine(Counting())
    try:
        hint = lp.maximize_hint((1, 2), SQUARE_A, SQUARE_B, "counting")
        assert calls == [4] and np.allclose(hint.x_hint, [1, 1])
        assert interior_certificate(HPolytope(SQUARE_A, SQUARE_B), engine="counting").point == (0.5, 0.5)
    finally:
        from exactpd.hints.engine import _REGISTRY

        del _REGISTRY["counting"]


@pytest.mark.parametrize("engine", ["highs", "cvxpy"])
def test_maximize_hints_on_one_model(engine):
    hints = lp.maximize_hints([(1, 0), (0, 1), (-1, -1)], SQUARE_A, SQUARE_B, engine)
    assert [round(h.value_hint, 9) for h in hints] == [1, 1, 0]
    assert lp.maximize_hints([(1, 0)], SQUARE_A, SQUARE_B, "exact") == [None]
