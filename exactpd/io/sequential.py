"""A sequence of framework layers (PyTorch modules, ONNX nodes) as an exact :class:`~exactpd.network.layers.Network`.

The importers (:mod:`exactpd.io.torch`, :mod:`exactpd.io.onnx`) describe a
model as a list of :class:`Op` (one per module or node, with its parameters as
plain numbers) and :func:`network_from_ops` builds the network: it tracks the
shape of the data, folds batch norm and bias additions into the preceding
affine layer, and attaches activations to it.

Op kinds and their ``params``:

==========================  ===========================================================================
kind                        params
==========================  ===========================================================================
``linear``                  ``weight`` (out, in), ``bias`` (out,) or None
``conv2d``                  ``weight`` (C_out, C_in / groups, kH, kW), ``bias``, ``stride``, ``padding``,
                            ``dilation``, ``groups``
``relu``, ``abs``           none
``leaky_relu``              ``negative_slope``
``maxpool2d``               ``kernel_size``, ``stride``, ``padding``, ``dilation``, ``ceil_mode``
``avgpool2d``               ``kernel_size``, ``stride``, ``padding``, ``ceil_mode``, ``count_include_pad``
``adaptive_avgpool2d``      ``output_size`` (a pair; None keeps that size)
``batchnorm``               ``weight`` (gamma), ``bias`` (beta), ``running_mean``, ``running_var``, ``eps``,
                            ``image`` (True: per channel of a (C, H, W) input; False: per feature; None: either)
``add``                     ``bias``: one number per feature or channel
``flatten``                 optionally ``size``, the expected number of features
``identity``                none
==========================  ===========================================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError
from exactpd.network.layers import Conv2d, Dense, Network, avg_pool2d, max_pool2d, pool_output_shape
from exactpd.rational import to_rational

__all__ = ["Op", "network_from_ops", "batchnorm_scale"]


@dataclass(frozen=True)
class Op:
    """One layer of a framework model: ``kind`` (see the module docstring), its ``params``, and a ``label``
    naming it in error messages (``"module '3' (Conv2d)"``, ``"node 'Conv_0' (Conv)"``)."""

    kind: str
    label: str
    params: dict = field(default_factory=dict)


def batchnorm_scale(weight: Any, running_var: Any, eps: Any) -> Fraction:
    """The factor ``gamma / sqrt(var + eps)`` of a batch-norm unit, exact when possible.

    Parameters
    ----------
    weight, running_var, eps : numbers
        gamma, the running variance and eps, each taken at its exact value.

    Returns
    -------
    Fraction
        The exact value when ``var + eps`` is the square of a rational number;
        otherwise (the square root is then irrational) the float64 nearest to
        ``gamma / sqrt(var + eps)``, computed to 60 significant digits from
        the exact parameters and rounded once, taken at its exact value.

    Examples
    --------
    >>> batchnorm_scale(3, 4, 0)
    Fraction(3, 2)
    >>> float(batchnorm_scale(1, 1, 1)) == 2 ** -0.5
    True
    """
    gamma = to_rational(weight, "batch norm weight")
    total = to_rational(running_var, "batch norm running_var") + to_rational(eps, "batch norm eps")
    if total <= 0:
        raise InvalidNetworkError(f"batch norm: running_var + eps = {total} is not positive")
    num, den = total.numerator, total.denominator
    root_num, root_den = math.isqrt(num), math.isqrt(den)
    if root_num * root_num == num and root_den * root_den == den:
        return gamma * Fraction(root_den, root_num)
    with localcontext() as context:
        context.prec = 60
        value = Decimal(gamma.numerator) / Decimal(gamma.denominator) * (Decimal(den) / Decimal(num)).sqrt()
    return Fraction(float(value))


def _affine_then(layer: Dense | Conv2d, scale: Sequence[Fraction], shift: Sequence[Fraction]) -> Dense | Conv2d:
    """``layer`` followed by ``y_k = scale_k * x_k + shift_k`` per unit (Dense) or output channel (Conv2d), as one layer."""
    if isinstance(layer, Dense):
        weight = tuple(tuple(s * w for w in row) for s, row in zip(scale, layer.weight))
    else:
        weight = tuple(
            tuple(tuple(tuple(s * w for w in row) for row in kernel) for kernel in per_out)
            for s, per_out in zip(scale, layer.weight)
        )
    return replace(layer, weight=weight, bias=tuple(s * b + t for s, b, t in zip(scale, layer.bias, shift)))


def _channelwise(shape: tuple, scale: Sequence[Fraction], shift: Sequence[Fraction], label: str) -> Conv2d:
    """``y_c = scale_c * x_c + shift_c`` per channel of a (C, H, W) or (n,) input, as a depthwise 1x1 Conv2d."""
    image = shape if len(shape) == 3 else (shape[0], 1, 1)
    return Conv2d(tuple((((s,),),) for s in scale), tuple(shift), image, groups=image[0], label=label)


def _exact(values: Any, label: str, what: str) -> list[Fraction]:
    return [to_rational(v, f"{label}: {what}[{i}]") for i, v in enumerate(values)]


def network_from_ops(ops: Sequence[Op], input_shape: Sequence[int]) -> Network:
    """Build the exact network of a sequence of layers (see the module docstring).

    Parameters
    ----------
    ops : sequence of Op
    input_shape : (C, H, W) or (n,)
        The shape of one input; the network's input is its flattening in
        (channel, row, column) order.

    Returns
    -------
    Network

    Raises
    ------
    InvalidNetworkError
        Shapes that do not fit, or options exactpd cannot represent exactly.

    Notes
    -----
    Batch norm ``y = gamma (x - mean) / sqrt(var + eps) + beta`` and bias
    additions are folded into the preceding Linear/Conv2d (paper section 2),
    or after anything else become a depthwise 1x1 Conv2d; the batch-norm
    factor is :func:`batchnorm_scale`.  An activation after a layer that is
    not an affine Linear/Conv2d (e.g. after pooling) is carried by a depthwise
    1x1 identity Conv2d.
    """
    shape = tuple(int(n) for n in input_shape)
    if len(shape) not in (1, 3) or min(shape) < 1:
        raise InvalidNetworkError(f"input_shape must be (C, H, W) or (n,), got {tuple(input_shape)}")
    input_dim = math.prod(shape)
    layers: list = []
    open_affine = False  # the last layer is an affine Linear/Conv2d that bias, batch norm and an activation join
    for op in ops:
        p, label = op.params, f"layer {len(layers)} ({op.label})"
        if op.kind == "identity":
            continue
        if op.kind == "flatten":
            shape = (math.prod(shape),)
            if p.get("size", shape[0]) != shape[0]:
                raise InvalidNetworkError(f"{label}: reshapes to {p['size']} features, the input has {shape[0]}")
        elif op.kind == "linear":
            if len(shape) != 1:
                raise InvalidNetworkError(f"{label}: the input is a {shape} image; flatten it before a linear layer")
            weight = p["weight"]
            if len(weight[0]) != shape[0]:
                raise InvalidNetworkError(f"{label}: the weight has {len(weight[0])} columns, the input has {shape[0]} features")
            bias = p.get("bias")
            layers.append(Dense(weight, [0] * len(weight) if bias is None else bias, label=label))
            shape, open_affine = (len(weight),), True
        elif op.kind == "conv2d":
            if len(shape) != 3:
                raise InvalidNetworkError(f"{label}: a convolution needs a (C, H, W) input, the input has shape {shape}")
            bias = p.get("bias")
            layer = Conv2d(
                p["weight"], [0] * len(p["weight"]) if bias is None else bias, shape, p["stride"], p["padding"],
                p["dilation"], p["groups"], label=label,
            )
            layers.append(layer)
            shape, open_affine = layer.output_shape, True
        elif op.kind in ("batchnorm", "add"):
            n = shape[0]
            if op.kind == "batchnorm":
                if p.get("image") is not None and p["image"] != (len(shape) == 3):
                    raise InvalidNetworkError(f"{label}: batch norm of this kind does not fit the input shape {shape}")
                if len(p["running_mean"]) != n:
                    raise InvalidNetworkError(f"{label}: batch norm of {len(p['running_mean'])} features, the input has {n}")
                scale = [batchnorm_scale(g, v, p["eps"]) for g, v in zip(p["weight"], p["running_var"])]
                beta, mean = _exact(p["bias"], label, "bias"), _exact(p["running_mean"], label, "running_mean")
                shift = [b - s * m for s, b, m in zip(scale, beta, mean)]
            else:
                shift = _exact(p["bias"], label, "bias")
                if len(shift) == 1:
                    shift *= n
                if len(shift) != n:
                    raise InvalidNetworkError(f"{label}: adds {len(shift)} numbers to an input of shape {shape}")
                scale = [Fraction(1)] * n
            if open_affine:
                layers[-1] = _affine_then(layers[-1], scale, shift)
            else:
                layers.append(_channelwise(shape, scale, shift, label))
                open_affine = True
        elif op.kind in ("relu", "leaky_relu", "abs"):
            if not open_affine:
                layers.append(_channelwise(shape, [1] * shape[0], [0] * shape[0], label))
            layers[-1] = replace(layers[-1], activation=op.kind, negative_slope=p.get("negative_slope"))
            open_affine = False
        elif op.kind in ("maxpool2d", "avgpool2d", "adaptive_avgpool2d"):
            if len(shape) != 3:
                raise InvalidNetworkError(f"{label}: pooling needs a (C, H, W) input, the input has shape {shape}")
            if op.kind == "maxpool2d":
                options = (p["kernel_size"], p["stride"], p["padding"], p["dilation"], p["ceil_mode"], label)
                layers.append(max_pool2d(shape, *options))
                shape, open_affine = pool_output_shape(shape, *options[:-1], where=label), False
                continue
            if op.kind == "adaptive_avgpool2d":
                size = tuple(shape[1 + a] if s is None else s for a, s in enumerate(p["output_size"]))
                if shape[1] % size[0] or shape[2] % size[1]:
                    raise InvalidNetworkError(
                        f"{label}: output size {size} does not divide the {shape[1:]} input (windows of unequal sizes)"
                    )
                kernel = (shape[1] // size[0], shape[2] // size[1])
                layer = avg_pool2d(shape, kernel, kernel, label=label)
            else:
                layer = avg_pool2d(
                    shape, p["kernel_size"], p["stride"], p["padding"], p["ceil_mode"], p["count_include_pad"], label
                )
            layers.append(layer)
            shape, open_affine = layer.output_shape, True
        else:
            raise InvalidNetworkError(f"{label}: unknown layer kind {op.kind!r}")
    if not layers:
        raise InvalidNetworkError("the model has no layer (only identities, flattening or dropout)")
    return Network(input_dim, layers)
