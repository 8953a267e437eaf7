"""Region enumeration speed, as ratios measured in one run (issue 4, point 9).

Run from the repository root::

    python3 benchmarks/bench_enumeration.py [--quick]

Measured, for a 2-16-16-16-1 ReLU network in [-4, 4]^2, a 3-D and a 5-D network:

- exactpd (certified): seconds, regions per second, certified LP calls per region;
- the same algorithm in floats only (benchmarks/float_enumerator.py): ratio certified / float;
- 2-D: a naive exact polygon clipper in Fractions (benchmarks/naive_clipper.py): ratio;
- brute force (every candidate code tested with an exact LP) on a small network: ratio per region;
- growth: seconds per region as the box (and the number of regions) grows;
- parallel: ``jobs=2`` against one process.

Timings are wall-clock seconds of one run each, on whatever else the machine is doing:
read the ratios, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exactpd as epd  # noqa: E402
from float_enumerator import float_regions  # noqa: E402
from naive_clipper import clip_regions  # noqa: E402

from tests.test_enumeration import brute_force_codes  # noqa: E402  (the tests' independent reference)


def mlp(widths, seed):
    """A random ReLU MLP with short decimal weights (He-like scaling), affine output."""
    rng = random.Random(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        act = "relu" if i < len(widths) - 2 else None
        W = [[round(rng.gauss(0, 1) / a**0.5, 3) for _ in range(a)] for _ in range(b)]
        B = [round(rng.gauss(0, 1) * 0.5, 3) for _ in range(b)]
        layers.append(epd.Dense(W, B, act))
    return epd.Network(widths[0], layers)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def certified(net, low, high, **options):
    stats = epd.EnumerationStats()
    domain = epd.box([low] * net.input_dim, [high] * net.input_dim)
    part, seconds = timed(lambda: epd.enumerate_regions(net, domain, stats=stats, **options))
    return part, seconds, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller networks, for a smoke run")
    args = parser.parse_args()
    cases = (
        [("2-8-8-1", mlp([2, 8, 8, 1], 0), 4), ("3-6-6-1", mlp([3, 6, 6, 1], 1), 2)]
        if args.quick
        else [
            ("2-16-16-16-1", mlp([2, 16, 16, 16, 1], 0), 4),
            ("3-10-10-1", mlp([3, 10, 10, 1], 1), 2),
            ("5-8-8-1", mlp([5, 8, 8, 1], 2), 1),
        ]
    )
    print(f"{'network':>14} {'regions':>8} {'edges':>6} {'seconds':>8} {'regions/s':>9} {'LPs/region':>10} "
          f"{'float s':>8} {'cert/float':>10} {'clip s':>7} {'cert/clip':>9}")
    for name, net, half in cases:
        part, seconds, stats = certified(net, -half, half, edges=False)
        n = len(part)
        lps = stats.certified_calls + stats.facet_calls
        count, float_seconds = timed(lambda: float_regions(net, [-half] * net.input_dim, [half] * net.input_dim))
        clip = "-"
        ratio_clip = "-"
        if net.input_dim == 2:
            clip_count, clip_seconds = timed(lambda: clip_regions(net, -half, half))
            assert clip_count == n, (clip_count, n)
            clip, ratio_clip = f"{clip_seconds:.2f}", f"{seconds / clip_seconds:.2f}"
        print(f"{name:>14} {n:>8} {'-':>6} {seconds:>8.2f} {n / seconds:>9.1f} {lps / n:>10.2f} "
              f"{float_seconds:>8.2f} {seconds / float_seconds:>10.2f} {clip:>7} {ratio_clip:>9}"
              + ("" if count == n else f"   (float-only found {count} regions)"))
    net, half = cases[0][1], cases[0][2]
    _, with_edges, _ = certified(net, -half, half)
    _, without, _ = certified(net, -half, half, edges=False)
    print(f"\nadjacency edges of {cases[0][0]}: {with_edges - without:.2f} s on top of {without:.2f} s")

    print("\ngrowth (seconds per region as the box grows):")
    for scale in (half / 4, half / 2, half):
        part, seconds, _ = certified(net, -scale, scale, edges=False)
        print(f"  box [-{scale:g}, {scale:g}]^2: {len(part):>5} regions, {1000 * seconds / len(part):6.2f} ms/region")

    small = mlp([2, 4, 4, 1], 3)
    part, seconds, _ = certified(small, -4, 4, edges=False)
    brute, brute_seconds = timed(lambda: len(brute_force_codes(small, epd.box([-4, -4], [4, 4]))))
    assert brute == len(part), (brute, len(part))
    print(f"\nbrute force over all {2 ** 8} candidate codes of 2-4-4-1: {brute_seconds:.2f} s vs {seconds:.2f} s "
          f"({brute_seconds / seconds:.1f}x slower, {len(part)} regions)")

    part1, one, _ = certified(net, -half, half, edges=False)
    part2, two, _ = certified(net, -half, half, edges=False, jobs=2)
    assert part1 == part2
    print(f"\njobs=2 on {cases[0][0]}: {two:.2f} s vs {one:.2f} s in one process (speed-up {one / two:.2f}x)")


if __name__ == "__main__":
    main()
