"""A sequence of framework layers (PyTorch modules, ONNX nodes) as an exact :class:`~exactpd.network.layers.Network`.

The importers (:mod:`exactpd.io.torch`, :mod:`exactpd.io.onnx`) describe a
model as a list of :class:`Op` (one per module, call or node, with its
parameters as plain numbers) and :func:`network_from_ops` builds the network:
it tracks the shape of one sample — a vector ``(n,)``, a signal ``(C, L)`` or
an image ``(C, H, W)``, always flattened in row-major order — folds batch norm
and elementwise affine maps into the preceding affine layer, attaches
activations to it, and lowers the piecewise-affine activations that are not a
single max-affine unit to ReLUs.

Op kinds and their ``params``:

=================================  ===========================================================================
kind                               params
=================================  ===========================================================================
``linear``                         ``weight`` (out, in), ``bias`` (out,) or None
``conv2d``                         ``weight`` (C_out, C_in / groups, kH, kW), ``bias``, ``stride``, ``padding``,
                                   ``dilation``, ``groups``
``conv1d``                         the same with ``weight`` (C_out, C_in / groups, K) and one-number options
``relu``, ``abs``                  none
``leaky_relu``                     ``negative_slope``
``prelu``                          ``weight``: one slope, or one per channel
``clamp``                          ``min``, ``max`` (either may be None): ReLU6, Hardtanh, ``clamp``, ONNX Clip
``hardsigmoid``                    ``alpha``, ``beta``: ``clamp(alpha x + beta, 0, 1)`` (PyTorch: 1/6, 1/2)
``maxpool2d``                      ``kernel_size``, ``stride``, ``padding``, ``dilation``, ``ceil_mode``
``avgpool2d``                      ``kernel_size``, ``stride``, ``padding``, ``ceil_mode``, ``count_include_pad``
``adaptive_avgpool2d``             ``output_size`` (a pair; None keeps that size)
``maxpool1d``, ``avgpool1d``,      the same with one-number options, on a (C, L) signal
``adaptive_avgpool1d``
``batchnorm``                      ``weight`` (gamma), ``bias`` (beta), ``running_mean``, ``running_var``, ``eps``,
                                   ``image`` (True: BatchNorm2d; False: BatchNorm1d; None: either), per channel
``add``                            ``bias``: one number, one per channel, or one per feature
``scale_shift``                    ``scale``, ``shift``: ``y = scale * x + shift``, each as ``add``'s ``bias``;
                                   optionally ``shape``, the constants' shape, broadcast as numpy against
                                   (batch, sample shape)
``unsqueeze``, ``squeeze``         ``axes`` of the batched tensor (as ONNX)
``global_avgpool``                 none: the mean of each channel of a (C, L) or (C, H, W) input
``flatten``                        optionally ``size``, the expected number of features
``reshape``                        ``shape``: the new sample shape (one entry may be -1; with ``zero_copies``
                                   an entry 0 keeps that axis, as ONNX Reshape)
``unflatten``                      ``dim`` (of the batched tensor, as ``nn.Unflatten``), ``sizes``
``identity``                       none
``softmax``, ``log_softmax``,      none; accepted only at the end of the model, where they are dropped with a
``sigmoid``                        :class:`~exactpd.errors.ModelImportWarning` (see :func:`network_from_ops`)
=================================  ===========================================================================

"Channel" is the first axis of the sample shape (the feature of a vector).
"""

from __future__ import annotations

import itertools
import math
import sys
import warnings
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Sequence

from exactpd.errors import InvalidNetworkError, ModelImportWarning
from exactpd.network.activation import ACTIVATIONS
from exactpd.network.layers import Conv2d, Dense, Maso, Network, avg_pool2d, max_pool2d, pool_output_shape
from exactpd.rational import to_rational

__all__ = ["Op", "network_from_ops", "batchnorm_scale", "OUTPUT_MAPS"]

OUTPUT_MAPS = {
    "softmax": ("Softmax", "Softmax keeps the order of the logits (z_i > z_j exactly when softmax(z)_i > softmax(z)_j)"),
    "log_softmax": ("LogSoftmax", "LogSoftmax subtracts the same number, logsumexp(z), from every logit"),
    "sigmoid": (
        "Sigmoid", "Sigmoid is strictly increasing in each logit, and for one logit f, sigmoid(f) > 1/2 exactly when f > 0"
    ),
}
"""The output maps dropped at the end of a model: their names, and why each leaves the partition unchanged."""


@dataclass(frozen=True)
class Op:
    """One layer of a framework model: ``kind`` (see the module docstring), its ``params``, and a ``label``
    naming it in error messages (``"module '3' (Conv2d)"``, ``"node 'Conv_0' (Conv)"``).

    Attributes
    ----------
    kind : str
        One of the op kinds of the module docstring's table.
    label : str
        Names the module, call or node in messages.
    params : dict
        The kind's parameters, as plain numbers or nested lists.

    Examples
    --------
    >>> ops = [Op("linear", "first", {"weight": [[1, "1/2"]], "bias": [0]}), Op("relu", "second")]
    >>> network_from_ops(ops, (2,)).layers[0].weight
    ((Fraction(1, 1), Fraction(1, 2)),)
    """

    kind: str
    label: str
    params: dict = field(default_factory=dict)


def warn_user(message: str) -> None:
    """Issue a :class:`~exactpd.errors.ModelImportWarning` attributed to the first caller outside exactpd."""
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").partition(".")[0] == "exactpd":
        level, frame = level + 1, frame.f_back
    warnings.warn(message, ModelImportWarning, stacklevel=level)


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

    Raises
    ------
    InvalidNetworkError
        ``running_var + eps`` is not positive.
    InvalidNumberError
        A parameter that is not a finite number.

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


def _exact(values: Any, label: str, what: str) -> list[Fraction]:
    return [to_rational(v, f"{label}: {what}[{i}]") for i, v in enumerate(values)]


def _one(value: Any, what: str, label: str) -> int:
    """A 1-D option given as a number or a 1-sequence."""
    if isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise InvalidNetworkError(f"{label}: {what} {value!r} is not one number (a 1-D layer)")
        value = value[0]
    return value


def _image(shape: tuple) -> tuple[int, int, int]:
    """The (C, H, W) image a sample is stored as (same flattening): a signal (C, L) is (C, 1, L), a vector (n,) is
    (n, 1, 1), a (C, D1, ..., Dk) tensor is (C, D1 ... Dk-1, Dk)."""
    if len(shape) == 1:
        return (shape[0], 1, 1)
    return (shape[0], math.prod(shape[1:-1]), shape[-1])


def _blocks(values: Sequence[Fraction], n_blocks: int) -> list[Fraction] | None:
    """One value per block when ``values`` is constant on each of ``n_blocks`` equal consecutive blocks, else None."""
    size = len(values) // n_blocks
    per_block = [values[c * size] for c in range(n_blocks)]
    if any(values[i] != per_block[i // size] for i in range(len(values))):
        return None
    return per_block


class _Builder:
    """The layers built so far, the shape of the data, and whether the last layer is still an open affine map."""

    def __init__(self, shape: tuple) -> None:
        self.shape, self.layers, self.open = shape, [], False  # open: an affine Dense/Conv2d that may absorb more

    # -- shapes -------------------------------------------------------------------------------------------------
    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def need_rank(self, rank: int, label: str, what: str) -> None:
        if len(self.shape) != rank:
            names = {1: "a vector (n,)", 2: "a signal (C, L)", 3: "an image (C, H, W)"}
            hint = f"; flatten it before {what}" if rank == 1 else ""
            raise InvalidNetworkError(
                f"{label}: {what} needs {names[rank]} input, the input has shape {self.shape}{hint}"
            )

    def per_feature(self, values: Sequence[Fraction], label: str, what: str) -> list[Fraction]:
        """Values given once, per channel (first axis) or per feature, as one per feature."""
        n, channels = self.size, self.shape[0]
        if len(values) == 1:
            return list(values) * n
        if len(values) == channels:
            return [v for v in values for _ in range(n // channels)]
        if len(values) == n:
            return list(values)
        raise InvalidNetworkError(
            f"{label}: {what} has {len(values)} numbers; expected 1, {channels} (one per channel) or {n} "
            f"(one per feature) for an input of shape {self.shape}"
        )

    def broadcast(self, values: Sequence[Fraction], shape: Sequence[int], label: str) -> list[Fraction]:
        """A constant of ``shape`` (row-major ``values``) broadcast against the batched data, one number per feature."""
        full, shape = (1, *self.shape), tuple(shape)
        if len(shape) > len(full) or any(c not in (1, f) for c, f in zip(reversed(shape), reversed(full))):
            raise InvalidNetworkError(
                f"{label}: a constant of shape {shape} does not broadcast over the data of shape (batch, "
                f"{', '.join(map(str, self.shape))}) without changing it"
            )
        shape = (1,) * (len(full) - len(shape)) + shape
        strides, step = [], 1
        for c in reversed(shape):
            strides.append(step if c != 1 else 0)
            step *= c
        strides.reverse()
        return [values[sum(i * s for i, s in zip(index, strides))] for index in itertools.product(*map(range, full))]

    # -- affine layers ------------------------------------------------------------------------------------------
    def per_unit(self, values: Sequence[Fraction]) -> list[Fraction] | None:
        """Per-feature values as one per unit (Dense) or output channel (Conv2d) of the open layer, if they fit."""
        if not self.open:
            return None
        layer = self.layers[-1]
        return list(values) if isinstance(layer, Dense) else _blocks(values, layer.output_shape[0])

    def open_layer(self, arrays: Sequence[Sequence[Fraction]], label: str) -> list[list[Fraction]]:
        """Make the last layer an open affine one that takes ``arrays`` (per feature) per unit; return them per unit.

        When the open layer cannot (or there is none), a depthwise 1x1 identity
        Conv2d is added: per channel when every array is, else per feature.
        """
        units = [self.per_unit(a) for a in arrays]
        if self.open and all(u is not None for u in units):
            return units
        image = _image(self.shape)
        units = [_blocks(a, image[0]) for a in arrays]
        if any(u is None for u in units):
            image = (self.size, 1, 1)
            units = [list(a) for a in arrays]
        c = image[0]
        self.layers.append(Conv2d(((((Fraction(1),),),),) * c, (Fraction(0),) * c, image, groups=c, label=label))
        self.open = True
        return units

    def elementwise(self, scale: Sequence[Fraction], shift: Sequence[Fraction], label: str) -> None:
        """``y = scale * x + shift`` per feature, folded into the open affine layer."""
        unit_scale, unit_shift = self.open_layer([scale, shift], label)
        self.layers[-1] = _affine_then(self.layers[-1], unit_scale, unit_shift)

    # -- activations --------------------------------------------------------------------------------------------
    def activation(self, kind: str, label: str, negative_slope: Any = None) -> None:
        self.open_layer([], label)
        self.layers[-1] = replace(self.layers[-1], activation=kind, negative_slope=negative_slope)
        self.open = False

    def prelu(self, slopes: Sequence[Fraction], label: str) -> None:
        """``max(x, 0) + a min(x, 0)`` per channel: a leaky ReLU, a MASO layer, or two ReLUs per unit."""
        slopes = self.per_feature(slopes, label, "the PReLU weight")
        if len(set(slopes)) == 1 and slopes[0] <= 1:
            self.activation("leaky_relu", label, slopes[0])
        elif max(slopes) <= 1 and self.open and isinstance(self.layers[-1], Dense):
            dense = self.layers[-1]
            self.layers[-1] = Maso(
                [[[a * w for w in row], list(row)] for a, row in zip(slopes, dense.weight)],
                [[a * b, b] for a, b in zip(slopes, dense.bias)],
                label=f"{dense.label}, then {label}",
            )
            self.open = False
        else:  # relu(x) - a relu(-x)
            n = len(slopes)
            one, minus, zero = [Fraction(1)] * n, [Fraction(-1)] * n, [Fraction(0)] * n
            self.relu_sum([(one, zero, one), (minus, zero, [-a for a in slopes])], zero, label)

    def clamp(self, low: Any, high: Any, label: str) -> None:
        """``min(max(x, low), high)`` as ReLUs: ``low + relu(x - low) - relu(x - high)``."""
        low = None if low is None else to_rational(low, f"{label}: min")
        high = None if high is None else to_rational(high, f"{label}: max")
        if low is not None and high is not None and low > high:
            raise InvalidNetworkError(f"{label}: min {low} > max {high}; not supported")
        n, one = self.size, Fraction(1)
        if high is None:
            if low is None:
                return
            if low == 0:
                self.activation("relu", label)
                return
            self.relu_sum([([one] * n, [-low] * n, [one] * n)], [low] * n, label)
        elif low is None:  # high - relu(high - x)
            self.relu_sum([([-one] * n, [high] * n, [-one] * n)], [high] * n, label)
        else:
            terms = [([one] * n, [-low] * n, [one] * n), ([one] * n, [-high] * n, [-one] * n)]
            self.relu_sum(terms, [low] * n, label)

    def relu_sum(self, terms: Sequence[tuple], constant: Sequence[Fraction], label: str) -> None:
        """``y = constant + sum_j c_j relu(s_j x + t_j)`` per feature, for terms ``(s_j, t_j, c_j)`` (per feature).

        The open affine layer ``h`` is replaced by one with J copies of each
        unit or channel ``u``, ``relu(s_j h_u + t_j)`` (in the order u J + j),
        followed by a grouped 1x1 Conv2d that adds them with the weights ``c_j``.
        """
        units = self.open_layer([a for term in terms for a in term] + [list(constant)], label)
        layer, constant, count = self.layers[-1], units[-1], len(terms)
        pieces = [[tuple(units[3 * j + i][u] for i in range(3)) for j in range(count)] for u in range(len(constant))]
        bias = [s * b + t for b, per_unit in zip(layer.bias, pieces) for s, t, _ in per_unit]
        if isinstance(layer, Dense):
            weight = [[s * w for w in row] for row, per_unit in zip(layer.weight, pieces) for s, _, _ in per_unit]
            expanded = Dense(weight, bias, "relu", label=f"{layer.label}, then {label} ({count} ReLUs per unit)")
            image = (len(constant), 1, 1)
        else:
            weight = [
                [[[s * w for w in row] for row in kernel] for kernel in per_out]
                for per_out, per_unit in zip(layer.weight, pieces) for s, _, _ in per_unit
            ]
            expanded = replace(layer, weight=weight, bias=bias, activation="relu",
                               label=f"{layer.label}, then {label} ({count} ReLUs per channel)")
            image = layer.output_shape
        sums = [[[[c]] for _, _, c in per_unit] for per_unit in pieces]
        combine = Conv2d(sums, constant, (count * image[0], *image[1:]), groups=image[0],
                         label=f"{label}: the sum of its ReLUs")
        self.layers[-1:] = [expanded, combine]
        self.open = True

    # -- the ops ------------------------------------------------------------------------------------------------
    def add(self, op: Op) -> None:
        """Append ``op`` (a kind of the module docstring's table) to the layers, updating the shape of the data."""
        label = f"layer {len(self.layers)} ({op.label})"
        if op.kind in OUTPUT_MAPS:
            raise InvalidNetworkError(
                f"{op.label} is not piecewise affine: exactpd handles piecewise-affine networks only. A "
                f"{OUTPUT_MAPS[op.kind][0]} is accepted only at the end of the model, where it is dropped (it changes "
                f"neither the regions nor the decision boundary); inside the network, replace it by a "
                f"piecewise-affine layer (ReLU, Hardtanh, Hardsigmoid)"
            )
        handler = _OP_HANDLERS.get(op.kind)
        if handler is None:
            raise InvalidNetworkError(f"{label}: unknown layer kind {op.kind!r}")
        handler(self, op.kind, op.params, label)

    def op_identity(self, kind: str, p: dict, label: str) -> None:
        """``identity``: nothing to add."""

    def op_flatten(self, kind: str, p: dict, label: str) -> None:
        """``flatten``: the sample becomes a vector, of ``p["size"]`` features when given."""
        self.shape = (self.size,)
        if p.get("size", self.size) != self.size:
            raise InvalidNetworkError(f"{label}: reshapes to {p['size']} features, the input has {self.size}")

    def op_reshape(self, kind: str, p: dict, label: str) -> None:
        """``reshape``: the sample takes the shape ``p["shape"]`` (see :meth:`reshape`)."""
        self.reshape(p["shape"], p.get("zero_copies", False), label)

    def op_axes(self, kind: str, p: dict, label: str) -> None:
        """``unsqueeze`` / ``squeeze``: size-1 axes ``p["axes"]`` of the batched tensor (as ONNX) added or removed."""
        rank = len(self.shape) + 1 + (len(p["axes"]) if kind == "unsqueeze" else 0)
        axes = sorted(a % rank for a in p["axes"])
        if 0 in axes:
            raise InvalidNetworkError(f"{label}: {kind} of the batch axis is not supported")
        shape = list(self.shape)
        for a in axes if kind == "unsqueeze" else reversed(axes):
            if kind == "unsqueeze":
                shape.insert(a - 1, 1)
            elif shape[a - 1] != 1:
                raise InvalidNetworkError(f"{label}: cannot squeeze axis {a} of size {shape[a - 1]}")
            else:
                del shape[a - 1]
        self.reshape(shape, False, label)

    def op_unflatten(self, kind: str, p: dict, label: str) -> None:
        """``unflatten``: dimension ``p["dim"]`` of the batched tensor split into ``p["sizes"]`` (as ``nn.Unflatten``)."""
        dim = p["dim"]
        axis = dim - 1 if dim > 0 else len(self.shape) + dim
        if dim == 0 or not 0 <= axis < len(self.shape):
            raise InvalidNetworkError(f"{label}: cannot unflatten dimension {dim} of a sample of shape {self.shape}")
        self.reshape([*self.shape[:axis], *p["sizes"], *self.shape[axis + 1 :]], False, label)

    def op_linear(self, kind: str, p: dict, label: str) -> None:
        """``linear``: a new open Dense layer on a vector input whose width matches the weight's columns."""
        self.need_rank(1, label, "a linear layer")
        weight = p["weight"]
        if len(weight[0]) != self.shape[0]:
            raise InvalidNetworkError(
                f"{label}: the weight has {len(weight[0])} columns, the input has {self.shape[0]} features"
            )
        bias = p.get("bias")
        self.layers.append(Dense(weight, [0] * len(weight) if bias is None else bias, label=label))
        self.shape, self.open = (len(weight),), True

    def op_batchnorm(self, kind: str, p: dict, label: str) -> None:
        """``batchnorm`` (inference) per channel, folded into the open affine layer as ``scale * x + shift``."""
        if p.get("image") is not None and p["image"] != (len(self.shape) == 3):
            raise InvalidNetworkError(f"{label}: batch norm of this kind does not fit the input shape {self.shape}")
        if len(p["running_mean"]) != self.shape[0]:
            raise InvalidNetworkError(
                f"{label}: batch norm of {len(p['running_mean'])} features, the input has {self.shape[0]}"
            )
        scale = [batchnorm_scale(g, v, p["eps"]) for g, v in zip(p["weight"], p["running_var"])]
        beta, mean = _exact(p["bias"], label, "bias"), _exact(p["running_mean"], label, "running_mean")
        shift = [b - s * m for s, b, m in zip(scale, beta, mean)]
        self.elementwise(self.per_feature(scale, label, "scale"), self.per_feature(shift, label, "shift"), label)

    def op_scale_shift(self, kind: str, p: dict, label: str) -> None:
        """``add`` / ``scale_shift``: ``scale * x + shift`` with constants per feature, channel or broadcast shape."""
        shift = _exact(p["bias"] if kind == "add" else p["shift"], label, "bias" if kind == "add" else "shift")
        scale = [Fraction(1)] if kind == "add" else _exact(p["scale"], label, "scale")
        arrays = [self.per_feature(a, label, what) if len(a) == 1 or p.get("shape") is None
                  else self.broadcast(a, p["shape"], label) for a, what in ((scale, "the factor"), (shift, "the term"))]
        self.elementwise(*arrays, label)

    def op_global_avgpool(self, kind: str, p: dict, label: str) -> None:
        """``global_avgpool``: the adaptive average pool to one value per channel of a signal or an image."""
        self.pool("adaptive_avgpool2d" if len(self.shape) == 3 else "adaptive_avgpool1d",
                  {"output_size": (1, 1) if len(self.shape) == 3 else 1}, label)

    def op_activation(self, kind: str, p: dict, label: str) -> None:
        """An activation of ``ACTIVATIONS`` joining the open affine layer; a concave leaky ReLU becomes a PReLU."""
        if kind == "leaky_relu" and p.get("negative_slope") is not None and to_rational(
                p["negative_slope"], f"{label}: negative_slope") > 1:
            self.prelu([to_rational(p["negative_slope"], f"{label}: negative_slope")], label)
        else:
            self.activation(kind, label, p.get("negative_slope"))

    def op_prelu(self, kind: str, p: dict, label: str) -> None:
        """``prelu`` of the exact slopes ``p["weight"]`` (see :meth:`prelu`)."""
        self.prelu(_exact(p["weight"], label, "weight"), label)

    def op_clamp(self, kind: str, p: dict, label: str) -> None:
        """``clamp`` between ``p["min"]`` and ``p["max"]`` (see :meth:`clamp`)."""
        self.clamp(p.get("min"), p.get("max"), label)

    def op_hardsigmoid(self, kind: str, p: dict, label: str) -> None:
        """``hardsigmoid``: ``clamp(alpha x + beta, 0, 1)``."""
        alpha, beta = to_rational(p["alpha"], f"{label}: alpha"), to_rational(p["beta"], f"{label}: beta")
        self.elementwise([alpha] * self.size, [beta] * self.size, label)
        self.clamp(0, 1, label)

    def reshape(self, target: Sequence[int], zero_copies: bool, label: str) -> None:
        target = [int(t) for t in target]
        if zero_copies:
            target = [self.shape[i] if t == 0 and i < len(self.shape) else t for i, t in enumerate(target)]
        known = math.prod(t for t in target if t != -1)
        if target.count(-1) > 1 or any(t < -1 or t == 0 for t in target) or not target:
            raise InvalidNetworkError(f"{label}: cannot reshape a sample of shape {self.shape} to {tuple(target)}")
        if -1 in target:
            if self.size % known:
                raise InvalidNetworkError(f"{label}: cannot reshape a sample of shape {self.shape} to {tuple(target)}")
            target[target.index(-1)] = self.size // known
        if math.prod(target) != self.size:
            raise InvalidNetworkError(f"{label}: cannot reshape a sample of shape {self.shape} to {tuple(target)}")
        self.shape = tuple(target)

    def conv(self, kind: str, p: dict, label: str) -> None:
        bias = p.get("bias")
        weight = p["weight"]
        if kind == "conv2d":
            self.need_rank(3, label, "a 2-D convolution")
            options = (p["stride"], p["padding"], p["dilation"])
        else:
            self.need_rank(2, label, "a 1-D convolution")
            weight = [[[kernel] for kernel in per_out] for per_out in weight]
            options = tuple((lead, _one(p[name], name, label)) for lead, name in ((1, "stride"), (0, "padding"), (1, "dilation")))
        layer = Conv2d(weight, [0] * len(weight) if bias is None else bias, _image(self.shape), *options, p["groups"],
                       label=label)
        self.layers.append(layer)
        out = layer.output_shape
        self.shape, self.open = (out if kind == "conv2d" else (out[0], out[2])), True

    def pool(self, kind: str, p: dict, label: str) -> None:
        two = kind.endswith("2d")
        self.need_rank(3 if two else 2, label, "2-D pooling" if two else "1-D pooling")
        image = _image(self.shape)

        def option(name: str, lead: int) -> Any:
            value = p.get(name)
            return value if two or value is None else (lead, _one(value, name, label))

        if kind.startswith("maxpool"):
            options = (option("kernel_size", 1), option("stride", 1), option("padding", 0), option("dilation", 1),
                       p["ceil_mode"])
            self.layers.append(max_pool2d(image, *options, label))
            out, self.open = pool_output_shape(image, *options, where=label), False
        else:
            if kind.startswith("adaptive"):
                size = p["output_size"] if two else (1, _one(p["output_size"], "output_size", label))
                size = tuple(image[1 + a] if s is None else s for a, s in enumerate(size))
                if image[1] % size[0] or image[2] % size[1]:
                    raise InvalidNetworkError(
                        f"{label}: output size {size if two else size[1]} does not divide the "
                        f"{self.shape[1:]} input (windows of unequal sizes)"
                    )
                kernel = (image[1] // size[0], image[2] // size[1])
                layer = avg_pool2d(image, kernel, kernel, label=label)
            else:
                layer = avg_pool2d(image, option("kernel_size", 1), option("stride", 1), option("padding", 0),
                                   p["ceil_mode"], p["count_include_pad"], label)
            self.layers.append(layer)
            out, self.open = layer.output_shape, True
        self.shape = out if two else (out[0], out[2])


_OP_HANDLERS = {
    "identity": _Builder.op_identity, "flatten": _Builder.op_flatten, "reshape": _Builder.op_reshape,
    "unsqueeze": _Builder.op_axes, "squeeze": _Builder.op_axes, "unflatten": _Builder.op_unflatten,
    "linear": _Builder.op_linear, "conv2d": _Builder.conv, "conv1d": _Builder.conv,
    "batchnorm": _Builder.op_batchnorm, "add": _Builder.op_scale_shift, "scale_shift": _Builder.op_scale_shift,
    "global_avgpool": _Builder.op_global_avgpool,
    **{kind: _Builder.op_activation for kind in ACTIVATIONS},  # relu, leaky_relu, abs (and None: affine)
    "prelu": _Builder.op_prelu, "clamp": _Builder.op_clamp, "hardsigmoid": _Builder.op_hardsigmoid,
    **{kind: _Builder.pool for kind in ("maxpool2d", "avgpool2d", "adaptive_avgpool2d",
                                        "maxpool1d", "avgpool1d", "adaptive_avgpool1d")},
}
"""Each op kind and the :class:`_Builder` method ``(builder, kind, params, label)`` that adds it."""


def network_from_ops(ops: Sequence[Op], input_shape: Sequence[int]) -> Network:
    """Build the exact network of a sequence of layers (see the module docstring).

    Parameters
    ----------
    ops : sequence of Op
    input_shape : (n,), (C, L) or (C, H, W)
        The shape of one input; the network's input is its flattening in
        row-major (channel, row, column) order.

    Returns
    -------
    Network

    Raises
    ------
    InvalidNetworkError
        Shapes that do not fit, options exactpd cannot represent exactly, or
        a Softmax, Sigmoid or LogSoftmax that is not at the end.

    Warns
    -----
    ModelImportWarning
        A Softmax, Sigmoid or LogSoftmax at the end of the model is dropped:
        each is a per-input strictly increasing (order-keeping) map of the
        logits, so the regions (where the logits are affine) are unchanged and
        the decision boundary, where the argmax of the logits changes (for one
        logit f with a sigmoid, ``sigmoid(f) > 1/2`` exactly when ``f > 0``), is
        the same.  The network returned computes the logits.

    Notes
    -----
    Batch norm ``y = gamma (x - mean) / sqrt(var + eps) + beta`` and
    elementwise affine maps are folded into the preceding Linear/Conv2d
    (paper section 2), or after anything else become a depthwise 1x1 Conv2d;
    the batch-norm factor is :func:`batchnorm_scale`.  An activation after a
    layer that is not an affine Linear/Conv2d (e.g. after pooling) is carried
    by a depthwise 1x1 identity Conv2d.  Piecewise-affine activations are
    lowered exactly:

    - PReLU with one slope ``a <= 1``: ``leaky_relu`` with slope ``a`` (a leaky ReLU with a
      slope ``a > 1``, concave, is lowered as such a PReLU);
      one slope per channel, all ``<= 1``, after a Dense: a :class:`Maso`
      layer with the pieces ``(a_k w_k, w_k)``; otherwise
      ``relu(h) - a relu(-h)``;
    - clamp to ``[lo, hi]`` (ReLU6 is ``[0, 6]``, Hardtanh ``[min_val, max_val]``):
      ``lo + relu(h - lo) - relu(h - hi)``;

    each ReLU sum is a layer with one ReLU unit per term followed by a
    grouped 1x1 Conv2d that adds them (the regions are those of the
    original activation).  A 1-D layer on a (C, L) signal is the 2-D layer
    on the (C, 1, L) image.

    Examples
    --------
    >>> net = network_from_ops([Op("linear", "fc", {"weight": [[1], [-1]], "bias": None}),
    ...                         Op("clamp", "relu6", {"min": 0, "max": 6})], (1,))
    >>> from exactpd import forward
    >>> [layer.kind for layer in net.layers], [float(v) for v in forward(net, [7])]
    (['dense', 'conv2d'], [6.0, 0.0])
    """
    shape = tuple(int(n) for n in input_shape)
    if not shape or min(shape) < 1:
        raise InvalidNetworkError(f"input_shape must be (n,), (C, L) or (C, H, W), got {tuple(input_shape)}")
    end = len(ops)
    while end and ops[end - 1].kind in (*OUTPUT_MAPS, "identity"):
        end -= 1
    for op in ops[end:]:
        if op.kind in OUTPUT_MAPS:
            warn_user(
                f"{op.label} at the end of the model is dropped: exactpd works on the logits before it. "
                f"{OUTPUT_MAPS[op.kind][1]}: for each input it is a strictly increasing (order-keeping) map of the "
                f"logits, so it does not change the partition: the regions (where the logits are affine) are "
                f"unchanged and the decision boundary (where the argmax of the logits changes; for one logit, "
                f"its sign) is the same"
            )
    build = _Builder(shape)
    for op in ops[:end]:
        build.add(op)
    if not build.layers:
        raise InvalidNetworkError("the model has no layer (only identities, reshaping, dropout or output maps)")
    return Network(math.prod(shape), build.layers)
