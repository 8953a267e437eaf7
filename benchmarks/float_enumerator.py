"""Baseline for the benchmarks: exactpd's subdivision algorithm run on floats only, certifying nothing.

The same steps as :mod:`exactpd.enumeration` (layer by layer, unit by unit,
the parent's witness reused, one qhull vertex computation per region to skip
units that miss it, a HiGHS Chebyshev LP otherwise, one redundancy LP per row
at the end), but every decision is a float comparison with a tolerance: what
a float-only tool would do.  It is the yardstick for "the certified path costs
at most 2x a float-only run of the same algorithm".  Not part of the library.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import HalfspaceIntersection

from exactpd.hints.highs import highs_solver as _highs, load_model as _highs_load, solve_model as _highs_solve
from exactpd.network.maso import maso_layers

TOL = 1e-9


def _chebyshev(A, b):
    """(radius, centre) of the largest ball in {A x <= b}, capped at 1, by HiGHS."""
    norms = np.linalg.norm(A, axis=1)
    d = A.shape[1]
    A_ext = np.vstack([np.hstack([A, norms[:, None]]), np.eye(1, d + 1, d)])
    b_ext = np.concatenate([b, [1.0]])
    h = _highs()
    _highs_load(h, np.eye(1, d + 1, d)[0], A_ext, b_ext)
    hint = _highs_solve(h)
    if hint is None:
        return -1.0, None
    return hint.x_hint[d], hint.x_hint[:d]


def _misses(A, b, witness, rows, rhs):
    """Per row, whether {row . x <= rhs} misses the interior of {A x <= b} (float vertices; None = unknown)."""
    d = A.shape[1]
    if d < 2:
        return [None] * len(rows)
    reach = 1e6 * (1 + np.abs(witness).max())
    box_A = np.vstack([np.eye(d), -np.eye(d)])
    box_b = np.concatenate([witness + reach, reach - witness])
    try:
        hs = HalfspaceIntersection(np.hstack([np.vstack([A, box_A]), -np.concatenate([b, box_b])[:, None]]), witness)
    except Exception:
        return [None] * len(rows)
    values = hs.intersections @ np.asarray(rows).T - np.asarray(rhs)
    return list(values.min(axis=0) > TOL)


def _facets(A, b):
    kept = []
    h = _highs()
    for i in range(A.shape[0]):
        others = np.arange(A.shape[0]) != i
        A_i = np.vstack([A[others], A[i]])
        b_i = np.concatenate([b[others], [b[i] + 1]])
        _highs_load(h, A[i].copy(), A_i, b_i)
        hint = _highs_solve(h)
        if hint is not None and hint.value_hint > b[i] + TOL:
            kept.append(i)
    return kept


def float_regions(net, lows, highs) -> int:
    """The number of regions in the box, by the float-only subdivision (see the module doc)."""
    layers = maso_layers(net)
    d = net.input_dim
    A0 = np.vstack([np.eye(d), -np.eye(d)])
    b0 = np.concatenate([np.asarray(highs, float), -np.asarray(lows, float)])
    cells = [(A0, b0, (np.asarray(lows, float) + np.asarray(highs, float)) / 2, np.eye(d), np.zeros(d))]
    for layer in layers:
        slopes = [np.array([[float(v) for v in row] for row in unit]) for unit in layer.slopes]
        offsets = [np.array([float(v) for v in unit]) for unit in layer.offsets]
        new_cells = []
        for A, b, w, G, h in cells:
            pieces = [(S @ G, S @ h + B) for S, B in zip(slopes, offsets)]
            winners = [int(np.argmax(P @ w + c)) for P, c in pieces]
            rows, rhs, owner = [], [], []
            for k, ((P, c), r) in enumerate(zip(pieces, winners)):
                for s in range(len(c)):
                    if s != r:
                        rows.append(P[r] - P[s])
                        rhs.append(c[s] - c[r])
                        owner.append(k)
            missing = _misses(A, b, w, rows, rhs) if rows else []
            fixed = {k: winners[k] for k in range(len(pieces))}
            for k, miss in zip(owner, missing):
                if not miss:
                    fixed.pop(k, None)
            parts = [(A, b, w, ())]
            for k, (P, c) in enumerate(pieces):
                if k in fixed:
                    parts = [(A_, b_, w_, code + (fixed[k],)) for A_, b_, w_, code in parts]
                    continue
                new_parts = []
                for A_, b_, w_, code in parts:
                    for r in range(len(c)):
                        others = [s for s in range(len(c)) if s != r]
                        A_r = np.vstack([A_] + [P[s] - P[r] for s in others])
                        b_r = np.concatenate([b_, [c[r] - c[s] for s in others]])
                        if all(A_r[len(b_):] @ w_ < b_r[len(b_):] - TOL):
                            new_parts.append((A_r, b_r, w_, code + (r,)))
                            continue
                        radius, centre = _chebyshev(A_r, b_r)
                        if radius > TOL:
                            new_parts.append((A_r, b_r, centre, code + (r,)))
                parts = new_parts
            for A_, b_, w_, code in parts:
                sel = np.array([S[r] for S, r in zip(slopes, code)])
                off = np.array([B[r] for B, r in zip(offsets, code)])
                new_cells.append((A_, b_, w_, sel @ G, sel @ h + off))
        cells = new_cells
    for A, b, *_ in cells:
        _facets(A, b)
    return len(cells)
