"""The decision boundary and its bends (paper section 5, eq. 26, Proposition 5 and errata E1).

    python examples/decision_boundary.py [OUTDIR]      (default OUTDIR: out/)

On every region the network's output is affine, f(x) = <a, x> + c, so the
decision boundary {f = 0} is a chain of straight pieces that bend where they
cross a facet: cos theta = <a_u, a_v> / (||a_u|| ||a_v||) (eq. 26).

For a two-layer ReLU network whose first-layer rows are orthogonal,
Proposition 5 gives the bend in closed form.  With a_d = (W2_d)^2 ||W1_d||^2
and S the sum of a_d over the other active units, the correct value is
cos theta = sqrt(S / (S + a_d')); the paper prints (1 + |W2_d'| ||W1_d'|| /
sum |W2_d| ||W1_d||)^-1 (errata E1).  The script compares both with the exact
bends, then draws the boundary of the built-in demo network too.
"""

import math
import sys
from fractions import Fraction
from pathlib import Path

import exactpd as epd
from exactpd.boundary.decision import bend_degrees_float, decision_boundary

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

W1, W2 = [[1, 0], [0, 2]], [1, 1]
net = epd.Network(2, [epd.Dense(W1, [0, 0], "relu"), epd.Dense([W2], [-1])])
partition = epd.enumerate_regions(net, epd.box([-2, -2], [2, 2]))
boundary = decision_boundary(partition)
a = [Fraction(w2) ** 2 * sum(Fraction(v) ** 2 for v in w1) for w1, w2 in zip(W1, W2)]

print(f"{len(boundary.pieces)} pieces, {len(boundary.bends)} bends")
for bend in boundary.bends:
    edge = partition.edges[bend.edge]
    ((_, unit),) = edge.flips
    on = next(partition[i] for i in (edge.u, edge.v) if partition[i].code[0][unit] == 1)
    S = sum(a[d] for d in range(len(a)) if d != unit and on.code[0][d] == 1)
    corrected = S / (S + a[unit])  # cos^2 theta, exact
    printed = 1 / (1 + math.sqrt(a[unit]) / sum(math.sqrt(a[d]) for d in range(len(a)) if d != unit and on.code[0][d] == 1))
    print(f"  bend across unit {unit}: cos^2 = {bend.cos2} ({bend_degrees_float(bend):.2f} degrees); "
          f"corrected Prop. 5: {corrected} {'(equal)' if corrected == bend.cos2 else '(DIFFERENT)'}; "
          f"printed Prop. 5: cos = {printed:.4f} ({math.degrees(math.acos(printed)):.2f} degrees)")
    assert bend.sign == 1 and corrected == bend.cos2

epd.plot_decision_boundary(partition).savefig(out / "decision_boundary_prop5.png", dpi=120)
demo = epd.enumerate_regions(epd.demo_network(), epd.box([-3, -3], [3, 3]))
epd.plot_decision_boundary(demo).savefig(out / "decision_boundary_demo.png", dpi=120)
print(f"wrote {out / 'decision_boundary_prop5.png'} and {out / 'decision_boundary_demo.png'}")
