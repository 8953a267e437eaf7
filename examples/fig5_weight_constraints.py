"""Paper Fig. 5 and Examples 1-2: what constrained weights do to a layer's cuts.

    python examples/fig5_weight_constraints.py [OUTDIR]      (default OUTDIR: out/)

Five dense ReLU layers 2 -> 6 on [-2, 2]^2, as in the authors' figure:
rank 1 (one direction repeated: parallel cuts spaced by the biases), rank 2
with orthogonal directions (two orthogonal families), random weights,
axis-parallel rows (Example 1) and rows with entries +c / -c (Example 2).
The script checks every cut's direction exactly from the regions' facets.
"""

import math
import random
import sys
from fractions import Fraction
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

rng = random.Random(5)
biases = [Fraction(b, 20) for b in (-21, -10, -3, 10, 16, 20)]  # the authors' (-2.1, -1, -0.3, 1, 1.6, 2), halved
layers = {
    "rank 1": epd.rank_one_layer([1, "1/2"], biases),
    "rank 2, orthogonal": epd.orthogonal_layer([[1, "1/2"], [-1, 2]], [biases[:3], biases[3:]]),
    "random": epd.Dense([[Fraction(rng.randint(-10, 10), 5) for _ in range(2)] for _ in range(6)], biases, "relu"),
    "axis-parallel (Ex. 1)": epd.axis_parallel_layer(2, [0, 1, 0, 1, 0, 1], [1, 1, -2, "1/2", 3, -1], biases),
    "diagonal (Ex. 2)": epd.diagonal_layer("1/2", [[1, 1], [1, -1], [-1, 1], [1, 1], [-1, -1], [1, -1]], biases),
}
domain = epd.box([-2, -2], [2, 2])
partitions = {name: epd.enumerate_regions(epd.Network(2, [layer]), domain) for name, layer in layers.items()}

for name, partition in partitions.items():
    directions = set()
    for region in partition:
        for row, labels in zip(region.polytope.A, region.labels):
            if labels != ("domain",):
                g = math.gcd(*row) * (1 if next(a for a in row if a) > 0 else -1)
                directions.add(tuple(a // g for a in row))
    print(f"{name:22s} {len(partition):3d} regions, cut normals {sorted(directions)}")

fig = epd.plot_partitions(list(partitions.values()), list(partitions), ncols=3)
fig.savefig(out / "fig5_weight_constraints.png", dpi=110)
print(f"wrote {out / 'fig5_weight_constraints.png'}")
