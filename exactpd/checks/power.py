"""Checks of the power-diagram results: Lemma 1, Theorem 1, Lemma 5, Theorem 2 and Lemma 7.

Each check locates exact points by the power diagrams the paper builds (per
unit, per layer, per region in input space) and compares with the exact
forward pass (:mod:`exactpd.network.forward_pass`).
"""

from __future__ import annotations

from fractions import Fraction
from math import comb
from typing import Sequence

from exactpd.checks.context import (
    CheckContext,
    difference,
    laguerre_argmin,
    laguerre_candidates,
    layer_inputs,
    n_sites,
    spread,
)
from exactpd.checks.registry import Finding, holds_unless, register
from exactpd.geometry.lifting import lifting_identity
from exactpd.geometry.powerdiagram import (
    PowerDiagram,
    combine_unit_diagrams,
    input_power_diagram,
    point_site,
    power_distance,
    unit_power_diagram,
)
from exactpd.network.maso import AffineMap, MasoLayer
from exactpd.rational import dot

__all__ = ["check_lemma_1", "check_theorem_1", "check_lemma_5", "check_theorem_2", "check_lemma_7"]

BRUTE_POINTS = 96
"""How many points the brute-force searches over every site (Theorems 1 and 7) use at most."""


def pulled_back(G: AffineMap, v: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """``G^T v`` for the linear part of an affine map ``x -> G x + h`` (a site pulled back to the input space, eq. 31).

    Parameters
    ----------
    G : AffineMap
    v : sequence of Fraction

    Returns
    -------
    tuple of Fraction

    Examples
    --------
    >>> from exactpd.network.maso import AffineMap
    >>> pulled_back(AffineMap(((1, 2), (0, 1)), (0, 0)), (1, 1))
    (Fraction(1, 1), Fraction(3, 1))
    """
    return tuple(dot(column, v) for column in zip(*G.G))


@register(
    "lemma-1",
    "Lemma 1; eqs. 27-28 (App. A.1)",
    "Lemma 1: unit k partitions its input space u as the power diagram of the sites mu_r = A_{k,r}, "
    "rho_r = ||A_{k,r}||^2 + 2 B_{k,r}: argmin_r ||u - mu_r||^2 - rho_r = argmax_r <A_{k,r}, u> + B_{k,r}; "
    "and U(u) - E_{k,r}(u) = lambda(u; mu_r, rho_r) / 2 (lifting, eqs. 27-28)",
)
def check_lemma_1(context: CheckContext) -> Finding:
    """Lemma 1: each unit's power diagram gives its argmax, and the lifting identity (eqs. 27-28) holds.

    At every witness and facet point, each unit's argmin over its sites
    ``(A_{k,r}, ||A_{k,r}||^2 + 2 B_{k,r})`` is the forward pass's piece; at
    the witnesses, ``U(u) - E_{k,r}(u) = lambda(u; mu_r, rho_r) / 2`` exactly.

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
    >>> check_lemma_1(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    layers = context.layers
    units = [[laguerre_candidates(list(unit_power_diagram(layer, k).sites())) for k in range(layer.n_units)] for layer in layers]
    failures, located, lifted = [], 0, 0
    traces = context.traces
    n_witnesses = len(context.partition.regions)
    for index, t in enumerate(traces):
        for l, (layer, u) in enumerate(zip(layers, layer_inputs(t))):
            for k, candidates in enumerate(units[l]):
                located += 1
                if laguerre_argmin(candidates, u) != (t.code[l][k],):
                    failures.append(f"unit ({l}, {k}) at {t.point}")
                if index < n_witnesses:  # the lifting identity at the witnesses
                    r = t.code[l][k]
                    lifted += 1
                    gap, half = lifting_identity(layer.slopes[k][r], layer.offsets[k][r], u)
                    if gap != half:
                        failures.append(f"lifting of ({l}, {k}, {r}) at {t.point}")
    evidence = (
        f"{located} unit locations at {len(traces)} points (region witnesses and facet points) equal the "
        f"forward pass's argmax; {lifted} lifting identities exact at the witnesses"
    )
    return holds_unless(failures, evidence)


def zaslavsky_bound(layer: MasoLayer, dim: int) -> int | None:
    """``sum_{i <= D} C(K, i)`` for the K cutting units of a two-piece layer on R^D, None if some unit has R >= 3.

    The most regions K hyperplanes cut R^D into (Zaslavsky); a unit whose two
    pieces are equal does not cut.

    Parameters
    ----------
    layer : MasoLayer
    dim : int
        D.

    Returns
    -------
    int or None

    Examples
    --------
    >>> from exactpd import Dense, Network, maso_layers
    >>> layer, = maso_layers(Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 1], "relu")]))
    >>> zaslavsky_bound(layer, 2)
    7
    """
    if any(n > 2 for n in layer.n_pieces):
        return None
    cutting = sum(1 for a, b in zip(layer.slopes, layer.offsets) if len(a) == 2 and a[0] != a[1])
    return sum(comb(cutting, i) for i in range(dim + 1))


def _first_layer_cells(context: CheckContext, failures: list[str]) -> str:
    """Theorem 1's count on layer 1: non-empty cells vs sites, and Zaslavsky's bound for two-piece units."""
    layer = context.layers[0]
    cells = len({r.code[0] for r in context.partition.regions})
    bound = zaslavsky_bound(layer, context.network.input_dim)
    if bound is not None and cells > bound:
        failures.append(f"layer 1 has {cells} cells, more than the bound {bound}")
    note = f", at most {bound} by Zaslavsky" if bound is not None else ""
    return f"layer 1: {n_sites(layer)} sites, {cells} non-empty cells in the domain{note}"


@register(
    "theorem-1",
    "Theorem 1",
    "Theorem 1: a layer partitions its input space as the power diagram with one site per code r: "
    "mu_r = sum_k A_{k,r_k}, rho_r = ||mu_r||^2 + 2 sum_k B_{k,r_k}; the argmin over all prod_k R_k sites "
    "is the forward code, and few of the sites have non-empty cells (layer 1, R = 2: at most "
    "sum_{i <= D} C(K, i), Zaslavsky)",
)
def check_theorem_1(context: CheckContext) -> Finding:
    """Theorem 1: a layer's power diagram over all codes gives the layer's code; non-empty cells vs sites.

    The brute-force argmin over all ``prod_k R_k`` sites of each layer (up to
    :data:`~exactpd.checks.context.MAX_SITES`) equals the forward code at up
    to :data:`BRUTE_POINTS` witnesses and facet points.

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
    >>> result = check_theorem_1(enumerate_regions(net, box([-2, -2], [2, 2])))
    >>> result.holds, result.evidence.split(";")[0]
    (True, 'layer 1: 4 sites, 4 non-empty cells in the domain, at most 4 by Zaslavsky')
    """
    layers = context.layers
    failures: list[str] = []
    parts = [_first_layer_cells(context, failures)] if layers else []
    parts += [f"layer {l + 1}: {n_sites(layer)} sites" for l, layer in enumerate(layers) if l]
    traces = spread(context.traces, BRUTE_POINTS)
    located = 0
    for l, candidates in enumerate(context.layer_candidates):
        if candidates is None:
            continue
        for t in traces:
            located += 1
            if laguerre_argmin(candidates, layer_inputs(t)[l]) != t.code[l]:
                failures.append(f"layer {l + 1} at {t.point}")
    evidence = (
        f"{'; '.join(parts)}; the brute-force argmin over all sites equals the forward code in {located} "
        f"locations at {len(traces)} points{context.skipped()}"
    )
    return holds_unless(failures, evidence)


@register(
    "lemma-5",
    "Lemma 5",
    "Lemma 5: two units' sites combine as mu_ij = mu_1i + mu_2j, rho_ij = rho_1i + rho_2j + 2 <A_1i, A_2j> "
    "(b = -rho: b_ij = b_1i + b_2j - 2 <A_1i, A_2j>); folding the units of a layer this way gives every "
    "Theorem-1 site",
)
def check_lemma_5(context: CheckContext) -> Finding:
    """Lemma 5: folding the unit diagrams two by two gives exactly the Theorem-1 sites.

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
    >>> check_lemma_5(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    'layer 1: 4 sites equal'
    """
    failures, parts = [], []
    for l, (layer, direct) in enumerate(zip(context.layers, context.sites)):
        if direct is None:
            continue
        folded = unit_power_diagram(layer, 0)
        for k in range(1, layer.n_units):
            folded = combine_unit_diagrams(folded, unit_power_diagram(layer, k))
        if list(folded.sites()) != direct:
            failures.append(f"layer {l + 1}")
        parts.append(f"layer {l + 1}: {len(direct)} sites equal")
    return holds_unless(failures, f"{'; '.join(parts) or 'no layer'}{context.skipped()}")


@register(
    "theorem-2",
    "Theorem 2, eqs. 31-32 (corrected, E3); section 6",
    "Theorem 2 (eqs. 31-32, corrected E3): on a region omega where z^(l-1) = G x + h, layer l partitions the "
    "input space as the power diagram mu = G^T mu_r, rho = ||G^T mu_r||^2 + 2 <mu_r, h> + 2 beta_r; its argmin "
    "at the region's witness is the region's layer-l code, and its site is J^T 1 with "
    "lambda(x; mu, rho) = ||x||^2 - 2 * 1^T z^(l)(x)",
)
def check_theorem_2(context: CheckContext) -> Finding:
    """Theorem 2 (eqs. 31-32 corrected): the input-space power diagram of each layer on each region.

    On every region and layer: the argmin of the input-space diagram at the
    witness is the region's code; its site equals ``J^T 1`` by backprop
    (section 6) and the enumerated region's site; and
    ``lambda(x; mu, rho) = ||x||^2 - 2 * 1^T z^(l)(x)`` at the witness.

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
    >>> check_theorem_2(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    layers = context.layers
    failures, n = [], 0
    regions = context.partition.regions
    for region, t, candidates in zip(regions, context.witness_traces, context.input_candidates):
        x = region.witness
        for l in range(len(layers)):
            n += 1
            if candidates[l] is not None and laguerre_argmin(candidates[l], x) != region.code[l]:
                failures.append(f"argmin at region {region.code}, layer {l + 1}")
            site = input_power_diagram(layers, l, region.code).cell(region.code[l])
            backprop = point_site(layers, x, l)
            same = (site.centroid, site.power_weight) == (backprop.centroid, backprop.power_weight)
            same = same and (region.sites[l].centroid, region.sites[l].power_weight) == (site.centroid, site.power_weight)
            if not same or power_distance(x, site) != dot(x, x) - 2 * sum(t.outputs[l]):
                failures.append(f"site of region {region.code}, layer {l + 1}")
    evidence = (
        f"{n} (region, layer) pairs: the region's power-diagram argmin is its code, and eqs. 31-32 (corrected), "
        f"J^T 1 by backprop and the enumerated region's site agree exactly{context.skipped()}"
    )
    return holds_unless(failures, evidence)


def lemma_7_offset(G: AffineMap, slope: Sequence[Fraction], offset: Fraction) -> Fraction:
    """Lemma 7's ``b = -||G^T A||^2 - 2 <A, h> - 2 B`` of one piece after ``x -> G x + h`` (``b = -rho``).

    Parameters
    ----------
    G : AffineMap
    slope : sequence of Fraction
        A.
    offset : Fraction
        B.

    Returns
    -------
    Fraction

    Examples
    --------
    >>> from exactpd.network.maso import identity_map
    >>> lemma_7_offset(identity_map(2), (Fraction(1), Fraction(2)), Fraction(1, 2))
    Fraction(-6, 1)
    """
    pulled = pulled_back(G, slope)
    return -dot(pulled, pulled) - 2 * dot(slope, G.h) - 2 * offset


def _lemma_7_pair(layer: MasoLayer, diagram: PowerDiagram, k: int, G: AffineMap, x, expected) -> list[str]:
    """Lemma 7 on units k and k + 1 of a layer on one region: its offsets equal -rho, its argmin is the pair's code."""
    failures = []
    pair = combine_unit_diagrams(PowerDiagram([diagram.factors[k]]), PowerDiagram([diagram.factors[k + 1]]))
    best, best_value = None, None
    for site in pair.sites():
        i, j = site.code
        a_i, a_j = layer.slopes[k][i], layer.slopes[k + 1][j]
        B_i, B_j = layer.offsets[k][i], layer.offsets[k + 1][j]
        b_ij = lemma_7_offset(G, a_i, B_i) + lemma_7_offset(G, a_j, B_j) - 2 * dot(pulled_back(G, a_i), pulled_back(G, a_j))
        a = tuple(p + q for p, q in zip(a_i, a_j))
        final = -2 * (B_i + B_j) - 2 * dot(a, G.h) - dot(pulled_back(G, a), pulled_back(G, a))
        if not b_ij == final == -site.power_weight or pulled_back(G, a) != site.centroid:
            failures.append("sites")
        gap = difference(x, site.centroid)
        value = dot(gap, gap) + b_ij
        if best_value is None or value < best_value:
            best, best_value = site.code, value
    if best != expected:
        failures.append("argmin")
    return failures


@register(
    "lemma-7",
    "Lemma 7",
    "Lemma 7: two units after x -> G x + h have the input-space sites mu_ij = G^T (A_1i + A_2j), "
    "b_ij = b_i + b_j - 2 <G^T A_1i, G^T A_2j> with b_i = -||G^T A_i||^2 - 2 <A_i, h> - 2 B_i, equal to "
    "-2 B - 2 A^T h - ||G^T A||^2 and to -rho of Theorem 2; argmin ||x - mu_ij||^2 + b_ij is the pair's code",
)
def check_lemma_7(context: CheckContext) -> Finding:
    """Lemma 7: two units after ``x -> G x + h``, in the ``+ b`` convention, on every region and layer.

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
    >>> check_lemma_7(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    '4 pairs of adjacent units on every region and layer: offsets and argmin exact'
    """
    layers = context.layers
    failures, n = [], 0
    for region in context.partition.regions:
        for l, layer in enumerate(layers):
            G = context.prior_map(region, l)
            diagram = input_power_diagram(layers, l, region.code)
            for k in range(layer.n_units - 1):
                n += 1
                expected = (region.code[l][k], region.code[l][k + 1])
                for what in _lemma_7_pair(layer, diagram, k, G, region.witness, expected):
                    failures.append(f"{what} of units ({l}, {k}), ({l}, {k + 1}) on region {region.code}")
    evidence = f"{n} pairs of adjacent units on every region and layer: offsets and argmin exact"
    return holds_unless(failures, evidence)
