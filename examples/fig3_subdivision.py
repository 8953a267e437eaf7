"""Paper Figs. 3, 7, 9: the partition built layer by layer (Theorem 3, eq. 15).

    python examples/fig3_subdivision.py [OUTDIR]      (default OUTDIR: out/)

A leaky-ReLU (slope 1/10) network 2-5-5-5-1 with random rational weights.
Panel l shows Omega^(1..l): the cuts of layer l dark, the earlier ones grey,
the cut of one unit of layer l highlighted (by default the unit with the most
cut sides in view); the last panel is the output layer, whose cut is the
decision boundary (red).  Under each panel the highlighted cut edge(k, l) is
shown alone, linked to it by a dotted line (Figs. 7, 9).  Each layer only
refines the partition of the layers before it: the earlier cuts never move.
"""

import random
import sys
from fractions import Fraction
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

rng = random.Random(3)


def weights(rows, cols):
    return [[Fraction(rng.randint(-10, 10), 10) for _ in range(cols)] for _ in range(rows)]


widths = [2, 5, 5, 5]
layers = [
    epd.Dense(weights(n, m), [Fraction(rng.randint(-10, 10), 10) for _ in range(n)], "leaky_relu", "1/10")
    for m, n in zip(widths, widths[1:])
]
readout = weights(1, widths[-1])
(at_origin,) = epd.forward(epd.Network(2, layers + [epd.Dense(readout, [0])]), [0, 0])
net = epd.Network(2, layers + [epd.Dense(readout, [-at_origin])])  # the decision boundary passes through 0
partition = epd.enumerate_regions(net, epd.box([-3, -3], [3, 3]))

for depth in range(1, len(widths)):
    print(f"Omega^(1..{depth}): {len({r.code[:depth] for r in partition})} regions")
print(f"regions of the whole network: {len(partition)}")

fig = epd.plot_layers(partition, unit_panels=True)
fig.savefig(out / "fig3_subdivision.png", dpi=120)
print(f"wrote {out / 'fig3_subdivision.png'}")
