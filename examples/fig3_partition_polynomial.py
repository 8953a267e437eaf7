"""Paper Fig. 3 (top): the partition polynomial, whose zero set is the partition's boundary (eq. 23, Theorem 4).

    python examples/fig3_partition_polynomial.py [OUTDIR]      (default OUTDIR: out/)

A leaky-ReLU (slope 1/20) network 2-4-4-4-1 with random rational weights, as
in the authors' plot_boundary_color.py.  Pol_l(x) is the product of the
pre-activations of every unit of layers 1..l; it vanishes exactly on the
boundaries of Omega^(1..l).  One heat map of |Pol_l|^0.2 per layer (the cuts
of layers 1..l drawn over it), then the last one as a surface, as in the paper.

Before drawing, exactpd.check_theorem_4 verifies Theorem 4 on the exact
partition: Pol_L is 0 at a rational point of every boundary facet, non-zero
with the predicted sign at every region's witness, and its degree on each
region is its number of non-constant factors.
"""

import random
import sys
from fractions import Fraction
from pathlib import Path

import exactpd as epd
from exactpd.plot import plot_partition_polynomial

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

rng = random.Random(7)


def weights(rows, cols):
    return [[Fraction(round(rng.gauss(0, 1) * 10), 10) for _ in range(cols)] for _ in range(rows)]


widths = [2, 4, 4, 4]
layers = [
    epd.Dense(weights(n, m), [Fraction(rng.randint(-5, 5), 10) for _ in range(n)], "leaky_relu", "1/20")
    for m, n in zip(widths, widths[1:])
]
net = epd.Network(2, layers + [epd.Dense(weights(1, widths[-1]), [0])])
partition = epd.enumerate_regions(net, epd.box([-3, -3], [3, 3]))
print(f"regions of the whole network: {len(partition)}")

result = epd.check_theorem_4(partition)
assert result.holds, result.evidence
print(f"Theorem 4 holds: {result.evidence}")

fig = plot_partition_polynomial(partition)
fig.savefig(out / "fig3_partition_polynomial.png", dpi=110)
print(f"wrote {out / 'fig3_partition_polynomial.png'}")
fig = plot_partition_polynomial(partition, layer=len(widths) - 2, surface=True, resolution=150)
fig.savefig(out / "fig3_partition_polynomial_surface.png", dpi=110)
print(f"wrote {out / 'fig3_partition_polynomial_surface.png'}")
