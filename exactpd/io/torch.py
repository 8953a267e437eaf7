"""PyTorch import: :func:`from_torch` turns an ``nn.Sequential`` into an exact :class:`~exactpd.network.layers.Network`.

PyTorch is an optional dependency (``pip install "exactpd[torch]"``), imported
only inside the functions here.  Every weight is taken at its exact binary
value (a float32 ``0.1`` is 13421773/134217728), so the exact network computes
what the float model computes, up to the model's own float rounding.

Supported modules (nested ``nn.Sequential`` are flattened):

=======================================  ==============================================
module                                   exact layer
=======================================  ==============================================
``Linear``                               :class:`~exactpd.network.layers.Dense`
``Conv2d`` (zero padding; stride,        :class:`~exactpd.network.layers.Conv2d` (kept as its kernel)
padding, dilation, groups)
``ReLU``, ``LeakyReLU``, ``Abs``         the activation of the preceding Linear/Conv2d
``MaxPool2d``                            :class:`~exactpd.network.layers.MaxPool` over the windows
``AvgPool2d``, ``AdaptiveAvgPool2d``     a depthwise Conv2d with weights ``1/(kH kW)``
``BatchNorm1d``, ``BatchNorm2d``         folded into the preceding Linear/Conv2d (eval mode)
``Flatten``, ``Identity``, ``Dropout*``  nothing (Dropout is the identity at inference)
=======================================  ==============================================

An absolute-value module is any module whose class is named ``Abs`` (PyTorch
has none); it is checked to compute ``x.abs()`` on a random tensor.
"""

from __future__ import annotations

from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError, MissingDependencyError
from exactpd.io.sequential import Op, network_from_ops
from exactpd.network.layers import Network

__all__ = ["from_torch"]

_SUPPORTED = (
    "Linear, Conv2d, ReLU, LeakyReLU, Abs, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm1d, BatchNorm2d, "
    "Flatten, Identity, Dropout"
)


def import_torch() -> Any:
    """The ``torch`` module, or :class:`~exactpd.errors.MissingDependencyError` naming the pip extra."""
    try:
        import torch
    except ImportError as err:
        raise MissingDependencyError(
            'this needs PyTorch, an optional dependency: pip install "exactpd[torch]"'
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
    """What a supported module is: ``"linear"``, ``"conv2d"``, ``"relu"``, ``"leaky_relu"``, ``"abs"``,
    ``"maxpool2d"``, ``"avgpool2d"``, ``"adaptive_avgpool2d"``, ``"batchnorm"`` or ``"identity"``.

    Raises
    ------
    InvalidNetworkError
        The module is not supported (the message names it and lists what is).
    """
    torch = import_torch()
    nn = torch.nn
    kinds = (
        (nn.Linear, "linear"),
        (nn.Conv2d, "conv2d"),
        (nn.ReLU, "relu"),
        (nn.LeakyReLU, "leaky_relu"),
        (nn.MaxPool2d, "maxpool2d"),
        (nn.AvgPool2d, "avgpool2d"),
        (nn.AdaptiveAvgPool2d, "adaptive_avgpool2d"),
        (nn.BatchNorm1d, "batchnorm"),
        (nn.BatchNorm2d, "batchnorm"),
        (nn.Flatten, "flatten"),
        (nn.Identity, "identity"),
        (nn.modules.dropout._DropoutNd, "identity"),
    )
    for cls, kind in kinds:
        if type(module) is cls or (cls is nn.modules.dropout._DropoutNd and isinstance(module, cls)):
            return kind
    if _is_abs(module, torch):
        return "abs"
    raise InvalidNetworkError(
        f"module '{name}' ({type(module).__name__}) is not supported; supported modules: {_SUPPORTED}"
    )


def _values(tensor: Any) -> list | None:
    """A parameter as nested lists of Python floats (exact: float32 -> float64 is exact), None when absent."""
    return None if tensor is None else tensor.detach().cpu().double().tolist()


def _op(name: str, kind: str, m: Any) -> Op:
    """The :class:`~exactpd.io.sequential.Op` of one supported module."""
    label = f"module '{name}' ({type(m).__name__})"
    if kind == "linear":
        return Op(kind, label, {"weight": _values(m.weight), "bias": _values(m.bias)})
    if kind == "conv2d":
        if m.padding_mode != "zeros":
            raise InvalidNetworkError(f"{label}: padding_mode {m.padding_mode!r} is not supported, only 'zeros'")
        padding = m.padding
        if isinstance(padding, str):
            totals = [d * (k - 1) for d, k in zip(m.dilation, m.kernel_size)]
            if padding == "same" and any(t % 2 for t in totals):
                raise InvalidNetworkError(f"{label}: padding='same' pads unevenly here; not supported")
            padding = (0, 0) if padding == "valid" else tuple(t // 2 for t in totals)
        return Op(kind, label, {"weight": _values(m.weight), "bias": _values(m.bias), "stride": m.stride,
                                "padding": padding, "dilation": m.dilation, "groups": m.groups})
    if kind == "leaky_relu":
        return Op(kind, label, {"negative_slope": m.negative_slope})
    if kind == "maxpool2d":
        if m.return_indices:
            raise InvalidNetworkError(f"{label}: return_indices=True is not supported")
        return Op(kind, label, {"kernel_size": m.kernel_size, "stride": m.stride, "padding": m.padding,
                                "dilation": m.dilation, "ceil_mode": m.ceil_mode})
    if kind == "avgpool2d":
        if m.divisor_override is not None:
            raise InvalidNetworkError(f"{label}: divisor_override is not supported")
        return Op(kind, label, {"kernel_size": m.kernel_size, "stride": m.stride, "padding": m.padding,
                                "ceil_mode": m.ceil_mode, "count_include_pad": m.count_include_pad})
    if kind == "adaptive_avgpool2d":
        size = m.output_size if isinstance(m.output_size, tuple) else (m.output_size, m.output_size)
        return Op(kind, label, {"output_size": size})
    if kind == "batchnorm":
        if m.running_mean is None or m.running_var is None:
            raise InvalidNetworkError(f"{label}: batch norm without running statistics is not supported")
        n = m.num_features
        return Op(kind, label, {
            "weight": _values(m.weight) if m.affine else [1] * n, "bias": _values(m.bias) if m.affine else [0] * n,
            "running_mean": _values(m.running_mean), "running_var": _values(m.running_var), "eps": m.eps,
            "image": type(m).__name__ == "BatchNorm2d",
        })
    if kind == "flatten" and (m.start_dim != 1 or m.end_dim != -1):
        raise InvalidNetworkError(f"{label}: only Flatten(start_dim=1, end_dim=-1) is supported")
    return Op(kind, label)


def from_torch(module: Any, input_shape: Sequence[int] | None = None) -> Network:
    """The exact network of a PyTorch model (an ``nn.Sequential`` of supported modules).

    Parameters
    ----------
    module : torch.nn.Module
        An ``nn.Sequential`` (nested ones are flattened) or a single supported
        module.  Batch norm is taken in eval mode (running statistics), dropout
        as the identity, whatever ``module.training`` says.
    input_shape : (C, H, W) or (n,), optional
        The shape of one input (without the batch dimension).  Needed when the
        model starts with a Conv2d; for a model that starts with a Linear it
        defaults to ``(in_features,)``.  The exact network's input is the
        image flattened in (channel, row, column) order, as ``x.flatten()``.

    Returns
    -------
    Network
        Weights and biases at their exact binary values; every layer's label
        names the module it came from.

    Raises
    ------
    MissingDependencyError
        PyTorch is not installed.
    InvalidNetworkError
        An unsupported module or option (the message names the module and
        lists the supported ones), or shapes that do not fit.
    NonFiniteWeightError
        A NaN or infinite weight.

    Notes
    -----
    Batch norm ``y = gamma (x - mean) / sqrt(var + eps) + beta`` is folded
    into the preceding Linear/Conv2d before the activation (paper section 2)
    with the factor :func:`exactpd.io.sequential.batchnorm_scale`: exact when
    ``var + eps`` is a square, otherwise the float64 nearest to
    ``gamma / sqrt(var + eps)``.  The network is exact for those folded
    weights.  See :func:`exactpd.io.sequential.network_from_ops` for the rest.

    Examples
    --------
    >>> import torch  # doctest: +SKIP
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))  # doctest: +SKIP
    >>> net = from_torch(model)  # doctest: +SKIP
    >>> [layer.kind for layer in net.layers], net.nonlinear_layers  # doctest: +SKIP
    (['dense', 'dense'], (0,))
    """
    torch = import_torch()
    modules = leaf_modules(module)
    ops = [_op(name, module_kind(name, m), m) for name, m in modules]
    if input_shape is None:
        first = next((m for (_, m), op in zip(modules, ops) if op.kind not in ("identity", "flatten")), None)
        if not isinstance(first, torch.nn.Linear):
            raise InvalidNetworkError("from_torch: give input_shape=(C, H, W) (or (n,)) for a model that does not start with Linear")
        input_shape = (first.in_features,)
    return network_from_ops(ops, input_shape)
