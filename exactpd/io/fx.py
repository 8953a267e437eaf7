"""PyTorch models through ``torch.fx``: :func:`traced_ops` reads an ``nn.Module`` as a chain of layers.

The model is traced symbolically (``torch.fx``), with the supported
``torch.nn`` modules (and any module named ``Abs``) kept as leaves, then run
once on a zero batch of the input shape to learn every intermediate shape and
every constant (parameters, and expressions of them such as ``self.w.t()``).
A node *carries data* when it depends on the input and is a tensor; shape
queries (``x.size(0)``, ``x.shape``) depend on it but are plain numbers.  The
data nodes must form a chain: each reads the previous one (once) and nothing
else reads it.

Calls read besides the modules of :mod:`exactpd.io.torch`:

==============================================================  ==========================================
call                                                            exact layer
==============================================================  ==========================================
``F.relu``, ``torch.relu``, ``x.relu()``, ``F.leaky_relu``,     the activation
``torch.abs``, ``x.abs()``, ``abs(x)``, ``F.prelu``
``F.relu6``, ``F.hardtanh``, ``F.hardsigmoid``,                 ReLUs, as the modules
``torch.clamp``/``clip``, ``x.clamp()``
``F.linear``, ``x @ W``, ``torch.matmul``/``mm`` (constant W)   Dense
``F.conv1d``, ``F.conv2d`` (constant weight)                    Conv2d
``F.max_pool1d/2d``, ``F.avg_pool1d/2d``,                       as the modules
``F.adaptive_avg_pool1d/2d``, ``F.batch_norm``
``x + c``, ``x - c``, ``c - x``, ``x * c``, ``x / c``, ``-x``   folded into the preceding affine layer
(``c`` a constant number or tensor broadcast over the sample)
``torch.flatten``, ``x.view``, ``x.reshape``, ``x.flatten``,    nothing (the batch axis must stay first)
``torch.unflatten``, ``squeeze``, ``unsqueeze``
``F.dropout*``, ``x.contiguous()``, ``x.float()``...            nothing
``F.softmax``, ``F.log_softmax``, ``torch.sigmoid``...          at the end only: dropped with a warning
==============================================================  ==========================================
"""

from __future__ import annotations

import builtins
import operator
from collections import OrderedDict
from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError
from exactpd.io.sequential import Op
from exactpd.io.torch import (
    SUPPORTED_MODULES,
    conv_op,
    import_torch,
    mode_warning,
    module_kind,
    module_op,
    values,
)
from exactpd.io.unsupported import unsupported_reason

__all__ = ["traced_ops"]

_BATCH = 2  # the batch size of the shape run: the batch axis must keep it


class _Data:
    """Stands for the data tensor among a call's arguments."""

    def __repr__(self) -> str:
        return "<data>"


_DATA = _Data()

# method name -> (kind, argument names after self); a kind names how _call_op reads the call
_METHODS = {
    "relu": ("relu", ()), "relu_": ("relu", ()), "abs": ("abs", ()), "abs_": ("abs", ()),
    "clamp": ("clamp", ("min", "max")), "clip": ("clamp", ("min", "max")), "clamp_": ("clamp", ("min", "max")),
    "clamp_min": ("clamp", ("min",)), "clamp_max": ("clamp", ("max",)),
    "add": ("add", ("other", "alpha")), "add_": ("add", ("other", "alpha")), "sub": ("sub", ("other", "alpha")),
    "sub_": ("sub", ("other", "alpha")), "mul": ("mul", ("other",)), "mul_": ("mul", ("other",)),
    "div": ("div", ("other", "rounding_mode")), "div_": ("div", ("other", "rounding_mode")), "neg": ("neg", ()),
    "matmul": ("matmul", ("other",)), "mm": ("matmul", ("other",)),
    "view": ("reshape", ()), "reshape": ("reshape", ()), "flatten": ("reshape", ()), "unflatten": ("reshape", ()),
    "squeeze": ("reshape", ()), "unsqueeze": ("reshape", ()), "view_as": ("reshape", ()), "reshape_as": ("reshape", ()),
    "contiguous": ("identity", ()), "clone": ("identity", ()), "float": ("identity", ()), "double": ("identity", ()),
    "to": ("identity", ()), "type_as": ("identity", ()), "detach": ("identity", ()),
    "softmax": ("softmax", ("dim",)), "log_softmax": ("log_softmax", ("dim",)), "sigmoid": ("sigmoid", ()),
}

_SHAPE_QUERIES = ("size", "dim", "numel", "shape", "ndim")


def _functions(torch: Any) -> dict:
    """Function -> (kind, argument names after the input), for the call_function nodes read."""
    F = torch.nn.functional
    table = {
        F.relu: ("relu", ()), torch.relu: ("relu", ()), torch.relu_: ("relu", ()), F.relu_: ("relu", ()),
        F.leaky_relu: ("leaky_relu", ("negative_slope",)), F.prelu: ("prelu", ("weight",)),
        torch.prelu: ("prelu", ("weight",)),
        torch.abs: ("abs", ()), torch.absolute: ("abs", ()), operator.abs: ("abs", ()),
        F.relu6: ("relu6", ()), F.hardtanh: ("clamp", ("min_val", "max_val")),
        F.hardsigmoid: ("hardsigmoid", ()), torch.clamp: ("clamp", ("min", "max")), torch.clip: ("clamp", ("min", "max")),
        F.linear: ("linear", ("weight", "bias")),
        operator.matmul: ("matmul", ("other",)), torch.matmul: ("matmul", ("other",)), torch.mm: ("matmul", ("other",)),
        operator.add: ("add", ("other",)), torch.add: ("add", ("other", "alpha")), operator.iadd: ("add", ("other",)),
        operator.sub: ("sub", ("other",)), torch.sub: ("sub", ("other", "alpha")), operator.isub: ("sub", ("other",)),
        operator.mul: ("mul", ("other",)), torch.mul: ("mul", ("other",)), operator.imul: ("mul", ("other",)),
        operator.truediv: ("div", ("other",)), torch.div: ("div", ("other", "rounding_mode")),
        torch.true_divide: ("div", ("other",)), operator.itruediv: ("div", ("other",)),
        operator.neg: ("neg", ()), torch.neg: ("neg", ()), torch.negative: ("neg", ()),
        torch.flatten: ("reshape", ()), torch.reshape: ("reshape", ()), torch.unflatten: ("reshape", ()),
        torch.squeeze: ("reshape", ()), torch.unsqueeze: ("reshape", ()),
        F.conv1d: ("conv", ("weight", "bias", "stride", "padding", "dilation", "groups")),
        F.conv2d: ("conv", ("weight", "bias", "stride", "padding", "dilation", "groups")),
        F.batch_norm: ("batch_norm", ("running_mean", "running_var", "weight", "bias", "training", "momentum", "eps")),
        F.softmax: ("softmax", ("dim",)), torch.softmax: ("softmax", ("dim",)),
        F.log_softmax: ("log_softmax", ("dim",)), torch.log_softmax: ("log_softmax", ("dim",)),
        torch.sigmoid: ("sigmoid", ()), F.sigmoid: ("sigmoid", ()),
    }
    for dropout in (F.dropout, F.dropout1d, F.dropout2d, F.dropout3d, F.alpha_dropout, F.feature_alpha_dropout):
        table[dropout] = ("identity", ())
    nn = torch.nn
    pools = {  # functional pooling: the module it equals, and its argument names
        F.max_pool1d: (nn.MaxPool1d, ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")),
        F.max_pool2d: (nn.MaxPool2d, ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")),
        F.avg_pool1d: (nn.AvgPool1d, ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad")),
        F.avg_pool2d: (nn.AvgPool2d, ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad",
                                      "divisor_override")),
        F.adaptive_avg_pool1d: (nn.AdaptiveAvgPool1d, ("output_size",)),
        F.adaptive_avg_pool2d: (nn.AdaptiveAvgPool2d, ("output_size",)),
    }
    for function, (cls, names) in pools.items():
        table[function] = (cls, names)
    return table


def _call_name(node: Any) -> str:
    """How a call reads in the user's code: ``x.view``, ``F.relu``, ``torch.flatten``, ``+``."""
    if node.op == "call_method":
        return f"x.{node.target}"
    target = node.target
    symbols = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/", operator.matmul: "@",
               operator.neg: "unary -", operator.iadd: "+=", operator.isub: "-=", operator.imul: "*=",
               operator.itruediv: "/=", operator.getitem: "indexing [...]", operator.abs: "abs"}
    if target in symbols:
        return symbols[target]
    module = getattr(target, "__module__", None) or ""
    name = getattr(target, "__name__", str(target))
    if module.startswith(("torch.nn.functional", "torch._C._nn")):
        return f"F.{name}"
    if module.startswith("torch") or module == "":
        return f"torch.{name}"
    return f"{module}.{name}"


def _bind(node: Any, names: Sequence[str], resolve: Any) -> dict:
    """A call's arguments by name: ``input`` (the first) then ``names``; values resolved (data as ``_DATA``)."""
    args = [resolve(a) for a in node.args]
    bound = dict(zip(("input", *names), args))
    for key, value in node.kwargs.items():
        bound[key] = resolve(value)
    if len(args) > 1 + len(names):
        bound["*extra"] = args[1 + len(names) :]
    return bound


def _number(value: Any, label: str, what: str) -> Any:
    """A Python number from a number or a one-element tensor (None stays None)."""
    torch = import_torch()
    if isinstance(value, torch.Tensor):
        if value.numel() != 1:
            raise InvalidNetworkError(f"{label}: {what} must be one number, got a tensor of shape {tuple(value.shape)}")
        return value.item()
    if value is _DATA:
        raise InvalidNetworkError(f"{label}: {what} depends on the input; only constants are supported")
    return value


def _constant_tensor(value: Any, label: str, what: str) -> Any:
    torch = import_torch()
    if value is _DATA:
        raise InvalidNetworkError(
            f"{label}: {what} depends on the input, which makes the map not affine (a product of two variables)"
        )
    if not isinstance(value, torch.Tensor):
        raise InvalidNetworkError(f"{label}: {what} must be a constant tensor, got {type(value).__name__}")
    return value


def _broadcast(value: Any, sample: Sequence[int], label: str) -> list:
    """A constant (number or tensor) broadcast over one sample of shape ``sample``: one number per feature."""
    torch = import_torch()
    tensor = value.double() if isinstance(value, torch.Tensor) else torch.as_tensor(value, dtype=torch.float64)
    if tensor.dim() > len(sample):
        if tensor.dim() > len(sample) + 1 or tensor.shape[0] != 1:
            raise InvalidNetworkError(
                f"{label}: the constant of shape {tuple(tensor.shape)} varies along the batch axis; only constants "
                f"broadcast over one sample of shape {tuple(sample)} are supported"
            )
        tensor = tensor[0]
    try:
        full = torch.broadcast_to(tensor, tuple(sample))
    except RuntimeError:
        raise InvalidNetworkError(
            f"{label}: the constant of shape {tuple(tensor.shape)} does not broadcast over a sample of shape "
            f"{tuple(sample)} without changing it"
        ) from None
    return full.reshape(-1).tolist()


def _softmax_dim(dim: Any, ndim: int, label: str) -> None:
    """Refuse a softmax over the batch axis (dim None is PyTorch's implicit choice)."""
    if dim is None:
        dim = 0 if ndim in (0, 1, 3) else 1
    if dim % ndim == 0:
        raise InvalidNetworkError(
            f"{label}: the softmax runs over the batch axis (dim {dim}), mixing inputs; exactpd needs it over a "
            f"sample's logits (dim=1 or dim=-1)"
        )


def _pool_call(kind: type, bound: dict, label: str) -> Op:
    """A functional pooling call as the op of the module class ``kind`` built from the call's other arguments."""
    try:
        m = kind(**{k: v for k, v in bound.items() if k != "input"})
    except TypeError as err:
        raise InvalidNetworkError(f"{label}: arguments not understood ({err})") from None
    return module_op(label, module_kind(label, m), m)


def _reshape_call(in_shape: tuple, out_shape: tuple, label: str) -> Op:
    """A view, reshape or flatten call as a ``reshape`` op to the output's sample shape; the batch axis must stay first."""
    if out_shape[0] != in_shape[0] or len(out_shape) < 2:
        raise InvalidNetworkError(
            f"{label}: reshapes the batch axis ({tuple(in_shape)} -> {tuple(out_shape)} for a batch of {_BATCH}); "
            f"keep the batch first, as x.view(x.size(0), -1) or torch.flatten(x, 1)"
        )
    return Op("reshape", label, {"shape": tuple(out_shape[1:])})


def _plain_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``relu`` or ``abs``: the op of the same kind, without options."""
    return Op(kind, label)


def _leaky_relu_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.leaky_relu`` as a ``leaky_relu`` op of its constant ``negative_slope`` (PyTorch's default 0.01)."""
    return Op(kind, label, {"negative_slope": _number(bound.get("negative_slope", 0.01), label, "negative_slope")})


def _prelu_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.prelu`` as a ``prelu`` op of its constant weight."""
    return Op(kind, label, {"weight": values(_constant_tensor(bound.get("weight"), label, "weight").reshape(-1))})


def _relu6_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.relu6`` as the ``clamp`` op between 0 and 6."""
    return Op("clamp", label, {"min": 0, "max": 6})


def _hardsigmoid_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.hardsigmoid`` as the ``hardsigmoid`` op of PyTorch's alpha 1/6 and beta 1/2."""
    return Op(kind, label, {"alpha": Fraction(1, 6), "beta": Fraction(1, 2)})


def _clamp_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``clamp`` / ``F.hardtanh`` as a ``clamp`` op of constant bounds (``min_val``, ``max_val``: hardtanh's -1, 1)."""
    low = _number(bound.get("min", bound.get("min_val", -1.0 if "min_val" in names else None)), label, "min")
    high = _number(bound.get("max", bound.get("max_val", 1.0 if "max_val" in names else None)), label, "max")
    return Op("clamp", label, {"min": low, "max": high})


def _linear_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.linear`` with a constant weight and bias as a ``linear`` op."""
    weight = _constant_tensor(bound.get("weight"), label, "the weight")
    bias = bound.get("bias")
    return Op("linear", label, {"weight": values(weight),
                                "bias": None if bias is None else values(_constant_tensor(bias, label, "the bias"))})


def _conv_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.conv1d`` / ``F.conv2d`` with a constant weight and bias as a convolution op."""
    weight = _constant_tensor(bound.get("weight"), label, "the weight")
    bias = bound.get("bias")
    bias = None if bias is None else _constant_tensor(bias, label, "the bias")
    return conv_op(label, weight, bias, bound.get("stride", 1), bound.get("padding", 0), bound.get("dilation", 1),
                   bound.get("groups", 1))


def _batch_norm_call(kind: str, bound: dict, names: Sequence[str], label: str) -> Op:
    """``F.batch_norm`` in eval mode (constant running statistics) as a ``batchnorm`` op."""
    if bound.get("training"):
        raise InvalidNetworkError(
            f"{label}: batch norm with training=True normalizes by the batch's own statistics, which is not "
            f"piecewise affine; exactpd folds eval-mode batch norm (running statistics)"
        )
    mean = _constant_tensor(bound.get("running_mean"), label, "running_mean")
    var = _constant_tensor(bound.get("running_var"), label, "running_var")
    n = mean.numel()
    weight, bias = bound.get("weight"), bound.get("bias")
    return Op("batchnorm", label, {
        "weight": [1] * n if weight is None else values(weight), "bias": [0] * n if bias is None else values(bias),
        "running_mean": values(mean), "running_var": values(var), "eps": bound.get("eps", 1e-5), "image": None,
    })


_DATA_CALLS = {
    "relu": _plain_call, "abs": _plain_call, "leaky_relu": _leaky_relu_call, "prelu": _prelu_call,
    "relu6": _relu6_call, "hardsigmoid": _hardsigmoid_call, "clamp": _clamp_call,
    "linear": _linear_call, "conv": _conv_call, "batch_norm": _batch_norm_call,
}
"""Each call kind applied to the data as its first argument, and its handler ``(kind, bound, names, label) -> Op``."""


def _call_op(node: Any, kind: Any, names: Sequence[str], resolve: Any, shapes: tuple, label: str) -> list[Op]:
    """The ops of one function or method call on the data (``shapes``: input and output shape, batch axis first)."""
    bound = _bind(node, names, resolve)
    data_first = bound.get("input") is _DATA
    in_shape, out_shape = shapes
    if isinstance(kind, type):  # functional pooling: the module it equals
        return [_pool_call(kind, bound, label)]
    if kind == "identity":
        return [Op("identity", label)]
    if kind == "reshape":
        return [_reshape_call(in_shape, out_shape, label)]
    if kind in ("softmax", "log_softmax", "sigmoid"):
        if kind != "sigmoid":
            _softmax_dim(bound.get("dim"), len(in_shape), label)
        return [Op(kind, label)]
    if kind in ("add", "sub", "mul", "div", "matmul", "neg"):
        return _arithmetic(kind, bound, data_first, in_shape, out_shape, label)
    if not data_first:
        raise InvalidNetworkError(f"{label}: the input must be the data tensor")
    handler = _DATA_CALLS.get(kind)
    if handler is None:  # pragma: no cover (the tables are closed)
        raise InvalidNetworkError(f"{label}: unknown call kind {kind!r}")
    return [handler(kind, bound, names, label)]


def _arithmetic(kind: str, bound: dict, data_first: bool, in_shape: tuple, out_shape: tuple, label: str) -> list[Op]:
    """``x + c``, ``c - x``, ``x * c``, ``x / c``, ``-x``, ``x @ W``: affine maps of the data by constants."""
    sample = tuple(in_shape[1:])
    if tuple(out_shape) != tuple(in_shape) and kind != "matmul":
        raise InvalidNetworkError(
            f"{label}: broadcasting changes the data's shape {tuple(in_shape)} to {tuple(out_shape)}; not supported"
        )
    if kind == "neg":
        return [Op("scale_shift", label, {"scale": [-1], "shift": [0]})]
    other = bound.get("other") if data_first else bound.get("input")
    if other is _DATA:
        raise InvalidNetworkError(
            f"{label}: combines the data with itself (as x + x or x * x); exactpd reads affine maps of the data "
            f"by constants only"
        )
    if kind == "matmul":
        weight = _constant_tensor(other, label, "the matrix")
        if not data_first:
            raise InvalidNetworkError(f"{label}: W @ x multiplies the batch axis; write x @ W.T")
        if weight.dim() != 2 or len(sample) != 1:
            raise InvalidNetworkError(
                f"{label}: only x @ W for a data vector x (shape (batch, n)) and a constant 2-D W is supported; "
                f"got x of shape {tuple(in_shape)}, W of shape {tuple(weight.shape)}"
            )
        return [Op("linear", label, {"weight": values(weight.t()), "bias": None})]
    if bound.get("rounding_mode") is not None:
        raise InvalidNetworkError(f"{label}: division with rounding is not continuous, so not piecewise affine")
    alpha = _number(bound.get("alpha", 1), label, "alpha")
    c = _broadcast(other, sample, label)
    if kind in ("add", "sub"):
        sign = 1 if kind == "add" else -1
        if data_first:  # x + alpha c, x - alpha c
            return [Op("scale_shift", label, {"scale": [1], "shift": [sign * Fraction(alpha) * Fraction(v) for v in c]})]
        # c + alpha x, c - alpha x
        return [Op("scale_shift", label, {"scale": [sign * Fraction(alpha)], "shift": c})]
    if kind == "mul":
        return [Op("scale_shift", label, {"scale": c, "shift": [0]})]
    if not data_first:
        raise InvalidNetworkError(f"{label}: c / x is not piecewise affine")
    if any(v == 0 for v in c):
        raise InvalidNetworkError(f"{label}: divides by zero")
    return [Op("scale_shift", label, {"scale": [1 / Fraction(v) for v in c], "shift": [0]})]


def _trace(torch: Any, module: Any) -> Any:
    """``module`` as a ``torch.fx.GraphModule``, the supported modules (and modules named Abs) as leaves."""

    class Tracer(torch.fx.Tracer):
        def is_leaf_module(self, m: Any, qualname: str) -> bool:
            return type(m).__name__ == "Abs" or super().is_leaf_module(m, qualname)

    tracer = Tracer()
    try:
        graph = tracer.trace(module)
    except Exception as err:  # TraceError, and whatever forward() raises on a Proxy
        first = str(err).strip().splitlines()[0] if str(err).strip() else ""
        raise InvalidNetworkError(
            f"from_torch: torch.fx cannot trace {type(module).__name__}.forward() ({type(err).__name__}: {first}). "
            f"exactpd reads nn.Module subclasses by symbolic tracing, which cannot follow control flow on the "
            f"input's values (an if or a loop on a tensor) or calls outside torch. Export the model to ONNX instead "
            f"(torch.onnx.export(model, example_input, 'model.onnx', dynamo=False)) and read it with "
            f"exactpd.load_onnx, or write forward() without data-dependent control flow"
        ) from None
    return torch.fx.GraphModule(tracer.root, graph)


def _first_width(torch: Any, gm: Any) -> tuple[int] | None:
    """``(in_features,)`` when the data first meets a linear layer (after reshapes and identities)."""
    node = _source(gm)
    reshapes = {"view", "reshape", "flatten", "contiguous", "float", "double", "to"}
    while True:
        users = [u for u in node.users if not (u.op == "call_method" and u.target in _SHAPE_QUERIES)
                 and not (u.op == "call_function" and u.target is builtins.getattr)]
        if len(users) != 1:
            return None
        node = users[0]
        if node.op == "call_module":
            m = gm.get_submodule(node.target)
            if isinstance(m, torch.nn.Linear):
                return (m.in_features,)
            if not isinstance(m, (torch.nn.Flatten, torch.nn.Identity, torch.nn.modules.dropout._DropoutNd)):
                return None
        elif node.op == "call_function" and node.target is torch.nn.functional.linear:
            weight = node.args[1] if len(node.args) > 1 else node.kwargs.get("weight")
            if getattr(weight, "op", None) == "get_attr":
                return (gm.get_parameter(weight.target).shape[1],) if weight.target in dict(gm.named_parameters()) else None
            return None
        elif not ((node.op == "call_method" and node.target in reshapes)
                  or (node.op == "call_function" and node.target is torch.flatten)):
            return None


def _run(torch: Any, gm: Any, input_shape: tuple) -> dict:
    """Every node's value on a zero batch of ``_BATCH`` inputs of ``input_shape``."""
    recorded = {}

    class Recorder(torch.fx.Interpreter):
        def run_node(self, n: Any) -> Any:
            recorded[n] = super().run_node(n)
            return recorded[n]

    parameter = next(gm.parameters(), None)
    dtype = parameter.dtype if parameter is not None and parameter.is_floating_point() else torch.get_default_dtype()
    device = parameter.device if parameter is not None else None
    x = torch.zeros(_BATCH, *input_shape, dtype=dtype, device=device)
    try:
        with torch.no_grad():
            Recorder(gm).run(x)
    except InvalidNetworkError:
        raise
    except Exception as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InvalidNetworkError(
            f"from_torch: the model does not run on a batch of inputs of shape {tuple(input_shape)} ({first}); "
            f"check input_shape"
        ) from None
    return recorded


def _source(gm: Any) -> Any:
    """The one input of ``forward()`` (other arguments must have defaults)."""
    required = [n for n in gm.graph.nodes if n.op == "placeholder" and not n.args]  # args: a default value
    if len(required) != 1:
        raise InvalidNetworkError(
            f"from_torch: forward() takes {len(required)} inputs ({', '.join(n.name for n in required)}); exactpd "
            f"imports models of one input tensor"
        )
    return required[0]


def _chain(torch: Any, gm: Any, recorded: dict) -> list:
    """The data nodes from the input to the output, checked to form a chain."""
    graph = gm.graph
    source = _source(gm)
    depends = {source}
    for n in graph.nodes:
        if n.op != "placeholder" and any(a in depends for a in n.all_input_nodes):
            depends.add(n)
    data = [n for n in graph.nodes if n in depends and n.op != "output" and isinstance(recorded.get(n), torch.Tensor)]
    output = next(n for n in graph.nodes if n.op == "output")
    result = output.args[0]
    if not isinstance(result, torch.fx.Node) or result not in depends:
        raise InvalidNetworkError(
            f"from_torch: forward() returns {type(recorded.get(result, result)).__name__}, not one tensor computed "
            f"from the input; exactpd imports models with one output"
        )
    is_data = set(data)
    for previous, node in zip(data, data[1:]):
        inputs = [a for a in node.all_input_nodes if a in is_data]
        label = f"'{node.name}' ({_describe(gm, node)})"
        if inputs != [previous] or len(inputs) != 1:
            names = " and ".join(f"'{a.name}'" for a in inputs)
            raise InvalidNetworkError(
                f"from_torch: the model's graph is not a chain: {label} reads {names}, "
                f"while the data flows through '{previous.name}' (a skip or residual connection, a concatenation, "
                f"or a branch). exactpd imports networks whose layers each feed the next (the paper's form)"
            )
        readers = [u for u in previous.users if u in is_data or u.op == "output"]
        if readers != [node]:
            raise InvalidNetworkError(
                f"from_torch: the model's graph is not a chain: the output of '{previous.name}' is read by "
                f"{' and '.join(repr(u.name) for u in readers)} (a skip or residual connection, or a branch). "
                f"exactpd imports networks whose layers each feed the next (the paper's form)"
            )
    if result is not data[-1]:
        raise InvalidNetworkError(f"from_torch: forward() returns '{result.name}', which is not the end of the chain")
    return data


def _describe(gm: Any, node: Any) -> str:
    if node.op == "call_module":
        return type(gm.get_submodule(node.target)).__name__
    return _call_name(node)


def traced_ops(module: Any, input_shape: Sequence[int] | None = None) -> tuple[list[Op], tuple[int, ...]]:
    """The chain of :class:`~exactpd.io.sequential.Op` of a PyTorch model, and the input shape.

    Parameters
    ----------
    module : torch.nn.Module
        Traced in eval mode (restored afterwards); see the module docstring
        for the calls read.
    input_shape : sequence of int, optional
        One input's shape; by default ``(in_features,)`` of the linear layer
        the data meets first.

    Returns
    -------
    ops : list of Op
    input_shape : tuple of int

    Raises
    ------
    InvalidNetworkError
        A graph that is not a chain, an unsupported module or call (the
        message says why), a forward() torch.fx cannot trace, a model that
        does not run on ``input_shape``.

    Warns
    -----
    ModelImportWarning
        The model is in training mode and eval mode computes otherwise.

    Examples
    --------
    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    >>> ops, shape = traced_ops(model)
    >>> [(op.kind, op.label) for op in ops], shape
    ([('linear', "module '0' (Linear)"), ('relu', "module '1' (ReLU)"), ('linear', "module '2' (Linear)")], (2,))
    """
    torch = import_torch()
    if type(module).__name__ == "Abs" or (
        not isinstance(module, torch.nn.Sequential) and torch.fx.Tracer().is_leaf_module(module, "")
    ):
        module = torch.nn.Sequential(OrderedDict([(type(module).__name__, module)]))
    gm, recorded, input_shape = _traced_in_eval_mode(torch, module, input_shape)
    return _ops(torch, gm, recorded), input_shape


def _traced_in_eval_mode(torch: Any, module: Any, input_shape: Sequence[int] | None) -> tuple:
    """The GraphModule of ``module`` traced and run in eval mode (its modes restored), every node's value, the input
    shape; warns when the model is in training mode and eval mode computes otherwise."""
    modes = {m: m.training for m in module.modules()}
    training = any(modes.values())
    try:
        if training:
            try:
                code_in_training = _trace(torch, module).code
            except InvalidNetworkError:
                code_in_training = None
        module.eval()
        gm = _trace(torch, module)
        _source(gm)
        if input_shape is None:
            input_shape = _first_width(torch, gm)
            if input_shape is None:
                raise InvalidNetworkError(
                    "from_torch: give input_shape=(C, H, W), (C, L) or (n,) for a model that does not start with a "
                    "linear layer"
                )
        input_shape = tuple(int(n) for n in input_shape)
        recorded = _run(torch, gm, input_shape)
    finally:
        for m, mode in modes.items():
            m.training = mode
    if training:
        mode_warning(module, code_in_training != gm.code)
    return gm, recorded, input_shape


def _ops(torch: Any, gm: Any, recorded: dict) -> list[Op]:
    """The ops of the chain of data nodes, one or more per module or call."""
    functions = _functions(torch)
    data = _chain(torch, gm, recorded)
    is_data = set(data)

    def resolve(value: Any) -> Any:
        if isinstance(value, torch.fx.Node):
            return _DATA if value in is_data else recorded[value]
        if isinstance(value, (list, tuple)):
            return type(value)(resolve(v) for v in value)
        return value

    ops = []
    for previous, node in zip(data, data[1:]):
        shapes = (tuple(recorded[previous].shape), tuple(recorded[node].shape))
        if node.op == "call_module":
            m = gm.get_submodule(node.target)
            label = f"module '{node.target}' ({type(m).__name__})"
            kind = module_kind(node.target, m)
            if kind in ("flatten", "unflatten"):
                ops += _call_op(node, "reshape", (), resolve, shapes, label)
            else:
                if kind in ("softmax", "log_softmax"):
                    _softmax_dim(m.dim, len(shapes[0]), label)
                ops.append(module_op(label, kind, m))
            continue
        name = _call_name(node)
        label = f"operation '{node.name}' ({name})"
        entry = (_METHODS if node.op == "call_method" else functions).get(node.target)
        if entry is None:
            raise InvalidNetworkError(
                f"{label} is not supported: {unsupported_reason(name)}. Supported: the modules {SUPPORTED_MODULES}, "
                f"and the calls listed in docs/pytorch.md"
            )
        ops += _call_op(node, entry[0], entry[1], resolve, shapes, label)
    return ops
