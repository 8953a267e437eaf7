"""Time per certified decision against the bare float LP, in the same run.

Run ``python benchmarks/bench_polytope.py`` (``--quick`` for a smaller grid).

Polytopes: ``n`` halfspaces ``u_i . x <= 1 + s_i`` with random unit float
directions ``u_i`` in dimension ``d``, so each contains the unit ball;
``tangent`` has ``s_i = 0`` (every row is a facet), ``mixed`` has
``s_i ~ |N(0, 1)|`` (many rows redundant).  The float entries enter exactly,
so the rows are integers of about 53 bits.

Compared, per polytope:

- ``witness``: :func:`exactpd.polytope.interior_certificate` (certified) against
  :func:`exactpd.lp.chebyshev_float` (a fresh cvxpy Problem with its default
  settings, no certification);
- ``facets``: :func:`exactpd.polytope.facet_report` (every row certified)
  against :func:`exactpd.lp.redundant_rows_float` (one fresh cvxpy Problem per
  row, a tolerance deciding);
- ``cut``: the enumerator's call, ``interior_certificate`` of ``P`` plus one
  halfspace through the centre, with the parent's witness as hint, for both
  sides, against two bare float LPs.

The ratio column is certified time / bare float time (goal: at most 1.5).
Measured figures are kept in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from exactpd import lp
from exactpd.polytope import HPolytope, facet_report, interior_certificate, with_halfspaces


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
    parser.add_argument("--engine", default=lp.DEFAULT_ENGINE, choices=lp.ENGINES)
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
