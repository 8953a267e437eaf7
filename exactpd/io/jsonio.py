"""The network file: a versioned JSON description of a :class:`~exactpd.network.layers.Network`.

Schema (version 1; see ``docs/network-format.md``)::

    {"format": 1, "input_dim": 2, "layers": [
      {"kind": "dense", "weight": [[1, "-1/2"], [0, 1]], "bias": [0, "0.1"], "activation": "relu"},
      {"kind": "dense", "weight": ..., "bias": ..., "activation": "leaky_relu", "negative_slope": "1/10"},
      {"kind": "maxpool", "groups": [[0, 1]]},
      {"kind": "maso", "slopes": [[[1, 0], [0, 1]]], "offsets": [[0, 0]]},
      {"kind": "conv2d", "input_shape": [1, 1, 1], "weight": [[[[1]]]], "bias": [0],
       "stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 1, "activation": null},
      {"kind": "dense", "weight": [[1]], "bias": [0], "activation": null}]}

Numbers are JSON numbers or strings (``"3/7"``, ``"-2"``, ``"0.1"``).  A JSON
number is read as the exact decimal it spells (``0.1`` is 1/10, as the string
``"0.1"`` is), within :func:`~exactpd.rational.number_limits` (a number with
too many digits or too large an exponent is refused before any arithmetic).
An object with a repeated key is refused, in this file and in every JSON file
exactpd reads (:func:`parse_json`).  :func:`save_network` writes integers as JSON integers and every
other number as an exact ``"p/q"`` string, so load, save, load gives the
identical network.  ``"format"`` may be left out (version 1).

Layers read from a file are labelled ``"layer i (kind)"``, so every error names
its layer: ``layer 1 (dense): bias has 3 entries, weight has 4 rows``.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from typing import Any, Union

from exactpd.errors import ExactpdError, FileFormatError
from exactpd.io.atomic import atomic_write
from exactpd.network.layers import Conv2d, Dense, Layer, Maso, MaxPool, Network
from exactpd.rational import format_rational, parse_decimal_text, parse_integer_text

__all__ = [
    "FORMAT_VERSION",
    "network_to_dict",
    "network_from_dict",
    "load_network",
    "save_network",
    "demo_network",
    "parse_json",
    "read_json",
]

FORMAT_VERSION = 1

PathLike = Union[str, "os.PathLike[str]"]

# For each layer kind: the keys it must have, and the keys it may have.
_LAYER_KEYS = {
    "dense": ({"weight", "bias"}, {"activation", "negative_slope"}),
    "maxpool": ({"groups"}, set()),
    "maso": ({"slopes", "offsets"}, set()),
    "conv2d": ({"weight", "bias", "input_shape"}, {"stride", "padding", "dilation", "groups", "activation", "negative_slope"}),
}


_JSON_INTEGER_BITS = 1800
"""Integers up to this size are written as JSON integers, longer ones as exact strings (Python's json cannot write them)."""


def _number(q: Fraction) -> Union[int, str]:
    return q.numerator if q.denominator == 1 and q.numerator.bit_length() <= _JSON_INTEGER_BITS else format_rational(q)


def _numbers(value: Any) -> Any:
    """Nested tuples of Fractions as nested lists of JSON-ready exact numbers."""
    if isinstance(value, Fraction):
        return _number(value)
    return [_numbers(v) for v in value]


def _layer_to_dict(layer: Layer) -> dict:
    if isinstance(layer, Dense):
        d = {"kind": "dense", "weight": _numbers(layer.weight), "bias": _numbers(layer.bias), "activation": layer.activation}
        if layer.negative_slope is not None:
            d["negative_slope"] = _number(layer.negative_slope)
        return d
    if isinstance(layer, Conv2d):
        d = {"kind": "conv2d", "input_shape": list(layer.input_shape), "weight": _numbers(layer.weight),
             "bias": _numbers(layer.bias), "stride": list(layer.stride), "padding": list(layer.padding),
             "dilation": list(layer.dilation), "groups": layer.groups, "activation": layer.activation}
        if layer.negative_slope is not None:
            d["negative_slope"] = _number(layer.negative_slope)
        return d
    if isinstance(layer, MaxPool):
        return {"kind": "maxpool", "groups": [list(g) for g in layer.groups]}
    return {"kind": "maso", "slopes": _numbers(layer.slopes), "offsets": _numbers(layer.offsets)}


def network_to_dict(net: Network) -> dict:
    """The network as a JSON-ready dict of the current format version, every number exact.

    Parameters
    ----------
    net : Network
        Any exactpd network.

    Returns
    -------
    dict
        ``format``, ``input_dim`` and ``layers`` (``docs/network-format.md``);
        integers stay ints and other rationals become ``"p/q"`` strings.

    Examples
    --------
    >>> net = Network(1, [Dense([["1/2"]], [0], "relu")])
    >>> network_to_dict(net)
    {'format': 1, 'input_dim': 1, 'layers': [{'kind': 'dense', 'weight': [['1/2']], 'bias': [0], 'activation': 'relu'}]}
    """
    return {"format": FORMAT_VERSION, "input_dim": net.input_dim, "layers": [_layer_to_dict(layer) for layer in net.layers]}


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _layer_from_dict(index: int, d: Any) -> Layer:
    if not isinstance(d, dict):
        raise FileFormatError(f"layer {index}: expected an object, got {_type_name(d)}")
    kind = d.get("kind")
    if not isinstance(kind, str) or kind not in _LAYER_KEYS:
        raise FileFormatError(f"layer {index}: unknown kind {kind!r}; expected 'dense', 'conv2d', 'maxpool' or 'maso'")
    label = f"layer {index} ({kind})"
    required, optional = _LAYER_KEYS[kind]
    missing = sorted(required - d.keys())
    if missing:
        raise FileFormatError(f"{label}: missing key {missing[0]!r}")
    unknown = sorted(d.keys() - required - optional - {"kind"})
    if unknown:
        raise FileFormatError(f"{label}: unknown key {unknown[0]!r}")
    if kind == "dense":
        return Dense(d["weight"], d["bias"], d.get("activation"), d.get("negative_slope"), label=label)
    if kind == "conv2d":
        options = {key: d[key] for key in ("stride", "padding", "dilation", "groups") if key in d}
        return Conv2d(d["weight"], d["bias"], d["input_shape"], activation=d.get("activation"),
                      negative_slope=d.get("negative_slope"), label=label, **options)
    if kind == "maxpool":
        if not isinstance(d["groups"], list):
            raise FileFormatError(f"{label}: groups must be a list of lists of feature indices")
        return MaxPool(d["groups"], label=label)
    return Maso(d["slopes"], d["offsets"], label=label)


def network_from_dict(d: Any) -> Network:
    """Build a network from the dict form of the network file (see the module docstring).

    Parameters
    ----------
    d : dict
        As read from JSON.  Numbers may be ints, floats (their exact binary
        value), :class:`~decimal.Decimal` or strings such as ``"3/7"``.

    Returns
    -------
    Network

    Raises
    ------
    FileFormatError
        Not an object, a missing or unknown key, an unknown layer kind or format version.
    InvalidNetworkError
        Shapes or parameters that do not make a network (the message names the layer).
    NonFiniteWeightError
        A NaN or infinite weight (the message names the layer and the entry).

    Examples
    --------
    >>> net = network_from_dict({"input_dim": 2, "layers": [
    ...     {"kind": "dense", "weight": [[1, "1/3"]], "bias": ["0.1"], "activation": "abs"}]})
    >>> net.layers[0].weight, net.layers[0].bias
    (((Fraction(1, 1), Fraction(1, 3)),), (Fraction(1, 10),))
    """
    if not isinstance(d, dict):
        raise FileFormatError(f"network file: expected an object, got {_type_name(d)}")
    version = d.get("format", 1)
    if isinstance(version, bool) or version != FORMAT_VERSION:
        raise FileFormatError(
            f"network file: unknown format version {version!r}; this exactpd reads version {FORMAT_VERSION}"
        )
    for key in ("input_dim", "layers"):
        if key not in d:
            raise FileFormatError(f"network file: missing key {key!r}")
    unknown = sorted(d.keys() - {"format", "input_dim", "layers"})
    if unknown:
        raise FileFormatError(f"network file: unknown key {unknown[0]!r}")
    if not isinstance(d["layers"], list):
        raise FileFormatError(f"network file: layers must be a list, got {_type_name(d['layers'])}")
    layers = [_layer_from_dict(i, layer) for i, layer in enumerate(d["layers"])]
    return Network(d["input_dim"], layers)


class _JsonDecimal(Decimal):
    """A JSON number with a fraction or an exponent: read exactly, and shown in messages as written."""

    def __repr__(self) -> str:
        return str(self)


def _constant(name: str) -> float:
    """JSON's non-standard NaN/Infinity: pass them on as floats, so the weight check names the entry."""
    return float(name)


def _json_float(text: str) -> _JsonDecimal:
    """A JSON number with a fraction or an exponent, its size checked on the text before it is read."""
    parse_decimal_text(text, "a JSON number")
    return _JsonDecimal(text)


def _json_int(text: str) -> int:
    return parse_integer_text(text, "a JSON integer")


def _unique_keys(pairs: list) -> dict:
    d = {}
    for key, value in pairs:
        if key in d:
            raise FileFormatError(f"the key {key!r} appears twice in one object")
        d[key] = value
    return d


def parse_json(text: str, where: str) -> Any:
    """Read JSON text as exactpd reads every file: numbers exact and within limits, no repeated key.

    Parameters
    ----------
    text : str
    where : str
        The file (or other source) named at the start of every error message.

    Returns
    -------
    The decoded value: integers as ``int``; other numbers as
    :class:`~decimal.Decimal` (the exact decimal written); ``NaN`` and
    ``Infinity`` as floats (for the reader to refuse, naming the entry).

    Raises
    ------
    FileFormatError
        Not valid JSON, nested too deeply, or an object with a repeated key.
    NumberLimitError
        A number with more digits or a larger exponent than
        :func:`~exactpd.rational.number_limits` allows (refused before it is converted).

    Examples
    --------
    >>> parse_json('{"a": [1, 0.1]}', "example")
    {'a': [1, 0.1]}
    >>> parse_json('{"a": 1, "a": 2}', "example")
    Traceback (most recent call last):
    ...
    exactpd.errors.FileFormatError: example: the key 'a' appears twice in one object
    """
    try:
        return json.loads(
            text, parse_float=_json_float, parse_int=_json_int, parse_constant=_constant, object_pairs_hook=_unique_keys
        )
    except json.JSONDecodeError as err:
        raise FileFormatError(f"{where}: not valid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except RecursionError:
        raise FileFormatError(f"{where}: not valid JSON: nested too deeply") from None
    except ExactpdError as err:
        raise type(err)(f"{where}: {err}") from None


def read_json(path: PathLike) -> Any:
    """Read a UTF-8 JSON file with :func:`parse_json`.

    Parameters
    ----------
    path : str or path-like
        The JSON file.

    Returns
    -------
    object
        The parsed value; non-integer numbers as :class:`~decimal.Decimal`
        (exact), as :func:`parse_json` gives them.

    Raises
    ------
    OSError
        The file cannot be read.
    FileFormatError, NumberLimitError
        As for :func:`parse_json`; also text that is not UTF-8.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "numbers.json")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"x": 0.1, "n": 3}')
    >>> from decimal import Decimal
    >>> data = read_json(path)
    >>> data, isinstance(data["x"], Decimal), data["x"] == Decimal("0.1")
    ({'x': 0.1, 'n': 3}, True, True)
    """
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise FileFormatError(f"{os.fspath(path)}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    return parse_json(text, os.fspath(path))


def _parse(d: Any, where: str) -> Network:
    try:
        return network_from_dict(d)
    except ExactpdError as err:
        raise type(err)(f"{where}: {err}") from None


def load_network(path: PathLike) -> Network:
    """Read a network file (JSON, see ``docs/network-format.md``).

    Parameters
    ----------
    path : str or path-like
        The network file.

    Returns
    -------
    Network
        Built by :func:`network_from_dict`, every number exact.

    Raises
    ------
    OSError
        The file cannot be read.
    FileFormatError
        Not UTF-8 JSON of the network schema (an object with a repeated key
        included), or an unknown format version.
    NumberLimitError
        A number past :func:`~exactpd.rational.number_limits` (refused before any arithmetic).
    InvalidNetworkError
        Shapes or weights that do not make a network (the message names the
        file, the layer and the entry).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"format": 1, "input_dim": 1, "layers": [{"kind": "dense", "weight": [["1/3"]], "bias": [0.5]}]}')
    >>> load_network(path).layers[0].weight, load_network(path).layers[0].bias
    (((Fraction(1, 3),),), (Fraction(1, 2),))
    """
    return _parse(read_json(path), os.fspath(path))


def _json_text(value: Any, indent: str = "") -> str:
    """JSON with one object key or matrix row per line, and short lists kept on one line."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_json_text(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (list, dict)) for v in value):
        return "[\n" + ",\n".join(inner + _json_text(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value)


def save_network(net: Network, path: PathLike) -> None:
    """Write ``net`` as a network file (current format version, every number exact; atomic, see :mod:`exactpd.io.atomic`).

    Parameters
    ----------
    net : Network
        The network.
    path : str or path-like
        The file, replaced whole only once the new one is complete.

    Returns
    -------
    None

    Raises
    ------
    OSError
        The file cannot be written.

    Examples
    --------
    >>> import os, tempfile
    >>> net = Network(2, [Dense([[1, "-1/3"]], [0], "relu")])
    >>> path = os.path.join(tempfile.mkdtemp(), "net.json")
    >>> save_network(net, path)
    >>> load_network(path) == net
    True
    """
    with atomic_write(path) as f:
        f.write(_json_text(network_to_dict(net)) + "\n")


def demo_network() -> Network:
    """The built-in example: a 2-6-6-1 ReLU network with short rational weights.

    Returns
    -------
    Network
        Read from the package's ``data/demo_network.json``.

    Examples
    --------
    >>> net = demo_network()
    >>> net.input_dim, [layer.n_outputs for layer in net.layers]
    (2, [6, 6, 1])
    """
    text = resources.files("exactpd").joinpath("data").joinpath("demo_network.json").read_text(encoding="utf-8")
    return _parse(parse_json(text, "built-in demo network"), "built-in demo network")
