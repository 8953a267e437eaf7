"""Complex engine vs LP engine vs the float edge-subdivision peer, on the networks of issue 11.

Usage::

    python benchmarks/bench_complex.py                      # complex and LP engines, rows 1-4
    python benchmarks/bench_complex.py --rows 1 2 3 4 5     # the 381k-region row too (long)
    python benchmarks/bench_complex.py --peer /tmp/relu_edge_subdivision

Every timing runs in its own subprocess (same machine, same run, one after
the other), so peak memory is that process's own: ``peak MB`` is the peak
resident set minus the resident set after imports, network construction and
the warm-up.  Before the timed call, each side (complex, LP, peer) makes the
same call once on a tiny network of the same input dimension (``D-3-1``), so
that imports and lazy initialisation (numpy.ma, torch's first kernels, ...),
paid once per process, are not timed; ``--cold`` times the first call instead.
The complex engine and the peer are timed ``--repeat`` times (default 3; once on
row 5) and the fastest is kept; the LP engine once.  Every side runs on one thread
(``OPENBLAS_NUM_THREADS=1`` and the like for numpy's BLAS, ``torch.set_num_threads(1)``
for the peer): on this shared 2-core machine a second BLAS thread mostly waits.
The LP engine gets ``--lp-timeout`` seconds (default 150) per row.  The
timed call is ``enumerate_regions(net, box, engine=...)`` returning the
Partition (edges included; maps and sites are derived on first access).
The peer (Berzins, ICML 2023, arturs-berzins/relu_edge_subdivision; run from
a checkout given with ``--peer``, never vendored) is timed on
``skeletal_subdivision(f, bbox, device="cpu")`` with the same weights, in its
own torch arithmetic: float64 (``peer64``: its weights and values in float64, so every vertex
it makes) and, with ``--peer32``, also its default float32; it returns vertices and edges, not regions.

Networks: random He-scaled, weights N(0, 1/fan_in), biases N(0, 0.25)
(standard deviation 0.5), numpy seed 0, converted exactly to rationals.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

ROWS = {
    1: ((2, 16, 16, 16, 1), 4),
    2: ((2, 32, 32, 32, 1), 4),
    3: ((3, 16, 16, 1), 2),
    4: ((5, 10, 10, 1), 1),
    5: ((3, 64, 64, 64, 1), 2),
}


def weights(widths, seed=0):
    rng = np.random.default_rng(seed)
    out = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        out.append((rng.normal(0, 1 / np.sqrt(fan_in), (fan_out, fan_in)), rng.normal(0, 0.5, fan_out)))
    return out


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def worker(kind: str, row: int, peer: str | None, progress: bool = False, warm: bool = True, repeat: int = 1) -> dict:
    widths, radius = ROWS[row]
    params = weights(widths)
    tiny = (widths[0], 3, 1)  # the warm-up network (imports, lazy initialisation: paid once per process)
    if kind.startswith("peer"):
        sys.path.insert(0, peer)
        import torch
        from NN import Net
        from edge_subdivision import skeletal_subdivision

        torch.set_num_threads(1)
        if kind == "peer64":
            # float64 throughout: the weights, the values, and the vertices (the peer rounds its
            # starting box to float32, exact here; every new vertex is then computed in float64)
            torch.set_default_dtype(torch.float64)

            class Net64(Net):
                def eval_block(self, x, device="cpu"):
                    return super().eval_block(x.double(), device)

            make = Net64
        else:
            make = Net
        f = make(ks=list(widths))
        with torch.no_grad():
            for fc, (W, b) in zip(f.fcs, params):
                fc.weight.copy_(torch.tensor(W))
                fc.bias.copy_(torch.tensor(b))
            if warm:
                skeletal_subdivision(make(ks=list(tiny)), bbox=(-radius, radius), device="cpu", verbose=False)
        base = _rss_mb()
        seconds, vs, edges = float("inf"), None, None
        for _ in range(repeat):
            vs = edges = None
            start = time.perf_counter()
            with torch.no_grad():
                vs, edges, _ = skeletal_subdivision(f, bbox=(-radius, radius), device="cpu", verbose=False)
            seconds = min(seconds, time.perf_counter() - start)
        result = {"seconds": seconds, "vertices": len(vs), "edges": len(edges)}
    else:
        import exactpd as epd

        layers = [epd.Dense(W.tolist(), b.tolist(), "relu" if i < len(params) - 1 else None) for i, (W, b) in enumerate(params)]
        net = epd.Network(widths[0], layers)
        domain = epd.box([-radius] * widths[0], [radius] * widths[0])
        stats = epd.EnumerationStats()
        if warm:
            small = [epd.Dense(W.tolist(), b.tolist(), "relu" if i == 0 else None) for i, (W, b) in enumerate(weights(tiny, 1))]
            epd.enumerate_regions(epd.Network(widths[0], small), domain, engine=kind, progress=False)
        base = _rss_mb()
        seconds, part = float("inf"), None
        for _ in range(repeat if kind == "complex" else 1):  # the LP engine once (seconds to minutes)
            stats, part = epd.EnumerationStats(), None  # one partition alive at a time: the peak is one call's
            start = time.perf_counter()
            part = epd.enumerate_regions(net, domain, engine=kind, stats=stats, progress=progress)
            seconds = min(seconds, time.perf_counter() - start)
        result = {"seconds": seconds, "regions": len(part), "edges": len(part.edges), "exact_signs": stats.exact_signs}
        if kind == "complex":
            result["vertices"] = len(part.complex._run.cells.X)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base
    return result


def run(kind: str, row: int, peer: str | None, timeout: float | None, progress: bool = False, warm: bool = True, repeat: int = 1) -> dict | None:
    cmd = [sys.executable, __file__, "--worker", kind, "--row", str(row), "--repeat", str(repeat)] + (["--peer", peer] if peer else [])
    cmd += (["--progress"] if progress else []) + ([] if warm else ["--cold"])
    env = dict(os.environ, **{name: "1" for name in THREAD_VARIABLES})  # one thread per side (the peer: torch.set_num_threads(1))
    try:  # with progress, the worker's bar goes to our stderr
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None if progress else subprocess.PIPE, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print((done.stderr or "")[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--peer", help="path to a checkout of arturs-berzins/relu_edge_subdivision")
    parser.add_argument("--lp-timeout", type=float, default=150.0)
    parser.add_argument("--no-lp", action="store_true")
    parser.add_argument("--progress", action="store_true", help="show the complex engine's progress bar (stderr)")
    parser.add_argument("--cold", action="store_true", help="no warm-up call: time the first call of a fresh process")
    parser.add_argument("--repeat", type=int, default=3, help="time the complex engine and the peer this many times, keep the fastest (rows 1-4)")
    parser.add_argument("--peer32", action="store_true", help="also time the peer in its default float32")
    parser.add_argument("--worker", choices=["complex", "lp", "peer64", "peer32"], help=argparse.SUPPRESS)
    parser.add_argument("--row", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.row, args.peer, args.progress, not args.cold, args.repeat)))
        return
    header = f"{'network, box':<26} {'regions':>8} {'complex s':>10} {'MB/1k reg':>9} {'lp s':>9} {'lp/cx':>7} {'peer s':>8} {'cx/peer':>8}"
    if args.peer32:
        header += f" {'peer32 s':>8} {'cx/p32':>7}"
    print(header)
    for row in args.rows:
        widths, radius = ROWS[row]
        warm, repeat = not args.cold, 1 if row == 5 else args.repeat
        cx = run("complex", row, None, None, args.progress, warm, repeat)
        lp = None if args.no_lp or row == 5 else run("lp", row, None, args.lp_timeout, warm=warm)
        peer = run("peer64", row, args.peer, None, warm=warm, repeat=repeat) if args.peer else None
        peer32 = run("peer32", row, args.peer, None, warm=warm, repeat=repeat) if args.peer and args.peer32 else None
        name = f"{'-'.join(map(str, widths))}, [-{radius},{radius}]^{widths[0]}"
        lp_s = f"{lp['seconds']:.2f}" if lp else (f">{args.lp_timeout:.0f}" if not args.no_lp and row != 5 else "-")
        ratio = f"{lp['seconds'] / cx['seconds']:.0f}x" if lp else (f">{args.lp_timeout / cx['seconds']:.0f}x" if lp_s.startswith(">") else "-")
        peer_s = f"{peer['seconds']:.3f}" if peer else "-"
        peer_ratio = f"{cx['seconds'] / peer['seconds']:.1f}x" if peer else "-"
        if lp and lp["regions"] != cx["regions"]:
            raise SystemExit(f"row {row}: the engines disagree: {lp['regions']} vs {cx['regions']} regions")
        per_k = cx["peak_mb"] / max(1, cx["regions"]) * 1000
        line = f"{name:<26} {cx['regions']:>8} {cx['seconds']:>10.3f} {per_k:>9.1f} {lp_s:>9} {ratio:>7} {peer_s:>8} {peer_ratio:>8}"
        if peer32:
            line += f" {peer32['seconds']:>8.3f} {cx['seconds'] / peer32['seconds']:>6.1f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
