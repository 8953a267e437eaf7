"""exactpd's exact topology beside Relucent's (float polyhedral complexes, GF(2) Betti numbers), when Relucent is installed.

Relucent is never a dependency of exactpd.  Install it in its own environment (it needs torch; a
venv that sees the system's packages reuses it)::

    python3 -m venv --system-site-packages /tmp/relucent-venv && /tmp/relucent-venv/bin/pip install relucent
    python3 benchmarks/compare_relucent.py --relucent-python /tmp/relucent-venv/bin/python

For each 2-D ReLU network (weights and biases k/64, exact in float32 and in exactpd alike):

- Relucent: ``Complex(add_output_relu(model)).bfs()`` over R^2 (the output ReLU makes the decision
  boundary a cut), its number of cells, ``complete``/``verified``, and the GF(2) Betti numbers of
  ``boundary_complex(output neuron)`` (unbounded cells truncated at infinity);
- exactpd: the partition over a box large enough that every vertex of the complex cut by f = 0 lies in
  its inner half (checked), the number of 2-cells of that cut complex (the regions of the network
  with its output ReLU, each unbounded one met once by the box) and the Betti numbers of {f = 0}
  in the box, which has the homotopy type of {f = 0} in R^2 truncated at infinity.

The last network is degenerate on purpose: two diamonds that touch at one vertex (abs units written
as two ReLUs), where the exact answer is b(f >= 0) = (1, 0, 0), b(f > 0) = (2, 0, 0).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import time
from pathlib import Path


def random_layers(seed: int, widths=(2, 8, 8, 1)):
    rng = random.Random(seed)
    layers = []
    for a, b in zip(widths, widths[1:]):
        W = [[round(rng.gauss(0, 1) / a**0.5 * 64) for _ in range(a)] for _ in range(b)]
        B = [round(rng.gauss(0, 0.5) * 64) for _ in range(b)]
        layers.append((W, B))  # entries are k: the weight is k / 64
    return layers


def touching_diamonds():
    """f = 1/2 - (| |x| - 1/2 | + |y|) with |u| = relu(u) + relu(-u); entries k / 64."""
    s = 64
    l1 = ([[s, 0], [-s, 0], [0, s], [0, -s]], [0, 0, 0, 0])  # relu(+-x), relu(+-y)
    l2 = ([[s, s, 0, 0], [-s, -s, 0, 0], [0, 0, s, s]], [-s // 2, s // 2, 0])  # relu(+-(|x| - 1/2)), relu(|y|)
    l3 = ([[-s, -s, -s]], [s // 2])
    return [l1, l2, l3]


def relucent_side(path: str) -> None:
    """Run inside Relucent's environment: read the networks, print Relucent's answers as JSON."""
    import torch
    from relucent import Complex, add_output_relu

    answers = []
    for layers in json.loads(Path(path).read_text()):
        mods = []
        for i, (W, B) in enumerate(layers):
            lin = torch.nn.Linear(len(W[0]), len(W))
            with torch.no_grad():
                lin.weight.copy_(torch.tensor(W, dtype=torch.float32) / 64)
                lin.bias.copy_(torch.tensor(B, dtype=torch.float32) / 64)
            mods.append(lin)
            if i < len(layers) - 1:
                mods.append(torch.nn.ReLU())
        start = time.perf_counter()
        try:
            cplx = Complex(add_output_relu(torch.nn.Sequential(*mods)))
            cplx.bfs(torch.tensor([[0.3125, 0.1875]]), verbose=0)  # a start point on no hyperplane of these networks
            boundary = cplx.boundary_complex(cplx.n - 1, verbose=0)
            betti = boundary.betti_numbers(verbose=0)
            answers.append({"cells": len(cplx), "complete": bool(cplx.complete), "verified": bool(cplx.verified),
                            "boundary_betti": [betti.get(k, 0) for k in range(3)], "seconds": time.perf_counter() - start})
        except Exception as err:  # Relucent refuses some degenerate inputs: report it
            answers.append({"error": f"{type(err).__name__}: {err}"[:200], "seconds": time.perf_counter() - start})
    print(json.dumps(answers))


def exactpd_side(layers, half_width: int):
    from fractions import Fraction

    import exactpd as epd
    from exactpd.topology import slice_complex

    net = epd.Network(2, [epd.Dense([[Fraction(w, 64) for w in row] for row in W], [Fraction(b, 64) for b in B],
                                    "relu" if i < len(layers) - 1 else None) for i, (W, B) in enumerate(layers)])
    start = time.perf_counter()
    part = epd.enumerate_regions(net, epd.box([-half_width] * 2, [half_width] * 2), progress=False)
    dc = epd.decision_complex(part)
    coordinates = [[p[i] for p in dc.points] for i in range(2)]
    cut, _, carried, _ = slice_complex(dc.complex, [f[0] for f in dc.logits], coordinates)
    points = list(zip(*carried))
    inner = all(max(abs(c) for c in p) <= Fraction(half_width, 2) for p in points if max(abs(c) for c in p) < half_width)
    return {"cells": len(cut.facets[2]), "boundary_betti": list(epd.betti_numbers(dc, "f=0")),
            "f>0": list(epd.betti_numbers(dc, "f>0")), "f>=0": list(epd.betti_numbers(dc, "f>=0")),
            "box_large_enough": inner, "seconds": time.perf_counter() - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relucent-python", default="/tmp/relucent-venv/bin/python", help="the Python of Relucent's environment")
    parser.add_argument("--networks", type=int, default=4, help="how many random networks (default 4)")
    parser.add_argument("--half-width", type=int, default=100000, help="exactpd's box is [-W, W]^2 (default 100000)")
    parser.add_argument("--relucent-side", metavar="NETS.json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.relucent_side:
        relucent_side(args.relucent_side)
        return
    nets = [random_layers(seed) for seed in range(args.networks)] + [touching_diamonds()]
    path = Path("/tmp") / f"compare_relucent_{random.randrange(10**9)}.json"
    path.write_text(json.dumps(nets))
    if not Path(args.relucent_python).exists():
        print(f"Relucent's Python {args.relucent_python} is missing: install it as the docstring says; exactpd only.")
        theirs = [{}] * len(nets)
    else:
        run = subprocess.run([args.relucent_python, __file__, "--relucent-side", str(path)], capture_output=True, text=True)
        lines = [line for line in run.stdout.splitlines() if line.startswith("[")]
        theirs = json.loads(lines[-1]) if lines else [{"error": run.stderr.strip()[-200:]}] * len(nets)
    path.unlink()
    print(f"{'network':>10} | {'exactpd cells':>13} {'b(f=0)':>10} {'b(f>0)':>10} {'b(f>=0)':>10} {'s':>6} | "
          f"{'Relucent cells':>14} {'b(f=0)':>10} {'complete/verified':>18} {'s':>6}")
    for i, (layers, other) in enumerate(zip(nets, theirs)):
        ours = exactpd_side(layers, args.half_width)
        name = f"random {i}" if i < args.networks else "touching"
        if "error" in other:
            right = other["error"]
        elif other:
            right = f"{other['cells']:>14} {str(other['boundary_betti']):>10} {str(other['complete']) + '/' + str(other['verified']):>18} {other['seconds']:6.2f}"
        else:
            right = "-"
        note = "" if ours["box_large_enough"] else "  (box too small: a vertex lies in its outer half)"
        print(f"{name:>10} | {ours['cells']:>13} {str(ours['boundary_betti']):>10} {str(ours['f>0']):>10} "
              f"{str(ours['f>=0']):>10} {ours['seconds']:6.2f} | {right}{note}")


if __name__ == "__main__":
    main()
