"""The adjacency graph of a partition: degrees, diameter, and the connected parts of the decision boundary.

    python examples/adjacency_graph.py [OUTDIR]      (default OUTDIR: out/)

Nodes are the regions of the built-in demo network inside [-3, 3]^2; an edge
joins two regions whose closures share a facet, and carries the units that
flip across it (exactpd.adjacency_graph).  The decision boundary's pieces,
joined where they meet across a facet, form their own graph; its connected
components are the boundary's connected parts (exactpd.boundary.decision).
Writes OUTDIR/adjacency_graph.png and OUTDIR/adjacency_graph.graphml.
"""

import sys
from collections import Counter
from pathlib import Path

import networkx as nx

import exactpd as epd
from exactpd.boundary.decision import boundary_components, decision_boundary

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

partition = epd.enumerate_regions(epd.demo_network(), epd.box([-3, -3], [3, 3]))
G = epd.adjacency_graph(partition)

print(f"{G.number_of_nodes()} regions, {G.number_of_edges()} adjacencies")
print("degree: number of regions")
for degree, count in sorted(Counter(d for _, d in G.degree()).items()):
    print(f"  {degree:2d}: {count}")
print(f"connected: {nx.is_connected(G)}, diameter: {nx.diameter(G)} facet crossings")
flips = Counter(len(data["flips"]) for _, _, data in G.edges(data=True))
print(f"units flipped across a facet: {dict(flips)} (more than one: coinciding boundaries)")
by_layer = Counter(layer for _, _, data in G.edges(data=True) for layer, _ in data["flips"])
print(f"facets made by layer 1: {by_layer[0]}, by layer 2: {by_layer[1]}")
for u, v, data in G.edges(data=True):  # the codes of two neighbours differ exactly in the flipped units
    assert epd.flips_between(G.nodes[u]["code"], G.nodes[v]["code"]) == data["flips"]

boundary = decision_boundary(partition)
parts = boundary_components(boundary)
print(f"decision boundary: {len(boundary.pieces)} pieces in {len(parts)} connected parts")
for number, part in enumerate(parts):
    regions = [boundary.pieces[i].region for i in part]
    print(f"  part {number}: through regions {regions}")

epd.plot_graph(partition).savefig(out / "adjacency_graph.png", dpi=120)
epd.write_graphml(partition, out / "adjacency_graph.graphml")
print(f"wrote {out / 'adjacency_graph.png'} and {out / 'adjacency_graph.graphml'}")
