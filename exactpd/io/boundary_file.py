"""The decision-boundary file (``docs/boundary-format.md``): every rational an exact string."""

from __future__ import annotations

import json

from exactpd.boundary.decision import DecisionBoundary, boundary_components
from exactpd.io.atomic import atomic_write
from exactpd.rational import format_rational, format_vector

__all__ = ["boundary_to_dict", "save_boundary"]

FORMAT_VERSION = 1


def boundary_to_dict(boundary: DecisionBoundary) -> dict:
    """The JSON-ready form of ``docs/boundary-format.md``: every rational an exact string.

    Parameters
    ----------
    boundary : DecisionBoundary
        From :func:`exactpd.boundary.decision.decision_boundary`.

    Returns
    -------
    dict
        Keys ``format``, ``kind``, ``logits``, ``pieces``, ``bends``
        (``cos2`` of eq. 26 as a ``"p/q"`` string), ``components``,
        ``flat_regions`` and ``facet_edges``.

    Examples
    --------
    >>> from exactpd import decision_boundary
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> d = boundary_to_dict(decision_boundary(part))
    >>> d["bends"][0]
    {'u': 0, 'v': 2, 'edge': 2, 'cos2': '1/2', 'sign': 1, 'point': ['0', '1']}
    >>> d["components"]
    [[0, 1, 2]]
    """
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
    """Write :func:`boundary_to_dict` as JSON to ``path``.

    Parameters
    ----------
    boundary : DecisionBoundary
        From :func:`exactpd.boundary.decision.decision_boundary`.
    path : str or path-like
        The JSON file; replaced whole only once the new one is complete
        (:mod:`exactpd.io.atomic`).

    Returns
    -------
    None

    Examples
    --------
    >>> import json, os, tempfile
    >>> from exactpd import decision_boundary
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> path = os.path.join(tempfile.mkdtemp(), "boundary.json")
    >>> save_boundary(decision_boundary(part), path)
    >>> with open(path) as f:
    ...     json.load(f)["pieces"][2]["witness"]
    ['1/2', '1/2']
    """
    with atomic_write(path) as handle:
        json.dump(boundary_to_dict(boundary), handle, indent=1)
        handle.write("\n")
