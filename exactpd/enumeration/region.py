"""A region of a network's input-space partition, with everything known about it.

A :class:`Region` is one full-dimensional cell of the partition
Omega^(1..L) (paper Theorem 3, eq. 15), intersected with the domain.  It is
immutable and keyed by its activation code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from typing import Sequence

from exactpd.enumeration.float_view import region_float
from exactpd.enumeration.summary import region_description, region_html, region_repr
from exactpd.errors import CertificationError, DimensionError
from exactpd.network.forward_pass import Code
from exactpd.network.maso import AffineMap, MasoLayer, compose, identity_map, layer_maps
from exactpd.kernel.measure import volume
from exactpd.kernel.polytope import HPolytope, contains, is_bounded, side, vertices
from exactpd.geometry.powerdiagram import map_site
from exactpd.rational import QVector, Side, dot

__all__ = ["DOMAIN", "Label", "Region", "build_region"]


DOMAIN = "domain"
"""The label of a halfspace that comes from the domain, not from a unit."""

Label = object  # (layer, unit) with layer the index among nonlinear layers, or DOMAIN


@dataclass(frozen=True)
class Region:
    """One region of the partition, certified.

    Attributes
    ----------
    code : Code
        One tuple per nonlinear layer: the argmax piece of every unit.
    polytope : HPolytope
        The irredundant H-representation {x : A x <= b} of the region's closure
        (intersected with the domain); every row is a facet.
    labels : tuple
        For each row of ``polytope``, the tuple of labels that make it: ``(layer, unit)``
        pairs (layer = index among the nonlinear layers) or :data:`DOMAIN`.  Several
        labels mean coinciding boundaries (e.g. duplicated units).
    facet_points : tuple of QVector
        For each row, a rational point in the relative interior of its facet (certificate; not compared: engines may pick different points).
    witness : QVector
        A rational point strictly inside the region (certificate of full dimension; not compared).
    bounded : bool
    layers : tuple of MasoLayer
        The network's nonlinear layers in MASO form (shared by every region; not compared).
    out : AffineMap or None
        The affine map after the last nonlinear layer (not compared).

    The derived data below is computed from ``layers`` and ``code`` on first
    access and kept (it never enters equality):

    maps : tuple of AffineMap
        For each nonlinear layer l, the map ``x -> z^(l)(x)`` on the region.
    output_map : AffineMap
        The network's input-to-output map on the region.
    sites : tuple of PowerSite
        For each nonlinear layer l, the region's input-space power-diagram site
        (paper Theorem 2): centroid mu = G_l^T 1 and power weight
        rho = ||mu||^2 + 2 * 1^T h_l for the map x -> G_l x + h_l of the layer
        (:func:`exactpd.geometry.powerdiagram.map_site`).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> region = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3]
    >>> region.code, region.polytope.A, region.polytope.b, region.labels
    (((1, 1),), ((1, 0), (0, 1), (-1, 0), (0, -1)), (2, 2, 0, 0), (('domain',), ('domain',), ((0, 0),), ((0, 1),)))
    >>> region.sites[0]
    PowerSite(centroid=(Fraction(1, 1), Fraction(1, 1)), power_weight=Fraction(2, 1), code=(1, 1))
    >>> region.output_map
    AffineMap(G=((Fraction(1, 1), Fraction(1, 1)),), h=(Fraction(-1, 1),))
    """

    code: Code
    polytope: HPolytope
    labels: tuple
    facet_points: tuple = field(compare=False)  # certificates: engines may pick different points
    witness: QVector = field(compare=False)
    bounded: bool
    layers: tuple = field(default=(), repr=False, compare=False)
    out: AffineMap | None = field(default=None, repr=False, compare=False)

    @cached_property
    def maps(self) -> tuple:
        return layer_maps(self.layers, self.code)

    @cached_property
    def output_map(self) -> AffineMap:
        last = self.maps[-1] if self.maps else identity_map(len(self.witness))
        return last if self.out is None else compose(self.out, last)

    @cached_property
    def sites(self) -> tuple:
        return tuple(map_site(m, c) for m, c in zip(self.maps, self.code))

    def volume(self) -> Fraction | None:
        """The exact volume of the region (its area in 2-D), or None when it is unbounded (:func:`exactpd.kernel.measure.volume`).

        Returns
        -------
        Fraction or None

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> region = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3]
        >>> region.volume()
        Fraction(4, 1)
        """
        return volume(self.polytope) if self.bounded else None

    def area(self) -> Fraction | None:
        """The exact area of a region of a plane (None when it is unbounded); DimensionError in another dimension.

        Returns
        -------
        Fraction or None

        Raises
        ------
        DimensionError
            The region is not in the plane.

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> region = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3]
        >>> region.area()
        Fraction(4, 1)
        """
        if self.polytope.dim != 2:
            raise DimensionError(f"area: the region lives in R^{self.polytope.dim}; use volume()")
        return self.volume()

    def vertices(self) -> tuple[QVector, ...]:
        """The exact vertices of a bounded region in 2 or 3 dimensions (:func:`exactpd.kernel.polytope.vertices`).

        Returns
        -------
        tuple of tuple of Fraction
            Counter-clockwise in 2-D.

        Raises
        ------
        DimensionError
            Not in 2 or 3 dimensions.
        InvalidDomainError
            The region is unbounded.

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> region = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3]
        >>> [tuple(map(str, v)) for v in region.vertices()]
        [('2', '2'), ('0', '2'), ('0', '0'), ('2', '0')]
        """
        return vertices(self.polytope)

    def contains(self, x) -> bool:
        """Whether the point lies in the region's closure, decided exactly (:func:`exactpd.kernel.polytope.contains`).

        Parameters
        ----------
        x : point-like
            Of the input dimension.

        Returns
        -------
        bool

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> region = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3]
        >>> region.contains([1, 1]), region.contains([0, "1/2"]), region.contains([-1, 1])
        (True, True, False)
        """
        return contains(self.polytope, x)

    def as_float(self):
        """The region in float64 numpy arrays, for plotting (:func:`exactpd.enumeration.float_view.region_float`)."""
        return region_float(self)

    def __repr__(self) -> str:
        """``Region(code 110|01, 5 facets, bounded)`` (:func:`exactpd.enumeration.summary.region_repr`)."""
        return region_repr(self)

    def __str__(self) -> str:
        return region_description(self)

    def _repr_html_(self) -> str:
        return region_html(self)


class Deferred:
    """A certificate attribute an engine keeps in integers, made on first access and then kept (as functools.cached_property).

    A region (or edge) built by :func:`deferred_region` (:func:`~exactpd.enumeration.partition.deferred_edge`)
    holds ``(store, index)``; reading the attribute ``name`` calls ``store.name(index)`` once.
    An object built the usual way holds the attribute itself, which takes precedence.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        store, index = obj.__dict__["_deferred"]
        value = obj.__dict__[self.name] = getattr(store, self.name)(index)
        return value


Region.witness = Deferred("witness")
Region.facet_points = Deferred("facet_points")


def deferred_region(code: Code, polytope: HPolytope, labels: tuple, bounded: bool, layers: tuple, out, store, index: int) -> Region:
    """A :class:`Region` whose certificates, already proved, ``store`` makes on first access.

    ``store.witness(index)`` and ``store.facet_points(index)`` give them (the
    complex engine's :class:`~exactpd.enumeration.complex_certificates.CertificatePoints`);
    the compared fields are set at once, without the dataclass's checks.
    """
    region = object.__new__(Region)
    fields = {"code": code, "polytope": polytope, "labels": labels, "bounded": bounded, "layers": layers, "out": out, "_deferred": (store, index)}
    object.__setattr__(region, "__dict__", fields)
    return region


def build_region(
    layers: Sequence[MasoLayer],
    out: AffineMap | None,
    code: Code,
    polytope: HPolytope,
    labels: tuple,
    facet_points: tuple,
    witness: QVector,
    maps: tuple | None = None,
    bounded: bool | None = None,
) -> Region:
    """Assemble a :class:`Region`, checking its certificates exactly.

    ``polytope`` must be the irredundant representation; ``facet_points[i]`` must
    lie on row i and strictly inside every other row; ``witness`` strictly inside.
    Boundedness is derived here, and the maps, output map and sites on first
    access (the maps are kept when given); pass ``bounded=True`` only when it is already
    proved (the region lies in a bounded domain).  A failed check raises
    CertificationError.

    Parameters
    ----------
    layers : sequence of MasoLayer
        The network's nonlinear layers in MASO form.
    out : AffineMap or None
        The affine map after the last nonlinear layer.
    code : Code
        The region's code.
    polytope : HPolytope
        Its irredundant H-representation (within the domain).
    labels : tuple
        Per row, the labels that make it (see :class:`Region`).
    facet_points : tuple of QVector
        Per row, a point of the relative interior of its facet.
    witness : QVector
        A point strictly inside.
    maps : tuple of AffineMap, optional
        The per-layer maps, when already known.
    bounded : bool, optional
        True only when already proved; by default decided exactly here.

    Returns
    -------
    Region

    Raises
    ------
    CertificationError
        A facet point or the witness fails its exact check (a bug upstream).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> r = enumerate_regions(net, box([-2, -2], [2, 2])).regions[3]
    >>> again = build_region(r.layers, r.out, r.code, r.polytope, r.labels, r.facet_points, r.witness)
    >>> again == r, again.bounded
    (True, True)
    >>> build_region(r.layers, r.out, r.code, r.polytope, r.labels, r.facet_points, (Fraction(3), Fraction(1)))
    Traceback (most recent call last):
    ...
    exactpd.errors.CertificationError: region ((1, 1),): the witness (Fraction(3, 1), Fraction(1, 1)) is not strictly inside
    """
    if side(polytope, witness) is not Side.INSIDE:
        raise CertificationError(f"region {code}: the witness {witness} is not strictly inside")
    for i, point in enumerate(facet_points):
        slacks = [bj - dot(row, point) for row, bj in zip(polytope.A, polytope.b)]
        if slacks[i] != 0 or any(s <= 0 for j, s in enumerate(slacks) if j != i):
            raise CertificationError(f"region {code}: facet point {i} is not in the relative interior of its facet")
    region = Region(
        code=code,
        polytope=polytope,
        labels=labels,
        facet_points=facet_points,
        witness=witness,
        bounded=is_bounded(polytope) if bounded is None else bounded,
        layers=tuple(layers),
        out=out,
    )
    if maps is not None:  # already known: keep them instead of recomputing on first access
        region.__dict__["maps"] = tuple(maps)
    return region
