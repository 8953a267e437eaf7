"""Checks of the results on cuts and bends: Examples 1-2, Fig. 5, Propositions 5 and 6.

Examples 1-2 and Fig. 5 look at the first layer's facets under weight
constraints; Propositions 5 and 6 compare the exact bends of the decision
boundary (eq. 26, :func:`exactpd.boundary.decision.decision_boundary`) with
their closed forms.  Bend angles are compared exactly, through the sign and
``cos^2`` of each bend (:func:`cos_order`); degrees are for the evidence text.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Sequence

from exactpd.boundary.decision import Bend, bend_degrees_float
from exactpd.checks.context import CheckContext, difference
from exactpd.checks.registry import Finding, holds_unless, not_applicable, register
from exactpd.enumeration import enumerate_regions
from exactpd.enumeration.partition import Partition
from exactpd.kernel.polytope import box
from exactpd.network.activation import activation_of
from exactpd.network.layers import Dense, Network
from exactpd.network.maso import MasoLayer, output_map
from exactpd.rational import QVector, dot, sign

__all__ = ["check_examples_1_2", "check_fig_5", "check_proposition_5", "check_proposition_6"]


def parallel(u: Sequence[Fraction], v: Sequence[Fraction]) -> bool:
    """Whether two non-zero vectors are parallel (all 2 x 2 minors vanish, exact).

    Parameters
    ----------
    u, v : sequences of Fraction

    Returns
    -------
    bool

    Examples
    --------
    >>> parallel((1, 2), (-2, -4)), parallel((1, 2), (2, 1))
    (True, False)
    """
    return all(u[i] * v[j] == u[j] * v[i] for i in range(len(u)) for j in range(i + 1, len(u)))


def single_unit_edges(partition: Partition, layer: int) -> list:
    """The edges across which exactly one unit flips, that unit in ``layer``: ``(edge, unit)`` pairs.

    Parameters
    ----------
    partition : Partition
    layer : int
        A nonlinear layer (0 for the paper's layer 1).

    Returns
    -------
    list of (Edge, int)

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> part = enumerate_regions(Network(1, [Dense([[1], [1]], [0, -1], "relu")]), box([-2], [2]))
    >>> [unit for _, unit in single_unit_edges(part, 0)]
    [0, 1]
    """
    return [(e, e.flips[0][1]) for e in partition.edges if len(e.flips) == 1 and e.flips[0][0] == layer]


# --------------------------------------------------------------------------- Examples 1-2


def axis(v: Sequence[Fraction]) -> int | None:
    """The coordinate of a vector with one non-zero entry, -1 for the zero vector, None otherwise.

    Parameters
    ----------
    v : sequence of Fraction

    Returns
    -------
    int or None

    Examples
    --------
    >>> axis((0, 3)), axis((0, 0)), axis((1, 1))
    (1, -1, None)
    """
    nonzero = [i for i, a in enumerate(v) if a != 0]
    return -1 if not nonzero else nonzero[0] if len(nonzero) == 1 else None


def _example_1(layer: MasoLayer) -> bool:
    """Every unit's pieces are zero or non-zero on one coordinate shared by the unit (Example 1 with E7's condition)."""
    for slopes in layer.slopes:
        axes = {axis(a) for a in slopes} - {-1}
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
        if len(nonzero) == 2 and not parallel(*nonzero):
            return False
    return True


@register(
    "examples-1-2",
    "Examples 1-2 (App. A.2)",
    "Examples 1-2 (App. A.2): neighbouring first-layer sites differ in one unit, so a first-layer facet between "
    "pieces r and s of unit k has normal A_{k,r} - A_{k,s}; with every unit's pieces on one shared axis "
    "(Example 1, with E7's condition) the facets are axis-parallel, with entries +-c (Example 2) diagonal",
)
def check_examples_1_2(context: CheckContext) -> Finding:
    """Examples 1-2: first-layer cut normals are A_{k,r} - A_{k,s}; axis-parallel / diagonal under the constraints.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, axis_parallel_layer, box, enumerate_regions
    >>> net = Network(2, [axis_parallel_layer(2, [0, 1], [1, 2], [0, "1/2"]), Dense([[1, 1]], [-1])])
    >>> check_examples_1_2(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    '4 first-layer facets, each normal to A_{k,r} - A_{k,s} of its unit; Example 1 applies: all axis-parallel'
    """
    partition, layers = context.partition, context.layers
    if not layers:
        return not_applicable("the network has no nonlinear layer")
    layer = layers[0]
    failures = []
    edges = single_unit_edges(partition, 0)
    ex1, ex2 = _example_1(layer), _example_2(layer)
    for edge, k in edges:
        row, _ = edge.hyperplane
        r, s = partition.regions[edge.u].code[0][k], partition.regions[edge.v].code[0][k]
        if not parallel(row, difference(layer.slopes[k][r], layer.slopes[k][s])):
            failures.append(f"edge ({edge.u}, {edge.v}) of unit {k}")
        if ex1 and sum(1 for a in row if a) != 1:
            failures.append(f"edge ({edge.u}, {edge.v}) is not axis-parallel")
        if ex2 and len({abs(a) for a in row}) != 1:
            failures.append(f"edge ({edge.u}, {edge.v}) is not diagonal")
    if ex1:
        constraint = "Example 1 applies: all axis-parallel"
    elif ex2:
        constraint = "Example 2 applies: all diagonal"
    else:
        constraint = "neither weight constraint holds on layer 1"
    evidence = f"{len(edges)} first-layer facets, each normal to A_{{k,r}} - A_{{k,s}} of its unit; {constraint}"
    return holds_unless(failures, evidence)


# --------------------------------------------------------------------------- Fig. 5


def _directions(layer: MasoLayer) -> list[QVector] | None:
    """One representative per parallel class of the two-piece units' cut normals (None if a unit has R >= 3)."""
    if any(n != 2 for n in layer.n_pieces):
        return None
    classes: list[QVector] = []
    for slopes in layer.slopes:
        normal = difference(slopes[1], slopes[0])
        if any(normal) and not any(parallel(normal, c) for c in classes):
            classes.append(normal)
    return classes


@register(
    "fig-5",
    "Fig. 5",
    "Fig. 5: a first layer whose weight rows share one direction makes parallel cuts (spaced by the biases); rows "
    "from two orthogonal directions make two families of parallel cuts, orthogonal to each other",
)
def check_fig_5(context: CheckContext) -> Finding:
    """Fig. 5: rank-1 first layer -> parallel cuts; two orthogonal weight families -> two orthogonal families of cuts.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions, rank_one_layer
    >>> net = Network(2, [rank_one_layer([1, 2], [0, "1/2", 1]), Dense([[1, 1, 1]], [-1])])
    >>> check_fig_5(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    'rank 1: the first-layer facets lie on 3 parallel cuts'
    """
    partition, layers = context.partition, context.layers
    classes = _directions(layers[0]) if layers else None
    if classes is None or not 1 <= len(classes) <= 2 or (len(classes) == 2 and dot(*classes) != 0):
        found = "no two-piece first layer" if classes is None else f"{len(classes)} cut directions"
        return not_applicable(f"{found} on layer 1 (Fig. 5 needs one, or two orthogonal)")
    failures = []
    cuts: dict[int, set] = {i: set() for i in range(len(classes))}
    for edge in (e for e in partition.edges if all(l == 0 for l, _ in e.flips)):
        row, rhs = edge.hyperplane
        family = [i for i, c in enumerate(classes) if parallel(row, c)]
        if not family:
            failures.append(f"edge ({edge.u}, {edge.v}) is in no family")
            continue
        first = next(a for a in row if a)
        cuts[family[0]].add((tuple(a * sign(first) for a in row), rhs * sign(first)))
    sizes = " and ".join(f"{len(c)} parallel cuts" for c in cuts.values())
    kind = "rank 1" if len(classes) == 1 else "two orthogonal directions"
    return holds_unless(failures, f"{kind}: the first-layer facets lie on {sizes}")


# --------------------------------------------------------------------------- Propositions 5 and 6


@dataclass(frozen=True)
class TwoLayer:
    """The data of Proposition 5 on a qualifying network (one hidden layer, orthogonal rows, affine output).

    Attributes
    ----------
    rows : tuple of QVector
        The first-layer rows ``W1_d``.
    weights : tuple of Fraction
        The output weights ``w_d`` of f (of ``z_0 - z_1`` with two outputs).
    s_off, s_on : Fraction
        The slopes of the hidden activation's two pieces (relu 0 and 1, leaky eta and 1, abs -1 and 1).
    Examples
    --------
    >>> TwoLayer((), (), Fraction(0), Fraction(1)).relu
    True

    """

    rows: tuple
    weights: tuple
    s_off: Fraction
    s_on: Fraction

    @property
    def relu(self) -> bool:
        """Whether the hidden activation is relu (``s_off = 0``), as Proposition 6 needs."""
        return self.s_off == 0


def two_layer(context: CheckContext) -> TwoLayer | str:
    """The :class:`TwoLayer` data of a network that meets Proposition 5's hypotheses, or why it does not.

    Parameters
    ----------
    context : CheckContext

    Returns
    -------
    TwoLayer or str
        The data, or the reason (for the evidence of a result that does not apply).

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 2]], [-1])])
    >>> two_layer(CheckContext(enumerate_regions(net, box([-1, -1], [1, 1])))).s_off
    Fraction(-1, 1)
    """
    net, layers = context.network, context.layers
    out = output_map(net)
    if len(layers) != 1 or out is None:
        no_output = "" if out is not None else " and no output layer"
        return f"the network has {len(layers)} nonlinear layers{no_output} (Prop. 5 needs one hidden layer and an affine output)"
    layer = layers[0]
    source = net.layers[layer.source]
    activation = activation_of(source) if isinstance(source, Dense) else None
    if activation is None:
        return f"the hidden layer is {layer.kind} (Prop. 5 needs relu, leaky_relu or abs)"
    rows = tuple(slopes[1] for slopes in layer.slopes)
    for i, j in combinations(range(len(rows)), 2):
        if dot(rows[i], rows[j]) != 0:
            return f"first-layer rows {i} and {j} are not orthogonal"
    G = out.G if out.out_dim == 1 else (difference(out.G[0], out.G[1]),)
    return TwoLayer(rows, tuple(G[0]), activation.negative_slope, Fraction(1))


@dataclass(frozen=True)
class PredictedBend:
    """An exact bend across one first-layer unit and Proposition 5's prediction for it.

    Attributes
    ----------
    bend : Bend
        The exact bend of the decision boundary (eq. 26).
    unit : int
        d', the unit that flips.
    S, a : Fraction
        ``S = sum_{d != d'} s_d^2 w_d^2 ||W1_d||^2`` and ``a = w_{d'}^2 ||W1_{d'}||^2``.
    cos2 : Fraction
        The predicted ``cos^2 theta``.
    sign : int
        The predicted sign of ``cos theta``.
    active : int
        The number of first-layer units on, d' counted.
    Examples
    --------
    >>> from exactpd.boundary.decision import Bend
    >>> PredictedBend(Bend(0, 1, 0, Fraction(1, 2), 1, ()), 0, Fraction(1), Fraction(1), Fraction(1, 2), 1, 2).matches
    True

    """

    bend: Bend
    unit: int
    S: Fraction
    a: Fraction
    cos2: Fraction
    sign: int
    active: int

    @property
    def matches(self) -> bool:
        """Whether the exact bend equals the prediction (cos^2 and sign)."""
        return (self.bend.cos2, self.bend.sign) == (self.cos2, self.sign)


def predicted_bends(context: CheckContext, data: TwoLayer) -> list[PredictedBend]:
    """Every bend of the decision boundary across a single first-layer unit, with Proposition 5's prediction.

    ``cos theta = (S + s_off s_on a) / sqrt((S + s_off^2 a)(S + s_on^2 a))``
    (the corrected Prop. 5, errata E1, for any two-piece unit).
    Parameters
    ----------
    context : CheckContext
    data : TwoLayer
        From :func:`two_layer`.

    Returns
    -------
    list of PredictedBend

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> context = CheckContext(enumerate_regions(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])]), box([-2, -2], [2, 2])))
    >>> [(p.cos2, p.active) for p in predicted_bends(context, two_layer(context))]
    [(Fraction(1, 2), 2), (Fraction(1, 2), 2)]

    """
    partition = context.partition
    a = [w * w * dot(row, row) for w, row in zip(data.weights, data.rows)]
    found = []
    for bend in context.decision.bends:
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
        found.append(PredictedBend(bend, d, S, a[d], inner * inner / norms, sign(inner), active))
    return found


@register(
    "proposition-5",
    "Proposition 5, eq. 30 (corrected, E1)",
    "Proposition 5 (corrected, E1; generalised to any two-piece unit): in a 2-layer net with orthogonal first-layer "
    "rows, the decision boundary bends across unit d' by cos theta = (S + s_off s_on a) / sqrt((S + s_off^2 a)"
    "(S + s_on^2 a)), a = w_{d'}^2 ||W1_{d'}||^2, S = sum_{d != d'} s_d^2 w_d^2 ||W1_d||^2; relu: sqrt(S / (S + a))",
)
def check_proposition_5(context: CheckContext) -> Finding:
    """Prop. 5 corrected (E1) and its two-piece generalisation, against the exact bends of the decision boundary.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> check_proposition_5(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence.split(";")[0]
    '2 bends across a single first-layer unit, all equal to the formula (cos^2 and sign exact)'
    """
    data = two_layer(context)
    if isinstance(data, str):
        return not_applicable(data)
    bends = predicted_bends(context, data)
    failures = [
        f"bend ({p.bend.u}, {p.bend.v}): exact cos^2 {p.bend.cos2}, sign {p.bend.sign}; formula {p.cos2}, sign {p.sign}"
        for p in bends
        if not p.matches
    ]
    examples = "; ".join(
        f"bend ({p.bend.u}, {p.bend.v}) across unit {p.unit}: S = {p.S}, a = {p.a}, cos^2 = {p.cos2}" for p in bends[:2]
    )
    evidence = f"{len(bends)} bends across a single first-layer unit, all equal to the formula (cos^2 and sign exact)"
    return holds_unless(failures, evidence + (f"; {examples}" if examples else ""))


def cos_order(bend: Bend) -> Fraction:
    """``sign * cos^2`` of a bend: strictly increasing in ``cos theta``, so strictly decreasing in the angle.

    ``t -> t |t|`` is strictly increasing, and ``theta -> cos theta`` strictly
    decreasing on ``[0, pi]``; so ``theta_1 >= theta_2`` exactly when
    ``cos_order(b_1) <= cos_order(b_2)``, decided in rationals (no square root).

    Parameters
    ----------
    bend : Bend

    Returns
    -------
    Fraction

    Examples
    --------
    >>> from exactpd.boundary.decision import Bend
    >>> acute, right, obtuse = (Bend(0, 1, 0, Fraction(c), s, ()) for c, s in (("3/4", 1), (0, 0), ("1/4", -1)))
    >>> cos_order(acute) > cos_order(right) > cos_order(obtuse)
    True
    """
    return bend.sign * bend.cos2


def bends_by_activity(bends: Sequence[PredictedBend]) -> str:
    """The bend angles grouped by active first-layer units, in degrees (for the evidence; floats only for display).

    Parameters
    ----------
    bends : sequence of PredictedBend

    Returns
    -------
    str
        ``"n active: a-b deg"`` per number of active units ("" without bends).

    Examples
    --------
    >>> bends_by_activity([])
    ''
    """
    by_active: dict[int, list[float]] = {}
    for p in bends:
        by_active.setdefault(p.active, []).append(bend_degrees_float(p.bend))
    return ", ".join(
        f"{n} active: {min(v):.1f}-{max(v):.1f} deg" if min(v) != max(v) else f"{n} active: {v[0]:.1f} deg"
        for n, v in sorted(by_active.items())
    )


def fewer_active_bend_more(bends: Sequence[PredictedBend]) -> bool:
    """Whether fewer active units always give a bend at least as large (Prop. 6 as printed), decided exactly.

    Compares the angles by :func:`cos_order`: ``theta_1 >= theta_2`` when
    ``cos_order(b_1) <= cos_order(b_2)``.
    Parameters
    ----------
    bends : sequence of PredictedBend

    Returns
    -------
    bool

    Examples
    --------
    >>> fewer_active_bend_more([])
    True

    """
    keys = [(p.active, cos_order(p.bend)) for p in bends]
    return all(c1 <= c2 for n1, c1 in keys for n2, c2 in keys if n1 < n2)


@register(
    "proposition-6",
    "Proposition 6 (hypothesis corrected, E8)",
    "Proposition 6 (with E8's extra condition): in a 2-layer relu net with orthogonal first-layer rows and every "
    "a_d = w_d^2 ||W1_d||^2 equal, a bend with n other active units has cos^2 theta = n / (n + 1): fewer active "
    "units, larger bend",
)
def check_proposition_6(context: CheckContext) -> Finding:
    """Prop. 6 with the extra condition of E8: bend vs number of active first-layer units.

    Parameters
    ----------
    context : Partition or CheckContext

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> check_proposition_6(enumerate_regions(net, box([-2, -2], [2, 2]))).evidence
    'bends by active first-layer units: 2 active: 45.0 deg'
    """
    data = two_layer(context)
    if isinstance(data, str):
        return not_applicable(data)
    if not data.relu:
        return not_applicable("the hidden layer is not relu")
    bends = predicted_bends(context, data)
    statistic = bends_by_activity(bends) or "no bend"
    if len({w * w * dot(row, row) for w, row in zip(data.weights, data.rows)}) > 1:
        trend = "fewer active units give larger bends here" if fewer_active_bend_more(bends) else "the printed trend fails here"
        return not_applicable(f"the a_d are not all equal (E8); bends: {statistic}; {trend}")
    failures = [f"bend ({p.bend.u}, {p.bend.v})" for p in bends if p.bend.cos2 != Fraction(p.active - 1, p.active)]
    if not fewer_active_bend_more(bends):
        failures.append("fewer active units do not always give larger bends")
    return holds_unless(failures, f"bends by active first-layer units: {statistic}")


def spec_counterexample(weights: Sequence, output_bias, lows, highs) -> Partition:
    """The spec's 2-layer relu counter-examples: ``W1 = I``, ``W2 = weights``, enumerated in a box.

    Parameters
    ----------
    weights : sequence of numbers
        The output weights W2.
    output_bias : number
    lows, highs : sequences of numbers
        The box.

    Returns
    -------
    Partition

    Examples
    --------
    >>> len(spec_counterexample([1, 1], -1, [-2, -2], [2, 2]))
    4
    """
    n = len(weights)
    identity = [[int(i == j) for j in range(n)] for i in range(n)]
    net = Network(n, [Dense(identity, [0] * n, "relu"), Dense([list(weights)], [output_bias])])
    return enumerate_regions(net, box(lows, highs))
