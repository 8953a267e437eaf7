"""Networks and layers in a few words: the text of their reprs, their ``str`` and their notebook HTML.

``repr(net)`` is one line, ``Network(2 -> 6 relu -> 6 relu -> 1)``, whatever
the size of the weights; ``str(net)`` one line per layer with its parameter
count; ``net._repr_html_()`` the same as a table.  Numbers are exact
(``leaky_relu 1/100``); nothing here is computed from floats.
"""

from __future__ import annotations

import html
from typing import Any

from exactpd.rational import format_rational

__all__: list[str] = []  # the words of reprs, not part of the public API


def activation_text(layer: Any) -> str:
    """``relu``, ``abs``, ``leaky_relu 1/100``, or ``affine`` for a Dense or Conv2d layer without activation.

    Parameters
    ----------
    layer : Dense or Conv2d

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> activation_text(Dense([[1]], [0], "leaky_relu", "1/10")), activation_text(Dense([[1]], [0]))
    ('leaky_relu 1/10', 'affine')
    """
    if layer.activation is None:
        return "affine"
    if layer.negative_slope is not None:
        return f"{layer.activation} {format_rational(layer.negative_slope)}"
    return layer.activation


def _shape(shape: tuple) -> str:
    return "x".join(str(n) for n in shape)


def layer_text(layer: Any) -> str:
    """What the layer does, in a few words: ``2 -> 6, relu``; ``1x8x8 -> 8x8x8, kernel 3x3, relu``; ``64 -> 16``.

    Parameters
    ----------
    layer : Dense, Conv2d, MaxPool or Maso

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import Maso
    >>> layer_text(Maso([[[1, 0], [0, 1]], [[1, 1], [0, 0], [1, -1]]], [[0, 0], [0, 0, 0]]))
    '2 -> 2, pieces 2, 3'
    """
    kind = layer.kind
    if kind == "dense":
        return f"{layer.n_inputs} -> {layer.n_outputs}, {activation_text(layer)}"
    if kind == "conv2d":
        kernel = _shape(layer.kernel_size)
        return f"{_shape(layer.input_shape)} -> {_shape(layer.output_shape)}, kernel {kernel}, {activation_text(layer)}"
    if kind == "maxpool":
        sizes = sorted({len(group) for group in layer.groups})
        return f"{layer.n_inputs} -> {layer.n_outputs}, groups of {', '.join(map(str, sizes))}"
    pieces = [len(unit) for unit in layer.slopes]
    shown = str(pieces[0]) if len(set(pieces)) == 1 else ", ".join(map(str, pieces[:8])) + (", ..." if len(pieces) > 8 else "")
    return f"{layer.n_inputs} -> {layer.n_outputs}, pieces {shown}"


def layer_repr(layer: Any) -> str:
    """``Dense(2 -> 6, relu)``, ``Conv2d(1x8x8 -> 8x8x8, kernel 3x3, relu)``, ``MaxPool(64 -> 16, groups of 4)``.

    Parameters
    ----------
    layer : Dense, Conv2d, MaxPool or Maso

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import MaxPool
    >>> layer_repr(MaxPool([[0, 1], [2, 3]]))
    'MaxPool(4 -> 2, groups of 2)'
    """
    return f"{type(layer).__name__}({layer_text(layer)})"


def n_parameters(layer: Any) -> int:
    """The number of weights and biases of a layer (0 for max-pooling; every slope and offset for a Maso layer).

    Parameters
    ----------
    layer : Dense, Conv2d, MaxPool or Maso

    Returns
    -------
    int

    Examples
    --------
    >>> from exactpd.network.layers import Dense
    >>> n_parameters(Dense([[1, 2], [3, 4]], [0, 0], "relu"))
    6
    """
    kind = layer.kind
    if kind == "dense":
        return len(layer.weight) * layer.n_inputs + len(layer.bias)
    if kind == "conv2d":
        channels, (height, width) = len(layer.weight[0]), layer.kernel_size
        return len(layer.weight) * channels * height * width + len(layer.bias)
    if kind == "maxpool":
        return 0
    return sum(len(unit) * (layer.n_inputs + 1) for unit in layer.slopes)


def _stage(layer: Any) -> str:
    """One stage of the arrow chain: the width after the layer and what it applies."""
    if layer.kind == "conv2d":
        return f"conv {_shape(layer.output_shape)}" + ("" if layer.activation is None else f" {layer.activation}")
    if layer.kind == "dense":
        return f"{layer.n_outputs}" + ("" if layer.activation is None else f" {layer.activation}")
    return f"{layer.kind} {layer.n_outputs}"


def network_repr(net: Any) -> str:
    """``Network(2 -> 6 relu -> 6 relu -> 1)``: the input width, then each layer's output width and activation.

    Parameters
    ----------
    net : Network

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> network_repr(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [0])]))
    'Network(2 -> 2 relu -> 1)'
    """
    return "Network(" + " -> ".join([str(net.input_dim), *(_stage(layer) for layer in net.layers)]) + ")"


def network_shape(net: Any) -> str:
    """The widths joined by dashes and the kinds of nonlinearity: ``2-6-6-1 relu``, ``64-1024-256-10 leaky_relu/maxpool``.

    Parameters
    ----------
    net : Network

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> network_shape(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "abs"), Dense([[1, 1]], [0])]))
    '2-2-1 abs'
    """
    widths = "-".join([str(net.input_dim), *(str(layer.n_outputs) for layer in net.layers)])
    kinds = []
    for layer in net.layers:
        kind = layer.kind if layer.kind in ("maxpool", "maso") else layer.activation
        if kind is not None and kind not in kinds:
            kinds.append(kind)
    return f"{widths} {'/'.join(kinds) or 'affine'}"


def network_description(net: Any) -> str:
    """Several lines: the network's shape and parameter count, then one line per layer (its index from 0).

    Parameters
    ----------
    net : Network

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> print(network_description(Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [0])])))
    Network on R^2: 2 layers, 1 nonlinear, 9 parameters
      layer 0  Dense  2 -> 2, relu         6 parameters
      layer 1  Dense  2 -> 1, affine       3 parameters
    """
    rows = [(f"layer {i}", type(layer).__name__, layer_text(layer), n_parameters(layer)) for i, layer in enumerate(net.layers)]
    total = sum(row[3] for row in rows)
    lines = [f"Network on R^{net.input_dim}: {len(rows)} layers, {len(net.nonlinear_layers)} nonlinear, {total} parameters"]
    if rows:
        widths = [max(len(str(row[c])) for row in rows) for c in range(3)]
        lines += [f"  {a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {n:>6} parameters" for a, b, c, n in rows]
    return "\n".join(lines)


def network_html(net: Any) -> str:
    """An HTML table of the layers (index, kind, what it does, parameters), for notebooks.

    Parameters
    ----------
    net : Network

    Returns
    -------
    str

    Examples
    --------
    >>> from exactpd.network.layers import Dense, Network
    >>> "<table>" in network_html(Network(1, [Dense([[1]], [0], "relu")]))
    True
    """
    head = html.escape(network_repr(net))
    rows = "".join(
        f"<tr><td>{i}</td><td>{type(layer).__name__}</td><td>{html.escape(layer_text(layer))}</td><td>{n_parameters(layer)}</td></tr>"
        for i, layer in enumerate(net.layers)
    )
    return (
        f"<div><b>{head}</b><table><thead><tr><th>layer</th><th>kind</th><th></th><th>parameters</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )
