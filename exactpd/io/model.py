"""Open a model file of any supported kind: :func:`load_model`."""

from __future__ import annotations

import os
from pathlib import Path

from exactpd.errors import FileFormatError
from exactpd.io.jsonio import load_network
from exactpd.io.onnx import load_onnx
from exactpd.network.layers import Network

__all__ = ["MODEL_SUFFIXES", "load_model"]

MODEL_SUFFIXES = {".json": "exactpd network file (docs/network-format.md)", ".onnx": "ONNX model (needs exactpd[onnx])"}


def load_model(path: str | os.PathLike) -> Network:
    """Read a network from a ``.json`` network file or an ``.onnx`` model, chosen by the file suffix.

    Parameters
    ----------
    path : str or path-like
        A ``.json`` network file (``docs/network-format.md``) or an ``.onnx``
        model; the suffix is compared without case.

    Returns
    -------
    Network
        The exact network the file describes.

    Raises
    ------
    FileFormatError
        An unknown suffix, or a file that is not of its suffix's format.
    OSError
        The file cannot be read.
    InvalidNetworkError
        A model exactpd cannot represent (the message names the layer or node).
    MissingDependencyError
        An ``.onnx`` file without the onnx package installed.

    See Also
    --------
    exactpd.io.load_network, exactpd.io.load_onnx

    Examples
    --------
    >>> import os, tempfile
    >>> from exactpd import Dense, Network, save_network
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "1/2"], "relu"), Dense([[1, 1]], [-1])])
    >>> folder = tempfile.mkdtemp()
    >>> save_network(net, os.path.join(folder, "net.json"))
    >>> load_model(os.path.join(folder, "net.json")).layers[0].bias
    (Fraction(0, 1), Fraction(1, 2))
    >>> load_model(os.path.join(folder, "net.txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    exactpd.errors.FileFormatError: ...net.txt: unknown model file suffix '.txt'; expected .json (...), .onnx (...)
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return load_network(path)
    if suffix == ".onnx":
        return load_onnx(path)
    known = ", ".join(f"{s} ({what})" for s, what in MODEL_SUFFIXES.items())
    raise FileFormatError(f"{os.fspath(path)}: unknown model file suffix {suffix!r}; expected {known}")
