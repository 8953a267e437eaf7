"""A 2-D slice of a network with 3 inputs, computed exactly in the plane's own coordinates.

    python examples/slice.py [OUTDIR]      (default OUTDIR: out/)

The plane through three points p, q, r of R^3 is {p + t1 (q - p) + t2 (r - p)}.
exactpd.slice_network composes the first layer with t -> p + U t, giving a
network with 2 inputs whose partition is the trace of the 3-D partition on
the plane.  The script checks that every region of the slice has, at its
witness lifted back to R^3, the code of the 3-D network (exact forward pass).
"""

import sys
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

net = epd.Network(3, [
    epd.Dense([[1, 0, -1], [0, 1, 1], [1, 1, 0], ["-1/2", 1, 1], [1, -1, "1/2"]], [0, "-1/2", "1/4", 0, "1/3"], "relu"),
    epd.Dense([[1, -1, 1, 0, 1], [0, 1, -1, 1, 1], [-1, 0, 1, 1, "-1/2"]], ["-1/2", 0, "1/4"], "relu"),
    epd.Dense([[1, -1, 1]], ["-1/4"]),
])
origin, directions = epd.plane_through([0, 0, 0], [1, 0, "1/2"], [0, 1, "-1/2"])
flat = epd.slice_network(net, origin, directions)
partition = epd.enumerate_regions(flat, epd.box([-2, -2], [2, 2]))

for region in partition:
    x = epd.lift(origin, directions, region.witness)
    assert epd.code_at(net, x) == region.code
print(f"the plane through (0,0,0), (1,0,1/2), (0,1,-1/2) meets {len(partition)} regions of the 3-D partition "
      f"in t in [-2, 2]^2; every code agrees with the 3-D network at the lifted witness")

for name, fig in (("slice_partition", epd.plot_partition(partition)), ("slice_layers", epd.plot_layers(partition))):
    for ax in fig.axes:
        ax.set_xlabel("$t_1$")
        ax.set_ylabel("$t_2$")
    fig.savefig(out / f"{name}.png", dpi=120)
print(f"wrote {out / 'slice_partition.png'} and {out / 'slice_layers.png'}")
