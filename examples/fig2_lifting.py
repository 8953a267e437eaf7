"""Paper Fig. 2 type: power diagrams as projections of max-affine functions lifted onto the paraboloid (Prop. 4).

    python examples/fig2_lifting.py [OUTDIR]      (default OUTDIR: out/)

A MASO layer of three units with three pieces each, on a 1-D input, then a
layer of two such units on a 2-D input.  For every unit alone and for the
layer, the picture shows the max-affine function P (the upper envelope of the
pieces; for the layer P = sum_k P_k, Lemma 2), the paraboloid U(x) = ||x||^2/2,
for each cell the hyperplane tangent to U at its centroid mu (the piece
lowered by rho/2) and, projected below, the power diagram with its centroids
and the spheres ||x - mu||^2 = rho above which the pieces cut U.

The script checks, in exact arithmetic, at a few points x: that the layer's
P(x) = sum_k max_r E_{k,r}(x) is the piece of x's cell (Theorem 1, Lemma 2),
and the identity behind the picture, U(x) - E(x) = lambda(x; mu, rho)/2
(exactpd.lifting_identity).
"""

import sys
from pathlib import Path

import exactpd as epd
from exactpd.plot import plot_lifting

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

layer_1d = epd.Maso(
    [[[-1], ["1/2"], ["3/2"]], [[-2], [0], [1]], [["-1/2"], [1], [2]]],
    [[0, "1/4", "-1/2"], ["-3/2", 0, "-1/4"], ["1/4", "-1/4", -2]],
)
layer_2d = epd.Maso(
    [[[-1, 0], [1, "1/2"], [0, -1]], [["1/2", 1], [-1, "-1/2"], [0, 0]]],
    [[0, "-1/4", "1/2"], ["-1/2", 0, "1/4"]],
)

for name, layer, points in (
    ("1d", layer_1d, [[x] for x in (-2, "-1/3", "1/2", "7/4")]),
    ("2d", layer_2d, [[-1, 1], ["1/2", "1/3"], [2, -1], [0, "-3/2"]]),
):
    net = epd.Network(len(points[0]), [layer])
    cells = epd.enumerate_regions(net)
    print(f"{name}: the layer's power diagram has {len(cells)} cells")
    for x in points:
        region = cells.locate(x)
        site = region.sites[0]
        gap, half_power = epd.lifting_identity(site.centroid, epd.site_offset(site), x)
        assert gap == half_power  # U(x) - E(x) = lambda(x; mu, rho) / 2, exactly
        pieces = [
            max(epd.piece_value(a, b, x) for a, b in zip(slopes, offsets))
            for slopes, offsets in zip(net.layers[0].slopes, net.layers[0].offsets)
        ]
        assert sum(pieces) == epd.piece_value(site.centroid, epd.site_offset(site), x)  # P = sum_k P_k
        print(f"  x = {tuple(map(str, x))}: cell of centroid {tuple(map(str, site.centroid))}, "
              f"rho = {site.power_weight}, U - P = {gap}")
    fig = plot_lifting(net, "each")
    fig.savefig(out / f"fig2_lifting_{name}.png", dpi=110)
    print(f"wrote {out / f'fig2_lifting_{name}.png'}")
