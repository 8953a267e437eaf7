"""A first enumeration: every region of a small ReLU network, exactly, and its picture.

    python examples/first_partition.py [OUTDIR]      (default OUTDIR: out/)

Writes OUTDIR/first_partition.png and OUTDIR/first_partition.json (the
partition file, which ``exactpd plot`` reads).
"""

import sys
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

net = epd.Network(2, [
    epd.Dense([[1, 0], [0, 1], [-1, -1], [1, -2]], [0, 0, "1/3", "1/2"], activation="relu"),
    epd.Dense([[1, -1, 1, "1/2"], [-1, 1, "1/2", 1]], ["-1/4", 0], activation="relu"),
    epd.Dense([[1, -1]], [0]),
])
partition = epd.enumerate_regions(net, epd.box([-2, -2], [2, 2]))
print(f"regions: {len(partition)}, edges: {len(partition.edges)}")

region = partition.locate(["1/4", "1/2"])         # exact point location
print("the region of (1/4, 1/2):")
print("  code           ", region.code)
print("  facets A x <= b", region.polytope.A, region.polytope.b)
print("  made by units  ", region.labels)
print("  area           ", epd.area(region.polytope))
print("  output y = G x + h, G =", [[str(g) for g in row] for row in region.output_map.G],
      "h =", [str(c) for c in region.output_map.h])

epd.save_partition(partition, out / "first_partition.json")
epd.plot_partition(partition, title=f"{len(partition)} regions in [-2, 2]²").savefig(out / "first_partition.png", dpi=120)
print(f"wrote {out / 'first_partition.png'} and {out / 'first_partition.json'}")
