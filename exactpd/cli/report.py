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
