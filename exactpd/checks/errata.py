"""The spec's errata E1-E11 shown on a network: the printed form next to the corrected one, with the evidence.

Each check evaluates the printed formula and the corrected one with the same
exact machinery and counts how often each gives the truth (the forward code,
the exact bend, the counted cost); it holds when the corrected form is always
right.  An erratum whose case does not occur on the network is shown on the
spec's own counter-example instead.
"""

from __future__ import annotations

import statistics
from fractions import Fraction
from itertools import combinations
from math import prod
from typing import Sequence

from exactpd.checks.boundary import (
    axis,
    bends_by_activity,
    check_examples_1_2,
    fewer_active_bend_more,
    predicted_bends,
    single_unit_edges,
    spec_counterexample,
    two_layer,
)
from exactpd.checks.context import (
    CheckContext,
    MAX_SITES,
    difference,
    laguerre_argmin,
    laguerre_candidates,
    layer_inputs,
    n_sites,
    spread,
)
from exactpd.checks.partition import region_degree
from exactpd.checks.power import pulled_back
from exactpd.checks.registry import Finding, Status, holds_unless, register
from exactpd.geometry.powerdiagram import (
    PowerSite,
    chordale,
    combine_unit_diagrams,
    locate_brute_force,
    map_site,
    unit_power_diagram,
)
from exactpd.rational import QVector, dot, sign

__all__ = ["check_e1", "check_e2", "check_e3", "check_e4", "check_e5", "check_e6", "check_e7", "check_e8", "check_e9", "check_e10", "check_e11"]

SAMPLE = 32
"""How many region witnesses the errata statistics (E2-E4, E11) use at most."""


def percent(good: int, total: int) -> str:
    """``"good/total (p %)"``, or ``"0/0"``.

    Parameters
    ----------
    good, total : int

    Returns
    -------
    str

    Examples
    --------
    >>> percent(3, 4), percent(0, 0)
    ('3/4 (75.0 %)', '0/0')
    """
    return f"{good}/{total} ({100 * good / total:.1f} %)" if total else "0/0"


def _corrected_always_right(corrected: int, total: int, what: str = "corrected right") -> list[str]:
    return [] if corrected == total else [f"{what} on {corrected} of {total}"]


@register(
    "e1",
    "errata E1 (Prop. 5, eq. 30)",
    "E1 (Prop. 5, eq. 30): printed cos theta = (1 + |w_{d'}| ||W1_{d'}|| / sum_{d != d', on} |w_d| ||W1_d||)^-1; "
    "corrected sqrt(S / (S + a)) with squares (a_d = w_d^2 ||W1_d||^2)",
)
def check_e1(context: CheckContext) -> Finding:
    """E1: Prop. 5 as printed (eq. 30) vs corrected, against exact bends (sympy for the square roots).

    On a network that Prop. 5 does not apply to (or that is not relu), the
    spec's counter-example ``W1 = I2, W2 = (1, 1)`` is used.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 2]], [-1])])
    >>> check_e1(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split(" (")[0]
    'on this network: the corrected form equals all 2 exact bends; the printed form differs on 2'
    """
    import sympy

    from exactpd.checks.symbolic import bend_cosine, printed_proposition_5_cosine, rational

    data = two_layer(context)
    where = "this network"
    if isinstance(data, str) or not data.relu:
        reason = data if isinstance(data, str) else "the hidden layer is not relu"
        where = "the spec's counter-example W1 = I2, W2 = (1, 1) (this network: " + reason + ")"
        context = CheckContext(spec_counterexample([1, 1], -1, [-2, -2], [2, 2]))
        data = two_layer(context)
    failures, mismatched, shown = [], 0, []
    bends = predicted_bends(context, data)
    for p in bends:
        if not p.matches:
            failures.append(f"corrected formula at bend ({p.bend.u}, {p.bend.v})")
        code = context.partition.regions[context.partition.edges[p.bend.edge].u].code[0]
        others = [
            (rational(w), sympy.sqrt(rational(dot(r, r))))
            for i, (w, r, c) in enumerate(zip(data.weights, data.rows, code))
            if i != p.unit and c == 1
        ]
        if not others:
            continue
        flip_norm = sympy.sqrt(rational(dot(data.rows[p.unit], data.rows[p.unit])))
        printed = printed_proposition_5_cosine(rational(data.weights[p.unit]), flip_norm, others)
        exact = bend_cosine(p.bend)
        if sympy.simplify(printed - exact) != 0:
            mismatched += 1
            if len(shown) < 2:
                shown.append(f"bend ({p.bend.u}, {p.bend.v}): printed {printed}, exact cos {exact} (cos^2 {p.bend.cos2})")
    evidence = (
        f"on {where}: the corrected form equals all {len(bends)} exact bends; the printed form differs on "
        f"{mismatched}" + (f" ({'; '.join(shown)})" if shown else "")
    )
    return holds_unless(failures, evidence)


@register(
    "e2",
    "errata E2 (Lemma 5 proof)",
    "E2 (Lemma 5 proof, last line): printed b_ij = ||A_1i||^2 + 2 B_1i + ||A_2j||^2 + 2 B_2j + 2 <A_1i, A_2j> (= +rho_ij); "
    "corrected b_ij = -rho_ij, i.e. argmin ||u - mu_ij||^2 - rho_ij",
)
def check_e2(context: CheckContext) -> Finding:
    """E2: Lemma 5's printed last line (b = +rho) vs corrected (b = -rho), on every pair of adjacent units.

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
    >>> check_e2(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    layers = context.layers
    sample = spread(context.witness_traces, SAMPLE)
    printed = corrected = total = 0
    pairs = []
    for layer in layers:
        sites = [
            list(combine_unit_diagrams(unit_power_diagram(layer, k), unit_power_diagram(layer, k + 1)).sites())
            for k in range(layer.n_units - 1)
        ]
        pairs.append([(laguerre_candidates(s), laguerre_candidates(s, -1)) for s in sites])
    for t in sample:
        for l, u in enumerate(layer_inputs(t)):
            for k, (right, wrong) in enumerate(pairs[l]):
                truth = (t.code[l][k], t.code[l][k + 1])
                total += 1
                corrected += laguerre_argmin(right, u) == truth
                printed += laguerre_argmin(wrong, u) == truth
    evidence = f"pair codes at {len(sample)} region witnesses: printed sign right on {percent(printed, total)}, corrected on {percent(corrected, total)}"
    return holds_unless(_corrected_always_right(corrected, total, "corrected sign right"), evidence)


def _printed_e3_sites(context: CheckContext, region, l: int) -> list[PowerSite]:
    """Eq. 32 as printed on a region: ``G^T`` applied to the already pulled-back centroid (E3)."""
    G = context.prior_map(region, l)
    wrong = []
    for site in context.sites[l]:
        mu_x = pulled_back(G, site.centroid)
        beta = (site.power_weight - dot(site.centroid, site.centroid)) / 2
        b = -dot(pulled_back(G, mu_x), pulled_back(G, mu_x)) - 2 * dot(mu_x, G.h) - 2 * beta
        wrong.append(PowerSite(mu_x, -b, site.code))
    return wrong


@register(
    "e3",
    "errata E3 (eq. 32)",
    "E3 (eq. 32): printed rad = -||G^T mu^(1<-2)||^2 - 2 mu^(1<-2)^T h - 2 sum B with mu^(1<-2) = G^T mu (G^T twice; "
    "defined only when D(l-1) = D(0)); corrected b = -||G^T mu||^2 - 2 <mu, h> - 2 beta (rho = -b, Theorem 2)",
)
def check_e3(context: CheckContext) -> Finding:
    """E3: eq. 32 as printed (G^T applied twice) vs corrected, where the printed form is defined.

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
    >>> check_e3(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    layers, dim = context.layers, context.network.input_dim
    printed = corrected = total = 0
    defined = [l for l, layer in enumerate(layers) if l > 0 and layer.input_dim == dim and n_sites(layer) <= MAX_SITES]
    for region, candidates in zip(context.partition.regions, context.input_candidates):
        for l in range(len(layers)):
            if candidates[l] is None:
                continue
            total += 1
            corrected += laguerre_argmin(candidates[l], region.witness) == region.code[l]
            if l in defined:
                wrong = laguerre_candidates(_printed_e3_sites(context, region, l))
                printed += laguerre_argmin(wrong, region.witness) == region.code[l]
    n_printed = len(context.partition.regions) * len(defined)
    if defined:
        shown = f"printed right on {percent(printed, n_printed)} (layers {', '.join(str(l + 1) for l in defined)})"
    else:
        widths = ", ".join(f"D({l}) = {layer.input_dim}" for l, layer in enumerate(layers))
        shown = f"the printed form is not defined on this network ({widths}: no later layer has D(l-1) = D(0))"
    evidence = f"{shown}; corrected right on {percent(corrected, total)} (region, layer) pairs"
    return holds_unless(_corrected_always_right(corrected, total), evidence)


def sign_sqrt_gap(p: Fraction, q: Fraction, c: Fraction) -> int:
    """The sign of ``sqrt(p) - sqrt(q) - c`` for rationals ``p, q >= 0``, exactly (no square root is taken).

    Parameters
    ----------
    p, q : Fraction
        Non-negative.
    c : Fraction

    Returns
    -------
    int
        -1, 0 or 1.

    Examples
    --------
    >>> sign_sqrt_gap(Fraction(4), Fraction(1), Fraction(1)), sign_sqrt_gap(Fraction(2), Fraction(0), Fraction(3, 2))
    (0, -1)
    """
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
        gap = difference(u, site.centroid)
        d2 = dot(gap, gap)
        if best is None or sign_sqrt_gap(d2, best[1], site.power_weight - best[2]) < 0:
            best = (site.code, d2, site.power_weight)
    return best[0]


@register(
    "e4",
    "errata E4 (eq. 29)",
    "E4 (eq. 29): printed argmin_r ||z - mu_r|| - rad_r (no square); corrected ||z - mu_r||^2 - rad_r",
)
def check_e4(context: CheckContext) -> Finding:
    """E4: eq. 29 without the square vs the Laguerre distance.

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
    >>> check_e4(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    sample = spread(context.witness_traces, SAMPLE)
    printed = corrected = total = 0
    for t in sample:
        for l, u in enumerate(layer_inputs(t)):
            sites = context.sites[l]
            if sites is None:
                continue
            total += 1
            corrected += laguerre_argmin(context.layer_candidates[l], u) == t.code[l]
            printed += _argmin_unsquared(sites, u) == t.code[l]
    evidence = (
        f"layer codes at {len(sample)} region witnesses: unsquared right on {percent(printed, total)}, "
        f"squared on {percent(corrected, total)}{context.skipped()}"
    )
    return holds_unless(_corrected_always_right(corrected, total), evidence)


@register("e5", "errata E5 (Theorem 4 proof)", "E5 (Theorem 4 proof): printed degree of Pol_L prod_l D(l); corrected sum_l D(l)")
def check_e5(context: CheckContext) -> Finding:
    """E5: the degree of the partition polynomial is sum_l D(l), not prod_l D(l).

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
    >>> check_e5(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split(";")[0]
    'printed prod D(l) = 2, corrected sum D(l) = 3'
    """
    layers = context.layers
    widths = [layer.n_units for layer in layers]
    degrees = [region_degree(context, r) for r in context.partition.regions]
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
    return holds_unless(failures, evidence)


@register(
    "e6",
    "errata E6 (Lemma 4)",
    "E6 (Lemma 4): printed brute-force cost O(R^D(l) R D(l-1)); corrected R^D(l) D(l-1) multiply-adds (one per site and coordinate)",
)
def check_e6(context: CheckContext) -> Finding:
    """E6: Lemma 4's brute-force cost, counted.

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
    >>> check_e6(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    'layer 1: counted 8 = corrected 8 (printed 16)'
    """
    failures, parts = [], []
    t = context.witness_traces[0] if context.partition.regions else None
    for l, layer in enumerate(context.layers):
        if n_sites(layer) > MAX_SITES or t is None:
            continue
        counted = locate_brute_force(layer, layer_inputs(t)[l]).operations
        corrected = n_sites(layer) * layer.input_dim
        printed = n_sites(layer) * max(layer.n_pieces) * layer.input_dim
        if counted != corrected:
            failures.append(f"layer {l + 1}: counted {counted}")
        parts.append(f"layer {l + 1}: counted {counted} = corrected {corrected} (printed {printed})")
    return holds_unless(failures, ("; ".join(parts) or "no layer") + context.skipped())


@register(
    "e7",
    "errata E7 (Example 1)",
    "E7 (Example 1): printed: axis-aligned slopes give axis-parallel cuts; corrected: only when the two pieces "
    "meeting at the cut use the same axis (true for relu, leaky, abs); pieces c e_i and c' e_j (i != j) cut along "
    "the oblique normal c' e_j - c e_i",
)
def check_e7(context: CheckContext) -> Finding:
    """E7: Example 1 needs each unit's pieces to share the axis; otherwise the cut is oblique.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Maso, Network, box, enumerate_regions
    >>> net = Network(2, [Maso([[[1, 0], [0, 2], [0, 0]]], [[0, 0, "-1/2"]]), Dense([[1]], [-1])])
    >>> check_e7(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split(" (")[1]
    '1 oblique)'
    """
    partition, layers = context.partition, context.layers
    failures, cases, oblique = [], 0, 0
    if layers:
        layer = layers[0]
        for edge, k in single_unit_edges(partition, 0):
            r, s = partition.regions[edge.u].code[0][k], partition.regions[edge.v].code[0][k]
            axes = {axis(layer.slopes[k][r]), axis(layer.slopes[k][s])}
            if None in axes:
                continue
            cases += 1
            shared = len(axes - {-1}) <= 1
            is_parallel = sum(1 for a in edge.hyperplane[0] if a) == 1
            oblique += not is_parallel
            if shared != is_parallel:
                failures.append(f"edge ({edge.u}, {edge.v})")
    if cases:
        evidence = f"{cases} first-layer facets between axis-aligned pieces: axis-parallel exactly when the pieces share the axis ({oblique} oblique)"
    else:
        normal, _ = chordale(PowerSite((1, 0), 1), PowerSite((0, 2), 4))
        evidence = (
            "no first-layer facet between axis-aligned pieces on this network; spec example, a unit with pieces "
            f"(1, 0) and (0, 2): chordale normal {tuple(str(v) for v in normal)}, oblique"
        )
    return holds_unless(failures, evidence)


_E8_COUNTEREXAMPLES = (
    (1, "-15/2", [-1, "1/2", -1, -1, -1, -1, -1], [1, 1, "-1/2", "-1/2", "-1/2", "-1/2", "-1/2"]),
    (5, "-7/20", [-1, -1, "1/2", "1/2", "1/2", "1/2", "1/2"], [1, "-1/2", 1, 1, 1, 1, 1]),
)
"""The spec's E8 counter-example W2 = (1, 10, 1/10, ...) in two boxes: ``(active units, output bias, lows, highs)``."""


@register(
    "e8",
    "errata E8 (Prop. 6)",
    "E8 (Prop. 6): printed: with equal first-layer row norms, fewer active units give larger bends; corrected: "
    "this also needs equal |w_d| (equal a_d = w_d^2 ||W1_d||^2); the bend is sqrt(S / (S + a)) (Prop. 5)",
)
def check_e8(context: CheckContext) -> Finding:
    """E8: Prop. 6 needs equal a_d, shown on the network's bends or on the spec's counter-example.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 3]], [-1])])
    >>> check_e8(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split(" (")[0]
    'on this network: 2 active: 18.4-71.6 deg'
    """
    data = two_layer(context)
    if not isinstance(data, str) and data.relu:
        bends = predicted_bends(context, data)
        where = "this network"
    else:
        bends = []
        for _, bias, low, high in _E8_COUNTEREXAMPLES:
            example = CheckContext(spec_counterexample([1, 10, "1/10", "1/10", "1/10", "1/10", "1/10"], bias, low, high))
            bends += predicted_bends(example, two_layer(example))
        where = "the spec's counter-example W1 = I7, W2 = (1, 10, 1/10, 1/10, 1/10, 1/10, 1/10)"
    failures = [f"bend ({p.bend.u}, {p.bend.v})" for p in bends if not p.matches]
    trend = "holds" if fewer_active_bend_more(bends) else "fails"
    cos2 = ", ".join(f"{p.active} active: cos^2 {p.bend.cos2}" for p in bends[:4])
    evidence = f"on {where}: {bends_by_activity(bends) or 'no bend'} ({cos2}); the printed trend {trend}; every bend equals the corrected formula"
    return holds_unless(failures, evidence)


@register(
    "e9",
    "errata E9 (the authors' code)",
    "E9 (authors' code): Table 1 computes the centroid as J^T z^(l) (gradients with grad_ys = the layer); "
    "corrected J^T 1, the Theorem-2 centroid; their dense distance script measured before batch-norm "
    "(exactpd folds batch-norm into the weights, so its eq. 20 uses the true pre-activation)",
)
def check_e9(context: CheckContext) -> Finding:
    """E9: the authors' Table-1 code uses J^T z; the power-diagram centroid is J^T 1.

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
    >>> check_e9(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    failures, ratios, differ, n = [], [], 0, 0
    for region, t in zip(context.partition.regions, context.witness_traces):
        for l in range(len(context.layers)):
            n += 1
            true_site = region.sites[l]
            if true_site != map_site(region.maps[l], region.code[l]):
                failures.append(f"region {region.code}, layer {l + 1}")
            gap = difference(pulled_back(region.maps[l], t.outputs[l]), true_site.centroid)
            if any(gap):
                differ += 1
                norm = dot(true_site.centroid, true_site.centroid)
                if norm:
                    ratios.append(float(dot(gap, gap) / norm) ** 0.5)
    median = f" (median relative difference {statistics.median(ratios):.2f})" if ratios else ""
    evidence = f"J^T z differs from J^T 1 on {differ} of {n} (region, layer) pairs at the witnesses{median}; J^T 1 is the region's site on all"
    return holds_unless(failures, evidence)


@register(
    "e10",
    "errata E10 (App. A.2 text)",
    "E10 (App. A.2 text): printed 'the Proposition 4 translates into...'; the result used is Theorem 1/2 "
    "(neighbouring sites differ in one unit, so cut normals are A_{k,r} - A_{k,s})",
)
def check_e10(context: CheckContext) -> Finding:
    """E10: a cross-reference (App. A.2 cites Proposition 4 where Theorem 1/2 is meant); the meant result is checked.

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
    >>> check_e10(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    'a reading erratum, no formula; the statement meant is checked as examples-1-2 (holds)'
    """
    result = check_examples_1_2(context)
    evidence = f"a reading erratum, no formula; the statement meant is checked as examples-1-2 ({'holds' if result.holds else 'fails'})"
    return Finding(Status.HOLDS if result.holds else Status.FAILS, evidence)


def _e11_sites(layer, sites: Sequence[PowerSite]) -> tuple[list[PowerSite], list[PowerSite]]:
    """The authors' figure-code radii and the corrected ones, on the sites of one layer."""
    wrong, right = [], []
    for site in sites:
        slopes = [layer.slopes[k][r] for k, r in enumerate(site.code)]
        cross = sum((dot(slopes[i], slopes[j]) for i, j in combinations(range(len(slopes)), 2)), Fraction(0))
        radii = sum(dot(a, a) + 2 * layer.offsets[k][r] for k, (a, r) in enumerate(zip(slopes, site.code)))
        offsets = sum(layer.offsets[k][r] for k, r in enumerate(site.code))
        right.append(PowerSite(site.centroid, radii + 2 * cross, site.code))
        wrong.append(PowerSite(site.centroid, offsets - 2 * cross, site.code))
    return wrong, right


@register(
    "e11",
    "errata E11 (the authors' figure code)",
    "E11 (authors' figure code): layer radius composed as sum_k B_{k,r_k} - 2 sum_{i<j} <A_i, A_j> with argmin "
    "||x - mu||^2 - r; corrected sum_k rho_{k,r_k} + 2 sum_{i<j} <A_i, A_j> (= Theorem 1's rho_r)",
)
def check_e11(context: CheckContext) -> Finding:
    """E11: the authors' figure code composes layer radii with the wrong sign and terms.

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
    >>> check_e11(enumerate_regions(net, box([-2, -2], [2, 2]))).holds
    True
    """
    sample = spread(context.witness_traces, SAMPLE)
    failures, printed, corrected, total = [], 0, 0, 0
    for l, (layer, sites) in enumerate(zip(context.layers, context.sites)):
        if sites is None:
            continue
        wrong, right = _e11_sites(layer, sites)
        if [s.power_weight for s in right] != [s.power_weight for s in sites]:
            failures.append(f"layer {l + 1}: the corrected radii are not Theorem 1's")
        right, wrong = laguerre_candidates(right), laguerre_candidates(wrong)
        for t in sample:
            u = layer_inputs(t)[l]
            total += 1
            corrected += laguerre_argmin(right, u) == t.code[l]
            printed += laguerre_argmin(wrong, u) == t.code[l]
    failures += _corrected_always_right(corrected, total)
    evidence = (
        f"layer codes at {len(sample)} region witnesses: printed radii right on {percent(printed, total)}, "
        f"corrected on {percent(corrected, total)} (equal to Theorem 1's rho on every site){context.skipped()}"
    )
    return holds_unless(failures, evidence)
