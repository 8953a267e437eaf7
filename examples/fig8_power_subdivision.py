"""Paper Fig. 8: each region of the first layer is subdivided by its own power diagram (Theorems 2-3).

    python examples/fig8_power_subdivision.py [OUTDIR]      (default OUTDIR: out/)

A ReLU network 2-3-6-1.  For every region omega of the first layer's
partition, the second layer acts on omega through the affine map
x -> G x + h, and its power diagram in input space has the sites of
Theorem 2 (exactpd.input_power_diagram).  Each panel draws that diagram over
the whole view (faded), with its centroids and circles, and omega outlined:
only inside omega is it the network's partition.  The last panel is the
union, Omega^(1,2).  The script also checks Theorem 2 at every region's
witness: the region's own layer-2 site is the diagram's site of its code.
"""

import sys
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

net = epd.Network(2, [
    epd.Dense([[1, "1/2"], ["-1/2", 1], [1, -1]], ["1/2", 0, "-1/2"], "relu"),
    epd.Dense([[1, -1, "1/2"], ["1/2", 1, 1], [-1, "1/2", 1], [1, 1, -1], ["-1/2", 1, "1/2"], [1, 0, 1]],
              ["-1/2", "-1/4", 0, "1/4", "-1/3", "-1/5"], "relu"),
    epd.Dense([[1, -1, 1, -1, 1, -1]], [0]),
])
partition = epd.enumerate_regions(net, epd.box([-2, -2], [2, 2]))
layers = epd.maso_layers(net)

parents = sorted({r.code[:1] for r in partition})
print(f"Omega^(1): {len(parents)} regions; Omega^(1,2): {len(partition)} regions")
for region in partition:
    diagram = epd.input_power_diagram(layers, 1, region.code)
    site = diagram.cell(region.code[1])
    assert (site.centroid, site.power_weight) == (region.sites[1].centroid, region.sites[1].power_weight)
    assert diagram.locate(region.witness).code == region.code[1]
print("Theorem 2 checked: in every region, the layer-2 site of its code is its own site, and its witness is in that cell")

fig = epd.plot_power_diagram(partition, 1, max_panels=5)
fig.savefig(out / "fig8_power_subdivision.png", dpi=110)
print(f"wrote {out / 'fig8_power_subdivision.png'}")
