"""ONNX import: :func:`from_onnx` / :func:`load_onnx` read a chain of ONNX nodes into an exact network.

Needs the ``onnx`` package (``pip install "exactpd[onnx]"``, or
``pip install ".[onnx]"`` in a clone), not a runtime.  Initializers are
converted exactly (a float32 weight is its binary value).  The graph must be a
chain: one data input, every node (except constants) consuming the output of
the previous one.

Supported operators, mapped as :mod:`exactpd.io.sequential` describes:
``Gemm`` (``transA = 0``), ``MatMul`` by a constant, ``Add``, ``Sub``,
``Mul``, ``Div`` by a constant and ``Neg``, ``Conv`` (1-D and 2-D), ``Relu``,
``LeakyRelu``, ``PRelu``, ``Abs``, ``Clip`` (ReLU6, Hardtanh), ``HardSigmoid``,
``MaxPool`` and ``AveragePool`` (1-D and 2-D), ``GlobalAveragePool``,
``Flatten`` (axis 1), ``Reshape`` keeping the batch axis first, ``Unsqueeze``,
``Squeeze``, ``BatchNormalization`` (inference), ``Identity``, ``Dropout``,
``Constant``, and at the end ``Softmax``, ``LogSoftmax`` or ``Sigmoid``
(dropped with a :class:`~exactpd.errors.ModelImportWarning`: they change
neither the regions nor the decision boundary).  Anything else raises
:class:`~exactpd.errors.InvalidNetworkError` naming the node.
"""

from __future__ import annotations

import math
import os
from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import FileFormatError, InvalidNetworkError, MissingDependencyError, NonFiniteWeightError
from exactpd.io.sequential import Op, network_from_ops
from exactpd.io.unsupported import unsupported_reason
from exactpd.network.layers import Network

__all__ = ["from_onnx", "load_onnx"]

_SUPPORTED = (
    "Gemm, MatMul, Add, Sub, Mul, Div, Neg, Conv, Relu, LeakyRelu, PRelu, Abs, Clip, HardSigmoid, MaxPool, "
    "AveragePool, GlobalAveragePool, Flatten, Reshape, Unsqueeze, Squeeze, BatchNormalization, Identity, Dropout, "
    "Constant, and at the end Softmax, LogSoftmax, Sigmoid"
)


_DEFAULT_ALPHA = 0.009999999776482582  # LeakyRelu's default alpha, the float32 nearest to 0.01
_DEFAULT_HARD_ALPHA = 0.20000000298023224  # HardSigmoid's default alpha, the float32 nearest to 0.2


def _import_onnx() -> Any:
    try:
        import onnx
    except ImportError as err:
        raise MissingDependencyError(
            'this needs the onnx package, an optional dependency: pip install "exactpd[onnx]" '
            '(in a clone of the repository: pip install ".[onnx]")'
        ) from err
    return onnx


def _pads(label: str, attrs: dict, kernel: Sequence[int], dilation: Sequence[int]) -> tuple[int, ...]:
    """Symmetric padding per spatial axis from ``pads`` or ``auto_pad`` (1-D or 2-D)."""
    rank = len(kernel)
    auto = attrs.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else auto
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        if list(attrs.get("strides", [1] * rank)) != [1] * rank:
            raise InvalidNetworkError(f"{label}: auto_pad {auto} with strides is not supported")
        totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
        if any(t % 2 for t in totals):
            raise InvalidNetworkError(f"{label}: auto_pad {auto} pads unevenly here; not supported")
        return tuple(t // 2 for t in totals)
    if auto == "VALID":
        return (0,) * rank
    pads = list(attrs.get("pads", [0] * 2 * rank))
    if len(pads) != 2 * rank or pads[:rank] != pads[rank:]:
        raise InvalidNetworkError(f"{label}: pads {pads} are not symmetric (or not {rank}-D); not supported")
    return tuple(pads[:rank])


def _constant(name: str, tensor: Any) -> Any:
    """An initializer or Constant value as an array, refused when it holds NaN or an infinity."""
    import numpy as np
    from onnx import numpy_helper

    array = numpy_helper.to_array(tensor)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise NonFiniteWeightError(f"ONNX initializer '{name}' holds {array[index]} at index {list(index)}")
    return array


def _elementwise(op: str, label: str, const: Any, data_first: bool) -> Op:
    """``Add``, ``Sub``, ``Mul``, ``Div`` of the data and a constant as a ``scale_shift`` op."""
    values, shape = [Fraction(v) for v in _floats(const.reshape(-1))], tuple(const.shape)
    if op == "Add":
        return Op("scale_shift", label, {"scale": [1], "shift": values, "shape": shape})
    if op == "Sub":
        if data_first:
            return Op("scale_shift", label, {"scale": [1], "shift": [-v for v in values], "shape": shape})
        return Op("scale_shift", label, {"scale": [-1], "shift": values, "shape": shape})
    if op == "Mul":
        return Op("scale_shift", label, {"scale": values, "shift": [0], "shape": shape})
    if not data_first or any(v == 0 for v in values):
        raise InvalidNetworkError(f"{label}: only Div(data, nonzero constant) is affine")
    return Op("scale_shift", label, {"scale": [1 / v for v in values], "shift": [0], "shape": shape})


def _floats(array: Any) -> list:
    """Nested lists of Python floats (exact for float16/32/64 arrays)."""
    return array.astype("float64").tolist()


def _gemm(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Gemm(data, constant weight)`` with ``transA = 0`` as a ``linear`` op (``alpha``, ``beta`` folded in)."""
    if attrs.get("transA", 0) or not data_first:
        raise InvalidNetworkError(f"{label}: only Gemm(data, constant weight) with transA = 0 is supported")
    weight = const[1] if attrs.get("transB", 0) else const[1].T
    alpha, beta = Fraction(attrs.get("alpha", 1.0)), Fraction(attrs.get("beta", 1.0))
    rows = [[alpha * Fraction(w) for w in row] for row in _floats(weight)]
    bias = None
    if const[2] is not None:
        c = const[2].reshape(-1)
        bias = [beta * Fraction(b) for b in _floats(c if c.size > 1 else c.repeat(len(rows)))]
    return Op("linear", label, {"weight": rows, "bias": bias})


def _matmul(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``MatMul(data, constant 2-D weight)`` as a bias-free ``linear`` op."""
    if not data_first or const[1] is None or const[1].ndim != 2:
        raise InvalidNetworkError(f"{label}: only MatMul(data, constant 2-D weight) is supported")
    return Op("linear", label, {"weight": _floats(const[1].T), "bias": None})


def _arithmetic(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Add``, ``Sub``, ``Mul``, ``Div`` with one constant operand, on either side, via :func:`_elementwise`."""
    other = const[1] if data_first else const[0]
    if other is None:
        raise InvalidNetworkError(f"{label}: only {node.op_type} of the data and a constant is supported")
    return _elementwise(node.op_type, label, other, data_first)


def _neg(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Neg`` as the ``scale_shift`` op of scale -1."""
    return Op("scale_shift", label, {"scale": [-1], "shift": [0]})


def _conv(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """1-D or 2-D ``Conv`` with a constant weight as a ``conv1d`` / ``conv2d`` op."""
    weight = const[1]
    if weight is None or weight.ndim not in (3, 4):
        raise InvalidNetworkError(f"{label}: only 1-D and 2-D Conv with a constant weight is supported")
    kernel = list(weight.shape[2:])
    rank = len(kernel)
    dilation = list(attrs.get("dilations", [1] * rank))
    return Op(f"conv{rank}d", label, {
        "weight": _floats(weight), "bias": None if const[2] is None else _floats(const[2]),
        "stride": list(attrs.get("strides", [1] * rank)), "padding": _pads(label, attrs, kernel, dilation),
        "dilation": dilation, "groups": attrs.get("group", 1),
    })


def _plain(name: str) -> Any:
    """A handler for an operator without options: the op ``name``, whatever the node's attributes."""
    def handler(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
        """The option-free op ``name``."""
        return Op(name, label)
    return handler


def _leaky_relu(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``LeakyRelu`` as a ``leaky_relu`` op of its exact float32 ``alpha``."""
    return Op("leaky_relu", label, {"negative_slope": Fraction(attrs.get("alpha", _DEFAULT_ALPHA))})


def _prelu(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``PRelu`` with a constant slope as a ``prelu`` op."""
    if const[1] is None:
        raise InvalidNetworkError(f"{label}: only PRelu with a constant slope is supported")
    return Op("prelu", label, {"weight": _floats(const[1].reshape(-1))})


def _clip(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Clip`` as a ``clamp`` op; bounds from attributes (opset < 11) or constant optional inputs (later)."""
    bounds = [attrs.get("min"), attrs.get("max")]
    for i, name in ((0, "min"), (1, "max")):
        if len(node.input) > i + 1 and node.input[i + 1]:
            if const[i + 1] is None:
                raise InvalidNetworkError(f"{label}: the {name} of Clip must be a constant")
            bounds[i] = Fraction(_floats(const[i + 1].reshape(-1))[0])
    return Op("clamp", label, {"min": None if bounds[0] is None else Fraction(bounds[0]),
                               "max": None if bounds[1] is None else Fraction(bounds[1])})


def _hard_sigmoid(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``HardSigmoid`` as a ``hardsigmoid`` op of its exact ``alpha`` and ``beta``."""
    return Op("hardsigmoid", label, {"alpha": Fraction(attrs.get("alpha", _DEFAULT_HARD_ALPHA)),
                                     "beta": Fraction(attrs.get("beta", 0.5))})


def _pool(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """1-D or 2-D ``MaxPool`` (no Indices output) or undilated ``AveragePool`` as a pooling op."""
    if len(node.output) > 1 and node.output[1]:
        raise InvalidNetworkError(f"{label}: the Indices output is not supported")
    kernel = list(attrs["kernel_shape"])
    rank = len(kernel)
    dilation = list(attrs.get("dilations", [1] * rank))
    options = {"kernel_size": kernel, "stride": list(attrs.get("strides", [1] * rank)),
               "padding": _pads(label, attrs, kernel, dilation), "ceil_mode": bool(attrs.get("ceil_mode", 0))}
    if node.op_type == "MaxPool":
        return Op(f"maxpool{rank}d", label, dict(options, dilation=dilation))
    if dilation != [1] * rank:
        raise InvalidNetworkError(f"{label}: dilated AveragePool is not supported")
    return Op(f"avgpool{rank}d", label, dict(options, count_include_pad=bool(attrs.get("count_include_pad", 0))))


def _flatten(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Flatten`` with axis 1 as a ``flatten`` op."""
    if attrs.get("axis", 1) != 1:
        raise InvalidNetworkError(f"{label}: only Flatten with axis 1 is supported")
    return Op("flatten", label)


def _reshape(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Reshape`` to a constant shape keeping the batch axis first as a ``reshape`` op of the per-input shape."""
    target = None if const[1] is None else [int(t) for t in const[1].tolist()]
    if target is None or len(target) < 2 or target[0] not in (-1, 0, 1) or (target[0] == -1 and -1 in target[1:]):
        raise InvalidNetworkError(
            f"{label}: only a Reshape to a constant shape that keeps the batch axis first is supported"
        )
    zero = not attrs.get("allowzero", 0)
    return Op("reshape", label, {"shape": target[1:], "zero_copies": zero})


def _squeeze(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Unsqueeze`` / ``Squeeze`` of constant axes (attribute or input) other than the batch axis."""
    op = node.op_type
    axes = attrs.get("axes") if "axes" in attrs else (None if const[1] is None else const[1].tolist())
    if axes is None or 0 in axes:
        raise InvalidNetworkError(f"{label}: only {op} of constant axes other than the batch axis is supported")
    return Op(op.lower(), label, {"axes": [int(a) for a in axes]})


def _softmax(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Softmax`` / ``LogSoftmax`` over a non-batch axis as a ``softmax`` / ``log_softmax`` op."""
    if attrs.get("axis") == 0:
        raise InvalidNetworkError(f"{label}: the softmax runs over the batch axis, mixing inputs")
    return Op("softmax" if node.op_type == "Softmax" else "log_softmax", label)


def _batchnorm(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """Inference-mode ``BatchNormalization`` with constant statistics as a ``batchnorm`` op."""
    if attrs.get("training_mode", 0) or len(node.output) > 1 and any(node.output[1:]):
        raise InvalidNetworkError(f"{label}: only inference-mode BatchNormalization is supported")
    if any(c is None for c in const[1:5]):
        raise InvalidNetworkError(f"{label}: the scale, bias, mean and variance must be constants")
    return Op("batchnorm", label, {
        "weight": _floats(const[1]), "bias": _floats(const[2]), "running_mean": _floats(const[3]),
        "running_var": _floats(const[4]), "eps": Fraction(attrs.get("epsilon", 1e-5)), "image": None,
    })


def _identity(label: str, node: Any, attrs: dict, const: list, data_first: bool) -> Op:
    """``Identity`` or ``Dropout`` (without its mask output) as an ``identity`` op."""
    if node.op_type == "Dropout" and len(node.output) > 1 and node.output[1]:
        raise InvalidNetworkError(f"{label}: the mask output of Dropout is not supported")
    return Op("identity", label)


# One handler per operator family: (label, node, attributes, constant inputs, data is the first input) -> Op.
_HANDLERS = {
    "Gemm": _gemm, "MatMul": _matmul,
    "Add": _arithmetic, "Sub": _arithmetic, "Mul": _arithmetic, "Div": _arithmetic, "Neg": _neg,
    "Conv": _conv,
    "Relu": _plain("relu"), "Abs": _plain("abs"), "LeakyRelu": _leaky_relu, "PRelu": _prelu,
    "Clip": _clip, "HardSigmoid": _hard_sigmoid,
    "MaxPool": _pool, "AveragePool": _pool, "GlobalAveragePool": _plain("global_avgpool"),
    "Flatten": _flatten, "Reshape": _reshape, "Unsqueeze": _squeeze, "Squeeze": _squeeze,
    "Softmax": _softmax, "LogSoftmax": _softmax, "Sigmoid": _plain("sigmoid"),
    "BatchNormalization": _batchnorm, "Identity": _identity, "Dropout": _identity,
}


def _data_input(graph: Any, constants: dict, input_shape: Sequence[int] | None) -> tuple[str, tuple[int, ...]]:
    """The graph's one data input and one input's shape (``input_shape``, else the input's static shape)."""
    inputs = [i for i in graph.input if i.name not in constants]
    if len(inputs) != 1:
        raise InvalidNetworkError(f"ONNX graph: expected one data input, got {[i.name for i in inputs]}")
    name = inputs[0].name
    if input_shape is None:
        dims = inputs[0].type.tensor_type.shape.dim[1:]
        if not dims or any(d.dim_value <= 0 for d in dims):
            raise InvalidNetworkError(
                f"ONNX graph: input '{name}' has no static shape; pass input_shape=(C, H, W) or (n,)"
            )
        input_shape = tuple(d.dim_value for d in dims)
    return name, input_shape


def _attributes(onnx: Any, label: str, node: Any) -> dict:
    """A node's attributes by name, refused when a float attribute is NaN or an infinity."""
    attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
    for name, value in attrs.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise NonFiniteWeightError(f"{label}: ONNX attribute '{name}' is {value}")
    return attrs


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
        An unsupported node or attribute (the message names the node and
        says why), a graph that is not a chain, or shapes that do not fit.
    NonFiniteWeightError
        An initializer or constant holding NaN or an infinity (the message
        names it).

    Warns
    -----
    ModelImportWarning
        A trailing Softmax, LogSoftmax or Sigmoid is dropped (see
        :func:`exactpd.io.sequential.network_from_ops`).

    Notes
    -----
    Attributes stored as float32 in ONNX (``alpha``, ``epsilon``) are taken
    at their exact float32 value; batch norm is folded as in
    :func:`exactpd.io.sequential.network_from_ops`.

    Examples
    --------
    >>> import numpy as np
    >>> from onnx import TensorProto, helper, numpy_helper
    >>> W = numpy_helper.from_array(np.array([[1, -1], [0.5, 2]], dtype=np.float32), "W")
    >>> b = numpy_helper.from_array(np.array([0, 0.25], dtype=np.float32), "b")
    >>> graph = helper.make_graph(
    ...     [helper.make_node("Gemm", ["x", "W", "b"], ["h"], transB=1), helper.make_node("Relu", ["h"], ["y"])],
    ...     "tiny",
    ...     [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
    ...     [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
    ...     [W, b],
    ... )
    >>> net = from_onnx(helper.make_model(graph))
    >>> net.layers[0].weight, net.layers[0].bias, net.layers[0].activation
    (((Fraction(1, 1), Fraction(-1, 1)), (Fraction(1, 2), Fraction(2, 1))), (Fraction(0, 1), Fraction(1, 4)), 'relu')
    """
    onnx = _import_onnx()
    graph = model.graph
    constants = {t.name: _constant(t.name, t) for t in graph.initializer}
    current, input_shape = _data_input(graph, constants, input_shape)
    ops: list[Op] = []
    for index, node in enumerate(graph.node):
        label = f"node '{node.name or index}' ({node.op_type})"
        attrs = _attributes(onnx, label, node)
        data = [name for name in node.input if name and name not in constants]
        if node.op_type == "Constant":
            constants[node.output[0]] = _constant(node.output[0], attrs["value"])
            continue
        if node.op_type == "Identity" and not data:
            constants[node.output[0]] = constants[node.input[0]]
            continue
        if data != [current]:
            raise InvalidNetworkError(
                f"{label}: the graph is not a chain (the node reads {data}, the data flows through '{current}')"
            )
        handler = _HANDLERS.get(node.op_type)
        if handler is None:
            raise InvalidNetworkError(
                f"{label} is not supported: {unsupported_reason(node.op_type)}. Supported operators: {_SUPPORTED}"
            )
        const = [constants.get(name) for name in node.input] + [None] * 3  # absent optional inputs
        ops.append(handler(label, node, attrs, const, node.input[0] == current))
        current = node.output[0]
    outputs = [o.name for o in graph.output]
    if outputs != [current]:
        raise InvalidNetworkError(f"ONNX graph: the output {outputs} is not the end of the chain '{current}'")
    return network_from_ops(ops, input_shape)


def load_onnx(path: str | os.PathLike, input_shape: Sequence[int] | None = None) -> Network:
    """Read an ``.onnx`` file with :func:`from_onnx`.

    Parameters
    ----------
    path : str or path-like
        The ``.onnx`` file.
    input_shape : (C, H, W) or (n,), optional
        As for :func:`from_onnx`.

    Returns
    -------
    Network
        The exact network of the model.

    Raises
    ------
    OSError
        The file cannot be read.
    FileFormatError
        The file is not an ONNX model.
    MissingDependencyError
        The onnx package is not installed.
    InvalidNetworkError
        As for :func:`from_onnx`; the message starts with the path.

    Examples
    --------
    >>> import os, tempfile
    >>> import onnx
    >>> import numpy as np
    >>> from onnx import TensorProto, helper, numpy_helper
    >>> W = numpy_helper.from_array(np.array([[1, -1], [0.5, 2]], dtype=np.float32), "W")
    >>> b = numpy_helper.from_array(np.array([0, 0.25], dtype=np.float32), "b")
    >>> graph = helper.make_graph(
    ...     [helper.make_node("Gemm", ["x", "W", "b"], ["h"], transB=1), helper.make_node("Relu", ["h"], ["y"])],
    ...     "tiny",
    ...     [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
    ...     [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
    ...     [W, b],
    ... )
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny.onnx")
    >>> onnx.save(helper.make_model(graph), path)
    >>> load_onnx(path).layers[0].bias
    (Fraction(0, 1), Fraction(1, 4))
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
