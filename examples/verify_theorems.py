"""Check the paper's results on one network, exactly (exactpd.verify, also `exactpd verify NET.json`).

    python examples/verify_theorems.py [OUTDIR]      (default OUTDIR: out/)

A two-layer ReLU network with orthogonal first-layer rows, so that
Propositions 5 and 6 apply as well as Lemmas 1, 5, 7, Theorems 1-4, 6, 7,
eq. (20) and the errata, which are shown on the network (printed form next to
the corrected one).  Prints one line per result and writes OUTDIR/verify.txt
and the picture of the decision boundary whose bends Proposition 5 predicts.
"""

import sys
from pathlib import Path

import exactpd as epd

out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
out.mkdir(parents=True, exist_ok=True)

net = epd.Network(2, [
    epd.Dense([[1, 1], [-1, 1]], [0, "-1/2"], "relu"),
    epd.Dense([[1, "1/2"]], ["-1/2"]),
])
domain = epd.box([-2, -2], [2, 2])
results = epd.verify(net, domain)

lines = []
for result in results:
    status = "holds" if result.holds else "FAILS"
    if not result.applicable:
        status = "n/a"
    lines.append(f"{result.id:16s} {status:6s} {result.evidence}")
print("\n".join(lines))
(out / "verify.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
assert all(result.holds for result in results)

epd.plot_decision_boundary(epd.enumerate_regions(net, domain)).savefig(out / "verify_boundary.png", dpi=120)
print(f"all {len(results)} checks hold ({sum(not r.applicable for r in results)} not applicable); "
      f"wrote {out / 'verify.txt'} and {out / 'verify_boundary.png'}")
