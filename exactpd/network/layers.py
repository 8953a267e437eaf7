"""Networks as the user describes them: a stack of layers, validated and exact.

A :class:`Network` has an ``input_dim`` and a tuple of layers, each one of

- :class:`Dense` — ``z -> act(W z + b)`` with ``activation`` one of ``None``
  (affine), ``"relu"``, ``"leaky_relu"`` (with ``negative_slope`` eta <= 1) or ``"abs"``;
- :class:`MaxPool` — ``z -> (max_{i in P_k} z_i)_k`` over index groups ``P_k``;
- :class:`Maso` — a general max-affine spline operator layer, paper eq. (1):
  ``z_k = max_r <A[k][r], z> + B[k][r]`` given by ``slopes`` A[k][r][d] and
  ``offsets`` B[k][r] (units may have different numbers of pieces R_k);
- :class:`Conv2d` — ``z -> act(conv(z) + b)``, a 2-D convolution kept as its
  kernel (a structured affine map: the exact forward pass never builds its
  dense matrix).  :func:`avg_pool2d` builds average pooling as a depthwise
  Conv2d and :func:`max_pool2d` builds 2-D max pooling as a :class:`MaxPool`
  over the windows.

Images are flattened in PyTorch's (channel, row, column) order.

Every number is converted exactly at construction (:func:`exactpd.rational.to_rational`).
Layer indices start at 0 (layer ``l`` here is layer ``l + 1`` in the paper).
The canonical max-affine form used by every computation is built by
:func:`exactpd.network.maso.maso_layers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from fractions import Fraction
from typing import Any, Sequence, Union

from exactpd.errors import (
    ExactpdError,
    InvalidNetworkError,
    InvalidNumberError,
    InvalidWeightError,
    NonFiniteError,
    NonFiniteWeightError,
    NumberLimitError,
    WeightLimitError,
)
from exactpd.network.activation import parse_activation
from exactpd.network.summary import layer_repr, network_description, network_html, network_repr
from exactpd.rational import QMatrix, QVector, to_matrix, to_rational, to_vector

__all__ = [
    "Dense",
    "Conv2d",
    "MaxPool",
    "Maso",
    "Layer",
    "Network",
    "avg_pool2d",
    "max_pool2d",
    "pool_output_shape",
]


def _weights(convert, value: Any, where: str):
    """Run a conversion from :mod:`exactpd.rational`, turning number errors into network errors."""
    try:
        return convert(value, where)
    except NonFiniteError as err:
        raise NonFiniteWeightError(str(err)) from None
    except NumberLimitError as err:
        raise WeightLimitError(str(err)) from None
    except InvalidNumberError as err:
        raise InvalidWeightError(str(err)) from None
    except ExactpdError as err:  # shape errors from to_matrix
        raise InvalidNetworkError(str(err)) from None


def _negative_slope(activation: Any, negative_slope: Any, where: str) -> Union[Fraction, None]:
    """Validate a layer's activation (:func:`~exactpd.network.activation.parse_activation`); its stored ``negative_slope``.

    Only ``"leaky_relu"`` stores one (default 1/100); the other activations have a fixed slope and store None.
    """
    parsed = parse_activation(activation, negative_slope, where, lambda value, at: _weights(to_rational, value, at))
    return None if parsed is None else parsed.parameter


@dataclass(frozen=True)
class Dense:
    """A dense (fully connected) layer ``z -> act(W z + b)`` (paper eq. 1 with a two-piece activation).

    Parameters
    ----------
    weight : matrix, shape (n_units, n_inputs)
    bias : vector, shape (n_units,)
    activation : None, "relu", "leaky_relu" or "abs"
        One of :data:`~exactpd.network.activation.ACTIVATIONS`; its meaning
        (the negative slope) is :func:`~exactpd.network.activation.activation_of`.
    negative_slope : number, only for "leaky_relu" (eta, at most 1; default 1/100)
    label : str
        How error messages name this layer (set by :class:`Network` and the file loader).

    Raises
    ------
    InvalidNetworkError
        An unknown activation, a misplaced or too large ``negative_slope``, an
        empty weight, or a bias of the wrong length (the message names the layer).
    NonFiniteWeightError, InvalidWeightError
        A weight that is not a finite number.

    Examples
    --------
    >>> layer = Dense([[1, "1/2"]], [0], "leaky_relu", "1/10")
    >>> layer.weight, layer.negative_slope, layer.n_inputs
    (((Fraction(1, 1), Fraction(1, 2)),), Fraction(1, 10), 2)
    """

    weight: QMatrix
    bias: QVector
    activation: Union[str, None] = None
    negative_slope: Union[Fraction, None] = None
    label: str = field(default="dense layer", compare=False, repr=False)

    def __post_init__(self) -> None:
        where = self.label
        slope = _negative_slope(self.activation, self.negative_slope, where)
        weight = _weights(to_matrix, self.weight, f"{where}: weight")
        bias = _weights(to_vector, self.bias, f"{where}: bias")
        if not weight or not weight[0]:
            raise InvalidNetworkError(f"{where}: weight is empty")
        if len(bias) != len(weight):
            raise InvalidNetworkError(f"{where}: bias has {len(bias)} entries, weight has {len(weight)} rows")
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "bias", bias)
        object.__setattr__(self, "negative_slope", slope)

    def __repr__(self) -> str:
        return layer_repr(self)

    kind = "dense"

    @property
    def n_inputs(self) -> int:
        """The input width (columns of the weight)."""
        return len(self.weight[0])

    @property
    def n_outputs(self) -> int:
        """The number of units (rows of the weight)."""
        return len(self.weight)


@dataclass(frozen=True)
class MaxPool:
    """Max-pooling over groups of features: unit k outputs ``max_{i in groups[k]} z_i`` (a MASO layer, paper eq. 1).

    The piece index r of unit k is the position in ``groups[k]``.

    Parameters
    ----------
    groups : sequence of sequences of int
        The feature indices of each unit, non-empty.
    label : str
        How error messages name this layer.

    Raises
    ------
    InvalidNetworkError
        An empty group, or an entry that is not a feature index.

    Examples
    --------
    >>> pool = MaxPool([[0, 1], [1, 2, 3]])
    >>> pool.n_inputs, pool.n_outputs
    (4, 2)
    """

    groups: tuple
    label: str = field(default="maxpool layer", compare=False, repr=False)

    def __post_init__(self) -> None:
        where = self.label
        try:
            groups = tuple(tuple(self._index(i, where, k, j) for j, i in enumerate(g)) for k, g in enumerate(self.groups))
        except TypeError:
            raise InvalidNetworkError(f"{where}: groups must be a list of lists of feature indices") from None
        if not groups:
            raise InvalidNetworkError(f"{where}: groups is empty")
        for k, g in enumerate(groups):
            if not g:
                raise InvalidNetworkError(f"{where}: group {k} is empty")
        object.__setattr__(self, "groups", groups)

    @staticmethod
    def _index(value: Any, where: str, k: int, j: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InvalidNetworkError(f"{where}: groups[{k}][{j}] = {value!r} is not a feature index")
        return value

    def __repr__(self) -> str:
        return layer_repr(self)

    kind = "maxpool"

    @property
    def n_inputs(self) -> int:
        """The smallest input width the groups fit in."""
        return 1 + max(max(g) for g in self.groups)

    @property
    def n_outputs(self) -> int:
        """The number of units (groups)."""
        return len(self.groups)


@dataclass(frozen=True)
class Maso:
    """A general MASO layer, paper eq. (1): ``z_k = max_r <slopes[k][r], z> + offsets[k][r]``.

    ``slopes`` is A[k][r][d] (unit k, piece r, input coordinate d); ``offsets`` is B[k][r].
    Units may have different numbers of pieces R_k.  Ties are broken towards
    the lowest piece index r.

    Parameters
    ----------
    slopes : nested sequence A[k][r][d]
    offsets : nested sequence B[k][r]
    label : str
        How error messages name this layer.

    Raises
    ------
    InvalidNetworkError
        Empty or ragged slopes, or offsets that do not match them.

    Examples
    --------
    >>> layer = Maso([[[1, 0], [0, 1], [0, 0]]], [[0, 0, -1]])
    >>> layer.n_inputs, layer.n_outputs, len(layer.slopes[0])
    (2, 1, 3)
    """

    slopes: tuple
    offsets: tuple
    label: str = field(default="maso layer", compare=False, repr=False)

    def __post_init__(self) -> None:
        where = self.label
        slopes_in = self._units(self.slopes, f"{where}: slopes must be a list A[k][r][d]")
        n_units = len(slopes_in)
        if n_units == 0:
            raise InvalidNetworkError(f"{where}: slopes is empty")
        slopes = tuple(_weights(to_matrix, slopes_in[k], f"{where}: slopes[{k}]") for k in range(n_units))
        offsets_in = self._units(self.offsets, f"{where}: offsets must be a list B[k][r]")
        if len(offsets_in) != n_units:
            raise InvalidNetworkError(f"{where}: offsets has {len(offsets_in)} units, slopes has {n_units}")
        offsets = tuple(_weights(to_vector, offsets_in[k], f"{where}: offsets[{k}]") for k in range(n_units))
        widths = set()
        for k in range(n_units):
            if not slopes[k]:
                raise InvalidNetworkError(f"{where}: unit {k} has no pieces")
            if len(offsets[k]) != len(slopes[k]):
                raise InvalidNetworkError(
                    f"{where}: unit {k} has {len(slopes[k])} slope rows and {len(offsets[k])} offsets"
                )
            widths.add(len(slopes[k][0]))
        if len(widths) != 1 or 0 in widths:
            raise InvalidNetworkError(f"{where}: slopes rows have unequal or zero lengths {sorted(widths)}")
        object.__setattr__(self, "slopes", slopes)
        object.__setattr__(self, "offsets", offsets)

    @staticmethod
    def _units(value: Any, message: str) -> Sequence:
        """The per-unit list of ``slopes`` or ``offsets`` (a list, tuple or array)."""
        if hasattr(value, "tolist") and not isinstance(value, (list, tuple)):  # numpy arrays
            value = value.tolist()
        if not isinstance(value, (list, tuple)):
            raise InvalidNetworkError(message)
        return value

    def __repr__(self) -> str:
        return layer_repr(self)

    kind = "maso"

    @property
    def n_inputs(self) -> int:
        """The input width (entries of each slope)."""
        return len(self.slopes[0][0])

    @property
    def n_outputs(self) -> int:
        """The number of units."""
        return len(self.slopes)


def _positive_int(value: Any, what: str, where: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidNetworkError(f"{where}: {what} must be an integer >= {minimum}, got {value!r}")
    return value


def _pair(value: Any, what: str, where: str, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints (as PyTorch accepts for kernel sizes, strides, paddings)."""
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise InvalidNetworkError(f"{where}: {what} must be an integer or a pair, got {value!r}")
        return (_positive_int(value[0], what, where, minimum), _positive_int(value[1], what, where, minimum))
    value = _positive_int(value, what, where, minimum)
    return (value, value)


def _output_size(size: int, kernel: int, stride: int, padding: int, dilation: int, ceil_mode: bool = False) -> int:
    """PyTorch's output length of a convolution or pooling window sweep (0 or less: the window does not fit)."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    if span < 0:
        return 0
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:  # the last window must start inside the input or left padding
        out -= 1
    return out


def _windows(
    height: int,
    width: int,
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[int, int],
    dilation: tuple[int, int],
    out_shape: tuple[int, int],
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """For every output position (row-major), the in-bounds taps ``(kernel index, input position)``.

    The kernel index is ``kh * kernel_width + kw`` and the input position
    ``h * width + w``; taps that fall in the zero padding are left out.
    """
    result = []
    for i in range(out_shape[0]):
        for j in range(out_shape[1]):
            taps = []
            for a in range(kernel[0]):
                h = i * stride[0] - padding[0] + a * dilation[0]
                if 0 <= h < height:
                    for b in range(kernel[1]):
                        w = j * stride[1] - padding[1] + b * dilation[1]
                        if 0 <= w < width:
                            taps.append((a * kernel[1] + b, h * width + w))
            result.append(tuple(taps))
    return tuple(result)


def _conv_weight(value: Any, where: str) -> tuple:
    """A Conv2d weight ``weight[o][c][kh][kw]`` as exact nested tuples, every kernel the same non-empty shape."""
    kernels = Maso._units(value, f"{where}: weight must be a list weight[o][c][kh][kw]")
    weight = tuple(
        tuple(
            _weights(to_matrix, kernel, f"{where}: weight[{o}][{c}]")
            for c, kernel in enumerate(Maso._units(per_out, f"{where}: weight[{o}] must be a list of kernels"))
        )
        for o, per_out in enumerate(kernels)
    )
    if not weight:
        raise InvalidNetworkError(f"{where}: weight is empty")
    shapes = {(len(w), len(w[0]) if w else 0, len(w[0][0]) if w and w[0] else 0) for w in weight}
    if len(shapes) != 1 or 0 in next(iter(shapes)):
        raise InvalidNetworkError(f"{where}: weight kernels have unequal or empty shapes {sorted(shapes)}")
    return weight


def _check_conv_shapes(weight: tuple, bias: QVector, shape: tuple, stride: tuple, padding: tuple, dilation: tuple,
                       groups: int, where: str) -> None:
    """The channels, groups, bias and kernel of a Conv2d fit each other and its (C, H, W) input."""
    per_group, kh, kw = len(weight[0]), len(weight[0][0]), len(weight[0][0][0])
    if shape[0] % groups or len(weight) % groups:
        raise InvalidNetworkError(
            f"{where}: groups = {groups} must divide the {shape[0]} input and {len(weight)} output channels"
        )
    if per_group != shape[0] // groups:
        raise InvalidNetworkError(
            f"{where}: weight has {per_group} input channels per kernel, expected {shape[0]} / groups = {shape[0] // groups}"
        )
    if len(bias) != len(weight):
        raise InvalidNetworkError(f"{where}: bias has {len(bias)} entries, weight has {len(weight)} output channels")
    for axis in (0, 1):
        if _output_size(shape[1 + axis], (kh, kw)[axis], stride[axis], padding[axis], dilation[axis]) < 1:
            raise InvalidNetworkError(
                f"{where}: the {(kh, kw)} kernel (dilation {dilation}, padding {padding}) does not fit "
                f"the {shape[1:]} input"
            )


@dataclass(frozen=True)
class Conv2d:
    """A 2-D convolution ``z -> act(conv(z) + b)`` on images of shape ``input_shape`` = (C, H, W).

    As ``torch.nn.Conv2d`` with zero padding: output channel ``o`` (in group
    ``g = o // (C_out / groups)``) at position (i, j) is
    ``b[o] + sum_{c, a, b'} weight[o][c][a][b'] * z[g * C / groups + c][i s_0 - p_0 + a d_0][j s_1 - p_1 + b' d_1]``,
    entries outside the image being 0.  Input and output are flattened in
    (channel, row, column) order, so the layer is the affine map of a (sparse)
    matrix with ``n_outputs`` rows and ``n_inputs`` columns; exactpd keeps the
    kernel and never builds that matrix in the forward pass
    (:func:`exactpd.network.maso.maso_layers` builds it, for small layers only).

    Parameters
    ----------
    weight : nested sequence, shape (C_out, C / groups, kH, kW)
    bias : vector, shape (C_out,)
    input_shape : (C, H, W)
    stride, padding, dilation : int or pair of ints (>= 1, >= 0, >= 1)
    groups : int, dividing C and C_out
    activation, negative_slope : as for :class:`Dense`
    label : str
        How error messages name this layer.

    Examples
    --------
    >>> conv = Conv2d([[[[1, -1]]]], [0], input_shape=(1, 2, 3), activation="relu")
    >>> conv.output_shape, conv.n_inputs, conv.n_outputs
    ((1, 2, 2), 6, 4)
    """

    weight: tuple
    bias: QVector
    input_shape: tuple
    stride: Any = 1
    padding: Any = 0
    dilation: Any = 1
    groups: int = 1
    activation: Union[str, None] = None
    negative_slope: Union[Fraction, None] = None
    label: str = field(default="conv2d layer", compare=False, repr=False)

    def __post_init__(self) -> None:
        where = self.label
        slope = _negative_slope(self.activation, self.negative_slope, where)
        shape = self.input_shape
        if not isinstance(shape, (list, tuple)) or len(shape) != 3:
            raise InvalidNetworkError(f"{where}: input_shape must be (channels, height, width), got {shape!r}")
        shape = tuple(_positive_int(n, "input_shape", where) for n in shape)
        stride = _pair(self.stride, "stride", where, 1)
        padding = _pair(self.padding, "padding", where, 0)
        dilation = _pair(self.dilation, "dilation", where, 1)
        groups = _positive_int(self.groups, "groups", where)
        weight = _conv_weight(self.weight, where)
        bias = _weights(to_vector, self.bias, f"{where}: bias")
        _check_conv_shapes(weight, bias, shape, stride, padding, dilation, groups, where)
        for name, value in (("weight", weight), ("bias", bias), ("input_shape", shape), ("stride", stride),
                            ("padding", padding), ("dilation", dilation), ("negative_slope", slope)):
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return layer_repr(self)

    kind = "conv2d"

    @property
    def kernel_size(self) -> tuple[int, int]:
        """(kH, kW)."""
        return (len(self.weight[0][0]), len(self.weight[0][0][0]))

    @property
    def output_shape(self) -> tuple[int, int, int]:
        """(C_out, H_out, W_out)."""
        kernel = self.kernel_size
        return (len(self.weight),) + tuple(
            _output_size(self.input_shape[1 + a], kernel[a], self.stride[a], self.padding[a], self.dilation[a])
            for a in (0, 1)
        )

    @property
    def n_inputs(self) -> int:
        """C * H * W, the flattened input width."""
        c, h, w = self.input_shape
        return c * h * w

    @property
    def n_outputs(self) -> int:
        """C_out * H_out * W_out, the flattened output width."""
        c, h, w = self.output_shape
        return c * h * w

    def windows(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """For every output position (row-major), its in-bounds taps ``(kh * kW + kw, h * W + w)``.

        Taps that fall in the zero padding are left out.

        Returns
        -------
        tuple of tuple of (int, int)

        Examples
        --------
        >>> Conv2d([[[[1, -1]]]], [0], input_shape=(1, 1, 3)).windows()
        (((0, 0), (1, 1)), ((0, 1), (1, 2)))
        """
        _, height, width = self.input_shape
        return _windows(height, width, self.kernel_size, self.stride, self.padding, self.dilation, self.output_shape[1:])


def pool_output_shape(
    input_shape: Sequence[int], kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
    ceil_mode: bool = False, where: str = "pool layer",
) -> tuple[int, int, int]:
    """The (C, H_out, W_out) of a 2-D pooling layer, by PyTorch's rule.

    Parameters
    ----------
    input_shape : (C, H, W)
    kernel_size, stride, padding, dilation : int or pair of ints
        ``stride`` defaults to ``kernel_size``.
    ceil_mode : bool
    where : str
        How error messages name the layer.

    Returns
    -------
    (int, int, int)

    Raises
    ------
    InvalidNetworkError
        Padding above half the kernel, or a window that does not fit.

    Examples
    --------
    >>> pool_output_shape((3, 5, 5), 2), pool_output_shape((3, 5, 5), 2, ceil_mode=True)
    ((3, 2, 2), (3, 3, 3))
    """
    kernel = _pair(kernel_size, "kernel_size", where, 1)
    stride = kernel if stride is None else _pair(stride, "stride", where, 1)
    padding = _pair(padding, "padding", where, 0)
    dilation = _pair(dilation, "dilation", where, 1)
    if any(2 * p > k for p, k in zip(padding, kernel)):
        raise InvalidNetworkError(f"{where}: padding {padding} must be at most half the kernel size {kernel}")
    out = tuple(
        _output_size(input_shape[1 + a], kernel[a], stride[a], padding[a], dilation[a], ceil_mode) for a in (0, 1)
    )
    if min(out) < 1:
        raise InvalidNetworkError(f"{where}: the {kernel} window does not fit the {tuple(input_shape[1:])} input")
    return (input_shape[0],) + out


def max_pool2d(
    input_shape: Sequence[int], kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
    ceil_mode: bool = False, label: str = "maxpool layer",
) -> "MaxPool":
    """2-D max pooling (as ``torch.nn.MaxPool2d``) as a :class:`MaxPool` over the windows.

    Parameters
    ----------
    input_shape : (C, H, W)
    kernel_size, stride, padding, dilation : int or pair of ints (stride defaults to kernel_size)
    ceil_mode : bool
    label : str

    Returns
    -------
    MaxPool
        One group per channel and output position, in (channel, row, column)
        order; group members are the window's in-bounds features in row-major
        order (piece r of the unit is the r-th of them).

    Notes
    -----
    PyTorch pads max pooling with -inf.  A -inf entry never attains the max
    (every window holds at least one real entry, since the padding is at most
    half the kernel), so the exact layer simply leaves padded positions out
    of the group: no infinite number ever enters exactpd.

    Examples
    --------
    >>> max_pool2d((1, 2, 3), 2, stride=1).groups
    ((0, 1, 3, 4), (1, 2, 4, 5))
    >>> max_pool2d((1, 2, 2), 2, padding=1).groups
    ((0,), (1,), (2,), (3,))
    """
    channels, height, width = input_shape
    kernel = _pair(kernel_size, "kernel_size", label, 1)
    stride = kernel if stride is None else _pair(stride, "stride", label, 1)
    padding, dilation = _pair(padding, "padding", label, 0), _pair(dilation, "dilation", label, 1)
    out = pool_output_shape(input_shape, kernel, stride, padding, dilation, ceil_mode, label)
    windows = _windows(height, width, kernel, stride, padding, dilation, out[1:])
    plane = height * width
    return MaxPool(tuple(tuple(c * plane + i for _, i in taps) for c in range(channels) for taps in windows), label=label)


def avg_pool2d(
    input_shape: Sequence[int], kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
    count_include_pad: bool = True, label: str = "avgpool layer",
) -> "Conv2d":
    """2-D average pooling (as ``torch.nn.AvgPool2d``) as an exact depthwise :class:`Conv2d`.

    Every window is averaged with the exact weight ``1 / (kH kW)`` (groups = C,
    no bias, no activation).  Pooling whose divisor changes at the border
    (``count_include_pad=False`` with padding, or a ``ceil_mode`` that adds a
    partial window) is not a convolution and is refused.

    Parameters
    ----------
    input_shape : (C, H, W)
    kernel_size, stride, padding : int or pair of ints
        ``stride`` defaults to ``kernel_size``.
    ceil_mode, count_include_pad : bool
        As for ``torch.nn.AvgPool2d``.
    label : str

    Returns
    -------
    Conv2d

    Raises
    ------
    InvalidNetworkError
        A border divisor other than ``kH kW`` (see above), or a window that does not fit.

    Examples
    --------
    >>> pool = avg_pool2d((2, 4, 4), 2)
    >>> pool.output_shape, pool.weight[0][0][0][0]
    ((2, 2, 2), Fraction(1, 4))
    """
    channels = input_shape[0]
    kernel = _pair(kernel_size, "kernel_size", label, 1)
    stride = kernel if stride is None else _pair(stride, "stride", label, 1)
    padding = _pair(padding, "padding", label, 0)
    out = pool_output_shape(input_shape, kernel, stride, padding, 1, ceil_mode, label)
    if ceil_mode and out != pool_output_shape(input_shape, kernel, stride, padding, 1, False, label):
        raise InvalidNetworkError(f"{label}: ceil_mode adds a partial window whose divisor is not kH*kW; not supported")
    if any(padding) and not count_include_pad:
        raise InvalidNetworkError(
            f"{label}: count_include_pad=False with padding {padding} divides border windows differently; not supported"
        )
    share = Fraction(1, kernel[0] * kernel[1])
    kernel_rows = ((share,) * kernel[1],) * kernel[0]
    return Conv2d(((kernel_rows,),) * channels, (Fraction(0),) * channels, tuple(input_shape), stride, padding,
                  groups=channels, label=label)


Layer = Union[Dense, Conv2d, MaxPool, Maso]


@dataclass(frozen=True)
class Network:
    """A feed-forward piecewise-affine network on R^input_dim.

    Consecutive widths are checked: each layer's ``n_inputs`` must equal the
    previous layer's ``n_outputs`` (for :class:`MaxPool`, the groups must fit in it).

    Parameters
    ----------
    input_dim : int
        D, the input dimension (positive).
    layers : sequence of Dense, Conv2d, MaxPool or Maso
        Applied in order.

    Attributes
    ----------
    input_dim : int
    layers : tuple
    output_dim : int
        The width of the last layer.
    nonlinear_layers : tuple of int
        The indices of the layers that carry an activation code.
    maso : MasoForm
        The canonical max-affine form (eq. 1), built once on first use.

    Raises
    ------
    InvalidNetworkError
        A bad ``input_dim``, a layer of another type, or widths that do not chain.

    Examples
    --------
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "1/3"], "relu"), Dense([[1, 1]], [0])])
    >>> net.output_dim, net.nonlinear_layers
    (1, (0,))
    >>> Network(2, [Dense([[1, 0, 0]], [0])])
    Traceback (most recent call last):
    ...
    exactpd.errors.InvalidNetworkError: layer 0 (dense): weight has 3 columns, the layer input has 2 features
    """

    input_dim: int
    layers: tuple = ()

    def __post_init__(self) -> None:
        if isinstance(self.input_dim, bool) or not isinstance(self.input_dim, int) or self.input_dim < 1:
            raise InvalidNetworkError(f"input_dim must be a positive integer, got {self.input_dim!r}")
        layers = tuple(self.layers)
        width = self.input_dim
        for index, layer in enumerate(layers):
            if not isinstance(layer, (Dense, Conv2d, MaxPool, Maso)):
                raise InvalidNetworkError(
                    f"layer {index}: expected Dense, Conv2d, MaxPool or Maso, got {type(layer).__name__}"
                )
            where = f"layer {index} ({layer.kind})"
            if isinstance(layer, MaxPool):
                if layer.n_inputs > width:
                    raise InvalidNetworkError(
                        f"{where}: groups use feature {layer.n_inputs - 1}, the layer input has {width} features"
                    )
            elif layer.n_inputs != width:
                what = {"dense": "weight has", "conv2d": "input_shape has", "maso": "slopes have"}[layer.kind]
                unit = "features" if isinstance(layer, Conv2d) else "columns"
                raise InvalidNetworkError(f"{where}: {what} {layer.n_inputs} {unit}, the layer input has {width} features")
            width = layer.n_outputs
        object.__setattr__(self, "layers", layers)

    def __repr__(self) -> str:
        """``Network(2 -> 6 relu -> 6 relu -> 1)`` (:func:`exactpd.network.summary.network_repr`)."""
        return network_repr(self)

    def __str__(self) -> str:
        """One line per layer with its parameter count (:func:`exactpd.network.summary.network_description`)."""
        return network_description(self)

    def _repr_html_(self) -> str:
        return network_html(self)

    def __getstate__(self) -> dict:
        """The fields only: the forms cached on first use (:attr:`maso`) are rebuilt, not pickled."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @cached_property
    def maso(self):
        """The canonical max-affine form (paper eq. 1), built on first use and kept (:func:`exactpd.network.maso.maso_form`).

        Every computation that needs the MASO layers reads this one form
        (:func:`~exactpd.network.maso.maso_layers`, :func:`~exactpd.network.maso.output_map`).

        Raises
        ------
        InvalidNetworkError
            A Conv2d layer too large for its dense form.

        Examples
        --------
        >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, 0], "relu"), Dense([[1, 1]], [0])])
        >>> net.maso is net.maso, len(net.maso.layers)
        (True, 1)
        """
        from exactpd.network.maso import maso_form

        return maso_form(self)

    @cached_property
    def _integer_stages(self) -> tuple:
        """The exact integer stages of the forward pass, built on first use and kept (:mod:`exactpd.network.forward_pass`)."""
        from exactpd.network.forward_pass import integer_stages

        return integer_stages(self)

    @property
    def output_dim(self) -> int:
        """The width of the last layer (``input_dim`` for a network without layers)."""
        return self.layers[-1].n_outputs if self.layers else self.input_dim

    @property
    def nonlinear_layers(self) -> tuple[int, ...]:
        """Indices of the layers that carry an activation code (all but affine Dense and Conv2d layers)."""
        return tuple(
            i for i, layer in enumerate(self.layers) if not (isinstance(layer, (Dense, Conv2d)) and layer.activation is None)
        )
