"""The partition polynomial |Pol_l|^0.2 and its exact zero set (eq. 23, Theorem 4; paper Fig. 3 top)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence

from exactpd.enumeration.partition import Partition
from exactpd.errors import DimensionError
from exactpd.network.layers import Network
from exactpd.network.maso import MasoLayer, maso_layers
from exactpd.plot.style import ZERO_SET, add_3d, frame_axes, lines, matplotlib_modules, new_figure, omega, panel_figure
from exactpd.plot.view import Piece, View, cut_layer, given_view, partition_in_view, pieces_in, sides_float, view_of
from exactpd.rational import QVector, dot

__all__ = ["plot_partition_polynomial"]

PIXEL_SLACK_FLOAT = 1e-9
"""Relative slack when colouring heat-map pixels by region (drawing only; nothing exact depends on it)."""


def _polynomial_factors(layers: Sequence[MasoLayer], region, n_layers: int) -> list[tuple[QVector, Fraction]]:
    """``Pol_l`` on one region as a product of exact affine functions ``<gradient, x> + constant`` (eq. 23, Theorem 4).

    Layer j's input is ``z^(j-1)(x) = G x + h`` on the region (``region.maps``).
    A unit whose pieces are not all the same affine function of that input
    contributes ``E_1 - E_0`` (two pieces: the pre-activation up to a positive
    factor) or the gaps ``E_r - E_s`` from the region's piece r to every other
    piece (R >= 3): the factors of :func:`exactpd.checks.symbolic.region_polynomial`.
    """
    dim = len(region.witness)
    factors = []
    for j, layer in enumerate(layers[:n_layers]):
        G, h = (region.maps[j - 1].G, region.maps[j - 1].h) if j else (None, (Fraction(0),) * dim)
        for k, (slopes, offsets) in enumerate(zip(layer.slopes, layer.offsets)):
            if len(set(zip(slopes, offsets))) == 1:
                continue
            r = region.code[j][k]
            pairs = [(1, 0)] if len(slopes) == 2 else [(r, s) for s in range(len(slopes)) if s != r]
            for p, q in pairs:
                difference = tuple(a - b for a, b in zip(slopes[p], slopes[q]))
                gradient = difference if G is None else tuple(dot(column, difference) for column in zip(*G))
                factors.append((gradient, dot(difference, h) + offsets[p] - offsets[q]))
    return factors


def _polynomial_image(partition: Partition, pieces: Sequence[Piece], frame: View, n_layers: int, resolution: int, power: float):
    """``|Pol_l|^power`` on a ``resolution`` x ``resolution`` grid of pixel centres (NaN outside every region).

    Each region's exact factors are turned into floats and multiplied (as a
    sum of logarithms) at the pixels of the region's bounding box that satisfy
    its inequalities; a pixel on a shared side gets the value of one of the
    regions, which agree there (Pol is continuous).
    """
    import numpy

    layers = maso_layers(partition.network)
    lows, highs = [float(v) for v in frame.lows], [float(v) for v in frame.highs]
    steps = [(high - low) / resolution for low, high in zip(lows, highs)]
    centres = [low + step * (numpy.arange(resolution) + 0.5) for low, step in zip(lows, steps)]
    image = numpy.full((resolution, resolution), numpy.nan)
    for piece in pieces:
        region = partition.regions[piece.index]
        spans = []
        for d in (0, 1):
            coordinates = [float(c[d]) for c in piece.corners]
            first = max(int((min(coordinates) - lows[d]) / steps[d]) - 1, 0)
            spans.append(slice(first, min(int((max(coordinates) - lows[d]) / steps[d]) + 2, resolution)))
        x, y = numpy.meshgrid(centres[0][spans[0]], centres[1][spans[1]])
        inside = numpy.ones(x.shape, dtype=bool)
        for (a0, a1), b in zip(region.polytope.A, region.polytope.b):
            inside &= a0 * x + a1 * y <= b + PIXEL_SLACK_FLOAT * (abs(b) + 1)
        logs = numpy.zeros(x.shape)
        with numpy.errstate(divide="ignore"):
            for gradient, constant in _polynomial_factors(layers, region, n_layers):
                logs += numpy.log(numpy.abs(float(gradient[0]) * x + float(gradient[1]) * y + float(constant)))
        block = image[spans[1], spans[0]]
        block[inside] = numpy.exp(power * logs[inside])
        image[spans[1], spans[0]] = block
    return image


def plot_partition_polynomial(partition_or_net: Partition | Network, layer: int | None = None, *, view: Any = None,
                              resolution: int = 300, surface: bool = False, power: float = 0.2):
    """The partition polynomial ``|Pol_l(x)|^0.2`` over the view, its zero set the boundaries of Omega^(1..l) (eq. 23, Theorem 4; paper Fig. 3 top).

    ``Pol_l(x) = prod_{j <= l} prod_k h^(j)_k(x)``, the product of the
    pre-activations of every unit of layers 1..l (paper numbering; for a unit
    with R >= 3 pieces the gaps from its winning piece to the others, as in
    :func:`exactpd.checks.symbolic.partition_polynomial`).  Each panel is a heat map
    (or, with ``surface``, a 3-D surface as in the paper) of ``|Pol_l|^0.2``
    with a colour bar.  The colour scale is logarithmic, from the 2nd to the
    95th percentile of the positive values (higher ones get the top colour),
    so that the zero set shows as dark valleys at every height; the exact
    cuts of layers 1..l are drawn over it as thin lines.

    Parameters
    ----------
    partition_or_net : Partition or Network
        Of a network with 2 inputs; a Network is enumerated first, in ``view``
        when it is given, else over all of R^2.
    layer : int, optional
        Draw ``Pol_{layer + 1}`` only (0 is layer 1 of the paper); default one
        panel per nonlinear layer, ``Pol_1, ..., Pol_L``.
    view : (lows, highs), optional
        As for :func:`plot_partition`.
    resolution : int
        Pixels (grid points) per side.
    surface : bool
        Draw 3-D surfaces (mplot3d) instead of heat maps.
    power : float
        The exponent, 0.2 as in the paper (it flattens the fast growth of a
        product of many factors).

    Returns
    -------
    exactpd.plot.figure.Figure
        One panel per polynomial, each with a ``"polynomial"`` artist (an
        image, or a surface) and a ``"zero set"`` line collection: one segment
        per cut side of layers 1..l in view (the partition's facets, exact).

    Raises
    ------
    DimensionError
        The network does not have 2 inputs, has no nonlinear layer, or
        ``layer`` is out of range.
    MissingDependencyError
        matplotlib is not installed.

    Notes
    -----
    The values are not computed point by point in exact arithmetic: on each
    region of the partition Pol_l is a product of affine functions of x whose
    coefficients are computed exactly (from the region's code and affine
    maps), and these factors are converted to floats and multiplied at the
    pixel centres inside the region (the float inequalities of its rows
    decide which pixels).  The zero set drawn over the picture is exact up to
    the final conversion of its end points.  The exact polynomial is
    :func:`exactpd.checks.symbolic.partition_polynomial`.

    Examples
    --------
    >>> from exactpd import Dense, Network, box, enumerate_regions
    >>> net = Network(2, [Dense([[1, 0], [0, 1], [1, 1]], [0, 0, -1], "relu"), Dense([[1, -1, 1]], [0])])
    >>> part = enumerate_regions(net, box([-2, -2], [2, 2]))
    >>> len(plot_partition_polynomial(part, resolution=40).axes)  # the panel and its colour bar
    2
    """
    mpl = matplotlib_modules()
    if isinstance(partition_or_net, Network):
        partition = partition_in_view(partition_or_net, None if view is None else given_view(view, 2).polytope)
    else:
        partition = partition_or_net
    frame = view_of(partition, view)
    pieces = pieces_in(partition, frame.polytope)
    chosen = _chosen_layers(len(maso_layers(partition.network)), layer)
    sides = list(sides_float(pieces))
    fig, axes = _polynomial_figure(mpl, frame, len(chosen), surface)
    extent = [float(frame.lows[0]), float(frame.highs[0]), float(frame.lows[1]), float(frame.highs[1])]
    for ax, l in zip(axes, chosen):
        image = _polynomial_image(partition, pieces, frame, l + 1, resolution, power)
        scale, bottom = _log_scale(mpl, image)
        cuts = [segment for segment, labels in sides if cut_layer(labels) is not None and cut_layer(labels) <= l]
        what = rf"$|\mathrm{{Pol}}_{{{l + 1}}}(x)|^{{{power:.3g}}}$, zero set: the cuts of {omega(l + 1)}"
        if surface:
            drawn, zero = _surface_panel(ax, image, scale, cuts, extent, resolution, what)
        else:
            domain = [segment for segment, labels in sides if cut_layer(labels) is None]
            drawn, zero = _heat_panel(ax, mpl, image, bottom, scale, cuts, domain, extent, frame, what)
        fig.colorbar(drawn, ax=ax, shrink=0.7, pad=0.03, extend="max")
        drawn.set_gid("polynomial")
        zero.set_gid("zero set")
    return fig


def _chosen_layers(n_layers: int, layer: int | None) -> list[int]:
    """The nonlinear layers drawn: ``layer`` alone, or all of them; refused when out of range or none exists."""
    if layer is None:
        chosen = list(range(n_layers))
    elif 0 <= layer < n_layers:
        chosen = [layer]
    else:
        raise DimensionError(f"layer {layer}: the network has {n_layers} nonlinear layers")
    if not chosen:
        raise DimensionError("the network has no nonlinear layer: its partition polynomial is 1")
    return chosen


def _polynomial_figure(mpl, frame, n_panels: int, surface: bool) -> tuple:
    """The figure and its ``n_panels`` axes (3-D with ``surface``; else 2-D, widened for the colour bars)."""
    if surface:
        ncols = min(n_panels, 3)
        nrows = math.ceil(n_panels / ncols)
        fig = new_figure((4.2 * ncols + 0.3, 3.9 * nrows + 0.3))
        return fig, [fig.add_subplot(nrows, ncols, i + 1, projection="3d") for i in range(n_panels)]
    fig, axes = panel_figure(mpl, frame, n_panels, min(n_panels, 3))
    width, height = fig.get_size_inches()
    fig.set_size_inches(width + 0.9 * min(n_panels, 3), height)  # room for the colour bars
    return fig, axes


def _log_scale(mpl, image) -> tuple:
    """A logarithmic colour scale from the 2nd to the 95th percentile of the image's positive values, and its bottom."""
    import numpy

    positive = image[image > 0]
    top = float(numpy.percentile(positive, 95)) if positive.size else 1.0
    bottom = min(float(numpy.percentile(positive, 2)) if positive.size else 0.01, top / 10)
    return mpl.colors.LogNorm(vmin=bottom, vmax=top, clip=True), bottom  # the valleys show at every height


def _surface_panel(ax, image, scale, cuts: list, extent: list, resolution: int, what: str) -> tuple:
    """Draw the image as a 3-D surface with the zero set at height 0; return (surface, zero set)."""
    import numpy
    from mpl_toolkits.mplot3d.art3d import Line3DCollection

    x, y = numpy.meshgrid(*(low + (high - low) * (numpy.arange(resolution) + 0.5) / resolution for low, high in (extent[:2], extent[2:])))
    drawn = ax.plot_surface(x, y, image, cmap="viridis", norm=scale, linewidth=0, antialiased=False, rcount=resolution, ccount=resolution)
    zero = Line3DCollection([[(*p, 0.0) for p in segment] for segment in cuts], colors=ZERO_SET, linewidths=0.5)
    add_3d(ax, zero, cuts)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.view_init(elev=35, azim=-60)
    ax.set_title(what, fontsize=9)
    return drawn, zero


def _heat_panel(ax, mpl, image, bottom: float, scale, cuts: list, domain: list, extent: list, frame, what: str) -> tuple:
    """Draw the image as a heat map (zeros at ``bottom``), the zero set and the domain's sides; return (image, zero set)."""
    import numpy

    shown = numpy.where(image == 0, bottom, image)  # NaN (outside the domain) stays NaN
    drawn = ax.imshow(shown, extent=extent, origin="lower", cmap="viridis", norm=scale, interpolation="nearest", zorder=0)
    zero = lines(ax, mpl, cuts, ZERO_SET, 0.5, "zero set")
    lines(ax, mpl, domain, "black", 1.0, "domain")
    frame_axes(ax, frame, what)
    return drawn, zero
