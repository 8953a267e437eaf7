"""Exact checks of the paper's results on a concrete network (``exactpd verify``).

Every lemma, theorem, proposition and numbered equation that applies to a
network is checked exactly on its partition (:func:`exactpd.enumerate_regions`),
and every erratum of the spec (E1-E11) is shown on it: printed form next to
the corrected one, with the evidence.  :func:`verify` runs them all; each
``check_<id>(partition)`` runs one and returns a :class:`CheckResult`.

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
for layers with at most :data:`MAX_SITES` sites and say so in their evidence
when a layer is larger.

Not applicable
--------------
A result whose hypotheses the network does not meet (Propositions 5-6 need
one hidden layer of two-piece units with orthogonal rows; Examples 1-2 and
Fig. 5 need constrained first-layer weights) is reported with
``holds = True`` and evidence starting with :data:`NOT_APPLICABLE`
(``"not applicable: ..."``); :attr:`CheckResult.applicable` tells them apart.
An erratum whose case does not occur on the network is shown on the spec's
own counter-example instead, computed with the same exact machinery.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import combinations
from math import comb, prod
from typing import Callable, Sequence


from exactpd.boundary.decision import DecisionBoundary, bend_degrees_float, decision_boundary
from exactpd.boundary.distance import boundary_distance, code_halfspaces, facet_distance
from exactpd.enumeration import enumerate_regions
from exactpd.network.forward_pass import PointTrace, code_at, trace
from exactpd.geometry.lifting import lifting_identity
from exactpd.network.maso import AffineMap, MasoLayer, identity_map, maso_layers, output_map
from exactpd.network.layers import Dense, Network
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import HPolytope, area, box, facets, is_bounded, side
from exactpd.geometry.powerdiagram import (
    PowerDiagram,
    PowerSite,
    chordale,
    combine_unit_diagrams,
    input_power_diagram,
    layer_power_diagram,
    locate_brute_force,
    locate_network,
    map_site,
    point_site,
    power_distance,
    site_offset,
    unit_power_diagram,
)
from exactpd.rational import QVector, Side, dot, primitive_row, sign
from exactpd.enumeration.region import DOMAIN

__all__ = [
    "MAX_SITES",
    "NOT_APPLICABLE",
    "CheckResult",
    "verify",
    "CHECKS",
    "check_lemma_1",
    "check_theorem_1",
    "check_lemma_5",
    "check_theorem_2",
    "check_lemma_7",
    "check_theorem_3",
    "check_theorem_4",
    "check_theorem_6",
    "check_theorem_7",
    "check_eq_20",
    "check_examples_1_2",
    "check_fig_5",
    "check_proposition_5",
    "check_proposition_6",
    "check_e1",
    "check_e2",
    "check_e3",
    "check_e4",
    "check_e5",
    "check_e6",
    "check_e7",
    "check_e8",
    "check_e9",
    "check_e10",
    "check_e11",
]

MAX_SITES = 4096
"""Layers with more sites than this skip the checks that visit every site."""

NOT_APPLICABLE = "not applicable: "
"""How the evidence of a result whose hypotheses the network does not meet begins."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes
    ----------
    id : str
        ``"lemma-1"``, ``"theorem-2"``, ``"eq-20"``, ``"e1"``, ... (see :data:`CHECKS`).
    statement : str
        What was checked, in exactpd's notation.
    holds : bool
        Whether it holds on the network (True for a result that does not
        apply; see :attr:`applicable`).
    evidence : str
        Counts, exact values, and for errata the printed and corrected forms.
    """

    id: str
    statement: str
    holds: bool
    evidence: str

    @property
    def applicable(self) -> bool:
        """False when the network does not meet the result's hypotheses (evidence starts with ``"not applicable: "``)."""
        return not self.evidence.startswith(NOT_APPLICABLE)

    def to_dict(self) -> dict:
        """``{"id", "statement", "holds", "evidence"}`` for JSON."""
        return {"id": self.id, "statement": self.statement, "holds": self.holds, "evidence": self.evidence}


# --------------------------------------------------------------------------- shared data, computed once per partition

_MEMO: dict[int, tuple[Partition, dict]] = {}
_MEMO_SIZE = 4


def _memo(partition: Partition, key: str, compute: Callable):
    """``compute()`` once per partition and key (the latest few partitions are kept)."""
    entry = _MEMO.get(id(partition))
    if entry is None or entry[0] is not partition:
        entry = (partition, {})
        _MEMO[id(partition)] = entry
        while len(_MEMO) > _MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
    if key not in entry[1]:
        entry[1][key] = compute()
    return entry[1][key]


def _layers(partition: Partition) -> tuple[MasoLayer, ...]:
    return _memo(partition, "layers", lambda: maso_layers(partition.network))


def _witness_traces(partition: Partition) -> list[PointTrace]:
    return _memo(partition, "witnesses", lambda: [trace(partition.network, r.witness) for r in partition.regions])


def _all_traces(partition: Partition) -> list[PointTrace]:
    """Traces at every witness and every distinct facet point."""

    def compute():
        seen = {r.witness for r in partition.regions}
        points = []
        for region in partition.regions:
            for point in region.facet_points:
                if point not in seen:
                    seen.add(point)
                    points.append(point)
        return _witness_traces(partition) + [trace(partition.network, p) for p in points]

    return _memo(partition, "traces", compute)


def _spread(items: Sequence, n: int) -> list:
    """At most n items, evenly spread over the sequence (all when it is short), in order."""
    if len(items) <= n:
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


_SAMPLE = 32
"""How many region witnesses the errata statistics (E2-E4, E11) use at most."""

_BRUTE_POINTS = 96
"""How many points the brute-force searches over every site (Theorems 1 and 7) use at most."""


def _inputs(point_trace: PointTrace) -> list[QVector]:
    """The input of every nonlinear layer at the traced point: x, z^(1), ..."""
    return [point_trace.point] + list(point_trace.outputs[:-1])


def _prior_map(region_or_trace, l: int, dim: int) -> AffineMap:
    """``x -> z^(l-1)(x)`` on the region (the identity for l = 0)."""
    return region_or_trace.maps[l - 1] if l else identity_map(dim)


def _decision(partition: Partition) -> DecisionBoundary | None:
    """The decision boundary (f = output, or logits (0, 1) with several outputs), None without an output."""

    def compute():
        out = output_map(partition.network)
        if out is None:
            return None
        return decision_boundary(partition, None if out.out_dim == 1 else (0, 1))

    return _memo(partition, "boundary", compute)


def _n_sites(layer: MasoLayer) -> int:
    return prod(layer.n_pieces)


def _sites(partition: Partition) -> list[list[PowerSite] | None]:
    """Every Theorem-1 site of every layer (None for a layer with more than MAX_SITES)."""
    return _memo(
        partition,
        "sites",
        lambda: [list(layer_power_diagram(layer).sites()) if _n_sites(layer) <= MAX_SITES else None for layer in _layers(partition)],
    )


def _candidates(sites: Sequence[PowerSite], sign_of_rho: int = 1) -> list[tuple[tuple, QVector, Fraction]]:
    """``(code, mu, ||mu||^2 - sign_of_rho * rho)`` per site, for :func:`_argmin` (``sign_of_rho = -1``: the printed ``+ b = +rho``)."""
    return [(s.code, s.centroid, dot(s.centroid, s.centroid) - sign_of_rho * s.power_weight) for s in sites]


def _argmin(candidates: Sequence[tuple[tuple, QVector, Fraction]], u: QVector) -> tuple:
    """The first code minimising the Laguerre distance ``||u - mu||^2 - rho = ||u||^2 - 2 <u, mu> + (||mu||^2 - rho)``."""
    best, best_value = None, None
    for code, centroid, constant in candidates:
        value = constant - 2 * dot(u, centroid)
        if best_value is None or value < best_value:
            best, best_value = code, value
    return best


def _diagram_candidates(diagram: PowerDiagram) -> list[tuple[tuple, QVector, Fraction]]:
    """:func:`_candidates` of every site of a factored diagram, built factor by factor.

    The site of a code sums its factors' centroids, and ``||mu||^2 - rho = -2 beta``
    with beta the sum of the factors' offsets (Lemma 5 / Theorem 1, as
    :class:`~exactpd.geometry.powerdiagram.PowerDiagram` builds its sites).
    """
    found = [((), None, Fraction(0))]
    for factor in diagram.factors:
        pieces = [(s.code, s.centroid, -2 * site_offset(s)) for s in factor]
        found = [
            (code + c, centroid if mu is None else tuple(p + q for p, q in zip(mu, centroid)), constant + k)
            for code, mu, constant in found
            for c, centroid, k in pieces
        ]
    return found


def _layer_candidates(partition: Partition) -> list:
    """:func:`_diagram_candidates` of every layer's Theorem-1 diagram (None for a layer with more than MAX_SITES)."""
    return _memo(
        partition,
        "candidates",
        lambda: [
            _diagram_candidates(layer_power_diagram(layer)) if _n_sites(layer) <= MAX_SITES else None
            for layer in _layers(partition)
        ],
    )


def _input_candidates(partition: Partition) -> list[list]:
    """Per region and layer, :func:`_candidates` of the Theorem-2 input-space diagram (None when too large)."""

    def compute():
        layers = _layers(partition)
        return [
            [
                _diagram_candidates(input_power_diagram(layers, l, region.code)) if _n_sites(layer) <= MAX_SITES else None
                for l, layer in enumerate(layers)
            ]
            for region in partition.regions
        ]

    return _memo(partition, "input candidates", compute)


def _skipped(layers: Sequence[MasoLayer]) -> str:
    big = [str(l + 1) for l, layer in enumerate(layers) if _n_sites(layer) > MAX_SITES]
    return f"; layers {', '.join(big)} skipped (more than {MAX_SITES} sites)" if big else ""


def _percent(good: int, total: int) -> str:
    return f"{good}/{total} ({100 * good / total:.1f} %)" if total else "0/0"


def _result(id: str, statement: str, failures: list[str], evidence: str) -> CheckResult:
    if failures:
        evidence = f"FAILED: {'; '.join(failures[:3])}{' ...' if len(failures) > 3 else ''}. {evidence}"
    return CheckResult(id, statement, not failures, evidence)


def _gt(G: AffineMap, v: Sequence[Fraction]) -> QVector:
    """``G^T v`` for the linear part of an affine map."""
    return tuple(dot(column, v) for column in zip(*G.G))


def _sub(u: Sequence[Fraction], v: Sequence[Fraction]) -> QVector:
    return tuple(a - b for a, b in zip(u, v))


def _parallel(u: Sequence, v: Sequence) -> bool:
    """Whether two non-zero vectors are parallel (exact)."""
    return all(u[i] * v[j] == u[j] * v[i] for i in range(len(u)) for j in range(i + 1, len(u)))


def _single_unit_edges(partition: Partition, layer: int):
    """The edges across which exactly one unit flips, that unit in ``layer``: (edge, unit)."""
    return [(e, e.flips[0][1]) for e in partition.edges if len(e.flips) == 1 and e.flips[0][0] == layer]


# --------------------------------------------------------------------------- Lemma 1, Theorem 1, Lemma 5


def check_lemma_1(partition: Partition) -> CheckResult:
    """Lemma 1: each unit's power diagram (sites A_{k,r}, ||A_{k,r}||^2 + 2 B_{k,r}) gives its argmax; lifting identity."""
    statement = (
        "Lemma 1: unit k partitions its input space u as the power diagram of the sites mu_r = A_{k,r}, "
        "rho_r = ||A_{k,r}||^2 + 2 B_{k,r}: argmin_r ||u - mu_r||^2 - rho_r = argmax_r <A_{k,r}, u> + B_{k,r}; "
        "and U(u) - E_{k,r}(u) = lambda(u; mu_r, rho_r) / 2 (lifting, eqs. 27-28)"
    )
    layers = _layers(partition)
    units = [[_candidates(list(unit_power_diagram(layer, k).sites())) for k in range(layer.n_units)] for layer in layers]
    failures, located, lifted = [], 0, 0
    traces = _all_traces(partition)
    for index, t in enumerate(traces):
        for l, (layer, u) in enumerate(zip(layers, _inputs(t))):
            for k, candidates in enumerate(units[l]):
                located += 1
                if _argmin(candidates, u) != (t.code[l][k],):
                    failures.append(f"unit ({l}, {k}) at {t.point}")
                if index < len(partition.regions):  # the lifting identity at the witnesses
                    r = t.code[l][k]
                    lifted += 1
                    gap, half = lifting_identity(layer.slopes[k][r], layer.offsets[k][r], u)
                    if gap != half:
                        failures.append(f"lifting of ({l}, {k}, {r}) at {t.point}")
    evidence = (
        f"{located} unit locations at {len(traces)} points (region witnesses and facet points) equal the "
        f"forward pass's argmax; {lifted} lifting identities exact at the witnesses"
    )
    return _result("lemma-1", statement, failures, evidence)


def _zaslavsky(layer: MasoLayer, dim: int) -> int | None:
    """``sum_{i <= D} C(K, i)`` for the cutting units of a two-piece layer, None if some unit has R >= 3."""
    if any(n > 2 for n in layer.n_pieces):
        return None
    cutting = sum(1 for a, b in zip(layer.slopes, layer.offsets) if len(a) == 2 and a[0] != a[1])
    return sum(comb(cutting, i) for i in range(dim + 1))


def check_theorem_1(partition: Partition) -> CheckResult:
    """Theorem 1: a layer's power diagram over all codes gives the layer's code; non-empty cells vs sites."""
    statement = (
        "Theorem 1: a layer partitions its input space as the power diagram with one site per code r: "
        "mu_r = sum_k A_{k,r_k}, rho_r = ||mu_r||^2 + 2 sum_k B_{k,r_k}; the argmin over all prod_k R_k sites "
        "is the forward code, and few of the sites have non-empty cells (layer 1, R = 2: at most "
        "sum_{i <= D} C(K, i), Zaslavsky)"
    )
    layers = _layers(partition)
    failures, located, parts = [], 0, []
    traces = _spread(_all_traces(partition), _BRUTE_POINTS)
    for l, layer in enumerate(layers):
        cells = len({r.code[l] for r in partition.regions}) if l == 0 else None
        if l == 0:
            bound = _zaslavsky(layer, partition.network.input_dim)
            note = f", at most {bound} by Zaslavsky" if bound is not None else ""
            if bound is not None and cells > bound:
                failures.append(f"layer 1 has {cells} cells, more than the bound {bound}")
            parts.append(f"layer 1: {_n_sites(layer)} sites, {cells} non-empty cells in the domain{note}")
        else:
            parts.append(f"layer {l + 1}: {_n_sites(layer)} sites")
        candidates = _layer_candidates(partition)[l]
        if candidates is None:
            continue
        for t in traces:
            located += 1
            if _argmin(candidates, _inputs(t)[l]) != t.code[l]:
                failures.append(f"layer {l + 1} at {t.point}")
    evidence = (
        f"{'; '.join(parts)}; the brute-force argmin over all sites equals the forward code in {located} "
        f"locations at {len(traces)} points{_skipped(layers)}"
    )
    return _result("theorem-1", statement, failures, evidence)


def check_lemma_5(partition: Partition) -> CheckResult:
    """Lemma 5: folding the unit diagrams two by two gives exactly the Theorem-1 sites."""
    statement = (
        "Lemma 5: two units' sites combine as mu_ij = mu_1i + mu_2j, rho_ij = rho_1i + rho_2j + 2 <A_1i, A_2j> "
        "(b = -rho: b_ij = b_1i + b_2j - 2 <A_1i, A_2j>); folding the units of a layer this way gives every "
        "Theorem-1 site"
    )
    layers = _layers(partition)
    failures, parts = [], []
    for l, layer in enumerate(layers):
        if _n_sites(layer) > MAX_SITES:
            continue
        folded = unit_power_diagram(layer, 0)
        for k in range(1, layer.n_units):
            folded = combine_unit_diagrams(folded, unit_power_diagram(layer, k))
        combined, direct = list(folded.sites()), _sites(partition)[l]
        if combined != direct:
            failures.append(f"layer {l + 1}")
        parts.append(f"layer {l + 1}: {len(direct)} sites equal")
    return _result("lemma-5", statement, failures, f"{'; '.join(parts) or 'no layer'}{_skipped(layers)}")


# --------------------------------------------------------------------------- Theorem 2, Lemma 7


def check_theorem_2(partition: Partition) -> CheckResult:
    """Theorem 2 (eqs. 31-32 corrected): the input-space power diagram of each layer on each region."""
    statement = (
        "Theorem 2 (eqs. 31-32, corrected E3): on a region omega where z^(l-1) = G x + h, layer l partitions the "
        "input space as the power diagram mu = G^T mu_r, rho = ||G^T mu_r||^2 + 2 <mu_r, h> + 2 beta_r; its argmin "
        "at the region's witness is the region's layer-l code, and its site is J^T 1 with "
        "lambda(x; mu, rho) = ||x||^2 - 2 * 1^T z^(l)(x)"
    )
    layers = _layers(partition)
    failures, n = [], 0
    for region, t, candidates in zip(partition.regions, _witness_traces(partition), _input_candidates(partition)):
        for l, layer in enumerate(layers):
            n += 1
            site = input_power_diagram(layers, l, region.code).cell(region.code[l])
            if candidates[l] is not None and _argmin(candidates[l], region.witness) != region.code[l]:
                failures.append(f"argmin at region {region.code}, layer {l + 1}")
            backprop = point_site(layers, region.witness, l)
            same = (site.centroid, site.power_weight) == (backprop.centroid, backprop.power_weight)
            same = same and (region.sites[l].centroid, region.sites[l].power_weight) == (site.centroid, site.power_weight)
            x = region.witness
            if not same or power_distance(x, site) != dot(x, x) - 2 * sum(t.outputs[l]):
                failures.append(f"site of region {region.code}, layer {l + 1}")
    evidence = (
        f"{n} (region, layer) pairs: the region's power-diagram argmin is its code, and eqs. 31-32 (corrected), "
        f"J^T 1 by backprop and the enumerated region's site agree exactly{_skipped(layers)}"
    )
    return _result("theorem-2", statement, failures, evidence)


def _lemma_7_offset(G: AffineMap, a: Sequence[Fraction], B: Fraction) -> Fraction:
    pulled = _gt(G, a)
    return -dot(pulled, pulled) - 2 * dot(a, G.h) - 2 * B


def check_lemma_7(partition: Partition) -> CheckResult:
    """Lemma 7: two units after x -> Gx + h, in the ``+ b`` convention, on every region and layer."""
    statement = (
        "Lemma 7: two units after x -> G x + h have the input-space sites mu_ij = G^T (A_1i + A_2j), "
        "b_ij = b_i + b_j - 2 <G^T A_1i, G^T A_2j> with b_i = -||G^T A_i||^2 - 2 <A_i, h> - 2 B_i, equal to "
        "-2 B - 2 A^T h - ||G^T A||^2 and to -rho of Theorem 2; argmin ||x - mu_ij||^2 + b_ij is the pair's code"
    )
    layers = _layers(partition)
    dim = partition.network.input_dim
    failures, n = [], 0
    for region in partition.regions:
        x = region.witness
        for l, layer in enumerate(layers):
            G = _prior_map(region, l, dim)
            diagram = input_power_diagram(layers, l, region.code)
            for k in range(layer.n_units - 1):
                n += 1
                pair = combine_unit_diagrams(PowerDiagram([diagram.factors[k]]), PowerDiagram([diagram.factors[k + 1]]))
                best, best_value = None, None
                for site in pair.sites():
                    i, j = site.code
                    a_i, a_j = layer.slopes[k][i], layer.slopes[k + 1][j]
                    B_i, B_j = layer.offsets[k][i], layer.offsets[k + 1][j]
                    b_ij = _lemma_7_offset(G, a_i, B_i) + _lemma_7_offset(G, a_j, B_j) - 2 * dot(_gt(G, a_i), _gt(G, a_j))
                    a = tuple(p + q for p, q in zip(a_i, a_j))
                    final = -2 * (B_i + B_j) - 2 * dot(a, G.h) - dot(_gt(G, a), _gt(G, a))
                    if not b_ij == final == -site.power_weight or _gt(G, a) != site.centroid:
                        failures.append(f"sites of units ({l}, {k}), ({l}, {k + 1}) on region {region.code}")
                    value = dot(_sub(x, site.centroid), _sub(x, site.centroid)) + b_ij
                    if best_value is None or value < best_value:
                        best, best_value = site.code, value
                if best != (region.code[l][k], region.code[l][k + 1]):
                    failures.append(f"argmin of units ({l}, {k}), ({l}, {k + 1}) on region {region.code}")
    evidence = f"{n} pairs of adjacent units on every region and layer: offsets and argmin exact"
    return _result("lemma-7", statement, failures, evidence)


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


def _facet_rows(P: HPolytope) -> set:
    return {(P.A[i], P.b[i]) for i in facets(P)}


def check_theorem_3(partition: Partition) -> CheckResult:
    """Theorem 3 / eq. 15: Omega^(1..l) subdivides Omega^(1..l-1) by each region's own power diagram."""
    statement = (
        "Theorem 3 (eq. 15): the partition is built layer by layer; every region of Omega^(1..l) lies in exactly "
        "one region omega of Omega^(1..l-1) and equals omega intersected with its cell of layer l's input-space "
        "power diagram on omega (Theorem 2)"
    )
    net = partition.network
    layers = _layers(partition)
    if not layers:
        return CheckResult("theorem-3", statement, True, NOT_APPLICABLE + "the network has no nonlinear layer")
    levels = [
        enumerate_regions(_truncated(net, layers, n), partition.domain, edges=False) for n in range(1, len(layers))
    ] + [partition]
    failures, counts = [], []
    two_d = net.input_dim == 2 and is_bounded(partition.domain)
    for l, level in enumerate(levels):
        counts.append(len(level))
        parent_level = levels[l - 1] if l else None
        areas: dict = {}
        for region in level.regions:
            if parent_level is None:
                parent = partition.domain
            else:
                inside = [i for i, r in enumerate(parent_level.regions) if side(r.polytope, region.witness) is Side.INSIDE]
                index = parent_level.index_of(region.code[:l])
                if inside != [index]:
                    failures.append(f"region {region.code} lies in regions {inside} of Omega^(1..{l})")
                    continue
                parent = parent_level.regions[index].polytope
            rows = _cell_rows(layers, l, region.code)
            cell = HPolytope.from_primitive(parent.A + tuple(r for r, _ in rows), parent.b + tuple(b for _, b in rows), dim=net.input_dim)
            if _facet_rows(cell) != set(zip(region.polytope.A, region.polytope.b)):
                failures.append(f"region {region.code} is not its parent cut by its power-diagram cell")
            if two_d:
                areas[region.code[:l]] = areas.get(region.code[:l], Fraction(0)) + area(region.polytope)
        if two_d:
            parents = [partition.domain] if parent_level is None else [r.polytope for r in parent_level.regions]
            keys = [()] if parent_level is None else [r.code for r in parent_level.regions]
            for key, polytope in zip(keys, parents):
                if areas.get(tuple(key)) != area(polytope):
                    failures.append(f"the regions of Omega^(1..{l + 1}) in {key} do not cover it")
    names = ", ".join(f"Omega^(1..{l + 1}): {n} regions" for l, n in enumerate(counts))
    cover = "; the children's exact areas add up to each parent's" if two_d else ""
    evidence = f"{names}; each region is its parent intersected with its power-diagram cell (facets compared exactly){cover}"
    return _result("theorem-3", statement, failures, evidence)


# --------------------------------------------------------------------------- Theorem 4 (partition polynomial)


def _cuts(layer: MasoLayer, k: int) -> bool:
    """Whether unit k's pieces are not all the same affine function of the layer input (it enters Pol)."""
    return len(set(zip(layer.slopes[k], layer.offsets[k]))) > 1


def _factor_value(layer: MasoLayer, k: int, u: QVector, r: int) -> Fraction:
    """Unit k's factor of Pol at layer input u (``E_1 - E_0``, or the product of gaps from the winner r)."""
    values = [dot(a, u) + b for a, b in zip(layer.slopes[k], layer.offsets[k])]
    if len(values) == 2:
        return values[1] - values[0]
    return prod((values[r] - v for s, v in enumerate(values) if s != r), start=Fraction(1))


def _polynomial_value(layers: Sequence[MasoLayer], t: PointTrace) -> Fraction:
    """The exact value of Pol_L (eq. 23, the units of :func:`exactpd.checks.symbolic.partition_polynomial`) at a traced point."""
    value = Fraction(1)
    for l, (layer, u) in enumerate(zip(layers, _inputs(t))):
        for k in range(layer.n_units):
            if _cuts(layer, k):
                value *= _factor_value(layer, k, u, t.code[l][k])
    return value


@dataclass(frozen=True)
class _RegionDegree:
    degree: int  # number of non-constant affine factors (degree of Pol on the region)
    full: int  # sum over cutting units of R_k - 1 (sum_l D(l) for two-piece units)
    zero: tuple  # units whose factor is identically 0 on the region


def _region_degree(layers: Sequence[MasoLayer], region, dim: int) -> _RegionDegree:
    degree, full, zero = 0, 0, []
    for l, layer in enumerate(layers):
        G = _prior_map(region, l, dim)
        for k in range(layer.n_units):
            if not _cuts(layer, k):
                continue
            slopes, offsets, r = layer.slopes[k], layer.offsets[k], region.code[l][k]
            pairs = [(1, 0)] if len(slopes) == 2 else [(r, s) for s in range(len(slopes)) if s != r]
            full += len(pairs)
            for p, q in pairs:
                difference = _sub(slopes[p], slopes[q])
                gradient = _gt(G, difference)
                if any(gradient):
                    degree += 1
                elif dot(difference, G.h) + offsets[p] - offsets[q] == 0:
                    zero.append((l, k))
    return _RegionDegree(degree, full, tuple(zero))


def _degrees(partition: Partition) -> list[_RegionDegree]:
    layers, dim = _layers(partition), partition.network.input_dim
    return _memo(partition, "degrees", lambda: [_region_degree(layers, r, dim) for r in partition.regions])


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


def check_theorem_4(partition: Partition) -> CheckResult:
    """Theorem 4 / eq. 23: the partition polynomial vanishes exactly on the boundaries; degree sum_l D(l) (E5)."""
    statement = (
        "Theorem 4 (eq. 23): Pol_L(x) = prod_l prod_k h^(l)_k(x) (pre-activations; for R >= 3 pieces the gaps to the "
        "winning piece) vanishes on every boundary facet and nowhere inside a region on which no h^(l)_k is "
        "identically 0, where its sign is (-1)^(number of units in piece 0), so it flips across every single-unit "
        "facet; on each region it has degree = its number of non-constant factors, sum_l D(l) when none is constant (E5)"
    )
    net = partition.network
    layers = _layers(partition)
    degrees = _degrees(partition)
    failures = []
    traces = _all_traces(partition)
    witnesses = traces[: len(partition.regions)]
    values = [_polynomial_value(layers, t) for t in witnesses]
    on_facets = 0
    for region in partition.regions:
        for point, labels in zip(region.facet_points, region.labels):
            if all(label == DOMAIN for label in labels):
                continue
            on_facets += 1
            if _polynomial_value(layers, trace(net, point)) != 0:
                failures.append(f"Pol(facet point {point}) != 0")
    degenerate = 0
    for region, value, info in zip(partition.regions, values, degrees):
        if info.zero:
            degenerate += 1
            if value != 0:
                failures.append(f"Pol is not 0 on region {region.code} where {info.zero} vanish")
            continue
        off = sum(1 for l, layer in enumerate(layers) for k in range(layer.n_units) if _cuts(layer, k) and len(layer.slopes[k]) == 2 and region.code[l][k] == 0)
        if value == 0 or sign(value) != (-1) ** off:
            failures.append(f"Pol(witness of {region.code}) = {value}, expected sign {(-1) ** off}")
    flips = 0
    for edge in partition.edges:
        if len(edge.flips) != 1 or degrees[edge.u].zero or degrees[edge.v].zero:
            continue
        l, k = edge.flips[0]
        if len(layers[l].slopes[k]) != 2:
            continue
        flips += 1
        if sign(values[edge.u]) != -sign(values[edge.v]):
            failures.append(f"no sign flip across edge ({edge.u}, {edge.v})")
    full = [d for d in degrees if not d.zero]
    exact_degree = [d for d in full if d.degree == d.full]
    step = max(1, len(partition.regions) // _SYMPY_REGIONS)
    checked = 0
    for region, info in list(zip(partition.regions, degrees))[::step][:_SYMPY_REGIONS]:
        checked += 1
        if _sympy_degree(net, region.code) != (None if info.zero else info.degree):
            failures.append(f"sympy degree of region {region.code}")
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
    return _result("theorem-4", statement, failures, evidence)


# --------------------------------------------------------------------------- Theorem 6, Theorem 7


def _moved_layer(layer: MasoLayer, k: int, piece: int) -> MasoLayer:
    """The layer with piece ``piece`` of unit k changed (slope + e_1, offset + 1)."""
    slope = layer.slopes[k][piece]
    new_slope = (slope[0] + 1,) + tuple(slope[1:])
    slopes = layer.slopes[:k] + (layer.slopes[k][:piece] + (new_slope,) + layer.slopes[k][piece + 1 :],) + layer.slopes[k + 1 :]
    offsets = layer.offsets[:k] + (layer.offsets[k][:piece] + (layer.offsets[k][piece] + 1,) + layer.offsets[k][piece + 1 :],) + layer.offsets[k + 1 :]
    return replace(layer, slopes=slopes, offsets=offsets)


def check_theorem_6(partition: Partition) -> CheckResult:
    """Theorem 6: changing one unit's piece moves exactly the sites whose code uses it (parameter sharing)."""
    statement = (
        "Theorem 6 (parameter sharing): changing the slope and offset of piece s of unit k moves exactly the sites "
        "whose code has r_k = s (prod_{j != k} R_j of the prod_j R_j sites); regions cannot be edited independently"
    )
    layers = _layers(partition)
    failures, parts = [], []
    for l, layer in enumerate(layers):
        if _n_sites(layer) > MAX_SITES:
            continue
        base = _sites(partition)[l]
        moved_counts = set()
        for k in range(layer.n_units):
            for piece in range(layer.n_pieces[k]):
                after = layer_power_diagram(_moved_layer(layer, k, piece)).sites()
                moved = {s.code for s, t in zip(base, after) if (s.centroid, s.power_weight) != (t.centroid, t.power_weight)}
                if moved != {s.code for s in base if s.code[k] == piece}:
                    failures.append(f"layer {l + 1}, unit {k}, piece {piece}")
                moved_counts.add(len(moved))
        parts.append(f"layer {l + 1}: each of {sum(layer.n_pieces)} unit pieces moves exactly the {'/'.join(map(str, sorted(moved_counts)))} of {len(base)} sites that use it")
    return _result("theorem-6", statement, failures, f"{'; '.join(parts) or 'no layer'}{_skipped(layers)}")


def check_theorem_7(partition: Partition) -> CheckResult:
    """Theorem 7 / Lemma 4: per-unit location equals the brute-force power-diagram search, with their costs."""
    statement = (
        "Theorem 7 (Lemma 4, eq. 29): locating x layer by layer unit by unit costs sum_l D(l) R D(l-1) multiply-adds "
        "instead of sum_l R^D(l) D(l-1) for the brute-force argmin over all sites, and both give the forward code"
    )
    layers = _layers(partition)
    dims = [layer.input_dim for layer in layers]
    fast_formula = sum(sum(layer.n_pieces) * d for layer, d in zip(layers, dims))
    brute_formula = sum(_n_sites(layer) * d for layer, d in zip(layers, dims))
    brute = all(_n_sites(layer) <= MAX_SITES for layer in layers)
    failures = []
    traces = _all_traces(partition)
    slow = set(id(t) for t in _spread(traces, _BRUTE_POINTS // 4))
    for t in traces:
        fast = locate_network(layers, t.point)
        if fast.code != t.code or fast.operations != fast_formula:
            failures.append(f"fast location at {t.point}")
        if brute and id(t) in slow:
            found = locate_network(layers, t.point, brute_force=True)
            if found.code != t.code or found.operations != brute_formula:
                failures.append(f"brute force at {t.point}")
    how = (
        f"fast location = forward code at {len(traces)} points, and = brute force at {len(slow)} of them"
        if brute
        else f"fast location = forward code at {len(traces)} points (brute force skipped: more than {MAX_SITES} sites)"
    )
    evidence = (
        f"{how}; multiply-adds per point: {fast_formula} (sum_l D(l) R D(l-1)) vs "
        f"{brute_formula} (sum_l R^D(l) D(l-1)), ratio {brute_formula / fast_formula if fast_formula else 0:.1f}"
    )
    return _result("theorem-7", statement, failures, evidence)


# --------------------------------------------------------------------------- eq. 20


_STEP = Fraction(1, 1000)


def check_eq_20(partition: Partition) -> CheckResult:
    """Eq. 20: min_k |h_k(x)| / ||grad h_k|| is the exact distance from x to its region's boundary."""
    statement = (
        "Eq. 20: d(x)^2 = min_{l, k} h^(l)_k(x)^2 / ||grad h^(l)_k(x)||^2 (pairwise gaps for R >= 3, zero gradients "
        "skipped) is the squared distance from x to the boundary of its region: it equals the squared distance to "
        "the nearest facet of the region (irredundant, exact), and moving 0.999 d towards that facet keeps the code "
        "while 1.001 d changes it"
    )
    net = partition.network
    layers = _layers(partition)
    failures, n, clipped = [], 0, 0
    for region in partition.regions:
        x = region.witness
        found = boundary_distance(net, x)
        if found is None:
            continue
        n += 1
        rows = code_halfspaces(layers, region.code)
        Q = HPolytope([normal for _, normal, _ in rows], [offset for _, _, offset in rows], dim=net.input_dim)
        nearest = min((b - dot(a, x)) ** 2 / dot(a, a) for a, b in _facet_rows(Q))
        if nearest != found.squared_distance:
            failures.append(f"region {region.code}: eq. 20 gives {found.squared_distance}, the nearest facet {nearest}")
        direction = _sub(found.foot, x)
        before = tuple(v + (1 - _STEP) * d for v, d in zip(x, direction))
        beyond = tuple(v + (1 + _STEP) * d for v, d in zip(x, direction))
        if code_at(net, before) != region.code or code_at(net, beyond) == region.code:
            failures.append(f"region {region.code}: stepping to the nearest facet")
        in_domain = facet_distance(region, x)
        if in_domain is None or in_domain.squared_distance != found.squared_distance:
            clipped += 1
    evidence = f"exact at the witnesses of {n} regions"
    if clipped:
        evidence += f" ({clipped} of them have their nearest facet outside the domain)"
    return _result("eq-20", statement, failures, evidence)


# --------------------------------------------------------------------------- Examples 1-2, Fig. 5


def _axis(v: Sequence[Fraction]) -> int | None:
    """The coordinate of a vector with one non-zero entry, -1 for the zero vector, None otherwise."""
    nonzero = [i for i, a in enumerate(v) if a != 0]
    return -1 if not nonzero else nonzero[0] if len(nonzero) == 1 else None


def _example_1(layer: MasoLayer) -> bool:
    """Every unit's pieces are zero or non-zero on one coordinate shared by the unit (Example 1 with E7's condition)."""
    for slopes in layer.slopes:
        axes = {_axis(a) for a in slopes} - {-1}
        if None in axes or len(axes) > 1:
            return False
    return True


def _example_2(layer: MasoLayer) -> bool:
    """Every unit has two proportional pieces, the non-zero ones with entries +-c (Example 2)."""
    for slopes in layer.slopes:
        if len(slopes) != 2:
            return False
        nonzero = [a for a in slopes if any(a)]
        if not nonzero or any(len({abs(v) for v in a}) != 1 for a in nonzero):
            return False
        if len(nonzero) == 2 and not _parallel(*nonzero):
            return False
    return True


def check_examples_1_2(partition: Partition) -> CheckResult:
    """Examples 1-2: first-layer cut normals are A_{k,r} - A_{k,s}; axis-parallel / diagonal under the constraints."""
    statement = (
        "Examples 1-2 (App. A.2): neighbouring first-layer sites differ in one unit, so a first-layer facet between "
        "pieces r and s of unit k has normal A_{k,r} - A_{k,s}; with every unit's pieces on one shared axis "
        "(Example 1, with E7's condition) the facets are axis-parallel, with entries +-c (Example 2) diagonal"
    )
    layers = _layers(partition)
    if not layers:
        return CheckResult("examples-1-2", statement, True, NOT_APPLICABLE + "the network has no nonlinear layer")
    layer = layers[0]
    failures = []
    edges = _single_unit_edges(partition, 0)
    ex1, ex2 = _example_1(layer), _example_2(layer)
    for edge, k in edges:
        row, _ = edge.hyperplane
        r, s = partition.regions[edge.u].code[0][k], partition.regions[edge.v].code[0][k]
        if not _parallel(row, _sub(layer.slopes[k][r], layer.slopes[k][s])):
            failures.append(f"edge ({edge.u}, {edge.v}) of unit {k}")
        if ex1 and sum(1 for a in row if a) != 1:
            failures.append(f"edge ({edge.u}, {edge.v}) is not axis-parallel")
        if ex2 and len({abs(a) for a in row}) != 1:
            failures.append(f"edge ({edge.u}, {edge.v}) is not diagonal")
    constraint = (
        "Example 1 applies: all axis-parallel" if ex1 else "Example 2 applies: all diagonal" if ex2 else
        "neither weight constraint holds on layer 1"
    )
    evidence = f"{len(edges)} first-layer facets, each normal to A_{{k,r}} - A_{{k,s}} of its unit; {constraint}"
    return _result("examples-1-2", statement, failures, evidence)


def _directions(layer: MasoLayer) -> list[QVector] | None:
    """One representative per parallel class of the two-piece units' cut normals (None if a unit has R >= 3)."""
    if any(n != 2 for n in layer.n_pieces):
        return None
    classes: list[QVector] = []
    for slopes in layer.slopes:
        normal = _sub(slopes[1], slopes[0])
        if any(normal) and not any(_parallel(normal, c) for c in classes):
            classes.append(normal)
    return classes


def check_fig_5(partition: Partition) -> CheckResult:
    """Fig. 5: rank-1 first layer -> parallel cuts; two orthogonal weight families -> two orthogonal families of cuts."""
    statement = (
        "Fig. 5: a first layer whose weight rows share one direction makes parallel cuts (spaced by the biases); rows "
        "from two orthogonal directions make two families of parallel cuts, orthogonal to each other"
    )
    layers = _layers(partition)
    classes = _directions(layers[0]) if layers else None
    if classes is None or not 1 <= len(classes) <= 2 or (len(classes) == 2 and dot(*classes) != 0):
        found = "no two-piece first layer" if classes is None else f"{len(classes)} cut directions"
        return CheckResult("fig-5", statement, True, NOT_APPLICABLE + f"{found} on layer 1 (Fig. 5 needs one, or two orthogonal)")
    failures = []
    cuts: dict[int, set] = {i: set() for i in range(len(classes))}
    for edge in (e for e in partition.edges if all(l == 0 for l, _ in e.flips)):
        row, rhs = edge.hyperplane
        family = [i for i, c in enumerate(classes) if _parallel(row, c)]
        if not family:
            failures.append(f"edge ({edge.u}, {edge.v}) is in no family")
            continue
        first = next(a for a in row if a)
        cuts[family[0]].add((tuple(a * sign(first) for a in row), rhs * sign(first)))
    sizes = " and ".join(f"{len(c)} parallel cuts" for c in cuts.values())
    kind = "rank 1" if len(classes) == 1 else "two orthogonal directions"
    return _result("fig-5", statement, failures, f"{kind}: the first-layer facets lie on {sizes}")


# --------------------------------------------------------------------------- Propositions 5 and 6


@dataclass(frozen=True)
class _TwoLayer:
    rows: tuple  # W1_d
    weights: tuple  # w_d (effective output weights of f)
    s_off: Fraction
    s_on: Fraction
    relu: bool


def _two_layer(partition: Partition) -> _TwoLayer | str:
    """The Prop. 5 data of a qualifying network, or why it does not qualify."""
    net = partition.network
    layers = _layers(partition)
    out = output_map(net)
    if len(layers) != 1 or out is None:
        return f"the network has {len(layers)} nonlinear layers{'' if out is not None else ' and no output layer'} (Prop. 5 needs one hidden layer and an affine output)"
    layer = layers[0]
    source = net.layers[layer.source]
    if not isinstance(source, Dense) or source.activation is None:
        return f"the hidden layer is {layer.kind} (Prop. 5 needs relu, leaky_relu or abs)"
    s_off = {"relu": Fraction(0), "abs": Fraction(-1)}.get(source.activation, source.negative_slope)
    rows = tuple(slopes[1] for slopes in layer.slopes)
    for i, j in combinations(range(len(rows)), 2):
        if dot(rows[i], rows[j]) != 0:
            return f"first-layer rows {i} and {j} are not orthogonal"
    G = out.G if out.out_dim == 1 else (_sub(out.G[0], out.G[1]),)
    return _TwoLayer(rows, tuple(G[0]), s_off, Fraction(1), source.activation == "relu")


def _prop5_bends(partition: Partition, data: _TwoLayer):
    """Per bend across a single first-layer unit: (bend, d', S, a, predicted cos^2, predicted sign, active units on)."""
    boundary = _decision(partition)
    found = []
    a = [w * w * dot(row, row) for w, row in zip(data.weights, data.rows)]
    for bend in boundary.bends:
        edge = partition.edges[bend.edge]
        if len(edge.flips) != 1:
            continue
        _, d = edge.flips[0]
        code = partition.regions[edge.u].code[0]
        slopes = [data.s_on if r == 1 else data.s_off for r in code]
        S = sum((s * s * a_d for i, (s, a_d) in enumerate(zip(slopes, a)) if i != d), Fraction(0))
        inner = S + data.s_off * data.s_on * a[d]
        norms = (S + data.s_off**2 * a[d]) * (S + data.s_on**2 * a[d])
        active = sum(1 for i, r in enumerate(code) if r == 1 or i == d)
        found.append((bend, d, S, a[d], inner * inner / norms, sign(inner), active))
    return found


def check_proposition_5(partition: Partition) -> CheckResult:
    """Prop. 5 corrected (E1) and its two-piece generalisation, against the exact bends of the decision boundary."""
    statement = (
        "Proposition 5 (corrected, E1; generalised to any two-piece unit): in a 2-layer net with orthogonal first-layer "
        "rows, the decision boundary bends across unit d' by cos theta = (S + s_off s_on a) / sqrt((S + s_off^2 a)"
        "(S + s_on^2 a)), a = w_{d'}^2 ||W1_{d'}||^2, S = sum_{d != d'} s_d^2 w_d^2 ||W1_d||^2; relu: sqrt(S / (S + a))"
    )
    data = _two_layer(partition)
    if isinstance(data, str):
        return CheckResult("proposition-5", statement, True, NOT_APPLICABLE + data)
    bends = _prop5_bends(partition, data)
    failures = [
        f"bend ({b.u}, {b.v}): exact cos^2 {b.cos2}, sign {b.sign}; formula {c2}, sign {s}"
        for b, _, _, _, c2, s, _ in bends
        if (b.cos2, b.sign) != (c2, s)
    ]
    examples = "; ".join(f"bend ({b.u}, {b.v}) across unit {d}: S = {S}, a = {a}, cos^2 = {c2}" for b, d, S, a, c2, _, _ in bends[:2])
    evidence = f"{len(bends)} bends across a single first-layer unit, all equal to the formula (cos^2 and sign exact)"
    return _result("proposition-5", statement, failures, evidence + (f"; {examples}" if examples else ""))


def _prop6_statistic(bends) -> str:
    by_active: dict[int, list[float]] = {}
    for bend, *_, active in bends:
        by_active.setdefault(active, []).append(bend_degrees_float(bend))
    return ", ".join(f"{n} active: {min(v):.1f}-{max(v):.1f} deg" if min(v) != max(v) else f"{n} active: {v[0]:.1f} deg" for n, v in sorted(by_active.items()))


def _monotone(bends) -> bool:
    """Whether fewer active units always give a larger bend (Prop. 6 as printed)."""
    pairs = [(active, bend_degrees_float(bend)) for bend, *_, active in bends]
    return all(t1 >= t2 for n1, t1 in pairs for n2, t2 in pairs if n1 < n2)


def check_proposition_6(partition: Partition) -> CheckResult:
    """Prop. 6 with the extra condition of E8: bend vs number of active first-layer units."""
    statement = (
        "Proposition 6 (with E8's extra condition): in a 2-layer relu net with orthogonal first-layer rows and every "
        "a_d = w_d^2 ||W1_d||^2 equal, a bend with n other active units has cos^2 theta = n / (n + 1): fewer active "
        "units, larger bend"
    )
    data = _two_layer(partition)
    if isinstance(data, str):
        return CheckResult("proposition-6", statement, True, NOT_APPLICABLE + data)
    if not data.relu:
        return CheckResult("proposition-6", statement, True, NOT_APPLICABLE + "the hidden layer is not relu")
    bends = _prop5_bends(partition, data)
    a = {w * w * dot(row, row) for w, row in zip(data.weights, data.rows)}
    statistic = _prop6_statistic(bends) or "no bend"
    if len(a) > 1:
        trend = "fewer active units give larger bends here" if _monotone(bends) else "the printed trend fails here"
        return CheckResult("proposition-6", statement, True, NOT_APPLICABLE + f"the a_d are not all equal (E8); bends: {statistic}; {trend}")
    failures = [f"bend ({b.u}, {b.v})" for b, *_, active in bends if b.cos2 != Fraction(active - 1, active)]
    if not _monotone(bends):
        failures.append("fewer active units do not always give larger bends")
    return _result("proposition-6", statement, failures, f"bends by active first-layer units: {statistic}")


# --------------------------------------------------------------------------- errata


def _spec_counterexample(weights: Sequence, output_bias, lows, highs) -> Partition:
    """The spec's 2-layer relu counter-examples: W1 = I, W2 = ``weights``, in a box."""
    n = len(weights)
    identity = [[int(i == j) for j in range(n)] for i in range(n)]
    net = Network(n, [Dense(identity, [0] * n, "relu"), Dense([list(weights)], [output_bias])])
    return enumerate_regions(net, box(lows, highs))


def check_e1(partition: Partition) -> CheckResult:
    """E1: Prop. 5 as printed (eq. 30) vs corrected, against exact bends."""
    import sympy

    from exactpd.checks.symbolic import bend_cosine, printed_proposition_5_cosine, rational

    statement = (
        "E1 (Prop. 5, eq. 30): printed cos theta = (1 + |w_{d'}| ||W1_{d'}|| / sum_{d != d', on} |w_d| ||W1_d||)^-1; "
        "corrected sqrt(S / (S + a)) with squares (a_d = w_d^2 ||W1_d||^2)"
    )
    data = _two_layer(partition)
    where = "this network"
    if isinstance(data, str) or not data.relu:
        reason = data if isinstance(data, str) else "the hidden layer is not relu"
        where = "the spec's counter-example W1 = I2, W2 = (1, 1) (this network: " + reason + ")"
        partition = _spec_counterexample([1, 1], -1, [-2, -2], [2, 2])
        data = _two_layer(partition)
    failures, mismatched, shown = [], 0, []
    bends = _prop5_bends(partition, data)
    for bend, d, S, a, c2, s, _ in bends:
        if (bend.cos2, bend.sign) != (c2, s):
            failures.append(f"corrected formula at bend ({bend.u}, {bend.v})")
        code = partition.regions[partition.edges[bend.edge].u].code[0]
        others = [(w, sympy.sqrt(rational(dot(r, r)))) for i, (w, r, c) in enumerate(zip(data.weights, data.rows, code)) if i != d and c == 1]
        if not others:
            continue
        printed = printed_proposition_5_cosine(rational(data.weights[d]), sympy.sqrt(rational(dot(data.rows[d], data.rows[d]))), [(rational(w), n) for w, n in others])
        exact = bend_cosine(bend)
        if sympy.simplify(printed - exact) != 0:
            mismatched += 1
            if len(shown) < 2:
                shown.append(f"bend ({bend.u}, {bend.v}): printed {printed}, exact cos {exact} (cos^2 {bend.cos2})")
    evidence = (
        f"on {where}: the corrected form equals all {len(bends)} exact bends; the printed form differs on "
        f"{mismatched}" + (f" ({'; '.join(shown)})" if shown else "")
    )
    return _result("e1", statement, failures, evidence)


def check_e2(partition: Partition) -> CheckResult:
    """E2: Lemma 5's printed last line (b = +rho) vs corrected (b = -rho), on every pair of adjacent units."""
    statement = (
        "E2 (Lemma 5 proof, last line): printed b_ij = ||A_1i||^2 + 2 B_1i + ||A_2j||^2 + 2 B_2j + 2 <A_1i, A_2j> (= +rho_ij); "
        "corrected b_ij = -rho_ij, i.e. argmin ||u - mu_ij||^2 - rho_ij"
    )
    layers = _layers(partition)
    sample = _spread(_witness_traces(partition), _SAMPLE)
    printed = corrected = total = 0
    pairs = []
    for layer in layers:
        sites = [
            list(combine_unit_diagrams(unit_power_diagram(layer, k), unit_power_diagram(layer, k + 1)).sites())
            for k in range(layer.n_units - 1)
        ]
        pairs.append([(_candidates(s), _candidates(s, -1)) for s in sites])
    for t in sample:
        for l, (layer, u) in enumerate(zip(layers, _inputs(t))):
            for k, (right, wrong) in enumerate(pairs[l]):
                truth = (t.code[l][k], t.code[l][k + 1])
                total += 1
                corrected += _argmin(right, u) == truth
                printed += _argmin(wrong, u) == truth
    failures = [] if corrected == total else [f"corrected sign right on {corrected} of {total}"]
    evidence = f"pair codes at {len(sample)} region witnesses: printed sign right on {_percent(printed, total)}, corrected on {_percent(corrected, total)}"
    return _result("e2", statement, failures, evidence)


def check_e3(partition: Partition) -> CheckResult:
    """E3: eq. 32 as printed (G^T applied twice) vs corrected, where the printed form is defined."""
    statement = (
        "E3 (eq. 32): printed rad = -||G^T mu^(1<-2)||^2 - 2 mu^(1<-2)^T h - 2 sum B with mu^(1<-2) = G^T mu (G^T twice; "
        "defined only when D(l-1) = D(0)); corrected b = -||G^T mu||^2 - 2 <mu, h> - 2 beta (rho = -b, Theorem 2)"
    )
    layers = _layers(partition)
    dim = partition.network.input_dim
    printed = corrected = total = 0
    defined = [l for l, layer in enumerate(layers) if l > 0 and layer.input_dim == dim and _n_sites(layer) <= MAX_SITES]
    for region, candidates in zip(partition.regions, _input_candidates(partition)):
        x = region.witness
        for l in range(len(layers)):
            if candidates[l] is None:
                continue
            total += 1
            corrected += _argmin(candidates[l], x) == region.code[l]
            if l in defined:
                G = _prior_map(region, l, dim)
                wrong = []
                for site in _sites(partition)[l]:
                    mu_x = _gt(G, site.centroid)
                    beta = (site.power_weight - dot(site.centroid, site.centroid)) / 2
                    b = -dot(_gt(G, mu_x), _gt(G, mu_x)) - 2 * dot(mu_x, G.h) - 2 * beta
                    wrong.append(PowerSite(mu_x, -b, site.code))
                printed += _argmin(_candidates(wrong), x) == region.code[l]
    n_printed = len(partition.regions) * len(defined)
    if defined:
        shown = f"printed right on {_percent(printed, n_printed)} (layers {', '.join(str(l + 1) for l in defined)})"
    else:
        widths = ", ".join(f"D({l}) = {layer.input_dim}" for l, layer in enumerate(layers))
        shown = f"the printed form is not defined on this network ({widths}: no later layer has D(l-1) = D(0))"
    failures = [] if corrected == total else [f"corrected right on {corrected} of {total}"]
    return _result("e3", statement, failures, f"{shown}; corrected right on {_percent(corrected, total)} (region, layer) pairs")


def _sign_sqrt_gap(p: Fraction, q: Fraction, c: Fraction) -> int:
    """The sign of ``sqrt(p) - sqrt(q) - c`` for rationals p, q >= 0, exactly (no square root is taken)."""
    u = sign(p - q)  # the sign of sqrt(p) - sqrt(q)
    if c == 0:
        return u
    if u != sign(c):
        return u if u else -sign(c)
    t = p + q - c * c  # (sqrt(p) - sqrt(q))^2 - c^2 = t - 2 sqrt(pq)
    if t <= 0:
        return -u if t < 0 or p * q else 0
    return u * sign(t * t - 4 * p * q)


def _argmin_unsquared(sites: Sequence[PowerSite], u: QVector) -> tuple:
    """The lex-first code minimising ``||u - mu|| - rho`` (eq. 29 as printed), compared exactly."""
    best = None
    for site in sites:
        d2 = dot(_sub(u, site.centroid), _sub(u, site.centroid))
        if best is None or _sign_sqrt_gap(d2, best[1], site.power_weight - best[2]) < 0:
            best = (site.code, d2, site.power_weight)
    return best[0]


def check_e4(partition: Partition) -> CheckResult:
    """E4: eq. 29 without the square vs the Laguerre distance."""
    statement = "E4 (eq. 29): printed argmin_r ||z - mu_r|| - rad_r (no square); corrected ||z - mu_r||^2 - rad_r"
    layers = _layers(partition)
    sample = _spread(_witness_traces(partition), _SAMPLE)
    printed = corrected = total = 0
    for t in sample:
        for l, (layer, u) in enumerate(zip(layers, _inputs(t))):
            sites = _sites(partition)[l]
            if sites is None:
                continue
            total += 1
            corrected += _argmin(_layer_candidates(partition)[l], u) == t.code[l]
            printed += _argmin_unsquared(sites, u) == t.code[l]
    failures = [] if corrected == total else [f"corrected right on {corrected} of {total}"]
    evidence = f"layer codes at {len(sample)} region witnesses: unsquared right on {_percent(printed, total)}, squared on {_percent(corrected, total)}{_skipped(layers)}"
    return _result("e4", statement, failures, evidence)


def check_e5(partition: Partition) -> CheckResult:
    """E5: the degree of the partition polynomial is sum_l D(l), not prod_l D(l)."""
    statement = "E5 (Theorem 4 proof): printed degree of Pol_L prod_l D(l); corrected sum_l D(l)"
    layers = _layers(partition)
    widths = [layer.n_units for layer in layers]
    degrees = _degrees(partition)
    full = [d for d in degrees if not d.zero]
    highest = max((d.degree for d in full), default=0)
    corrected = degrees[0].full if degrees else 0
    failures = [] if all(d.degree <= d.full == corrected for d in full) else ["a region's degree exceeds sum_l D(l)"]
    two_piece = all(n == 2 for layer in layers for n in layer.n_pieces)
    note = "" if two_piece else " (units with R >= 3 pieces count R - 1)"
    evidence = (
        f"printed prod D(l) = {prod(widths)}, corrected sum D(l) = {sum(widths)}{note}; exact degrees on the regions: "
        f"at most {highest}, equal to {corrected} on {sum(1 for d in full if d.degree == corrected)} of {len(full)}"
    )
    return _result("e5", statement, failures, evidence)


def check_e6(partition: Partition) -> CheckResult:
    """E6: Lemma 4's brute-force cost, counted."""
    statement = "E6 (Lemma 4): printed brute-force cost O(R^D(l) R D(l-1)); corrected R^D(l) D(l-1) multiply-adds (one per site and coordinate)"
    layers = _layers(partition)
    failures, parts = [], []
    t = _witness_traces(partition)[0] if partition.regions else None
    for l, layer in enumerate(layers):
        if _n_sites(layer) > MAX_SITES or t is None:
            continue
        counted = locate_brute_force(layer, _inputs(t)[l]).operations
        corrected = _n_sites(layer) * layer.input_dim
        printed = _n_sites(layer) * max(layer.n_pieces) * layer.input_dim
        if counted != corrected:
            failures.append(f"layer {l + 1}: counted {counted}")
        parts.append(f"layer {l + 1}: counted {counted} = corrected {corrected} (printed {printed})")
    return _result("e6", statement, failures, ("; ".join(parts) or "no layer") + _skipped(layers))


def check_e7(partition: Partition) -> CheckResult:
    """E7: Example 1 needs each unit's pieces to share the axis; otherwise the cut is oblique."""
    statement = (
        "E7 (Example 1): printed: axis-aligned slopes give axis-parallel cuts; corrected: only when the two pieces "
        "meeting at the cut use the same axis (true for relu, leaky, abs); pieces c e_i and c' e_j (i != j) cut along "
        "the oblique normal c' e_j - c e_i"
    )
    layers = _layers(partition)
    failures, cases, oblique = [], 0, 0
    if layers:
        layer = layers[0]
        for edge, k in _single_unit_edges(partition, 0):
            r, s = partition.regions[edge.u].code[0][k], partition.regions[edge.v].code[0][k]
            axes = {_axis(layer.slopes[k][r]), _axis(layer.slopes[k][s])}
            if None in axes:
                continue
            cases += 1
            shared = len(axes - {-1}) <= 1
            parallel = sum(1 for a in edge.hyperplane[0] if a) == 1
            oblique += not parallel
            if shared != parallel:
                failures.append(f"edge ({edge.u}, {edge.v})")
    if cases:
        evidence = f"{cases} first-layer facets between axis-aligned pieces: axis-parallel exactly when the pieces share the axis ({oblique} oblique)"
    else:
        normal, _ = chordale(PowerSite((1, 0), 1), PowerSite((0, 2), 4))
        evidence = (
            "no first-layer facet between axis-aligned pieces on this network; spec example, a unit with pieces "
            f"(1, 0) and (0, 2): chordale normal {tuple(str(v) for v in normal)}, oblique"
        )
    return _result("e7", statement, failures, evidence)


def check_e8(partition: Partition) -> CheckResult:
    """E8: Prop. 6 needs equal a_d, shown on the network's bends or on the spec's counter-example."""
    statement = (
        "E8 (Prop. 6): printed: with equal first-layer row norms, fewer active units give larger bends; corrected: "
        "this also needs equal |w_d| (equal a_d = w_d^2 ||W1_d||^2); the bend is sqrt(S / (S + a)) (Prop. 5)"
    )
    data = _two_layer(partition)
    if not isinstance(data, str) and data.relu:
        bends = _prop5_bends(partition, data)
        where = "this network"
    else:
        bends = []
        for active, bias, low, high in (
            (1, "-15/2", [-1, "1/2", -1, -1, -1, -1, -1], [1, 1, "-1/2", "-1/2", "-1/2", "-1/2", "-1/2"]),
            (5, "-7/20", [-1, -1, "1/2", "1/2", "1/2", "1/2", "1/2"], [1, "-1/2", 1, 1, 1, 1, 1]),
        ):
            example = _spec_counterexample([1, 10, "1/10", "1/10", "1/10", "1/10", "1/10"], bias, low, high)
            bends += _prop5_bends(example, _two_layer(example))
        where = "the spec's counter-example W1 = I7, W2 = (1, 10, 1/10, 1/10, 1/10, 1/10, 1/10)"
    failures = [f"bend ({b.u}, {b.v})" for b, _, _, _, c2, s, _ in bends if (b.cos2, b.sign) != (c2, s)]
    trend = "holds" if _monotone(bends) else "fails"
    cos2 = ", ".join(f"{active} active: cos^2 {b.cos2}" for b, *_, active in bends[:4])
    evidence = f"on {where}: {_prop6_statistic(bends) or 'no bend'} ({cos2}); the printed trend {trend}; every bend equals the corrected formula"
    return _result("e8", statement, failures, evidence)


def check_e9(partition: Partition) -> CheckResult:
    """E9: the authors' Table-1 code uses J^T z; the power-diagram centroid is J^T 1."""
    statement = (
        "E9 (authors' code): Table 1 computes the centroid as J^T z^(l) (gradients with grad_ys = the layer); "
        "corrected J^T 1, the Theorem-2 centroid; their dense distance script measured before batch-norm "
        "(exactpd folds batch-norm into the weights, so its eq. 20 uses the true pre-activation)"
    )
    layers = _layers(partition)
    failures, ratios, differ, n = [], [], 0, 0
    for region, t in zip(partition.regions, _witness_traces(partition)):
        for l in range(len(layers)):
            n += 1
            true_site = region.sites[l]
            if true_site != map_site(region.maps[l], region.code[l]):
                failures.append(f"region {region.code}, layer {l + 1}")
            jz = _gt(region.maps[l], t.outputs[l])
            gap = dot(_sub(jz, true_site.centroid), _sub(jz, true_site.centroid))
            if gap:
                differ += 1
                norm = dot(true_site.centroid, true_site.centroid)
                if norm:
                    ratios.append(float(gap / norm) ** 0.5)
    median = f" (median relative difference {statistics.median(ratios):.2f})" if ratios else ""
    evidence = f"J^T z differs from J^T 1 on {differ} of {n} (region, layer) pairs at the witnesses{median}; J^T 1 is the region's site on all"
    return _result("e9", statement, failures, evidence)


def check_e10(partition: Partition) -> CheckResult:
    """E10: a cross-reference (App. A.2 cites Proposition 4 where Theorem 1/2 is meant)."""
    statement = (
        "E10 (App. A.2 text): printed 'the Proposition 4 translates into...'; the result used is Theorem 1/2 "
        "(neighbouring sites differ in one unit, so cut normals are A_{k,r} - A_{k,s})"
    )
    result = check_examples_1_2(partition)
    evidence = f"a reading erratum, no formula; the statement meant is checked as examples-1-2 ({'holds' if result.holds else 'fails'})"
    return CheckResult("e10", statement, result.holds, evidence)


def check_e11(partition: Partition) -> CheckResult:
    """E11: the authors' figure code composes layer radii with the wrong sign and terms."""
    statement = (
        "E11 (authors' figure code): layer radius composed as sum_k B_{k,r_k} - 2 sum_{i<j} <A_i, A_j> with argmin "
        "||x - mu||^2 - r; corrected sum_k rho_{k,r_k} + 2 sum_{i<j} <A_i, A_j> (= Theorem 1's rho_r)"
    )
    layers = _layers(partition)
    sample = _spread(_witness_traces(partition), _SAMPLE)
    failures, printed, corrected, total = [], 0, 0, 0
    for l, layer in enumerate(layers):
        if _n_sites(layer) > MAX_SITES:
            continue
        sites = _sites(partition)[l]
        wrong, right = [], []
        for site in sites:
            slopes = [layer.slopes[k][r] for k, r in enumerate(site.code)]
            cross = sum((dot(slopes[i], slopes[j]) for i, j in combinations(range(len(slopes)), 2)), Fraction(0))
            radii = sum(dot(a, a) + 2 * layer.offsets[k][r] for k, (a, r) in enumerate(zip(slopes, site.code)))
            right.append(PowerSite(site.centroid, radii + 2 * cross, site.code))
            wrong.append(PowerSite(site.centroid, sum(layer.offsets[k][r] for k, r in enumerate(site.code)) - 2 * cross, site.code))
        if [s.power_weight for s in right] != [s.power_weight for s in sites]:
            failures.append(f"layer {l + 1}: the corrected radii are not Theorem 1's")
        right, wrong = _candidates(right), _candidates(wrong)
        for t in sample:
            u = _inputs(t)[l]
            total += 1
            corrected += _argmin(right, u) == t.code[l]
            printed += _argmin(wrong, u) == t.code[l]
    if corrected != total:
        failures.append(f"corrected right on {corrected} of {total}")
    evidence = f"layer codes at {len(sample)} region witnesses: printed radii right on {_percent(printed, total)}, corrected on {_percent(corrected, total)} (equal to Theorem 1's rho on every site){_skipped(layers)}"
    return _result("e11", statement, failures, evidence)


# --------------------------------------------------------------------------- all of them


CHECKS: tuple[tuple[str, Callable[[Partition], CheckResult]], ...] = (
    ("lemma-1", check_lemma_1),
    ("theorem-1", check_theorem_1),
    ("lemma-5", check_lemma_5),
    ("theorem-2", check_theorem_2),
    ("lemma-7", check_lemma_7),
    ("theorem-3", check_theorem_3),
    ("theorem-4", check_theorem_4),
    ("theorem-6", check_theorem_6),
    ("theorem-7", check_theorem_7),
    ("eq-20", check_eq_20),
    ("examples-1-2", check_examples_1_2),
    ("fig-5", check_fig_5),
    ("proposition-5", check_proposition_5),
    ("proposition-6", check_proposition_6),
    ("e1", check_e1),
    ("e2", check_e2),
    ("e3", check_e3),
    ("e4", check_e4),
    ("e5", check_e5),
    ("e6", check_e6),
    ("e7", check_e7),
    ("e8", check_e8),
    ("e9", check_e9),
    ("e10", check_e10),
    ("e11", check_e11),
)
"""Every check, in the order :func:`verify` runs them: ``(id, check_<id>)``."""


def verify(net: Network, domain: HPolytope | None = None) -> list[CheckResult]:
    """Check every result of the paper that applies to ``net``, exactly, and show the errata on it.

    Parameters
    ----------
    net : Network
    domain : HPolytope, optional
        Where to enumerate the partition (default all of R^D).

    Returns
    -------
    list of CheckResult
        One per entry of :data:`CHECKS`, in that order.

    Examples
    --------
    >>> from exactpd import Dense, Network, box
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> results = verify(net, box([-2, -2], [2, 2]))
    >>> all(r.holds for r in results), [r.id for r in results if not r.applicable]
    (True, [])
    >>> next(r for r in results if r.id == "proposition-6").evidence
    'bends by active first-layer units: 2 active: 45.0 deg'
    """
    partition = enumerate_regions(net, domain)
    return [check(partition) for _, check in CHECKS]
