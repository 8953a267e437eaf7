"""The adjacency-edge phase of the LP engine against its enumeration, in one run (issue 12, point 1).

Run from the repository root::

    python3 benchmarks/bench_edges.py [--quick] [--ten] [--profile NAME]

For each network (random, He-scaled weights ``N(0, 1) / sqrt(fan-in)`` rounded
to 3 decimals, biases ``N(0, 1/4)``; the construction of
``benchmarks/bench_lp_engine.py``) it enumerates the regions with the LP engine,
serially and without edges, then computes the edges of those regions
(:func:`exactpd.adjacency_edges`), and prints the CPU seconds of each and their
ratio (the goal: edges cost at most the enumeration, in 2-D to 10-D).

Networks: 2-16-16-16-1 in [-4, 4]^2, 4-12-12-1 in [-1, 1]^4, 8-10-10-1 in
[-1, 1]^8; ``--ten`` adds 10-8-8-1 in [-1, 1]^10 (about 4,600 regions: long);
``--quick``: small ones.  ``--profile NAME`` (e.g. ``4-12-12-1``) prints the
top of a cProfile of that network's edge phase.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exactpd as epd  # noqa: E402

FULL = [([2, 16, 16, 16, 1], 4), ([4, 12, 12, 1], 1), ([8, 10, 10, 1], 1)]
TEN = [([10, 8, 8, 1], 1)]
QUICK = [([2, 8, 8, 1], 2), ([4, 6, 6, 1], 1), ([8, 5, 5, 1], 1)]


def he_mlp(widths, seed: int = 0) -> epd.Network:
    """A ReLU MLP with He-scaled random weights rounded to 3 decimals (as benchmarks/bench_lp_engine.py)."""
    rng = random.Random(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        W = [[round(rng.gauss(0, 1) / a**0.5, 3) for _ in range(a)] for _ in range(b)]
        B = [round(rng.gauss(0, 1) * 0.5, 3) for _ in range(b)]
        layers.append(epd.Dense(W, B, "relu" if i < len(widths) - 2 else None))
    return epd.Network(widths[0], layers)


def measure(widths, half, profile: bool) -> None:
    net = he_mlp(widths)
    dim = widths[0]
    domain = epd.box([-half] * dim, [half] * dim)
    start = time.process_time()
    part = epd.enumerate_regions(net, domain, engine="lp", edges=False, progress=False)
    enumeration = time.process_time() - start
    start = time.process_time()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        edges = profiler.runcall(epd.adjacency_edges, part.regions, net, progress=False)
    else:
        edges = epd.adjacency_edges(part.regions, net, progress=False)
    seconds = time.process_time() - start
    name = "-".join(map(str, widths))
    print(
        f"{name:>14} in [-{half}, {half}]^{dim}: {len(part):6d} regions, {len(edges):6d} edges; "
        f"enumeration {enumeration:8.2f} s, edges {seconds:8.2f} s CPU: edges/enumeration {seconds / enumeration:.2f}",
        flush=True,
    )
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small networks, for a smoke run")
    parser.add_argument("--ten", action="store_true", help="also 10-8-8-1 in [-1, 1]^10 (long)")
    parser.add_argument("--profile", metavar="NAME", help="profile the edge phase of this network (e.g. 4-12-12-1)")
    args = parser.parse_args()
    nets = (QUICK if args.quick else FULL) + (TEN if args.ten else [])
    for widths, half in nets:
        name = "-".join(map(str, widths))
        if args.profile is None or args.profile == name:
            measure(widths, half, args.profile == name)


if __name__ == "__main__":
    main()
