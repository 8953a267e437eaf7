"""What commands print: a network's layers, an enumeration's summary, one point's location."""

from __future__ import annotations

import json
from typing import Sequence

from exactpd.enumeration import EnumerationStats
from exactpd.enumeration.partition import Partition
from exactpd.geometry.powerdiagram import layer_sites
from exactpd.network.forward_pass import trace
from exactpd.network.layers import Dense, MaxPool, Network
from exactpd.network.maso import maso_layers
from exactpd.rational import QVector, format_rational, format_vector

__all__ = ["locate_report", "network_text", "report_text", "summary"]


def locate_report(net: Network, point: QVector) -> dict:
    """What ``exactpd locate`` reports about ``point``, as a JSON-ready dict of exact strings.

    Keys: ``point``, ``code``, ``on_boundary``, ``output``, and ``layers``: one
    entry per nonlinear layer with its network layer index, kind, and the
    centroid and power weight of the point's site (see
    :func:`exactpd.network.forward_pass.layer_sites`).

    Parameters
    ----------
    net : Network
        The network.
    point : tuple of Fraction
        The point, of the input dimension.

    Returns
    -------
    dict

    Notes
    -----
    The sites are Theorem 2's, ``mu = J^T 1`` and
    ``rho = ||mu||^2 + 2 (1^T z^(l)(x) - <mu, x>)``.

    Examples
    --------
    >>> import exactpd as epd
    >>> report = locate_report(epd.demo_network(), epd.rational.parse_point("1/2,-1"))
    >>> report["code"], report["output"], report["layers"][1]
    ([[1, 0, 1, 1, 0, 0], [1, 0, 0, 0, 1, 0]], ['-3/4'], {'layer': 1, 'kind': 'relu', 'centroid': ['5/2', '1/2'], 'power_weight': '8'})
    """
    point_trace = trace(net, point)
    layers = maso_layers(net)
    return {
        "point": format_vector(point_trace.point),
        "code": [list(pieces) for pieces in point_trace.code],
        "on_boundary": point_trace.on_boundary,
        "output": format_vector(point_trace.output),
        "layers": [
            {
                "layer": layer.source,
                "kind": layer.kind,
                "centroid": format_vector(site.centroid),
                "power_weight": format_rational(site.power_weight),
            }
            for layer, site in zip(layers, layer_sites(point_trace))
        ],
    }


def _vector_text(entries: Sequence[str]) -> str:
    return "(" + ", ".join(entries) + ")"


def report_text(report: dict) -> str:
    """The text ``exactpd locate`` prints for a :func:`locate_report`.

    Parameters
    ----------
    report : dict
        From :func:`locate_report`.

    Returns
    -------
    str
        One line per entry, layer lines in order.

    Examples
    --------
    >>> import exactpd as epd
    >>> print(report_text(locate_report(epd.demo_network(), epd.rational.parse_point("1/2,-1"))))
    point        (1/2, -1)
    code         [[1, 0, 1, 1, 0, 0], [1, 0, 0, 0, 1, 0]]
    on boundary  no
    layer 0 (relu): centroid (3, 0), power weight 10
    layer 1 (relu): centroid (5/2, 1/2), power weight 8
    output       (-3/4)
    """
    lines = [
        f"point        {_vector_text(report['point'])}",
        f"code         {json.dumps(report['code'])}",
        f"on boundary  {'yes' if report['on_boundary'] else 'no'}",
    ]
    for entry in report["layers"]:
        lines.append(
            f"layer {entry['layer']} ({entry['kind']}): centroid {_vector_text(entry['centroid'])}, "
            f"power weight {entry['power_weight']}"
        )
    lines.append(f"output       {_vector_text(report['output'])}")
    return "\n".join(lines)


def network_text(net: Network) -> str:
    """The layers of ``net`` in words, one line each (``exactpd info``).

    Parameters
    ----------
    net : Network
        The network.

    Returns
    -------
    str

    Examples
    --------
    >>> import exactpd as epd
    >>> print(network_text(epd.demo_network()))
    input dimension 2
    layer 0: dense 2 -> 6, relu
    layer 1: dense 6 -> 6, relu
    layer 2: dense 6 -> 1, affine
    """
    lines = [f"input dimension {net.input_dim}"]
    width = net.input_dim
    for index, layer in enumerate(net.layers):
        if isinstance(layer, Dense):
            detail = layer.activation or "affine"
            if layer.negative_slope is not None:
                detail += f" (negative slope {layer.negative_slope})"
        elif isinstance(layer, MaxPool):
            detail = f"groups {json.dumps([list(g) for g in layer.groups])}"
        else:
            detail = f"pieces per unit {list(len(unit) for unit in layer.slopes)}"
        lines.append(f"layer {index}: {layer.kind} {width} -> {layer.n_outputs}, {detail}")
        width = layer.n_outputs
    return "\n".join(lines)


def summary(partition: Partition, stats: EnumerationStats, seconds: float, domain_text: str) -> list[str]:
    """The summary lines ``exactpd enumerate`` (and ``count -v``) prints.

    Parameters
    ----------
    partition : Partition
        The enumerated partition.
    stats : EnumerationStats
        The work done.
    seconds : float
        The time taken.
    domain_text : str
        The domain in words (:func:`exactpd.cli.options.domain_text`).

    Returns
    -------
    list of str

    Examples
    --------
    >>> import exactpd as epd
    >>> part = epd.enumerate_regions(epd.demo_network(), epd.box([-1, -1], [1, 1]))
    >>> summary(part, epd.EnumerationStats(), 0.5, "box [-1, 1]^2")[2:5]
    ['regions: 41', 'bounded: 41', 'edges: 65']
    """
    net = partition.network
    widths = "-".join(str(layer.n_units) for layer in maso_layers(net))
    return [
        f"network: input_dim {net.input_dim}, nonlinear layers {widths or '(none)'}",
        f"domain: {domain_text}",
        f"regions: {len(partition)}",
        f"bounded: {sum(region.bounded for region in partition)}",
        f"edges: {len(partition.edges)}",
        f"certified LP calls: {stats.certified_calls + stats.facet_calls}, "
        f"found without an LP: {stats.free_witnesses + stats.settled_by_vertices}",
        f"time: {seconds:.2f} s",
    ]
