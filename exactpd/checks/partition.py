"""Checks of the results on the partition: Theorems 3, 4, 6 and 7 and eq. 20.

Theorem 3 rebuilds the partition layer by layer, Theorem 4 evaluates the
partition polynomial exactly at witnesses and facet points, Theorem 6 moves
one unit's piece and watches the sites, Theorem 7 counts the cost of locating
a point, and eq. 20 compares the distance formula with the nearest facet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from math import prod
from typing import Sequence

from exactpd.boundary.distance import boundary_distance, code_halfspaces, facet_distance
from exactpd.checks.context import CheckContext, MAX_SITES, difference, layer_inputs, n_sites, spread
from exactpd.checks.power import BRUTE_POINTS, pulled_back
from exactpd.checks.registry import Finding, holds_unless, not_applicable, register
from exactpd.enumeration import enumerate_regions
from exactpd.enumeration.partition import Partition
from exactpd.enumeration.region import DOMAIN
from exactpd.geometry.powerdiagram import chordale, input_power_diagram, layer_power_diagram, locate_network
from exactpd.kernel.polytope import HPolytope, area, facets, is_bounded, side
from exactpd.network.forward_pass import PointTrace, code_at, trace
from exactpd.network.layers import Network
from exactpd.network.maso import MasoLayer
from exactpd.rational import QVector, Side, dot, primitive_row, sign

__all__ = ["check_theorem_3", "check_theorem_4", "check_theorem_6", "check_theorem_7", "check_eq_20"]


# --------------------------------------------------------------------------- Theorem 3


def _truncated(net: Network, layers: Sequence[MasoLayer], n: int) -> Network:
    """The network made of the layers up to nonlinear layer ``n - 1``: its partition is Omega^(1..n)."""
    return Network(net.input_dim, net.layers[: layers[n - 1].source + 1])


def _cell_rows(layers: Sequence[MasoLayer], l: int, code) -> list[tuple[tuple[int, ...], int]]:
    """The cell of ``code[l]`` in layer l's input-space power diagram on the region of ``code[:l]``.

    The chordales between the code's site and the sites that differ in one
    unit (the other rows of the cell are implied, Theorem 1's factorisation).
    """
    diagram = input_power_diagram(layers, l, code)
    own = diagram.cell(code[l])
    rows = []
    for k, n_pieces in enumerate(layers[l].n_pieces):
        for s in range(n_pieces):
            if s == code[l][k]:
                continue
            neighbour = code[l][:k] + (s,) + code[l][k + 1 :]
            normal, offset = chordale(own, diagram.cell(neighbour))
            if any(normal):
                rows.append(primitive_row(normal, offset))
    return rows


def facet_rows(P: HPolytope) -> set:
    """The rows ``(a, b)`` of ``P`` that are facets (its irredundant rows, exact).

    Parameters
    ----------
    P : HPolytope

    Returns
    -------
    set of (tuple of int, int)

    Examples
    --------
    >>> from exactpd import box
    >>> sorted(facet_rows(box([0], [1])))
    [((-1,), 0), ((1,), 1)]
    """
    return {(P.A[i], P.b[i]) for i in facets(P)}


def _parent(level: Partition, parent_level: Partition | None, region, l: int, failures: list[str]) -> HPolytope | None:
    """The polytope of the region of Omega^(1..l) that holds ``region`` (the domain for l = 0), None if not exactly one."""
    if parent_level is None:
        return level.domain
    inside = [i for i, r in enumerate(parent_level.regions) if side(r.polytope, region.witness) is Side.INSIDE]
    index = parent_level.index_of(region.code[:l])
    if inside != [index]:
        failures.append(f"region {region.code} lies in regions {inside} of Omega^(1..{l})")
        return None
    return parent_level.regions[index].polytope


def _covers(level: Partition, parent_level: Partition | None, l: int, failures: list[str]) -> None:
    """In the plane: the children's exact areas add up to each parent's."""
    areas: dict = {}
    for region in level.regions:
        areas[region.code[:l]] = areas.get(region.code[:l], Fraction(0)) + area(region.polytope)
    parents = [((), level.domain)] if parent_level is None else [(r.code, r.polytope) for r in parent_level.regions]
    for key, polytope in parents:
        if areas.get(tuple(key)) != area(polytope):
            failures.append(f"the regions of Omega^(1..{l + 1}) in {key} do not cover it")


@register(
    "theorem-3",
    "Theorem 3, eq. 15",
    "Theorem 3 (eq. 15): the partition is built layer by layer; every region of Omega^(1..l) lies in exactly "
    "one region omega of Omega^(1..l-1) and equals omega intersected with its cell of layer l's input-space "
    "power diagram on omega (Theorem 2)",
)
def check_theorem_3(context: CheckContext) -> Finding:
    """Theorem 3 / eq. 15: Omega^(1..l) subdivides Omega^(1..l-1) by each region's own power diagram.

    The partitions of the truncated networks are enumerated; every region's
    facets are compared exactly with its parent cut by its power-diagram
    cell, and in the plane the children's areas add up to the parent's.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -1], "relu"), Dense([[1, -1]], [0], "relu")])
    >>> check_theorem_3(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split(";")[0]
    'Omega^(1..1): 4 regions, Omega^(1..2): 5 regions'
    """
    partition, layers = context.partition, context.layers
    net = partition.network
    if not layers:
        return not_applicable("the network has no nonlinear layer")
    truncated = [enumerate_regions(_truncated(net, layers, n), partition.domain, edges=False) for n in range(1, len(layers))]
    levels = truncated + [partition]
    failures: list[str] = []
    two_d = net.input_dim == 2 and is_bounded(partition.domain)
    for l, level in enumerate(levels):
        parent_level = levels[l - 1] if l else None
        for region in level.regions:
            parent = _parent(level, parent_level, region, l, failures)
            if parent is None:
                continue
            rows = _cell_rows(layers, l, region.code)
            A, b = parent.A + tuple(r for r, _ in rows), parent.b + tuple(c for _, c in rows)
            if facet_rows(HPolytope.from_primitive(A, b, dim=net.input_dim)) != set(zip(region.polytope.A, region.polytope.b)):
                failures.append(f"region {region.code} is not its parent cut by its power-diagram cell")
        if two_d:
            _covers(level, parent_level, l, failures)
    names = ", ".join(f"Omega^(1..{l + 1}): {len(level)} regions" for l, level in enumerate(levels))
    cover = "; the children's exact areas add up to each parent's" if two_d else ""
    evidence = f"{names}; each region is its parent intersected with its power-diagram cell (facets compared exactly){cover}"
    return holds_unless(failures, evidence)


# --------------------------------------------------------------------------- Theorem 4 (partition polynomial)


def cuts(layer: MasoLayer, k: int) -> bool:
    """Whether unit k's pieces are not all the same affine function of the layer input (it enters Pol, eq. 23).

    Parameters
    ----------
    layer : MasoLayer
    k : int

    Returns
    -------
    bool

    Examples
    --------
    >>> from exactpd import Dense, Network, maso_layers
    >>> layer, = maso_layers(Network(1, [Dense([[1], [0]], [0, 0], "relu")]))
    >>> cuts(layer, 0), cuts(layer, 1)
    (True, False)
    """
    return len(set(zip(layer.slopes[k], layer.offsets[k]))) > 1


def _factor_value(layer: MasoLayer, k: int, u: QVector, r: int) -> Fraction:
    """Unit k's factor of Pol at layer input u (``E_1 - E_0``, or the product of gaps from the winner r)."""
    values = [dot(a, u) + b for a, b in zip(layer.slopes[k], layer.offsets[k])]
    if len(values) == 2:
        return values[1] - values[0]
    return prod((values[r] - v for s, v in enumerate(values) if s != r), start=Fraction(1))


def polynomial_value(layers: Sequence[MasoLayer], t: PointTrace) -> Fraction:
    """The exact value of Pol_L (eq. 23) at a traced point.

    The units are those of :func:`exactpd.checks.symbolic.partition_polynomial`:
    every unit that :func:`cuts`, its factor being ``E_1 - E_0`` for two
    pieces and the product of the gaps from the winning piece otherwise.

    Parameters
    ----------
    layers : sequence of MasoLayer
    t : PointTrace

    Returns
    -------
    Fraction

    Examples
    --------
    >>> from exactpd import Dense, Network, maso_layers, trace
    >>> net = Network(1, [Dense([[1], [2]], [0, -1], "relu")])
    >>> polynomial_value(maso_layers(net), trace(net, [3]))
    Fraction(15, 1)
    """
    value = Fraction(1)
    for l, (layer, u) in enumerate(zip(layers, layer_inputs(t))):
        for k in range(layer.n_units):
            if cuts(layer, k):
                value *= _factor_value(layer, k, u, t.code[l][k])
    return value


@dataclass(frozen=True)
class RegionDegree:
    """The degree of the partition polynomial on one region (Theorem 4, errata E5).

    Attributes
    ----------
    degree : int
        The number of non-constant affine factors (the degree of Pol on the region).
    full : int
        The sum over cutting units of ``R_k - 1`` (``sum_l D(l)`` for two-piece units).
    zero : tuple
        The units ``(l, k)`` whose factor is identically 0 on the region.
    Examples
    --------
    >>> RegionDegree(2, 2, ()).degree == RegionDegree(2, 2, ()).full
    True

    """

    degree: int
    full: int
    zero: tuple


def region_degree(context: CheckContext, region) -> RegionDegree:
    """The :class:`RegionDegree` of one region of the context's partition, from its exact affine maps.

    Parameters
    ----------
    context : CheckContext
    region : Region

    Returns
    -------
    RegionDegree

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> part = enumerate_regions(Network(1, [Dense([[1], [0]], [0, 0], "relu")]), box([-1], [1]))
    >>> region_degree(CheckContext(part), part.regions[0])
    RegionDegree(degree=1, full=1, zero=())
    """
    degree, full, zero = 0, 0, []
    for l, layer in enumerate(context.layers):
        G = context.prior_map(region, l)
        for k in range(layer.n_units):
            if not cuts(layer, k):
                continue
            slopes, offsets, r = layer.slopes[k], layer.offsets[k], region.code[l][k]
            pairs = [(1, 0)] if len(slopes) == 2 else [(r, s) for s in range(len(slopes)) if s != r]
            full += len(pairs)
            for p, q in pairs:
                gap = difference(slopes[p], slopes[q])
                if any(pulled_back(G, gap)):
                    degree += 1
                elif dot(gap, G.h) + offsets[p] - offsets[q] == 0:
                    zero.append((l, k))
    return RegionDegree(degree, full, tuple(zero))


def _sympy_degree(net: Network, code) -> int | None:
    """The total degree of :func:`exactpd.checks.symbolic.region_polynomial` (None for the zero polynomial)."""
    import sympy

    from exactpd.checks.symbolic import region_polynomial, symbolic_vector

    x = symbolic_vector("x", net.input_dim)
    product = sympy.Poly(1, *x, domain="QQ")
    expression = region_polynomial(net, code, x)
    for factor in expression.args if expression.is_Mul else (expression,):
        product = product * sympy.Poly(factor, *x, domain="QQ")
    return None if product.is_zero else product.total_degree()


_SYMPY_REGIONS = 6
"""How many regions Theorem 4 expands with sympy."""


def _vanishes_on_facets(context: CheckContext, failures: list[str]) -> int:
    """Pol = 0 at every facet point of a unit boundary; returns how many points."""
    on_facets = 0
    for region in context.partition.regions:
        for point, labels in zip(region.facet_points, region.labels):
            if all(label == DOMAIN for label in labels):
                continue
            on_facets += 1
            if polynomial_value(context.layers, trace(context.network, point)) != 0:
                failures.append(f"Pol(facet point {point}) != 0")
    return on_facets


def _predicted_signs(context: CheckContext, values, degrees, failures: list[str]) -> int:
    """Pol's sign at each witness is (-1)^(units in piece 0), or Pol = 0 where a factor vanishes; returns the latter count."""
    layers, degenerate = context.layers, 0
    for region, value, info in zip(context.partition.regions, values, degrees):
        if info.zero:
            degenerate += 1
            if value != 0:
                failures.append(f"Pol is not 0 on region {region.code} where {info.zero} vanish")
            continue
        off = sum(
            1
            for l, layer in enumerate(layers)
            for k in range(layer.n_units)
            if cuts(layer, k) and len(layer.slopes[k]) == 2 and region.code[l][k] == 0
        )
        if value == 0 or sign(value) != (-1) ** off:
            failures.append(f"Pol(witness of {region.code}) = {value}, expected sign {(-1) ** off}")
    return degenerate


def _sign_flips(context: CheckContext, values, degrees, failures: list[str]) -> int:
    """Pol changes sign across every single-unit facet of a two-piece unit; returns how many facets."""
    flips = 0
    for edge in context.partition.edges:
        if len(edge.flips) != 1 or degrees[edge.u].zero or degrees[edge.v].zero:
            continue
        l, k = edge.flips[0]
        if len(context.layers[l].slopes[k]) != 2:
            continue
        flips += 1
        if sign(values[edge.u]) != -sign(values[edge.v]):
            failures.append(f"no sign flip across edge ({edge.u}, {edge.v})")
    return flips


def _sympy_degrees(context: CheckContext, degrees, failures: list[str]) -> int:
    """sympy's expansion has the counted degree on a few regions; returns how many."""
    regions = context.partition.regions
    step = max(1, len(regions) // _SYMPY_REGIONS)
    chosen = list(zip(regions, degrees))[::step][:_SYMPY_REGIONS]
    for region, info in chosen:
        if _sympy_degree(context.network, region.code) != (None if info.zero else info.degree):
            failures.append(f"sympy degree of region {region.code}")
    return len(chosen)


@register(
    "theorem-4",
    "Theorem 4, eq. 23 (degree corrected, E5)",
    "Theorem 4 (eq. 23): Pol_L(x) = prod_l prod_k h^(l)_k(x) (pre-activations; for R >= 3 pieces the gaps to the "
    "winning piece) vanishes on every boundary facet and nowhere inside a region on which no h^(l)_k is "
    "identically 0, where its sign is (-1)^(number of units in piece 0), so it flips across every single-unit "
    "facet; on each region it has degree = its number of non-constant factors, sum_l D(l) when none is constant (E5)",
)
def check_theorem_4(context: CheckContext) -> Finding:
    """Theorem 4 / eq. 23: the partition polynomial vanishes exactly on the boundaries; degree sum_l D(l) (E5).

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -1], "relu"), Dense([[1, -1]], [0])])
    >>> check_theorem_4(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    degrees = [region_degree(context, r) for r in context.partition.regions]
    failures: list[str] = []
    values = [polynomial_value(context.layers, t) for t in context.witness_traces]
    on_facets = _vanishes_on_facets(context, failures)
    degenerate = _predicted_signs(context, values, degrees, failures)
    flips = _sign_flips(context, values, degrees, failures)
    checked = _sympy_degrees(context, degrees, failures)
    full = [d for d in degrees if not d.zero]
    exact_degree = [d for d in full if d.degree == d.full]
    total = degrees[0].full if degrees else 0
    evidence = (
        f"Pol_L vanishes at all {on_facets} facet points of unit boundaries; at the witnesses of the "
        f"{len(full)} regions with no identically-zero factor it is non-zero with the predicted sign, and its sign "
        f"flips across all {flips} single-unit facets; degree {total} = sum_l D(l) on {len(exact_degree)} regions, "
        f"lower on {len(full) - len(exact_degree)} where a factor is constant (sympy expansion agrees on {checked} regions)"
    )
    if degenerate:
        evidence += (
            f"; Pol_L is identically 0 on {degenerate} regions where a pre-activation is identically 0 "
            "(a unit dead on the region: outside the theorem's hypothesis)"
        )
    return holds_unless(failures, evidence)


# --------------------------------------------------------------------------- Theorem 6, Theorem 7


def _moved_layer(layer: MasoLayer, k: int, piece: int) -> MasoLayer:
    """The layer with piece ``piece`` of unit k changed (slope + e_1, offset + 1)."""
    slope = layer.slopes[k][piece]
    unit_slopes = layer.slopes[k][:piece] + ((slope[0] + 1,) + tuple(slope[1:]),) + layer.slopes[k][piece + 1 :]
    unit_offsets = layer.offsets[k][:piece] + (layer.offsets[k][piece] + 1,) + layer.offsets[k][piece + 1 :]
    return replace(
        layer,
        slopes=layer.slopes[:k] + (unit_slopes,) + layer.slopes[k + 1 :],
        offsets=layer.offsets[:k] + (unit_offsets,) + layer.offsets[k + 1 :],
    )


@register(
    "theorem-6",
    "Theorem 6",
    "Theorem 6 (parameter sharing): changing the slope and offset of piece s of unit k moves exactly the sites "
    "whose code has r_k = s (prod_{j != k} R_j of the prod_j R_j sites); regions cannot be edited independently",
)
def check_theorem_6(context: CheckContext) -> Finding:
    """Theorem 6: changing one unit's piece moves exactly the sites whose code uses it (parameter sharing).

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -1], "relu"), Dense([[1, -1]], [0])])
    >>> check_theorem_6(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    'layer 1: each of 4 unit pieces moves exactly the 2 of 4 sites that use it'
    """
    failures, parts = [], []
    for l, (layer, base) in enumerate(zip(context.layers, context.sites)):
        if base is None:
            continue
        moved_counts = set()
        for k in range(layer.n_units):
            for piece in range(layer.n_pieces[k]):
                after = layer_power_diagram(_moved_layer(layer, k, piece)).sites()
                moved = {s.code for s, t in zip(base, after) if (s.centroid, s.power_weight) != (t.centroid, t.power_weight)}
                if moved != {s.code for s in base if s.code[k] == piece}:
                    failures.append(f"layer {l + 1}, unit {k}, piece {piece}")
                moved_counts.add(len(moved))
        counts = "/".join(map(str, sorted(moved_counts)))
        parts.append(f"layer {l + 1}: each of {sum(layer.n_pieces)} unit pieces moves exactly the {counts} of {len(base)} sites that use it")
    return holds_unless(failures, f"{'; '.join(parts) or 'no layer'}{context.skipped()}")


@register(
    "theorem-7",
    "Theorem 7, Lemma 4, eq. 29",
    "Theorem 7 (Lemma 4, eq. 29): locating x layer by layer unit by unit costs sum_l D(l) R D(l-1) multiply-adds "
    "instead of sum_l R^D(l) D(l-1) for the brute-force argmin over all sites, and both give the forward code",
)
def check_theorem_7(context: CheckContext) -> Finding:
    """Theorem 7 / Lemma 4: per-unit location equals the brute-force power-diagram search, with their costs.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -1], "relu"), Dense([[1, -1]], [0])])
    >>> check_theorem_7(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split("; ")[1]
    'multiply-adds per point: 8 (sum_l D(l) R D(l-1)) vs 8 (sum_l R^D(l) D(l-1)), ratio 1.0'
    """
    layers = context.layers
    fast_formula = sum(sum(layer.n_pieces) * layer.input_dim for layer in layers)
    brute_formula = sum(n_sites(layer) * layer.input_dim for layer in layers)
    brute = all(n_sites(layer) <= MAX_SITES for layer in layers)
    failures = []
    traces = context.traces
    slow = set(spread(range(len(traces)), BRUTE_POINTS // 4))  # the indices of the points also searched by brute force
    for index, t in enumerate(traces):
        fast = locate_network(layers, t.point)
        if fast.code != t.code or fast.operations != fast_formula:
            failures.append(f"fast location at {t.point}")
        if brute and index in slow:
            found = locate_network(layers, t.point, brute_force=True)
            if found.code != t.code or found.operations != brute_formula:
                failures.append(f"brute force at {t.point}")
    how = (
        f"fast location = forward code at {len(traces)} points, and = brute force at {len(slow)} of them"
        if brute
        else f"fast location = forward code at {len(traces)} points (brute force skipped: more than {MAX_SITES} sites)"
    )
    ratio = brute_formula / fast_formula if fast_formula else 0
    evidence = (
        f"{how}; multiply-adds per point: {fast_formula} (sum_l D(l) R D(l-1)) vs "
        f"{brute_formula} (sum_l R^D(l) D(l-1)), ratio {ratio:.1f}"
    )
    return holds_unless(failures, evidence)


# --------------------------------------------------------------------------- eq. 20


_STEP = Fraction(1, 1000)
"""Eq. 20's check steps ``1 -+ _STEP`` of the distance towards the nearest facet."""


def _eq_20_at(context: CheckContext, region, failures: list[str]) -> bool | None:
    """Eq. 20 at one region's witness: None when no unit bounds it, else whether the nearest facet is in the domain."""
    net, x = context.network, region.witness
    found = boundary_distance(net, x)
    if found is None:
        return None
    rows = code_halfspaces(context.layers, region.code)
    Q = HPolytope([normal for _, normal, _ in rows], [offset for _, _, offset in rows], dim=net.input_dim)
    nearest = min((b - dot(a, x)) ** 2 / dot(a, a) for a, b in facet_rows(Q))
    if nearest != found.squared_distance:
        failures.append(f"region {region.code}: eq. 20 gives {found.squared_distance}, the nearest facet {nearest}")
    direction = difference(found.foot, x)
    before = tuple(v + (1 - _STEP) * d for v, d in zip(x, direction))
    beyond = tuple(v + (1 + _STEP) * d for v, d in zip(x, direction))
    if code_at(net, before) != region.code or code_at(net, beyond) == region.code:
        failures.append(f"region {region.code}: stepping to the nearest facet")
    in_domain = facet_distance(region, x)
    return in_domain is not None and in_domain.squared_distance == found.squared_distance


@register(
    "eq-20",
    "eq. 20",
    "Eq. 20: d(x)^2 = min_{l, k} h^(l)_k(x)^2 / ||grad h^(l)_k(x)||^2 (pairwise gaps for R >= 3, zero gradients "
    "skipped) is the squared distance from x to the boundary of its region: it equals the squared distance to "
    "the nearest facet of the region (irredundant, exact), and moving 0.999 d towards that facet keeps the code "
    "while 1.001 d changes it",
)
def check_eq_20(context: CheckContext) -> Finding:
    """Eq. 20: ``min_k |h_k(x)| / ||grad h_k||`` is the exact distance from x to its region's boundary.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [1, 1]], [0, -1], "relu"), Dense([[1, -1]], [0])])
    >>> check_eq_20(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    failures: list[str] = []
    outcomes = [_eq_20_at(context, region, failures) for region in context.partition.regions]
    measured = [o for o in outcomes if o is not None]
    evidence = f"exact at the witnesses of {len(measured)} regions"
    clipped = measured.count(False)
    if clipped:
        evidence += f" ({clipped} of them have their nearest facet outside the domain)"
    return holds_unless(failures, evidence)
