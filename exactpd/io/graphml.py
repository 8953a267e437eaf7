"""GraphML export of the adjacency graph, for Gephi, Cytoscape, igraph or networkx.

GraphML holds strings and plain numbers only (networkx refuses a Fraction), so
exact values are written as strings: node ``code`` as ``"[[0,1,1],[1]]"`` and
``witness`` as ``"1/2,-3"``; edge ``flips`` as ``"[[0,1]]"``, ``hyperplane``
as ``"1,-2 <= 3"`` (``a . x <= b`` on the smaller-indexed region) and
``point`` as ``"p1,p2"``.  Node ids are the region ids of the partition file.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING


from exactpd.enumeration.adjacency import adjacency_graph
from exactpd.enumeration.partition import Partition
from exactpd.io.atomic import atomic_write
from exactpd.rational import format_vector

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graphml_graph", "write_graphml"]


def _points(values) -> str:
    return ",".join(format_vector(values))


def graphml_graph(partition: Partition) -> nx.Graph:
    """The adjacency graph with every attribute turned into an exact string (see the module doc).

    Parameters
    ----------
    partition : Partition
        An enumerated partition (with its edges).

    Returns
    -------
    networkx.Graph
        :func:`exactpd.enumeration.adjacency.adjacency_graph` with node
        attributes ``code``, ``witness`` and edge attributes ``flips``,
        ``hyperplane``, ``point`` as strings; node ids are region ids.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> G = graphml_graph(part)
    >>> G.nodes[0]
    {'code': '[[0,0]]', 'witness': '-1,-1'}
    >>> sorted(G.edges(data="hyperplane"))
    [(0, 1, '0,1 <= 0'), (0, 2, '1,0 <= 0'), (1, 3, '1,0 <= 0'), (2, 3, '0,1 <= 0')]
    """
    exact = adjacency_graph(partition)
    import networkx as nx

    G = nx.Graph()
    for node, data in exact.nodes(data=True):
        G.add_node(node, code=json.dumps([list(c) for c in data["code"]], separators=(",", ":")), witness=_points(data["witness"]))
    for u, v, data in exact.edges(data=True):
        a, b = data["hyperplane"]
        G.add_edge(
            u,
            v,
            flips=json.dumps([list(f) for f in data["flips"]], separators=(",", ":")),
            hyperplane=f"{','.join(str(x) for x in a)} <= {b}",
            point=_points(data["point"]),
        )
    return G


def write_graphml(partition: Partition, path) -> None:
    """Write the adjacency graph of ``partition`` as GraphML (see the module doc; atomic, see :mod:`exactpd.io.atomic`).

    Parameters
    ----------
    partition : Partition
        An enumerated partition (with its edges).
    path : str or path-like
        The GraphML file; replaced whole only once the new one is complete.

    Returns
    -------
    None

    Examples
    --------
    >>> import os, tempfile
    >>> import networkx as nx
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> path = os.path.join(tempfile.mkdtemp(), "adjacency.graphml")
    >>> write_graphml(part, path)
    >>> G = nx.read_graphml(path)
    >>> G.number_of_nodes(), G.number_of_edges(), G.nodes["0"]["code"]
    (4, 4, '[[0,0]]')
    """
    import networkx as nx

    with atomic_write(path, "wb") as handle:
        nx.write_graphml(graphml_graph(partition), handle)
