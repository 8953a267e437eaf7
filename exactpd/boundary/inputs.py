"""Per-input geometry: codes, power-diagram sites and the distance to the region boundary, layer by layer.

For an input x and every nonlinear layer l (layer l + 1 in the paper):

- the code of x (the argmax piece of every unit);
- the site of x's cell in the layer-l power diagram of its region (paper
  Theorem 2 and section 6, "Centroids and radii by backprop"): with
  ``s_l(x) = 1^T z^(l)(x)``, the centroid ``mu = J^T 1 = grad s_l(x)`` and the
  power weight ``rho = ||mu||^2 + 2 (s_l(x) - <mu, x>)``; also ``J^T z^(l)(x)``,
  which the authors' Table-1 code uses instead of ``J^T 1`` (erratum E9);
- the distance from x to the boundary of its region of ``Omega^(1..l)``
  (paper eq. 20, Appendix D): for unit k of layer j with winning piece r_k,
  every other piece r gives the facet hyperplane ``E_{k,r_k}(x) = E_{k,r}(x)``
  at distance ``(E_{k,r_k} - E_{k,r})(x) / ||grad (E_{k,r_k} - E_{k,r})||``
  (for relu, leaky_relu and abs this is ``|h_k(x)| / ||grad h_k(x)||``; for
  max-pooling, R > 2, the pairwise gaps).  Pairs whose gradient difference is
  zero are the same affine function near x and make no facet.  The per-layer
  minimum over units and pieces, then the cumulative minimum over layers
  ``j <= l``, is the distance to the boundary of the region of
  ``Omega^(1..l)``.

Two faces (this module holds the exact one):

- :func:`input_geometry` is exact, for one point of an exactpd
  :class:`~exactpd.network.layers.Network` small enough for dense region maps (it
  uses :func:`exactpd.network.forward_pass.trace`, :func:`exactpd.network.forward_pass.layer_sites` and
  :func:`exactpd.boundary.distance.code_halfspaces`); distances are given squared
  (rational), never as square roots.
- :func:`exactpd.io.torch_geometry.input_geometry_float` runs a PyTorch model in float64 on a batch:
  centroids by reverse-mode autograd (one vector-Jacobian product per layer),
  distances from the Jacobian of every pre-activation (the region's linear
  map pushed through the network on the D unit vectors).  It
  handles networks far too large for exact work; its numbers are floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from exactpd.boundary.distance import code_halfspaces
from exactpd.network.forward_pass import Code, trace
from exactpd.geometry.powerdiagram import layer_sites
from exactpd.network.maso import maso_layers
from exactpd.network.layers import Network
from exactpd.geometry.powerdiagram import PowerSite
from exactpd.rational import QVector, dot

__all__ = ["InputGeometry", "input_geometry"]


@dataclass(frozen=True)
class InputGeometry:
    """The exact geometry of one input point, per nonlinear layer (see the module docstring).

    Attributes
    ----------
    point : tuple of Fraction
    code : Code
    sites : tuple of PowerSite
        Per layer: centroid ``mu = J^T 1`` and power weight rho of x's cell
        (Theorem 2), the layer code in ``site.code``.
    centroids_jtz : tuple of tuple of Fraction
        Per layer: ``J^T z^(l)(x)`` (the authors' Table-1 centroid, erratum E9).
    layer_distances_squared : tuple of (Fraction or None)
        Per layer: the squared distance from x to the nearest facet cut by
        that layer's units; None when no unit of the layer cuts near x.
    distances_squared : tuple of (Fraction or None)
        Per layer: the cumulative minimum over layers ``j <= l`` of the above,
        the squared distance to the boundary of x's region of Omega^(1..l)
        (eq. 20).  0 when x lies on the boundary.
    nearest_cuts : tuple of (tuple of int or None)
        Per layer: ``(layer j, unit k)`` of a unit whose cut is at that cumulative distance.

    Examples
    --------
    >>> from exactpd import Dense, Network, input_geometry
    >>> g = input_geometry(Network(2, [Dense([[1, 0], [1, 1]], [0, -4], "relu")]), [1, 1])
    >>> g.code, g.sites[0].power_weight, g.layer_distances_squared, g.nearest_cuts
    (((1, 0),), Fraction(1, 1), (Fraction(1, 1),), ((0, 0),))
    """

    point: QVector
    code: Code
    sites: tuple[PowerSite, ...]
    centroids_jtz: tuple[QVector, ...]
    layer_distances_squared: tuple[Fraction | None, ...]
    distances_squared: tuple[Fraction | None, ...]
    nearest_cuts: tuple[tuple[int, int] | None, ...]


def input_geometry(net: Network, x: Any) -> InputGeometry:
    """The exact codes, sites and squared boundary distances of ``x``, layer by layer.

    Parameters
    ----------
    net : Network
        Small enough for dense region maps (:func:`exactpd.network.maso.maso_layers`).
    x : sequence of numbers
        Converted exactly.

    Returns
    -------
    InputGeometry

    Notes
    -----
    Paper section 6 and Theorem 2 for the sites (via
    :func:`exactpd.network.forward_pass.layer_sites`); eq. 20 / Appendix D for the
    distances, over the region's halfspaces of
    :func:`exactpd.boundary.distance.code_halfspaces` (the chordales between each
    unit's winning site and its other sites, pulled back to the input), the
    squared distance to ``<n, y> = c`` being ``(c - <n, x>)^2 / ||n||^2``.
    :func:`exactpd.boundary.distance.boundary_distance` gives the last cumulative
    distance with the nearest point.

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "-1/2"], "relu"), Dense([[1, 1]], [0])])
    >>> g = input_geometry(net, [3, 1])
    >>> g.code, g.sites[0].centroid, g.distances_squared, g.nearest_cuts
    (((1, 1),), (Fraction(1, 1), Fraction(1, 1)), (Fraction(1, 4),), ((0, 1),))
    """
    point_trace = trace(net, x)
    point = point_trace.point
    sites = layer_sites(point_trace)
    jtz = tuple(tuple(dot(column, z) for column in zip(*m.G)) for m, z in zip(point_trace.maps, point_trace.outputs))
    per_layer: list[tuple[Fraction, tuple[int, int]] | None] = [None] * len(point_trace.code)
    for (layer, unit), normal, offset in code_halfspaces(maso_layers(net), point_trace.code):
        slack = offset - dot(normal, point)
        squared = slack * slack / dot(normal, normal)
        if per_layer[layer] is None or squared < per_layer[layer][0]:
            per_layer[layer] = (squared, (layer, unit))
    cumulative, running = [], None
    for best in per_layer:
        if best is not None and (running is None or best[0] < running[0]):
            running = best
        cumulative.append(running)
    return InputGeometry(
        point=point,
        code=point_trace.code,
        sites=sites,
        centroids_jtz=jtz,
        layer_distances_squared=tuple(b[0] if b else None for b in per_layer),
        distances_squared=tuple(b[0] if b else None for b in cumulative),
        nearest_cuts=tuple(b[1] if b else None for b in cumulative),
    )
