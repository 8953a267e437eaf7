"""The decision-boundary file (``docs/boundary-format.md``): every rational an exact string."""

from __future__ import annotations

import json

from exactpd.boundary.decision import DecisionBoundary, boundary_components
from exactpd.io.atomic import atomic_write
from exactpd.rational import format_rational, format_vector

__all__ = ["boundary_to_dict", "save_boundary"]

FORMAT_VERSION = 1


def boundary_to_dict(boundary: DecisionBoundary) -> dict:
    """The JSON-ready form of ``docs/boundary-format.md``: every rational an exact string."""
    return {
        "format": FORMAT_VERSION,
        "kind": "exactpd.boundary",
        "logits": None if boundary.logits is None else list(boundary.logits),
        "pieces": [
            {
                "region": piece.region,
                "code": [list(pieces) for pieces in piece.code],
                "normal": format_vector(piece.normal),
                "offset": format_rational(piece.offset),
                "witness": format_vector(piece.witness),
            }
            for piece in boundary.pieces
        ],
        "bends": [
            {
                "u": bend.u,
                "v": bend.v,
                "edge": bend.edge,
                "cos2": format_rational(bend.cos2),
                "sign": bend.sign,
                "point": format_vector(bend.point),
            }
            for bend in boundary.bends
        ],
        "components": [list(c) for c in boundary_components(boundary)],
        "flat_regions": list(boundary.flat_regions),
        "facet_edges": list(boundary.facet_edges),
    }


def save_boundary(boundary: DecisionBoundary, path) -> None:
    """Write :func:`boundary_to_dict` as JSON to ``path``."""
    with atomic_write(path) as handle:
        json.dump(boundary_to_dict(boundary), handle, indent=1)
        handle.write("\n")
