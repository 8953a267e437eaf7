"""Time per certified decision against the bare float LP, in the same run.

Run ``python benchmarks/bench_polytope.py`` (``--quick`` for a smaller grid).

Polytopes: ``n`` halfspaces ``u_i . x <= 1 + s_i`` with random unit float
directions ``u_i`` in dimension ``d``, so each contains the unit ball;
``tangent`` has ``s_i = 0`` (every row is a facet), ``mixed`` has
``s_i ~ |N(0, 1)|`` (many rows redundant).  The float entries enter exactly,
so the rows are integers of about 53 bits.

Compared, per polytope:

- ``witness``: :func:`exactpd.kernel.polytope.interior_certificate` (certified) against
  :func:`exactpd.hints.lp.chebyshev_float` (a fresh cvxpy Problem with its default
  settings, no certification);
- ``facets``: :func:`exactpd.kernel.polytope.facet_report` (every row certified)
  against :func:`exactpd.hints.lp.redundant_rows_float` (one fresh cvxpy Problem per
  row, a tolerance deciding);
- ``cut``: the enumerator's call, ``interior_certificate`` of ``P`` plus one
  halfspace through the centre, with the parent's witness as hint, for both
  sides, against two bare float LPs.

The ratio column is certified time / bare float time (goal: at most 1.5).

Measured (2 cores, Python 3.11, cvxpy 1.9.3 with its default solver Clarabel
for the bare LPs, HiGHS 1.16; best of 3; milliseconds; the machine was shared,
so single figures vary by up to 2x between runs, the ratios less)::

    engine=highs (default)
    kind       d    n | task      certified      float  ratio
    tangent    2   20 | witness        0.73      26.72   0.03
    tangent    2   20 | cut            2.02      13.79   0.15
    tangent    2   20 | facets         1.57     350.04   0.00
    tangent    2  200 | witness        1.84      16.27   0.11
    tangent    2  200 | cut            6.00      25.64   0.23
    tangent    2  200 | facets        80.49    3524.89   0.02
    tangent    5   20 | witness        0.63       7.05   0.09
    tangent    5   20 | cut            1.08      20.37   0.05
    tangent    5   20 | facets         2.45     327.13   0.01
    tangent    5  200 | witness        2.58      14.00   0.18
    tangent    5  200 | cut            8.96      27.49   0.33
    tangent    5  200 | facets        54.58    2735.68   0.02
    tangent   10   20 | witness        0.87       8.54   0.10
    tangent   10   20 | cut            1.51      17.34   0.09
    tangent   10   20 | facets         3.71     219.06   0.02
    tangent   10  200 | witness        3.44      11.73   0.29
    tangent   10  200 | cut            7.28      19.70   0.37
    tangent   10  200 | facets        93.00    4236.46   0.02
    mixed      2   20 | witness        1.00      13.42   0.07
    mixed      2   20 | cut            1.49      20.37   0.07
    mixed      2   20 | facets        11.91     216.45   0.06
    mixed      2  200 | witness        1.60       9.27   0.17
    mixed      2  200 | cut            4.01      24.28   0.17
    mixed      2  200 | facets       223.78    2552.45   0.09
    mixed      5   20 | witness        0.97      10.84   0.09
    mixed      5   20 | cut            1.62      22.18   0.07
    mixed      5   20 | facets         9.88     225.83   0.04
    mixed      5  200 | witness        2.34      14.04   0.17
    mixed      5  200 | cut            7.36      27.68   0.27
    mixed      5  200 | facets       252.67    2635.83   0.10
    mixed     10   20 | witness        1.17      11.80   0.10
    mixed     10   20 | cut            1.93      21.76   0.09
    mixed     10   20 | facets        13.15     216.00   0.06
    mixed     10  200 | witness        2.41      12.85   0.19
    mixed     10  200 | cut            4.48      28.82   0.16
    mixed     10  200 | facets       394.13    4827.48   0.08

With ``--engine cvxpy`` (compiled DPP problems) the certified witness costs
3.5-5.5 ms, ratios 0.4-0.5; facets 0.03-0.32.  With ``--engine exact`` (no
float at all) dimension 2 is as fast as the default, dimension 5 costs
0.5-1.4x the bare float LP, dimension 10 (53-bit rows) 4-17x: the exact
simplex is a fallback, not an engine for speed.  A tiny region (width
``2^-40``, 10-D, 40-60 rows) takes 40-50 ms for its full facet report on the
default engine thanks to zoomed hints (see :mod:`exactpd.hints.lp`), against 9-15 s
when every LP falls back to the exact simplex.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from exactpd.hints import lp
from exactpd.hints.engine import DEFAULT_ENGINE, ENGINES
from exactpd.kernel.polytope import HPolytope, facet_report, interior_certificate, with_halfspaces


def random_polytope(d: int, n: int, kind: str, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Float rows ``u_i . x <= 1 + s_i`` with unit ``u_i``: a polytope containing the unit ball."""
    U = rng.normal(size=(n, d))
    U /= np.linalg.norm(U, axis=1)[:, None]
    slack = np.zeros(n) if kind == "tangent" else np.abs(rng.normal(size=n))
    return U, 1.0 + slack


def best_time(function, repeats: int) -> float:
    """The smallest wall time of ``repeats`` calls, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller grid")
    parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=list(ENGINES))
    args = parser.parse_args()
    rng = np.random.default_rng(2024)
    grid = [(2, 20), (5, 50), (10, 50)] if args.quick else [(2, 20), (2, 200), (5, 20), (5, 200), (10, 20), (10, 200)]
    repeats = 3
    print(f"engine={args.engine}; times in ms (best of {repeats}); ratio = certified / bare float")
    print(f"{'kind':8} {'d':>3} {'n':>4} | {'task':8} {'certified':>10} {'float':>10} {'ratio':>6}")
    for kind in ("tangent", "mixed"):
        for d, n in grid:
            U, b = random_polytope(d, n, kind, rng)
            P = HPolytope(U, b)
            cut = rng.normal(size=d)
            parent = interior_certificate(P, engine=args.engine).point
            rows = {
                "witness": (
                    lambda: interior_certificate(P, engine=args.engine),
                    lambda: lp.chebyshev_float(U, b),
                ),
                "cut": (
                    lambda: [
                        interior_certificate(with_halfspaces(P, [s * cut], [0]), hint=parent, engine=args.engine)
                        for s in (1, -1)
                    ],
                    lambda: [lp.chebyshev_float(np.vstack([U, s * cut]), np.append(b, 0.0)) for s in (1, -1)],
                ),
                "facets": (
                    lambda: facet_report(P, engine=args.engine),
                    lambda: lp.redundant_rows_float(U, b),
                ),
            }
            for task, (certified, bare) in rows.items():
                t_certified = best_time(certified, repeats)
                t_bare = best_time(bare, 1 if task == "facets" else repeats)
                print(
                    f"{kind:8} {d:>3} {n:>4} | {task:8} {t_certified * 1e3:>10.2f} {t_bare * 1e3:>10.2f}"
                    f" {t_certified / t_bare:>6.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
