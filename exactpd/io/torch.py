"""PyTorch import: :func:`from_torch` turns a PyTorch model into an exact :class:`~exactpd.network.layers.Network`.

PyTorch is an optional dependency (``pip install "exactpd[torch]"``, or
``pip install ".[torch]"`` in a clone), imported only inside the functions
here.  Every weight is taken at its exact binary value (a float32 ``0.1`` is
13421773/134217728), so the exact network computes what the float model
computes, up to the model's own float rounding.

Any ``nn.Module`` whose forward pass is a chain of layers is read: an
``nn.Sequential`` (nested ones are flattened) or a subclass with its own
``forward()``, traced with ``torch.fx`` (:mod:`exactpd.io.fx` reads the
functional calls).  Supported modules:

============================================  ==============================================
module                                        exact layer
============================================  ==============================================
``Linear``                                    :class:`~exactpd.network.layers.Dense`
``Conv2d``, ``Conv1d`` (zero padding;         :class:`~exactpd.network.layers.Conv2d` (kept as its kernel;
stride, padding, dilation, groups)            a (C, L) signal is a (C, 1, L) image)
``ReLU``, ``LeakyReLU``, ``Abs``              the activation of the preceding Linear/Conv
``PReLU`` (one slope or one per channel)      leaky_relu, a Maso layer, or ``relu(h) - a relu(-h)``
``ReLU6``, ``Hardtanh``, ``Hardsigmoid``      ReLUs: ``lo + relu(h - lo) - relu(h - hi)``
``MaxPool2d``, ``MaxPool1d``                  :class:`~exactpd.network.layers.MaxPool` over the windows
``AvgPool2d``, ``AdaptiveAvgPool2d``,         a depthwise Conv2d with weights ``1/(kH kW)``
``AvgPool1d``, ``AdaptiveAvgPool1d``
``BatchNorm1d``, ``BatchNorm2d``              folded into the preceding Linear/Conv (eval mode)
``Flatten``, ``Unflatten``, ``Identity``,     nothing (the data is reshaped; dropout is the identity)
``Dropout*``
``Softmax``, ``LogSoftmax``, ``Sigmoid``      at the end only: dropped, with a warning
============================================  ==============================================

An absolute-value module is any module whose class is named ``Abs`` (PyTorch
has none); it is checked to compute ``x.abs()`` on a random tensor.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError, MissingDependencyError
from exactpd.io.sequential import Op, network_from_ops, warn_user
from exactpd.io.unsupported import unsupported_reason
from exactpd.network.layers import Network

__all__ = ["from_torch"]

SUPPORTED_MODULES = (
    "Linear, Conv1d, Conv2d, ReLU, LeakyReLU, PReLU, ReLU6, Hardtanh, Hardsigmoid, Abs, MaxPool1d, MaxPool2d, "
    "AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, BatchNorm1d, BatchNorm2d, Flatten, Unflatten, "
    "Identity, Dropout, and at the end Softmax, LogSoftmax, Sigmoid"
)

AFFINE_KINDS = frozenset({
    "linear", "conv1d", "conv2d", "avgpool1d", "avgpool2d", "adaptive_avgpool1d", "adaptive_avgpool2d", "batchnorm",
    "flatten", "unflatten", "identity",
})
"""The :func:`module_kind` values of modules that are affine maps (or reshapes) of their input; the other kinds are
activations, max pooling or output maps."""


def import_torch() -> Any:
    """The ``torch`` module, or :class:`~exactpd.errors.MissingDependencyError` naming the pip extra."""
    try:
        import torch
    except ImportError as err:
        raise MissingDependencyError(
            'this needs PyTorch, an optional dependency: pip install "exactpd[torch]" '
            '(in a clone of the repository: pip install ".[torch]")'
        ) from err
    return torch


def leaf_modules(module: Any) -> list[tuple[str, Any]]:
    """The modules of ``module`` in order, nested ``nn.Sequential`` flattened, as ``(name, module)`` pairs."""
    torch = import_torch()
    if not isinstance(module, torch.nn.Module):
        raise InvalidNetworkError(f"expected a torch.nn.Module, got {type(module).__name__}")
    if not isinstance(module, torch.nn.Sequential):
        return [(type(module).__name__, module)]
    result = []
    for name, child in module.named_children():
        if isinstance(child, torch.nn.Sequential):
            result += [(f"{name}.{inner}", m) for inner, m in leaf_modules(child)]
        else:
            result.append((name, child))
    return result


def _is_abs(module: Any, torch: Any) -> bool:
    if type(module).__name__ != "Abs":
        return False
    probe = torch.linspace(-2, 2, 9)
    with torch.no_grad():
        if not torch.equal(module(probe), probe.abs()):
            raise InvalidNetworkError(f"module {type(module).__name__}: a module named Abs must compute x.abs()")
    return True


def module_kind(name: str, module: Any) -> str:
    """What a supported module is: ``"linear"``, ``"conv2d"``, ``"conv1d"``, ``"relu"``, ``"leaky_relu"``,
    ``"abs"``, ``"prelu"``, ``"relu6"``, ``"hardtanh"``, ``"hardsigmoid"``, ``"maxpool2d"``, ``"maxpool1d"``,
    ``"avgpool2d"``, ``"avgpool1d"``, ``"adaptive_avgpool2d"``, ``"adaptive_avgpool1d"``, ``"batchnorm"``,
    ``"flatten"``, ``"unflatten"``, ``"identity"``, ``"softmax"``, ``"log_softmax"`` or ``"sigmoid"``.

    Raises
    ------
    InvalidNetworkError
        The module is not supported (the message names it, says why, and lists what is).
    """
    torch = import_torch()
    nn = torch.nn
    kinds = {
        nn.Linear: "linear", nn.Conv2d: "conv2d", nn.Conv1d: "conv1d", nn.ReLU: "relu", nn.LeakyReLU: "leaky_relu",
        nn.PReLU: "prelu", nn.ReLU6: "relu6", nn.Hardtanh: "hardtanh", nn.Hardsigmoid: "hardsigmoid",
        nn.MaxPool2d: "maxpool2d", nn.MaxPool1d: "maxpool1d", nn.AvgPool2d: "avgpool2d", nn.AvgPool1d: "avgpool1d",
        nn.AdaptiveAvgPool2d: "adaptive_avgpool2d", nn.AdaptiveAvgPool1d: "adaptive_avgpool1d",
        nn.BatchNorm1d: "batchnorm", nn.BatchNorm2d: "batchnorm", nn.Flatten: "flatten", nn.Unflatten: "unflatten",
        nn.Identity: "identity", nn.Softmax: "softmax", nn.LogSoftmax: "log_softmax", nn.Sigmoid: "sigmoid",
    }
    if type(module) in kinds:
        return kinds[type(module)]
    if isinstance(module, nn.modules.dropout._DropoutNd):
        return "identity"
    if _is_abs(module, torch):
        return "abs"
    raise InvalidNetworkError(
        f"module '{name}' ({type(module).__name__}) is not supported: {unsupported_reason(type(module).__name__)}. "
        f"Supported modules: {SUPPORTED_MODULES}"
    )


def values(tensor: Any) -> list | None:
    """A tensor as nested lists of Python floats (exact: float16/32 -> float64 is exact), None when absent."""
    return None if tensor is None else tensor.detach().cpu().double().tolist()


def conv_op(label: str, weight: Any, bias: Any, stride: Any, padding: Any, dilation: Any, groups: int) -> Op:
    """The ``conv1d``/``conv2d`` :class:`~exactpd.io.sequential.Op` of a convolution (module or ``F.conv*``)."""
    rank = weight.dim() - 2
    as_tuple = (lambda v: tuple(v) if isinstance(v, (list, tuple)) else (v,) * rank)
    dilation = as_tuple(dilation)
    if isinstance(padding, str):
        totals = [d * (k - 1) for d, k in zip(dilation, weight.shape[2:])]
        if padding == "same" and any(t % 2 for t in totals):
            raise InvalidNetworkError(f"{label}: padding='same' pads unevenly here; not supported")
        padding = (0,) * rank if padding == "valid" else tuple(t // 2 for t in totals)
    return Op(f"conv{rank}d", label, {"weight": values(weight), "bias": values(bias), "stride": as_tuple(stride),
                                     "padding": as_tuple(padding), "dilation": dilation, "groups": groups})


def module_op(label: str, kind: str, m: Any) -> Op:
    """The :class:`~exactpd.io.sequential.Op` of one supported module (``kind`` from :func:`module_kind`)."""
    if kind == "linear":
        return Op(kind, label, {"weight": values(m.weight), "bias": values(m.bias)})
    if kind in ("conv1d", "conv2d"):
        if m.padding_mode != "zeros":
            raise InvalidNetworkError(f"{label}: padding_mode {m.padding_mode!r} is not supported, only 'zeros'")
        return conv_op(label, m.weight, m.bias, m.stride, m.padding, m.dilation, m.groups)
    if kind == "leaky_relu":
        return Op(kind, label, {"negative_slope": m.negative_slope})
    if kind == "prelu":
        return Op(kind, label, {"weight": values(m.weight.reshape(-1))})
    if kind in ("relu6", "hardtanh"):
        return Op("clamp", label, {"min": m.min_val, "max": m.max_val})
    if kind == "hardsigmoid":
        return Op(kind, label, {"alpha": Fraction(1, 6), "beta": Fraction(1, 2)})
    if kind == "unflatten":
        return Op(kind, label, {"dim": m.dim, "sizes": tuple(m.unflattened_size)})
    if kind in ("maxpool1d", "maxpool2d"):
        if m.return_indices:
            raise InvalidNetworkError(f"{label}: return_indices=True is not supported")
        return Op(kind, label, {"kernel_size": m.kernel_size, "stride": m.stride, "padding": m.padding,
                                "dilation": m.dilation, "ceil_mode": m.ceil_mode})
    if kind in ("avgpool1d", "avgpool2d"):
        if getattr(m, "divisor_override", None) is not None:
            raise InvalidNetworkError(f"{label}: divisor_override is not supported")
        return Op(kind, label, {"kernel_size": m.kernel_size, "stride": m.stride, "padding": m.padding,
                                "ceil_mode": m.ceil_mode, "count_include_pad": m.count_include_pad})
    if kind == "adaptive_avgpool2d":
        size = m.output_size if isinstance(m.output_size, tuple) else (m.output_size, m.output_size)
        return Op(kind, label, {"output_size": size})
    if kind == "adaptive_avgpool1d":
        return Op(kind, label, {"output_size": m.output_size})
    if kind == "batchnorm":
        if m.running_mean is None or m.running_var is None:
            raise InvalidNetworkError(f"{label}: batch norm without running statistics is not supported")
        n = m.num_features
        return Op(kind, label, {
            "weight": values(m.weight) if m.affine else [1] * n, "bias": values(m.bias) if m.affine else [0] * n,
            "running_mean": values(m.running_mean), "running_var": values(m.running_var), "eps": m.eps,
            "image": type(m).__name__ == "BatchNorm2d",
        })
    if kind == "flatten" and (m.start_dim != 1 or m.end_dim != -1):
        raise InvalidNetworkError(f"{label}: only Flatten(start_dim=1, end_dim=-1) is supported")
    return Op(kind, label)


def from_torch(module: Any, input_shape: Sequence[int] | None = None) -> Network:
    """The exact network of a PyTorch model whose forward pass is a chain of supported layers.

    Parameters
    ----------
    module : torch.nn.Module
        An ``nn.Sequential`` (nested ones are flattened), a single supported
        module, or an ``nn.Module`` subclass whose ``forward()`` chains
        supported modules and functional calls (``F.relu``, ``torch.flatten``,
        ``x.view(x.size(0), -1)``, ``x @ W + b`` with constant ``W`` and
        ``b``...), read by ``torch.fx`` symbolic tracing
        (:func:`exactpd.io.fx.traced_ops`).  The model is read in eval mode
        (batch norm uses its running statistics, dropout is the identity);
        it is left as it was.
    input_shape : (n,), (C, L) or (C, H, W), optional
        The shape of one input (without the batch dimension).  Needed unless
        the model starts with a linear layer, when it defaults to
        ``(in_features,)``.  The exact network's input is the input
        flattened in row-major (channel, row, column) order, as ``x.flatten()``.

    Returns
    -------
    Network
        Weights and biases at their exact binary values; every layer's label
        names the module or call it came from.

    Raises
    ------
    MissingDependencyError
        PyTorch is not installed.
    InvalidNetworkError
        An unsupported module or call (the message names it, says why, and
        lists the supported ones), a model whose graph is not a chain (say a
        residual connection), a ``forward()`` torch.fx cannot trace (the
        message gives the ONNX route), or shapes that do not fit.
    NonFiniteWeightError
        A NaN or infinite weight.

    Warns
    -----
    ModelImportWarning
        A trailing Softmax, LogSoftmax or Sigmoid is dropped (it changes
        neither the regions nor the decision boundary); the model is in
        training mode and has modules that behave differently in eval mode.

    Notes
    -----
    Batch norm ``y = gamma (x - mean) / sqrt(var + eps) + beta`` is folded
    into the preceding Linear/Conv before the activation (paper section 2)
    with the factor :func:`exactpd.io.sequential.batchnorm_scale`: exact when
    ``var + eps`` is a square, otherwise the float64 nearest to
    ``gamma / sqrt(var + eps)``.  The network is exact for those folded
    weights.  PReLU, ReLU6, Hardtanh and Hardsigmoid are lowered exactly to
    ReLUs; see :func:`exactpd.io.sequential.network_from_ops`.

    Examples
    --------
    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    >>> with torch.no_grad():
    ...     _ = model[0].weight.copy_(torch.tensor([[1.0, 0.0], [0.5, -0.25]]))
    ...     _ = model[0].bias.copy_(torch.tensor([0.0, 0.1]))
    >>> net = from_torch(model)
    >>> [layer.kind for layer in net.layers], net.nonlinear_layers
    (['dense', 'dense'], (0,))
    >>> net.layers[0].weight[1], net.layers[0].bias[1]  # float32 0.1 at its exact binary value
    ((Fraction(1, 2), Fraction(-1, 4)), Fraction(13421773, 134217728))
    """
    torch = import_torch()
    if not isinstance(module, torch.nn.Module):
        raise InvalidNetworkError(f"from_torch: expected a torch.nn.Module, got {type(module).__name__}")
    from exactpd.io.fx import traced_ops

    ops, input_shape = traced_ops(module, input_shape)
    return network_from_ops(ops, input_shape)


def mode_warning(module: Any, graph_differs: bool) -> None:
    """Warn when ``module`` is in training mode and eval mode (which exactpd reads) would compute otherwise."""
    torch = import_torch()
    nn = torch.nn
    kinds = (nn.modules.batchnorm._BatchNorm, nn.modules.dropout._DropoutNd, nn.modules.instancenorm._InstanceNorm)
    changed = sorted({type(m).__name__ for m in module.modules() if m.training and isinstance(m, kinds)})
    if not changed and not graph_differs:
        return
    what = []
    if changed:
        what.append(f"its {', '.join(changed)} modules compute in eval mode (batch norm with its running "
                    f"statistics, dropout as the identity)")
    if graph_differs:
        what.append("forward() takes its eval-mode branch where it tests self.training")
    warn_user(
        f"the model is in training mode; exactpd reads it in eval mode, as after model.eval(): {'; '.join(what)}. "
        f"Call model.eval() before from_torch to say this is meant"
    )
