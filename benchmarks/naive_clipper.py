"""Baseline for the benchmarks: a naive exact 2-D region enumerator that clips polygons in Fractions.

Start from the box as a polygon; for every layer, every region polygon and
every unit, split the polygon by the unit's line (Sutherland-Hodgman against a
half-plane, exact), keeping the pieces of positive area.  ReLU-family and
max-pool units of a 2-D network only; bounded boxes only.  Not part of the
library: it is the yardstick the issue asks for.
"""

from __future__ import annotations

from fractions import Fraction

from exactpd.network.maso import compose, maso_layers, piece_map


def _clip(poly, a, c):
    """The part of convex polygon ``poly`` where a . x + c >= 0 (exact)."""
    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp = a[0] * p[0] + a[1] * p[1] + c
        fq = a[0] * q[0] + a[1] * q[1] + c
        if fp >= 0:
            out.append(p)
        if (fp > 0 and fq < 0) or (fp < 0 and fq > 0):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _area2(poly):
    return sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(poly, poly[1:] + poly[:1]))


def clip_regions(net, low, high):
    """The number of regions of a 2-D network in the box [low, high]^2, by exact polygon clipping."""
    lo, hi = Fraction(low), Fraction(high)
    layers = maso_layers(net)
    cells = [([(lo, lo), (hi, lo), (hi, hi), (lo, hi)], None)]
    for layer in layers:
        new_cells = []
        for poly, current in cells:
            parts = [(poly, ())]
            for k in range(layer.n_units):
                pieces = []
                for a, c in zip(layer.slopes[k], layer.offsets[k]):
                    if current is None:
                        pieces.append((a, c))
                    else:
                        slope = tuple(sum(ai * g for ai, g in zip(a, col)) for col in zip(*current.G))
                        pieces.append((slope, sum(ai * h for ai, h in zip(a, current.h)) + c))
                next_parts = []
                for part, code in parts:
                    for r, (sr, cr) in enumerate(pieces):
                        sub = part
                        for s, (ss, cs) in enumerate(pieces):
                            if s != r and sub:
                                sub = _clip(sub, (sr[0] - ss[0], sr[1] - ss[1]), cr - cs)
                        if len(sub) >= 3 and _area2(sub) != 0:
                            next_parts.append((sub, code + (r,)))
                parts = next_parts
            for part, code in parts:
                own = piece_map(layer, code)
                new_cells.append((part, own if current is None else compose(own, current)))
        cells = new_cells
    return len(cells)
