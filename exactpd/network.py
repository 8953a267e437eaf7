"""Networks as the user describes them: a stack of layers, validated and exact.

A :class:`Network` has an ``input_dim`` and a tuple of layers, each one of

- :class:`Dense` — ``z -> act(W z + b)`` with ``activation`` one of ``None``
  (affine), ``"relu"``, ``"leaky_relu"`` (with ``negative_slope`` eta <= 1) or ``"abs"``;
- :class:`MaxPool` — ``z -> (max_{i in P_k} z_i)_k`` over index groups ``P_k``;
- :class:`Maso` — a general max-affine spline operator layer, paper eq. (1):
  ``z_k = max_r <A[k][r], z> + B[k][r]`` given by ``slopes`` A[k][r][d] and
  ``offsets`` B[k][r] (units may have different numbers of pieces R_k).

Every number is converted exactly at construction (:func:`exactpd.rational.to_rational`).
Layer indices start at 0 (layer ``l`` here is layer ``l + 1`` in the paper).
The canonical max-affine form used by every computation is built by
:func:`exactpd.maso.maso_layers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence, Union

from exactpd.errors import (
    ExactpdError,
    InvalidNetworkError,
    InvalidNumberError,
    InvalidWeightError,
    NonFiniteError,
    NonFiniteWeightError,
)
from exactpd.rational import QMatrix, QVector, to_matrix, to_rational, to_vector

__all__ = ["ACTIVATIONS", "Dense", "MaxPool", "Maso", "Layer", "Network"]

ACTIVATIONS = (None, "relu", "leaky_relu", "abs")


def _weights(convert, value: Any, where: str):
    """Run a conversion from :mod:`exactpd.rational`, turning number errors into network errors."""
    try:
        return convert(value, where)
    except NonFiniteError as err:
        raise NonFiniteWeightError(str(err)) from None
    except InvalidNumberError as err:
        raise InvalidWeightError(str(err)) from None
    except ExactpdError as err:  # shape errors from to_matrix
        raise InvalidNetworkError(str(err)) from None


@dataclass(frozen=True)
class Dense:
    """A dense (fully connected) layer ``z -> act(W z + b)``.

    Parameters
    ----------
    weight : matrix, shape (n_units, n_inputs)
    bias : vector, shape (n_units,)
    activation : None, "relu", "leaky_relu" or "abs"
    negative_slope : number, only for "leaky_relu" (eta, at most 1; default 1/100)
    label : str
        How error messages name this layer (set by :class:`Network` and the file loader).
    """

    weight: QMatrix
    bias: QVector
    activation: Union[str, None] = None
    negative_slope: Union[Fraction, None] = None
    label: str = field(default="dense layer", compare=False, repr=False)

    def __post_init__(self) -> None:
        where = self.label
        if self.activation not in ACTIVATIONS:
            raise InvalidNetworkError(
                f"{where}: unknown activation {self.activation!r}; expected one of "
                "null, 'relu', 'leaky_relu', 'abs'"
            )
        weight = _weights(to_matrix, self.weight, f"{where}: weight")
        bias = _weights(to_vector, self.bias, f"{where}: bias")
        if not weight or not weight[0]:
            raise InvalidNetworkError(f"{where}: weight is empty")
        if len(bias) != len(weight):
            raise InvalidNetworkError(f"{where}: bias has {len(bias)} entries, weight has {len(weight)} rows")
        slope = self.negative_slope
        if self.activation == "leaky_relu":
            slope = Fraction(1, 100) if slope is None else _weights(to_rational, slope, f"{where}: negative_slope")
            if slope > 1:
                raise InvalidNetworkError(
                    f"{where}: negative_slope {slope} > 1 makes leaky_relu concave, not a max-affine unit"
                )
        elif slope is not None:
            raise InvalidNetworkError(f"{where}: negative_slope is only for activation 'leaky_relu'")
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "bias", bias)
        object.__setattr__(self, "negative_slope", slope)

    kind = "dense"

    @property
    def n_inputs(self) -> int:
        return len(self.weight[0])

    @property
    def n_outputs(self) -> int:
        return len(self.weight)


@dataclass(frozen=True)
class MaxPool:
    """Max-pooling over groups of features: unit k outputs ``max_{i in groups[k]} z_i``.

    The piece index r of unit k is the position in ``groups[k]``.
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

    kind = "maxpool"

    @property
    def n_inputs(self) -> int:
        """The smallest input width the groups fit in."""
        return 1 + max(max(g) for g in self.groups)

    @property
    def n_outputs(self) -> int:
        return len(self.groups)


@dataclass(frozen=True)
class Maso:
    """A general MASO layer, paper eq. (1): ``z_k = max_r <slopes[k][r], z> + offsets[k][r]``.

    ``slopes`` is A[k][r][d] (unit k, piece r, input coordinate d); ``offsets`` is B[k][r].
    Ties are broken towards the lowest piece index r.
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

    kind = "maso"

    @property
    def n_inputs(self) -> int:
        return len(self.slopes[0][0])

    @property
    def n_outputs(self) -> int:
        return len(self.slopes)


Layer = Union[Dense, MaxPool, Maso]


@dataclass(frozen=True)
class Network:
    """A feed-forward piecewise-affine network on R^input_dim.

    Consecutive widths are checked: each layer's ``n_inputs`` must equal the
    previous layer's ``n_outputs`` (for :class:`MaxPool`, the groups must fit in it).

    Examples
    --------
    >>> net = Network(2, [Dense([[1, 0], [0, 1]], [0, "1/3"], "relu"), Dense([[1, 1]], [0])])
    >>> net.output_dim
    1
    """

    input_dim: int
    layers: tuple = ()

    def __post_init__(self) -> None:
        if isinstance(self.input_dim, bool) or not isinstance(self.input_dim, int) or self.input_dim < 1:
            raise InvalidNetworkError(f"input_dim must be a positive integer, got {self.input_dim!r}")
        layers = tuple(self.layers)
        width = self.input_dim
        for index, layer in enumerate(layers):
            if not isinstance(layer, (Dense, MaxPool, Maso)):
                raise InvalidNetworkError(
                    f"layer {index}: expected Dense, MaxPool or Maso, got {type(layer).__name__}"
                )
            where = f"layer {index} ({layer.kind})"
            if isinstance(layer, MaxPool):
                if layer.n_inputs > width:
                    raise InvalidNetworkError(
                        f"{where}: groups use feature {layer.n_inputs - 1}, the layer input has {width} features"
                    )
            elif layer.n_inputs != width:
                what = "weight has" if isinstance(layer, Dense) else "slopes have"
                raise InvalidNetworkError(f"{where}: {what} {layer.n_inputs} columns, the layer input has {width} features")
            width = layer.n_outputs
        object.__setattr__(self, "layers", layers)

    @property
    def output_dim(self) -> int:
        return self.layers[-1].n_outputs if self.layers else self.input_dim

    @property
    def nonlinear_layers(self) -> tuple[int, ...]:
        """Indices of the layers that carry an activation code (all but affine Dense layers)."""
        return tuple(i for i, layer in enumerate(self.layers) if not (isinstance(layer, Dense) and layer.activation is None))
