"""Exact topology speed, as ratios measured in one run (issue 14, point 5).

Run from the repository root::

    python3 benchmarks/bench_topology.py [--quick]

Measured on a 2-16-16-16-1 ReLU network in [-4, 4]^2 (983 regions; ``--quick``: 2-8-8-1, about 100):

- the enumeration, by the LP engine (``enumerate_regions``) and by the complex engine
  (``enumerate_complex``, issue 11), against the topology computed from each partition:
  the face poset with sign vectors (``face_poset``), the complex with the outputs at its vertices
  (``decision_complex``), all five decision sets over Q and GF(2) (``decision_topology``), the sublevel
  barcode (``sublevel_persistence``); the goal is topology / enumeration <= 1;
- the barcode over Q (the default) against the one over GF(2);
- in 3-D (3-16-16-1 in [-2, 2]^3): the five sets against the complex engine's enumeration;
- over all of R^D (issue 14, the proven box of ``exactpd.topology.whole_space``): the enumeration
  over R^D by the complex engine, against the topology over R^D (``decision_complex(net)``, which
  enumerates the partition in its proven box, then ``decision_topology`` and the barcode);
- the exact rank backends on the boundary matrices of those sets cut exactly (``subcomplex``, the
  slow path that the tests check the fast one against): python-flint (``fmpz_mat``, ``nmod_mat``),
  sympy's ``DomainMatrix`` over ZZ, and the pure-Python eliminations (fraction-free over Z, bit sets
  over GF(2)); every backend must give the same ranks.

The load average is printed first: on a shared machine, read the ratios of one run.

Wall-clock seconds of one run each, on whatever else the machine is doing: read the ratios.
"""

from __future__ import annotations

import argparse
import inspect
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exactpd as epd  # noqa: E402
from exactpd.enumeration.complex_engine import enumerate_complex  # noqa: E402
from exactpd.topology import boundary_matrix, exact_rank, incidence_signs, subcomplex, whole_space_radius  # noqa: E402
from exactpd.topology.decision import ONE_LOGIT_SETS  # noqa: E402


def mlp(widths, seed):
    """A random ReLU MLP with short decimal weights (He-like scaling), affine output (as bench_enumeration)."""
    rng = random.Random(seed)
    layers = []
    for i, (a, b) in enumerate(zip(widths, widths[1:])):
        act = "relu" if i < len(widths) - 2 else None
        W = [[round(rng.gauss(0, 1) / a**0.5, 3) for _ in range(a)] for _ in range(b)]
        B = [round(rng.gauss(0, 1) * 0.5, 3) for _ in range(b)]
        layers.append(epd.Dense(W, B, act))
    return epd.Network(widths[0], layers)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a ~100-region network instead of ~1,000")
    args = parser.parse_args()
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    widths = (2, 8, 8, 1) if args.quick else (2, 16, 16, 16, 1)
    net = mlp(widths, seed=5)
    # the output bias that puts the decision boundary through the middle of the box (the regions do not change)
    grid = [epd.forward(net, (i / 2, j / 2))[0] for i in range(-8, 9) for j in range(-8, 9)]
    shift = sorted(grid)[len(grid) // 2]
    last = net.layers[-1]
    net = epd.Network(2, list(net.layers[:-1]) + [epd.Dense(last.weight, [b - shift for b in last.bias])])
    domain = epd.box([-4, -4], [4, 4])
    lp = {"engine": "lp"} if "engine" in inspect.signature(epd.enumerate_regions).parameters else {}
    part, t_enum = timed(epd.enumerate_regions, net, domain, progress=False, **lp)
    poset, t_poset = timed(epd.face_poset, part)
    dc, t_complex = timed(epd.decision_complex, poset)
    document, t_sets = timed(epd.decision_topology, dc)
    code, t_bars = timed(epd.sublevel_persistence, dc)
    code_gf2, t_bars_gf2 = timed(epd.sublevel_persistence, dc, field="GF2")
    assert code_gf2.bars == code.bars  # D = 2: the barcode does not depend on the field
    _, t_direct = timed(lambda: epd.decision_topology(epd.decision_complex(part)))
    t_complex_enum, t_direct_complex = fresh_pairs(lambda: enumerate_complex(net, domain), lambda p: epd.decision_topology(epd.decision_complex(p)))
    _, t_betti = fresh_pairs(lambda: enumerate_complex(net, domain), betti_of_each_set)
    print(f"network {'-'.join(map(str, widths))}, box [-4, 4]^2: {len(part)} regions, faces {list(poset.counts)}")
    print(f"enumeration, LP engine                    {t_enum:8.2f} s")
    print(f"enumeration, complex engine               {t_complex_enum:8.2f} s")
    print(f"face_poset (with sign vectors)            {t_poset:8.2f} s   / LP enumeration {t_poset / t_enum:.3f}")
    print(f"decision_complex (from the poset)         {t_complex:8.2f} s")
    print(f"decision_topology (5 sets, Q and GF2)     {t_sets:8.2f} s")
    print(f"sublevel_persistence over Q               {t_bars:8.2f} s   ({len(code.bars)} bars)")
    print(f"sublevel_persistence over GF(2)           {t_bars_gf2:8.2f} s   (the same bars)")
    total = t_poset + t_complex + t_sets + t_bars
    print(f"all of it (poset with signs, 5 sets, barcode) {total:.2f} s   / LP enumeration {total / t_enum:.3f}")
    print(f"decision_topology(decision_complex(partition)), LP partition      {t_direct:.2f} s   / its enumeration {t_direct / t_enum:.3f}")
    print(f"decision_topology(decision_complex(partition)), complex partition {t_direct_complex:.2f} s   "
          f"/ its enumeration {t_direct_complex / t_complex_enum:.3f}   (least of 3 fresh runs each)")
    print(f"betti_numbers of each of the five sets, Q and GF2, one complex   {t_betti:.2f} s   "
          f"/ its enumeration {t_betti / t_complex_enum:.3f}")
    print(f"issue 14 goal (topology <= enumeration, complex engine): {'met' if t_direct_complex <= t_complex_enum else 'NOT met'}")
    for name, entry in document.items():
        print(f"  {name}: betti {entry['betti']}, euler {entry['euler']}")
    whole_space_figures(net)
    if not args.quick:
        three_d_figures()

    print("\nexact rank backends on the boundary matrices of the five sets cut exactly (subcomplex; seconds, summed):")
    matrices = []
    for name in ONE_LOGIT_SETS:
        sub = subcomplex(dc, name)
        signs = incidence_signs(sub.complex)
        for k in range(1, sub.complex.dim + 1):
            columns, n_rows = boundary_matrix(sub.complex, k, signs, sub.keep)
            matrices.append((columns, n_rows))
    largest = max(matrices, key=lambda m: len(m[0]) * m[1])
    print(f"  {len(matrices)} matrices, the largest {largest[1]} x {len(largest[0])}")
    results = {}
    for field, backend in (("Q", "flint"), ("Q", "sympy"), ("Q", "elimination"), ("GF2", "elimination"), ("GF2", "flint")):
        ranks, seconds = timed(lambda: [exact_rank(c, n, field, backend) for c, n in matrices])
        results[(field, backend)] = ranks
        print(f"  {field:3} {backend:12} {seconds:8.3f} s")
    assert results[("Q", "flint")] == results[("Q", "sympy")] == results[("Q", "elimination")]
    assert results[("GF2", "flint")] == results[("GF2", "elimination")]
    print("  every backend gives the same ranks")


def betti_of_each_set(partition) -> list:
    """``betti_numbers`` of the five sets over Q and GF(2), ten calls on one decision complex."""
    dc = epd.decision_complex(partition)
    return [epd.betti_numbers(dc, name, field) for name in ONE_LOGIT_SETS for field in ("Q", "GF2")]


def fresh_pairs(enumerate, topology, repeats: int = 3) -> tuple[float, float]:
    """The least seconds of ``repeats`` enumerations and of the topology of each fresh partition.

    A fresh partition each time: the complex engine's partition derives some of its data on
    first access (and keeps it), which a second topology run would not pay for.
    """
    enumerations, topologies = [], []
    for _ in range(repeats):
        partition, seconds = timed(enumerate)
        enumerations.append(seconds)
        topologies.append(timed(topology, partition)[1])
    return min(enumerations), min(topologies)


def whole_space_figures(net) -> None:
    """Topology over all of R^2 against the enumeration over R^2, one run."""
    radius = whole_space_radius(net, [((1,), 0)])
    over_r2 = enumerate_complex(net, epd.whole_space(2))
    t_enum, _ = fresh_pairs(lambda: enumerate_complex(net, epd.whole_space(2)), lambda p: None)
    in_box = enumerate_complex(net, epd.box([-radius] * 2, [radius] * 2))
    t_box, t_rest = fresh_pairs(lambda: enumerate_complex(net, epd.box([-radius] * 2, [radius] * 2)), epd.decision_complex)
    dc, t_dc = timed(epd.decision_complex, net)
    t_dc = min([t_dc] + [timed(epd.decision_complex, net)[1] for _ in range(2)])  # least of 3, as the enumerations
    document, t_sets = timed(epd.decision_topology, dc)
    code, t_bars = timed(epd.sublevel_persistence, net)
    print(f"\nover all of R^2: {len(over_r2)} regions; proven box [-M, M]^2, M with {len(str(radius))} digits, {len(in_box)} regions")
    print(f"enumeration over R^2, complex engine      {t_enum:8.2f} s   (least of 3)")
    print(f"enumeration in the proven box             {t_box:8.2f} s   / R^2 enumeration {t_box / t_enum:.3f}")
    print(f"decision_complex(net) (box enumeration included) {t_dc:.2f} s   / R^2 enumeration {t_dc / t_enum:.3f}   (least of 3)")
    print(f"decision_topology (5 sets, Q and GF2)     {t_sets:8.2f} s   / R^2 enumeration {t_sets / t_enum:.3f}")
    rest = t_rest + t_sets
    print(f"topology beyond the box enumeration       {rest:8.2f} s   / box enumeration {rest / t_box:.3f}   (least of 3 fresh runs)")
    print(f"all five sets over R^2, from the network  {t_dc + t_sets:8.2f} s   / R^2 enumeration {(t_dc + t_sets) / t_enum:.3f}")
    print(f"sublevel_persistence(net) over R^2 (its box, enumeration included) {t_bars:.2f} s   ({len(code.bars)} bars)"
          f"   / R^2 enumeration {t_bars / t_enum:.3f}")
    for name, entry in document.items():
        print(f"  R^2 {name}: betti {entry['betti']}, euler {entry['euler']}")


def three_d_figures() -> None:
    """The five sets of a 3-D partition (3-16-16-1, [-2, 2]^3) against its complex-engine enumeration, one run."""
    net = mlp((3, 16, 16, 1), seed=5)
    domain = epd.box([-2] * 3, [2] * 3)
    t_enum, t_topology = fresh_pairs(lambda: enumerate_complex(net, domain), lambda p: epd.decision_topology(epd.decision_complex(p)))
    part = enumerate_complex(net, domain)
    dc, t_complex = timed(epd.decision_complex, part)
    print(f"\n3-D, {len(part)} regions, cells {list(dc.complex.counts)}: enumeration {t_enum:.2f} s, "
          f"decision_topology(decision_complex(partition)) {t_topology:.2f} s   / its enumeration {t_topology / t_enum:.3f}"
          f"   (the complex {t_complex:.2f} s; least of 3 fresh runs)")


if __name__ == "__main__":
    main()
