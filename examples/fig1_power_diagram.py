"""Paper Fig. 1: a power diagram, its centroids and its circles.

    python examples/fig1_power_diagram.py [OUTDIR]      (default OUTDIR: out/)

Six sites with centroids in [-3/2, 3/2]^2 and radii in [0, 1] (power weight
rho = radius^2), as in the authors' figure.  By Lemma 1 they are the power
diagram of one max-affine unit with six pieces, slope mu_r and offset
(rho_r - ||mu_r||^2) / 2 (exactpd.site_offset): we build that unit, enumerate
its regions exactly and check that each region's site is the site we chose.
"""

import random
import sys
from fractions import Fraction
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

rng = random.Random(1)
sites = [
    epd.PowerSite([Fraction(rng.randint(-15, 15), 10), Fraction(rng.randint(-15, 15), 10)], Fraction(rng.randint(0, 10), 10) ** 2)
    for _ in range(6)
]
unit = epd.Maso([[s.centroid for s in sites]], [[epd.site_offset(s) for s in sites]])
partition = epd.enumerate_regions(epd.Network(2, [unit]), epd.box([-2, -2], [2, 2]))

print(f"{len(sites)} sites, {len(partition)} non-empty cells in [-2, 2]^2")
for region in partition:
    (piece,) = region.code[0]
    site = region.sites[0]
    assert (site.centroid, site.power_weight) == (sites[piece].centroid, sites[piece].power_weight)
    inside = epd.contains(region.polytope, site.centroid)
    print(f"  site {piece}: centroid {tuple(map(str, site.centroid))}, power weight {site.power_weight},"
          f" centroid in its own cell: {inside}")

fig = epd.plot_power_diagram(partition, 0)
fig.axes[0].set_title("6 sites: centroids, circles of radius √ρ")
fig.savefig(out / "fig1_power_diagram.png", dpi=120)
print(f"wrote {out / 'fig1_power_diagram.png'}")
