"""The exact topology of a decision region: components coloured, holes marked (issue 14).

    python examples/topology_components.py [OUTDIR]      (default OUTDIR: out/)

An abs network whose output is f = max(A, B), with A a ring around (-1, 0)
(1/2 < |x + 1| + |y| < 1) and B two diamonds around (1, +-1/2) that touch at
the single point (1, 0) (max(a, b) = (a + b + |a - b|) / 2, so three abs
layers suffice).  Exactly: {f > 0} has three components and one hole; {f >= 0}
has two components, because the closed diamonds meet at one vertex, and still
one hole.  A float tool that rounds the touching point either way gets one of
the two wrong.
"""

import sys
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

net = epd.Network(2, [
    epd.Dense([[1, 0], [0, 1], [1, 0]], [1, 0, -1], "abs"),  # |x + 1|, |y|, |x - 1|
    epd.Dense([[1, 1, 0], [0, 1, 0], [0, 0, 1]], ["-3/4", "-1/2", 0], "abs"),  # v1 = ||x+1| + |y| - 3/4|, v2 = ||y| - 1/2|, v3 = |x - 1|
    epd.Dense([[-1, 1, 1], [1, 1, 1]], ["-1/4", 0], "abs"),  # |A - B|, |v1 + v2 + v3| (A = 1/4 - v1, B = 1/2 - v2 - v3)
    epd.Dense([["1/2", "-1/2"]], ["3/8"]),  # f = (A + B + |A - B|) / 2
])
partition = epd.enumerate_regions(net, epd.box(["-9/4", "-5/4"], [2, "5/4"]))
dc = epd.decision_complex(partition)
print(f"{len(partition)} regions, faces by dimension {list(epd.face_poset(partition, signs=False).counts)}")
for name in ("f>0", "f>=0", "f=0"):
    print(f"{name}: betti {list(epd.betti_numbers(dc, name))}, euler {epd.euler_characteristic(dc, name)}")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402


def convex_polygon(points):
    """The vertices of a convex cell in counter-clockwise order (for drawing only)."""
    import math

    xy = [(float(x), float(y)) for x, y in points]
    cx, cy = sum(p[0] for p in xy) / len(xy), sum(p[1] for p in xy) / len(xy)
    return sorted(xy, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))


fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
colours = plt.get_cmap("tab10").colors
for ax, name in zip(axes, ("f>0", "f>=0")):
    pieces = epd.set_components(dc, name)
    b = epd.betti_numbers(dc, name)
    for component, vertices in pieces.cells:
        ax.add_patch(Polygon(convex_polygon(vertices), closed=True, facecolor=colours[component % 10], edgecolor="none", alpha=0.8))
    for region in partition:
        ax.add_patch(Polygon(convex_polygon(region.polytope.vertices()), closed=True, fill=False, edgecolor="0.75", linewidth=0.4))
    for hole in pieces.holes:
        ax.plot(float(hole[0]), float(hole[1]), "kx", markersize=10, markeredgewidth=2)
        ax.annotate("hole", (float(hole[0]), float(hole[1])), textcoords="offset points", xytext=(6, 6))
    if name == "f>=0":
        ax.plot(1, 0, "o", markersize=6, markerfacecolor="none", markeredgecolor="k")
        ax.annotate("the closed diamonds\ntouch at (1, 0)", (1, 0), textcoords="offset points", xytext=(12, -4), fontsize=8)
    ax.set_xlim(-2.25, 2)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_title(f"{{{name}}}: {pieces.count} components (b0 = {b[0]}), {len(pieces.holes)} hole (b1 = {b[1]})", fontsize=11)
fig.tight_layout()
fig.savefig(out / "topology_components.png", dpi=120)
print(f"wrote: {out / 'topology_components.png'}")
