"""Regions and partitions in a few words: the text of their reprs, their ``str`` and their notebook HTML.

``repr(partition)`` is one line, ``Partition(2-6-6-1 relu, box [-2, 2]^2, 19 regions, 30 edges)``,
and ``repr(region)`` too, ``Region(code 110|01, 5 facets, bounded)``, whatever
the size of the network; ``str`` gives a few more lines; ``_repr_html_`` a
table of the first regions (:func:`exactpd.enumeration.table.partition_records`).
Witnesses are shown as floats, for display only.
"""

from __future__ import annotations

import html
from typing import Any

from exactpd.enumeration.float_view import to_float
from exactpd.kernel.summary import polytope_text
from exactpd.network.summary import network_repr, network_shape

__all__: list[str] = []  # the words of reprs, not part of the public API

CODE_CHARACTERS = 40
"""The longest code shown whole; a longer one is cut and its number of units given."""

HTML_ROWS = 12
"""Regions listed in a partition's notebook table."""


def code_text(code: Any, limit: int = CODE_CHARACTERS) -> str:
    """The activation code as text: each layer's pieces as digits (comma-separated when one is 10 or more), layers joined by ``|``.

    Examples
    --------
    >>> code_text(((1, 1, 0), (0, 1)))
    '110|01'
    >>> code_text(((0, 1) * 40,), limit=10)
    '0101010101... (80 units)'
    """
    text = "|".join(
        "".join(map(str, layer)) if all(piece < 10 for piece in layer) else ",".join(map(str, layer)) for layer in code
    )
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({sum(len(layer) for layer in code)} units)"


def _float_point(point: Any) -> str:
    shown = ", ".join(f"{to_float(v):.4g}" for v in point[:4])
    return f"({shown}{', ...' if len(point) > 4 else ''})"


def region_repr(region: Any) -> str:
    """``Region(code 110|01, 5 facets, bounded)``."""
    facets = len(region.polytope.b)
    return f"Region(code {code_text(region.code)}, {facets} facet{'s' if facets != 1 else ''}, {'bounded' if region.bounded else 'unbounded'})"


def region_description(region: Any) -> str:
    """Several lines: the code, each facet with its labels, the witness (as floats).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> part = enumerate_regions(Network(1, [Dense([[1]], [0], "relu")]), box([-1], [1]))
    >>> print(region_description(part[0]))
    Region(code 0, 2 facets, bounded)
      facet 0: (-1) x <= 1  [domain]
      facet 1: (1) x <= 0  [(0, 0)]
      witness ~ (-0.5)
    """
    lines = [region_repr(region)]
    for i, (a, b, labels) in enumerate(zip(region.polytope.A, region.polytope.b, region.labels)):
        normal = ", ".join(map(str, a[:6])) + (", ..." if len(a) > 6 else "")
        lines.append(f"  facet {i}: ({normal}) x <= {b}  [{', '.join(map(str, labels))}]")
    lines.append(f"  witness ~ {_float_point(region.witness)}")
    return "\n".join(lines)


def region_html(region: Any) -> str:
    """An HTML table of the region's facets (normal, right-hand side, labels), for notebooks."""
    rows = "".join(
        f"<tr><td>{i}</td><td>{html.escape(str(tuple(a)))}</td><td>{b}</td><td>{html.escape(', '.join(map(str, labels)))}</td></tr>"
        for i, (a, b, labels) in enumerate(zip(region.polytope.A, region.polytope.b, region.labels))
    )
    return (
        f"<div><b>{html.escape(region_repr(region))}</b>, witness ~ {html.escape(_float_point(region.witness))}"
        f"<table><thead><tr><th>facet</th><th>a</th><th>b</th><th>labels</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def partition_repr(partition: Any) -> str:
    """``Partition(2-6-6-1 relu, box [-2, 2]^2, 54 regions, 91 edges)``."""
    n, m = len(partition.regions), len(partition.edges)
    return (
        f"Partition({network_shape(partition.network)}, {polytope_text(partition.domain)}, "
        f"{n} region{'s' if n != 1 else ''}, {m} edge{'s' if m != 1 else ''})"
    )


def partition_description(partition: Any, shown: int = 5) -> str:
    """Several lines: the network, the domain, the counts, and the first ``shown`` regions.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> print(partition_description(enumerate_regions(Network(1, [Dense([[1]], [0], "relu")]), box([-1], [1]))))
    Partition of box [-1, 1]^1 by Network(1 -> 1 relu)
      regions: 2 (2 bounded, 0 unbounded)
      edges: 1
      #0 Region(code 0, 2 facets, bounded)
      #1 Region(code 1, 2 facets, bounded)
    """
    bounded = sum(region.bounded for region in partition.regions)
    lines = [
        f"Partition of {polytope_text(partition.domain)} by {network_repr(partition.network)}",
        f"  regions: {len(partition.regions)} ({bounded} bounded, {len(partition.regions) - bounded} unbounded)",
        f"  edges: {len(partition.edges)}",
    ]
    lines += [f"  #{i} {region_repr(region)}" for i, region in enumerate(partition.regions[:shown])]
    if len(partition.regions) > shown:
        lines.append(f"  ... {len(partition.regions) - shown} more")
    return "\n".join(lines)


def partition_html(partition: Any) -> str:
    """The repr and an HTML table of the first :data:`HTML_ROWS` regions (index, code, facets, bounded, volume, witness)."""
    from exactpd.enumeration.table import partition_records

    records = partition_records(partition, limit=HTML_ROWS)
    columns = list(records[0]) if records else []
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)

    def cell(value: Any) -> str:
        if isinstance(value, tuple):
            return html.escape(_float_point(value))
        return html.escape("" if value is None else str(value))

    rows = "".join("<tr>" + "".join(f"<td>{cell(r[c])}</td>" for c in columns) + "</tr>" for r in records)
    more = len(partition.regions) - len(records)
    tail = f"<p>... {more} more regions (<code>partition.to_dataframe()</code> lists them all)</p>" if more > 0 else ""
    return (
        f"<div><b>{html.escape(partition_repr(partition))}</b>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{tail}</div>"
    )
