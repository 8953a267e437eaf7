"""``exactpd info NET``: what a network is, at a glance, and the known upper bound on its number of regions.

The bound (:func:`region_bound`) is over all of R^D, so it also bounds the
count in any domain:

- every nonlinear layer ReLU: Serra, Tjandraatmadja and Ramalingam (ICML 2018,
  "Bounding and counting linear regions of deep neural networks", Theorem 1):
  ``sum over (j_1..j_L) in J of prod_l C(n_l, j_l)`` with
  ``J = {0 <= j_l <= min(n_0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}``;
  for one layer it is Zaslavsky's count for n_1 hyperplanes in general
  position in R^{n_0}, ``sum_{j <= n_0} C(n_1, j)``;
- otherwise (leaky ReLU, abs, max-pooling, MASO units): each region of layer
  l - 1 is cut by at most ``H_l = sum_k C(R_k, 2)`` hyperplanes (one per pair
  of pieces of unit k), so the count is at most
  ``prod_l sum_{j <= n_0} C(H_l, j)`` (Zaslavsky, layer by layer).
"""

from __future__ import annotations

import argparse
import json
from math import comb

from exactpd.cli.report import network_text
from exactpd.io import load_model
from exactpd.network.layers import Network
from exactpd.network.maso import maso_layers

__all__ = ["add", "n_parameters", "region_bound", "run"]


def _entries(value) -> int:
    if isinstance(value, (tuple, list)):
        return sum(_entries(v) for v in value)
    return 1


def n_parameters(net: Network) -> int:
    """The number of weights and biases of ``net`` (slopes and offsets for MASO layers; pooling has none).

    Parameters
    ----------
    net : Network
        The network.

    Returns
    -------
    int

    Examples
    --------
    >>> import exactpd as epd
    >>> n_parameters(epd.Network(2, [epd.Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 1], "relu"), epd.Dense([[1, 1, 1]], [0])]))
    13
    """
    total = 0
    for layer in net.layers:
        for name in ("weight", "bias", "slopes", "offsets"):
            if hasattr(layer, name):
                total += _entries(getattr(layer, name))
    return total


def _serra(n0: int, widths: list[int]) -> int:
    """Serra et al. 2018, Theorem 1, by dynamic programming over the remaining budgets ``n_l - j_l``."""
    # state: the minimum of n_0 and n_m - j_m over the layers so far -> the sum of the products so far
    states = {n0: 1}
    for width in widths:
        following: dict[int, int] = {}
        for cap, total in states.items():
            for j in range(min(cap, width) + 1):
                key = min(cap, width - j)
                following[key] = following.get(key, 0) + total * comb(width, j)
        states = following
    return sum(states.values())


def region_bound(net: Network) -> tuple[int, str]:
    """An upper bound on the number of regions of ``net`` over R^D, and the name of the bound (see the module doc).

    Parameters
    ----------
    net : Network
        The network.

    Returns
    -------
    bound : int
        Exact.
    name : str
        The bound used: Serra et al. 2018 (Theorem 1) for ReLU networks,
        else Zaslavsky's count layer by layer.

    Examples
    --------
    >>> import exactpd as epd
    >>> region_bound(epd.Network(2, [epd.Dense([[1, 0], [0, 1], [1, 1]], [0, 0, 1], "relu")]))
    (7, 'Serra et al. 2018, Theorem 1 (one layer: Zaslavsky, general position)')
    """
    layers = maso_layers(net)
    n0 = net.input_dim
    if all(layer.kind == "relu" for layer in layers):
        name = "Serra et al. 2018, Theorem 1" + (" (one layer: Zaslavsky, general position)" if len(layers) == 1 else "")
        return _serra(n0, [layer.n_units for layer in layers]), name
    bound = 1
    for layer in layers:
        hyperplanes = sum(comb(r, 2) for r in layer.n_pieces)
        bound *= sum(comb(hyperplanes, j) for j in range(min(n0, hyperplanes) + 1))
    return bound, "Zaslavsky layer by layer (C(R_k, 2) hyperplanes per unit of R_k pieces)"


def add(subparsers: argparse._SubParsersAction) -> None:
    """Declare ``exactpd info NET [--json]``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``exactpd`` parser's subcommands.

    Returns
    -------
    None
        The subcommand's parser has ``run`` (:func:`run`) as its default.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add(parser.add_subparsers())
    >>> args = parser.parse_args(["info", "net.json", "--json"])
    >>> args.json, args.run is run
    (True, True)
    """
    parser = subparsers.add_parser(
        "info",
        help="a network at a glance: layers, units, parameters, input dimension, bound on the region count",
        description="Describe a network without enumerating anything: its layers, units, number of parameters, "
        "input dimension, nonlinear layers in max-affine form, and the known upper bound on its number of regions "
        "(Serra et al. 2018 for ReLU networks; Zaslavsky's count layer by layer otherwise).",
    )
    parser.add_argument("network", metavar="NET.json", help="a network file (.json) or an ONNX model (.onnx)")
    parser.add_argument("--json", action="store_true", help="print JSON (the bound as an exact integer)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the network's layers, units, parameters and the bound on its region count (text or JSON).

    Parameters
    ----------
    args : argparse.Namespace
        From the parser :func:`add` declares.

    Returns
    -------
    int
        The exit status, 0.

    Raises
    ------
    FileFormatError, InvalidNetworkError
        An unreadable model (the command line prints the message and exits with 2).

    Examples
    --------
    >>> import contextlib, io, os, tempfile
    >>> from importlib.resources import files
    >>> from exactpd.cli.main import main
    >>> demo = str(files("exactpd") / "data" / "demo_network.json")
    >>> with contextlib.redirect_stdout(io.StringIO()) as out:
    ...     status = main(["info", demo])
    >>> status, out.getvalue().splitlines()[-3:]
    (0, ['nonlinear layers: 2 (6-6 units, 12 in all)', 'parameters: 67', 'regions over R^2: at most 484 (Serra et al. 2018, Theorem 1)'])
    """
    net = load_model(args.network)
    layers = maso_layers(net)
    bound, name = region_bound(net)
    report = {
        "input_dim": net.input_dim,
        "layers": len(net.layers),
        "nonlinear_layers": [{"kind": layer.kind, "units": layer.n_units, "pieces": max(layer.n_pieces)} for layer in layers],
        "units": sum(layer.n_units for layer in layers),
        "parameters": n_parameters(net),
        "region_bound": bound,
        "region_bound_name": name,
    }
    if args.json:
        print(json.dumps(report))
        return 0
    print(network_text(net))
    widths = "-".join(str(layer.n_units) for layer in layers) or "(none)"
    print(f"nonlinear layers: {len(layers)} ({widths} units, {report['units']} in all)")
    print(f"parameters: {report['parameters']}")
    print(f"regions over R^{net.input_dim}: at most {bound} ({name})")
    return 0
