"""The exact polyhedral complex of a partition: vertices, edges, and each region's vertices and facets.

:func:`polyhedral_complex` (or ``enumerate_regions(..., engine="complex").complex``)
returns a :class:`PolyhedralComplex`, the data the complex engine
(:mod:`exactpd.enumeration.complex_engine`) builds while it cuts:

- ``vertices``: exact rational points (``QVector``), every 0-face of the
  partition inside the domain (for ``domain=None``: inside the artificial box
  of the engine, see below);
- ``edges``: pairs ``(i, j)``, ``i < j``, of vertex indices, every 1-face;
- ``region_vertices[r]``: the vertex indices of region ``r`` (the order of
  :attr:`Partition.regions`), ascending;
- ``region_facets[r][i]``: the vertex indices of the facet on row ``i`` of
  ``partition[r].polytope`` (the same order as its rows and labels);
- ``vertex_hyperplanes[v]``: the labels of the hyperplanes through vertex v:
  ``(layer, unit)`` for a unit whose boundary passes through it,
  ``("domain", i)`` for domain row i, ``("box", i)`` for a row of the
  artificial box.

Every face of the complex is recovered from these: within a region, the face
of a set S of its facets is the set of the region's vertices lying on every
facet of S (a vertex lies on facet i iff it is in ``region_facets[r][i]``), and
its dimension is D minus the rank of S's rows.  Faces shared between regions
are the same vertex sets (the complex is face to face).  :meth:`sign_vectors`
gives each vertex's sign vector (zeros included) over the network's units.

With ``domain=None`` the engine works inside the box ``[-M-1, M+1]^D`` proved to
meet every face of the partition (the module doc of
:mod:`exactpd.enumeration.complex_engine`); the complex returned is the one of
the partition restricted to that box: the vertices on the box's boundary
(their hyperplanes include a ``("box", i)`` label) are artefacts of the box,
every other vertex is a true vertex of the partition.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

import numpy as np
__all__ = ["PolyhedralComplex", "face_counts", "polyhedral_complex"]


class PolyhedralComplex:
    """Exact vertices, edges, region-vertex and region-facet incidence of a partition (see the module doc).

    Built by the complex engine; every attribute is derived on first access
    from the engine's arrays and kept.

    Attributes
    ----------
    dim : int
        D, the dimension of the input space.
    vertices : tuple of QVector
        Exact vertex coordinates.
    edges : tuple of (int, int)
        Every edge (1-face) as ``(i, j)``, ``i < j``, sorted.
    region_vertices : tuple of tuple of int
        For each region (partition order), its vertex indices, ascending.
    region_facets : tuple
        For each region, for each row of its polytope, the vertex indices of that facet.
    vertex_hyperplanes : tuple
        For each vertex, the labels of the hyperplanes through it.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> from exactpd.kernel.polytope import box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [0])])
    >>> cx = polyhedral_complex(net, box([-1, -1], [1, 1]))
    >>> len(cx.vertices), len(cx.edges), len(cx.region_vertices)   # V - E + F = 9 - 12 + 4 = 1
    (9, 12, 4)
    >>> cx.vertices[cx.region_vertices[0][0]]
    (Fraction(-1, 1), Fraction(-1, 1))
    >>> cx.face_counts()
    (9, 12, 4)
    """

    def __init__(self, run, order: tuple, facet_vertices: tuple) -> None:
        self._run, self._order, self._facets = run, order, facet_vertices

    def __repr__(self) -> str:
        return f"PolyhedralComplex(dim={self.dim}, {len(self._run.cells.X)} vertices, {len(self._run.cells.edges)} edges, {len(self._order)} regions)"

    @property
    def dim(self) -> int:
        return self._run.cells.dim

    @cached_property
    def vertices(self) -> tuple:
        """Exact vertex coordinates (``QVector``)."""
        return tuple(tuple(Fraction(v, x[-1]) for v in x[:-1]) for x in self._run.cells.X)

    @cached_property
    def edges(self) -> tuple:
        """Every edge as ``(i, j)``, ``i < j``, sorted."""
        pairs = np.sort(self._run.cells.edges, axis=1)
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        return tuple(map(tuple, pairs.tolist()))

    @cached_property
    def region_vertices(self) -> tuple:
        """For each region (partition order), its vertex indices, ascending."""
        cx = self._run.cells
        return tuple(tuple(cx.verts[cx.ptr[c] : cx.ptr[c + 1]].tolist()) for c in self._order)

    @property
    def region_facets(self) -> tuple:
        """For each region, for each row of its polytope, the vertex indices of that facet."""
        return self._facets

    @cached_property
    def vertex_hyperplanes(self) -> tuple:
        """For each vertex, the labels of the hyperplanes through it (module doc)."""
        run = self._run
        names = []
        for hid, label in enumerate(run.labels):
            if label == "box":
                names.append(("box", hid))
            elif label == "domain":
                names.append(("domain", hid - run.n_artificial))
            else:
                names.append(label)
        bits = np.unpackbits(run.cells.zero.view(np.uint8), axis=1, bitorder="little")[:, : len(names)]
        return tuple(tuple(names[h] for h in np.flatnonzero(row).tolist()) for row in bits)

    def sign_vectors(self) -> tuple:
        """For every vertex, one tuple per nonlinear layer of the sign (-1, 0, 1) of each unit's ``E_1 - E_0`` there.

        Decided exactly (integers), with the affine forms of a region containing the vertex.

        Returns
        -------
        tuple
            Per vertex (in the complex's vertex order), per layer, a tuple of -1, 0 or 1.

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> part.complex.sign_vectors()[:3]
        (((-1, -1),), ((1, -1),), ((-1, 1),))
        """
        from exactpd.enumeration.complex_regions import vertex_sign_vectors

        return vertex_sign_vectors(self._run, self._order)

    def face_counts(self) -> tuple[int, ...]:
        """The number of faces of each dimension 0..D (:func:`face_counts`).

        Returns
        -------
        tuple of int

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> part.complex.face_counts()
        (9, 12, 4)
        """
        return face_counts(self)

    def euler_characteristic(self) -> int:
        """``f_0 - f_1 + f_2 - ...`` over the face counts of every dimension (1 for a partition of a polytope).

        Returns
        -------
        int

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> part.complex.euler_characteristic()
        1
        """
        return sum((-1) ** k * n for k, n in enumerate(face_counts(self)))


def face_counts(cx: PolyhedralComplex) -> tuple[int, ...]:
    """The number of faces of each dimension 0..D of the complex (exact ranks of tight rows).

    Faces are the distinct vertex sets ``{v in region : v on every facet of S}``
    over regions and sets S of facets; the dimension of a face is the affine
    dimension of its vertices (exact rank).

    Parameters
    ----------
    cx : PolyhedralComplex
        From :func:`polyhedral_complex` (or ``enumerate_regions(...).complex``).

    Returns
    -------
    tuple of int
        ``(f_0, f_1, ..., f_D)``: vertices, edges, ..., regions.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> face_counts(polyhedral_complex(net, box([-2, -2], [2, 2])))
    (9, 12, 4)
    """
    from exactpd.enumeration.complex_regions import affine_rank

    found: dict[frozenset, int] = {}
    for verts, facets in zip(cx.region_vertices, cx.region_facets):
        faces = {frozenset(verts)}
        frontier = [frozenset(verts)]
        while frontier:
            nxt = []
            for face in frontier:
                for facet in facets:
                    sub = face & frozenset(facet)
                    if sub and sub != face and sub not in faces:
                        faces.add(sub)
                        nxt.append(sub)
            frontier = nxt
        for face in faces:
            if face not in found:
                found[face] = affine_rank([cx.vertices[v] for v in face])
    counts = [0] * (cx.dim + 1)
    for face, rank in found.items():
        counts[rank] += 1
    return tuple(counts)


def polyhedral_complex(net, domain=None, *, device=None) -> PolyhedralComplex:
    """The exact polyhedral complex of ``net``'s partition inside ``domain`` (see the module doc).

    Same as ``enumerate_regions(net, domain, engine="complex").complex``.

    Parameters
    ----------
    net : Network
        A network whose units have two pieces (ReLU, leaky ReLU, abs).
    domain : HPolytope, optional
        As for :func:`~exactpd.enumeration.driver.enumerate_regions`.
    device : str or torch.device, optional
        Where the float filter runs (torch float64, e.g. "cpu", "cuda"); default numpy.

    Returns
    -------
    PolyhedralComplex
        The regions with their shared faces (vertices, edges, ...).

    Raises
    ------
    InvalidNetworkError
        A unit has more than two pieces (the complex engine cuts 2-piece units).
    InvalidDomainError
        The domain is not a polytope of the input dimension, or has no interior.
    InvalidOptionError
        ``device`` is not a device torch can use.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> polyhedral_complex(net, box([-2, -2], [2, 2]))
    PolyhedralComplex(dim=2, 9 vertices, 12 edges, 4 regions)
    """
    from exactpd.enumeration.driver import enumerate_regions

    return enumerate_regions(net, domain, engine="complex", edges=False, device=device).complex
