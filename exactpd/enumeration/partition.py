"""The partition of a domain into the regions of a network (paper Theorem 3).

A :class:`Partition` holds the network, the domain, every full-dimensional
region (sorted by code, so that equal partitions compare equal whatever
computed them) and the certified adjacency edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Sequence

from exactpd.network.forward_pass import code_at, code_toward
from exactpd.network.layers import Network
from exactpd.kernel.polytope import HPolytope, contains, side
from exactpd.rational import QVector, Side, to_vector
from exactpd.enumeration.region import Deferred, Region
from exactpd.enumeration.summary import partition_description, partition_html, partition_repr
from exactpd.enumeration.table import partition_dataframe, partition_records

__all__ = ["Edge", "Partition"]


@dataclass(frozen=True)
class Edge:
    """Two regions whose closures share a (D-1)-dimensional face.

    ``u < v`` are region indices; ``flips`` the units ``(layer, unit)`` whose
    piece differs between the two codes (one in general position, several
    where boundaries coincide); ``hyperplane`` the shared facet's primitive
    integer row ``(a, b)`` oriented outward from region ``u`` (a x <= b on u);
    ``point`` a rational point in the relative interior of the shared face
    (the certificate).

    Attributes
    ----------
    u, v : int
        Region indices, ``u < v``.
    flips : tuple of (int, int)
        The units whose piece differs.
    hyperplane : (tuple of int, int)
        The shared facet's row ``(a, b)``, ``a . x <= b`` on region u.
    point : tuple of Fraction
        The certificate (not compared: engines may pick different points).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> part.edges[0]
    Edge(u=0, v=1, flips=((0, 1),), hyperplane=((0, 1), 0), point=(Fraction(-1, 1), Fraction(0, 1)))
    """

    u: int
    v: int
    flips: tuple
    hyperplane: tuple
    point: QVector = field(compare=False)  # a certificate: engines may pick different points


Edge.point = Deferred("point")


def deferred_edge(u: int, v: int, flips: tuple, hyperplane: tuple, store, index: int) -> Edge:
    """An :class:`Edge` whose certificate point, already proved, is ``store.point(index)``, made on first access."""
    edge = object.__new__(Edge)
    object.__setattr__(edge, "__dict__", {"u": u, "v": v, "flips": flips, "hyperplane": hyperplane, "_deferred": (store, index)})
    return edge


@dataclass(frozen=True)
class Partition:
    """Every full-dimensional region of ``network``'s partition inside ``domain``.

    ``len(partition)`` is the exact number of regions; ``partition[i]`` the
    i-th region (sorted by code); ``edges`` the adjacency edges; ``complex``
    the exact polyhedral complex (:class:`~exactpd.enumeration.cell_complex.PolyhedralComplex`)
    when the complex engine computed the partition, else None.

    Attributes
    ----------
    network : Network
        The network.
    domain : HPolytope
        The domain the regions cover.
    regions : tuple of Region
        Sorted by code.
    edges : tuple of Edge
        Sorted by ``(u, v)`` (empty when not computed).
    complex : PolyhedralComplex or None
        From the complex engine (not compared).

    Notes
    -----
    The regions are those of the paper's PD subdivision ``Omega^(1..L)``
    (Theorem 3, eq. 15) inside the domain.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> len(part), part[3].code, part.index_of([[1, 0]])
    (4, ((1, 1),), 2)
    >>> part.locate(["1/2", -1]).code, part.locate([0, 0]).code, part.locate([3, 0])
    (((1, 0),), ((0, 0),), None)
    """

    network: Network
    domain: HPolytope
    regions: tuple
    edges: tuple = ()
    complex: object = field(default=None, repr=False, compare=False)  # PolyhedralComplex from engine="complex"
    _by_code: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {r.code: i for i, r in enumerate(self.regions)})

    def __len__(self) -> int:
        return len(self.regions)

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def __getitem__(self, index: int) -> Region:
        return self.regions[index]

    def __repr__(self) -> str:
        """``Partition(2-6-6-1 relu, box [-2, 2]^2, 54 regions, 91 edges)`` (:func:`exactpd.enumeration.summary.partition_repr`)."""
        return partition_repr(self)

    def __str__(self) -> str:
        return partition_description(self)

    def _repr_html_(self) -> str:
        return partition_html(self)

    def to_records(self, volumes: bool | None = None) -> list[dict]:
        """One dict per region: index, code, n_facets, bounded, exact volume, witness as floats (:func:`exactpd.enumeration.table.partition_records`).

        Parameters
        ----------
        volumes : bool, optional
            Compute the exact volumes (default: when cheap, see
            :func:`~exactpd.enumeration.table.partition_records`).

        Returns
        -------
        list of dict

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> part.to_records()[3]
        {'index': 3, 'code': '11', 'n_facets': 4, 'bounded': True, 'volume': Fraction(4, 1), 'witness': (1.0, 1.0)}
        """
        return partition_records(self, volumes)

    def to_dataframe(self, volumes: bool | None = None):
        """The records as a pandas DataFrame (the extra ``exactpd[table]``; :func:`exactpd.enumeration.table.partition_dataframe`)."""
        return partition_dataframe(self, volumes)

    def index_of(self, code) -> int | None:
        """The index of the region with this code, or None.

        Parameters
        ----------
        code : Code
            One sequence of pieces per nonlinear layer (lists are accepted).

        Returns
        -------
        int or None

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> part.index_of([[1, 0]]), part.index_of(((1, 1),)), part.index_of([[2, 0]])
        (2, 3, None)
        """
        return self._by_code.get(tuple(tuple(c) for c in code))

    def locate(self, x, towards: Sequence | None = None) -> Region | None:
        """The region of point ``x`` (exact), or None when x is outside the domain.

        A point inside a region gets that region.  A point on boundaries gets the
        region of its forward-pass code (ties to the lowest piece) when that region
        is full-dimensional, and otherwise the region reached by the exact
        infinitesimal perturbation x + eps*towards + eps^2 e_1 + ...
        (:func:`exactpd.network.forward_pass.code_toward`); without ``towards``, a
        point on the domain's boundary is perturbed into the domain (towards a
        region's witness).  In every case x lies in the closure of the returned
        region.

        Parameters
        ----------
        x : point-like
            Of the input dimension, converted exactly.
        towards : point-like, optional
            The direction of the perturbation for a point on boundaries.

        Returns
        -------
        Region or None

        Raises
        ------
        DimensionError
            ``x`` has not the input dimension.
        InvalidNumberError
            An entry of ``x`` is not a finite number.

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> part.locate(["1/2", -1]).code, part.locate([0, 0]).code, part.locate([3, 0])
        (((1, 0),), ((0, 0),), None)
        >>> edge = enumerate_regions(Network(1, [Dense([[-1]], [2], "relu")]), box([-2], [2]))
        >>> edge.locate([2]).code  # on the domain's boundary and on the unit's: into the domain
        ((1,),)
        """
        point = to_vector(x, "point", length=self.network.input_dim)
        if not contains(self.domain, point):
            return None
        index = self.index_of(code_at(self.network, point))
        if index is None or not contains(self.regions[index].polytope, point):
            if towards is None and side(self.domain, point) is Side.BOUNDARY:
                towards = [w - p for w, p in zip(self.regions[0].witness, point)]  # into the domain
            index = self.index_of(code_toward(self.network, point, towards))
        return None if index is None else self.regions[index]
