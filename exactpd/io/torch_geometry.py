"""Per-input geometry of a PyTorch model in float64: codes, centroids, power weights, distances (float views).

The float face of :mod:`exactpd.boundary.inputs` (see its docstring for the
mathematics: paper Theorem 2, section 6 and eq. 20): it runs a PyTorch model in
float64 on a batch, centroids by reverse-mode autograd (one vector-Jacobian
product per layer), distances from the Jacobian of every pre-activation. It
handles networks far too large for exact work; its numbers are floats and
decide nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from exactpd.errors import InvalidNetworkError
from exactpd.io.torch import AFFINE_KINDS, import_torch, leaf_modules, module_kind
from exactpd.network.activation import ACTIVATIONS, Activation, parse_activation
from exactpd.network.layers import pool_output_shape

__all__ = ["InputGeometryFloat", "input_geometry_float", "centroid_ranks_float"]


@dataclass(frozen=True)
class InputGeometryFloat:
    """The float geometry of a batch of B inputs, per nonlinear layer (see the module docstring).

    Every array is float64 numpy (codes int64); inputs are flattened to D
    features in (channel, row, column) order.

    Attributes
    ----------
    layer_names : tuple of str
        The module of each nonlinear layer (its name in the Sequential).
    codes : tuple of ndarray, shape (B, n_units)
    centroids : tuple of ndarray, shape (B, D)
        ``J^T 1`` (paper).
    centroids_jtz : tuple of ndarray, shape (B, D)
        ``J^T z`` (the authors' code, erratum E9).
    power_weights : tuple of ndarray, shape (B,)
        rho of each input's cell.
    layer_distances : ndarray, shape (B, L), or None
        Distance to the nearest facet cut by each layer's units (inf: none).
    distances : ndarray, shape (B, L), or None
        Cumulative minimum over layers: the distance to the region boundary (eq. 20).

    Examples
    --------
    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    >>> with torch.no_grad():
    ...     _ = model[0].weight.copy_(torch.tensor([[1.0, 0.0], [1.0, 1.0]]))
    ...     _ = model[0].bias.copy_(torch.tensor([0.0, -4.0]))
    >>> g = input_geometry_float(model, [[1.0, 1.0], [3.0, 2.0]])
    >>> g.layer_names, g.codes[0].tolist(), g.power_weights[0].tolist()
    (('1',), [[1, 0], [1, 1]], [1.0, -3.0])
    """

    layer_names: tuple[str, ...]
    codes: tuple
    centroids: tuple
    centroids_jtz: tuple
    power_weights: tuple
    layer_distances: Any
    distances: Any


def _maxpool_windows(torch: Any, m: Any, tensor: Any, fill: float) -> Any:
    """The windows of a MaxPool2d over ``tensor`` (N, C, H, W), padded with ``fill``: shape (N, C, kH*kW, positions)."""
    F = torch.nn.functional
    pair = torch.nn.modules.utils._pair
    kernel, stride, padding, dilation = pair(m.kernel_size), pair(m.stride), pair(m.padding), pair(m.dilation)
    n, c, height, width = tensor.shape
    _, out_h, out_w = pool_output_shape((c, height, width), kernel, stride, padding, dilation, m.ceil_mode)
    extra = [max(0, (o - 1) * s + d * (k - 1) + 1 - (size + 2 * p))
             for o, s, d, k, size, p in zip((out_h, out_w), stride, dilation, kernel, (height, width), padding)]
    padded = F.pad(tensor, (padding[1], padding[1] + extra[1], padding[0], padding[0] + extra[0]), value=fill)
    windows = F.unfold(padded, kernel, dilation=dilation, stride=stride)
    return windows.reshape(n, c, kernel[0] * kernel[1], -1)[..., : out_h * out_w]


def _pool_codes(torch: Any, m: Any, pre: Any) -> Any:
    """Piece index of each max-pool unit: the position of the first max among the window's in-bounds entries."""
    values = _maxpool_windows(torch, m, pre, float("-inf"))
    inside = _maxpool_windows(torch, m, torch.ones_like(pre), 0.0)
    first = values.argmax(dim=2, keepdim=True)
    return (inside.cumsum(dim=2).gather(2, first).squeeze(2) - 1).long().flatten(1)


def _activation(kind: str, m: Any) -> Activation | None:
    """The exact activation of a ReLU, LeakyReLU or Abs module (its negative slope), None for any other module."""
    if kind not in ACTIVATIONS:
        return None
    return parse_activation(kind, getattr(m, "negative_slope", None), f"module {type(m).__name__}")


def _layer_distance(torch: Any, kind: str, m: Any, pre: Any, tangents: Any) -> Any:
    """Per input, the distance to the nearest facet of one layer's units; ``tangents`` has shape (B, D, *pre.shape[1:])."""
    inf = torch.tensor(float("inf"), dtype=pre.dtype)
    activation = _activation(kind, m)
    if activation is not None:
        if not activation.cuts:
            return inf.expand(pre.shape[0])
        norms = tangents.flatten(2).norm(dim=1)
        ratio = pre.flatten(1).abs() / norms
        return torch.where(norms > 0, ratio, inf).amin(dim=1)
    values = _maxpool_windows(torch, m, pre, float("-inf"))  # (B, C, K, P)
    b, d = tangents.shape[:2]
    grads = _maxpool_windows(torch, m, tangents.reshape(b * d, *tangents.shape[2:]), 0.0)
    grads = grads.reshape(b, d, *grads.shape[1:])  # (B, D, C, K, P)
    first = values.argmax(dim=2, keepdim=True)
    gap = values.gather(2, first) - values
    top_grad = grads.gather(3, first.unsqueeze(1).expand(b, d, *first.shape[1:]))
    norms = (top_grad - grads).norm(dim=1)
    valid = torch.isfinite(values) & (norms > 0)
    return torch.where(valid, gap / torch.where(norms > 0, norms, 1), inf).flatten(1).amin(dim=1)


def _linearized_step(torch: Any, kind: str, m: Any, value: Any, tangent: Any, dim: int) -> tuple[Any, Any]:
    """One module applied to a batch ``value`` (B, ...) and to its Jacobian ``tangent`` (B * D, ...), D = ``dim``.

    On the region of each input the module is affine, so the Jacobian goes
    through its linear part: ``m(t) - m(0)`` for an affine module, the
    derivative of the winning piece for an activation, the winning entry of
    each window for max-pooling.
    """
    out = m(value)
    activation = _activation(kind, m)
    if activation is not None:  # the winning piece's slope: 1 where the pre-activation is > 0, s elsewhere (ties: piece 0)
        slope = torch.where(value > 0, 1.0, float(activation.negative_slope)).to(value.dtype)
        return out, tangent * slope.repeat_interleave(dim, dim=0)
    if kind == "maxpool2d":
        _, index = torch.nn.functional.max_pool2d(
            value, m.kernel_size, m.stride, m.padding, m.dilation, m.ceil_mode, return_indices=True
        )
        index = index.repeat_interleave(dim, dim=0).flatten(2)
        return out, tangent.flatten(2).gather(2, index).reshape(tangent.shape[0], *out.shape[1:])
    return out, m(tangent) - m(torch.zeros_like(tangent[:1]))


def input_geometry_float(module: Any, x_batch: Any, distances: bool = True, chunk_size: int = 8) -> InputGeometryFloat:
    """Codes, centroids, power weights and boundary distances of a batch, per layer, in float64 with PyTorch.

    Parameters
    ----------
    module : torch.nn.Module
        A model :func:`exactpd.io.torch.from_torch` accepts (its nonlinear
        layers are its ReLU, LeakyReLU, Abs and MaxPool2d modules); it is
        copied, made float64 and put in eval mode.
    x_batch : array-like, shape (B, *input_shape)
        The inputs.
    distances : bool
        Compute the distances (eq. 20), which need the Jacobian of every
        pre-activation: the linear part of the network on each input's region
        applied to the D unit vectors (D = input size), D passes per input.
    chunk_size : int
        Inputs per pass (memory: chunk_size * D copies of the activations).

    Returns
    -------
    InputGeometryFloat

    Raises
    ------
    MissingDependencyError
        PyTorch is not installed.
    InvalidNetworkError
        A module that from_torch does not support.

    Notes
    -----
    Codes use exactpd's convention (piece 1 = active side, ties to piece 0;
    max-pool piece = position among the window's in-bounds entries, first
    max), so they equal :func:`exactpd.network.forward_pass.code_at` of ``from_torch(module)``
    on generic inputs.  Centroids: ``mu = J^T 1`` by one backward pass of
    ``sum z^(l)`` per layer, ``J^T z`` by a backward pass with ``z`` as the
    output gradient, ``rho = ||mu||^2 + 2 (1^T z - <mu, x>)``.

    Examples
    --------
    >>> import torch
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU(), torch.nn.Linear(2, 1))
    >>> with torch.no_grad():
    ...     _ = model[0].weight.copy_(torch.tensor([[1.0, 0.0], [1.0, 1.0]]))
    ...     _ = model[0].bias.copy_(torch.tensor([0.0, -4.0]))
    >>> g = input_geometry_float(model, [[1.0, 1.0], [3.0, 2.0]])
    >>> g.centroids[0].tolist(), g.distances.round(6).tolist()
    ([[1.0, 0.0], [2.0, 1.0]], [[1.0], [0.707107]])
    """
    torch = import_torch()
    steps = _supported_steps(module)
    x = torch.as_tensor(x_batch, dtype=torch.float64).detach().clone().requires_grad_(True)
    records = _nonlinear_records(steps, x)
    names = tuple(name for name, kind, _ in steps if kind in _NONLINEAR_KINDS)
    codes, centroids, jtz, weights = _sites_float(torch, x, records, [s for s in steps if s[1] in _NONLINEAR_KINDS])
    layer_d = cumulative = None
    if distances:
        layer_d, cumulative = _distances_float(torch, x, steps, chunk_size)
    return InputGeometryFloat(names, tuple(codes), tuple(centroids), tuple(jtz), tuple(weights), layer_d, cumulative)


_NONLINEAR_KINDS = (*(a for a in ACTIVATIONS if a is not None), "maxpool2d")
"""The module kinds :func:`input_geometry_float` reads as nonlinear layers."""


def _supported_steps(module: Any) -> list:
    """A float64 eval-mode copy of ``module`` as ``(name, kind, module)`` leaves, refused unless affine or nonlinear-supported."""
    model = copy.deepcopy(module).double().eval()
    steps = [(name, module_kind(name, m), m) for name, m in leaf_modules(model)]
    for name, kind, m in steps:
        if kind not in AFFINE_KINDS and kind not in _NONLINEAR_KINDS:
            raise InvalidNetworkError(
                f"input_geometry_float: module '{name}' ({type(m).__name__}) is not supported here; it reads "
                f"affine modules, ReLU, LeakyReLU, Abs and MaxPool2d (use exactpd.input_geometry on from_torch(model))"
            )
    return steps


def _nonlinear_records(steps: list, inputs: Any) -> list:
    """One forward pass: per nonlinear layer, (pre-activation, output)."""
    records, value = [], inputs
    for _, kind, m in steps:
        out = m(value)
        if kind in _NONLINEAR_KINDS:
            records.append((value, out))
        value = out
    return records


def _sites_float(torch: Any, x: Any, records: list, nonlinear_steps: list) -> tuple[list, list, list, list]:
    """Per nonlinear layer: codes, centroids ``mu = J^T 1``, ``J^T z`` and power weights ``rho`` (by backward passes)."""
    flat_x = x.detach().flatten(1)
    codes, centroids, jtz, weights = [], [], [], []
    for (pre, out), (_, kind, m) in zip(records, nonlinear_steps):
        mu = torch.autograd.grad(out.sum(), x, retain_graph=True)[0].flatten(1)
        mu_z = torch.autograd.grad(out, x, grad_outputs=out.detach(), retain_graph=True)[0].flatten(1)
        total = out.detach().flatten(1).sum(dim=1)
        weights.append(((mu * mu).sum(1) + 2 * (total - (mu * flat_x).sum(1))).numpy())
        centroids.append(mu.numpy())
        jtz.append(mu_z.numpy())
        if kind == "maxpool2d":
            codes.append(_pool_codes(torch, m, pre.detach()).numpy())
        elif not _activation(kind, m).cuts:
            codes.append(torch.zeros_like(pre).long().flatten(1).numpy())
        else:
            codes.append((pre.detach() > 0).long().flatten(1).numpy())
    return codes, centroids, jtz, weights


def _distances_float(torch: Any, x: Any, steps: list, chunk_size: int) -> tuple[Any, Any]:
    """Per input, the distance to each nonlinear layer's boundary (eq. 20) and their running minimum, by forward tangents."""
    import numpy as np

    dim = x.detach().flatten(1).shape[1]
    eye = torch.eye(dim, dtype=torch.float64)
    rows = []
    with torch.no_grad():
        for start in range(0, x.shape[0], chunk_size):
            value = x.detach()[start : start + chunk_size]
            b = value.shape[0]
            tangent = eye.repeat(b, 1).reshape(b * dim, *value.shape[1:])
            per_layer = []
            for _, kind, m in steps:
                if kind in _NONLINEAR_KINDS:
                    grad = tangent.reshape(b, dim, *tangent.shape[1:])
                    per_layer.append(_layer_distance(torch, kind, m, value, grad))
                value, tangent = _linearized_step(torch, kind, m, value, tangent, dim)
            rows.append(torch.stack(per_layer, dim=1) if per_layer else torch.zeros(b, 0, dtype=torch.float64))
    layer_d = torch.cat(rows).numpy()
    cumulative = np.minimum.accumulate(layer_d, axis=1) if layer_d.shape[1] else layer_d
    return layer_d, cumulative


def centroid_ranks_float(inputs: Any, centroids: Any) -> Any:
    """The paper's Table-1 rank: for every input n, how many inputs are closer to n's centroid than x_n is.

    Parameters
    ----------
    inputs : array-like, shape (N, D)
    centroids : array-like, shape (N, D)
        ``centroids[n]`` is the centroid of x_n's cell at some layer.

    Returns
    -------
    ndarray of int, shape (N,)
        ``rank[n] = #{j : ||x_j - mu_n||^2 < ||x_n - mu_n||^2}``; 0 means x_n is
        the input nearest to its own centroid.

    Examples
    --------
    >>> centroid_ranks_float([[0.0], [1.0], [3.0]], [[0.9], [1.0], [0.0]]).tolist()
    [1, 0, 2]
    """
    import numpy as np

    x = np.asarray(inputs, dtype=np.float64)
    mu = np.asarray(centroids, dtype=np.float64)
    squared = (mu * mu).sum(1)[:, None] - 2 * mu @ x.T + (x * x).sum(1)[None, :]  # [n, j] = ||x_j - mu_n||^2
    own = np.diagonal(squared)[:, None]
    return (squared < own).sum(axis=1)
