"""The exact LP solver, against brute-force vertex enumeration and sympy."""

from fractions import Fraction
from itertools import combinations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from exactpd.kernel.simplex import LPStatus, basis_solution, maximize, solve_linear_system
from exactpd.rational import integer_point

small = st.integers(-4, 4)


def lp_data(max_dim=3, max_rows=6, boxed=False):
    """Random integer LPs ``max c.x, A x <= b``; with ``boxed``, ``|x_k| <= 7`` is added."""

    @st.composite
    def build(draw):
        d = draw(st.integers(1, max_dim))
        n = draw(st.integers(0, max_rows))
        A = [[draw(small) for _ in range(d)] for _ in range(n)]
        b = [draw(st.integers(-5, 8)) for _ in range(n)]
        if boxed:
            for k in range(d):
                for s in (1, -1):
                    A.append([s if j == k else 0 for j in range(d)])
                    b.append(7)
        c = [draw(small) for _ in range(d)]
        return c, A, b

    return build()


def value(row, x):
    return sum(Fraction(a) * v for a, v in zip(row, x))


def assert_certificate(c, A, b, solution):
    """The certificate carried by ``solution`` proves its status, exactly."""
    n, d = len(A), len(c)
    if solution.status is LPStatus.OPTIMAL:
        assert all(value(row, solution.x) <= beta for row, beta in zip(A, b))
        assert all(v >= 0 for v in solution.y)
        assert [sum(solution.y[i] * A[i][k] for i in range(n)) for k in range(d)] == list(c)
        assert value(b, solution.y) == solution.value == value(c, solution.x)
    elif solution.status is LPStatus.INFEASIBLE:
        assert all(v >= 0 for v in solution.y)
        assert all(sum(solution.y[i] * A[i][k] for i in range(n)) == 0 for k in range(d))
        assert value(b, solution.y) < 0
    else:
        assert all(value(row, solution.x) <= beta for row, beta in zip(A, b))
        assert all(value(row, solution.ray) <= 0 for row in A)
        assert value(c, solution.ray) > 0


def det(M):
    """Laplace expansion along the first row (independent of the code under test)."""
    if len(M) == 1:
        return M[0][0]
    return sum((-1) ** j * M[0][j] * det([row[:j] + row[j + 1 :] for row in M[1:]]) for j in range(len(M)) if M[0][j])


def brute_force_optimum(c, A, b):
    """The best feasible vertex (None if there is none): every d-subset of rows, by Cramer's rule."""
    d = len(c)
    best = None
    for rows in combinations(range(len(A)), d):
        M = [list(A[i]) for i in rows]
        D = det(M)
        if D == 0:
            continue
        x = [Fraction(det([row[:k] + [b[i]] + row[k + 1 :] for row, i in zip(M, rows)]), D) for k in range(d)]
        if all(value(row, x) <= beta for row, beta in zip(A, b)):
            v = value(c, x)
            best = v if best is None else max(best, v)
    return best


@settings(max_examples=120, deadline=None)
@given(lp_data(boxed=True))
def test_maximize_agrees_with_vertex_enumeration(data):
    c, A, b = data
    solution = maximize(c, A, b)
    assert_certificate(c, A, b, solution)
    best = brute_force_optimum(c, A, b)
    if best is None:
        assert solution.status is LPStatus.INFEASIBLE
    else:
        assert solution.status is LPStatus.OPTIMAL and solution.value == best


@settings(max_examples=300, deadline=None)
@given(lp_data(max_dim=4, max_rows=7))
def test_every_outcome_carries_a_valid_certificate(data):
    c, A, b = data
    assert_certificate(c, A, b, maximize(c, A, b))


def test_the_three_outcomes():
    A = [[1, 0], [0, 1], [-1, 0], [0, -1]]
    optimal = maximize([1, 1], A, [1, 2, 0, 0])
    assert optimal.status is LPStatus.OPTIMAL and optimal.x == (1, 2) and optimal.value == 3
    infeasible = maximize([0], [[1], [-1]], [0, -1])
    assert infeasible.status is LPStatus.INFEASIBLE and infeasible.y == (Fraction(1, 2), Fraction(1, 2))
    unbounded = maximize([1, 0], [[0, 1]], [0])
    assert unbounded.status is LPStatus.UNBOUNDED and unbounded.ray[0] > 0


def test_no_rows_and_rational_data():
    assert maximize([0, 0], [], []).status is LPStatus.OPTIMAL
    assert maximize([1], [], []).status is LPStatus.UNBOUNDED
    s = maximize([Fraction(1, 3)], [[Fraction(2, 7)]], [Fraction(1, 5)])
    assert s.x == (Fraction(7, 10),) and s.value == Fraction(7, 30)
    assert_certificate([Fraction(1, 3)], [[Fraction(2, 7)]], [Fraction(1, 5)], s)


def test_tiny_gap_is_infeasible():
    gap = Fraction(1, 2**60)
    s = maximize([0], [[1], [-1]], [0, -gap])
    assert s.status is LPStatus.INFEASIBLE
    assert_certificate([0], [[1], [-1]], [0, -gap], s)


def test_degenerate_cycling_example_terminates():
    # Beale's classic cycling example (as max over A x <= b with x >= 0 rows): Bland's rule must stop.
    c = [Fraction(3, 4), -150, Fraction(1, 50), -6]
    A = [
        [Fraction(1, 4), -60, Fraction(-1, 25), 9],
        [Fraction(1, 2), -90, Fraction(-1, 50), 3],
        [0, 0, 1, 0],
        [-1, 0, 0, 0],
        [0, -1, 0, 0],
        [0, 0, -1, 0],
        [0, 0, 0, -1],
    ]
    b = [0, 0, 1, 0, 0, 0, 0]
    s = maximize(c, A, b)
    assert s.status is LPStatus.OPTIMAL and s.value == Fraction(1, 20)
    assert_certificate(c, A, b, s)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(st.just(k), st.lists(st.lists(small, min_size=k, max_size=k), min_size=k, max_size=k), st.lists(small, min_size=k, max_size=k))))
def test_solve_linear_system_matches_sympy(data):
    k, M, r = data
    z = solve_linear_system(M, r)
    reference = sympy.Matrix(M)
    if reference.det() != 0:
        expected = reference.LUsolve(sympy.Matrix(r))
        assert z == tuple(Fraction(int(v.p), int(v.q)) for v in expected)
        assert solve_linear_system(M, r, unique=True) == z
    else:
        assert solve_linear_system(M, r, unique=True) is None
        if z is not None:
            assert all(value(row, z) == ri for row, ri in zip(M, r))
        else:  # inconsistent: the augmented matrix has a larger rank
            assert sympy.Matrix([row + [ri] for row, ri in zip(M, r)]).rank() > reference.rank()


def test_solve_linear_system_rectangular():
    assert solve_linear_system([[1, 1]], [2]) == (2, 0)  # free unknown set to 0
    assert solve_linear_system([[1], [2], [3]], [1, 2, 3]) == (1,)
    assert solve_linear_system([[1], [2]], [1, 3]) is None
    assert solve_linear_system([], []) == ()


@settings(max_examples=100, deadline=None)
@given(lp_data(boxed=True), st.randoms(use_true_random=False))
def test_basis_solution_is_never_wrong(data, random):
    c, A, b = data
    exact = maximize(c, A, b)
    guess = random.sample(range(len(A)), k=min(len(A), len(c)))
    proposed = basis_solution(c, A, b, guess)
    if proposed is not None:  # a wrong guess may be rejected, but an accepted one is optimal
        assert exact.status is LPStatus.OPTIMAL and proposed.value == exact.value
        assert_certificate(c, A, b, proposed)
    if exact.status is LPStatus.OPTIMAL:  # the true active rows are always accepted
        active = [i for i, y in enumerate(exact.y) if y > 0]
        tight = [i for i, (row, beta) in enumerate(zip(A, b)) if value(row, exact.x) == beta]
        confirmed = basis_solution(c, A, b, active + [i for i in tight if i not in active])
        assert confirmed is not None and confirmed.value == exact.value


def test_integer_point():
    assert integer_point((Fraction(1, 2), Fraction(-2, 3), Fraction(0))) == ([3, -4, 0], 6)
    assert integer_point(()) == ([], 1)


@pytest.mark.parametrize("size", [6, 10])
def test_simplex_scales_to_a_small_dense_lp(size):
    # max sum x over the simplex {x >= 0, sum x <= 1/2^45}: optimum 2^-45, exact.
    A = [[-1 if j == i else 0 for j in range(size)] for i in range(size)] + [[1] * size]
    b = [0] * size + [Fraction(1, 2**45)]
    s = maximize([1] * size, A, b)
    assert s.status is LPStatus.OPTIMAL and s.value == Fraction(1, 2**45)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-3, 3), min_size=k, max_size=k), max_size=4), st.lists(st.integers(-3, 3), min_size=4, max_size=4), st.just(k))))
def test_solution_space_is_every_solution(case):
    from exactpd.kernel.simplex import solution_space

    rows, rhs, k = case
    rhs = rhs[: len(rows)]
    found = solution_space(rows, rhs, k)
    M = sympy.Matrix(rows) if rows else sympy.zeros(0, k)
    consistent = not rows or M.rank() == sympy.Matrix.hstack(M, sympy.Matrix(rhs)).rank()
    assert (found is not None) == consistent  # sympy's ranks as the independent reference
    if found is None:
        return
    z0, basis = found
    assert solve_linear_system(rows, rhs) == (z0 if rows else ())
    assert all(sum(a * z for a, z in zip(row, z0)) == beta for row, beta in zip(rows, rhs))
    assert all(sum(a * v for a, v in zip(row, n)) == 0 for row in rows for n in basis)
    assert len(basis) == k - (M.rank() if rows else 0) and (not basis or sympy.Matrix(basis).rank() == len(basis))
