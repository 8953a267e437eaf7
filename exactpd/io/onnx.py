"""ONNX import: :func:`from_onnx` / :func:`load_onnx` read a chain of ONNX nodes into an exact network.

Needs the ``onnx`` package (``pip install "exactpd[onnx]"``), not a runtime.
Initializers are converted exactly (a float32 weight is its binary value).
The graph must be a chain: one data input, every node (except constants)
consuming the output of the previous one.

Supported operators, mapped as :mod:`exactpd.io.sequential` describes:
``Gemm`` (``transA = 0``), ``MatMul`` by a constant (then ``Add`` of a
constant bias), ``Conv``, ``Relu``, ``LeakyRelu``, ``Abs``, ``MaxPool``,
``AveragePool``, ``GlobalAveragePool``, ``Flatten`` (axis 1), ``Reshape`` to
``(batch, -1)``, ``BatchNormalization`` (inference), ``Identity``, ``Dropout``
and ``Constant``.  Anything else raises
:class:`~exactpd.errors.InvalidNetworkError` naming the node.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import FileFormatError, InvalidNetworkError, MissingDependencyError
from exactpd.io.sequential import Op, network_from_ops
from exactpd.network.layers import Network

__all__ = ["from_onnx", "load_onnx"]

_SUPPORTED = (
    "Gemm, MatMul, Add, Conv, Relu, LeakyRelu, Abs, MaxPool, AveragePool, GlobalAveragePool, Flatten, Reshape, "
    "BatchNormalization, Identity, Dropout, Constant"
)


_DEFAULT_ALPHA = 0.009999999776482582  # LeakyRelu's default alpha, the float32 nearest to 0.01


def _import_onnx() -> Any:
    try:
        import onnx
    except ImportError as err:
        raise MissingDependencyError('this needs the onnx package, an optional dependency: pip install "exactpd[onnx]"') from err
    return onnx


def _pads(label: str, attrs: dict, kernel: Sequence[int], dilation: Sequence[int]) -> tuple[int, int]:
    """Symmetric (top/bottom, left/right) padding from ``pads`` or ``auto_pad``."""
    auto = attrs.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        if attrs.get("strides", [1, 1]) != [1, 1]:
            raise InvalidNetworkError(f"{label}: auto_pad {auto} with strides is not supported")
        totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
        if any(t % 2 for t in totals):
            raise InvalidNetworkError(f"{label}: auto_pad {auto} pads unevenly here; not supported")
        return (totals[0] // 2, totals[1] // 2)
    if auto == "VALID":
        return (0, 0)
    pads = list(attrs.get("pads", [0, 0, 0, 0]))
    if len(pads) != 4 or pads[0] != pads[2] or pads[1] != pads[3]:
        raise InvalidNetworkError(f"{label}: pads {pads} are not symmetric (or not 2-D); not supported")
    return (pads[0], pads[1])


def _floats(array: Any) -> list:
    """Nested lists of Python floats (exact for float16/32/64 arrays)."""
    return array.astype("float64").tolist()


def from_onnx(model: Any, input_shape: Sequence[int] | None = None) -> Network:
    """The exact network of an ONNX model (a ``onnx.ModelProto`` holding a chain of supported nodes).

    Parameters
    ----------
    model : onnx.ModelProto
    input_shape : (C, H, W) or (n,), optional
        One input's shape without the batch dimension; by default read from
        the graph input (it must then be static).

    Returns
    -------
    Network

    Raises
    ------
    MissingDependencyError
        The onnx package is not installed.
    InvalidNetworkError
        An unsupported node or attribute (the message names the node), a
        graph that is not a chain, or shapes that do not fit.

    Notes
    -----
    Attributes stored as float32 in ONNX (``alpha``, ``epsilon``) are taken
    at their exact float32 value; batch norm is folded as in
    :func:`exactpd.io.sequential.network_from_ops`.
    """
    onnx = _import_onnx()
    from onnx import numpy_helper

    graph = model.graph
    constants = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    inputs = [i for i in graph.input if i.name not in constants]
    if len(inputs) != 1:
        raise InvalidNetworkError(f"ONNX graph: expected one data input, got {[i.name for i in inputs]}")
    current = inputs[0].name
    if input_shape is None:
        dims = inputs[0].type.tensor_type.shape.dim[1:]
        if not dims or any(d.dim_value <= 0 for d in dims):
            raise InvalidNetworkError(
                f"ONNX graph: input '{current}' has no static shape; pass input_shape=(C, H, W) or (n,)"
            )
        input_shape = tuple(d.dim_value for d in dims)
    ops: list[Op] = []
    for index, node in enumerate(graph.node):
        label = f"node '{node.name or index}' ({node.op_type})"
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        data = [name for name in node.input if name and name not in constants]
        if node.op_type == "Constant":
            constants[node.output[0]] = numpy_helper.to_array(attrs["value"])
            continue
        if node.op_type == "Identity" and not data:
            constants[node.output[0]] = constants[node.input[0]]
            continue
        if data != [current]:
            raise InvalidNetworkError(
                f"{label}: the graph is not a chain (the node reads {data}, the data flows through '{current}')"
            )
        const = [constants.get(name) for name in node.input] + [None] * 3  # absent optional inputs
        op = node.op_type
        if op == "Gemm":
            if attrs.get("transA", 0) or node.input[0] != current:
                raise InvalidNetworkError(f"{label}: only Gemm(data, constant weight) with transA = 0 is supported")
            weight = const[1] if attrs.get("transB", 0) else const[1].T
            alpha, beta = Fraction(attrs.get("alpha", 1.0)), Fraction(attrs.get("beta", 1.0))
            rows = [[alpha * Fraction(w) for w in row] for row in _floats(weight)]
            bias = None
            if const[2] is not None:
                c = const[2].reshape(-1)
                bias = [beta * Fraction(b) for b in _floats(c if c.size > 1 else c.repeat(len(rows)))]
            ops.append(Op("linear", label, {"weight": rows, "bias": bias}))
        elif op == "MatMul":
            if node.input[0] != current or const[1] is None or const[1].ndim != 2:
                raise InvalidNetworkError(f"{label}: only MatMul(data, constant 2-D weight) is supported")
            ops.append(Op("linear", label, {"weight": _floats(const[1].T), "bias": None}))
        elif op == "Add":
            other = next((c for c in const if c is not None), None)
            if other is None:
                raise InvalidNetworkError(f"{label}: only Add of a constant is supported")
            ops.append(Op("add", label, {"bias": _floats(other.reshape(-1))}))
        elif op == "Conv":
            weight = const[1]
            if weight is None or weight.ndim != 4:
                raise InvalidNetworkError(f"{label}: only 2-D Conv with a constant weight is supported")
            kernel = list(weight.shape[2:])
            dilation = list(attrs.get("dilations", [1, 1]))
            ops.append(Op("conv2d", label, {
                "weight": _floats(weight), "bias": None if const[2] is None else _floats(const[2]),
                "stride": list(attrs.get("strides", [1, 1])), "padding": _pads(label, attrs, kernel, dilation),
                "dilation": dilation, "groups": attrs.get("group", 1),
            }))
        elif op in ("Relu", "Abs"):
            ops.append(Op(op.lower(), label))
        elif op == "LeakyRelu":
            ops.append(Op("leaky_relu", label, {"negative_slope": Fraction(attrs.get("alpha", _DEFAULT_ALPHA))}))
        elif op in ("MaxPool", "AveragePool"):
            if len(node.output) > 1 and node.output[1]:
                raise InvalidNetworkError(f"{label}: the Indices output is not supported")
            kernel = list(attrs["kernel_shape"])
            dilation = list(attrs.get("dilations", [1, 1]))
            options = {"kernel_size": kernel, "stride": list(attrs.get("strides", [1, 1])),
                       "padding": _pads(label, attrs, kernel, dilation), "ceil_mode": bool(attrs.get("ceil_mode", 0))}
            if op == "MaxPool":
                ops.append(Op("maxpool2d", label, dict(options, dilation=dilation)))
            else:
                if dilation != [1, 1]:
                    raise InvalidNetworkError(f"{label}: dilated AveragePool is not supported")
                ops.append(Op("avgpool2d", label, dict(options, count_include_pad=bool(attrs.get("count_include_pad", 0)))))
        elif op == "GlobalAveragePool":
            ops.append(Op("adaptive_avgpool2d", label, {"output_size": (1, 1)}))
        elif op == "Flatten":
            if attrs.get("axis", 1) != 1:
                raise InvalidNetworkError(f"{label}: only Flatten with axis 1 is supported")
            ops.append(Op("flatten", label))
        elif op == "Reshape":
            target = None if const[1] is None else const[1].tolist()
            if target is None or len(target) != 2 or -1 not in target:
                raise InvalidNetworkError(f"{label}: only a Reshape to (batch, -1) or (-1, features) is supported")
            ops.append(Op("flatten", label, {} if target[1] == -1 else {"size": target[1]}))
        elif op == "BatchNormalization":
            if attrs.get("training_mode", 0) or len(node.output) > 1 and any(node.output[1:]):
                raise InvalidNetworkError(f"{label}: only inference-mode BatchNormalization is supported")
            if any(c is None for c in const[1:5]):
                raise InvalidNetworkError(f"{label}: the scale, bias, mean and variance must be constants")
            ops.append(Op("batchnorm", label, {
                "weight": _floats(const[1]), "bias": _floats(const[2]), "running_mean": _floats(const[3]),
                "running_var": _floats(const[4]), "eps": Fraction(attrs.get("epsilon", 1e-5)), "image": None,
            }))
        elif op in ("Identity", "Dropout"):
            if op == "Dropout" and len(node.output) > 1 and node.output[1]:
                raise InvalidNetworkError(f"{label}: the mask output of Dropout is not supported")
            ops.append(Op("identity", label))
        else:
            raise InvalidNetworkError(f"{label} is not supported; supported operators: {_SUPPORTED}")
        current = node.output[0]
    outputs = [o.name for o in graph.output]
    if outputs != [current]:
        raise InvalidNetworkError(f"ONNX graph: the output {outputs} is not the end of the chain '{current}'")
    return network_from_ops(ops, input_shape)


def load_onnx(path: str | os.PathLike, input_shape: Sequence[int] | None = None) -> Network:
    """Read an ``.onnx`` file with :func:`from_onnx`.

    Raises
    ------
    OSError
        The file cannot be read.
    FileFormatError
        The file is not an ONNX model.
    """
    onnx = _import_onnx()
    try:
        model = onnx.load(os.fspath(path))
    except OSError:
        raise
    except Exception as err:  # protobuf's DecodeError and friends
        raise FileFormatError(f"{os.fspath(path)}: not an ONNX model ({type(err).__name__}: {err})") from None
    try:
        return from_onnx(model, input_shape)
    except InvalidNetworkError as err:
        raise type(err)(f"{os.fspath(path)}: {err}") from None
