"""The face poset of a partition: exact faces of every dimension (issue 14).

The closures of the regions of a partition over a bounded domain, with all
their faces, form a polyhedral complex: two closed regions meet in a common
face of both.  (Each unit cuts every cell it crosses along the zero set of one
continuous function, so a shared face is cut the same way from both sides;
:func:`face_poset` checks the consequence it relies on, that every
(D-1)-face lies in two regions or in one region and the domain's boundary.)
A face is therefore named by its set of vertices, the same from every region
that holds it.

When the complex engine made the partition (``partition.complex``, issue 11),
its exact vertices and region-facet incidences are used as they are.
Otherwise vertices are computed here, exactly: each is the unique solution of D linearly independent tight
facet rows of a region, found by walking the region's vertex-edge graph from
one vertex (every edge at a vertex is an extreme ray of its tangent cone, the
step along it a ratio test; a connected graph is walked whole, so no vertex is
missed).  The faces of a region are the intersections of its facets' vertex
sets: the facets of a k-face G are the inclusion-maximal proper nonempty sets
``G ∩ F`` over the facets F of the region.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from itertools import combinations
from operator import mul
from typing import Sequence

from exactpd.enumeration.partition import Partition
from exactpd.network.maso import integer_layer, maso_layers, output_map
from exactpd.errors import CertificationError, InvalidDomainError
from exactpd.kernel.polytope import HPolytope, is_bounded, side
from exactpd.kernel.simplex import independent_rows, solve_linear_system
from exactpd.rational import QVector, Side, common_denominator, integer_point

__all__ = ["Face", "FacePoset", "face_poset", "region_vertices", "BatchedPass", "batched_pass"]


@dataclass(frozen=True)
class Face:
    """One face of the polyhedral complex of a partition.

    Attributes
    ----------
    dim : int
        Its dimension, 0 (a vertex) to D (a region).
    vertices : tuple of int
        The indices (into :attr:`FacePoset.points`) of its vertices, sorted.
    facets : tuple of int
        The indices (into ``poset.faces[dim - 1]``) of its (dim-1)-faces; empty for a vertex.
    point : tuple of Fraction
        An exact point of its relative interior: the average of its vertices.
    regions : tuple of int
        The indices of the regions whose closure holds it (one region for a region).
    sign : tuple or None
        Its sign vector: for each nonlinear layer, for each unit, the tuple of
        the unit's pieces that attain the max on the face (read at ``point``, exactly);
        a unit is zero on the face (the face lies on its cut) when two or more
        pieces tie.  For relu, leaky_relu and abs units, ``(0,)`` is the
        negative side, ``(1,)`` the positive one, ``(0, 1)`` zero.  None when
        :func:`face_poset` was asked not to compute it.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> poset = face_poset(exactpd.enumerate_regions(ring, exactpd.box([-1], [1])))
    >>> poset.faces[1][0]
    Face(dim=1, vertices=(0, 2), facets=(0, 2), point=(Fraction(-1, 2),), regions=(0,), sign=(((0,),),))
    >>> poset.faces[0][2].sign  # the vertex 0 lies on the cut of unit (0, 0)
    (((0, 1),),)
    """

    dim: int
    vertices: tuple
    facets: tuple
    point: QVector
    regions: tuple
    sign: tuple | None

    @property
    def zero_units(self) -> tuple:
        """The units ``(layer, unit)`` zero on this face (layer = index among the nonlinear layers)."""
        if self.sign is None:
            return ()
        return tuple((l, k) for l, layer in enumerate(self.sign) for k, pieces in enumerate(layer) if len(pieces) > 1)


@dataclass(frozen=True)
class FacePoset:
    """Every face of a partition's polyhedral complex, by dimension.

    Attributes
    ----------
    partition : Partition
    points : tuple of QVector
        The exact coordinates of the vertices; ``faces[0][i]`` is vertex ``i``.
    faces : tuple of tuple of Face
        ``faces[k]`` holds the k-faces, k = 0..D; ``faces[D][i]`` is region ``i``.

    Examples
    --------
    >>> import exactpd
    >>> ring = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> poset = face_poset(exactpd.enumerate_regions(ring, exactpd.box([-1], [1])))
    >>> poset.points, [len(level) for level in poset.faces]
    (((Fraction(-1, 1),), (Fraction(1, 1),), (Fraction(0, 1),)), [3, 2])
    """

    partition: Partition
    points: tuple
    faces: tuple

    @property
    def dim(self) -> int:
        return len(self.faces) - 1

    @property
    def counts(self) -> tuple[int, ...]:
        """The number of faces of each dimension (the f-vector)."""
        return tuple(len(level) for level in self.faces)

    def euler_characteristic(self) -> int:
        """The alternating sum of the face counts: 1 for a convex domain.

        Returns
        -------
        int

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> poset = face_poset(part)
        >>> poset.counts, poset.euler_characteristic()
        ((9, 12, 4), 1)
        """
        return sum((-1) ** k * n for k, n in enumerate(self.counts))

    def cofaces(self, dim: int, index: int) -> tuple[int, ...]:
        """The (dim+1)-faces that have face ``(dim, index)`` as a facet.

        Parameters
        ----------
        dim : int
            The face's dimension.
        index : int
            Its index in ``faces[dim]``.

        Returns
        -------
        tuple of int
            Indices into ``faces[dim + 1]``; empty for a region.

        Examples
        --------
        >>> from exactpd import Dense, Network, box, enumerate_regions
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
        >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
        >>> poset = face_poset(part)
        >>> poset.cofaces(0, 0), poset.cofaces(2, 0)
        ((0, 1), ())
        """
        if dim >= self.dim:
            return ()
        return tuple(j for j, face in enumerate(self.faces[dim + 1]) if index in face.facets)


def region_vertices(polytope: HPolytope, start: QVector) -> dict[QVector, frozenset]:
    """The exact vertices of a bounded polytope given by irredundant rows, each with its tight rows.

    Parameters
    ----------
    polytope : HPolytope
        Bounded, full-dimensional, every row a facet.
    start : point
        A point of the polytope (a region's witness).

    Returns
    -------
    dict
        Vertex -> the frozenset of row indices tight there.

    Notes
    -----
    From ``start``, moving along directions of the null space of the rows made
    tight so far until a new row is hit reaches a vertex after D ratio tests.
    From each vertex, every edge leaves along an extreme ray of its tangent
    cone ``{d : a_i d <= 0, i tight}``: at a simple vertex the columns of
    ``-A_T^{-1}``; at a degenerate one, the nonzero solutions of D-1
    independent tight rows that satisfy the others.  The step along an edge is
    the exact ratio test; the vertex-edge graph of a polytope is connected, so
    the walk finds every vertex.

    Examples
    --------
    >>> from exactpd.kernel.polytope import HPolytope
    >>> P = HPolytope([[-1, 0], [0, -1], [1, 1]], [0, 0, 1])
    >>> sorted((tuple(map(str, v)), sorted(t)) for v, t in region_vertices(P, (Fraction(1, 4),) * 2).items())
    [(('0', '0'), [0, 1]), (('0', '1'), [0, 2]), (('1', '0'), [1, 2])]
    """
    A, b, dim = polytope.A, polytope.b, polytope.dim
    first = _first_vertex(A, b, dim, tuple(Fraction(v) for v in start))
    found = {first: _tight(A, b, first)}
    todo = [first]
    while todo:
        vertex = todo.pop()
        for ray in _edge_rays(A, found[vertex], dim):
            nxt = _step(A, b, vertex, ray)
            if nxt not in found:
                found[nxt] = _tight(A, b, nxt)
                todo.append(nxt)
    return found


def _tight(A, b, point) -> frozenset:
    X, den = integer_point(point)
    return frozenset(i for i, (row, beta) in enumerate(zip(A, b)) if beta * den == sum(map(mul, row, X)))


def _null_direction(rows: list, dim: int) -> QVector:
    """A nonzero d with ``rows d = 0`` (fewer than dim independent rows)."""
    for j in range(dim):
        unit = [1 if k == j else 0 for k in range(dim)]
        d = solve_linear_system(rows + [unit], [0] * len(rows) + [1])
        if d is not None:
            return d
    raise CertificationError("a rank-deficient system has no null vector: this is a bug in exactpd")


def _ratio(A, b, x, d) -> tuple[Fraction, int] | None:
    """The largest step t with ``A (x + t d) <= b`` and a row that stops it, or None (unbounded).

    In integers: with ``x = X / den`` and ``d = E / e``, row i allows
    ``t <= (b_i den - a_i X) e / (den a_i E)``; the fractions are compared by cross-multiplication.
    """
    X, den = integer_point(x)
    E, e = integer_point(d)
    best = None  # (numerator, denominator, row) of the smallest ratio
    for i, (row, beta) in enumerate(zip(A, b)):
        rate = sum(map(mul, row, E))
        if rate > 0:
            slack = beta * den - sum(map(mul, row, X))
            if best is None or slack * best[1] < best[0] * rate:
                best = (slack, rate, i)
    if best is None:
        return None
    return Fraction(best[0] * e, best[1] * den), best[2]


def _first_vertex(A, b, dim, x: QVector) -> QVector:
    tight: list = []
    while len(tight) < dim:
        d = _null_direction([A[i] for i in tight], dim)
        hit = _ratio(A, b, x, d)
        if hit is None:
            d = tuple(-v for v in d)
            hit = _ratio(A, b, x, d)
        if hit is None:
            raise InvalidDomainError("face_poset: a region is unbounded; faces need a bounded domain")
        t, i = hit
        x = tuple(u + t * v for u, v in zip(x, d))
        tight.append(i)
    return x


def _edge_rays(A, tight: frozenset, dim: int) -> list[QVector]:
    rows = sorted(tight)
    if len(rows) == dim:
        matrix = [A[i] for i in rows]
        return [solve_linear_system(matrix, [-1 if k == j else 0 for k in range(dim)], unique=True) for j in range(dim)]
    rays: dict[frozenset, QVector] = {}
    for subset in combinations(rows, dim - 1):
        if len(independent_rows(A, subset)) < dim - 1:
            continue
        d = _null_direction([A[i] for i in subset], dim)
        rates = {i: sum(map(mul, A[i], d)) for i in rows}
        if all(r >= 0 for r in rates.values()):
            d, rates = tuple(-v for v in d), {i: -r for i, r in rates.items()}
        if all(r <= 0 for r in rates.values()):
            rays.setdefault(frozenset(i for i, r in rates.items() if r == 0), d)
    return list(rays.values())


def _step(A, b, x, d) -> QVector:
    hit = _ratio(A, b, x, d)
    if hit is None:
        raise InvalidDomainError("face_poset: a region is unbounded; faces need a bounded domain")
    t = hit[0]
    return tuple(u + t * v for u, v in zip(x, d))


@dataclass(frozen=True)
class _Complex:
    """The bare complex: vertex coordinates, facet incidences by dimension, the vertex set of each face."""

    points: tuple
    facets: tuple  # facets[k][i]: indices of (k-1)-faces
    vertex_sets: tuple  # vertex_sets[k][i]: frozenset of vertex indices

    @cached_property
    def regions(self) -> tuple:
        """``regions[k][i]``: the sorted indices of the regions that hold face (k, i) (:func:`_holders`)."""
        return _holders(self.facets)


def _build(partition: Partition) -> _Complex:
    """The polyhedral complex of a partition over a bounded domain (see the module docstring)."""
    if not (_bounded_by_axis_rows(partition.domain) or is_bounded(partition.domain)):
        raise InvalidDomainError(
            "face_poset: the domain is unbounded; faces need a bounded domain (a box); for the topology "
            "over all of R^D give no domain (exactpd topology NET) or pass the network to decision_complex"
        )
    if partition.complex is not None and partition.network.input_dim == 2:
        return _plane_complex(partition.complex)
    if partition.complex is not None and partition.network.input_dim == 3:
        return _solid_complex(partition.complex)
    return _walked_complex(partition)


def _walked_complex(partition: Partition) -> _Complex:
    """The complex found face by face, from each region's facets down (every dimension; vertices walked when no engine complex)."""
    dim = partition.network.input_dim
    index_of_point: dict[QVector, int] = {}
    points: list[QVector] = []
    facets: list[list] = [[] for _ in range(dim + 1)]
    vertex_sets: list[list] = [[] for _ in range(dim + 1)]
    known: list[dict] = [{} for _ in range(dim + 1)]
    engine_complex = partition.complex
    if engine_complex is not None:  # the complex engine's exact vertices and region-facet incidence
        points.extend(engine_complex.vertices)
        for v in range(len(points)):
            known[0][frozenset((v,))] = v
            vertex_sets[0].append(frozenset((v,)))
            facets[0].append(())
    for r, region in enumerate(partition):
        if engine_complex is not None:
            local = engine_complex.region_vertices[r]
            region_facets = [frozenset(f) for f in engine_complex.region_facets[r]]
        else:
            local, region_facets = _region_faces(region, index_of_point, points, known, vertex_sets, facets)
        vertex_sets[dim].append(frozenset(local))
        facets[dim].append(tuple(_face(G, dim - 1, region_facets, known, facets, vertex_sets) for G in region_facets))
    return _Complex(tuple(points), tuple(tuple(level) for level in facets), tuple(tuple(level) for level in vertex_sets))


def _holders(facets: Sequence) -> tuple:
    """Per dimension, per face, the sorted indices of the regions that hold it: a face's are its cofaces' together."""
    dim = len(facets) - 1
    regions: list[list] = [[set() for _ in level] for level in facets]
    regions[dim] = [{r} for r in range(len(facets[dim]))]
    for k in range(dim, 0, -1):
        below = regions[k - 1]
        for holders, cell in zip(regions[k], facets[k]):
            for t in cell:
                below[t] |= holders
    return tuple(tuple(tuple(sorted(rs)) for rs in level) for level in regions)


def _plane_complex(engine_complex) -> _Complex:
    """The complex of a 2-D partition from the complex engine's region-facet incidence, with no search.

    In the plane a region's facets are its edges: each facet row's vertex set has
    two vertices (else the regions do not meet face to face), and the edges are
    numbered in order of first sight, region by region and row by row, as
    :func:`_walked_complex` numbers them, so both give the same complex.
    """
    points = tuple(engine_complex.vertices)
    edge_of: dict[tuple, int] = {}
    region_edges = []
    for rows in engine_complex.region_facets:
        own = []
        for facet in rows:
            if len(facet) != 2:
                raise CertificationError(f"an edge with {len(facet)} vertices: the regions do not form a polyhedral complex")
            pair = (min(facet), max(facet))
            e = edge_of.get(pair)
            if e is None:
                e = edge_of[pair] = len(edge_of)
            own.append(e)
        region_edges.append(tuple(own))
    edges = tuple(edge_of)  # in order of first sight
    return _Complex(
        points,
        (tuple(() for _ in points), edges, tuple(region_edges)),
        (tuple(frozenset((v,)) for v in range(len(points))), tuple(frozenset(e) for e in edges),
         tuple(frozenset(vertices) for vertices in engine_complex.region_vertices)),
    )


def _solid_complex(engine_complex) -> _Complex:
    """The complex of a 3-D partition from the complex engine's region facets and edges, with no search.

    The 2-faces are the regions' facets; the edges of a 2-face G are the
    complex's edges with both ends in G (such an edge lies in G, convex, and a
    face of the complex meeting G's relative interior would contain G, so it
    lies on G's boundary: it is an edge of G).  Faces are numbered in order of
    first sight, a 2-face's edges in the order of their sorted vertex pairs, as
    :func:`_walked_complex` numbers them, so both give the same complex.
    """
    points = tuple(engine_complex.vertices)
    around: list[list] = [[] for _ in points]
    for a, b in engine_complex.edges:
        around[a].append(b)
    edge_of: dict[tuple, int] = {}
    face_of: dict[frozenset, int] = {}
    face_edges: list[tuple] = []
    region_faces = []
    for rows in engine_complex.region_facets:
        own = []
        for facet in rows:
            G = frozenset(facet)
            f = face_of.get(G)
            if f is None:
                f = face_of[G] = len(face_of)
                pairs = sorted((a, b) for a in G for b in around[a] if b in G)
                face_edges.append(tuple(edge_of.setdefault(pair, len(edge_of)) for pair in pairs))
            own.append(f)
        region_faces.append(tuple(own))
    edges = tuple(edge_of)  # in order of first sight
    return _Complex(
        points,
        (tuple(() for _ in points), edges, tuple(face_edges), tuple(region_faces)),
        (tuple(frozenset((v,)) for v in range(len(points))), tuple(frozenset(e) for e in edges), tuple(face_of),
         tuple(frozenset(vertices) for vertices in engine_complex.region_vertices)),
    )


def _bounded_by_axis_rows(P: HPolytope) -> bool:
    """Whether P has, for every coordinate k, a row ``c x_k <= beta`` with c > 0 and one with c < 0 (then P is bounded)."""
    sides = set()
    for row in P.A:
        nonzero = [(k, v) for k, v in enumerate(row) if v]
        if len(nonzero) == 1:
            sides.add((nonzero[0][0], nonzero[0][1] > 0))
    return len(sides) == 2 * P.dim


def _region_faces(region, index_of_point, points, known, vertex_sets, facets):
    """The global indices of a region's vertices (registering new ones) and the vertex set of each facet row."""
    local = {}
    for vertex, tight in region_vertices(region.polytope, region.witness).items():
        v = index_of_point.get(vertex)
        if v is None:
            v = index_of_point[vertex] = len(points)
            points.append(vertex)
            known[0][frozenset((v,))] = v
            vertex_sets[0].append(frozenset((v,)))
            facets[0].append(())
        local[v] = tight
    return local, [frozenset(v for v, t in local.items() if i in t) for i in range(region.polytope.n_rows)]


def _face(G: frozenset, k: int, region_facets, known, facets, vertex_sets) -> int:
    """The index of the k-face with vertex set G, registering it (and its faces) on first sight."""
    index = known[k].get(G)
    if index is not None:
        return index
    if k == 0:
        raise CertificationError("a 0-face with more than one vertex: the regions do not form a polyhedral complex")
    if k == 1:
        if len(G) != 2:
            raise CertificationError(f"an edge with {len(G)} vertices: the regions do not form a polyhedral complex")
        sub = [frozenset((v,)) for v in sorted(G)]
    else:
        candidates = {G & F for F in region_facets if not G <= F}
        candidates.discard(frozenset())
        sub = sorted((c for c in candidates if not any(c < other for other in candidates)), key=sorted)
    index = known[k][G] = len(vertex_sets[k])
    vertex_sets[k].append(G)
    facets[k].append(None)
    facets[k][index] = tuple(_face(H, k - 1, region_facets, known, facets, vertex_sets) for H in sub)
    return index


def face_poset(partition: Partition, signs: bool = True) -> FacePoset:
    """The faces of every dimension of a partition over a bounded domain, exactly.

    Parameters
    ----------
    partition : Partition
        From :func:`exactpd.enumerate_regions` over a bounded domain (a box).
    signs : bool
        Compute each face's sign vector (one exact integer forward pass per face).

    Returns
    -------
    FacePoset
        ``poset.faces[k]`` the k-faces (k = 0..D) with their vertices, facets,
        relative-interior points, regions and sign vectors;
        ``poset.faces[D][i]`` is region ``partition[i]``.

    Raises
    ------
    InvalidDomainError
        A region is unbounded (the domain is not bounded).
    CertificationError
        The regions do not meet face to face (a bug: see the module docstring).

    Notes
    -----
    The checks made here: every edge has two vertices, and every (D-1)-face
    lies in exactly two regions, or in one region and on the domain's
    boundary.  With them, the alternating sum of the face counts is the Euler
    characteristic of the domain (1 for a box).

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(2, [exactpd.Dense([[1, 0], [0, 1]], [0, 0], "relu"), exactpd.Dense([[1, 1]], [0])])
    >>> poset = face_poset(exactpd.enumerate_regions(net, exactpd.box([-1, -1], [1, 1])))
    >>> poset.counts, poset.euler_characteristic()
    ((9, 12, 4), 1)
    >>> origin = next(f for f in poset.faces[0] if f.point == (0, 0))
    >>> origin.sign, origin.zero_units, len(origin.regions)
    ((((0, 1), (0, 1)),), ((0, 0), (0, 1)), 4)
    """
    cx = _build(partition)
    dim = len(cx.facets) - 1
    points = [_average([cx.points[v] for v in vertices]) for level in cx.vertex_sets for vertices in level]
    sign_vectors = batched_pass(partition.network, points).signs if signs else [None] * len(points)
    ridge = dim - 1
    offset = sum(len(level) for level in cx.vertex_sets[:ridge])
    for i, holders in enumerate(cx.regions[ridge]):
        inner = side(partition.domain, points[offset + i]) is Side.INSIDE
        if len(holders) != (2 if inner else 1):
            raise CertificationError(
                f"face_poset: a ({ridge})-face at {points[offset + i]} lies in {len(holders)} regions: "
                "the regions do not meet face to face"
            )
    faces, position = [], 0
    for k, level in enumerate(cx.vertex_sets):
        row = []
        for i, vertices in enumerate(level):
            point, sign = points[position], sign_vectors[position]
            position += 1
            row.append(Face(k, tuple(sorted(vertices)), cx.facets[k][i], point, cx.regions[k][i], sign))
        faces.append(tuple(row))
    return FacePoset(partition, cx.points, tuple(faces))


@dataclass(frozen=True)
class BatchedPass:
    """The exact forward pass of many points at once (:func:`batched_pass`).

    Attributes
    ----------
    signs : list of tuple or None
        Per point, its sign vector (as :attr:`Face.sign`): per nonlinear
        layer, per unit, the pieces that attain the unit's max there.
    outputs : list of QVector
        Per point, the exact network output.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(1, [exactpd.Dense([[1]], [0], "abs"), exactpd.Dense([[1]], ["-1/2"])])
    >>> batched_pass(net, [(Fraction(-1),), (Fraction(0),)])
    BatchedPass(signs=[(((0,),),), (((0, 1),),)], outputs=[(Fraction(1, 2),), (Fraction(-1, 2),)])
    """

    signs: list
    outputs: list


def batched_pass(network, points: Sequence[QVector], signs: bool = True) -> BatchedPass:
    """The sign vectors and outputs of a network at many exact points, in one integer pass.

    Parameters
    ----------
    network : Network
        The network.
    points : sequence of QVector
        Exact points (Fractions) of its input space.
    signs : bool, default True
        Also the sign vectors (else ``signs`` is None).

    Returns
    -------
    BatchedPass

    Notes
    -----
    Each point is written ``X / den`` over integers (:func:`~exactpd.rational.integer_point`);
    through each MASO layer (:func:`~exactpd.network.maso.integer_layer`: pieces
    ``A[k][r] = slopes[k][r] / layer.den``), the pieces of a unit are the integers
    ``slopes[k][r] . X + offsets[k][r] den`` over the positive ``den * layer.den``,
    so their order, their max and the ties are read in integers (paper eq. 1).
    All points go through one numpy product of object arrays (Python integers,
    exact) per group of units with as many pieces; the output map is applied the same way.

    Examples
    --------
    >>> import exactpd
    >>> net = exactpd.Network(2, [exactpd.Dense([[1, 0], [0, 1]], [0, 0], "relu"), exactpd.Dense([[1, 1]], ["-1/2"])])
    >>> batched_pass(net, [(Fraction(1), Fraction(0))]).outputs
    [(Fraction(1, 2),)]
    """
    import numpy as np

    n = len(points)
    pairs = [integer_point(p) for p in points]
    X = np.array([x for x, _ in pairs], dtype=object).reshape(n, -1)
    den = np.array([d for _, d in pairs], dtype=object)
    per_layer = []
    for layer in (integer_layer(m) for m in maso_layers(network)):
        X, ties = _layer_pass(layer, X, den, signs)
        den = den * layer.den
        per_layer.append(ties)
    sign_vectors = [tuple(ties[v] for ties in per_layer) for v in range(n)] if signs else None
    final = output_map(network)
    if final is not None:
        q = common_denominator([a for row in final.G for a in row] + list(final.h))
        G = np.array([[(a * q).numerator for a in row] for row in final.G], dtype=object).reshape(len(final.h), -1)
        h = np.array([(c * q).numerator for c in final.h], dtype=object)
        X = X.dot(G.T) + den[:, None] * h[None, :]
        den = den * q
    outputs = [tuple(Fraction(int(a), int(d)) for a in row) for row, d in zip(X.tolist(), den.tolist())]
    return BatchedPass(sign_vectors, outputs)


def _layer_pass(layer, X, den, signs: bool) -> tuple:
    """One MASO layer on the integer points ``X / den`` (rows): the layer's integer outputs and each point's tie sets (None without ``signs``)."""
    import numpy as np

    n, n_units = X.shape[0], len(layer.slopes)
    Z = np.empty((n, n_units), dtype=object)
    ties = [[None] * n_units for _ in range(n)] if signs else None
    groups: dict[int, list] = {}
    for k, rows in enumerate(layer.slopes):
        groups.setdefault(len(rows), []).append(k)
    for n_pieces, units in groups.items():
        S = np.array([row for k in units for row in layer.slopes[k]], dtype=object).reshape(len(units) * n_pieces, -1)
        c = np.array([v for k in units for v in layer.offsets[k]], dtype=object)
        values = (X.dot(S.T) + den[:, None] * c[None, :]).reshape(n, len(units), n_pieces)
        best = values.max(axis=2)
        Z[:, units] = best
        if ties is None:
            continue
        codes = ((values == best[:, :, None]).astype(np.int64) << np.arange(n_pieces, dtype=np.int64)).sum(axis=2)
        named = [tuple(r for r in range(n_pieces) if code >> r & 1) for code in range(1 << n_pieces)]
        for v, row in enumerate(codes.tolist()):
            for k, code in zip(units, row):
                ties[v][k] = named[code]
    return Z, None if ties is None else [tuple(row) for row in ties]


def _average(points: Sequence[QVector]) -> QVector:
    n = len(points)
    return tuple(sum(column, Fraction(0)) / n for column in zip(*points))
