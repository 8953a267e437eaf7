"""The LP engine against an earlier commit, as ratios measured in one run (issue 12, points 1 and 2).

Run from the repository root, with a checkout of the baseline commit::

    git worktree add /tmp/base <commit>
    python3 benchmarks/bench_lp_engine.py /tmp/base [--quick] [--timeout S]

For each network (random He-scaled ReLU nets: weights N(0, 1/fan_in) and
biases N(0, 1/4), rounded to 3 decimals, fixed seed) the baseline tree and
this tree enumerate the same partition with the LP engine, without edges and
with edges, each run in its own process (CPU seconds of that process,
imports excluded).  Runs alternate between the two trees so that both see the
same load.  A run that exceeds ``--timeout`` is stopped and reported as
``>`` the timeout, so its ratio is a lower bound.  The region and edge counts
of both sides are printed: they must agree.

Networks: 2-16-16-16-1 in [-4, 4]^2, 4-12-12-1 in [-1, 1]^4, 8-10-10-1 in [-1, 1]^8
(``--quick``: 2-8-8-1, 3-6-6-1 and 4-6-6-1, for a smoke run).

``--number-types`` times the hot exact operation (a row times a point over
one denominator: an integer dot product) in plain ints, gmpy2 and
python-flint, the same dot on rationals (Fraction, fmpq, mpq), and a numpy
float filter over 20 rows.  Measured here (one run, loaded machine): plain
ints 2.5 us, gmpy2 3.0 us, flint 6.3 us for an 8-entry dot of 40-bit rows and
a 120-bit point; Fraction 78 us, fmpq 13 us, mpq 12 us on rationals; the
float filter 3.6 us for 20 rows against 44 us exact.  Hence integers over one
common denominator in plain ints throughout.  It also times the proof of a
bound from D active rows: an exact D x D solve (Bareiss in plain ints,
python-flint) against float multipliers whose exact residual absorbs the
rounding (``certificate.box_bound_holds``), which the LP engine now uses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import inspect, json, random, sys, time
sys.path.insert(0, sys.argv[1])
import exactpd as epd
widths, half, edges = json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1"
rng = random.Random(0)
layers = []
for i, (a, b) in enumerate(zip(widths, widths[1:])):
    W = [[round(rng.gauss(0, 1) / a ** 0.5, 3) for _ in range(a)] for _ in range(b)]
    B = [round(rng.gauss(0, 1) * 0.5, 3) for _ in range(b)]
    layers.append(epd.Dense(W, B, "relu" if i < len(widths) - 2 else None))
net = epd.Network(widths[0], layers)
domain = epd.box([-half] * widths[0], [half] * widths[0])
options = {"engine": "lp"} if "engine" in inspect.signature(epd.enumerate_regions).parameters else {}
import highspy, scipy.spatial  # noqa: E401,F401  (imported before the clock starts, whichever side would import them)
start = time.process_time()
part = epd.enumerate_regions(net, domain, edges=edges, progress=False, **options)
print(json.dumps({"seconds": time.process_time() - start, "regions": len(part), "edges": len(part.edges)}))
"""

FULL = [("2-16-16-16-1", [2, 16, 16, 16, 1], 4), ("4-12-12-1", [4, 12, 12, 1], 1), ("8-10-10-1", [8, 10, 10, 1], 1)]
QUICK = [("2-8-8-1", [2, 8, 8, 1], 2), ("3-6-6-1", [3, 6, 6, 1], 1), ("4-6-6-1", [4, 6, 6, 1], 1)]


def run(tree: Path, widths, half, edges: bool, timeout: float) -> dict | None:
    """One enumeration in a fresh process on ``tree``; None when it exceeds ``timeout`` seconds."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(tree), json.dumps(widths), str(half), "1" if edges else "0"],
            capture_output=True, text=True, timeout=timeout, env=env, cwd=str(tree),
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{tree}: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(result: dict | None, timeout: float) -> str:
    return f"> {timeout:.0f}" if result is None else f"{result['seconds']:.2f}"


def ratio(base: dict | None, mine: dict | None, timeout: float) -> str:
    if mine is None:
        return "?"
    if base is None:
        return f"> {timeout / max(mine['seconds'], 1e-9):.1f}x"
    return f"{base['seconds'] / max(mine['seconds'], 1e-9):.1f}x"


def number_types(repeat: int = 20000) -> None:
    """The hot exact operation in each number type (see the module doc)."""
    import random
    import time
    from fractions import Fraction
    from operator import mul

    import numpy as np

    rng = random.Random(0)
    rows = [[rng.getrandbits(40) - (1 << 39) for _ in range(8)] for _ in range(64)]
    point = [rng.getrandbits(120) - (1 << 119) for _ in range(8)]

    def per_dot(rows, point, n=repeat) -> float:
        start = time.perf_counter()
        for k in range(n):
            sum(map(mul, rows[k & 63], point))
        return (time.perf_counter() - start) / n * 1e6

    def per_rational_dot(values, zero, n=repeat // 4) -> float:
        start = time.perf_counter()
        for k in range(n):
            sum((a * q for a, q in zip(rows[k & 63], values)), zero)
        return (time.perf_counter() - start) / n * 1e6

    print("integer dot, 8 entries (40-bit row, 120-bit point), microseconds:")
    print(f"  python int {per_dot(rows, point):.2f}")
    fractions = [Fraction(rng.getrandbits(60), rng.getrandbits(60) | 1) for _ in range(8)]
    rational = {"Fraction": per_rational_dot(fractions, Fraction(0))}
    for module, integer, quotient in (("gmpy2", "mpz", "mpq"), ("flint", "fmpz", "fmpq")):
        try:
            lib = __import__(module)
        except ImportError:
            print(f"  {module}: not installed")
            continue
        make = getattr(lib, integer)
        print(f"  {module} {integer} {per_dot([[make(v) for v in r] for r in rows], [make(v) for v in point]):.2f}")
        q = getattr(lib, quotient)
        rational[f"{module} {quotient}"] = per_rational_dot([q(f.numerator, f.denominator) for f in fractions], q(0))
    print("rational dot, 8 entries (60-bit numerators and denominators): " + ", ".join(f"{k} {v:.1f}" for k, v in rational.items()))
    solves(rng)
    A, x = np.array(rows[:20], dtype=float), np.array(point, dtype=float)
    start = time.perf_counter()
    for _ in range(repeat):
        A @ x
    float_filter = (time.perf_counter() - start) / repeat * 1e6
    print(f"20 rows at once: numpy float filter {float_filter:.2f}, exact python ints {20 * per_dot(rows, point, repeat // 20):.2f}")


def solves(rng, dim: int = 8, n: int = 200) -> None:
    """The proof of a bound from D active rows: an exact D x D solve, or float multipliers checked in integers."""
    import time

    import numpy as np

    from exactpd.kernel.certificate import box_bound_holds
    from exactpd.kernel.simplex import solve_linear_system

    systems = [([[rng.getrandbits(30) - (1 << 29) for _ in range(dim)] for _ in range(dim)], [rng.getrandbits(30) - (1 << 29) for _ in range(dim)]) for _ in range(n)]
    timings = {}
    start = time.perf_counter()
    for M, c in systems:
        solve_linear_system(M, c, unique=True)
    timings["Bareiss, python ints"] = time.perf_counter() - start
    try:
        import flint

        start = time.perf_counter()
        for M, c in systems:
            flint.fmpz_mat(M).solve(flint.fmpz_mat([[v] for v in c]))
        timings["flint fmpz_mat.solve"] = time.perf_counter() - start
    except ImportError:
        pass
    start = time.perf_counter()
    for M, c in systems:
        rows = [list(r) for r in zip(*M)]  # the active rows: A_B^T y = c
        y = np.linalg.solve(np.array(M, dtype=float), np.array(c, dtype=float)).tolist()
        ratios = [max(v, 0.0).as_integer_ratio() for v in y]
        scale = max(q for _, q in ratios)
        box_bound_holds(rows, [1] * dim, [(i, p * (scale // q)) for i, (p, q) in enumerate(ratios)], scale, c, 10**12, [2] * dim)
    timings["float solve + integer residual (box_bound_holds)"] = time.perf_counter() - start
    print(f"bound proof from {dim} active rows (30-bit entries), microseconds: " + ", ".join(f"{k} {v / n * 1e6:.0f}" for k, v in timings.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path, nargs="?", help="a checkout of the baseline commit")
    parser.add_argument("--number-types", action="store_true", help="time the hot exact operation in each number type")
    parser.add_argument("--quick", action="store_true", help="small networks, for a smoke run")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a run is stopped (default 900)")
    args = parser.parse_args()
    if args.number_types:
        number_types()
        return
    if args.baseline is None:
        parser.error("give the baseline checkout (or --number-types)")
    print(f"baseline: {args.baseline}   this tree: {HERE}")
    print(f"{'network':>14} {'edges':>5} {'regions':>8} {'edges':>7} {'base s':>8} {'this s':>8} {'ratio':>8}")
    for name, widths, half in QUICK if args.quick else FULL:
        for edges in (False, True):
            base = run(args.baseline, widths, half, edges, args.timeout)
            mine = run(HERE, widths, half, edges, args.timeout)
            counts = mine or base or {"regions": "?", "edges": "?"}
            if base is not None and mine is not None and (base["regions"], base["edges"]) != (mine["regions"], mine["edges"]):
                counts = {"regions": f"{base['regions']}/{mine['regions']}", "edges": f"{base['edges']}/{mine['edges']}"}
            print(
                f"{name:>14} {'yes' if edges else 'no':>5} {counts['regions']:>8} {counts['edges'] if edges else '':>7} "
                f"{show(base, args.timeout):>8} {show(mine, args.timeout):>8} {ratio(base, mine, args.timeout):>8}",
                flush=True,
            )


if __name__ == "__main__":
    main()
