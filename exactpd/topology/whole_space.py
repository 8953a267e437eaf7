"""The topology of decision sets over all of R^D, computed exactly in one proven box (issue 14).

Over R^D the regions are unbounded, so the complex of
:mod:`exactpd.topology.faces` does not exist.  Instead the sets are computed
in a box ``B = [-M, M]^D`` chosen so that, for every set X asked about, the
inclusion ``X ∩ B -> X`` induces isomorphisms in homology (with any
coefficients).  The proof, for a network f and the affine functions
``g = w . f + c`` of its outputs whose zero sets the question cuts by (``f - t``
for ``{f op t}``, every ``f_i - f_j`` for the class regions):

1. *The complex.*  The closed regions of f over R^D form a polyhedral complex
   K; cut by the zero sets of the g's (each continuous and affine on every
   cell, so the cut stays face to face) it gives a complex K' on every cell
   of which each g has one sign.  Every set asked about is a finite union of
   cells of K' (closed sets) or the positive part of a function h that is
   affine and >= 0 on each cell of a subfamily of K' (the open sets
   ``{h > 0}``, h = f - t or h = f_c - max_{j != c} f_j).
2. *Minimal faces.*  Every nonempty intersection of cells of K' is a cell
   of K' and contains a minimal face of K'.  A minimal face is a flat
   ``{A_I x = b_I}`` of integer rows: the cut rows of the units under one
   activation pattern and the rows of the g's on one region.  The auxiliary
   network ``net`` followed by one ``abs`` unit per g has exactly these cut
   rows, so :func:`~exactpd.enumeration.complex_engine.artificial_box_bound`
   of it (Cramer's rule and Hadamard's inequality) gives an M whose open
   box meets every minimal face of K'.  (So every region of R^D meets the
   open box near a point of one of its minimal faces: the partition in the
   box has the regions of R^D, one each.)
3. *Closed sets* ``X = σ_1 ∪ ... ∪ σ_n`` (cells of K'): the σ_i and the
   ``σ_i ∩ B`` are finite families of closed convex sets with the same nerve
   (a set of them meets iff their common face, which holds a minimal face,
   does; B meets every minimal face).  The Mayer-Vietoris spectral sequence
   of the two closed covers (its E^1 page the homology of the intersections:
   points, or empty) maps isomorphically, so ``H(X ∩ B) -> H(X)`` is an
   isomorphism (the nerve theorem in its natural form).
4. *Open sets* ``{h > 0}``: cover ``{h >= e}`` by the sets ``σ ∩ {h >= e}``, σ
   a cell of K' with h >= 0.  Their common part over a family is
   ``τ ∩ {h >= e}`` for the common face τ.  On τ, h is affine and >= 0, so
   ``sup_τ h`` is infinite or attained on a minimal face of τ, where h is
   constant; for ``0 < e <= e_0``, ``e_0`` the least positive value of h on a
   minimal face of K', ``τ ∩ {h >= e}`` is nonempty iff h is not identically 0
   on τ.  In the box: if h is not 0 on τ, it is positive at a minimal face of
   τ or increases along a recession direction d of τ; B's *interior* holds a
   point p of a minimal face, so ``p + s d`` (small s > 0) is a point of
   ``τ ∩ B`` with h > 0, and ``max_{τ ∩ B} h`` is positive, attained at a
   vertex of the box's cut complex.  So for e below ``e_0`` and below every
   positive vertex value of h in the box, the nerves of ``{h >= e} ∩ B`` and
   ``{h >= e}`` agree, and by 3, ``H({h >= e} ∩ B) = H({h >= e})``, the same
   for every such e.  ``{h > 0} ∩ B`` deformation-retracts onto
   ``{h >= e} ∩ B`` (the bounded case, :mod:`exactpd.topology.decision`), and
   ``{h > 0}`` is the increasing union of the ``{h >= e/n}``, every compact
   subset inside one of them, with inclusions that are isomorphisms (same
   nerve): ``H({h > 0}) = H({h >= e})``.  No box for the level e is needed.
5. *Persistence* (:func:`lowest_level`): the sublevel sets ``{f <= t}``
   change only at the values T of f on the minimal faces of K where f is
   constant (the nerve of ``{σ ∩ {f <= t}}`` is ``{S : inf_τ f <= t}``, and a
   finite infimum is attained on a minimal face).  For a level ``t_low`` below
   all of T, a box B for ``g = f - t_low`` gives ``H({f <= t} ∩ B) = H({f <= t})``
   for every ``t >= t_low`` (a common face meeting ``{f <= t}`` meets
   ``{f <= t_low}``, a cell of the cut complex, or has its minimum on a
   minimal face), naturally in t: the two barcodes agree above ``t_low``,
   and the module over R^D is constant below ``min T``, so a bar alive at
   ``t_low`` is born at -infinity.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

from exactpd.enumeration.complex_engine import artificial_box_bound
from exactpd.kernel.polytope import whole_space
from exactpd.network.layers import Dense, Network
from exactpd.network.maso import integer_layer, maso_layers, output_map

__all__ = ["decision_functions", "level_functions", "whole_space_radius", "output_bound", "lowest_level"]


def decision_functions(n_logits: int) -> list:
    """The functions whose zero sets the decision sets need: f for one logit, every ``f_i - f_j`` for several.

    Parameters
    ----------
    n_logits : int
        The number of outputs.

    Returns
    -------
    list of (weights, constant)
        In the form :func:`whole_space_radius` takes.

    Examples
    --------
    >>> decision_functions(1), decision_functions(3)
    ([((1,), 0)], [((1, -1, 0), 0), ((1, 0, -1), 0), ((0, 1, -1), 0)])
    """
    if n_logits == 1:
        return [((1,), 0)]
    return [(tuple(int(k == i) - int(k == j) for k in range(n_logits)), 0) for i in range(n_logits) for j in range(i + 1, n_logits)]


def level_functions(n_logits: int, logit: int, levels) -> list:
    """The functions ``f_logit - t`` for the levels t, in the form :func:`whole_space_radius` takes.

    Parameters
    ----------
    n_logits : int
        The number of outputs.
    logit : int
        Which output is f.
    levels : sequence of numbers
        The levels t.

    Returns
    -------
    list of (weights, constant)

    Examples
    --------
    >>> level_functions(2, 1, [Fraction(1, 2)])
    [((0, 1), Fraction(-1, 2))]
    """
    unit = tuple(int(j == logit) for j in range(n_logits))
    return [(unit, -t) for t in levels]


def whole_space_radius(net: Network, functions: Sequence[tuple]) -> int:
    """The half-width M of a box ``[-M, M]^D`` that stands for R^D for the sets cut by ``functions``.

    Parameters
    ----------
    net : Network
        The network f.
    functions : sequence of (weights, constant)
        Affine functions ``w . f(x) + c`` of the network's outputs (``weights``
        one number per output) whose zero sets refine the complex: ``((1,), -t)``
        for the sets ``{f op t}`` of a one-logit network, ``e_i - e_j`` for
        the class regions.  Empty: the partition itself.

    Returns
    -------
    int
        The :func:`~exactpd.enumeration.complex_engine.artificial_box_bound` of
        ``net`` followed by one ``abs`` unit per function (whose cut rows are
        the functions' rows on every region): the open box ``(-M, M)^D`` meets
        every minimal face of the complex of f cut by the functions' zero sets.

    Notes
    -----
    See the module docstring for why such a box gives the homology of every
    set over R^D.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [-1])])
    >>> whole_space_radius(net, []), whole_space_radius(net, [((1,), 0)]), whole_space_radius(net, [((1,), -5)])
    (4, 74, 514)
    """
    if functions:
        extra = Dense([list(w) for w, _ in functions], [c for _, c in functions], "abs")
        net = Network(net.input_dim, list(net.layers) + [extra])
    layers = [integer_layer(layer) for layer in maso_layers(net)]
    return artificial_box_bound(layers, whole_space(net.input_dim))


def output_bound(net: Network, radius) -> Fraction:
    """A bound on ``|f_k(x)|`` for every output k and every x with ``|x_i| <= radius``.

    Parameters
    ----------
    net : Network
        The network.
    radius : number
        The half-width of the box of inputs.

    Returns
    -------
    Fraction
        Layer by layer, ``|z'_k| = |max_r (A_r z + B_r)_k| <= max_r (|A_{k,r}|_1 |z|_inf + |B_{k,r}|)``
        (paper eq. 1), then the output map alike: exact, not tight.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> net = Network(1, [Dense([[2]], [1], "relu"), Dense([[-3]], ["1/2"])])
    >>> output_bound(net, 10)  # |relu(2 x + 1)| <= 21, |-3 z + 1/2| <= 63 + 1/2
    Fraction(127, 2)
    """
    bound = Fraction(radius)
    for layer in maso_layers(net):
        bound = max(sum(map(abs, a)) * bound + abs(c) for rows, offs in zip(layer.slopes, layer.offsets) for a, c in zip(rows, offs))
    final = output_map(net)
    if final is not None:
        bound = max(sum(map(abs, g)) * bound + abs(c) for g, c in zip(final.G, final.h))
    return bound


def lowest_level(net: Network, logit: int = 0) -> Fraction:
    """An integer level ``t_low`` below the value of ``f = f_logit`` on every minimal face of the complex where f is constant.

    Parameters
    ----------
    net : Network
        The network.
    logit : int, default 0
        Which output is f.

    Returns
    -------
    Fraction
        ``-floor(output_bound(net, M)) - 1`` with ``M = whole_space_radius(net, [f])``:
        every minimal face of the complex holds a point with coordinates below
        M in absolute value (Cramer and Hadamard), where ``|f| <= output_bound``.

    Notes
    -----
    Below ``t_low`` the sublevel sets ``{f <= t}`` over R^D do not change their
    homology (module docstring, point 5): a bar of the barcode alive at
    ``t_low`` is born at -infinity.

    Examples
    --------
    >>> from exactpd import Dense, Network
    >>> lowest_level(Network(1, [Dense([[1]], [0], "abs"), Dense([[1]], [-1])]))  # f = |x| - 1 >= -1
    Fraction(-8, 1)
    """
    radius = whole_space_radius(net, level_functions(net.output_dim, logit, [0]))
    return Fraction(-int(output_bound(net, radius)) - 1)
