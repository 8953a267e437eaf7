"""What the checks share about one partition, computed once: :class:`CheckContext`.

Points used
-----------
The checks evaluate at exact rational points that the partition certifies:
the *witness* of every region (strictly inside it) and the *facet points*
(in the relative interior of every facet, so on a boundary, where ties are
decided by the lowest piece index as in the forward pass).

Sizes
-----
Checks that go through all ``prod_k R_k`` sites of a layer (Theorem 1's
brute-force argmin, Lemma 5, Theorem 6, eq. 29 and E2-E4, E6, E11) do so only
for layers with at most :data:`MAX_SITES` sites, and say so in their evidence
when a layer is larger (:meth:`CheckContext.skipped`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from math import prod
from typing import Sequence

from exactpd.boundary.decision import DecisionBoundary, decision_boundary
from exactpd.errors import InvalidOptionError
from exactpd.enumeration.partition import Partition
from exactpd.geometry.powerdiagram import PowerDiagram, PowerSite, input_power_diagram, layer_power_diagram, site_offset
from exactpd.kernel.polytope import HPolytope
from exactpd.network.forward_pass import PointTrace, trace
from exactpd.network.layers import Network
from exactpd.network.maso import AffineMap, MasoLayer, identity_map, maso_layers, output_map
from exactpd.rational import QVector, dot

__all__ = ["MAX_SITES", "CheckContext"]

MAX_SITES = 4096
"""Layers with more sites than this skip the checks that visit every site."""

Candidate = tuple[tuple, QVector, Fraction]
"""``(code, mu, ||mu||^2 - rho)``: a site ready for :func:`laguerre_argmin`."""


def n_sites(layer: MasoLayer) -> int:
    """``prod_k R_k``, the number of sites of a layer's power diagram (Theorem 1).

    Parameters
    ----------
    layer : MasoLayer

    Returns
    -------
    int

    Examples
    --------
    >>> from exactpd import Dense, Network, maso_layers
    >>> n_sites(maso_layers(Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 0], "relu")]))[0])
    8
    """
    return prod(layer.n_pieces)


def laguerre_candidates(sites: Sequence[PowerSite], sign_of_rho: int = 1) -> list[Candidate]:
    """``(code, mu, ||mu||^2 - sign_of_rho * rho)`` per site, for :func:`laguerre_argmin`.

    ``sign_of_rho = -1`` reads the power weights with the wrong sign (the
    printed ``+ b = +rho`` of errata E2).

    Parameters
    ----------
    sites : sequence of PowerSite
    sign_of_rho : int
        1, or -1 for the printed sign.

    Returns
    -------
    list of Candidate

    Examples
    --------
    >>> laguerre_candidates([PowerSite((1, 0), 3, (0,))])
    [((0,), (Fraction(1, 1), Fraction(0, 1)), Fraction(-2, 1))]
    """
    return [(s.code, s.centroid, dot(s.centroid, s.centroid) - sign_of_rho * s.power_weight) for s in sites]


def laguerre_argmin(candidates: Sequence[Candidate], u: QVector) -> tuple:
    """The first code minimising the Laguerre distance ``||u - mu||^2 - rho`` (section 3), exactly.

    ``||u - mu||^2 - rho = ||u||^2 - 2 <u, mu> + (||mu||^2 - rho)``, and the
    first term is the same for every site.

    Parameters
    ----------
    candidates : sequence of Candidate
        From :func:`laguerre_candidates`.
    u : QVector

    Returns
    -------
    tuple
        The code of the winning site (the first on ties).

    Examples
    --------
    >>> sites = [PowerSite((0, 0), 0, (0,)), PowerSite((1, 0), 0, (1,))]
    >>> laguerre_argmin(laguerre_candidates(sites), (Fraction(3, 4), Fraction(0)))
    (1,)
    """
    best, best_value = None, None
    for code, centroid, constant in candidates:
        value = constant - 2 * dot(u, centroid)
        if best_value is None or value < best_value:
            best, best_value = code, value
    return best


def _diagram_candidates(diagram: PowerDiagram) -> list[Candidate]:
    """:func:`laguerre_candidates` of every site of a factored diagram, built factor by factor.

    The site of a code sums its factors' centroids, and ``||mu||^2 - rho = -2 beta``
    with beta the sum of the factors' offsets (Lemma 5 / Theorem 1, as
    :class:`~exactpd.geometry.powerdiagram.PowerDiagram` builds its sites).
    """
    found: list = [((), None, Fraction(0))]
    for factor in diagram.factors:
        pieces = [(s.code, s.centroid, -2 * site_offset(s)) for s in factor]
        found = [
            (code + c, centroid if mu is None else tuple(p + q for p, q in zip(mu, centroid)), constant + k)
            for code, mu, constant in found
            for c, centroid, k in pieces
        ]
    return found


def difference(u: Sequence[Fraction], v: Sequence[Fraction]) -> QVector:
    """``u - v``, entry by entry.

    Parameters
    ----------
    u, v : sequences of Fraction, of one length

    Returns
    -------
    QVector

    Examples
    --------
    >>> difference((Fraction(1), Fraction(2)), (Fraction(3), Fraction(0)))
    (Fraction(-2, 1), Fraction(2, 1))
    """
    return tuple(a - b for a, b in zip(u, v))


def spread(items: Sequence, n: int) -> list:
    """At most ``n`` items, evenly spread over the sequence (all when it is short), in order.

    Parameters
    ----------
    items : sequence
    n : int

    Returns
    -------
    list

    Examples
    --------
    >>> spread(range(10), 3)
    [0, 3, 6]
    """
    if len(items) <= n:
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


@dataclass(frozen=True, eq=False)
class CheckContext:
    """One partition and everything the checks share about it, each computed once, on first use.

    Parameters
    ----------
    partition : Partition
        The enumerated partition of a network (:func:`exactpd.enumerate_regions`).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> context = CheckContext(enumerate_regions(net, box([-1, -1], [1, 1])))
    >>> len(context.witness_traces), len(context.traces), context.sites[0][0].code
    (4, 16, (0, 0))
    """

    partition: Partition

    @staticmethod
    def of(partition_or_context: Partition | CheckContext) -> CheckContext:
        """The context itself, or a new context of a partition.

        Raises
        ------
        InvalidOptionError
            Neither a Partition nor a CheckContext.
        Parameters
        ----------
        partition_or_context : Partition or CheckContext

        Returns
        -------
        CheckContext

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> context = CheckContext.of(enumerate_regions(Network(1, [Dense([[1]], [0], "relu")]), box([-1], [1])))
        >>> CheckContext.of(context) is context
        True

        """
        if isinstance(partition_or_context, CheckContext):
            return partition_or_context
        if isinstance(partition_or_context, Partition):
            return CheckContext(partition_or_context)
        raise InvalidOptionError(f"a check takes a Partition or a CheckContext, got {type(partition_or_context).__name__}")

    @property
    def network(self) -> Network:
        """The partition's network."""
        return self.partition.network

    @property
    def domain(self) -> HPolytope:
        """The partition's domain."""
        return self.partition.domain

    @property
    def layers(self) -> tuple[MasoLayer, ...]:
        """The network's nonlinear layers in max-affine form (eq. 1)."""
        return maso_layers(self.network)

    @cached_property
    def witness_traces(self) -> list[PointTrace]:
        """The exact forward trace at every region's witness, in region order."""
        return [trace(self.network, r.witness) for r in self.partition.regions]

    @cached_property
    def traces(self) -> list[PointTrace]:
        """:attr:`witness_traces`, then the traces at every distinct facet point."""
        seen = {r.witness for r in self.partition.regions}
        points = []
        for region in self.partition.regions:
            for point in region.facet_points:
                if point not in seen:
                    seen.add(point)
                    points.append(point)
        return self.witness_traces + [trace(self.network, p) for p in points]

    @cached_property
    def decision(self) -> DecisionBoundary | None:
        """The decision boundary (f = output, or logits (0, 1) with several outputs), None without an output layer."""
        out = output_map(self.network)
        if out is None:
            return None
        return decision_boundary(self.partition, None if out.out_dim == 1 else (0, 1))

    @cached_property
    def sites(self) -> list[list[PowerSite] | None]:
        """Every Theorem-1 site of every layer (None for a layer with more than :data:`MAX_SITES`)."""
        return [list(layer_power_diagram(layer).sites()) if n_sites(layer) <= MAX_SITES else None for layer in self.layers]

    @cached_property
    def layer_candidates(self) -> list[list[Candidate] | None]:
        """:func:`laguerre_candidates` of every layer's Theorem-1 diagram (None when too large)."""
        return [
            _diagram_candidates(layer_power_diagram(layer)) if n_sites(layer) <= MAX_SITES else None for layer in self.layers
        ]

    @cached_property
    def input_candidates(self) -> list[list[list[Candidate] | None]]:
        """Per region and layer, the candidates of the Theorem-2 input-space diagram (None when too large)."""
        layers = self.layers
        return [
            [
                _diagram_candidates(input_power_diagram(layers, l, region.code)) if n_sites(layer) <= MAX_SITES else None
                for l, layer in enumerate(layers)
            ]
            for region in self.partition.regions
        ]

    def prior_map(self, region_or_trace, l: int) -> AffineMap:
        """``x -> z^(l-1)(x)`` on a region (or at a traced point); the identity for the first layer (l = 0).

        Parameters
        ----------
        region_or_trace : Region or PointTrace
        l : int
            The nonlinear layer (0 for the paper's layer 1).

        Returns
        -------
        AffineMap

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> context = CheckContext(enumerate_regions(Network(1, [Dense([[2]], [0], "relu"), Dense([[1]], [0], "relu")]), box([-1], [1])))
        >>> region = context.partition.regions[-1]
        >>> context.prior_map(region, 0).G, context.prior_map(region, 1).G
        (((Fraction(1, 1),),), ((Fraction(2, 1),),))
        """
        return region_or_trace.maps[l - 1] if l else identity_map(self.network.input_dim)

    def skipped(self) -> str:
        """The evidence's note on the layers too large for the checks that visit every site ("" when none).

        Returns
        -------
        str

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> CheckContext(enumerate_regions(Network(1, [Dense([[1]], [0], "relu")]), box([-1], [1]))).skipped()
        ''
        """
        big = [str(l + 1) for l, layer in enumerate(self.layers) if n_sites(layer) > MAX_SITES]
        return f"; layers {', '.join(big)} skipped (more than {MAX_SITES} sites)" if big else ""


def layer_inputs(point_trace: PointTrace) -> list[QVector]:
    """The input of every nonlinear layer at a traced point: ``x, z^(1), ..., z^(L-1)`` (none without a nonlinear layer).

    Parameters
    ----------
    point_trace : PointTrace

    Returns
    -------
    list of QVector

    Examples
    --------
    >>> from exactpd import Dense, Network, trace
    >>> layer_inputs(trace(Network(1, [Dense([[2]], [0], "relu"), Dense([[1]], [-1], "relu")]), [1]))
    [(Fraction(1, 1),), (Fraction(2, 1),)]
    """
    return [point_trace.point] + list(point_trace.outputs[:-1]) if point_trace.outputs else []
